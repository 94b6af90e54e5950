/** The `cache` option (redis-py's `cache_config`): client-side caching over RESP3 tracking, and its bounds. */
import { DataError } from '../../errors.js';
import { checkOptions, optionKeys } from '../../option-keys.js';

/** Bounds of the client-side cache; every field is optional. */
export interface CacheOptions {
  /** Most entries kept (default 10,000); the least recently used go first. */
  max_entries?: number;
  /** redis-py's name for `max_entries`. */
  max_size?: number;
  /** Most bytes kept, as estimated from the keys and replies (default 64 MiB). */
  max_bytes?: number;
  /** Seconds an entry may be served at most (default: until invalidated or evicted). */
  ttl?: number;
}

export interface NormalizedCacheOptions {
  maxEntries: number;
  maxBytes: number;
  /** 0: no time limit. */
  ttlMs: number;
}

export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

const CACHE_OPTION_KEYS = optionKeys<CacheOptions>({ max_entries: true, max_size: true, max_bytes: true, ttl: true });

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new DataError(`cache.${name} must be a positive integer`);
  }
  return value;
}

/**
 * The cache settings from `cache` or `cache_config` (`true` or `{}` for the defaults; `false`/undefined for none).
 * The cache needs RESP3: invalidations arrive as push messages on the very connection that did the reads.
 */
export function normalizeCacheOptions(
  cache: CacheOptions | boolean | undefined,
  cacheConfig: CacheOptions | boolean | undefined,
  protocol: number,
): NormalizedCacheOptions | undefined {
  if (cache !== undefined && cacheConfig !== undefined) {
    throw new DataError('give the client-side cache options once: cache or cache_config, not both');
  }
  const given = cache ?? cacheConfig;
  if (given === undefined || given === false) return undefined;
  const options = given === true ? {} : given;
  checkOptions('cache', options, CACHE_OPTION_KEYS);
  if (protocol !== 3) {
    throw new DataError(
      'client-side caching (the cache option) needs protocol: 3: the server sends invalidations as RESP3 push messages',
    );
  }
  if (options.max_entries !== undefined && options.max_size !== undefined) {
    throw new DataError('cache: give max_entries or max_size (its redis-py name), not both');
  }
  const ttl = options.ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0)) {
    throw new DataError('cache.ttl must be a positive number of seconds');
  }
  return {
    maxEntries: positiveInteger(options.max_entries ?? options.max_size, 'max_entries', DEFAULT_CACHE_MAX_ENTRIES),
    maxBytes: positiveInteger(options.max_bytes, 'max_bytes', DEFAULT_CACHE_MAX_BYTES),
    ttlMs: ttl === undefined ? 0 : Math.max(1, Math.round(ttl * 1000)),
  };
}
