/** Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD (through a builder) and BITFIELD_RO. */

import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import { sameKey, wordArg } from './argument-checks.js';
import {
  BitFieldOperation,
  type BitfieldEncoding,
  type BitfieldOffset,
  type BitfieldOverflow,
  type BitfieldSubcommand,
  bitfieldEncoding,
  bitfieldOffset,
} from './bitfield.js';
import { defineCommand, FIRST_KEY, IDEMPOTENT, listArg, READ_ONLY, WRITE } from './define.js';
import { asInt, asIntArray, asIntOrNull, toArray } from './transforms.js';
import type { Int, KeyArg } from './types.js';

/** A bit: 0 or 1, or a boolean (redis-py accepts `True`/`False`). */
export type Bit = 0 | 1 | boolean;
/** Whether BITCOUNT/BITPOS ranges count bytes or bits (Redis 7.0+), in any case. */
export type BitRangeMode = 'BYTE' | 'BIT' | 'byte' | 'bit' | Buffer;
/** BITOP's operations, in any case. */
export type BitOperation = 'AND' | 'OR' | 'XOR' | 'NOT' | 'and' | 'or' | 'xor' | 'not' | Buffer;

function bitArg(command: string, what: string, value: unknown): 0 | 1 {
  if (value === 0 || value === false) return 0;
  if (value === 1 || value === true) return 1;
  throw new DataError(`${command}: ${what} must be 0 or 1 (or a boolean)`);
}

const given = (value: unknown): boolean => value !== undefined && value !== null;

/** `[start, end, mode]` for BITCOUNT/BITPOS; `mode` needs both ends (the server reads it only after `end`). */
function rangeArgs(command: string, start: unknown, end: unknown, mode: unknown): RedisArg[] {
  const args: RedisArg[] = [];
  if (given(start)) args.push(start as number);
  if (given(end)) args.push(end as number);
  if (given(mode)) {
    if (!given(start) || !given(end)) throw new DataError(`${command}: mode needs start and end`);
    args.push(wordArg(command, 'mode', mode, ['BYTE', 'BIT']));
  }
  return args;
}

export const SETBIT = defineCommand({
  name: 'SETBIT',
  maxArgs: 3,
  build: (name: KeyArg, offset: number, value: Bit) => ['SETBIT', name, offset, bitArg('SETBIT', 'value', value)],
  transform: asInt,
  keys: FIRST_KEY,
  // The reply is the previous bit: a repetition answers the bit it set.
  flags: WRITE,
});

export const GETBIT = defineCommand({
  name: 'GETBIT',
  cacheable: true,
  maxArgs: 2,
  build: (name: KeyArg, offset: number) => ['GETBIT', name, offset],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** redis-py's `bitcount(key, start=None, end=None, mode=None)`: start and end together, mode only with them. */
export const BITCOUNT = defineCommand({
  name: 'BITCOUNT',
  cacheable: true,
  maxArgs: 4,
  build: (key: KeyArg, start?: number | null, end?: number | null, mode?: BitRangeMode | null) => {
    if (given(start) !== given(end)) throw new DataError('BITCOUNT: start and end must both be given');
    return ['BITCOUNT', key, ...rangeArgs('BITCOUNT', start, end, mode)];
  },
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** redis-py's `bitpos(key, bit, start=None, end=None, mode=None)`: end only with start, mode only with both. */
export const BITPOS = defineCommand({
  name: 'BITPOS',
  cacheable: true,
  maxArgs: 5,
  build: (key: KeyArg, bit: Bit, start?: number | null, end?: number | null, mode?: BitRangeMode | null) => {
    const b = bitArg('BITPOS', 'bit', bit);
    if (given(end) && !given(start)) throw new DataError('BITPOS: end needs start');
    return ['BITPOS', key, b, ...rangeArgs('BITPOS', start, end, mode)];
  },
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** redis-py's `bitop(operation, dest, *keys)`: AND, OR, XOR over the keys, or NOT of exactly one key. */
export const BITOP = defineCommand({
  name: 'BITOP',
  maxArgs: 'variadic',
  build: (operation: BitOperation, dest: KeyArg, ...keys: Array<KeyArg | readonly KeyArg[]>) => {
    const op = wordArg('BITOP', 'operation', operation, ['AND', 'OR', 'XOR', 'NOT']);
    const sources = listArg('BITOP', 'source key', keys);
    if (op === 'NOT' && sources.length !== 1) throw new DataError('BITOP: NOT takes exactly one source key');
    return ['BITOP', op, dest, ...sources];
  },
  transform: asInt,
  keys: { first: 2, last: -1, step: 1 },
  // The destination gets an absolute result, unless it is also a source (NOT in place flips back when repeated).
  flags: IDEMPOTENT,
  flagsFor: (_operation: BitOperation, dest: KeyArg, ...keys: Array<KeyArg | readonly KeyArg[]>) =>
    listArg('BITOP', 'source key', keys).some((key) => sameKey(key, dest)) ? WRITE : undefined,
  sameSlot: true,
});

/** One result per BITFIELD subcommand, in the client's integer type; null where OVERFLOW FAIL stopped an INCRBY. */
const asBitfieldResults = (reply: never, command: never): Array<Int | null> =>
  toArray(reply).map((value) => asIntOrNull(value, command));

/**
 * BITFIELD as the builder sends it: the key and the queued subcommands. The method `bitfield(key, default_overflow)`
 * returns a {@link BitFieldOperation} bound to where it was called; its `execute()` runs this declaration there.
 */
export const BITFIELD = defineCommand({
  name: 'BITFIELD',
  maxArgs: 2,
  build: (key: KeyArg, subcommands: readonly BitfieldSubcommand[] = []) => ['BITFIELD', key, ...subcommands.flat()],
  builder: (send, args) => {
    if (args.slice(2).some((arg) => arg !== undefined)) {
      throw new DataError('BITFIELD: bitfield() takes key and default_overflow');
    }
    return new BitFieldOperation(send, args[0] as KeyArg, args[1] as BitfieldOverflow | undefined);
  },
  transform: asBitfieldResults,
  keys: FIRST_KEY,
  flags: WRITE,
  // Only reads: safe to resend (the server still counts BITFIELD as a write, so replicas refuse it).
  flagsFor: (_key: KeyArg, subcommands: readonly BitfieldSubcommand[] = []) =>
    subcommands.every((sub) => sub[0] === 'GET' || sub[0] === 'OVERFLOW') ? IDEMPOTENT : undefined,
});

/** redis-py's `bitfield_ro(key, encoding, offset, items=None)`: the field at `offset`, then each `[encoding, offset]`. */
export const BITFIELD_RO = defineCommand({
  name: 'BITFIELD_RO',
  maxArgs: 4,
  build: (
    key: KeyArg,
    encoding: BitfieldEncoding,
    offset: BitfieldOffset,
    items?: ReadonlyArray<readonly [BitfieldEncoding, BitfieldOffset]> | null,
  ) => {
    const args: RedisArg[] = ['BITFIELD_RO', key];
    for (const [fmt, at] of [[encoding, offset] as const, ...(items ?? [])]) {
      args.push('GET', bitfieldEncoding('BITFIELD_RO', fmt), bitfieldOffset('BITFIELD_RO', at));
    }
    return args;
  },
  transform: asIntArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const bitmapCommands = {
  /** SETBIT: sets the bit at `offset` of `name` to `value` (0/1 or a boolean); the bit's previous value. */
  setbit: SETBIT,
  /** GETBIT: the bit (0 or 1) at `offset` of `name`; 0 past the end or for a missing key. */
  getbit: GETBIT,
  /** BITCOUNT: the number of set bits of `key`, within `start`..`end` (bytes, or bits with mode 'BIT') when given. */
  bitcount: BITCOUNT,
  /** BITPOS: the position of the first `bit` (0/1) of `key` from `start` to `end`; -1 when there is none. */
  bitpos: BITPOS,
  /** BITOP: `operation` (AND, OR, XOR, NOT) over `keys` into `dest`; the length of the result string. */
  bitop: BITOP,
  /**
   * BITFIELD: a builder (`.set(fmt, offset, value)`, `.get(fmt, offset)`, `.incrby(fmt, offset, increment, overflow)`,
   * `.overflow(x)`, `.execute()`), sending one BITFIELD for all its subcommands where it was made.
   */
  bitfield: BITFIELD,
  /** BITFIELD_RO: the values of the field `encoding` at `offset` and of each `[encoding, offset]` of `items`. */
  bitfield_ro: BITFIELD_RO,
  /** Alias of {@link bitfield_ro}. */
  bitfieldRo: BITFIELD_RO,
};
