/** Key positions and flags of the declarations whose keys are not simply "the first argument". */
import { describe, expect, it } from 'vitest';
import { commandSlot, keyIndexes } from '../../../src/cluster/routing.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { CommandFlags } from '../../../src/connection/command.js';
import { CrossSlotError, DataError } from '../../../src/errors.js';

/** The arguments a declaration's key positions pick from the argument vector it builds. */
function keysOf(method: string, ...args: unknown[]): unknown[] {
  const spec = COMMAND_SPECS[method];
  const argv = spec.build(...args);
  return keyIndexes(spec.keys, argv).map((i) => argv[i]);
}

const flagsOf = (method: string) => COMMAND_SPECS[method].flags;

describe('key positions', () => {
  it('eval, evalsha, fcall: the numkeys arguments after the count, not the other arguments', () => {
    expect(keysOf('eval', 'return 1', 2, 'k1', 'k2', 'a1')).toEqual(['k1', 'k2']);
    expect(keysOf('eval', 'return 1', 0, 'a1', 'a2')).toEqual([]);
    expect(keysOf('evalsha_ro', 'abc', 1, 'k1', 'a1')).toEqual(['k1']);
    expect(keysOf('fcall', 'f', 1, 'k1', 'a1', 'a2')).toEqual(['k1']);
  });

  it('eval rejects a numkeys larger than what was given', () => {
    expect(() => COMMAND_SPECS.eval.build('return 1', 3, 'k1')).toThrow(DataError);
  });

  it('lmpop and blmpop: keys follow the count (after the timeout for blmpop)', () => {
    expect(COMMAND_SPECS.lmpop.build(2, 'a', 'b', { direction: 'left', count: 3 })).toEqual([
      'LMPOP',
      2,
      'a',
      'b',
      'LEFT',
      'COUNT',
      3,
    ]);
    expect(keysOf('lmpop', 2, ['a', 'b'], { direction: 'LEFT' })).toEqual(['a', 'b']);
    expect(keysOf('blmpop', 5, 1, 'a', { direction: 'RIGHT', count: 2 })).toEqual(['a']);
    expect(() => COMMAND_SPECS.lmpop.build(3, ['a'], { direction: 'LEFT' })).toThrow(DataError);
  });

  it('blpop and brpop: every argument but the last (the timeout)', () => {
    expect(COMMAND_SPECS.blpop.build(['a', 'b'], 2)).toEqual(['BLPOP', 'a', 'b', 2]);
    expect(keysOf('blpop', ['a', 'b'], 2)).toEqual(['a', 'b']);
    expect(keysOf('brpop', 'only', 0)).toEqual(['only']);
  });

  it('sort: the sorted key and the STORE destination, not the BY/GET patterns', () => {
    expect(keysOf('sort', 'k', { by: 'w_*', get: ['#', 'STORE'], store: 'dst' })).toEqual(['k', 'dst']);
    expect(keysOf('sort', 'k', { start: 0, num: 2 })).toEqual(['k']);
  });

  it('object and memory usage: the key after the subcommand', () => {
    expect(keysOf('object', 'encoding', 'k')).toEqual(['k']);
    expect(keysOf('object_idletime', 'k')).toEqual(['k']);
    expect(keysOf('memory_usage', 'k', 5)).toEqual(['k']);
  });

  it('multi-key atomic commands keep every key, so a cluster refuses them across slots', () => {
    for (const [method, args] of [
      ['rename', ['{a}1', '{b}2']],
      ['lmove', ['{a}1', '{b}2']],
      ['msetnx', [{ '{a}1': 'x', '{b}2': 'y' }]],
      ['copy', ['{a}1', '{b}2']],
      ['blmove', ['{a}1', '{b}2', 1]],
      ['eval', ['return 1', 2, '{a}1', '{b}2']],
    ] as const) {
      const spec = COMMAND_SPECS[method];
      expect(spec.split, method).toBeUndefined();
      expect(() => commandSlot(spec.keys, spec.build(...args)), method).toThrow(CrossSlotError);
    }
    expect(commandSlot(COMMAND_SPECS.rename.keys, COMMAND_SPECS.rename.build('{a}1', '{a}2'))).toBeGreaterThanOrEqual(
      0,
    );
  });

  it('unlink and touch are split by slot and summed', () => {
    expect(COMMAND_SPECS.unlink.split).toEqual({ stride: 1, merge: 'sum' });
    expect(COMMAND_SPECS.touch.split).toEqual({ stride: 1, merge: 'sum' });
  });
});

describe('flags', () => {
  it('writes whose repetition changes the result are never declared resend-safe', () => {
    for (const method of [
      'incr',
      'incrbyfloat',
      'setnx',
      'getset',
      'getdel',
      'msetnx',
      'rename',
      'renamenx',
      'lpop',
      'rpoplpush',
      'ltrim',
      'hincrby',
      'hsetnx',
      'eval',
      'evalsha',
      'fcall',
      'pexpire',
      'restore',
      'client_kill',
    ]) {
      expect(flagsOf(method) & (CommandFlags.ReadOnly | CommandFlags.Idempotent), method).toBe(0);
    }
  });

  it('absolute-state writes are idempotent; reads are read-only', () => {
    for (const method of ['psetex', 'setrange', 'persist', 'pexpireat', 'expireat', 'unlink', 'config_set']) {
      expect(flagsOf(method) & CommandFlags.Idempotent, method).not.toBe(0);
    }
    for (const method of ['strlen', 'lcs', 'dump', 'hexists', 'lpos', 'eval_ro', 'fcall_ro', 'sort_ro', 'scan']) {
      expect(flagsOf(method) & CommandFlags.ReadOnly, method).not.toBe(0);
    }
  });

  it('blocking commands declare how long the server may block (seconds → ms, 0 = forever)', () => {
    expect(flagsOf('blpop') & CommandFlags.Blocking).not.toBe(0);
    expect(COMMAND_SPECS.blpop.blockingTimeoutMs?.('k', 1.5)).toBe(1500);
    expect(COMMAND_SPECS.brpop.blockingTimeoutMs?.('k', 0)).toBe(0);
    expect(COMMAND_SPECS.blmove.blockingTimeoutMs?.('a', 'b', 2)).toBe(2000);
    expect(COMMAND_SPECS.blmpop.blockingTimeoutMs?.(0.25, 1, 'a', { direction: 'LEFT' })).toBe(250);
    expect(flagsOf('lmpop') & CommandFlags.Blocking).toBe(0);
  });

  it('dump always asks for Buffers; camelCase aliases share the declaration', () => {
    expect(COMMAND_SPECS.dump.wantsBuffers).toBe(true);
    expect(COMMAND_SPECS.configGet).toBe(COMMAND_SPECS.config_get);
    expect(COMMAND_SPECS.clientList).toBe(COMMAND_SPECS.client_list);
    expect(COMMAND_SPECS.scriptLoad).toBe(COMMAND_SPECS.script_load);
  });
});
