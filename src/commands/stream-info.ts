/**
 * XINFO STREAM, GROUPS and CONSUMERS as ordinary records (field names are data), the same from RESP2's flat
 * lists and RESP3's maps. As in redis-py, `first-entry`/`last-entry` are entries, and XINFO STREAM FULL gives
 * `entries` as a record by entry ID and `groups` (with their `consumers`) as records.
 */
import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RespValue } from '../protocol/types.js';
import { optionalIntegerArg } from './argument-checks.js';
import { defineCommand, READ_ONLY } from './define.js';
import { asEntry, asFields, GROUP_KEY, type StreamEntry, type StreamFields } from './stream-entries.js';
import { asInteger, entries, setField, text, toArray } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** A scalar inside XINFO replies: text, an integer or null. */
export type StreamInfoValue = Bulk | number | null;
/**
 * One group or consumer (XINFO GROUPS, XINFO CONSUMERS, XINFO STREAM FULL's `groups` and their `consumers`); lists
 * (FULL's `consumers` records, `pending` entries as `[id, …]` lists) are left loosely typed.
 */
export interface StreamInfoRecord {
  [field: string]: StreamInfoValue | unknown[];
}
/** XINFO STREAM, field by field: `length`, `first-entry`, `last-entry`…; with FULL `entries` and `groups` records. */
export interface StreamInfo {
  [field: string]: StreamInfoValue | StreamEntry | Record<string, StreamFields> | StreamInfoRecord[] | unknown[];
}

/** Fields that hold a list of records in XINFO STREAM FULL (in the plain form `groups` is a count). */
const RECORD_LISTS = new Set(['groups', 'consumers']);

function infoScalar(value: RespValue): StreamInfoValue | unknown[] {
  if (Array.isArray(value)) return value.map(infoScalar);
  if (typeof value === 'number' || typeof value === 'bigint') return asInteger(value);
  if (value === null || typeof value === 'string' || Buffer.isBuffer(value)) return value as unknown as Bulk | null;
  throw new DataError('unexpected reply: an XINFO field of an unknown kind');
}

function infoRecord(reply: RespValue): StreamInfoRecord {
  const out: StreamInfoRecord = {};
  for (const [rawField, value] of entries(reply)) {
    const field = text(rawField);
    setField(out, field, RECORD_LISTS.has(field) && Array.isArray(value) ? value.map(infoRecord) : infoScalar(value));
  }
  return out;
}

/** Entries by ID, as redis-py gives XINFO STREAM FULL's `entries`. */
function entriesById(reply: RespValue): Record<string, StreamFields> {
  const out: Record<string, StreamFields> = {};
  for (const item of toArray(reply)) {
    const [id, fields] = toArray(item);
    setField(out, text(id), asFields(fields));
  }
  return out;
}

function asStreamInfo(reply: RespValue): StreamInfo {
  const out: StreamInfo = {};
  for (const [rawField, value] of entries(reply)) {
    const field = text(rawField);
    if (field === 'first-entry' || field === 'last-entry') {
      out[field] = value === null ? null : (asEntry(value) as StreamEntry);
    } else if (field === 'entries') out[field] = entriesById(value);
    else if (RECORD_LISTS.has(field) && Array.isArray(value)) out[field] = value.map(infoRecord);
    else out[field] = infoScalar(value);
  }
  return out;
}

const asInfoRecords = (reply: RespValue): StreamInfoRecord[] => toArray(reply).map(infoRecord);

/** Options of XINFO STREAM. */
export interface XinfoStreamOptions {
  /** The full form (FULL): every entry, and the groups with their consumers and pending entries. */
  full?: boolean;
  /** With `full`: at most this many entries and PEL entries (COUNT; 0 = all, the server's default is 10). */
  count?: number;
}

export const XINFO_STREAM = defineCommand({
  name: 'XINFO STREAM',
  maxArgs: 2,
  options: optionKeys<XinfoStreamOptions>({ full: true, count: true }),
  build: (name: KeyArg, options: XinfoStreamOptions = {}) => {
    const count = optionalIntegerArg('XINFO STREAM', 'count', options.count);
    if (!options.full) {
      if (count !== undefined) throw new DataError('XINFO STREAM: count needs full');
      return ['XINFO', 'STREAM', name];
    }
    return count === undefined ? ['XINFO', 'STREAM', name, 'FULL'] : ['XINFO', 'STREAM', name, 'FULL', 'COUNT', count];
  },
  transform: asStreamInfo,
  keys: GROUP_KEY,
  flags: READ_ONLY,
});

export const XINFO_GROUPS = defineCommand({
  name: 'XINFO GROUPS',
  maxArgs: 1,
  build: (name: KeyArg) => ['XINFO', 'GROUPS', name],
  transform: asInfoRecords,
  keys: GROUP_KEY,
  flags: READ_ONLY,
});

export const XINFO_CONSUMERS = defineCommand({
  name: 'XINFO CONSUMERS',
  maxArgs: 2,
  build: (name: KeyArg, groupname: ValueArg) => ['XINFO', 'CONSUMERS', name, groupname],
  transform: asInfoRecords,
  keys: GROUP_KEY,
  flags: READ_ONLY,
});

export const streamInfoCommands = {
  /** XINFO STREAM: the stream's details as an ordinary record (`first-entry`… as entries); `full`, `count`. */
  xinfo_stream: XINFO_STREAM,
  /** Alias of {@link xinfo_stream}. */
  xinfoStream: XINFO_STREAM,
  /** XINFO GROUPS: one ordinary record per consumer group of the stream `name`. */
  xinfo_groups: XINFO_GROUPS,
  /** Alias of {@link xinfo_groups}. */
  xinfoGroups: XINFO_GROUPS,
  /** XINFO CONSUMERS: one ordinary record per consumer of `groupname`. */
  xinfo_consumers: XINFO_CONSUMERS,
  /** Alias of {@link xinfo_consumers}. */
  xinfoConsumers: XINFO_CONSUMERS,
};
