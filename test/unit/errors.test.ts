import { describe, expect, it } from 'vitest';
import {
  AskError,
  BusyLoadingError,
  ClusterAllFailedError,
  ClusterDownError,
  ClusterError,
  CrossSlotError,
  classifyErrorReply,
  MovedError,
  ResponseError,
  TooManyRedirectionsError,
  TryAgainError,
  WrongTypeError,
} from '../../src/errors.js';

describe('classifyErrorReply', () => {
  it('parses MOVED with a validated slot and endpoint', () => {
    const err = classifyErrorReply('MOVED 3999 127.0.0.1:6381');
    expect(err).toBeInstanceOf(MovedError);
    expect(err).not.toBeInstanceOf(AskError);
    expect(err).toMatchObject({ slot: 3999, host: '127.0.0.1', port: 6381, code: 'MOVED' });
  });

  it('keeps an empty host (same host) and IPv6 hosts', () => {
    expect(classifyErrorReply('ASK 1 :6380')).toMatchObject({ slot: 1, host: '', port: 6380 });
    expect(classifyErrorReply('MOVED 16383 ::1:7001')).toMatchObject({ slot: 16383, host: '::1', port: 7001 });
    expect(classifyErrorReply('ASK 5 [fe80::1]:7001')).toBeInstanceOf(AskError);
  });

  it('turns bogus redirects into plain response errors that are never followed', () => {
    for (const text of ['MOVED __proto__ x:1', 'MOVED 16384 h:1', 'MOVED 1 h:0', 'MOVED 1 h:65536', 'ASK 1', 'MOVED']) {
      const err = classifyErrorReply(text);
      expect(err).toBeInstanceOf(ResponseError);
      expect(err).not.toBeInstanceOf(MovedError);
    }
  });

  it('maps prefixes to typed errors', () => {
    expect(classifyErrorReply('WRONGTYPE Operation against a key')).toBeInstanceOf(WrongTypeError);
    expect(classifyErrorReply('LOADING Redis is loading')).toBeInstanceOf(BusyLoadingError);
    expect(classifyErrorReply('TRYAGAIN Multiple keys')).toBeInstanceOf(TryAgainError);
    expect(classifyErrorReply('CLUSTERDOWN Hash slot not served')).toBeInstanceOf(ClusterDownError);
    expect(classifyErrorReply('CROSSSLOT Keys')).toBeInstanceOf(CrossSlotError);
    const plain = classifyErrorReply('ERR unknown command');
    expect(plain.constructor).toBe(ResponseError);
    expect(plain.code).toBe('ERR');
  });
});

describe('ClusterError', () => {
  it('covers cluster replies and its own subclasses without widening theirs', () => {
    expect(classifyErrorReply('TRYAGAIN x')).toBeInstanceOf(ClusterError);
    expect(classifyErrorReply('MOVED 1 h:1')).toBeInstanceOf(ClusterError);
    expect(classifyErrorReply('WRONGTYPE x')).not.toBeInstanceOf(ClusterError);
    const many = new TooManyRedirectionsError('too many', [new Error('a')]);
    expect(many).toBeInstanceOf(ClusterError);
    expect(classifyErrorReply('TRYAGAIN x')).not.toBeInstanceOf(TooManyRedirectionsError);
    expect(new ClusterAllFailedError('x', new Map())).not.toBeInstanceOf(TooManyRedirectionsError);
  });
});
