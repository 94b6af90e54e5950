/** Hash commands. */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import {
  atLeastOne,
  defineCommand,
  FIRST_KEY,
  flatten,
  IDEMPOTENT,
  type Mapping,
  mappingArgs,
  READ_ONLY,
} from './define.js';
import { asBulkArray, asBulkOrNull, asInteger, asNullableBulkArray, asOk, asRecord } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

/** `hset(name, field, value)`, `hset(name, mapping)` or both, like redis-py's `hset(name, key, value, mapping=…)`. */
function hsetArgs(
  name: KeyArg,
  fieldOrMapping: KeyArg | Mapping<ValueArg>,
  value?: ValueArg,
  mapping?: Mapping<ValueArg>,
) {
  const args: RedisArg[] = ['HSET', name];
  if (typeof fieldOrMapping === 'string' || Buffer.isBuffer(fieldOrMapping)) {
    if (value === undefined) throw new DataError('HSET needs a value for the field');
    args.push(fieldOrMapping, value);
    if (mapping !== undefined) args.push(...mappingArgs('HSET', mapping));
  } else {
    if (value !== undefined) throw new DataError('HSET takes a field and a value, or a mapping');
    args.push(...mappingArgs('HSET', fieldOrMapping));
  }
  return args;
}

export const HSET = defineCommand({
  name: 'HSET',
  build: hsetArgs,
  transform: asInteger,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const HMSET = defineCommand({
  name: 'HMSET',
  build: (name: KeyArg, mapping: Mapping<ValueArg>) => ['HMSET', name, ...mappingArgs('HMSET', mapping)],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const HKEYS = defineCommand({
  name: 'HKEYS',
  build: (name: KeyArg) => ['HKEYS', name],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HVALS = defineCommand({
  name: 'HVALS',
  build: (name: KeyArg) => ['HVALS', name],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HGET = defineCommand({
  name: 'HGET',
  build: (name: KeyArg, field: KeyArg) => ['HGET', name, field],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HMGET = defineCommand({
  name: 'HMGET',
  build: (name: KeyArg, ...fields: Array<KeyArg | readonly KeyArg[]>) => [
    'HMGET',
    name,
    ...atLeastOne('HMGET', 'field', flatten(fields)),
  ],
  transform: asNullableBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const HDEL = defineCommand({
  name: 'HDEL',
  build: (name: KeyArg, ...fields: Array<KeyArg | readonly KeyArg[]>) => [
    'HDEL',
    name,
    ...atLeastOne('HDEL', 'field', flatten(fields)),
  ],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const HGETALL = defineCommand({
  name: 'HGETALL',
  build: (name: KeyArg) => ['HGETALL', name],
  transform: asRecord,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const hashCommands = {
  hset: HSET,
  hmset: HMSET,
  hkeys: HKEYS,
  hvals: HVALS,
  hget: HGET,
  hmget: HMGET,
  hdel: HDEL,
  hgetall: HGETALL,
};
