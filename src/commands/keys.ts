/** Generic key commands (expiry: key-expiry.ts; SORT: sort.ts). */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { integerArg, wordArg } from './argument-checks.js';
import {
  ALL_KEYS,
  cacheable,
  defineCommand,
  FIRST_KEY,
  FIRST_TWO_KEYS,
  IDEMPOTENT,
  listArg,
  READ_ONLY,
  singleKeyCommand,
  WRITE,
} from './define.js';
import {
  asBoolean,
  asBulkArray,
  asBulkOrNull,
  asInt,
  asInteger,
  asIntegerOrNull,
  asOk,
  asStatus,
  text,
  toArray,
} from './transforms.js';
import type { Bulk, KeyArg } from './types.js';

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

/** EXISTS, DEL, UNLINK, TOUCH: keys given spread or as one array; the reply counts them; a cluster splits by slot. */
function keyCount(name: string, flags: number) {
  return defineCommand({
    name,
    maxArgs: 'variadic',
    build: (...names: Array<KeyArg | readonly KeyArg[]>) => [name, ...listArg(name, 'key', names)],
    transform: asInt,
    keys: ALL_KEYS,
    flags,
    split: { stride: 1, merge: 'sum' },
  });
}

export const EXISTS = cacheable(keyCount('EXISTS', READ_ONLY));
export const DEL = keyCount('DEL', IDEMPOTENT);
export const UNLINK = keyCount('UNLINK', IDEMPOTENT);
export const TOUCH = keyCount('TOUCH', READ_ONLY);

export const TYPE = cacheable(singleKeyCommand('TYPE', (reply: never) => asStatus(reply) as KeyType, READ_ONLY));

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

export const RANDOMKEY = defineCommand({
  name: 'RANDOMKEY',
  maxArgs: 0,
  build: () => ['RANDOMKEY'],
  transform: asBulkOrNull,
  flags: READ_ONLY,
  route: 'random',
});

/** redis-py's `move(name, db)`: true when the key moved to database `db`, false when it was missing there or not. */
export const MOVE = defineCommand({
  name: 'MOVE',
  maxArgs: 2,
  build: (name: KeyArg, db: number | string) => ['MOVE', name, integerArg('MOVE', 'db', db, 'unsigned')],
  transform: asBoolean,
  keys: FIRST_KEY,
  // A repetition finds the key gone and answers false.
  flags: WRITE,
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
  /** Set the key's idle time (seconds; an integer). */
  idletime?: number | string;
  /** Set the key's LFU frequency (an integer). */
  frequency?: number | string;
}

export const RESTORE = defineCommand({
  name: 'RESTORE',
  maxArgs: 4,
  options: optionKeys<RestoreOptions>({ replace: true, absttl: true, idletime: true, frequency: true }),
  build: (name: KeyArg, ttl: number, value: Buffer | string, options: RestoreOptions = {}) => {
    const args: RedisArg[] = ['RESTORE', name, ttl, value];
    if (options.replace) args.push('REPLACE');
    if (options.absttl) args.push('ABSTTL');
    // redis-py sends int(idletime) / int(frequency) and raises DataError when that fails.
    if (options.idletime != null) args.push('IDLETIME', integerArg('RESTORE', 'idletime', options.idletime));
    if (options.frequency != null) args.push('FREQ', integerArg('RESTORE', 'frequency', options.frequency));
    return args;
  },
  transform: asOk,
  keys: FIRST_KEY,
  // Without REPLACE a repetition fails with BUSYKEY.
  flags: WRITE,
});

/** The OBJECT subcommands `object()` accepts (in any case, as text or bytes). */
export type ObjectInfoType =
  | 'encoding'
  | 'idletime'
  | 'freq'
  | 'refcount'
  | 'ENCODING'
  | 'IDLETIME'
  | 'FREQ'
  | 'REFCOUNT';

/** redis-py's `object(infotype, key)`: the encoding as text, the others as numbers; null for a missing key. */
export const OBJECT = defineCommand({
  name: 'OBJECT',
  maxArgs: 2,
  build: (infotype: ObjectInfoType | Buffer, key: KeyArg) => [
    'OBJECT',
    wordArg('OBJECT', 'infotype', infotype, ['ENCODING', 'IDLETIME', 'FREQ', 'REFCOUNT']),
    key,
  ],
  transform: (reply: never) =>
    (reply === null
      ? null
      : typeof reply === 'string' || Buffer.isBuffer(reply)
        ? asStatus(reply)
        : asInteger(reply)) as string | number | null,
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

/** Options of SCAN. */
export interface ScanOptions {
  /** Glob-style pattern the keys must match. */
  match?: string | Buffer;
  /** How much work per call (a hint, not a limit). */
  count?: number;
  /** Only keys of this type (redis-py's `_type`): `'set'`, `'SET'`, or a module's type name. */
  _type?: string;
  /** Same as `_type`; give one or the other. */
  type?: string;
}

/** `TYPE t` from `_type` or `type` (one of them); shared with `scan_iter`. */
export function scanTypeArgs(command: string, options: { _type?: unknown; type?: unknown }): RedisArg[] {
  if (options._type != null && options.type != null) throw new DataError(`${command} takes _type or type, not both`);
  const type = options._type ?? options.type;
  if (type == null) return [];
  if (typeof type !== 'string' && !Buffer.isBuffer(type)) throw new DataError(`${command}: _type must be a string`);
  return ['TYPE', type];
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
    args.push(...scanTypeArgs('SCAN', options));
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
  /** MOVE: moves `name` to database `db` (standalone servers); true if moved, false if missing or already there. */
  move: MOVE,
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
  /** SCAN: one step from `cursor` (`match`, `count`, `type`): `[nextCursor, keys]`, 0 when done (cluster: every slot). */
  scan: SCAN,
};
