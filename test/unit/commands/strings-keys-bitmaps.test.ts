/**
 * The string, key, bitmap and HyperLogLog declarations without a server: the argument vectors redis-py's forms
 * build, the forms refused with DataError, key positions, cluster slots and resend flags.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { commandSlot, keyIndexes } from '../../../src/cluster/routing.js';
import { BitFieldOperation } from '../../../src/commands/bitfield.js';
import { asLcsIdx } from '../../../src/commands/lcs.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { CommandFlags } from '../../../src/connection/command.js';
import {
  CrossSlotError,
  DataError,
  type LcsIdxResult,
  type LcsRange,
  StrictRedis,
  type StrictRedisCluster,
} from '../../../src/index.js';

const build = (method: string, ...args: unknown[]) => COMMAND_SPECS[method].build(...args);
const flagsFor = (method: string, ...args: unknown[]) => {
  const spec = COMMAND_SPECS[method];
  return spec.flagsFor?.(...args) ?? spec.flags;
};
const keysOf = (method: string, ...args: unknown[]) => {
  const argv = build(method, ...args);
  return keyIndexes(COMMAND_SPECS[method].keys, argv).map((i) => argv[i]);
};

describe('incr and decr are incrby and decrby (redis-py: incr = incrby, decr = decrby)', () => {
  it('send INCR/DECR for an amount of 1 and the BY form otherwise, bigints included', () => {
    expect(build('incr', 'a')).toEqual(['INCR', 'a']);
    expect(build('incr', 'a', 1)).toEqual(['INCR', 'a']);
    expect(build('incr', 'a', 5)).toEqual(['INCRBY', 'a', 5]);
    expect(build('incr', 'a', -3)).toEqual(['INCRBY', 'a', -3]);
    expect(build('incr', 'a', 2n ** 62n)).toEqual(['INCRBY', 'a', 2n ** 62n]);
    expect(build('decr', 'a')).toEqual(['DECR', 'a']);
    expect(build('decr', 'a', 5)).toEqual(['DECRBY', 'a', 5]);
    expect(build('decr', 'a', '7')).toEqual(['DECRBY', 'a', 7]);
    expect(build('incrby', 'a')).toEqual(['INCRBY', 'a', 1]);
    expect(build('decrby', 'a', 1n)).toEqual(['DECRBY', 'a', 1n]);
    expect(build('incrby', 'a', '99999999999999999999')).toEqual(['INCRBY', 'a', 99999999999999999999n]);
  });

  it('refuse amounts that are not integers', () => {
    for (const amount of [1.5, '1.5', '', true, null, {}]) {
      expect(() => build('incr', 'a', amount)).toThrow(DataError);
      expect(() => build('decrby', 'a', amount)).toThrow(DataError);
    }
  });
});

describe("set and getex follow redis-py's expiry checks", () => {
  it('ex: an integer or a string of digits; px: an integer only; exat/pxat: integers or Dates', () => {
    expect(build('set', 'a', '1', { ex: '010' })).toEqual(['SET', 'a', '1', 'EX', 10]);
    expect(build('set', 'a', '1', { px: 1500, xx: true, get: true })).toEqual([
      'SET',
      'a',
      '1',
      'XX',
      'GET',
      'PX',
      1500,
    ]);
    const date = new Date(1_700_000_000_123);
    expect(build('set', 'a', '1', { exat: date })).toEqual(['SET', 'a', '1', 'EXAT', 1_700_000_000]);
    expect(build('set', 'a', '1', { pxat: date })).toEqual(['SET', 'a', '1', 'PXAT', 1_700_000_000_123]);
    expect(build('getex', 'a', { exat: '1700000000' })).toEqual(['GETEX', 'a', 'EXAT', 1_700_000_000]);
    expect(build('set', 'a', '1', { keepttl: true, nx: true })).toEqual(['SET', 'a', '1', 'NX', 'KEEPTTL']);
    for (const options of [{ ex: 10.5 }, { ex: '10.5' }, { ex: '-1' }, { px: '10' }, { px: 1.5 }, { exat: 1.5 }]) {
      expect(() => build('set', 'a', '1', options), JSON.stringify(options)).toThrow(DataError);
      expect(() => build('getex', 'a', options), JSON.stringify(options)).toThrow(DataError);
    }
  });

  it('one expiry at most, counting zeros as given; null is absent', () => {
    expect(() => build('set', 'a', '1', { ex: 0, px: 1 })).toThrow(/mutually exclusive/);
    expect(() => build('set', 'a', '1', { pxat: 1, keepttl: true })).toThrow(DataError);
    expect(() => build('getex', 'a', { ex: 0, persist: true })).toThrow(DataError);
    expect(build('set', 'a', '1', { ex: null, px: 5 })).toEqual(['SET', 'a', '1', 'PX', 5]);
  });

  it('expire, setex and friends take integers (digit strings, negatives) and Dates where absolute', () => {
    expect(build('expire', 'a', '-1')).toEqual(['EXPIRE', 'a', -1]);
    expect(build('pexpire', 'a', 100, { gt: true })).toEqual(['PEXPIRE', 'a', 100, 'GT']);
    expect(build('expireat', 'a', new Date(5500))).toEqual(['EXPIREAT', 'a', 5]);
    expect(build('pexpireat', 'a', new Date(5500))).toEqual(['PEXPIREAT', 'a', 5500]);
    expect(build('setex', 'a', '60', 'v')).toEqual(['SETEX', 'a', 60, 'v']);
    expect(build('psetex', 'a', 60n, 'v')).toEqual(['PSETEX', 'a', 60n, 'v']);
    expect(() => build('expire', 'a', new Date())).toThrow(DataError);
    expect(() => build('setex', 'a', 1.5, 'v')).toThrow(DataError);
    expect(() => build('expireat', 'a', new Date(Number.NaN))).toThrow(DataError);
  });
});

describe('lcs', () => {
  it('reads the RESP2 and RESP3 idx replies into the same object', () => {
    const matches = [
      [
        [4, 7],
        [5, 8],
      ],
    ];
    const resp2 = asLcsIdx(['matches', matches, 'len', 6]);
    const resp3 = asLcsIdx(
      new Map<unknown, unknown>([
        [Buffer.from('matches'), matches],
        ['len', 6],
      ]) as never,
    );
    expect(resp2).toEqual({
      matches: [
        [
          [4, 7],
          [5, 8],
        ],
      ],
      len: 6,
    });
    expect(resp3).toEqual(resp2);
  });

  it('does not send a minmatchlen of 0, as redis-py', () => {
    expect(build('lcs', 'a', 'b', { idx: true, minmatchlen: 0 })).toEqual(['LCS', 'a', 'b', 'IDX']);
  });
});

describe('sort', () => {
  it('groups needs get as a list of two or more patterns', () => {
    expect(() => build('sort', 'k', { groups: true })).toThrow(DataError);
    expect(() => build('sort', 'k', { get: 'a_*', groups: true })).toThrow(DataError);
    expect(() => build('sort', 'k', { get: ['a_*'], groups: true })).toThrow(DataError);
    expect(build('sort', 'k', { get: ['a_*', '#'], groups: true })).toEqual(['SORT', 'k', 'GET', 'a_*', 'GET', '#']);
    expect(build('sort', 'k', { get: Buffer.from('a_*') })).toEqual(['SORT', 'k', 'GET', Buffer.from('a_*')]);
  });

  it('cuts the reply into groups of the get count', () => {
    const transform = COMMAND_SPECS.sort.transformFor?.('k', { get: ['a', 'b'], groups: true });
    expect(transform?.(['1', 'x', '2', null] as never, undefined as never)).toEqual([
      ['1', 'x'],
      ['2', null],
    ]);
  });
});

describe('bitmaps and HyperLogLog', () => {
  it('bitcount and bitpos: start/end pairing and modes, as redis-py checks them', () => {
    expect(build('bitcount', 'k', 1, 2, 'bit')).toEqual(['BITCOUNT', 'k', 1, 2, 'BIT']);
    expect(build('bitpos', 'k', true, 2)).toEqual(['BITPOS', 'k', 1, 2]);
    expect(build('bitpos', 'k', 0, 2, -1, Buffer.from('Byte'))).toEqual(['BITPOS', 'k', 0, 2, -1, 'BYTE']);
    expect(() => build('bitcount', 'k', 1)).toThrow(/start and end must both be given/);
    expect(() => build('bitcount', 'k', undefined, undefined, 'bit')).toThrow(DataError);
    expect(() => build('bitpos', 'k', 2)).toThrow(/0 or 1/);
    expect(() => build('bitpos', 'k', 1, undefined, 3)).toThrow(/end needs start/);
    expect(() => build('bitpos', 'k', 1, 0, -1, 'bits')).toThrow(DataError);
  });

  it('setbit takes 0, 1 or a boolean', () => {
    expect(build('setbit', 'k', 7, true)).toEqual(['SETBIT', 'k', 7, 1]);
    expect(build('setbit', 'k', 7, 0)).toEqual(['SETBIT', 'k', 7, 0]);
    expect(() => build('setbit', 'k', 7, 5)).toThrow(DataError);
  });

  it('bitop: the destination and the sources are keys, in one slot; NOT takes one source', () => {
    expect(build('bitop', 'and', 'd', ['a', 'b'])).toEqual(['BITOP', 'AND', 'd', 'a', 'b']);
    expect(keysOf('bitop', 'or', 'd', 'a', 'b')).toEqual(['d', 'a', 'b']);
    expect(() => build('bitop', 'not', 'd', 'a', 'b')).toThrow(/exactly one/);
    expect(() => build('bitop', 'diff', 'd', 'a')).toThrow(DataError);
    const spec = COMMAND_SPECS.bitop;
    expect(() => commandSlot(spec.keys, spec.build('and', '{a}d', '{b}s'))).toThrow(CrossSlotError);
  });

  it('pfcount and pfmerge keep all keys in one slot; pfadd takes no values too', () => {
    for (const [method, args] of [
      ['pfcount', ['{a}1', '{b}2']],
      ['pfmerge', ['{a}1', '{b}2']],
    ] as const) {
      const spec = COMMAND_SPECS[method];
      expect(spec.split, method).toBeUndefined();
      expect(() => commandSlot(spec.keys, spec.build(...args)), method).toThrow(CrossSlotError);
    }
    expect(build('pfadd', 'h')).toEqual(['PFADD', 'h']);
    expect(build('pfadd', 'h', ['a', 'b'])).toEqual(['PFADD', 'h', 'a', 'b']);
    expect(() => build('pfcount')).toThrow(DataError);
  });

  it('resend safety: in-place BITOP, SETBIT, PFADD and writing BITFIELDs are never resent', () => {
    const safe = (flags: number) => (flags & (CommandFlags.Idempotent | CommandFlags.ReadOnly)) !== 0;
    expect(safe(flagsFor('bitop', 'and', 'd', 'a'))).toBe(true);
    expect(safe(flagsFor('bitop', 'not', 'a', 'a'))).toBe(false);
    expect(safe(flagsFor('bitop', 'and', Buffer.from('1'), 1))).toBe(false);
    expect(safe(flagsFor('setbit', 'k', 1, 1))).toBe(false);
    expect(safe(flagsFor('pfadd', 'h', 'a'))).toBe(false);
    expect(safe(flagsFor('pfmerge', 'd', 'a'))).toBe(true);
    expect(safe(flagsFor('move', 'k', 1))).toBe(false);
    expect(safe(flagsFor('bitfield', 'k', [['GET', 'u8', 0]]))).toBe(true);
    expect(safe(flagsFor('bitfield', 'k', [['INCRBY', 'u8', 0, 1]]))).toBe(false);
    expect(safe(flagsFor('bitfield_ro', 'k', 'u8', 0))).toBe(true);
  });

  it("bitfield's builder queues subcommands and sends them through the function it was given", () => {
    const sent: unknown[][] = [];
    const bf = new BitFieldOperation((key, subcommands) => {
      sent.push(COMMAND_SPECS.bitfield.build(key, subcommands));
      return sent.length;
    }, 'k');
    expect(bf.command).toEqual(['BITFIELD', 'k']);
    expect(bf.set('u8', 8, 255).get('u4', '#2').incrby('i8', 0, -1, 'sat').execute()).toBe(1);
    expect(sent[0]).toEqual([
      'BITFIELD',
      'k',
      'SET',
      'u8',
      8,
      255,
      'GET',
      'u4',
      '#2',
      'OVERFLOW',
      'SAT',
      'INCRBY',
      'i8',
      0,
      -1,
    ]);
    expect(bf.command).toEqual(['BITFIELD', 'k']);
    expect(bf.overflow('WRAP').operations).toEqual([]);
  });

  it('bitfield_ro builds GETs for the first field and each item', () => {
    expect(build('bitfield_ro', 'k', 'u8', 0, [['i4', '#1']])).toEqual([
      'BITFIELD_RO',
      'k',
      'GET',
      'u8',
      0,
      'GET',
      'i4',
      '#1',
    ]);
    expect(() => build('bitfield_ro', 'k', 'u8', '-1')).toThrow(DataError);
  });
});

/** Checked by the compiler (tsc covers test/); never called, so nothing is sent. */
function replyTypes(r: StrictRedis, big: StrictRedis<string, bigint>, rc: StrictRedisCluster): void {
  expectTypeOf(r.lcs('a', 'b')).resolves.toEqualTypeOf<string>();
  expectTypeOf(big.lcs('a', 'b', { len: true })).resolves.toEqualTypeOf<bigint>();
  expectTypeOf(r.lcs('a', 'b', { idx: true })).resolves.toEqualTypeOf<LcsIdxResult<[LcsRange, LcsRange]>>();
  expectTypeOf(r.lcs('a', 'b', { idx: true, withmatchlen: true })).resolves.toEqualTypeOf<
    LcsIdxResult<[LcsRange, LcsRange, number]>
  >();
  expectTypeOf(r.sort('k', { get: ['a', 'b'], groups: true })).resolves.toEqualTypeOf<Array<Array<string | null>>>();
  expectTypeOf(r.sort('k', { store: 'd' })).resolves.toEqualTypeOf<number>();
  expectTypeOf(r.bitfield('k').get('u8', 0).execute()).resolves.toEqualTypeOf<Array<number | null>>();
  expectTypeOf(big.bitfield('k').execute()).resolves.toEqualTypeOf<Array<bigint | null>>();
  expectTypeOf(rc.bitfield('k').execute()).resolves.toEqualTypeOf<Array<number | null>>();
  expectTypeOf(r.pipeline().bitfield('k').execute().execute()).resolves.toEqualTypeOf<[Array<number | null>]>();
}

describe('bitfield()', () => {
  it('returns a builder without sending; extra arguments (not trailing undefineds) raise DataError', () => {
    const r = new StrictRedis({ port: 1 });
    try {
      expect(r.bitfield('k', undefined)).toBeInstanceOf(BitFieldOperation);
      expect(r.pipeline().bitfield('k', 'fail').command).toEqual(['BITFIELD', 'k', 'OVERFLOW', 'FAIL']);
      const loose = r.bitfield as (...args: unknown[]) => unknown;
      expect(() => loose.call(r, 'k', 'FAIL', undefined)).not.toThrow();
      expect(() => loose.call(r, 'k', 'FAIL', 'extra')).toThrow(DataError);
      expect(replyTypes).toBeTypeOf('function');
    } finally {
      r.disconnect();
    }
  });
});
