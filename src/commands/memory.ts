/** Memory introspection: MEMORY DOCTOR / MALLOC-STATS / PURGE / STATS / USAGE, and DEBUG OBJECT. */
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { integerAtLeast } from './argument-checks.js';
import { defineCommand, IDEMPOTENT, READ_ONLY } from './define.js';
import { asBulk, asIntOrNull, asOk, entries, setField, text } from './transforms.js';
import type { Bulk, KeyArg } from './types.js';

/** One MEMORY STATS value: a number (ratios too, whatever the protocol), text, or a `db.N` breakdown. */
export type MemoryStatsValue = number | Bulk | null | Record<string, number | Bulk | null>;
/** MEMORY STATS by field name (`peak.allocated`, `db.0`, `dataset.percentage`…), a ordinary object. */
export type MemoryStats = Record<string, MemoryStatsValue>;

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Integers come as integers in both protocols, ratios as doubles in RESP3 but as text in RESP2: both become numbers,
 * so the shape does not depend on the protocol.
 */
function statValue(value: RespValue): number | Bulk | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const t = text(value);
    if (NUMERIC.test(t)) return Number(t);
  }
  return value as unknown as Bulk | null;
}

/** redis-py's parse_memory_stats (unified): field names as text, `db.N` breakdowns as objects of their own. */
export function asMemoryStats(reply: RespValue): MemoryStats {
  const stats: MemoryStats = {};
  for (const [rawKey, value] of entries(reply)) {
    const key = text(rawKey);
    if (key.startsWith('db.') && (Array.isArray(value) || value instanceof Map)) {
      const db: Record<string, number | Bulk | null> = {};
      for (const [field, v] of entries(value)) setField(db, text(field), statValue(v));
      setField(stats, key, db);
    } else setField(stats, key, statValue(value));
  }
  return stats;
}

/** The server's report of its memory usage, field by field. In a cluster: per master. */
export const MEMORY_STATS = defineCommand({
  name: 'MEMORY STATS',
  maxArgs: 0,
  build: () => ['MEMORY', 'STATS'],
  transform: asMemoryStats,
  flags: READ_ONLY,
  route: 'primaries-map',
});

/** The server's advice about its memory use, as text. In a cluster: per master. */
export const MEMORY_DOCTOR = defineCommand({
  name: 'MEMORY DOCTOR',
  maxArgs: 0,
  build: () => ['MEMORY', 'DOCTOR'],
  transform: asBulk,
  flags: READ_ONLY,
  route: 'primaries-map',
});

/** The memory allocator's own statistics report, as text. In a cluster: per master. */
export const MEMORY_MALLOC_STATS = defineCommand({
  name: 'MEMORY MALLOC-STATS',
  maxArgs: 0,
  build: () => ['MEMORY', 'MALLOC-STATS'],
  transform: asBulk,
  flags: READ_ONLY,
  route: 'primaries-map',
});

/** Asks the allocator to release dirty pages (jemalloc). Every master in a cluster. */
export const MEMORY_PURGE = defineCommand({
  name: 'MEMORY PURGE',
  maxArgs: 0,
  build: () => ['MEMORY', 'PURGE'],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

/** redis-py's `memory_usage(key, samples=None)`: bytes `key` and its value take, or null for a missing key. */
export const MEMORY_USAGE = defineCommand({
  name: 'MEMORY USAGE',
  maxArgs: 2,
  build: (key: KeyArg, samples?: number | null): RedisArg[] =>
    samples === undefined || samples === null
      ? ['MEMORY', 'USAGE', key]
      : ['MEMORY', 'USAGE', key, 'SAMPLES', integerAtLeast('MEMORY USAGE', 'samples', samples)],
  transform: asIntOrNull,
  keys: { first: 2, last: 2, step: 1 },
  flags: READ_ONLY,
});

/** DEBUG OBJECT's fields, redis-py's parse_debug_object: `type` first, counts as numbers, the rest as text. */
export type DebugObject = Record<string, string | number>;

const DEBUG_INTEGERS = new Set(['refcount', 'serializedlength', 'lru', 'lru_seconds_idle']);

function asDebugObject(reply: RespValue): DebugObject {
  const out: DebugObject = {};
  // The first item (`Value at:0x…`) has no name of its own: redis-py names it `type`.
  for (const item of `type:${text(reply)}`.split(/\s+/)) {
    const colon = item.indexOf(':');
    if (colon <= 0) continue;
    const name = item.slice(0, colon);
    const value = item.slice(colon + 1);
    setField(out, name, DEBUG_INTEGERS.has(name) && /^-?\d+$/.test(value) ? Number(value) : value);
  }
  return out;
}

/**
 * Low-level details of `key` (encoding, refcount, serialized length…). The server refuses DEBUG unless started with
 * `enable-debug-command` (`yes`, or `local` for loopback clients).
 */
export const DEBUG_OBJECT = defineCommand({
  name: 'DEBUG OBJECT',
  maxArgs: 1,
  build: (key: KeyArg) => ['DEBUG', 'OBJECT', key],
  transform: asDebugObject,
  keys: { first: 2, last: 2, step: 1 },
  flags: READ_ONLY,
});

export const memoryCommands = {
  /** MEMORY STATS: the server's memory report as a ordinary object; numbers as numbers (per master in a cluster). */
  memory_stats: MEMORY_STATS,
  /** MEMORY DOCTOR: the server's advice about its memory use, as text (per master in a cluster). */
  memory_doctor: MEMORY_DOCTOR,
  /** MEMORY MALLOC-STATS: the allocator's statistics report, as text (per master in a cluster). */
  memory_malloc_stats: MEMORY_MALLOC_STATS,
  /** MEMORY PURGE: asks the allocator to release dirty pages (every master in a cluster); true. */
  memory_purge: MEMORY_PURGE,
  /** MEMORY USAGE: the bytes `key` and its value take (`samples`: nested values to sample), or null if missing. */
  memory_usage: MEMORY_USAGE,
  /** Alias of {@link memory_usage}. */
  memoryUsage: MEMORY_USAGE,
  /** DEBUG OBJECT: `{ type, at, refcount, encoding, serializedlength, lru, lru_seconds_idle, … }` of `key`. */
  debug_object: DEBUG_OBJECT,
};
