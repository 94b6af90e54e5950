/** String commands (LCS: lcs.ts; bitmaps: bitmaps.ts; the expiry arguments: key-expiry.ts). */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { type IntegerArg, integerArg, isOne } from './argument-checks.js';
import {
  ALL_KEYS,
  cacheable,
  defineCommand,
  FIRST_KEY,
  flatten,
  IDEMPOTENT,
  KEY_VALUE_PAIRS,
  listArg,
  type Mapping,
  mappingArgs,
  READ_ONLY,
  singleKeyCommand,
  WRITE,
} from './define.js';
import { type Expiry, type ExpiryOptions, expiryArgs, relativeExpiry } from './key-expiry.js';
import { LCS } from './lcs.js';
import {
  asBoolean,
  asBulk,
  asBulkOrNull,
  asInt,
  asNullableBulkArray,
  asNumber,
  asOk,
  asOkOrFalse,
} from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** Options of SET: redis-py's keyword arguments (its `ifeq`/`ifne`/`ifdeq`/`ifdne` need Redis 8.4: not offered). */
export interface SetOptions extends ExpiryOptions {
  /** Only set if the key does not exist. */
  nx?: boolean;
  /** Only set if the key exists. */
  xx?: boolean;
  /** Keep the key's time to live. */
  keepttl?: boolean;
  /** Return the previous value (or null) instead of true/false. */
  get?: boolean;
}

function setArgs(name: KeyArg, value: ValueArg, options?: SetOptions): RedisArg[] {
  // The common case (no options) is the hottest path of the client: no option parsing, no temporaries.
  if (options === undefined) return ['SET', name, value];
  if (options.nx && options.xx) throw new DataError('SET: nx and xx are mutually exclusive');
  const args: RedisArg[] = ['SET', name, value];
  if (options.nx) args.push('NX');
  else if (options.xx) args.push('XX');
  if (options.get) args.push('GET');
  args.push(...expiryArgs('SET', options, 'keepttl', Boolean(options.keepttl)));
  if (options.keepttl) args.push('KEEPTTL');
  return args;
}

export const SET = defineCommand({
  name: 'SET',
  maxArgs: 3,
  options: optionKeys<SetOptions>({
    ex: true,
    px: true,
    exat: true,
    pxat: true,
    nx: true,
    xx: true,
    keepttl: true,
    get: true,
  }),
  build: setArgs,
  transform: asOkOrFalse,
  transformFor: (_name: KeyArg, _value: ValueArg, options?: SetOptions) => (options?.get ? asBulkOrNull : undefined),
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
  // Repeated, SET NX finds its own first write and answers false (a lock the caller holds looks taken), and SET GET
  // returns the value it just wrote: with those options the outcome-unknown rule applies.
  flagsFor: (_name: KeyArg, _value: ValueArg, options?: SetOptions) =>
    options !== undefined && (options.nx === true || options.get === true) ? WRITE : undefined,
});

/** SETEX (seconds) and PSETEX (milliseconds): set a value with a time to live; true. */
function setWithExpiry(name: 'SETEX' | 'PSETEX') {
  return defineCommand({
    name,
    maxArgs: 3,
    build: (key: KeyArg, time: Expiry, value: ValueArg) => [name, key, relativeExpiry(name, 'time', time), value],
    transform: asOk,
    keys: FIRST_KEY,
    flags: IDEMPOTENT,
  });
}

export const SETEX = setWithExpiry('SETEX');
export const PSETEX = setWithExpiry('PSETEX');

export const MSET = defineCommand({
  name: 'MSET',
  maxArgs: 1,
  build: (mapping: Mapping<ValueArg>) => ['MSET', ...mappingArgs('MSET', mapping)],
  transform: asOk,
  keys: KEY_VALUE_PAIRS,
  flags: IDEMPOTENT,
  split: { stride: 2, merge: 'all-ok' },
});

export const MSETNX = defineCommand({
  name: 'MSETNX',
  maxArgs: 1,
  build: (mapping: Mapping<ValueArg>) => ['MSETNX', ...mappingArgs('MSETNX', mapping)],
  transform: asBoolean,
  // All keys in `keys`, no split: MSETNX is all-or-nothing, so a cluster client must refuse keys across slots.
  keys: KEY_VALUE_PAIRS,
  flags: WRITE,
  sameSlot: true,
});

export const APPEND = defineCommand({
  name: 'APPEND',
  maxArgs: 2,
  build: (key: KeyArg, value: ValueArg) => ['APPEND', key, value],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const GET = cacheable(singleKeyCommand('GET', asBulkOrNull, READ_ONLY));
export const GETDEL = singleKeyCommand('GETDEL', asBulkOrNull, WRITE);

export const MGET = defineCommand({
  name: 'MGET',
  // redis-py answers MGET of no keys with an empty list.
  emptyResponse: (...keys: Array<KeyArg | readonly KeyArg[]>) =>
    flatten(keys).length === 0 ? { value: [] as (Bulk | null)[] } : undefined,
  maxArgs: 'variadic',
  build: (...keys: Array<KeyArg | readonly KeyArg[]>) => ['MGET', ...listArg('MGET', 'key', keys)],
  transform: asNullableBulkArray,
  keys: ALL_KEYS,
  flags: READ_ONLY,
  split: { stride: 1, merge: 'ordered' },
});

export const GETRANGE = defineCommand({
  name: 'GETRANGE',
  cacheable: true,
  maxArgs: 3,
  build: (key: KeyArg, start: number, end: number) => ['GETRANGE', key, start, end],
  transform: asBulk,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** redis-py's `substr(name, start, end=-1)`: GETRANGE under its old name. */
export const SUBSTR = defineCommand({
  name: 'SUBSTR',
  cacheable: true,
  maxArgs: 3,
  build: (name: KeyArg, start: number, end: number = -1) => ['SUBSTR', name, start, end],
  transform: asBulk,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/**
 * INCR/INCRBY, DECR/DECRBY. redis-py's `incr` and `decr` are `incrby` and `decrby` (`amount=1`): with an amount
 * other than 1 they send the BY form; `incrby`/`decrby` always do.
 */
function counter(name: 'INCR' | 'DECR' | 'INCRBY' | 'DECRBY', by: 'INCRBY' | 'DECRBY') {
  return defineCommand({
    name,
    maxArgs: 2,
    build: (key: KeyArg, amount: IntegerArg = 1): RedisArg[] =>
      name !== by && isOne(amount) ? [name, key] : [by, key, integerArg(by, 'amount', amount)],
    transform: asInt,
    keys: FIRST_KEY,
    flags: WRITE,
  });
}

export const INCR = counter('INCR', 'INCRBY');
export const INCRBY = counter('INCRBY', 'INCRBY');
export const DECR = counter('DECR', 'DECRBY');
export const DECRBY = counter('DECRBY', 'DECRBY');

export const INCRBYFLOAT = defineCommand({
  name: 'INCRBYFLOAT',
  maxArgs: 2,
  build: (name: KeyArg, amount: number | string = 1) => ['INCRBYFLOAT', name, amount],
  transform: asNumber,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const SETNX = defineCommand({
  name: 'SETNX',
  maxArgs: 2,
  build: (name: KeyArg, value: ValueArg) => ['SETNX', name, value],
  transform: asBoolean,
  keys: FIRST_KEY,
  // A resent SETNX that already ran answers false: the caller would believe it lost a lock it holds.
  flags: WRITE,
});

export const GETSET = defineCommand({
  name: 'GETSET',
  maxArgs: 2,
  build: (name: KeyArg, value: ValueArg) => ['GETSET', name, value],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  // Repeated, it returns the value it just wrote instead of the previous one.
  flags: WRITE,
});

/** Options of GETEX: one expiry (as SET's), or `persist`. */
export interface GetexOptions extends ExpiryOptions {
  /** Remove the time to live. */
  persist?: boolean;
}

export const GETEX = defineCommand({
  name: 'GETEX',
  maxArgs: 2,
  options: optionKeys<GetexOptions>({ ex: true, px: true, exat: true, pxat: true, persist: true }),
  build: (name: KeyArg, options: GetexOptions = {}) => {
    const args: RedisArg[] = ['GETEX', name, ...expiryArgs('GETEX', options, 'persist', Boolean(options.persist))];
    if (options.persist) args.push('PERSIST');
    return args;
  },
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  // EX/PX restart the clock when repeated.
  flags: WRITE,
});

export const STRLEN = cacheable(singleKeyCommand('STRLEN', asInt, READ_ONLY));

export const SETRANGE = defineCommand({
  name: 'SETRANGE',
  maxArgs: 3,
  build: (name: KeyArg, offset: number, value: ValueArg) => ['SETRANGE', name, offset, value],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const stringCommands = {
  /** SET: true, or false when `nx`/`xx` prevented it; `get: true`: the old value or null. `exat`/`pxat` take Dates. */
  set: SET,
  /** SETEX: sets `name` to `value` with a time to live of `time` seconds; resolves to true. */
  setex: SETEX,
  /** PSETEX: sets `name` to `value` with a time to live of `time_ms` milliseconds; resolves to true. */
  psetex: PSETEX,
  /** MSET: sets every key of `mapping` (object, Map or pairs); true. A cluster client splits it by slot: not atomic. */
  mset: MSET,
  /** MSETNX: sets every key of `mapping` only if none of them exists; true if all were set, false if none was. */
  msetnx: MSETNX,
  /** APPEND: appends `value` to the string at `key` (creating it); the string's new length. */
  append: APPEND,
  /** GET: the value stored at `name`, or null when the key does not exist. */
  get: GET,
  /** GETDEL: the value at `name`, deleting the key; null when the key does not exist. */
  getdel: GETDEL,
  /** MGET: the values of `keys` (spread or one array), in order; null for each missing (or non-string) key. */
  mget: MGET,
  /** GETRANGE: the value at `key` from `start` to `end` (inclusive; negative from the end); '' when missing. */
  getrange: GETRANGE,
  /** SUBSTR: as {@link getrange}, `end` defaulting to -1 (the end of the string). */
  substr: SUBSTR,
  /** INCR: adds `amount` (default 1; number, bigint or digit string) to the integer at `name`; the new value. */
  incr: INCR,
  /** INCRBY: adds `amount` (default 1; number, bigint or digit string) to the integer at `name`; the new value. */
  incrby: INCRBY,
  /** INCRBYFLOAT: adds the float `amount` (default 1) to the value at `name`; the new value as a number. */
  incrbyfloat: INCRBYFLOAT,
  /** DECR: subtracts `amount` (default 1; number, bigint or digit string) from the integer at `name`; the new value. */
  decr: DECR,
  /** DECRBY: subtracts `amount` (default 1; number, bigint or digit string) from the integer at `name`; the new value. */
  decrby: DECRBY,
  /** SETNX: sets `name` to `value` only if the key does not exist; true if it was set, false otherwise. */
  setnx: SETNX,
  /** GETSET: sets `name` to `value`; the previous value, or null when the key did not exist. */
  getset: GETSET,
  /** GETEX: the value at `name` or null, setting its expiry (`ex`, `px`, `exat`/`pxat` also as Dates) or `persist`. */
  getex: GETEX,
  /** STRLEN: the length of the string at `name`, 0 when the key does not exist. */
  strlen: STRLEN,
  /** SETRANGE: overwrites the string at `name` from `offset` with `value` (zero-padded); the string's new length. */
  setrange: SETRANGE,
  /** LCS: the longest common subsequence of `key1` and `key2`; `len: true`: its length; `idx: true`: `{ matches, len }`. */
  lcs: LCS,
};
