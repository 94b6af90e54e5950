/** Stream consumer-group commands: XREADGROUP, XGROUP, XACK, XPENDING, XCLAIM and XAUTOCLAIM. */
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { BLOCKING, defineCommand, FIRST_KEY, IDEMPOTENT, listArg, READ_ONLY, WRITE } from './define.js';
import {
  asEntry,
  asStreamRead,
  blockMs,
  GROUP_KEY,
  type PendingStreamEntry,
  type StreamId,
  type StreamOffsets,
  type StreamReadReply,
  streamKeysAfter,
  streamsArgs,
  type XreadOptions,
} from './streams.js';
import { asBoolean, asBulk, asBulkArray, asInt, asInteger, asOk, text, toArray } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** Options of XREADGROUP. */
export interface XreadgroupOptions extends XreadOptions {
  /** Do not add the delivered entries to the pending list. */
  noack?: boolean;
}

export const XREADGROUP = defineCommand({
  name: 'XREADGROUP',
  maxArgs: 4,
  options: optionKeys<XreadgroupOptions>({ noack: true, count: true, block: true }),
  build: (groupname: ValueArg, consumername: ValueArg, streams: StreamOffsets, options: XreadgroupOptions = {}) => {
    const args: RedisArg[] = ['XREADGROUP', 'GROUP', groupname, consumername];
    if (options.count !== undefined) args.push('COUNT', options.count);
    if (options.block !== undefined) args.push('BLOCK', options.block);
    if (options.noack) args.push('NOACK');
    args.push(...streamsArgs('XREADGROUP', streams));
    return args;
  },
  transform: (reply: RespValue): StreamReadReply<PendingStreamEntry> | null => asStreamRead(reply),
  keys: streamKeysAfter(4),
  // Delivering entries moves the group's cursor: a resend would deliver different entries.
  flags: WRITE | BLOCKING,
  blockingTimeoutMs: (_g: ValueArg, _c: ValueArg, _s: StreamOffsets, options?: XreadgroupOptions) => blockMs(options),
  sameSlot: true,
});

/** Options of XGROUP CREATE. */
export interface XgroupCreateOptions {
  /** Create the stream (empty) when it does not exist. */
  mkstream?: boolean;
  /** The group's entries-read counter (ENTRIESREAD, Redis 7). */
  entries_read?: number;
}

export const XGROUP_CREATE = defineCommand({
  name: 'XGROUP CREATE',
  maxArgs: 4,
  options: optionKeys<XgroupCreateOptions>({ mkstream: true, entries_read: true }),
  build: (name: KeyArg, groupname: ValueArg, id: StreamId = '$', options: XgroupCreateOptions = {}) => {
    const args: RedisArg[] = ['XGROUP', 'CREATE', name, groupname, id];
    if (options.mkstream) args.push('MKSTREAM');
    if (options.entries_read !== undefined) args.push('ENTRIESREAD', options.entries_read);
    return args;
  },
  transform: asOk,
  keys: { first: 2, last: 2, step: 1 },
  // A resend after a lost reply would fail with BUSYGROUP although the group was created.
  flags: WRITE,
});

export const XGROUP_DESTROY = defineCommand({
  name: 'XGROUP DESTROY',
  maxArgs: 2,
  build: (name: KeyArg, groupname: ValueArg) => ['XGROUP', 'DESTROY', name, groupname],
  transform: asBoolean,
  keys: GROUP_KEY,
  flags: IDEMPOTENT,
});

export const XGROUP_CREATECONSUMER = defineCommand({
  name: 'XGROUP CREATECONSUMER',
  maxArgs: 3,
  build: (name: KeyArg, groupname: ValueArg, consumername: ValueArg) => [
    'XGROUP',
    'CREATECONSUMER',
    name,
    groupname,
    consumername,
  ],
  transform: asInt,
  keys: GROUP_KEY,
  flags: IDEMPOTENT,
});

export const XGROUP_DELCONSUMER = defineCommand({
  name: 'XGROUP DELCONSUMER',
  maxArgs: 3,
  build: (name: KeyArg, groupname: ValueArg, consumername: ValueArg) => [
    'XGROUP',
    'DELCONSUMER',
    name,
    groupname,
    consumername,
  ],
  transform: asInt,
  keys: GROUP_KEY,
  flags: IDEMPOTENT,
});

export const XGROUP_SETID = defineCommand({
  name: 'XGROUP SETID',
  maxArgs: 4,
  options: optionKeys<{ entries_read?: number }>({ entries_read: true }),
  build: (name: KeyArg, groupname: ValueArg, id: StreamId, options: { entries_read?: number } = {}) => {
    const args: RedisArg[] = ['XGROUP', 'SETID', name, groupname, id];
    if (options.entries_read !== undefined) args.push('ENTRIESREAD', options.entries_read);
    return args;
  },
  transform: asOk,
  keys: GROUP_KEY,
  flags: IDEMPOTENT,
});

export const XACK = defineCommand({
  name: 'XACK',
  maxArgs: 'variadic',
  build: (name: KeyArg, groupname: ValueArg, ...ids: Array<StreamId | readonly StreamId[]>) => [
    'XACK',
    name,
    groupname,
    ...listArg('XACK', 'ID', ids),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

/** The XPENDING summary form. */
export interface PendingSummary {
  pending: number;
  min: Bulk | null;
  max: Bulk | null;
  consumers: Array<{ name: Bulk; pending: number }>;
}

function asPendingSummary(reply: RespValue): PendingSummary {
  const parts = toArray(reply);
  const consumers = toArray(parts[3] ?? null).map((c) => {
    const [name, count] = toArray(c);
    return { name: name as unknown as Bulk, pending: Number(text(count)) };
  });
  return {
    pending: Number(parts[0]),
    min: parts[1] as unknown as Bulk | null,
    max: parts[2] as unknown as Bulk | null,
    consumers,
  };
}

export const XPENDING = defineCommand({
  name: 'XPENDING',
  maxArgs: 2,
  build: (name: KeyArg, groupname: ValueArg) => ['XPENDING', name, groupname],
  transform: asPendingSummary,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** One entry of the XPENDING range form. */
export interface PendingEntry {
  message_id: Bulk;
  consumer: Bulk;
  time_since_delivered: number;
  times_delivered: number;
}

/** Options of the XPENDING range form. */
export interface XpendingRangeOptions {
  /** Lowest ID (default `'-'`). */
  min?: StreamId;
  /** Highest ID (default `'+'`). */
  max?: StreamId;
  /** At most this many entries (required by the server; default 10). */
  count?: number;
  /** Only this consumer's entries. */
  consumername?: ValueArg;
  /** Only entries idle at least this many ms. */
  idle?: number;
}

export const XPENDING_RANGE = defineCommand({
  name: 'XPENDING',
  maxArgs: 3,
  options: optionKeys<XpendingRangeOptions>({ min: true, max: true, count: true, consumername: true, idle: true }),
  build: (name: KeyArg, groupname: ValueArg, options: XpendingRangeOptions = {}) => {
    const args: RedisArg[] = ['XPENDING', name, groupname];
    if (options.idle !== undefined) args.push('IDLE', options.idle);
    args.push(options.min ?? '-', options.max ?? '+', options.count ?? 10);
    if (options.consumername !== undefined) args.push(options.consumername);
    return args;
  },
  transform: (reply: RespValue): PendingEntry[] =>
    toArray(reply).map((item) => {
      const [id, consumer, idle, delivered] = toArray(item);
      return {
        message_id: id as unknown as Bulk,
        consumer: consumer as unknown as Bulk,
        time_since_delivered: asInteger(idle),
        times_delivered: asInteger(delivered),
      };
    }),
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of XCLAIM. */
export interface XclaimOptions {
  /** Set the entries' idle time (ms). */
  idle?: number;
  /** Set the entries' last delivery time (ms since the epoch). */
  time?: number;
  /** Set the delivery counter. */
  retrycount?: number;
  /** Claim IDs not in the pending list too. */
  force?: boolean;
  /** Return only IDs, without incrementing the delivery counter. */
  justid?: boolean;
}

export const XCLAIM = defineCommand({
  name: 'XCLAIM',
  maxArgs: 6,
  options: optionKeys<XclaimOptions>({ idle: true, time: true, retrycount: true, force: true, justid: true }),
  build: (
    name: KeyArg,
    groupname: ValueArg,
    consumername: ValueArg,
    min_idle_time: number,
    message_ids: StreamId | readonly StreamId[],
    options: XclaimOptions = {},
  ) => {
    const ids = listArg('XCLAIM', 'ID', [message_ids]);
    const args: RedisArg[] = ['XCLAIM', name, groupname, consumername, min_idle_time, ...ids];
    if (options.idle !== undefined) args.push('IDLE', options.idle);
    if (options.time !== undefined) args.push('TIME', options.time);
    if (options.retrycount !== undefined) args.push('RETRYCOUNT', options.retrycount);
    if (options.force) args.push('FORCE');
    if (options.justid) args.push('JUSTID');
    return args;
  },
  transform: (reply: RespValue): PendingStreamEntry[] => toArray(reply).map(asEntry),
  transformFor: (_n: KeyArg, _g: ValueArg, _c: ValueArg, _i: number, _ids: unknown, options?: XclaimOptions) =>
    options?.justid ? asBulkArray : undefined,
  keys: FIRST_KEY,
  // Increments delivery counters.
  flags: WRITE,
});

/** Options of XAUTOCLAIM. */
export interface XautoclaimOptions {
  /** Examine at most this many pending entries (default 100). */
  count?: number;
  /** Return only IDs, without incrementing the delivery counter. */
  justid?: boolean;
}

/** `[next start ID, claimed entries (or IDs), IDs that no longer exist]`. */
export type XautoclaimReply<E> = [Bulk, E[], Bulk[]];

function asAutoclaim(reply: RespValue): XautoclaimReply<PendingStreamEntry> {
  const parts = toArray(reply);
  return [asBulk(parts[0]), toArray(parts[1]).map(asEntry), asBulkArray(parts[2] ?? null)];
}

function asAutoclaimIds(reply: RespValue): XautoclaimReply<Bulk> {
  const parts = toArray(reply);
  return [asBulk(parts[0]), asBulkArray(parts[1]), asBulkArray(parts[2] ?? null)];
}

export const XAUTOCLAIM = defineCommand({
  name: 'XAUTOCLAIM',
  maxArgs: 6,
  options: optionKeys<XautoclaimOptions>({ count: true, justid: true }),
  build: (
    name: KeyArg,
    groupname: ValueArg,
    consumername: ValueArg,
    min_idle_time: number,
    start_id: StreamId = '0-0',
    options: XautoclaimOptions = {},
  ) => {
    const args: RedisArg[] = ['XAUTOCLAIM', name, groupname, consumername, min_idle_time, start_id];
    if (options.count !== undefined) args.push('COUNT', options.count);
    if (options.justid) args.push('JUSTID');
    return args;
  },
  transform: asAutoclaim,
  transformFor: (_n: KeyArg, _g: ValueArg, _c: ValueArg, _i: number, _s?: StreamId, options?: XautoclaimOptions) =>
    options?.justid ? asAutoclaimIds : undefined,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const streamGroupCommands = {
  /** XREADGROUP: {@link xread} as `consumername` of `groupname` (`'>'`: new entries; `noack`); deleted: fields null. */
  xreadgroup: XREADGROUP,
  /** XGROUP CREATE: creates `groupname` at `id` (default `'$'`; `mkstream`, `entries_read`); true. */
  xgroup_create: XGROUP_CREATE,
  /** Alias of {@link xgroup_create}. */
  xgroupCreate: XGROUP_CREATE,
  /** XGROUP DESTROY: destroys `groupname` of the stream `name`; true if it existed. */
  xgroup_destroy: XGROUP_DESTROY,
  /** Alias of {@link xgroup_destroy}. */
  xgroupDestroy: XGROUP_DESTROY,
  /** XGROUP CREATECONSUMER: creates `consumername` in `groupname`; 1 if created, 0 if it existed. */
  xgroup_createconsumer: XGROUP_CREATECONSUMER,
  /** Alias of {@link xgroup_createconsumer}. */
  xgroupCreateconsumer: XGROUP_CREATECONSUMER,
  /** XGROUP DELCONSUMER: deletes `consumername` from `groupname`; how many pending entries it had. */
  xgroup_delconsumer: XGROUP_DELCONSUMER,
  /** Alias of {@link xgroup_delconsumer}. */
  xgroupDelconsumer: XGROUP_DELCONSUMER,
  /** XGROUP SETID: sets the last delivered ID of `groupname` to `id` (`entries_read` optional); true. */
  xgroup_setid: XGROUP_SETID,
  /** Alias of {@link xgroup_setid}. */
  xgroupSetid: XGROUP_SETID,
  /** XACK: acknowledges the given IDs in `groupname` (arguments or one array); how many were acknowledged. */
  xack: XACK,
  /** XPENDING: `groupname`'s summary `{ pending, min, max, consumers: [{ name, pending }] }` (min/max null if none). */
  xpending: XPENDING,
  /** XPENDING: `{ message_id, consumer, time_since_delivered, times_delivered }` per entry; `count` default 10. */
  xpending_range: XPENDING_RANGE,
  /** Alias of {@link xpending_range}. */
  xpendingRange: XPENDING_RANGE,
  /** XCLAIM: claims `message_ids` for `consumername` if idle `min_idle_time` ms; the entries, or IDs with `justid`. */
  xclaim: XCLAIM,
  /** XAUTOCLAIM: claims entries idle `min_idle_time` ms from `start_id`: `[next start, entries/IDs, deleted IDs]`. */
  xautoclaim: XAUTOCLAIM,
};
