/**
 * `scan_iter` for a cluster, exact even while slots move: it walks slots rather than nodes. For every slot it asks the
 * slot's owner for CLUSTER COUNTKEYSINSLOT and CLUSTER GETKEYSINSLOT, and brackets those reads with a probe — EXISTS
 * on a key of that slot — whose redirections tell what the CLUSTER subcommands cannot (they have no key, so the
 * server never redirects them):
 * - MOVED: the slot has a new owner; patch the map and read the slot again there;
 * - ASK: the slot is migrating; keys only move from source to target, so reading the source and then the target
 *   (de-duplicated) sees every key that existed throughout;
 * - a probe after the read that no longer agrees means the slot moved meanwhile: the slot is read again from scratch.
 *
 * Trade-off: 16,384 slots are visited whatever the key count — one round trip for an empty slot (probe, count, probe
 * in one write), two for a slot with keys — but slots go in batches that each node's auto-pipelined connection sends
 * in a few writes, so a full pass is ~50k small pipelined commands (about a second on a loaded 2-core machine). A
 * slot is read whole (GETKEYSINSLOT with its count): a slot with millions of keys is one large reply. A node-by-node SCAN would be cheaper but cannot be exact across a
 * resharding, because a cursor does not survive a slot leaving its node.
 */
import type { ScanIterOptions } from '../client/scan-iterators.js';
import { Command, CommandFlags } from '../connection/command.js';
import {
  AskError,
  ClientClosedError,
  ClusterDownError,
  ClusterError,
  ConnectionError,
  DataError,
  MovedError,
  TryAgainError,
} from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import type { ClusterNode } from './cluster-nodes.js';
import { asBytes, globMatchBytes, pinnedHashTag } from './glob.js';
import { keySlot, SLOT_COUNT } from './slot.js';
import type { TopologyManager } from './topology-manager.js';

/** Slots read concurrently: large enough to fill each node's pipeline, small enough to bound memory. */
const SLOT_BATCH = 2048;
/** Slots read at a time by one `scan()` step, until it has about `count` keys. */
const STEP_BATCH = 128;
/** Times one slot is read again (after MOVED, a move during the read, lost connections) before giving up. */
const MAX_SLOT_ATTEMPTS = 16;

let probeTags: string[] | undefined;

/** A hash tag for every slot (found once by trying short strings), so a probe key can be made for any slot. */
function tagForSlot(slot: number): string {
  if (probeTags === undefined) {
    const tags: string[] = new Array(SLOT_COUNT);
    let found = 0;
    for (let i = 0; found < SLOT_COUNT; i++) {
      const tag = i.toString(36);
      const s = keySlot(tag);
      if (tags[s] === undefined) {
        tags[s] = tag;
        found++;
      }
    }
    probeTags = tags;
  }
  return probeTags[slot];
}

/** A key of `slot` that nobody uses: its EXISTS reply is 0 or a redirection. */
function probeKey(slot: number): string {
  return `\u0000strict-redis:scan-probe:{${tagForSlot(slot)}}`;
}

type ProbeResult = { kind: 'own' } | { kind: 'moved' | 'ask'; host: string; port: number };

export interface ClusterScanHost {
  readonly topology: TopologyManager;
  readonly wantsBuffers: boolean;
  /** Routes a raw command by its key (TYPE, for the `type` filter). */
  execute_command(...args: unknown[]): Promise<unknown>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class ClusterScanner {
  constructor(private readonly host: ClusterScanHost) {}

  private send(node: ClusterNode, args: RedisArg[], wantsBuffers = false): Promise<unknown> {
    return node.connection.send(new Command(args, wantsBuffers, undefined, CommandFlags.ReadOnly));
  }

  private probe(node: ClusterNode, slot: number): Promise<ProbeResult> {
    return this.send(node, ['EXISTS', probeKey(slot)]).then(
      (): ProbeResult => ({ kind: 'own' }),
      (err: unknown): ProbeResult => {
        if (err instanceof MovedError) {
          return { kind: err instanceof AskError ? 'ask' : 'moved', host: err.host || node.host, port: err.port };
        }
        throw err;
      },
    );
  }

  /** The keys of one slot on one node. */
  private async keysOn(node: ClusterNode, slot: number): Promise<RespValue[]> {
    const count = Number(await this.send(node, ['CLUSTER', 'COUNTKEYSINSLOT', slot]));
    return this.getKeys(node, slot, count);
  }

  private async getKeys(node: ClusterNode, slot: number, count: number): Promise<RespValue[]> {
    if (count === 0) return [];
    return (await this.send(node, ['CLUSTER', 'GETKEYSINSLOT', slot, count], this.host.wantsBuffers)) as RespValue[];
  }

  private owner(slot: number): ClusterNode {
    const table = this.host.topology.table;
    const master = table?.masterFor(slot);
    if (master === undefined) throw new ClusterError(`SCAN: slot ${slot} is not served by any node`);
    return this.host.topology.nodeOf(master);
  }

  private async redirected(probe: { host: string; port: number }): Promise<ClusterNode | undefined> {
    let node = this.host.topology.member(probe.host, probe.port);
    if (node === undefined) {
      await this.host.topology.refresh().catch(() => {});
      node = this.host.topology.member(probe.host, probe.port);
    }
    return node;
  }

  /** Every key of one slot, exactly once, wherever the slot is. */
  async slotKeys(slot: number): Promise<RespValue[]> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_SLOT_ATTEMPTS; attempt++) {
      try {
        const node = this.owner(slot);
        // Probe, count, probe in one write: an empty slot that stayed put costs a single round trip.
        const [before, count, emptyAfter] = await Promise.all([
          this.probe(node, slot),
          this.send(node, ['CLUSTER', 'COUNTKEYSINSLOT', slot]).then(Number),
          this.probe(node, slot),
        ]);
        if (before.kind === 'own' && count === 0 && emptyAfter.kind === 'own') return [];
        const keys = await this.getKeys(node, slot, count);
        if (before.kind === 'moved') {
          const target = await this.redirected(before);
          if (target !== undefined) this.host.topology.table?.patchSlot(slot, target.host, target.port);
          this.host.topology.refreshSoon();
          continue;
        }
        if (before.kind === 'ask') {
          const target = await this.redirected(before);
          if (target === undefined) continue;
          // The source was read first (same connection, after the probe); now the keys that already moved.
          return dedupe(keys, await this.keysOn(target, slot));
        }
        const after = await this.probe(node, slot);
        if (after.kind === 'own') return keys;
        // The slot started moving (or moved) while it was read: read it again from its new state.
      } catch (err) {
        if (!isTransient(err)) throw err;
        lastError = err;
        await this.host.topology.refreshIfOlderThan(200).catch(() => {});
        await sleep(Math.min(500, 25 * 2 ** attempt));
      }
    }
    throw new ClusterError(`SCAN: slot ${slot} could not be read consistently`, { cause: lastError });
  }

  /** Yields every key in the cluster once, filtered by `match` and `type`. */
  async *scan<V>(options: ScanIterOptions = {}): AsyncGenerator<V> {
    if (this.host.topology.table === undefined) await this.host.topology.refresh();
    const filter = this.filter(options);
    const pinned = pinnedSlot(options);
    const slots = pinned !== undefined ? [pinned] : Array.from({ length: SLOT_COUNT }, (_, i) => i);
    for (let i = 0; i < slots.length; i += SLOT_BATCH) {
      const batch = await Promise.all(slots.slice(i, i + SLOT_BATCH).map((slot) => this.slotKeys(slot)));
      for (const keys of batch) for (const key of await filter(keys)) yield key as V;
    }
  }

  /**
   * One SCAN step over the whole cluster. The cursor is the next slot to read (0 to start): slots are read in order,
   * each exactly as `scan_iter` reads it, until about `count` keys (default 10) turned up; the reply's cursor is where
   * to continue, 0 once the last slot was read.
   */
  async step<V>(cursor: number | string, options: ScanIterOptions = {}): Promise<[number, V[]]> {
    const start = Number(cursor);
    if (!Number.isInteger(start) || start < 0 || start >= SLOT_COUNT) {
      throw new DataError(`SCAN: ${String(cursor)} is not a cursor of a cluster scan (a slot number, 0 to start)`);
    }
    if (this.host.topology.table === undefined) await this.host.topology.refresh();
    const filter = this.filter(options);
    const pinned = pinnedSlot(options);
    if (pinned !== undefined) return [0, start === 0 ? ((await filter(await this.slotKeys(pinned))) as V[]) : []];
    const wanted = Math.max(1, options.count ?? 10);
    const found: V[] = [];
    let slot = start;
    while (slot < SLOT_COUNT && found.length < wanted) {
      const end = Math.min(SLOT_COUNT, slot + STEP_BATCH);
      const batch = await Promise.all(Array.from({ length: end - slot }, (_, i) => this.slotKeys(slot + i)));
      for (const keys of batch) for (const key of await filter(keys)) found.push(key as V);
      slot = end;
    }
    return [slot >= SLOT_COUNT ? 0 : slot, found];
  }

  /** The `match` (client-side glob) and `type` (TYPE per key) filters of a scan. */
  private filter(options: ScanIterOptions): (keys: RespValue[]) => Promise<RespValue[]> {
    const pattern = options.match === undefined ? undefined : asBytes(options.match);
    const type = (options.type ?? options._type)?.toLowerCase();
    return async (keys) => {
      const out: RespValue[] = [];
      for (const key of keys) {
        if (pattern !== undefined && !globMatchBytes(pattern, asBytes(key as string | Buffer))) continue;
        if (type !== undefined && String(await this.host.execute_command('TYPE', key)).toLowerCase() !== type) {
          continue;
        }
        out.push(key);
      }
      return out;
    };
  }
}

/** The one slot a `match` pattern can touch when it pins a hash tag (`'{user42}:*'`). */
function pinnedSlot(options: ScanIterOptions): number | undefined {
  const tag = options.match === undefined ? undefined : pinnedHashTag(options.match);
  return tag === undefined ? undefined : keySlot(Buffer.from(tag, 'latin1'));
}

function dedupe(first: RespValue[], second: RespValue[]): RespValue[] {
  const seen = new Set(first.map((k) => asBytes(k as string | Buffer)));
  const out = [...first];
  for (const key of second) if (!seen.has(asBytes(key as string | Buffer))) out.push(key);
  return out;
}

/** Failures after which reading the slot again may succeed. */
function isTransient(err: unknown): boolean {
  if (err instanceof ClientClosedError) return false;
  return (
    err instanceof ConnectionError ||
    err instanceof ClusterDownError ||
    err instanceof TryAgainError ||
    err instanceof ClusterError
  );
}
