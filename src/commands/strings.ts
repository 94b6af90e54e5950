/** String commands. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import {
  ALL_KEYS,
  defineCommand,
  FIRST_KEY,
  FIRST_TWO_KEYS,
  flatten,
  IDEMPOTENT,
  KEY_VALUE_PAIRS,
  listArg,
  type Mapping,
  mappingArgs,
  READ_ONLY,
  unixMilliseconds,
  unixSeconds,
  WRITE,
} from './define.js';
import {
  asBoolean,
  asBulk,
  asBulkOrNull,
  asInt,
  asInteger,
  asIs,
  asNullableBulkArray,
  asNumber,
  asOk,
  asOkOrFalse,
} from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** Options of SET. */
export interface SetOptions {
  /** Expire after this many seconds. */
  ex?: number;
  /** Expire after this many milliseconds. */
  px?: number;
  /** Expire at this Unix time (seconds, or a Date). */
  exat?: number | Date;
  /** Expire at this Unix time in milliseconds (or a Date). */
  pxat?: number | Date;
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
  const args: RedisArg[] = ['SET', name, value];
  const expiries =
    (options.ex !== undefined ? 1 : 0) +
    (options.px !== undefined ? 1 : 0) +
    (options.exat !== undefined ? 1 : 0) +
    (options.pxat !== undefined ? 1 : 0) +
    (options.keepttl ? 1 : 0);
  if (expiries > 1) throw new DataError('SET takes only one of ex, px, exat, pxat and keepttl');
  if (options.nx && options.xx) throw new DataError('SET takes nx or xx, not both');
  if (options.ex !== undefined) args.push('EX', options.ex);
  if (options.px !== undefined) args.push('PX', options.px);
  if (options.exat !== undefined) args.push('EXAT', unixSeconds(options.exat));
  if (options.pxat !== undefined) args.push('PXAT', unixMilliseconds(options.pxat));
  if (options.keepttl) args.push('KEEPTTL');
  if (options.nx) args.push('NX');
  if (options.xx) args.push('XX');
  if (options.get) args.push('GET');
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

export const SETEX = defineCommand({
  name: 'SETEX',
  maxArgs: 3,
  build: (name: KeyArg, seconds: number, value: ValueArg) => ['SETEX', name, seconds, value],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const MSET = defineCommand({
  name: 'MSET',
  maxArgs: 1,
  build: (mapping: Mapping<ValueArg>) => ['MSET', ...mappingArgs('MSET', mapping)],
  transform: asOk,
  keys: KEY_VALUE_PAIRS,
  flags: IDEMPOTENT,
  split: { stride: 2, merge: 'all-ok' },
});

export const APPEND = defineCommand({
  name: 'APPEND',
  maxArgs: 2,
  build: (name: KeyArg, value: ValueArg) => ['APPEND', name, value],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const GET = defineCommand({
  name: 'GET',
  maxArgs: 1,
  build: (name: KeyArg) => ['GET', name],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

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
  maxArgs: 3,
  build: (name: KeyArg, start: number, end: number) => ['GETRANGE', name, start, end],
  transform: asBulk,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const INCR = defineCommand({
  name: 'INCR',
  maxArgs: 1,
  build: (name: KeyArg) => ['INCR', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** redis-py's `incrby(name, amount=1)`. */
export const INCRBY = defineCommand({
  name: 'INCRBY',
  maxArgs: 2,
  build: (name: KeyArg, amount: number | bigint = 1) => ['INCRBY', name, amount],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const INCRBYFLOAT = defineCommand({
  name: 'INCRBYFLOAT',
  maxArgs: 2,
  build: (name: KeyArg, amount: number = 1) => ['INCRBYFLOAT', name, amount],
  transform: asNumber,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const DECR = defineCommand({
  name: 'DECR',
  maxArgs: 1,
  build: (name: KeyArg) => ['DECR', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const DECRBY = defineCommand({
  name: 'DECRBY',
  maxArgs: 2,
  build: (name: KeyArg, amount: number | bigint = 1) => ['DECRBY', name, amount],
  transform: asInt,
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

export const GETDEL = defineCommand({
  name: 'GETDEL',
  maxArgs: 1,
  build: (name: KeyArg) => ['GETDEL', name],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** Options of GETEX. */
export interface GetexOptions {
  ex?: number;
  px?: number;
  exat?: number | Date;
  pxat?: number | Date;
  /** Remove the time to live. */
  persist?: boolean;
}

function getexArgs(name: KeyArg, options: GetexOptions = {}): RedisArg[] {
  const given = [options.ex, options.px, options.exat, options.pxat, options.persist || undefined];
  if (given.filter((o) => o !== undefined).length > 1) {
    throw new DataError('GETEX takes only one of ex, px, exat, pxat and persist');
  }
  const args: RedisArg[] = ['GETEX', name];
  if (options.ex !== undefined) args.push('EX', options.ex);
  if (options.px !== undefined) args.push('PX', options.px);
  if (options.exat !== undefined) args.push('EXAT', unixSeconds(options.exat));
  if (options.pxat !== undefined) args.push('PXAT', unixMilliseconds(options.pxat));
  if (options.persist) args.push('PERSIST');
  return args;
}

export const GETEX = defineCommand({
  name: 'GETEX',
  maxArgs: 2,
  options: optionKeys<GetexOptions>({ ex: true, px: true, exat: true, pxat: true, persist: true }),
  build: getexArgs,
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  // EX/PX restart the clock when repeated.
  flags: WRITE,
});

export const STRLEN = defineCommand({
  name: 'STRLEN',
  maxArgs: 1,
  build: (name: KeyArg) => ['STRLEN', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const SETRANGE = defineCommand({
  name: 'SETRANGE',
  maxArgs: 3,
  build: (name: KeyArg, offset: number, value: ValueArg) => ['SETRANGE', name, offset, value],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
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

export const PSETEX = defineCommand({
  name: 'PSETEX',
  maxArgs: 3,
  build: (name: KeyArg, milliseconds: number, value: ValueArg) => ['PSETEX', name, milliseconds, value],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

/** Options of LCS. */
export interface LcsOptions {
  /** Return the length of the match only. */
  len?: boolean;
  /** Return the match positions (the server's reply, as decoded). */
  idx?: boolean;
  /** With idx: only matches at least this long. */
  minmatchlen?: number;
  /** With idx: include each match's length. */
  withmatchlen?: boolean;
}

export const LCS = defineCommand({
  name: 'LCS',
  maxArgs: 3,
  options: optionKeys<LcsOptions>({ len: true, idx: true, minmatchlen: true, withmatchlen: true }),
  build: (key1: KeyArg, key2: KeyArg, options: LcsOptions = {}) => {
    if (options.len && options.idx) throw new DataError('LCS takes len or idx, not both');
    const args: RedisArg[] = ['LCS', key1, key2];
    if (options.len) args.push('LEN');
    if (options.idx) args.push('IDX');
    if (options.minmatchlen !== undefined) args.push('MINMATCHLEN', options.minmatchlen);
    if (options.withmatchlen) args.push('WITHMATCHLEN');
    return args;
  },
  transform: asBulk,
  transformFor: (_k1: KeyArg, _k2: KeyArg, options?: LcsOptions) =>
    options?.len ? asInteger : options?.idx ? asIs : undefined,
  keys: FIRST_TWO_KEYS,
  flags: READ_ONLY,
});

export const stringCommands = {
  /** SET: true, or false when `nx`/`xx` prevented it; `get: true`: the old value or null. `exat`/`pxat` take Dates. */
  set: SET,
  /** SETEX: sets `name` to `value` with a time to live of `seconds`; resolves to true. */
  setex: SETEX,
  /** MSET: sets every key of `mapping` (object, Map or pairs); true. A cluster client splits it by slot: not atomic. */
  mset: MSET,
  /** APPEND: appends `value` to the string at `name` (creating it); the string's new length. */
  append: APPEND,
  /** GET: the value stored at `name`, or null when the key does not exist. */
  get: GET,
  /** MGET: the values of `keys` (spread or one array), in order; null for each missing (or non-string) key. */
  mget: MGET,
  /** GETRANGE: the value at `name` from `start` to `end` (inclusive; negative from the end); '' when missing. */
  getrange: GETRANGE,
  /** INCR: adds 1 to the integer at `name` (missing counts as 0); the new value as a number. */
  incr: INCR,
  /** INCRBY: adds `amount` (default 1; number or bigint) to the integer at `name`; the new value as a number. */
  incrby: INCRBY,
  /** INCRBYFLOAT: adds the float `amount` (default 1) to the value at `name`; the new value as a number. */
  incrbyfloat: INCRBYFLOAT,
  /** DECR: subtracts 1 from the integer at `name` (missing counts as 0); the new value as a number. */
  decr: DECR,
  /** DECRBY: subtracts `amount` (default 1; number or bigint) from the integer at `name`; the new value as a number. */
  decrby: DECRBY,
  /** SETNX: sets `name` to `value` only if the key does not exist; true if it was set, false otherwise. */
  setnx: SETNX,
  /** GETSET: sets `name` to `value`; the previous value, or null when the key did not exist. */
  getset: GETSET,
  /** GETDEL: the value at `name`, deleting the key; null when the key does not exist. */
  getdel: GETDEL,
  /** GETEX: the value at `name` or null, setting its expiry (`ex`, `px`, `exat`/`pxat` also as Dates) or `persist`. */
  getex: GETEX,
  /** STRLEN: the length of the string at `name`, 0 when the key does not exist. */
  strlen: STRLEN,
  /** SETRANGE: overwrites the string at `name` from `offset` with `value` (zero-padded); the string's new length. */
  setrange: SETRANGE,
  /** MSETNX: sets every key of `mapping` only if none of them exists; true if all were set, false if none was. */
  msetnx: MSETNX,
  /** PSETEX: sets `name` to `value` with a time to live of `milliseconds`; resolves to true. */
  psetex: PSETEX,
  /** LCS: the longest common subsequence of `key1` and `key2`; `len: true`: its length; `idx: true`: the raw reply. */
  lcs: LCS,
};
