/** Set commands. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import {
  ALL_KEYS,
  defineCommand,
  FIRST_KEY,
  FIRST_TWO_KEYS,
  flatten,
  IDEMPOTENT,
  listArg,
  READ_ONLY,
  WRITE,
} from './define.js';
import { asBoolean, asBooleanArray, asBulkArray, asBulkOrNull, asInt, asSet, text, toArray } from './transforms.js';
import type { Bulk, KeyArg, KeyPositions, ValueArg } from './types.js';

export const SADD = defineCommand({
  name: 'SADD',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'SADD',
    name,
    ...listArg('SADD', 'member', items),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const SREM = defineCommand({
  name: 'SREM',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'SREM',
    name,
    ...listArg('SREM', 'member', items),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const SMEMBERS = defineCommand({
  name: 'SMEMBERS',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['SMEMBERS', name],
  transform: asSet,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const SISMEMBER = defineCommand({
  name: 'SISMEMBER',
  cacheable: true,
  maxArgs: 2,
  build: (name: KeyArg, value: ValueArg) => ['SISMEMBER', name, value],
  transform: asBoolean,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const SMISMEMBER = defineCommand({
  name: 'SMISMEMBER',
  cacheable: true,
  maxArgs: 'variadic',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'SMISMEMBER',
    name,
    ...listArg('SMISMEMBER', 'member', items),
  ],
  transform: asBooleanArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const SCARD = defineCommand({
  name: 'SCARD',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['SCARD', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** With a count the reply is a list (possibly empty); without, one member or null. */
const countedTransform = (count?: number | null) => (count == null ? undefined : asBulkArray);

export const SPOP = defineCommand({
  name: 'SPOP',
  maxArgs: 2,
  build: (name: KeyArg, count?: number | null): RedisArg[] => (count == null ? ['SPOP', name] : ['SPOP', name, count]),
  transform: asBulkOrNull,
  transformFor: (_name: KeyArg, count?: number | null) => countedTransform(count),
  keys: FIRST_KEY,
  flags: WRITE,
});

export const SRANDMEMBER = defineCommand({
  name: 'SRANDMEMBER',
  maxArgs: 2,
  build: (name: KeyArg, number?: number | null): RedisArg[] =>
    number == null ? ['SRANDMEMBER', name] : ['SRANDMEMBER', name, number],
  transform: asBulkOrNull,
  transformFor: (_name: KeyArg, number?: number | null) => countedTransform(number),
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const SMOVE = defineCommand({
  name: 'SMOVE',
  maxArgs: 3,
  build: (src: KeyArg, dst: KeyArg, value: ValueArg) => ['SMOVE', src, dst, value],
  transform: asBoolean,
  keys: FIRST_TWO_KEYS,
  // Repeating it leaves the same state (member in dst, not in src); only the reply differs.
  flags: IDEMPOTENT,
  sameSlot: true,
});

function setAlgebra(name: 'SINTER' | 'SUNION' | 'SDIFF') {
  return defineCommand({
    name,
    maxArgs: 'variadic',
    build: (...keys: Array<KeyArg | readonly KeyArg[]>) => [name, ...listArg(name, 'key', keys)],
    transform: asSet,
    keys: ALL_KEYS,
    flags: READ_ONLY,
    sameSlot: true,
  });
}

/** Stores the result in `dest` (replacing it): an absolute state, safe to resend. */
function setAlgebraStore(name: 'SINTERSTORE' | 'SUNIONSTORE' | 'SDIFFSTORE') {
  return defineCommand({
    name,
    maxArgs: 'variadic',
    build: (dest: KeyArg, ...keys: Array<KeyArg | readonly KeyArg[]>) => [name, dest, ...listArg(name, 'key', keys)],
    transform: asInt,
    keys: ALL_KEYS,
    flags: IDEMPOTENT,
    sameSlot: true,
  });
}

export const SINTER = setAlgebra('SINTER');
export const SUNION = setAlgebra('SUNION');
export const SDIFF = setAlgebra('SDIFF');
export const SINTERSTORE = setAlgebraStore('SINTERSTORE');
export const SUNIONSTORE = setAlgebraStore('SUNIONSTORE');
export const SDIFFSTORE = setAlgebraStore('SDIFFSTORE');

/**
 * Keys of `CMD numkeys key… rest`: `numkeys` at index `at`, the keys right after it. Shared with the sorted-set
 * commands of the same form.
 */
export function numkeysAt(at: number, extra: readonly number[] = []): KeyPositions {
  return (args: readonly RedisArg[]) => {
    const n = Number(args[at]);
    const out = [...extra];
    for (let i = at + 1; i <= at + n && i < args.length; i++) out.push(i);
    return out;
  };
}

/**
 * A `numkeys` argument checked against the keys actually given (redis-py's `sintercard(numkeys, keys)`,
 * `lmpop(num_keys, *args)`): an integer, or a string of digits as redis-py's own tests pass it; DataError when it is
 * not, when no key is given, or when it disagrees with the keys (the server would read a key as an option, or an
 * option as a key).
 */
export function checkedNumkeys(command: string, numkeys: unknown, given: number): number {
  const n =
    typeof numkeys === 'number'
      ? numkeys
      : typeof numkeys === 'string' && /^[0-9]{1,15}$/.test(numkeys)
        ? Number(numkeys)
        : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new DataError(`${command}: numkeys must be an integer, the number of keys`);
  if (given === 0) throw new DataError(`${command} needs at least one key`);
  if (n !== given) throw new DataError(`${command}: numkeys does not match the number of keys given`);
  return n;
}

/** Options of SINTERCARD: redis-py's keyword argument `limit`. */
export interface SintercardOptions {
  /** Stop counting at this many (0 = no limit). */
  limit?: number;
}

/** redis-py's `sintercard(numkeys, keys, limit=0)`: `sintercard(3, ['a', 'b', 'c'], { limit: 1 })`. */
export const SINTERCARD = defineCommand({
  name: 'SINTERCARD',
  maxArgs: 3,
  options: optionKeys<SintercardOptions>({ limit: true }),
  build: (numkeys: number | string, keys: KeyArg | readonly KeyArg[], options: SintercardOptions = {}) => {
    const list = flatten([keys]);
    const args: RedisArg[] = ['SINTERCARD', checkedNumkeys('SINTERCARD', numkeys, list.length), ...list];
    if (options.limit != null) args.push('LIMIT', options.limit);
    return args;
  },
  transform: asInt,
  keys: numkeysAt(1),
  flags: READ_ONLY,
  sameSlot: true,
});

/** Options of SSCAN and ZSCAN. */
export interface ScanOptions {
  /** Only elements matching this glob pattern. */
  match?: string | Buffer;
  /** A hint for how much work one call does. */
  count?: number;
}

/** The cursor of a SCAN-family reply, as a number (0 when the iteration is complete), like redis-py. */
export function scanCursor(reply: RespValue): { cursor: number; items: RespValue } {
  const parts = toArray(reply);
  if (parts.length !== 2) throw new DataError('unexpected reply: expected [cursor, elements]');
  return { cursor: Number(text(parts[0])), items: parts[1] };
}

/** A cursor as SCAN-family replies give it back: a non-negative integer, or its decimal text. */
function isCursor(cursor: unknown): boolean {
  if (typeof cursor === 'number') return Number.isSafeInteger(cursor) && cursor >= 0;
  if (typeof cursor === 'bigint') return cursor >= 0n;
  return typeof cursor === 'string' && /^[0-9]{1,20}$/.test(cursor);
}

/** `CMD name cursor [MATCH pattern] [COUNT n]`; DataError for a cursor that is not one (a pattern in its place). */
export function scanArgs(command: string, name: KeyArg, cursor: number | string, options: ScanOptions): RedisArg[] {
  if (!isCursor(cursor)) throw new DataError(`${command}: the cursor must be a non-negative integer (0 to start)`);
  const args: RedisArg[] = [command, name, cursor];
  if (options.match != null) args.push('MATCH', options.match);
  if (options.count != null) args.push('COUNT', options.count);
  return args;
}

export const SSCAN = defineCommand({
  name: 'SSCAN',
  maxArgs: 3,
  options: optionKeys<ScanOptions>({ match: true, count: true }),
  build: (name: KeyArg, cursor: number | string = 0, options: ScanOptions = {}) =>
    scanArgs('SSCAN', name, cursor, options),
  transform: (reply: RespValue): [number, Bulk[]] => {
    const { cursor, items } = scanCursor(reply);
    return [cursor, asBulkArray(items)];
  },
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const setCommands = {
  /** SADD: adds the members given after `name` (arguments or one array); resolves to how many were new. */
  sadd: SADD,
  /** SREM: removes the members given after `name` (arguments or one array); resolves to how many were removed. */
  srem: SREM,
  /** SMEMBERS: every member of the set at `name`, as a Set (empty for a missing key). */
  smembers: SMEMBERS,
  /** SISMEMBER: whether `value` is a member of the set at `name`, as a boolean. */
  sismember: SISMEMBER,
  /** SMISMEMBER: for each member given after `name`, whether it is in the set: booleans in argument order. */
  smismember: SMISMEMBER,
  /** SCARD: the number of members of the set at `name` (0 for a missing key). */
  scard: SCARD,
  /** SPOP: removes and returns a random member (null when empty); with `count`, a list of up to that many. */
  spop: SPOP,
  /** SRANDMEMBER: a random member or null; with `number`, a list (negative counts may repeat members). */
  srandmember: SRANDMEMBER,
  /** SMOVE: moves `value` from set `src` to set `dst`; true if moved, false if it was not a member of `src`. */
  smove: SMOVE,
  /** SINTER: the members common to all the given `keys` (arguments or one array), as a Set. */
  sinter: SINTER,
  /** SUNION: the members of any of the given `keys` (arguments or one array), as a Set. */
  sunion: SUNION,
  /** SDIFF: the members of the first of `keys` that are in none of the others, as a Set. */
  sdiff: SDIFF,
  /** SINTERSTORE: stores the intersection of `keys` in `dest` (replacing it); resolves to its size. */
  sinterstore: SINTERSTORE,
  /** SUNIONSTORE: stores the union of `keys` in `dest` (replacing it); resolves to its size. */
  sunionstore: SUNIONSTORE,
  /** SDIFFSTORE: stores the first of `keys` minus the others in `dest` (replacing it); resolves to its size. */
  sdiffstore: SDIFFSTORE,
  /** SINTERCARD: `(numkeys, keys, { limit })`: the size of the intersection of `keys`; `limit` stops counting there. */
  sintercard: SINTERCARD,
  /** SSCAN: one step from `cursor` (default 0; `match`, `count`): `[next cursor, members]`, next cursor 0 when done. */
  sscan: SSCAN,
};
