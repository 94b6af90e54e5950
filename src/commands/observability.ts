/** What the server reports about itself: INFO, SLOWLOG …, LATENCY …. */
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { textList } from './admin-args.js';
import { integerAtLeast } from './argument-checks.js';
import { defineCommand, IDEMPOTENT, READ_ONLY } from './define.js';
import { asBulk, asInt, asInteger, asOk, entries, setField, text, toArray } from './transforms.js';
import type { Bulk } from './types.js';

/** A number or a text, as redis-py's int()/float() leave INFO values. */
export type InfoScalar = string | number;
/** `k=v,…` fields of one INFO line (a bare `k` is `true`). */
export type InfoFields = Record<string, InfoScalar | true>;
/**
 * One INFO value as redis-py parses it: a number or text, an `a,b` list, a `k=v,…` object; `modules` holds one value
 * per `module:` line and `__raw__` the lines without a colon.
 */
export type InfoValue = InfoScalar | InfoScalar[] | InfoFields | Array<InfoScalar | InfoScalar[] | InfoFields>;
/** INFO as redis-py returns it: one flat ordinary object of every field of the sections asked for. */
export type ServerInfo = Record<string, InfoValue>;

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number where redis-py's int()/float() would make one (an integer past 2^53 stays text: exact, not rounded). */
function infoScalar(raw: string): string | number {
  if (INTEGER.test(raw)) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : raw;
  }
  if (raw.includes('.') && FLOAT.test(raw)) return Number(raw);
  return raw;
}

function infoValue(raw: string): InfoScalar | InfoScalar[] | InfoFields {
  if (!raw.includes('=')) {
    if (!raw.includes(',')) return infoScalar(raw);
    return raw
      .split(',')
      .filter((part) => part.length > 0)
      .map(infoScalar);
  }
  const fields: InfoFields = {};
  for (const item of raw.split(',')) {
    if (item.length === 0) continue;
    const eq = item.lastIndexOf('=');
    if (eq < 0) setField(fields, item, true);
    else setField(fields, item.slice(0, eq), infoScalar(item.slice(eq + 1)));
  }
  return fields;
}

/** redis-py's parse_info: `field:value` lines into one object; `module` lines into `modules`, others into `__raw__`. */
export function parseInfo(reply: RespValue): ServerInfo {
  const info: ServerInfo = {};
  for (const line of text(reply).split(/\r?\n/)) {
    if (line.length === 0 || line.startsWith('#')) continue;
    let colon = line.indexOf(':');
    if (colon < 0) {
      const raw = (info.__raw__ ??= []) as InfoScalar[];
      raw.push(line);
      continue;
    }
    // `cmdstat_host:…` is the one field whose name has a colon in it (the HOST: pseudo-command).
    if (line.slice(0, colon) === 'cmdstat_host') colon = line.lastIndexOf(':');
    const key = line.slice(0, colon);
    const value = infoValue(line.slice(colon + 1));
    if (key === 'module') ((info.modules ??= []) as Array<InfoScalar | InfoScalar[] | InfoFields>).push(value);
    else setField(info, key, value);
  }
  return info;
}

/**
 * redis-py's `info(section=None, *args)`: the sections asked for (several need Redis 7; `'everything'`, `'all'`,
 * `'default'`) as one flat object. In a cluster: a Map from `host:port` to each node's.
 */
export const INFO = defineCommand({
  name: 'INFO',
  maxArgs: 'variadic',
  build: (...sections: Array<string | Buffer>) => ['INFO', ...textList('INFO', 'section', sections)],
  transform: parseInfo,
  flags: READ_ONLY,
  route: 'all-map',
});

/** One SLOWLOG entry, redis-py's `parse_slowlog_get` dict. */
export interface SlowlogEntry {
  id: number;
  /** Unix time (seconds) the command started. */
  start_time: number;
  /** Microseconds it ran. */
  duration: number;
  /** The command and its arguments joined by spaces (the server shortens long ones). */
  command: Bulk;
  /** `ip:port` of the client that sent it. */
  client_address?: Bulk;
  /** The client's name (CLIENT SETNAME), empty when it has none. */
  client_name?: Bulk;
  /** Complexity information, where the server (Redis Enterprise) reports it. */
  complexity?: Bulk;
}

function joinArgs(args: RespValue[]): Bulk {
  if (args.every((a) => Buffer.isBuffer(a))) {
    const parts: Buffer[] = [];
    for (const [i, a] of args.entries()) parts.push(...(i === 0 ? [a as Buffer] : [Buffer.from(' '), a as Buffer]));
    return Buffer.concat(parts) as unknown as Bulk;
  }
  return args.map((a) => text(a)).join(' ') as unknown as Bulk;
}

function asSlowlog(reply: RespValue): SlowlogEntry[] {
  return toArray(reply).map((raw) => {
    const item = toArray(raw);
    const entry: SlowlogEntry = {
      id: asInteger(item[0]),
      start_time: asInteger(item[1]),
      duration: asInteger(item[2]),
      command: '' as unknown as Bulk,
    };
    // Redis Enterprise puts complexity information before the arguments.
    const at = Array.isArray(item[3]) ? 3 : 4;
    if (at === 4) entry.complexity = item[3] as unknown as Bulk;
    entry.command = joinArgs(toArray(item[at]));
    if (item.length >= at + 3) {
      entry.client_address = item[at + 1] as unknown as Bulk;
      entry.client_name = item[at + 2] as unknown as Bulk;
    }
    return entry;
  });
}

/** redis-py's `slowlog_get(num=None)`: the `num` most recent entries (the server's default 10; -1 for all). */
export const SLOWLOG_GET = defineCommand({
  name: 'SLOWLOG GET',
  maxArgs: 1,
  build: (num?: number | null): RedisArg[] =>
    num === undefined || num === null
      ? ['SLOWLOG', 'GET']
      : ['SLOWLOG', 'GET', integerAtLeast('SLOWLOG GET', 'num', num, -1)],
  transform: asSlowlog,
  flags: READ_ONLY,
  route: 'all-map',
});

export const SLOWLOG_LEN = defineCommand({
  name: 'SLOWLOG LEN',
  maxArgs: 0,
  build: () => ['SLOWLOG', 'LEN'],
  transform: asInt,
  flags: READ_ONLY,
  route: 'all-sum',
});

export const SLOWLOG_RESET = defineCommand({
  name: 'SLOWLOG RESET',
  maxArgs: 0,
  build: () => ['SLOWLOG', 'RESET'],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'all-all-ok',
});

/** A human-readable analysis of the latency events recorded (needs `latency-monitor-threshold`). Per node. */
export const LATENCY_DOCTOR = defineCommand({
  name: 'LATENCY DOCTOR',
  maxArgs: 0,
  build: () => ['LATENCY', 'DOCTOR'],
  transform: asBulk,
  flags: READ_ONLY,
  route: 'all-map',
});

/** An ASCII graph of `event`'s latency samples. Per node in a cluster. */
export const LATENCY_GRAPH = defineCommand({
  name: 'LATENCY GRAPH',
  maxArgs: 1,
  build: (event: string | Buffer) => ['LATENCY', 'GRAPH', ...textList('LATENCY GRAPH', 'event', [event])],
  transform: asBulk,
  flags: READ_ONLY,
  route: 'all-map',
});

/** One command's latency histogram: how many calls, and how many took at most each power-of-two microseconds. */
export interface LatencyHistogram {
  calls: number;
  /** Bucket upper bound (µs) → calls that took at most that long (cumulative), in ascending order. */
  histogram_usec: Map<number, number>;
}

function asHistograms(reply: RespValue): Record<string, LatencyHistogram> {
  const out: Record<string, LatencyHistogram> = {};
  for (const [name, details] of entries(reply)) {
    const histogram: LatencyHistogram = { calls: 0, histogram_usec: new Map() };
    for (const [field, value] of entries(details)) {
      if (text(field) === 'calls') histogram.calls = asInteger(value);
      else if (text(field) === 'histogram_usec') {
        for (const [bucket, count] of entries(value)) histogram.histogram_usec.set(asInteger(bucket), asInteger(count));
      }
    }
    setField(out, text(name), histogram);
  }
  return out;
}

/** Latency histograms of the given commands (all that ran, when none is given), by command name. Redis 7. */
export const LATENCY_HISTOGRAM = defineCommand({
  name: 'LATENCY HISTOGRAM',
  maxArgs: 'variadic',
  build: (...commands: Array<string | Buffer>) => [
    'LATENCY',
    'HISTOGRAM',
    ...(commands.length === 0 ? [] : textList('LATENCY HISTOGRAM', 'command', commands)),
  ],
  transform: asHistograms,
  flags: READ_ONLY,
  route: 'all-map',
});

/** `event`'s latency spikes: `[unix time, milliseconds]` pairs, oldest first. */
export const LATENCY_HISTORY = defineCommand({
  name: 'LATENCY HISTORY',
  maxArgs: 1,
  build: (event: string | Buffer) => ['LATENCY', 'HISTORY', ...textList('LATENCY HISTORY', 'event', [event])],
  transform: (reply: RespValue): Array<[number, number]> =>
    toArray(reply).map((pair) => {
      const [time, latency] = toArray(pair);
      return [asInteger(time), asInteger(latency)];
    }),
  flags: READ_ONLY,
  route: 'all-map',
});

/** The latest spike of each event: `[event, unix time, latest ms, all-time maximum ms]`. */
export const LATENCY_LATEST = defineCommand({
  name: 'LATENCY LATEST',
  maxArgs: 0,
  build: () => ['LATENCY', 'LATEST'],
  transform: (reply: RespValue): Array<[Bulk, number, number, number]> =>
    toArray(reply).map((row) => {
      const [event, time, latest, max] = toArray(row);
      return [event as unknown as Bulk, asInteger(time), asInteger(latest), asInteger(max)];
    }),
  flags: READ_ONLY,
  route: 'all-map',
});

/** Forgets the spikes of the given events (all events when none is given); how many series were reset. */
export const LATENCY_RESET = defineCommand({
  name: 'LATENCY RESET',
  maxArgs: 'variadic',
  build: (...events: Array<string | Buffer>) => [
    'LATENCY',
    'RESET',
    ...(events.length === 0 ? [] : textList('LATENCY RESET', 'event', events)),
  ],
  transform: asInt,
  flags: IDEMPOTENT,
  route: 'all-sum',
});

export const observabilityCommands = {
  /** INFO: the `sections` asked for (default the server's) as one flat object, parsed as redis-py does. */
  info: INFO,
  /** SLOWLOG GET: the `num` most recent slow commands: `{ id, start_time, duration, command, client_address, client_name }`. */
  slowlog_get: SLOWLOG_GET,
  /** SLOWLOG LEN: how many entries the slow log holds (summed over the nodes in a cluster). */
  slowlog_len: SLOWLOG_LEN,
  /** SLOWLOG RESET: empties the slow log (every node in a cluster); true. */
  slowlog_reset: SLOWLOG_RESET,
  /** LATENCY DOCTOR: the server's analysis of recorded latency events, as text (per node in a cluster). */
  latency_doctor: LATENCY_DOCTOR,
  /** LATENCY GRAPH: an ASCII graph of `event`'s latency samples (per node in a cluster). */
  latency_graph: LATENCY_GRAPH,
  /** LATENCY HISTOGRAM: `{ calls, histogram_usec }` per command name, for the `commands` given or all. */
  latency_histogram: LATENCY_HISTOGRAM,
  /** LATENCY HISTORY: `[unix time, ms]` pairs of `event`'s latency spikes. */
  latency_history: LATENCY_HISTORY,
  /** LATENCY LATEST: `[event, unix time, latest ms, max ms]` for each event. */
  latency_latest: LATENCY_LATEST,
  /** LATENCY RESET: forgets the spikes of `events` (all when none given); how many series were reset. */
  latency_reset: LATENCY_RESET,
};
