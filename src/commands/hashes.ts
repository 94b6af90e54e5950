/** Hash commands. */

import { DataError } from '../errors.js';
import { isPlainObject, optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import {
  defineCommand,
  FIRST_KEY,
  IDEMPOTENT,
  listArg,
  type Mapping,
  mappingArgs,
  READ_ONLY,
  WRITE,
} from './define.js';
import { type ScanOptions, scanArgs, scanCursor } from './sets.js';
import {
  asBoolean,
  asBulkArray,
  asBulkOrNull,
  asInt,
  asNullableBulkArray,
  asNumber,
  asOk,
  asRecord,
  toArray,
} from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** A field given on its own (not a mapping): text, bytes or a number. */
function isField(value: unknown): value is ValueArg {
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'bigint' || value instanceof Uint8Array;
}

/** An empty object, Map or list: redis-py skips an empty `mapping` (and raises only when nothing at all is given). */
function isEmptyMapping(mapping: Mapping<ValueArg>): boolean {
  if (mapping instanceof Map) return mapping.size === 0;
  if (Array.isArray(mapping)) return mapping.length === 0;
  return isPlainObject(mapping) && Object.keys(mapping).length === 0;
}

/**
 * redis-py's `hset(name, key=None, value=None, mapping=None, items=None)`: a field and its value, a mapping, a flat
 * `[field, value, …]` list, or any of them together; `hset(name, mapping)` is accepted as a shorthand.
 */
function hsetArgs(
  name: KeyArg,
  key?: ValueArg | Mapping<ValueArg> | null,
  value?: ValueArg | null,
  mapping?: Mapping<ValueArg> | null,
  items?: readonly ValueArg[] | null,
) {
  const args: RedisArg[] = ['HSET', name];
  if (items != null) {
    if (!Array.isArray(items) || items.length % 2 !== 0) {
      throw new DataError('HSET: items must be a flat list of field, value pairs');
    }
    args.push(...items);
  }
  if (isField(key)) {
    if (value == null) throw new DataError('HSET: a field needs a value');
    args.push(key, value);
  } else if (key != null) {
    if (value != null) throw new DataError('HSET: a mapping as the second argument takes no value');
    if (!isEmptyMapping(key)) args.push(...mappingArgs('HSET', key));
  } else if (value != null) throw new DataError('HSET: a value needs a field');
  if (mapping != null && !isEmptyMapping(mapping)) args.push(...mappingArgs('HSET', mapping));
  if (args.length === 2) throw new DataError('HSET needs at least one field and value');
  return args;
}

export const HSET = defineCommand({
  name: 'HSET',
  maxArgs: 5,
  build: hsetArgs,
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const HMSET = defineCommand({
  name: 'HMSET',
  maxArgs: 2,
  build: (name: KeyArg, mapping: Mapping<ValueArg>) => ['HMSET', name, ...mappingArgs('HMSET', mapping)],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const HKEYS = defineCommand({
  name: 'HKEYS',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['HKEYS', name],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HVALS = defineCommand({
  name: 'HVALS',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['HVALS', name],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HGET = defineCommand({
  name: 'HGET',
  cacheable: true,
  maxArgs: 2,
  build: (name: KeyArg, key: ValueArg) => ['HGET', name, key],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HMGET = defineCommand({
  name: 'HMGET',
  cacheable: true,
  maxArgs: 'variadic',
  build: (name: KeyArg, ...keys: Array<ValueArg | readonly ValueArg[]>) => [
    'HMGET',
    name,
    ...listArg('HMGET', 'field', keys),
  ],
  transform: asNullableBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HDEL = defineCommand({
  name: 'HDEL',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...keys: Array<ValueArg | readonly ValueArg[]>) => [
    'HDEL',
    name,
    ...listArg('HDEL', 'field', keys),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const HGETALL = defineCommand({
  name: 'HGETALL',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['HGETALL', name],
  transform: asRecord,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HINCRBY = defineCommand({
  name: 'HINCRBY',
  maxArgs: 3,
  build: (name: KeyArg, key: ValueArg, amount: number | bigint = 1) => ['HINCRBY', name, key, amount],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const HINCRBYFLOAT = defineCommand({
  name: 'HINCRBYFLOAT',
  maxArgs: 3,
  build: (name: KeyArg, key: ValueArg, amount: number = 1) => ['HINCRBYFLOAT', name, key, amount],
  transform: asNumber,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const HEXISTS = defineCommand({
  name: 'HEXISTS',
  cacheable: true,
  maxArgs: 2,
  build: (name: KeyArg, key: ValueArg) => ['HEXISTS', name, key],
  transform: asBoolean,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HLEN = defineCommand({
  name: 'HLEN',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['HLEN', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HSETNX = defineCommand({
  name: 'HSETNX',
  maxArgs: 3,
  build: (name: KeyArg, key: ValueArg, value: ValueArg) => ['HSETNX', name, key, value],
  transform: asBoolean,
  keys: FIRST_KEY,
  // Repeated, it answers false although the first one set the field.
  flags: WRITE,
});

export const HSTRLEN = defineCommand({
  name: 'HSTRLEN',
  cacheable: true,
  maxArgs: 2,
  build: (name: KeyArg, key: ValueArg) => ['HSTRLEN', name, key],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** RESP2 flat `[f, v, f, v]` or RESP3 `[[f, v], …]` as pairs. */
function asFieldValuePairs(reply: RespValue): Array<[Bulk, Bulk]> {
  const items = toArray(reply);
  const out: Array<[Bulk, Bulk]> = [];
  if (items.length > 0 && Array.isArray(items[0])) {
    for (const pair of items as unknown as Bulk[][]) out.push([pair[0], pair[1]]);
    return out;
  }
  for (let i = 0; i + 1 < items.length; i += 2)
    out.push([items[i] as unknown as Bulk, items[i + 1] as unknown as Bulk]);
  return out;
}

/** Options of HRANDFIELD: redis-py's keyword argument `withvalues`. */
export interface HrandfieldOptions {
  /** `[field, value]` pairs instead of field names (needs a count). */
  withvalues?: boolean;
}

/**
 * redis-py's `hrandfield(key, count=None, withvalues=False)`: one random field (or null), `count` fields (negative:
 * may repeat), or with `withvalues` `[field, value]` pairs.
 */
export const HRANDFIELD = defineCommand({
  name: 'HRANDFIELD',
  maxArgs: 3,
  options: optionKeys<HrandfieldOptions>({ withvalues: true }),
  build: (key: KeyArg, count?: number | null, options: HrandfieldOptions = {}) => {
    if (options.withvalues && count == null) throw new DataError('HRANDFIELD needs a count with withvalues');
    const args: RedisArg[] = ['HRANDFIELD', key];
    if (count != null) args.push(count);
    if (options.withvalues) args.push('WITHVALUES');
    return args;
  },
  transform: asBulkOrNull,
  transformFor: (_key: KeyArg, count?: number | null, options?: HrandfieldOptions) =>
    options?.withvalues ? asFieldValuePairs : count != null ? asBulkArray : undefined,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of HSCAN: redis-py's keyword arguments `match` and `count` (`no_values` needs Redis 7.4). */
export type HscanOptions = ScanOptions;

/** redis-py's `hscan(name, cursor=0, match=None, count=None)`: `[nextCursor, { field: value }]`; 0 ends the walk. */
export const HSCAN = defineCommand({
  name: 'HSCAN',
  maxArgs: 3,
  options: optionKeys<HscanOptions>({ match: true, count: true }),
  build: (name: KeyArg, cursor: number | string = 0, options: HscanOptions = {}) =>
    scanArgs('HSCAN', name, cursor, options),
  transform: (reply: RespValue): [number, Record<string, Bulk>] => {
    const { cursor, items } = scanCursor(reply);
    return [cursor, asRecord(items)];
  },
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const hashCommands = {
  /** HSET: `(name, key, value, mapping, items)`: a field and value, a mapping, flat `items`, or several; fields added. */
  hset: HSET,
  /** HMSET: sets the fields of `mapping` (object, Map or pairs) in the hash at `name`; true. Deprecated: use HSET. */
  hmset: HMSET,
  /** HKEYS: the field names of the hash at `name` ([] when the key does not exist). */
  hkeys: HKEYS,
  /** HVALS: the values of the hash at `name` ([] when the key does not exist). */
  hvals: HVALS,
  /** HGET: the value of the field `key` in the hash at `name`, or null when the field or the key does not exist. */
  hget: HGET,
  /** HMGET: the values of the fields `keys` (spread or one array) of the hash `name`, in order; null for missing ones. */
  hmget: HMGET,
  /** HDEL: removes the fields `keys` (spread or one array) from the hash at `name`; the number of fields removed. */
  hdel: HDEL,
  /** HGETALL: the hash at `name` as an ordinary `{ field: value }` object (`__proto__` and the like as own fields) (field names as text); {} if missing. */
  hgetall: HGETALL,
  /** HINCRBY: adds `amount` (default 1; number or bigint) to the field `key` of `name`; the new value as a number. */
  hincrby: HINCRBY,
  /** HINCRBYFLOAT: adds the float `amount` (default 1) to the field `key` of `name`; the new value as a number. */
  hincrbyfloat: HINCRBYFLOAT,
  /** HEXISTS: whether the hash at `name` has the field `key`. */
  hexists: HEXISTS,
  /** HLEN: the number of fields in the hash at `name`, 0 when the key does not exist. */
  hlen: HLEN,
  /** HSETNX: sets the field `key` of `name` to `value` only if it does not exist; true if set, false otherwise. */
  hsetnx: HSETNX,
  /** HSTRLEN: the length of the value of the field `key` of `name`, 0 when the field or the key does not exist. */
  hstrlen: HSTRLEN,
  /** HRANDFIELD: a random field or null; `count`: a list (negative may repeat); `{ withvalues }`: `[field, value]`s. */
  hrandfield: HRANDFIELD,
  /** HSCAN: one step from `cursor` (`match`, `count`): `[nextCursor, { field: value }]`; cursor 0 when done. */
  hscan: HSCAN,
};
