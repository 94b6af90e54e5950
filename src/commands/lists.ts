/** List commands. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import {
  BLOCKING,
  defineCommand,
  FIRST_KEY,
  FIRST_TWO_KEYS,
  IDEMPOTENT,
  KEYS_BEFORE_LAST,
  listArg,
  READ_ONLY,
  WRITE,
} from './define.js';
import { asBulkArray, asBulkOrNull, asInt, asIntArray, asIntOrNull, asOk, toArray } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

export const LPUSH = defineCommand({
  name: 'LPUSH',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'LPUSH',
    name,
    ...listArg('LPUSH', 'value', items),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const RPUSH = defineCommand({
  name: 'RPUSH',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'RPUSH',
    name,
    ...listArg('RPUSH', 'value', items),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** Where LINSERT inserts, relative to the pivot. */
export type ListSide = 'BEFORE' | 'AFTER' | 'before' | 'after';

export const LINSERT = defineCommand({
  name: 'LINSERT',
  maxArgs: 4,
  build: (name: KeyArg, where: ListSide, pivot: ValueArg, value: ValueArg) => {
    const side = typeof where === 'string' ? where.toUpperCase() : where;
    if (side !== 'BEFORE' && side !== 'AFTER') throw new DataError("LINSERT's where must be 'BEFORE' or 'AFTER'");
    return ['LINSERT', name, side, pivot, value];
  },
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const LRANGE = defineCommand({
  name: 'LRANGE',
  maxArgs: 3,
  build: (name: KeyArg, start: number, end: number) => ['LRANGE', name, start, end],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LSET = defineCommand({
  name: 'LSET',
  maxArgs: 3,
  build: (name: KeyArg, index: number, value: ValueArg) => ['LSET', name, index, value],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const LREM = defineCommand({
  name: 'LREM',
  maxArgs: 3,
  build: (name: KeyArg, count: number, value: ValueArg) => ['LREM', name, count, value],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** A pop with a count: the popped elements, or null for a missing key (the server answers nil, not `[]`). */
const asPoppedOrNull = (reply: RespValue) => (reply === null ? null : asBulkArray(reply));

/** redis-py's `lpop(name, count=None)`: one element or null; with `count` a list, or null for a missing key. */
export const LPOP = defineCommand({
  name: 'LPOP',
  maxArgs: 2,
  build: (name: KeyArg, count?: number): RedisArg[] => (count === undefined ? ['LPOP', name] : ['LPOP', name, count]),
  transform: asBulkOrNull,
  transformFor: (_name: KeyArg, count?: number) => (count === undefined ? undefined : asPoppedOrNull),
  keys: FIRST_KEY,
  flags: WRITE,
});

export const RPOP = defineCommand({
  name: 'RPOP',
  maxArgs: 2,
  build: (name: KeyArg, count?: number): RedisArg[] => (count === undefined ? ['RPOP', name] : ['RPOP', name, count]),
  transform: asBulkOrNull,
  transformFor: (_name: KeyArg, count?: number) => (count === undefined ? undefined : asPoppedOrNull),
  keys: FIRST_KEY,
  flags: WRITE,
});

export const LLEN = defineCommand({
  name: 'LLEN',
  maxArgs: 1,
  build: (name: KeyArg) => ['LLEN', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LINDEX = defineCommand({
  name: 'LINDEX',
  maxArgs: 2,
  build: (name: KeyArg, index: number) => ['LINDEX', name, index],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LTRIM = defineCommand({
  name: 'LTRIM',
  maxArgs: 3,
  build: (name: KeyArg, start: number, end: number) => ['LTRIM', name, start, end],
  transform: asOk,
  keys: FIRST_KEY,
  // LTRIM 1 -1 drops one more element each time it runs.
  flags: WRITE,
});

/** Options of LPOS. */
export interface LposOptions {
  /** Which match to return (1 = first; negative counts from the tail). */
  rank?: number;
  /** Return up to this many positions (0 = all) as a list. */
  count?: number;
  /** Compare at most this many elements. */
  maxlen?: number;
}

export const LPOS = defineCommand({
  name: 'LPOS',
  maxArgs: 3,
  options: optionKeys<LposOptions>({ rank: true, count: true, maxlen: true }),
  build: (name: KeyArg, value: ValueArg, options: LposOptions = {}) => {
    const args: RedisArg[] = ['LPOS', name, value];
    if (options.rank !== undefined) args.push('RANK', options.rank);
    if (options.count !== undefined) args.push('COUNT', options.count);
    if (options.maxlen !== undefined) args.push('MAXLEN', options.maxlen);
    return args;
  },
  transform: asIntOrNull,
  transformFor: (_name: KeyArg, _value: ValueArg, options?: LposOptions) =>
    options?.count === undefined ? undefined : asIntArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** A list end for LMOVE, BLMOVE, LMPOP. */
export type ListEnd = 'LEFT' | 'RIGHT' | 'left' | 'right';

function listEnd(command: string, end: ListEnd): 'LEFT' | 'RIGHT' {
  const upper = typeof end === 'string' ? end.toUpperCase() : end;
  if (upper !== 'LEFT' && upper !== 'RIGHT') throw new DataError(`${command} takes 'LEFT' or 'RIGHT'`);
  return upper;
}

/** redis-py's `lmove(first_list, second_list, src='LEFT', dest='RIGHT')`. */
export const LMOVE = defineCommand({
  name: 'LMOVE',
  maxArgs: 4,
  build: (first_list: KeyArg, second_list: KeyArg, src: ListEnd = 'LEFT', dest: ListEnd = 'RIGHT') => [
    'LMOVE',
    first_list,
    second_list,
    listEnd('LMOVE', src),
    listEnd('LMOVE', dest),
  ],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE,
  sameSlot: true,
});

export const BLMOVE = defineCommand({
  name: 'BLMOVE',
  maxArgs: 5,
  build: (first_list: KeyArg, second_list: KeyArg, timeout: number, src: ListEnd = 'LEFT', dest: ListEnd = 'RIGHT') => [
    'BLMOVE',
    first_list,
    second_list,
    listEnd('BLMOVE', src),
    listEnd('BLMOVE', dest),
    timeout,
  ],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE | BLOCKING,
  sameSlot: true,
  blockingTimeoutMs: (_a: KeyArg, _b: KeyArg, timeout: number) => seconds(timeout),
});

export const RPOPLPUSH = defineCommand({
  name: 'RPOPLPUSH',
  maxArgs: 2,
  build: (src: KeyArg, dst: KeyArg) => ['RPOPLPUSH', src, dst],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE,
  sameSlot: true,
});

export const BRPOPLPUSH = defineCommand({
  name: 'BRPOPLPUSH',
  maxArgs: 3,
  build: (src: KeyArg, dst: KeyArg, timeout: number = 0) => ['BRPOPLPUSH', src, dst, timeout],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE | BLOCKING,
  sameSlot: true,
  blockingTimeoutMs: (_a: KeyArg, _b: KeyArg, timeout: number = 0) => seconds(timeout),
});

export const LPUSHX = defineCommand({
  name: 'LPUSHX',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'LPUSHX',
    name,
    ...listArg('LPUSHX', 'value', items),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const RPUSHX = defineCommand({
  name: 'RPUSHX',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'RPUSHX',
    name,
    ...listArg('RPUSHX', 'value', items),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** A blocking timeout in seconds (fractions allowed) as milliseconds; 0 blocks forever. */
const seconds = (timeout: number): number => (timeout > 0 ? Math.ceil(timeout * 1000) : 0);

/** `[key, value]` from BLPOP/BRPOP, or null when the timeout expired. */
const asKeyValueOrNull = (reply: RespValue) => (reply === null ? null : (toArray(reply) as unknown as [Bulk, Bulk]));

const blockingPop = (command: 'BLPOP' | 'BRPOP') =>
  defineCommand({
    name: command,
    maxArgs: 2,
    /** redis-py's `blpop(keys, timeout=0)`: one key or a list, and seconds to wait (0 = forever). */
    build: (keys: KeyArg | readonly KeyArg[], timeout: number = 0) => [
      command,
      ...listArg(command, 'key', [keys]),
      timeout,
    ],
    transform: asKeyValueOrNull,
    keys: KEYS_BEFORE_LAST,
    flags: WRITE | BLOCKING,
    sameSlot: true,
    blockingTimeoutMs: (_keys: KeyArg | readonly KeyArg[], timeout: number = 0) => seconds(timeout),
  });

export const BLPOP = blockingPop('BLPOP');
export const BRPOP = blockingPop('BRPOP');

/** `[key, elements]` from LMPOP/BLMPOP, or null when nothing was popped. */
const asMpop = (reply: RespValue) => {
  if (reply === null) return null;
  const [key, items] = toArray(reply);
  return [key as unknown as Bulk, asBulkArray(items)] as [Bulk, Bulk[]];
};

/** Keys of a command whose key count sits at `countIndex`, the keys right after it. */
export function keysAfterCount(countIndex: number): (args: readonly RedisArg[]) => number[] {
  return (args) => {
    const n = Number(args[countIndex]);
    const out: number[] = [];
    if (!Number.isSafeInteger(n) || n < 0) return out;
    for (let i = 0; i < n && countIndex + 1 + i < args.length; i++) out.push(countIndex + 1 + i);
    return out;
  };
}

function mpopTail(
  command: string,
  num_keys: number,
  keys: KeyArg | readonly KeyArg[],
  direction: ListEnd,
  count?: number,
) {
  const list = listArg(command, 'key', [keys]);
  if (num_keys !== list.length) throw new DataError(`${command}: num_keys does not match the number of keys`);
  const args: RedisArg[] = [num_keys, ...list, listEnd(command, direction)];
  if (count !== undefined) args.push('COUNT', count);
  return args;
}

/** redis-py's `lmpop(num_keys, *keys, direction, count=1)`, keys given as a list: `[key, elements]` or null. */
export const LMPOP = defineCommand({
  name: 'LMPOP',
  maxArgs: 4,
  build: (num_keys: number, keys: KeyArg | readonly KeyArg[], direction: ListEnd, count?: number) => [
    'LMPOP',
    ...mpopTail('LMPOP', num_keys, keys, direction, count),
  ],
  transform: asMpop,
  keys: keysAfterCount(1),
  flags: WRITE,
  sameSlot: true,
});

export const BLMPOP = defineCommand({
  name: 'BLMPOP',
  maxArgs: 5,
  build: (timeout: number, num_keys: number, keys: KeyArg | readonly KeyArg[], direction: ListEnd, count?: number) => [
    'BLMPOP',
    timeout,
    ...mpopTail('BLMPOP', num_keys, keys, direction, count),
  ],
  transform: asMpop,
  keys: keysAfterCount(2),
  flags: WRITE | BLOCKING,
  sameSlot: true,
  blockingTimeoutMs: (timeout: number) => seconds(timeout),
});

export const listCommands = {
  /** LPUSH: prepends `items` (spread or one array; the last one ends up first) to `name`; the list's new length. */
  lpush: LPUSH,
  /** RPUSH: appends `items` (spread or one array) to the list at `name`; the list's new length. */
  rpush: RPUSH,
  /** LINSERT: inserts `value` `where` ('BEFORE'/'AFTER') `pivot`; the new length, -1 without pivot, 0 without key. */
  linsert: LINSERT,
  /** LRANGE: the elements of `name` from `start` to `end` (inclusive; negative from the tail); [] when missing. */
  lrange: LRANGE,
  /** LSET: sets the element at `index` (negative from the tail) to `value`; true (an error when out of range). */
  lset: LSET,
  /** LREM: removes `count` occurrences of `value` (>0 from the head, <0 from the tail, 0 all); the number removed. */
  lrem: LREM,
  /** LPOP: removes and returns the first element, or null; with `count`, a list of up to that many (null if no key). */
  lpop: LPOP,
  /** RPOP: removes and returns the last element, or null; with `count`, a list of up to that many (null if no key). */
  rpop: RPOP,
  /** LLEN: the length of the list at `name`, 0 when the key does not exist. */
  llen: LLEN,
  /** LINDEX: the element at `index` (negative from the tail) of the list at `name`, or null when out of range. */
  lindex: LINDEX,
  /** LTRIM: keeps only the elements of `name` from `start` to `end` (inclusive, negative from the tail); true. */
  ltrim: LTRIM,
  /** LPOS: the index of the first match of `value` (options `rank`, `maxlen`), or null; `count`: a list of indexes. */
  lpos: LPOS,
  /** LMOVE: moves an element from the `src` end of `first_list` to the `dest` end of `second_list`; it, or null. */
  lmove: LMOVE,
  /** BLMOVE: {@link lmove}, waiting up to `timeout` seconds (0: forever); the element, or null on timeout. */
  blmove: BLMOVE,
  /** RPOPLPUSH: moves the last element of `src` to the head of `dst`; the element, or null when `src` is empty. */
  rpoplpush: RPOPLPUSH,
  /** BRPOPLPUSH: {@link rpoplpush}, waiting up to `timeout` seconds (default 0: forever); the element or null. */
  brpoplpush: BRPOPLPUSH,
  /** LPUSHX: prepends `items` only if the list `name` exists; the list's new length, 0 when the key does not exist. */
  lpushx: LPUSHX,
  /** RPUSHX: appends `items` only if the list `name` exists; the list's new length, 0 when the key does not exist. */
  rpushx: RPUSHX,
  /** BLPOP: pops the head of the first non-empty of `keys`, waiting `timeout` s (0: forever); `[key, value]`/null. */
  blpop: BLPOP,
  /** BRPOP: pops the tail of the first non-empty of `keys`, waiting `timeout` s (0: forever); `[key, value]`/null. */
  brpop: BRPOP,
  /** LMPOP: pops up to `count` (default 1) at `direction` of the first non-empty of `keys`; `[key, elements]`/null. */
  lmpop: LMPOP,
  /** BLMPOP: {@link lmpop}, waiting up to `timeout` seconds (0: forever); `[key, elements]`, or null on timeout. */
  blmpop: BLMPOP,
};
