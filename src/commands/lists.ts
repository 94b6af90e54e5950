/** List commands (the moving and blocking ones are in list-moves.ts). */

import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, FIRST_KEY, IDEMPOTENT, listArg, READ_ONLY, WRITE } from './define.js';
import { keyword, listMoveCommands } from './list-moves.js';
import { asBulkArray, asBulkOrNull, asInt, asIntArray, asIntOrNull, asOk } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

export type { ListEnd, LmpopOptions } from './list-moves.js';

/** `CMD name value…`: redis-py's `lpush(name, *values)` and friends; the values spread or as one array. */
const push = (command: 'LPUSH' | 'RPUSH' | 'LPUSHX' | 'RPUSHX') =>
  defineCommand({
    name: command,
    maxArgs: 'variadic',
    build: (name: KeyArg, ...values: Array<ValueArg | readonly ValueArg[]>) => [
      command,
      name,
      ...listArg(command, 'value', values),
    ],
    transform: asInt,
    keys: FIRST_KEY,
    flags: WRITE,
  });

export const LPUSH = push('LPUSH');
export const RPUSH = push('RPUSH');
export const LPUSHX = push('LPUSHX');
export const RPUSHX = push('RPUSHX');

/** Where LINSERT inserts, relative to the pivot: 'BEFORE' or 'AFTER' in any case, as a string or bytes. */
export type ListSide = 'BEFORE' | 'AFTER' | 'before' | 'after' | 'Before' | 'After' | Uint8Array;

/** redis-py's `linsert(name, where, refvalue, value)`. */
export const LINSERT = defineCommand({
  name: 'LINSERT',
  maxArgs: 4,
  build: (name: KeyArg, where: ListSide, refvalue: ValueArg, value: ValueArg) => [
    'LINSERT',
    name,
    keyword('LINSERT', 'where', where, ['BEFORE', 'AFTER'] as const),
    refvalue,
    value,
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const LRANGE = defineCommand({
  name: 'LRANGE',
  cacheable: true,
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
const pop = (command: 'LPOP' | 'RPOP') =>
  defineCommand({
    name: command,
    maxArgs: 2,
    build: (name: KeyArg, count?: number | null): RedisArg[] =>
      count == null ? [command, name] : [command, name, count],
    transform: asBulkOrNull,
    transformFor: (_name: KeyArg, count?: number | null) => (count == null ? undefined : asPoppedOrNull),
    keys: FIRST_KEY,
    flags: WRITE,
  });

export const LPOP = pop('LPOP');
export const RPOP = pop('RPOP');

export const LLEN = defineCommand({
  name: 'LLEN',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['LLEN', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LINDEX = defineCommand({
  name: 'LINDEX',
  cacheable: true,
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

/** Options of LPOS: redis-py's keyword arguments `rank`, `count`, `maxlen`. */
export interface LposOptions {
  /** Which match to return (1 = first; negative counts from the tail). */
  rank?: number;
  /** Return up to this many positions (0 = all) as a list. */
  count?: number;
  /** Compare at most this many elements. */
  maxlen?: number;
}

/** redis-py's `lpos(name, value, rank=None, count=None, maxlen=None)`. */
export const LPOS = defineCommand({
  name: 'LPOS',
  cacheable: true,
  maxArgs: 3,
  options: optionKeys<LposOptions>({ rank: true, count: true, maxlen: true }),
  build: (name: KeyArg, value: ValueArg, options: LposOptions = {}) => {
    const args: RedisArg[] = ['LPOS', name, value];
    if (options.rank != null) args.push('RANK', options.rank);
    if (options.count != null) args.push('COUNT', options.count);
    if (options.maxlen != null) args.push('MAXLEN', options.maxlen);
    return args;
  },
  transform: asIntOrNull,
  transformFor: (_name: KeyArg, _value: ValueArg, options?: LposOptions) =>
    options?.count == null ? undefined : asIntArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const listCommands = {
  /** LPUSH: prepends `values` (spread or one array; the last one ends up first) to `name`; the list's new length. */
  lpush: LPUSH,
  /** RPUSH: appends `values` (spread or one array) to the list at `name`; the list's new length. */
  rpush: RPUSH,
  /** LINSERT: inserts `value` `where` ('BEFORE'/'AFTER') `refvalue`; the new length, -1 without it, 0 without key. */
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
  /** LPUSHX: prepends `values` only if the list `name` exists; the list's new length, 0 when the key does not exist. */
  lpushx: LPUSHX,
  /** RPUSHX: appends `values` only if the list `name` exists; the list's new length, 0 when the key does not exist. */
  rpushx: RPUSHX,
  ...listMoveCommands,
};
