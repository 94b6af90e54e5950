/** Pending entries of consumer groups: XPENDING (summary and range forms), XCLAIM and XAUTOCLAIM. */
import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { flagArg, integerAtLeast, optionalIntegerArg } from './argument-checks.js';
import { defineCommand, FIRST_KEY, READ_ONLY, WRITE } from './define.js';
import { asEntry, type ClaimedEntry, type StreamId } from './stream-entries.js';
import { asBulk, asBulkArray, asInteger, text, toArray } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** The XPENDING summary form, as redis-py gives it. */
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
    pending: asInteger(parts[0]),
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

/** Options of the XPENDING range form: redis-py's keyword arguments after `count`. */
export interface XpendingRangeOptions {
  /** Only this consumer's entries. */
  consumername?: ValueArg;
  /** Only entries idle at least this many ms (IDLE). */
  idle?: number;
}

export const XPENDING_RANGE = defineCommand({
  name: 'XPENDING',
  maxArgs: 6,
  options: optionKeys<XpendingRangeOptions>({ consumername: true, idle: true }),
  build: (
    name: KeyArg,
    groupname: ValueArg,
    min: StreamId,
    max: StreamId,
    count: number,
    options: XpendingRangeOptions = {},
  ) => {
    // redis-py falls back to the summary when min, max and count are all None; that form is xpending() here.
    if (min === undefined || max === undefined || count === undefined || min === null || max === null) {
      throw new DataError('XPENDING range needs min, max and count (xpending() gives the summary)');
    }
    const args: RedisArg[] = ['XPENDING', name, groupname];
    const idle = optionalIntegerArg('XPENDING', 'idle', options.idle);
    if (idle !== undefined) args.push('IDLE', idle);
    args.push(min, max, integerAtLeast('XPENDING', 'count', count));
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

/** Options of XCLAIM: redis-py's keyword arguments after `message_ids`. */
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

const asClaimed = (reply: RespValue): ClaimedEntry[] => toArray(reply).map(asEntry);

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
    const ids = Array.isArray(message_ids) ? message_ids : message_ids === undefined ? [] : [message_ids];
    if (ids.length === 0) throw new DataError('XCLAIM needs at least one message ID');
    const args: RedisArg[] = ['XCLAIM', name, groupname, consumername];
    args.push(integerAtLeast('XCLAIM', 'min_idle_time', min_idle_time), ...ids);
    for (const option of ['idle', 'time', 'retrycount'] as const) {
      const value = optionalIntegerArg('XCLAIM', option, options[option], -Infinity);
      if (value !== undefined) args.push(option.toUpperCase(), value);
    }
    if (flagArg('XCLAIM', 'force', options.force)) args.push('FORCE');
    if (flagArg('XCLAIM', 'justid', options.justid)) args.push('JUSTID');
    return args;
  },
  transform: asClaimed,
  transformFor: (_n: KeyArg, _g: ValueArg, _c: ValueArg, _i: number, _ids: unknown, options?: XclaimOptions) =>
    options?.justid ? asBulkArray : undefined,
  keys: FIRST_KEY,
  // Increments delivery counters.
  flags: WRITE,
});

/** Options of XAUTOCLAIM: redis-py's keyword arguments after `start_id`. */
export interface XautoclaimOptions {
  /** Examine at most this many pending entries (default 100). */
  count?: number;
  /** Return only the claimed IDs (redis-py gives just that list), without incrementing the delivery counter. */
  justid?: boolean;
}

/** `[next start ID, claimed entries, IDs that no longer exist]`. */
function asAutoclaim(reply: RespValue): [Bulk, ClaimedEntry[], Bulk[]] {
  const parts = toArray(reply);
  return [asBulk(parts[0]), asClaimed(parts[1]), asBulkArray(parts[2] ?? null)];
}

/** With JUSTID redis-py returns only the claimed IDs (the reply's second element). */
const asAutoclaimIds = (reply: RespValue): Bulk[] => asBulkArray(toArray(reply)[1] ?? null);

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
    const args: RedisArg[] = ['XAUTOCLAIM', name, groupname, consumername];
    args.push(integerAtLeast('XAUTOCLAIM', 'min_idle_time', min_idle_time), start_id);
    const count = optionalIntegerArg('XAUTOCLAIM', 'count', options.count, 1);
    if (count !== undefined) args.push('COUNT', count);
    if (options.justid) args.push('JUSTID');
    return args;
  },
  transform: asAutoclaim,
  transformFor: (_n: KeyArg, _g: ValueArg, _c: ValueArg, _i: number, _s?: StreamId, options?: XautoclaimOptions) =>
    options?.justid ? asAutoclaimIds : undefined,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const streamClaimCommands = {
  /** XPENDING: `groupname`'s summary `{ pending, min, max, consumers: [{ name, pending }] }` (min/max null if none). */
  xpending: XPENDING,
  /** XPENDING: `{ message_id, consumer, time_since_delivered, times_delivered }` per entry `min`..`max`, at most `count`. */
  xpending_range: XPENDING_RANGE,
  /** Alias of {@link xpending_range}. */
  xpendingRange: XPENDING_RANGE,
  /** XCLAIM: claims `message_ids` for `consumername` if idle `min_idle_time` ms; the entries, or IDs with `justid`. */
  xclaim: XCLAIM,
  /** XAUTOCLAIM: claims entries idle `min_idle_time` ms from `start_id`: `[next start, entries, deleted IDs]`; IDs only with `justid`. */
  xautoclaim: XAUTOCLAIM,
};
