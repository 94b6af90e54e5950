/**
 * Client-side caching over RESP3 default-mode tracking (`CLIENT TRACKING ON` on the very connection that reads): the
 * server remembers the keys each connection read and pushes an invalidation on that connection when one changes.
 *
 * What keeps it correct (docs/caching.md states the guarantee):
 * - a read is marked in flight (per key, with the invalidation sequence number) just before it is written; a reply
 *   stored only when no invalidation of its key, no flush and no end of the connection's session came in between —
 *   pushes arrive on the same connection, in order with replies, and are handled synchronously as they are decoded;
 * - an entry is valid only while the session it was read in lasts (the connection's session number), only while its
 *   connection still serves the key's slot (cluster), and only until its TTL;
 * - hits hand out copies, so callers cannot change what is cached.
 */
import { keyIndexes } from '../../commands/define.js';
import type { AnyCommandSpec } from '../../commands/types.js';
import { Command, CommandFlags, type ReplyTransform } from '../../connection/command.js';
import type { Connection } from '../../connection/connection.js';
import { DataError } from '../../errors.js';
import type { RedisArg } from '../../protocol/encoder.js';
import type { RespValue } from '../../protocol/types.js';
import { keyNameOf, lookupKey } from './keys.js';
import type { NormalizedCacheOptions } from './options.js';
import { CacheEntry, CacheStore } from './store.js';
import { copyReply, replyForCaller, UNCACHEABLE } from './values.js';

/** What `get_cache().stats()` reports. */
export interface CacheStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Cacheable reads sent to the server. */
  misses: number;
  /** Entries dropped to stay within `max_entries` / `max_bytes`, or past their `ttl`. */
  evictions: number;
  /** Entries dropped because they may no longer hold: an invalidation or flush from the server, a write through this client, a lost connection, a slot that moved. */
  invalidations: number;
  /** Entries held now. */
  entries: number;
  /** Estimated bytes held now (keys, replies and per-entry overhead). */
  bytes: number;
}

/** Where a cluster client's reads go, for a cache that must drop what a node no longer serves. */
export interface CacheRouting {
  /** The hash slot of a key. */
  slotOf(key: RedisArg): number;
  /** True while reads of `slot` still go to this connection (its node serves the slot). */
  serves(connection: Connection, slot: number): boolean;
}

/** Told the connection a read is about to be written on (not called when the read is routed some other way). */
export interface SendObserver {
  sentOn(connection: Connection): void;
}

/** Sends a cacheable read of `slot` (-1 outside a cluster), telling `observer` where it goes. */
export type CachedReadSender = (command: Command, slot: number, observer: SendObserver) => Promise<unknown>;

const TRACKING_ON: readonly (readonly RedisArg[])[] = Object.freeze([Object.freeze(['CLIENT', 'TRACKING', 'ON'])]);
const INVALIDATE = Buffer.from('invalidate');

/** One tracked connection. */
class Tracker {
  /** Sequence number of the last full flush the server announced (`invalidate` with no keys). */
  flushedAt = 0;
  constructor(readonly connection: Connection) {}
}

interface InFlightKey {
  reads: number;
  /** Sequence number of the last invalidation of the key while reads of it were in flight. */
  invalidatedAt: number;
}

/** One cacheable read sent to the server. */
class PendingRead implements SendObserver {
  readonly command: Command;
  tracker: Tracker | undefined;
  session = 0;
  startSeq = 0;
  constructor(
    private readonly cache: ClientCache,
    original: Command,
    readonly entryKey: string,
    readonly keyName: string,
    readonly slot: number,
  ) {
    const inner = original.transform;
    const transform: ReplyTransform = (reply, command) => {
      if (command === this.command) cache.replied(this, reply);
      // A copy of the command, sent elsewhere after a redirection or a lost node: not tracked where it was marked.
      else cache.release(this);
      return inner === undefined ? reply : inner(reply, command);
    };
    this.command = new Command(original.args, original.wantsBuffers, transform, original.flags);
  }

  sentOn(connection: Connection): void {
    this.cache.markInFlight(this, connection);
  }
}

/**
 * The client-side cache of a client made with the `cache` option (`get_cache()`): replies of cacheable reads, kept
 * correct by the server's invalidation pushes (docs/caching.md). `stats()` reports its use; `flush()` empties it.
 */
export class ClientCache {
  private readonly store: CacheStore<Tracker>;
  private readonly trackers = new WeakMap<Connection, Tracker>();
  private readonly inFlight = new Map<string, InFlightKey>();
  /** Counts invalidations, flushes and marks; a read stores its reply only if nothing for its key came after its mark. */
  private seq = 0;
  /** Sequence number of the last flush of the whole cache (flush(), SELECT, AUTH, RESET). */
  private flushedAt = 0;
  private hits = 0;
  private misses = 0;

  /** @internal */
  constructor(
    readonly options: NormalizedCacheOptions,
    private readonly routing?: CacheRouting,
  ) {
    this.store = new CacheStore(options.maxEntries, options.maxBytes);
  }

  /** Counters and size. */
  stats(): CacheStats {
    const { store } = this;
    return {
      hits: this.hits,
      misses: this.misses,
      evictions: store.evictions,
      invalidations: store.invalidations,
      entries: store.size,
      bytes: store.bytes,
    };
  }

  /** Entries held now. */
  get size(): number {
    return this.store.size;
  }

  /** Drops every entry (and keeps replies in flight from being stored); how many there were. */
  flush(): number {
    this.flushedAt = ++this.seq;
    return this.store.clear();
  }

  /**
   * @internal Turns tracking on for a connection the cache may keep replies of — before its first use, so every
   * session's handshake has it — and listens for its invalidations and the end of its sessions.
   */
  track(connection: Connection): void {
    const tracker = new Tracker(connection);
    this.trackers.set(connection, tracker);
    connection.sessionCommands = TRACKING_ON;
    // Key names exactly as bytes: a key that is not UTF-8 text must still match.
    connection.pushBuffers = true;
    connection.on('push', (frame) => this.onPush(tracker, frame));
    connection.on('session-end', () => this.store.removeWhere((entry) => entry.owner === tracker));
  }

  /**
   * @internal Runs a command through the cache: a cacheable read of one key is answered from it or sent with `send`
   * and its reply kept; a write drops its keys first (so this client reads its own writes); anything else returns
   * undefined for the caller to send as usual.
   */
  run(spec: AnyCommandSpec, command: Command, send: CachedReadSender): Promise<unknown> | undefined {
    if ((command.flags & CommandFlags.Local) !== 0) return undefined;
    if (spec.cacheable !== true) {
      try {
        this.beforeOther(spec, command);
      } catch (err) {
        return Promise.reject(err);
      }
      return undefined;
    }
    const keyIndex = singleKeyIndex(spec, command.args);
    if (keyIndex < 0) return undefined;
    const entryKey = lookupKey(command);
    const entry = this.store.get(entryKey);
    if (entry !== undefined) {
      if (this.holds(entry)) {
        this.hits++;
        return answer(entry.reply, command);
      }
      this.store.remove(entry, this.expired(entry) ? 'evicted' : 'invalidated');
    }
    this.misses++;
    const keyArg = command.args[keyIndex];
    const slot = this.routing === undefined ? -1 : this.routing.slotOf(keyArg);
    const read = new PendingRead(this, command, entryKey, keyNameOf(keyArg), slot);
    return send(read.command, slot, read).then(undefined, (err: unknown) => {
      this.release(read);
      throw err;
    });
  }

  /** @internal The cluster's slot map changed: drop what the new map routes elsewhere. */
  dropUnserved(): void {
    const routing = this.routing;
    if (routing === undefined) return;
    this.store.removeWhere((entry) => !routing.serves(entry.owner.connection, entry.slot));
  }

  /** @internal */
  markInFlight(read: PendingRead, connection: Connection): void {
    const tracker = this.trackers.get(connection);
    if (tracker === undefined || read.tracker !== undefined) return;
    read.tracker = tracker;
    read.session = connection.session;
    read.startSeq = this.seq;
    const known = this.inFlight.get(read.keyName);
    if (known !== undefined) known.reads++;
    else this.inFlight.set(read.keyName, { reads: 1, invalidatedAt: 0 });
  }

  /** @internal The reply of a read arrived on the connection it was marked on: keep it unless it may be stale. */
  replied(read: PendingRead, reply: RespValue): void {
    const tracker = read.tracker;
    if (tracker === undefined) return;
    const invalidatedAt = this.release(read);
    if (
      invalidatedAt > read.startSeq ||
      tracker.flushedAt > read.startSeq ||
      this.flushedAt > read.startSeq ||
      tracker.connection.session !== read.session
    ) {
      return;
    }
    const copy = copyReply(reply);
    if (copy === UNCACHEABLE) return;
    const expiresAt = this.options.ttlMs > 0 ? Date.now() + this.options.ttlMs : 0;
    this.store.set(new CacheEntry(read.entryKey, read.keyName, copy, tracker, read.session, read.slot, expiresAt));
  }

  /** @internal Ends a read's in-flight mark; returns the sequence number of the last invalidation of its key. */
  release(read: PendingRead): number {
    if (read.tracker === undefined) return 0;
    read.tracker = undefined;
    const known = this.inFlight.get(read.keyName);
    if (known === undefined) return 0;
    if (--known.reads === 0) this.inFlight.delete(read.keyName);
    return known.invalidatedAt;
  }

  private holds(entry: CacheEntry<Tracker>): boolean {
    const connection = entry.owner.connection;
    if (connection.session !== entry.session || this.expired(entry)) return false;
    return this.routing === undefined || this.routing.serves(connection, entry.slot);
  }

  private expired(entry: CacheEntry<Tracker>): boolean {
    return entry.expiresAt !== 0 && Date.now() >= entry.expiresAt;
  }

  /** A key changed: drop its entries and keep the replies of reads of it in flight from being stored. */
  private invalidate(keyName: string): void {
    const seq = ++this.seq;
    const known = this.inFlight.get(keyName);
    if (known !== undefined) known.invalidatedAt = seq;
    this.store.removeKeyName(keyName);
  }

  private onPush(tracker: Tracker, frame: RespValue[]): void {
    const kind = frame[0];
    if (!(Buffer.isBuffer(kind) && kind.equals(INVALIDATE))) return;
    const keys = frame[1];
    if (keys === null) {
      // FLUSHALL / FLUSHDB, or the server dropped its tracking table: nothing read over this connection holds.
      tracker.flushedAt = ++this.seq;
      this.store.removeWhere((entry) => entry.owner === tracker);
      return;
    }
    if (!Array.isArray(keys)) return;
    for (const key of keys) {
      if (Buffer.isBuffer(key)) this.invalidate(key.toString('latin1'));
      else if (typeof key === 'string') this.invalidate(keyNameOf(key));
    }
  }

  /**
   * A command that is not a cacheable read: writes drop their keys before they are sent; AUTH, SELECT, CLIENT
   * SETNAME and RESET (the connection's user or database changes) drop everything; CLIENT TRACKING is refused.
   */
  private beforeOther(spec: AnyCommandSpec, command: Command): void {
    if (spec.name === 'CLIENT TRACKING') {
      throw new DataError('CLIENT TRACKING: this client has a client-side cache, which keeps tracking on itself');
    }
    if (spec.session !== undefined) {
      this.flush();
      return;
    }
    if ((spec.flags & CommandFlags.ReadOnly) !== 0 || spec.keys === undefined) return;
    for (const i of keyIndexes(spec.keys, command.args)) this.invalidate(keyNameOf(command.args[i]));
  }
}

/** The index of the one key a call names, or -1 when it names none or several (EXISTS a b is not cached). */
function singleKeyIndex(spec: AnyCommandSpec, args: readonly RedisArg[]): number {
  const keys = spec.keys;
  // The common declaration (GET k, HGET k f…), without building an index list.
  if (keys !== undefined && typeof keys !== 'function' && keys.first === 1 && keys.last === 1) {
    return args.length > 1 ? 1 : -1;
  }
  const indexes = keyIndexes(spec.keys, args);
  return indexes.length === 1 ? indexes[0] : -1;
}

/** A hit: a copy of the stored reply through the command's transform. */
function answer(reply: RespValue, command: Command): Promise<unknown> {
  const value = replyForCaller(reply);
  const transform = command.transform;
  if (transform === undefined) return Promise.resolve(value);
  try {
    return Promise.resolve(transform(value, command));
  } catch (err) {
    return Promise.reject(err);
  }
}
