/**
 * What the stream commands share: entry IDs, entries as `[id, fields]` with the fields in an ordinary record
 * (field names are data), XREAD/XREADGROUP replies as a record of entries per stream (redis-py's unified shape, from a
 * RESP2 array or a RESP3 map alike), and the STREAMS argument block.
 */
import { DataError } from '../errors.js';
import { isPlainObject } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { optionalIntegerArg } from './argument-checks.js';
import { atLeastOne } from './define.js';
import { entries, setField, text, toArray } from './transforms.js';
import type { Bulk, KeyArg, KeyPositions } from './types.js';

/** A stream entry ID such as `'1700000000000-0'`, or a special ID (`'*'`, `'$'`, `'>'`, `'-'`, `'+'`, `'0'`). */
export type StreamId = string | Buffer | number;
/** The fields of an entry, by name. */
export type StreamFields = Record<string, Bulk>;
/** One entry: its ID and its fields (`{}` for an entry deleted while pending, read back by XREADGROUP). */
export type StreamEntry = [Bulk, StreamFields];
/**
 * An entry XCLAIM returns: servers before 7.0 send nil for an entry deleted while pending, which redis-py reads as
 * `(None, None)`.
 */
export type ClaimedEntry = StreamEntry | [null, null];
/** XREAD/XREADGROUP: the entries of each stream, by stream name, in the order the server sent them; `{}` if none. */
export type StreamReadReply = Record<string, StreamEntry[]>;

/** Fields as an ordinary record (names stored with setField); nil (an entry deleted while pending) gives an empty record, as in redis-py. */
export function asFields(reply: RespValue): StreamFields {
  const out: StreamFields = {};
  for (const [field, value] of entries(reply)) setField(out, text(field), value as unknown as Bulk);
  return out;
}

export function asEntry(reply: RespValue): ClaimedEntry {
  if (reply === null) return [null, null];
  const parts = toArray(reply);
  return [parts[0] as unknown as Bulk, asFields(parts[1])];
}

export const asEntries = (reply: RespValue): StreamEntry[] => toArray(reply).map(asEntry) as StreamEntry[];

/** RESP2 `[[stream, entries], …]` or RESP3 `{stream: entries}` as a record by stream; `{}` when BLOCK timed out. */
export function asStreamRead(reply: RespValue): StreamReadReply {
  const out: StreamReadReply = {};
  if (reply === null) return out;
  const pairs: Array<[RespValue, RespValue]> =
    reply instanceof Map ? [...reply.entries()] : toArray(reply).map((p) => toArray(p) as [RespValue, RespValue]);
  for (const [stream, list] of pairs) setField(out, text(stream), asEntries(list));
  return out;
}

/** Streams to read and the ID to read after, per stream: `{ stream: id }`, a Map or `[stream, id]` pairs. */
export type StreamOffsets =
  | Record<string, StreamId>
  | Map<KeyArg, StreamId>
  | ReadonlyArray<readonly [KeyArg, StreamId]>;

export function streamsArgs(command: string, streams: StreamOffsets): RedisArg[] {
  let pairs: Array<readonly [KeyArg, StreamId]>;
  if (streams instanceof Map || Array.isArray(streams)) pairs = [...(streams as Iterable<readonly [KeyArg, StreamId]>)];
  else if (isPlainObject(streams)) pairs = Object.keys(streams).map((k) => [k, streams[k] as StreamId] as const);
  else throw new DataError(`${command}: streams must map stream names to IDs (a plain object, a Map or pairs)`);
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
  /** At most this many entries per stream (a positive integer). */
  count?: number;
  /** Wait up to this many ms for data (0 = forever); without it XREAD does not block. */
  block?: number;
}

/** `[COUNT n] [BLOCK ms]`, checked as redis-py checks them. */
export function readArgs(command: string, options: XreadOptions): RedisArg[] {
  const args: RedisArg[] = [];
  const count = optionalIntegerArg(command, 'count', options.count, 1);
  const block = optionalIntegerArg(command, 'block', options.block);
  if (count !== undefined) args.push('COUNT', count);
  if (block !== undefined) args.push('BLOCK', block);
  return args;
}

/** Milliseconds for a blocking read; -1 (not blocking: the shared connection serves it) without `block`. */
export const blockMs = (options?: XreadOptions) => (options?.block === undefined ? -1 : options.block);

/** The key of XGROUP and XINFO subcommands (`XGROUP DESTROY key …`, `XINFO STREAM key`): their third argument. */
export const GROUP_KEY: KeyPositions = { first: 2, last: 2, step: 1 };

/**
 * Refuses an options object where redis-py's positional parameter goes (`xadd(name, fields, { maxlen })`: the third
 * parameter is the ID), naming where the options belong instead of sending the object as an argument.
 */
export function notOptions(command: string, what: string, value: unknown): void {
  if (isPlainObject(value)) {
    throw new DataError(`${command}: ${what} goes here (redis-py's order); options go in the next argument`);
  }
}
