/** Generic key commands. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import {
  ALL_KEYS,
  defineCommand,
  FIRST_KEY,
  FIRST_TWO_KEYS,
  IDEMPOTENT,
  listArg,
  READ_ONLY,
  unixMilliseconds,
  unixSeconds,
  WRITE,
} from './define.js';
import {
  asBoolean,
  asBulkArray,
  asBulkOrNull,
  asInt,
  asIntegerOrNull,
  asNullableBulkArray,
  asOk,
  asStatus,
  text,
  toArray,
} from './transforms.js';
import type { Bulk, KeyArg } from './types.js';

/** Conditions for EXPIRE and friends (Redis 7.0+): only if no expiry, has one, greater or less than the current one. */
export interface ExpireOptions {
  nx?: boolean;
  xx?: boolean;
  gt?: boolean;
  lt?: boolean;
}

export function expireConditionArgs(command: string, options: ExpireOptions = {}): RedisArg[] {
  const set = (['nx', 'xx', 'gt', 'lt'] as const).filter((o) => options[o]);
  if (set.length > 1) throw new DataError(`${command} takes only one of nx, xx, gt and lt`);
  return set.length === 1 ? [set[0].toUpperCase()] : [];
}

/** What TYPE answers. */
export type KeyType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream' | 'none';

export const KEYS = defineCommand({
  name: 'KEYS',
  maxArgs: 1,
  build: (pattern: KeyArg = '*') => ['KEYS', pattern],
  transform: asBulkArray,
  flags: READ_ONLY,
  route: 'primaries-concat',
});

export const EXISTS = defineCommand({
  name: 'EXISTS',
  maxArgs: 'variadic',
  build: (...names: Array<KeyArg | readonly KeyArg[]>) => ['EXISTS', ...listArg('EXISTS', 'key', names)],
  transform: asInt,
  keys: ALL_KEYS,
  flags: READ_ONLY,
  split: { stride: 1, merge: 'sum' },
});

export const TYPE = defineCommand({
  name: 'TYPE',
  maxArgs: 1,
  build: (name: KeyArg) => ['TYPE', name],
  transform: (reply: never) => asStatus(reply) as KeyType,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const DEL = defineCommand({
  name: 'DEL',
  maxArgs: 'variadic',
  build: (...names: Array<KeyArg | readonly KeyArg[]>) => ['DEL', ...listArg('DEL', 'key', names)],
  transform: asInt,
  keys: ALL_KEYS,
  flags: IDEMPOTENT,
  split: { stride: 1, merge: 'sum' },
});

export const EXPIRE = defineCommand({
  name: 'EXPIRE',
  maxArgs: 3,
  options: optionKeys<ExpireOptions>({ nx: true, xx: true, gt: true, lt: true }),
  build: (name: KeyArg, seconds: number, options?: ExpireOptions) => [
    'EXPIRE',
    name,
    seconds,
    ...expireConditionArgs('EXPIRE', options),
  ],
  transform: asBoolean,
  keys: FIRST_KEY,
  // A relative expiry restarts the clock when repeated: not an absolute state.
  flags: 0,
});

export const TTL = defineCommand({
  name: 'TTL',
  maxArgs: 1,
  build: (name: KeyArg) => ['TTL', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const PERSIST = defineCommand({
  name: 'PERSIST',
  maxArgs: 1,
  build: (name: KeyArg) => ['PERSIST', name],
  transform: asBoolean,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const PEXPIRE = defineCommand({
  name: 'PEXPIRE',
  maxArgs: 3,
  options: optionKeys<ExpireOptions>({ nx: true, xx: true, gt: true, lt: true }),
  build: (name: KeyArg, milliseconds: number, options?: ExpireOptions) => [
    'PEXPIRE',
    name,
    milliseconds,
    ...expireConditionArgs('PEXPIRE', options),
  ],
  transform: asBoolean,
  keys: FIRST_KEY,
  // Relative: a repetition restarts the clock.
  flags: WRITE,
});

export const EXPIREAT = defineCommand({
  name: 'EXPIREAT',
  maxArgs: 3,
  options: optionKeys<ExpireOptions>({ nx: true, xx: true, gt: true, lt: true }),
  build: (name: KeyArg, when: number | Date, options?: ExpireOptions) => [
    'EXPIREAT',
    name,
    unixSeconds(when),
    ...expireConditionArgs('EXPIREAT', options),
  ],
  transform: asBoolean,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const PEXPIREAT = defineCommand({
  name: 'PEXPIREAT',
  maxArgs: 3,
  options: optionKeys<ExpireOptions>({ nx: true, xx: true, gt: true, lt: true }),
  build: (name: KeyArg, when: number | Date, options?: ExpireOptions) => [
    'PEXPIREAT',
    name,
    unixMilliseconds(when),
    ...expireConditionArgs('PEXPIREAT', options),
  ],
  transform: asBoolean,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const PTTL = defineCommand({
  name: 'PTTL',
  maxArgs: 1,
  build: (name: KeyArg) => ['PTTL', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Absolute expiry in Unix seconds; -1 without one, -2 for a missing key. */
export const EXPIRETIME = defineCommand({
  name: 'EXPIRETIME',
  maxArgs: 1,
  build: (name: KeyArg) => ['EXPIRETIME', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const PEXPIRETIME = defineCommand({
  name: 'PEXPIRETIME',
  maxArgs: 1,
  build: (name: KeyArg) => ['PEXPIRETIME', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const RENAME = defineCommand({
  name: 'RENAME',
  maxArgs: 2,
  build: (src: KeyArg, dst: KeyArg) => ['RENAME', src, dst],
  transform: asOk,
  keys: FIRST_TWO_KEYS,
  // A second RENAME fails (the source is gone): not safe to resend.
  flags: WRITE,
  sameSlot: true,
});

export const RENAMENX = defineCommand({
  name: 'RENAMENX',
  maxArgs: 2,
  build: (src: KeyArg, dst: KeyArg) => ['RENAMENX', src, dst],
  transform: asBoolean,
  keys: FIRST_TWO_KEYS,
  flags: WRITE,
  sameSlot: true,
});

export const UNLINK = defineCommand({
  name: 'UNLINK',
  maxArgs: 'variadic',
  build: (...names: Array<KeyArg | readonly KeyArg[]>) => ['UNLINK', ...listArg('UNLINK', 'key', names)],
  transform: asInt,
  keys: ALL_KEYS,
  flags: IDEMPOTENT,
  split: { stride: 1, merge: 'sum' },
});

export const TOUCH = defineCommand({
  name: 'TOUCH',
  maxArgs: 'variadic',
  build: (...names: Array<KeyArg | readonly KeyArg[]>) => ['TOUCH', ...listArg('TOUCH', 'key', names)],
  transform: asInt,
  keys: ALL_KEYS,
  flags: READ_ONLY,
  split: { stride: 1, merge: 'sum' },
});

export const RANDOMKEY = defineCommand({
  name: 'RANDOMKEY',
  maxArgs: 0,
  build: () => ['RANDOMKEY'],
  transform: asBulkOrNull,
  flags: READ_ONLY,
  route: 'random',
});

/** Options of COPY. */
export interface CopyOptions {
  /** Copy into this database (standalone servers only). */
  destination_db?: number;
  /** Overwrite the destination if it exists. */
  replace?: boolean;
}

export const COPY = defineCommand({
  name: 'COPY',
  maxArgs: 3,
  options: optionKeys<CopyOptions>({ destination_db: true, replace: true }),
  build: (source: KeyArg, destination: KeyArg, options: CopyOptions = {}) => {
    const args: RedisArg[] = ['COPY', source, destination];
    if (options.destination_db !== undefined) args.push('DB', options.destination_db);
    if (options.replace) args.push('REPLACE');
    return args;
  },
  transform: asBoolean,
  keys: FIRST_TWO_KEYS,
  // Without REPLACE a repetition answers false.
  flags: WRITE,
  sameSlot: true,
});

/** The serialized value, always as a Buffer (it is binary), or null for a missing key. */
export const DUMP = defineCommand({
  name: 'DUMP',
  maxArgs: 1,
  build: (name: KeyArg) => ['DUMP', name],
  transform: (reply: never) => reply as Buffer | null,
  keys: FIRST_KEY,
  flags: READ_ONLY,
  wantsBuffers: true,
});

/** Options of RESTORE. */
export interface RestoreOptions {
  /** Overwrite an existing key (otherwise BUSYKEY). */
  replace?: boolean;
  /** `ttl` is an absolute Unix time in milliseconds. */
  absttl?: boolean;
  /** Set the key's idle time (seconds). */
  idletime?: number;
  /** Set the key's LFU frequency. */
  frequency?: number;
}

export const RESTORE = defineCommand({
  name: 'RESTORE',
  maxArgs: 4,
  options: optionKeys<RestoreOptions>({ replace: true, absttl: true, idletime: true, frequency: true }),
  build: (name: KeyArg, ttl: number, value: Buffer | string, options: RestoreOptions = {}) => {
    const args: RedisArg[] = ['RESTORE', name, ttl, value];
    if (options.replace) args.push('REPLACE');
    if (options.absttl) args.push('ABSTTL');
    if (options.idletime !== undefined) args.push('IDLETIME', options.idletime);
    if (options.frequency !== undefined) args.push('FREQ', options.frequency);
    return args;
  },
  transform: asOk,
  keys: FIRST_KEY,
  // Without REPLACE a repetition fails with BUSYKEY.
  flags: WRITE,
});

/** The OBJECT subcommands `object()` accepts. */
export type ObjectInfoType = 'encoding' | 'idletime' | 'freq' | 'refcount';

/** redis-py's `object(infotype, key)`: the encoding as text, the others as numbers; null for a missing key. */
export const OBJECT = defineCommand({
  name: 'OBJECT',
  maxArgs: 2,
  build: (infotype: ObjectInfoType, key: KeyArg) => ['OBJECT', infotype.toUpperCase(), key],
  transform: (reply: never) =>
    (reply === null ? null : typeof reply === 'number' ? reply : asStatus(reply)) as string | number | null,
  keys: { first: 2, last: 2, step: 1 },
  flags: READ_ONLY,
});

const objectSubcommand = <R>(sub: string, transform: (reply: never) => R) =>
  defineCommand({
    name: `OBJECT ${sub}`,
    maxArgs: 1,
    build: (key: KeyArg) => ['OBJECT', sub, key],
    transform,
    keys: { first: 2, last: 2, step: 1 },
    flags: READ_ONLY,
  });

export const OBJECT_ENCODING = objectSubcommand('ENCODING', (reply: never) =>
  reply === null ? null : asStatus(reply),
);
export const OBJECT_IDLETIME = objectSubcommand('IDLETIME', asIntegerOrNull);
export const OBJECT_FREQ = objectSubcommand('FREQ', asIntegerOrNull);

/** Options of SORT. */
export interface SortOptions {
  /** With `num`: skip this many elements (LIMIT start num). */
  start?: number;
  num?: number;
  /** Sort by the values of keys named by this pattern (`weight_*`), or `nosort`. */
  by?: string;
  /** Return the values of keys named by these patterns (`#` for the element itself). */
  get?: string | readonly string[];
  desc?: boolean;
  /** Sort lexicographically. */
  alpha?: boolean;
  /** Store the result in this key; the reply is then its length. */
  store?: KeyArg;
}

function sortArgs(command: 'SORT' | 'SORT_RO', name: KeyArg, options: SortOptions = {}): RedisArg[] {
  const args: RedisArg[] = [command, name];
  if (options.by !== undefined) args.push('BY', options.by);
  if ((options.start === undefined) !== (options.num === undefined)) {
    throw new DataError(`${command} takes start and num together`);
  }
  if (options.start !== undefined && options.num !== undefined) args.push('LIMIT', options.start, options.num);
  const gets = options.get === undefined ? [] : typeof options.get === 'string' ? [options.get] : options.get;
  for (const pattern of gets) args.push('GET', pattern);
  if (options.desc) args.push('DESC');
  if (options.alpha) args.push('ALPHA');
  if (options.store !== undefined) {
    if (command === 'SORT_RO') throw new DataError('SORT_RO cannot store');
    args.push('STORE', options.store);
  }
  return args;
}

/** The sorted key, plus the STORE destination when there is one. */
function sortKeys(args: readonly RedisArg[]): number[] {
  const out = [1];
  for (let i = 2; i < args.length - 1; i++) {
    const arg = args[i];
    const word = typeof arg === 'string' ? arg.toUpperCase() : '';
    if (word === 'STORE') out.push(i + 1);
    if (word === 'STORE' || word === 'BY' || word === 'GET') i++;
    else if (word === 'LIMIT') i += 2;
  }
  return out;
}

const SORT_RO_OPTIONS = optionKeys<Omit<SortOptions, 'store'>>({
  start: true,
  num: true,
  by: true,
  get: true,
  desc: true,
  alpha: true,
});

export const SORT = defineCommand({
  name: 'SORT',
  maxArgs: 2,
  options: [...SORT_RO_OPTIONS, 'store'],
  build: (name: KeyArg, options?: SortOptions) => sortArgs('SORT', name, options),
  transform: (reply: never) => (typeof reply === 'number' ? reply : (asNullableBulkArray(reply) as (Bulk | null)[])),
  keys: sortKeys,
  // A read, or with STORE an absolute write of the sorted result: either way safe to repeat.
  flags: IDEMPOTENT,
  sameSlot: true,
});

export const SORT_RO = defineCommand({
  name: 'SORT_RO',
  maxArgs: 2,
  options: SORT_RO_OPTIONS,
  build: (name: KeyArg, options?: Omit<SortOptions, 'store'>) => sortArgs('SORT_RO', name, options),
  transform: asNullableBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of SCAN. */
export interface ScanOptions {
  /** Glob-style pattern the keys must match. */
  match?: string | Buffer;
  /** How much work per call (a hint, not a limit). */
  count?: number;
  /** Only keys of this type. */
  _type?: KeyType;
  type?: KeyType;
}

/** `[nextCursor, items]` from a SCAN-family reply; cursor 0 means the iteration is complete. */
export function asScanReply(reply: never): [number, Bulk[]] {
  const [cursor, items] = toArray(reply);
  return [Number(text(cursor)), asBulkArray(items)];
}

/** One SCAN call. StrictRedisCluster has its own `scan()`, whose cursor walks the slots of the whole cluster. */
export const SCAN = defineCommand({
  name: 'SCAN',
  maxArgs: 2,
  options: optionKeys<ScanOptions>({ match: true, count: true, _type: true, type: true }),
  build: (cursor: number | string = 0, options: ScanOptions = {}) => {
    const args: RedisArg[] = ['SCAN', cursor];
    if (options.match !== undefined) args.push('MATCH', options.match);
    if (options.count !== undefined) args.push('COUNT', options.count);
    const type = options.type ?? options._type;
    if (type !== undefined) args.push('TYPE', type);
    return args;
  },
  transform: asScanReply,
  flags: READ_ONLY,
});

export const keyCommands = {
  /** KEYS: the keys matching the glob `pattern` (default '*'); a cluster client gathers them from every primary. */
  keys: KEYS,
  /** EXISTS: how many of `names` (spread or one array) exist; a key named twice counts twice. */
  exists: EXISTS,
  /** TYPE: the type of `name` ('string', 'list', 'set', 'zset', 'hash', 'stream'), or 'none' when it does not exist. */
  type: TYPE,
  /** DEL: deletes `names` (spread or one array); the number of keys that existed and were removed. */
  delete: DEL,
  /** Alias of {@link delete}. */
  del: DEL,
  /** EXPIRE: sets a time to live of `seconds` on `name`; false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  expire: EXPIRE,
  /** TTL: the time to live of `name` in seconds; -1 when it has no expiry, -2 when the key does not exist. */
  ttl: TTL,
  /** PERSIST: removes the expiry of `name`; true, or false when the key is missing or had no expiry. */
  persist: PERSIST,
  /** PEXPIRE: sets a time to live of `milliseconds` on `name`; false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  pexpire: PEXPIRE,
  /** EXPIREAT: expires `name` at `when` (Unix seconds or a Date); false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  expireat: EXPIREAT,
  /** PEXPIREAT: expires `name` at `when` (Unix ms or a Date); false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  pexpireat: PEXPIREAT,
  /** PTTL: the time to live of `name` in milliseconds; -1 when it has no expiry, -2 when the key does not exist. */
  pttl: PTTL,
  /** EXPIRETIME: the Unix time (seconds) at which `name` expires; -1 without an expiry, -2 for a missing key. */
  expiretime: EXPIRETIME,
  /** PEXPIRETIME: the Unix time (milliseconds) at which `name` expires; -1 without an expiry, -2 for a missing key. */
  pexpiretime: PEXPIRETIME,
  /** RENAME: renames `src` to `dst`, overwriting `dst`; true (an error when `src` does not exist). */
  rename: RENAME,
  /** RENAMENX: renames `src` to `dst` only if `dst` does not exist; true if renamed, false otherwise. */
  renamenx: RENAMENX,
  /** UNLINK: as {@link delete}, freeing the memory in the background; the number of keys removed. */
  unlink: UNLINK,
  /** TOUCH: updates the last access time of `names` (spread or one array); the number of them that exist. */
  touch: TOUCH,
  /** RANDOMKEY: a random key, or null when the database is empty. */
  randomkey: RANDOMKEY,
  /** COPY: copies `source` to `destination` (options `destination_db`, `replace`); true, or false if not copied. */
  copy: COPY,
  /** DUMP: the serialized value of `name`, always as a Buffer, or null when the key does not exist. */
  dump: DUMP,
  /** RESTORE: creates `name` from a DUMP `value` with `ttl` ms (0: none; Unix ms with `absttl`); true. */
  restore: RESTORE,
  /** OBJECT: `infotype` of `key`: 'encoding' as text, 'idletime', 'freq', 'refcount' as numbers; null if missing. */
  object: OBJECT,
  /** OBJECT ENCODING: the internal encoding of `key` (such as 'listpack'), or null when the key does not exist. */
  object_encoding: OBJECT_ENCODING,
  /** Alias of {@link object_encoding}. */
  objectEncoding: OBJECT_ENCODING,
  /** OBJECT IDLETIME: seconds since `key` was last read or written, or null when the key does not exist. */
  object_idletime: OBJECT_IDLETIME,
  /** Alias of {@link object_idletime}. */
  objectIdletime: OBJECT_IDLETIME,
  /** OBJECT FREQ: the LFU access counter of `key` (LFU maxmemory policies only), or null when the key is missing. */
  object_freq: OBJECT_FREQ,
  /** Alias of {@link object_freq}. */
  objectFreq: OBJECT_FREQ,
  /** SORT: the sorted elements of `name` (null for missing `get` targets); with `store`, the stored list's length. */
  sort: SORT,
  /** SORT_RO: the read-only {@link sort} (no `store`): the sorted elements, null for missing `get` targets. */
  sort_ro: SORT_RO,
  /** Alias of {@link sort_ro}. */
  sortRo: SORT_RO,
  /** SCAN: one step from `cursor` (`match`, `count`, `type`): `[nextCursor, keys]`, 0 when done (cluster: every slot). */
  scan: SCAN,
};
