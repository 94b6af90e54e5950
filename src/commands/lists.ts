/** List commands. */
import { DataError } from '../errors.js';
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
import { asBulkArray, asBulkOrNull, asInteger, asIntegerOrNull, asOk, toArray } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

export const LPUSH = defineCommand({
  name: 'LPUSH',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'LPUSH',
    name,
    ...listArg('LPUSH', 'value', items),
  ],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const RPUSH = defineCommand({
  name: 'RPUSH',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'RPUSH',
    name,
    ...listArg('RPUSH', 'value', items),
  ],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** Where LINSERT inserts, relative to the pivot. */
export type ListSide = 'BEFORE' | 'AFTER' | 'before' | 'after';

export const LINSERT = defineCommand({
  name: 'LINSERT',
  build: (name: KeyArg, where: ListSide, pivot: ValueArg, value: ValueArg) => {
    const side = typeof where === 'string' ? where.toUpperCase() : where;
    if (side !== 'BEFORE' && side !== 'AFTER') throw new DataError("LINSERT's where must be 'BEFORE' or 'AFTER'");
    return ['LINSERT', name, side, pivot, value];
  },
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const LRANGE = defineCommand({
  name: 'LRANGE',
  build: (name: KeyArg, start: number, end: number) => ['LRANGE', name, start, end],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LSET = defineCommand({
  name: 'LSET',
  build: (name: KeyArg, index: number, value: ValueArg) => ['LSET', name, index, value],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const LREM = defineCommand({
  name: 'LREM',
  build: (name: KeyArg, count: number, value: ValueArg) => ['LREM', name, count, value],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** A pop with a count: the popped elements, or null for a missing key (the server answers nil, not `[]`). */
const asPoppedOrNull = (reply: RespValue) => (reply === null ? null : asBulkArray(reply));

/** redis-py's `lpop(name, count=None)`: one element or null; with `count` a list, or null for a missing key. */
export const LPOP = defineCommand({
  name: 'LPOP',
  build: (name: KeyArg, count?: number): RedisArg[] => (count === undefined ? ['LPOP', name] : ['LPOP', name, count]),
  transform: asBulkOrNull,
  transformFor: (_name: KeyArg, count?: number) => (count === undefined ? undefined : asPoppedOrNull),
  keys: FIRST_KEY,
  flags: WRITE,
});

export const RPOP = defineCommand({
  name: 'RPOP',
  build: (name: KeyArg, count?: number): RedisArg[] => (count === undefined ? ['RPOP', name] : ['RPOP', name, count]),
  transform: asBulkOrNull,
  transformFor: (_name: KeyArg, count?: number) => (count === undefined ? undefined : asPoppedOrNull),
  keys: FIRST_KEY,
  flags: WRITE,
});

export const LLEN = defineCommand({
  name: 'LLEN',
  build: (name: KeyArg) => ['LLEN', name],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LINDEX = defineCommand({
  name: 'LINDEX',
  build: (name: KeyArg, index: number) => ['LINDEX', name, index],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LTRIM = defineCommand({
  name: 'LTRIM',
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
  build: (name: KeyArg, value: ValueArg, options: LposOptions = {}) => {
    const args: RedisArg[] = ['LPOS', name, value];
    if (options.rank !== undefined) args.push('RANK', options.rank);
    if (options.count !== undefined) args.push('COUNT', options.count);
    if (options.maxlen !== undefined) args.push('MAXLEN', options.maxlen);
    return args;
  },
  transform: asIntegerOrNull,
  transformFor: (_name: KeyArg, _value: ValueArg, options?: LposOptions) =>
    options?.count === undefined ? undefined : (reply: RespValue) => toArray(reply).map(asInteger),
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
  build: (src: KeyArg, dst: KeyArg) => ['RPOPLPUSH', src, dst],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE,
  sameSlot: true,
});

export const BRPOPLPUSH = defineCommand({
  name: 'BRPOPLPUSH',
  build: (src: KeyArg, dst: KeyArg, timeout: number = 0) => ['BRPOPLPUSH', src, dst, timeout],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE | BLOCKING,
  sameSlot: true,
  blockingTimeoutMs: (_a: KeyArg, _b: KeyArg, timeout: number = 0) => seconds(timeout),
});

export const LPUSHX = defineCommand({
  name: 'LPUSHX',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'LPUSHX',
    name,
    ...listArg('LPUSHX', 'value', items),
  ],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const RPUSHX = defineCommand({
  name: 'RPUSHX',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => [
    'RPUSHX',
    name,
    ...listArg('RPUSHX', 'value', items),
  ],
  transform: asInteger,
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
  lpush: LPUSH,
  rpush: RPUSH,
  linsert: LINSERT,
  lrange: LRANGE,
  lset: LSET,
  lrem: LREM,
  lpop: LPOP,
  rpop: RPOP,
  llen: LLEN,
  lindex: LINDEX,
  ltrim: LTRIM,
  lpos: LPOS,
  lmove: LMOVE,
  blmove: BLMOVE,
  rpoplpush: RPOPLPUSH,
  brpoplpush: BRPOPLPUSH,
  lpushx: LPUSHX,
  rpushx: RPUSHX,
  blpop: BLPOP,
  brpop: BRPOP,
  lmpop: LMPOP,
  blmpop: BLMPOP,
};
