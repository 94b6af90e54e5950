/**
 * Stream commands. Entries come back as `[id, fields]` with the fields in a null-prototype record (field names are
 * data); XREAD/XREADGROUP as `[stream, entries]` pairs whether the server sent a RESP2 array or a RESP3 map.
 */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import {
  atLeastOne,
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
import { asInt, entries, text, toArray } from './transforms.js';
import type { Bulk, KeyArg, KeyPositions, ValueArg } from './types.js';

/** A stream entry ID such as `'1700000000000-0'`, or a special ID (`'*'`, `'$'`, `'>'`, `'-'`, `'+'`, `'0'`). */
export type StreamId = string | Buffer | number;
/** One entry: its ID and its fields. */
export type StreamEntry = [Bulk, Record<string, Bulk>];
/**
 * An entry read from a group's pending list; its fields are null when the entry was deleted after delivery.
 */
export type PendingStreamEntry = [Bulk, Record<string, Bulk> | null];
/** XREAD/XREADGROUP: the entries per stream, in the order the server sent them. */
export type StreamReadReply<E = StreamEntry> = Array<[Bulk, E[]]>;

function asFields(reply: RespValue): Record<string, Bulk> {
  const out: Record<string, Bulk> = Object.create(null);
  for (const [field, value] of entries(reply)) out[text(field)] = value as unknown as Bulk;
  return out;
}

export function asEntry(reply: RespValue): PendingStreamEntry {
  const parts = toArray(reply);
  return [parts[0] as unknown as Bulk, parts[1] === null ? null : asFields(parts[1])];
}

const asEntries = (reply: RespValue): StreamEntry[] => toArray(reply).map(asEntry) as StreamEntry[];

/** RESP2 `[[stream, entries], …]` or RESP3 `{stream: entries}`; null when BLOCK timed out. */
export function asStreamRead(reply: RespValue): StreamReadReply | null {
  if (reply === null) return null;
  const pairs: Array<[RespValue, RespValue]> =
    reply instanceof Map ? [...reply.entries()] : toArray(reply).map((p) => toArray(p) as [RespValue, RespValue]);
  return pairs.map(([stream, list]) => [stream as unknown as Bulk, asEntries(list)]);
}

/** A reply with nested maps (XINFO, XPENDING summary) as null-prototype records; entries inside stay entries. */
export type StreamInfoValue = Bulk | number | null | StreamEntry | StreamEntry[] | StreamInfoNested;
/** Deeper levels (XINFO STREAM FULL's groups, consumers and pending lists), left loosely typed. */
export type StreamInfoNested = unknown[] | { [field: string]: unknown };
/** XINFO STREAM, field by field. */
export interface StreamInfo {
  [field: string]: StreamInfoValue;
}

const ENTRY_FIELDS = new Set(['first-entry', 'last-entry']);

function asInfo(reply: RespValue): StreamInfo {
  const out: StreamInfo = Object.create(null);
  for (const [rawField, value] of entries(reply)) {
    const field = text(rawField);
    if (ENTRY_FIELDS.has(field)) out[field] = value === null ? null : (asEntry(value) as StreamEntry);
    else if (field === 'entries' && Array.isArray(value)) out[field] = asEntries(value);
    else if (Array.isArray(value) || value instanceof Map) out[field] = infoList(value);
    else out[field] = infoScalar(value);
  }
  return out;
}

function infoScalar(value: RespValue): Bulk | number | null {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value === 'number' || typeof value === 'string' || Buffer.isBuffer(value)) {
    return value as unknown as Bulk | number | null;
  }
  return String(value) as unknown as Bulk;
}

/** Nested lists in XINFO STREAM FULL (groups, consumers, PEL): maps become records, lists stay lists. */
function infoList(value: RespValue): StreamInfoNested {
  if (value instanceof Map) return asInfo(value);
  const items = toArray(value);
  return items.map((item) => {
    if (item instanceof Map) return asInfo(item);
    if (Array.isArray(item)) {
      // RESP2 sends each group/consumer as a flat [name, value, …] list whose first item is a field name.
      return looksLikeRecord(item) ? asInfo(item) : infoList(item);
    }
    return infoScalar(item);
  });
}

const RECORD_FIELDS = new Set(['name', 'seen-time', 'last-delivered-id']);
const looksLikeRecord = (item: RespValue[]) =>
  item.length % 2 === 0 && item.length > 0 && (typeof item[0] === 'string' || Buffer.isBuffer(item[0]))
    ? RECORD_FIELDS.has(text(item[0]))
    : false;

const asInfoList = (reply: RespValue): StreamInfo[] => toArray(reply).map(asInfo);

/** MAXLEN / MINID trimming of XADD and XTRIM. */
export interface StreamTrimOptions {
  /** Keep at most this many entries (MAXLEN)… */
  maxlen?: number;
  /** …or drop entries with IDs below this one (MINID). */
  minid?: StreamId;
  /** Trim with `~` (whole macro nodes, faster); default true as in redis-py. */
  approximate?: boolean;
  /** With approximate trimming: evict at most this many entries (LIMIT). */
  limit?: number;
}

function trimArgs(command: string, options: StreamTrimOptions): RedisArg[] {
  if (options.maxlen !== undefined && options.minid !== undefined) {
    throw new DataError(`${command} takes maxlen or minid, not both`);
  }
  if (options.maxlen === undefined && options.minid === undefined) {
    if (options.limit !== undefined) throw new DataError(`${command} limit needs maxlen or minid`);
    return [];
  }
  const approximate = options.approximate ?? true;
  if (options.limit !== undefined && !approximate) throw new DataError(`${command} limit needs approximate trimming`);
  const args: RedisArg[] = options.maxlen !== undefined ? ['MAXLEN'] : ['MINID'];
  args.push(approximate ? '~' : '=', options.maxlen ?? (options.minid as StreamId));
  if (options.limit !== undefined) args.push('LIMIT', options.limit);
  return args;
}

/** Options of XADD. */
export interface XaddOptions extends StreamTrimOptions {
  /** The entry ID; `'*'` (default) lets the server pick. */
  id?: StreamId;
  /** Do not create the stream when it does not exist (the reply is then null). */
  nomkstream?: boolean;
}

export const XADD = defineCommand({
  name: 'XADD',
  maxArgs: 3,
  options: optionKeys<XaddOptions>({
    id: true,
    nomkstream: true,
    maxlen: true,
    minid: true,
    approximate: true,
    limit: true,
  }),
  build: (name: KeyArg, fields: Mapping<ValueArg>, options: XaddOptions = {}) => {
    const args: RedisArg[] = ['XADD', name];
    if (options.nomkstream) args.push('NOMKSTREAM');
    args.push(...trimArgs('XADD', options), options.id ?? '*', ...mappingArgs('XADD', fields));
    return args;
  },
  transform: (reply: RespValue): Bulk | null => reply as unknown as Bulk | null,
  keys: FIRST_KEY,
  // With `*` every send appends a new entry; with an explicit ID a resend fails: never resent.
  flags: WRITE,
});

export const XLEN = defineCommand({
  name: 'XLEN',
  maxArgs: 1,
  build: (name: KeyArg) => ['XLEN', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of XRANGE and XREVRANGE. */
export interface XrangeOptions {
  /** At most this many entries. */
  count?: number;
}

function rangeArgs(command: string, name: KeyArg, a: StreamId, b: StreamId, options: XrangeOptions): RedisArg[] {
  const args: RedisArg[] = [command, name, a, b];
  if (options.count !== undefined) args.push('COUNT', options.count);
  return args;
}

export const XRANGE = defineCommand({
  name: 'XRANGE',
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
  maxArgs: 4,
  options: optionKeys<XrangeOptions>({ count: true }),
  build: (name: KeyArg, max: StreamId = '+', min: StreamId = '-', options: XrangeOptions = {}) =>
    rangeArgs('XREVRANGE', name, max, min, options),
  transform: asEntries,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Streams to read and the ID to read after, per stream: `{ stream: id }`, a Map or `[stream, id]` pairs. */
export type StreamOffsets =
  | Record<string, StreamId>
  | Map<KeyArg, StreamId>
  | ReadonlyArray<readonly [KeyArg, StreamId]>;

export function streamsArgs(command: string, streams: StreamOffsets): RedisArg[] {
  const pairs: Array<readonly [KeyArg, StreamId]> =
    streams instanceof Map || Array.isArray(streams)
      ? [...(streams as Iterable<readonly [KeyArg, StreamId]>)]
      : Object.keys(streams).map((k) => [k, (streams as Record<string, StreamId>)[k]] as const);
  atLeastOne(command, 'stream', pairs);
  return ['STREAMS', ...pairs.map((p) => p[0]), ...pairs.map((p) => p[1])];
}

/** Keys of XREAD/XREADGROUP: the first half of what follows STREAMS (option values before it are never 'STREAMS'). */
export function streamKeysAfter(start: number): KeyPositions {
  return (args: readonly RedisArg[]) => {
    let at = start;
    while (at < args.length && !(typeof args[at] === 'string' && (args[at] as string).toUpperCase() === 'STREAMS')) {
      at++;
    }
    const n = Math.floor((args.length - at - 1) / 2);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(at + 1 + i);
    return out;
  };
}

/** Options of XREAD. */
export interface XreadOptions {
  /** At most this many entries per stream. */
  count?: number;
  /** Wait up to this many ms for data (0 = forever); without it XREAD does not block. */
  block?: number;
}

/** Milliseconds for a blocking read; -1 (not blocking: the shared connection serves it) without `block`. */
export const blockMs = (options?: XreadOptions) => (options?.block === undefined ? -1 : options.block);

export const XREAD = defineCommand({
  name: 'XREAD',
  maxArgs: 2,
  options: optionKeys<XreadOptions>({ count: true, block: true }),
  build: (streams: StreamOffsets, options: XreadOptions = {}) => {
    const args: RedisArg[] = ['XREAD'];
    if (options.count !== undefined) args.push('COUNT', options.count);
    if (options.block !== undefined) args.push('BLOCK', options.block);
    args.push(...streamsArgs('XREAD', streams));
    return args;
  },
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
  maxArgs: 2,
  options: optionKeys<StreamTrimOptions>({ maxlen: true, minid: true, approximate: true, limit: true }),
  build: (name: KeyArg, options: StreamTrimOptions) => {
    const trim = trimArgs('XTRIM', options);
    if (trim.length === 0) throw new DataError('XTRIM needs maxlen or minid');
    return ['XTRIM', name, ...trim];
  },
  transform: asInt,
  keys: FIRST_KEY,
  // Trimming to a length or minimum ID is an absolute state.
  flags: IDEMPOTENT,
});

/** The key of XGROUP and XINFO subcommands (`XGROUP DESTROY key …`, `XINFO STREAM key`): their third argument. */
export const GROUP_KEY = { first: 2, last: 2, step: 1 };

export const XINFO_STREAM = defineCommand({
  name: 'XINFO STREAM',
  maxArgs: 2,
  options: optionKeys<{ full?: boolean; count?: number }>({ full: true, count: true }),
  build: (name: KeyArg, options: { full?: boolean; count?: number } = {}) => {
    const args: RedisArg[] = ['XINFO', 'STREAM', name];
    if (options.full) {
      args.push('FULL');
      if (options.count !== undefined) args.push('COUNT', options.count);
    }
    return args;
  },
  transform: asInfo,
  keys: GROUP_KEY,
  flags: READ_ONLY,
});

export const XINFO_GROUPS = defineCommand({
  name: 'XINFO GROUPS',
  maxArgs: 1,
  build: (name: KeyArg) => ['XINFO', 'GROUPS', name],
  transform: asInfoList,
  keys: GROUP_KEY,
  flags: READ_ONLY,
});

export const XINFO_CONSUMERS = defineCommand({
  name: 'XINFO CONSUMERS',
  maxArgs: 2,
  build: (name: KeyArg, groupname: ValueArg) => ['XINFO', 'CONSUMERS', name, groupname],
  transform: asInfoList,
  keys: GROUP_KEY,
  flags: READ_ONLY,
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
  /** XREAD: entries after each ID of `streams` as `[stream, entries]` pairs (`count`; `block` ms); null if none. */
  xread: XREAD,
  /** XDEL: deletes the entries with the given IDs (arguments or one array); resolves to how many were deleted. */
  xdel: XDEL,
  /** XTRIM: trims to `maxlen` entries or IDs from `minid` (`~` unless `approximate: false`); how many were evicted. */
  xtrim: XTRIM,
  /** XINFO STREAM: the stream's details as a null-prototype record (`first-entry`… as entries); `full`, `count`. */
  xinfo_stream: XINFO_STREAM,
  /** Alias of {@link xinfo_stream}. */
  xinfoStream: XINFO_STREAM,
  /** XINFO GROUPS: one null-prototype record per consumer group of the stream `name`. */
  xinfo_groups: XINFO_GROUPS,
  /** Alias of {@link xinfo_groups}. */
  xinfoGroups: XINFO_GROUPS,
  /** XINFO CONSUMERS: one null-prototype record per consumer of `groupname`. */
  xinfo_consumers: XINFO_CONSUMERS,
  /** Alias of {@link xinfo_consumers}. */
  xinfoConsumers: XINFO_CONSUMERS,
};
