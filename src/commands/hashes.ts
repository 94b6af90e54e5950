/** Hash commands. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
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
import {
  asBoolean,
  asBulkArray,
  asBulkOrNull,
  asInt,
  asNullableBulkArray,
  asNumber,
  asOk,
  asRecord,
  text,
  toArray,
} from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** A field given on its own (not a mapping): text, bytes or a number. */
function isField(value: unknown): value is ValueArg {
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'bigint' || value instanceof Uint8Array;
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
    args.push(...mappingArgs('HSET', key));
  } else if (value != null) throw new DataError('HSET: a value needs a field');
  if (mapping != null) args.push(...mappingArgs('HSET', mapping));
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
  maxArgs: 1,
  build: (name: KeyArg) => ['HKEYS', name],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HVALS = defineCommand({
  name: 'HVALS',
  maxArgs: 1,
  build: (name: KeyArg) => ['HVALS', name],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HGET = defineCommand({
  name: 'HGET',
  maxArgs: 2,
  build: (name: KeyArg, field: KeyArg) => ['HGET', name, field],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HMGET = defineCommand({
  name: 'HMGET',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...fields: Array<KeyArg | readonly KeyArg[]>) => [
    'HMGET',
    name,
    ...listArg('HMGET', 'field', fields),
  ],
  transform: asNullableBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HDEL = defineCommand({
  name: 'HDEL',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...fields: Array<KeyArg | readonly KeyArg[]>) => [
    'HDEL',
    name,
    ...listArg('HDEL', 'field', fields),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const HGETALL = defineCommand({
  name: 'HGETALL',
  maxArgs: 1,
  build: (name: KeyArg) => ['HGETALL', name],
  transform: asRecord,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HINCRBY = defineCommand({
  name: 'HINCRBY',
  maxArgs: 3,
  build: (name: KeyArg, key: KeyArg, amount: number | bigint = 1) => ['HINCRBY', name, key, amount],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const HINCRBYFLOAT = defineCommand({
  name: 'HINCRBYFLOAT',
  maxArgs: 3,
  build: (name: KeyArg, key: KeyArg, amount: number = 1) => ['HINCRBYFLOAT', name, key, amount],
  transform: asNumber,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const HEXISTS = defineCommand({
  name: 'HEXISTS',
  maxArgs: 2,
  build: (name: KeyArg, key: KeyArg) => ['HEXISTS', name, key],
  transform: asBoolean,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HLEN = defineCommand({
  name: 'HLEN',
  maxArgs: 1,
  build: (name: KeyArg) => ['HLEN', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HSETNX = defineCommand({
  name: 'HSETNX',
  maxArgs: 3,
  build: (name: KeyArg, key: KeyArg, value: ValueArg) => ['HSETNX', name, key, value],
  transform: asBoolean,
  keys: FIRST_KEY,
  // Repeated, it answers false although the first one set the field.
  flags: WRITE,
});

export const HSTRLEN = defineCommand({
  name: 'HSTRLEN',
  maxArgs: 2,
  build: (name: KeyArg, key: KeyArg) => ['HSTRLEN', name, key],
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

/**
 * One random field (or null), `count` fields (negative: may repeat), or with `withvalues` `[field, value]` pairs.
 */
export const HRANDFIELD = defineCommand({
  name: 'HRANDFIELD',
  maxArgs: 3,
  build: (key: KeyArg, count?: number, withvalues?: boolean) => {
    if (withvalues && count === undefined) throw new DataError('HRANDFIELD needs a count with withvalues');
    const args: RedisArg[] = ['HRANDFIELD', key];
    if (count !== undefined) args.push(count);
    if (withvalues) args.push('WITHVALUES');
    return args;
  },
  transform: asBulkOrNull,
  transformFor: (_key: KeyArg, count?: number, withvalues?: boolean) =>
    withvalues ? asFieldValuePairs : count !== undefined ? asBulkArray : undefined,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of HSCAN. */
export interface HscanOptions {
  match?: string | Buffer;
  count?: number;
}

/** One HSCAN call: `[nextCursor, { field: value }]` (a null-prototype object); cursor 0 ends the iteration. */
export const HSCAN = defineCommand({
  name: 'HSCAN',
  maxArgs: 3,
  options: optionKeys<HscanOptions>({ match: true, count: true }),
  build: (name: KeyArg, cursor: number | string = 0, options: HscanOptions = {}) => {
    const args: RedisArg[] = ['HSCAN', name, cursor];
    if (options.match !== undefined) args.push('MATCH', options.match);
    if (options.count !== undefined) args.push('COUNT', options.count);
    return args;
  },
  transform: (reply: never): [number, Record<string, Bulk>] => {
    const [cursor, items] = toArray(reply);
    return [Number(text(cursor)), asRecord(items)];
  },
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const hashCommands = {
  /** HSET: sets one field (`fieldOrMapping`, `value`), the fields of a mapping, or both; the number of fields added. */
  hset: HSET,
  /** HMSET: sets the fields of `mapping` (object, Map or pairs) in the hash at `name`; true. Deprecated: use HSET. */
  hmset: HMSET,
  /** HKEYS: the field names of the hash at `name` ([] when the key does not exist). */
  hkeys: HKEYS,
  /** HVALS: the values of the hash at `name` ([] when the key does not exist). */
  hvals: HVALS,
  /** HGET: the value of `field` in the hash at `name`, or null when the field or the key does not exist. */
  hget: HGET,
  /** HMGET: the values of `fields` (spread or one array) of the hash `name`, in order; null for each missing field. */
  hmget: HMGET,
  /** HDEL: removes `fields` (spread or one array) from the hash at `name`; the number of fields removed. */
  hdel: HDEL,
  /** HGETALL: the hash at `name` as a null-prototype `{ field: value }` object (field names as text); {} if missing. */
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
  /** HRANDFIELD: a random field or null; with `count` a list (negative may repeat); `withvalues`: `[field, value]`s. */
  hrandfield: HRANDFIELD,
  /** HSCAN: one step from `cursor` (`match`, `count`): `[nextCursor, { field: value }]`; cursor 0 when done. */
  hscan: HSCAN,
};
