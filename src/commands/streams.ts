/**
 * Stream commands: adding, ranges, reading, deleting and trimming, XSETID. Entries come back as `[id, fields]` with
 * the fields in an ordinary record; consumer groups and XINFO have files of their own.
 */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { integerAtLeast, optionalIntegerArg } from './argument-checks.js';
import {
  BLOCKING,
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
  asEntries,
  asStreamRead,
  blockMs,
  notOptions,
  readArgs,
  type StreamId,
  type StreamOffsets,
  streamKeysAfter,
  streamsArgs,
  type XreadOptions,
} from './stream-entries.js';
import { streamInfoCommands } from './stream-info.js';
import { asInt, asOk } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** MINID trimming and its tuning, shared by XADD and XTRIM (redis-py's keyword arguments). */
export interface StreamTrimOptions {
  /** Drop entries with IDs below this one (MINID); not with maxlen. */
  minid?: StreamId;
  /** Trim with `~` (whole macro nodes, faster); default true as in redis-py. */
  approximate?: boolean;
  /** With approximate trimming: evict at most this many entries (LIMIT). */
  limit?: number;
}

/** `MAXLEN|MINID [~|=] threshold [LIMIT n]`, or nothing when neither maxlen nor minid is given. */
function trimArgs(command: string, maxlen: number | null | undefined, options: StreamTrimOptions): RedisArg[] {
  const hasMaxlen = maxlen !== undefined && maxlen !== null;
  if (hasMaxlen) integerAtLeast(command, 'maxlen', maxlen);
  if (hasMaxlen && options.minid !== undefined) throw new DataError(`${command} takes maxlen or minid, not both`);
  const limit = optionalIntegerArg(command, 'limit', options.limit);
  if (!hasMaxlen && options.minid === undefined) {
    if (limit !== undefined) throw new DataError(`${command}: limit needs maxlen or minid`);
    return [];
  }
  const approximate = options.approximate ?? true;
  if (limit !== undefined && !approximate) throw new DataError(`${command}: limit needs approximate trimming`);
  const args: RedisArg[] = [hasMaxlen ? 'MAXLEN' : 'MINID', approximate ? '~' : '='];
  args.push(hasMaxlen ? maxlen : (options.minid as StreamId));
  if (limit !== undefined) args.push('LIMIT', limit);
  return args;
}

/** Options of XADD: redis-py's keyword arguments after `id`. */
export interface XaddOptions extends StreamTrimOptions {
  /** Keep at most this many entries (MAXLEN); not with minid. */
  maxlen?: number;
  /** Do not create the stream when it does not exist (the reply is then null). */
  nomkstream?: boolean;
}

export const XADD = defineCommand({
  name: 'XADD',
  maxArgs: 4,
  options: optionKeys<XaddOptions>({ maxlen: true, approximate: true, nomkstream: true, minid: true, limit: true }),
  build: (name: KeyArg, fields: Mapping<ValueArg>, id: StreamId = '*', options: XaddOptions = {}) => {
    notOptions('XADD', 'the entry ID', id);
    const args: RedisArg[] = ['XADD', name];
    if (options.nomkstream) args.push('NOMKSTREAM');
    args.push(...trimArgs('XADD', options.maxlen, options), id, ...mappingArgs('XADD', fields));
    return args;
  },
  transform: (reply: RespValue): Bulk | null => reply as unknown as Bulk | null,
  keys: FIRST_KEY,
  // With `*` every send appends a new entry; with an explicit ID a resend fails: never resent.
  flags: WRITE,
});

export const XLEN = defineCommand({
  name: 'XLEN',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['XLEN', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of XRANGE and XREVRANGE. */
export interface XrangeOptions {
  /** At most this many entries (a positive integer). */
  count?: number;
}

function rangeArgs(command: string, name: KeyArg, a: StreamId, b: StreamId, options: XrangeOptions): RedisArg[] {
  const args: RedisArg[] = [command, name, a, b];
  const count = optionalIntegerArg(command, 'count', options.count, 1);
  if (count !== undefined) args.push('COUNT', count);
  return args;
}

export const XRANGE = defineCommand({
  name: 'XRANGE',
  cacheable: true,
  maxArgs: 4,
  options: optionKeys<XrangeOptions>({ count: true }),
  build: (name: KeyArg, min: StreamId = '-', max: StreamId = '+', options: XrangeOptions = {}) =>
    rangeArgs('XRANGE', name, min, max, options),
  transform: asEntries,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const XREVRANGE = defineCommand({
  name: 'XREVRANGE',
  cacheable: true,
  maxArgs: 4,
  options: optionKeys<XrangeOptions>({ count: true }),
  build: (name: KeyArg, max: StreamId = '+', min: StreamId = '-', options: XrangeOptions = {}) =>
    rangeArgs('XREVRANGE', name, max, min, options),
  transform: asEntries,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const XREAD = defineCommand({
  name: 'XREAD',
  maxArgs: 2,
  options: optionKeys<XreadOptions>({ count: true, block: true }),
  build: (streams: StreamOffsets, options: XreadOptions = {}) => [
    'XREAD',
    ...readArgs('XREAD', options),
    ...streamsArgs('XREAD', streams),
  ],
  transform: asStreamRead,
  keys: streamKeysAfter(1),
  flags: READ_ONLY | BLOCKING,
  blockingTimeoutMs: (_streams: StreamOffsets, options?: XreadOptions) => blockMs(options),
  sameSlot: true,
});

export const XDEL = defineCommand({
  name: 'XDEL',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...ids: Array<StreamId | readonly StreamId[]>) => ['XDEL', name, ...listArg('XDEL', 'ID', ids)],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const XTRIM = defineCommand({
  name: 'XTRIM',
  maxArgs: 3,
  options: optionKeys<StreamTrimOptions>({ approximate: true, minid: true, limit: true }),
  build: (name: KeyArg, maxlen?: number | null, options: StreamTrimOptions = {}) => {
    notOptions('XTRIM', 'maxlen (a number, or null with minid)', maxlen);
    const trim = trimArgs('XTRIM', maxlen, options);
    if (trim.length === 0) throw new DataError('XTRIM needs maxlen or minid');
    return ['XTRIM', name, ...trim];
  },
  transform: asInt,
  keys: FIRST_KEY,
  // Trimming to a length or minimum ID is an absolute state.
  flags: IDEMPOTENT,
});

/** Options of XSETID. */
export interface XsetidOptions {
  /** The stream's entries-added counter (ENTRIESADDED). */
  entries_added?: number;
  /** The stream's maximal deleted entry ID (MAXDELETEDID). */
  max_deleted_id?: StreamId;
}

export const XSETID = defineCommand({
  name: 'XSETID',
  maxArgs: 3,
  options: optionKeys<XsetidOptions>({ entries_added: true, max_deleted_id: true }),
  build: (name: KeyArg, lastid: StreamId, options: XsetidOptions = {}) => {
    const args: RedisArg[] = ['XSETID', name, lastid];
    const added = optionalIntegerArg('XSETID', 'entries_added', options.entries_added);
    if (added !== undefined) args.push('ENTRIESADDED', added);
    if (options.max_deleted_id !== undefined) args.push('MAXDELETEDID', options.max_deleted_id);
    return args;
  },
  transform: asOk,
  keys: FIRST_KEY,
  // Sets the stream's last ID (and counters) to given values: an absolute state.
  flags: IDEMPOTENT,
});

export const streamCommands = {
  /** XADD: appends `fields` at `id` (default `'*'`), trims by `maxlen`/`minid`; the ID, or null with `nomkstream`. */
  xadd: XADD,
  /** XLEN: the number of entries in the stream at `name` (0 for a missing key). */
  xlen: XLEN,
  /** XRANGE: entries `min`..`max` (default `'-'`..`'+'`), at most `count`, as `[id, fields]` with a fields record. */
  xrange: XRANGE,
  /** XREVRANGE: entries from `max` down to `min` (default `'+'`..`'-'`), at most `count`, as `[id, fields]`. */
  xrevrange: XREVRANGE,
  /** XREAD: the entries after each ID of `streams`, as `{ stream: entries }` (`count`; `block` ms); `{}` if none. */
  xread: XREAD,
  /** XDEL: deletes the entries with the given IDs (arguments or one array); resolves to how many were deleted. */
  xdel: XDEL,
  /** XTRIM: trims to `maxlen` entries, or IDs from `minid` (`~` unless `approximate: false`); how many were evicted. */
  xtrim: XTRIM,
  /** XSETID: sets the stream's last ID to `lastid` (`entries_added`, `max_deleted_id` too); true. */
  xsetid: XSETID,
  ...streamInfoCommands,
};
