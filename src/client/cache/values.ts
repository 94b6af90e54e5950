/**
 * Copies and sizes of the replies a client-side cache keeps. A stored reply is the cache's own: bulk strings that
 * arrived as views of a socket chunk are copied (a view would keep the whole chunk alive and out of the byte count),
 * and every hit hands out a fresh copy of containers and Buffers, so a caller that mutates what it got cannot change
 * what the next caller gets. Strings, numbers, booleans and null are immutable and shared as they are.
 */
import type { RespValue } from '../../protocol/types.js';

/** Returned by {@link copyReply} for replies the cache does not keep (error values, unknown objects). */
export const UNCACHEABLE: unique symbol = Symbol('uncacheable');

/**
 * Heap bytes an entry costs besides its key and value: the entry object, its slots in the cache's maps and lists.
 * Measured on Node 20 (see bench/cache.ts), rounded up.
 */
export const ENTRY_OVERHEAD_BYTES = 320;

/** A deep copy of a reply: Buffers copied into memory of their own, containers rebuilt; UNCACHEABLE for the rest. */
export function copyReply(value: RespValue): RespValue | typeof UNCACHEABLE {
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) {
    const out: RespValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = copyReply(value[i]);
      if (item === UNCACHEABLE) return UNCACHEABLE;
      out[i] = item;
    }
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<RespValue, RespValue>();
    for (const [k, v] of value) {
      const key = copyReply(k);
      const item = copyReply(v);
      if (key === UNCACHEABLE || item === UNCACHEABLE) return UNCACHEABLE;
      out.set(key, item);
    }
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<RespValue>();
    for (const v of value) {
      const item = copyReply(v);
      if (item === UNCACHEABLE) return UNCACHEABLE;
      out.add(item);
    }
    return out;
  }
  return UNCACHEABLE;
}

/** A copy to hand to a caller: the value itself when it is immutable, else a deep copy. */
export function replyForCaller(value: RespValue): RespValue {
  if (value === null || typeof value !== 'object') return value;
  return copyReply(value) as RespValue;
}

/**
 * An upper estimate of the heap a reply (or key text) occupies: two bytes per string character (V8 stores some
 * strings in one), Buffers with their object, containers with their slots.
 */
export function sizeOf(value: RespValue): number {
  if (value === null) return 0;
  switch (typeof value) {
    case 'string':
      return 16 + 2 * value.length;
    case 'number':
    case 'boolean':
      return 8;
    case 'bigint':
      return 24;
    default:
      break;
  }
  if (Buffer.isBuffer(value)) return 100 + value.length;
  let bytes = 32;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) bytes += 8 + sizeOf(value[i]);
  } else if (value instanceof Map) {
    for (const [k, v] of value) bytes += 24 + sizeOf(k) + sizeOf(v);
  } else if (value instanceof Set) {
    for (const v of value) bytes += 16 + sizeOf(v);
  }
  return bytes;
}
