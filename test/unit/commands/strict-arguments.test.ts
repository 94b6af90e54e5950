/**
 * Strict arguments: a call that does not fit a method's parameters or options raises DataError before anything is
 * sent — a redis-py call whose keyword argument lands where this library expects something else must never be
 * silently dropped or misread.
 */
import { describe, expect, it } from 'vitest';
import { checkArguments } from '../../../src/client/runner.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { DataError, StrictRedis, StrictRedisCluster } from '../../../src/index.js';
import { checkOptions, closestName, optionKeys } from '../../../src/option-keys.js';

const check =
  (method: string, ...args: unknown[]) =>
  () =>
    checkArguments(COMMAND_SPECS[method], args);

describe('method arity', () => {
  it('rejects more arguments than the method takes, naming the command', () => {
    expect(check('get', 'k', { signal: 1 })).toThrow(/GET: takes at most 1 argument, got 2/);
    expect(check('strlen', 'a', 'b')).toThrow(DataError);
    expect(check('get', 'k')).not.toThrow();
  });

  it('ignores trailing undefineds that a wrapper forwards', () => {
    expect(check('get', 'k', undefined, undefined)).not.toThrow();
  });

  it('variadic methods take any number of arguments', () => {
    expect(check('delete', 'a', 'b', 'c', 'd')).not.toThrow();
  });
});

describe('options objects', () => {
  it('names an unknown option and suggests the closest known one', () => {
    expect(check('set', 'a', '1', { nxx: true })).toThrow("SET: unknown option 'nxx' (did you mean 'nx'?)");
    expect(check('set', 'a', '1', { exat: 1, keepTTL: true })).toThrow(/did you mean 'keepttl'/);
    expect(check('set', 'a', '1', { zzzzzz: true })).toThrow(/unknown option 'zzzzzz'$/);
  });

  it('refuses a positional value where the options object goes (redis-py set(name, value, ex))', () => {
    expect(check('set', 'a', '1', 10)).toThrow(/SET: expected an options object/);
    expect(check('set', 'a', '1', [10])).toThrow(DataError);
  });

  it('accepts known options and an absent options object', () => {
    expect(check('set', 'a', '1', { ex: 10, nx: true })).not.toThrow();
    expect(check('set', 'a', '1')).not.toThrow();
    expect(check('set', 'a', '1', undefined)).not.toThrow();
  });

  it('never echoes the value of an unknown option', () => {
    try {
      check('set', 'a', '1', { password: 'hunter2' })();
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});

describe('client and cluster options', () => {
  it('StrictRedis rejects an unknown option key with a suggestion', () => {
    expect(() => new StrictRedis({ client_side_cache: true } as never)).toThrow(
      /StrictRedis options: unknown option 'client_side_cache'/,
    );
    expect(() => new StrictRedis({ socket_timeot: 1 } as never)).toThrow(/did you mean 'socket_timeout'/);
    expect(() => new StrictRedis({ decode_response: false } as never)).toThrow(/did you mean 'decode_responses'/);
    expect(() => new StrictRedis({ retry: { max_attempt: 3 } } as never)).toThrow(
      /retry: unknown option 'max_attempt'/,
    );
  });

  it('StrictRedisCluster rejects unknown keys, node options meant for one server and bad startup nodes', () => {
    const startup_nodes = [{ host: '127.0.0.1', port: 7000 }];
    expect(() => new StrictRedisCluster({ startup_nodes, skip_full_coverage_check: true } as never)).toThrow(
      /StrictRedisCluster options: unknown option 'skip_full_coverage_check'/,
    );
    expect(() => new StrictRedisCluster({ startup_nodes, host: 'x' } as never)).toThrow(/unknown option 'host'/);
    expect(() => new StrictRedisCluster({ startup_nodes: [{ host: '127.0.0.1', prt: 7000 }] } as never)).toThrow(
      /startup_nodes: unknown option 'prt'/,
    );
  });
});

describe('option helpers', () => {
  it('closestName folds case and separators, and ignores distant names', () => {
    expect(closestName('socketTimeout', ['socket_timeout', 'db'])).toBe('socket_timeout');
    expect(closestName('prot', ['port', 'host'])).toBe('port');
    expect(closestName('x', ['port', 'host'])).toBeUndefined();
  });

  it('optionKeys lists exactly the keys of the type', () => {
    interface Sample {
      a?: number;
      b: string;
    }
    expect(optionKeys<Sample>({ a: true, b: true })).toEqual(['a', 'b']);
  });

  it('checkOptions refuses arrays, Buffers and Maps as options', () => {
    for (const bad of [[], Buffer.from('x'), new Map(), null, 'x', 1]) {
      expect(() => checkOptions('X', bad, ['a'])).toThrow(DataError);
    }
    expect(() => checkOptions('X', Object.create(null), ['a'])).not.toThrow();
  });
});
