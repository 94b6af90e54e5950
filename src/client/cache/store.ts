/**
 * The entries of a client-side cache: least-recently-used order (a Map's insertion order, an entry moved to the end on
 * every hit), bounded by entry count and by estimated bytes, with an index from each Redis key to the entries that
 * depend on it (a doubly linked list per key, so an invalidation costs what it removes). It knows nothing of
 * connections or tracking: {@link ClientCache} decides what may be stored and when an entry is no longer valid.
 */
import type { RespValue } from '../../protocol/types.js';
import { ENTRY_OVERHEAD_BYTES, sizeOf } from './values.js';

export class CacheEntry<O> {
  /** Other entries of the same Redis key (GET k and STRLEN k both depend on k). */
  prevSameKey: CacheEntry<O> | undefined = undefined;
  nextSameKey: CacheEntry<O> | undefined = undefined;
  readonly bytes: number;

  constructor(
    /** The command and its arguments, with the reply form (strings or Buffers): what a read is looked up by. */
    readonly key: string,
    /** The Redis key the reply depends on, as the bytes the server names it by (latin1 text). */
    readonly keyName: string,
    /** The cache's own copy of the raw reply (before the command's transform). */
    readonly reply: RespValue,
    /** The connection the reply was read over, as the cache's owner knows it. */
    readonly owner: O,
    /** That connection's session when the reply was read: the entry holds only while the session lasts. */
    readonly session: number,
    /** The key's hash slot in a cluster (-1 otherwise). */
    readonly slot: number,
    /** When the entry expires (ms since the epoch, `ttl` option), 0 for never. */
    readonly expiresAt: number,
  ) {
    this.bytes = ENTRY_OVERHEAD_BYTES + 2 * key.length + 2 * keyName.length + sizeOf(reply);
  }
}

/** Why an entry left the store: the counters of `stats()`. */
export type Removal = 'evicted' | 'invalidated';

export class CacheStore<O> {
  private readonly entries = new Map<string, CacheEntry<O>>();
  /** Redis key → the first entry depending on it. */
  private readonly byKeyName = new Map<string, CacheEntry<O>>();
  private totalBytes = 0;
  evictions = 0;
  invalidations = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The entry for a lookup key, made the most recently used. */
  get(key: string): CacheEntry<O> | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Stores an entry (replacing one with the same lookup key), then evicts the least recently used over the bounds. */
  set(entry: CacheEntry<O>): boolean {
    if (entry.bytes > this.maxBytes) return false;
    const previous = this.entries.get(entry.key);
    if (previous !== undefined) this.unlink(previous);
    this.entries.set(entry.key, entry);
    const head = this.byKeyName.get(entry.keyName);
    if (head !== undefined) {
      head.prevSameKey = entry;
      entry.nextSameKey = head;
    }
    this.byKeyName.set(entry.keyName, entry);
    this.totalBytes += entry.bytes;
    while (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.entries.values().next().value as CacheEntry<O>;
      this.remove(oldest, 'evicted');
    }
    return true;
  }

  remove(entry: CacheEntry<O>, why: Removal): void {
    if (this.entries.get(entry.key) !== entry) return;
    this.unlink(entry);
    if (why === 'evicted') this.evictions++;
    else this.invalidations++;
  }

  /** Removes every entry depending on a Redis key; how many there were. */
  removeKeyName(keyName: string): number {
    let removed = 0;
    for (let entry = this.byKeyName.get(keyName); entry !== undefined; ) {
      const next = entry.nextSameKey;
      this.remove(entry, 'invalidated');
      removed++;
      entry = next;
    }
    return removed;
  }

  /** Removes the entries `drop` selects (a lost connection, a slot moved away): a scan, for rare events only. */
  removeWhere(drop: (entry: CacheEntry<O>) => boolean): number {
    let removed = 0;
    for (const entry of [...this.entries.values()]) {
      if (drop(entry)) {
        this.remove(entry, 'invalidated');
        removed++;
      }
    }
    return removed;
  }

  clear(): number {
    const count = this.entries.size;
    this.entries.clear();
    this.byKeyName.clear();
    this.totalBytes = 0;
    return count;
  }

  private unlink(entry: CacheEntry<O>): void {
    this.entries.delete(entry.key);
    this.totalBytes -= entry.bytes;
    const { prevSameKey: prev, nextSameKey: next } = entry;
    if (prev !== undefined) prev.nextSameKey = next;
    else if (next !== undefined) this.byKeyName.set(entry.keyName, next);
    else this.byKeyName.delete(entry.keyName);
    if (next !== undefined) next.prevSameKey = prev;
    entry.prevSameKey = undefined;
    entry.nextSameKey = undefined;
  }
}
