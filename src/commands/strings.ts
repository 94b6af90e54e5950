/** String commands. */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import {
  ALL_KEYS,
  atLeastOne,
  defineCommand,
  FIRST_KEY,
  flatten,
  IDEMPOTENT,
  KEY_VALUE_PAIRS,
  type Mapping,
  mappingArgs,
  READ_ONLY,
  unixMilliseconds,
  unixSeconds,
  WRITE,
} from './define.js';
import { asBulk, asBulkOrNull, asInteger, asNullableBulkArray, asOk, asOkOrFalse } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

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

function setArgs(name: KeyArg, value: ValueArg, options: SetOptions = {}): RedisArg[] {
  const args: RedisArg[] = ['SET', name, value];
  const expiries = [options.ex, options.px, options.exat, options.pxat, options.keepttl || undefined];
  if (expiries.filter((e) => e !== undefined).length > 1) {
    throw new DataError('SET takes only one of ex, px, exat, pxat and keepttl');
  }
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
  build: setArgs,
  transform: asOkOrFalse,
  transformFor: (_name: KeyArg, _value: ValueArg, options?: SetOptions) => (options?.get ? asBulkOrNull : undefined),
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const SETEX = defineCommand({
  name: 'SETEX',
  build: (name: KeyArg, seconds: number, value: ValueArg) => ['SETEX', name, seconds, value],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const MSET = defineCommand({
  name: 'MSET',
  build: (mapping: Mapping<ValueArg>) => ['MSET', ...mappingArgs('MSET', mapping)],
  transform: asOk,
  keys: KEY_VALUE_PAIRS,
  flags: IDEMPOTENT,
  split: { stride: 2, merge: 'all-ok' },
});

export const APPEND = defineCommand({
  name: 'APPEND',
  build: (name: KeyArg, value: ValueArg) => ['APPEND', name, value],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const GET = defineCommand({
  name: 'GET',
  build: (name: KeyArg) => ['GET', name],
  transform: asBulkOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const MGET = defineCommand({
  name: 'MGET',
  build: (...keys: Array<KeyArg | readonly KeyArg[]>) => ['MGET', ...atLeastOne('MGET', 'key', flatten(keys))],
  transform: asNullableBulkArray,
  keys: ALL_KEYS,
  flags: READ_ONLY,
  split: { stride: 1, merge: 'ordered' },
});

export const GETRANGE = defineCommand({
  name: 'GETRANGE',
  build: (name: KeyArg, start: number, end: number) => ['GETRANGE', name, start, end],
  transform: asBulk,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const stringCommands = {
  set: SET,
  setex: SETEX,
  mset: MSET,
  append: APPEND,
  get: GET,
  mget: MGET,
  getrange: GETRANGE,
};
