/**
 * reshard: moves slots from one master to another while clients keep working — per slot IMPORTING on the target,
 * MIGRATING on the source, MIGRATE of its keys in batches, then SETSLOT NODE everywhere. During the move clients get
 * ASK for keys already moved and MOVED afterwards; StrictRedisCluster follows both.
 */
import { ResponseError } from '../errors.js';
import { ClusterAdminError } from './errors.js';
import { type Address, type ClusterRef, type NodeLinks, withLinks } from './links.js';
import { expandSlots, type NodeEntry, SLOT_COUNT, slotCount } from './nodes.js';

/** Progress of a reshard, after each slot. */
export interface ReshardProgress {
  slot: number;
  /** Slots finished so far, of `total`. */
  done: number;
  total: number;
  /** Keys moved so far. */
  keys: number;
}

/** Options of `reshard`. */
export interface ReshardOptions extends MigrateOptions {
  /** The cluster (a node address, startup nodes or a LocalCluster). */
  cluster?: ClusterRef;
  /** Alias of `cluster`. */
  node?: ClusterRef;
  /** Source and target master ids. */
  from: string;
  to: string;
  /** How many slots (taken from the start of the source's ranges) or exactly which ones. */
  slots: number | number[];
  onProgress?: (progress: ReshardProgress) => void;
}

/** What a reshard moved. */
export interface ReshardResult {
  slots: number;
  /** The slots moved, in order. */
  movedSlots: number[];
  keys: number;
}

function findMaster(entries: NodeEntry[], id: string, role: string): NodeEntry {
  const found = entries.find((e) => e.id === id);
  if (found === undefined) throw new ClusterAdminError(`${role} node ${id} is not part of the cluster`);
  if (found.role !== 'master') throw new ClusterAdminError(`${role} node ${id} is not a master`);
  return found;
}

function isBusyKey(err: unknown): boolean {
  return err instanceof ResponseError && err.code === 'BUSYKEY';
}

/** How keys are migrated: by reshard, and by fixCluster when it closes slots. */
export interface MigrateOptions {
  /** Keys per GETKEYSINSLOT/MIGRATE round (default 10). */
  pipeline?: number;
  /** MIGRATE timeout in milliseconds (default 10 000). */
  migrateTimeoutMs?: number;
  /** Overwrite keys that already exist on the target (BUSYKEY) instead of failing. */
  replace?: boolean;
}

/**
 * MIGRATEs every key of `slot` from `source` to `target`, a batch at a time. `asking` is for a source that only
 * serves the slot because it is importing it: each MIGRATE is then preceded by ASKING, which lasts one command, so
 * the two go out together in one write on the node's single connection.
 */
export async function migrateSlotKeys(
  links: NodeLinks,
  source: Address,
  target: Address,
  slot: number,
  options: MigrateOptions,
  asking = false,
): Promise<number> {
  const batch = Math.max(1, options.pipeline ?? 10);
  const timeout = options.migrateTimeoutMs ?? 10_000;
  const replace = options.replace === true ? ['REPLACE'] : [];
  // MIGRATE logs in to the target with our own credentials.
  const auth = links.migrateAuth();
  let moved = 0;
  for (;;) {
    const keys = (await links.raw(source, 'CLUSTER', 'GETKEYSINSLOT', slot, batch)) as Buffer[];
    if (keys.length === 0) return moved;
    const migrate = ['MIGRATE', target.host, target.port, '', 0, timeout, ...replace, ...auth, 'KEYS', ...keys];
    try {
      if (!asking) await links.raw(source, ...migrate);
      else {
        const [, reply] = await links
          .client(source)
          .pipeline({ transaction: false })
          .execute_command('ASKING')
          .execute_command(...migrate)
          .execute({ raise_on_error: false });
        if (reply instanceof Error) throw reply;
      }
    } catch (err) {
      if (!isBusyKey(err)) throw err;
      throw new ClusterAdminError(
        `MIGRATE of slot ${slot} failed: the target already holds some of its keys (pass replace to overwrite them)`,
      );
    }
    moved += keys.length;
  }
}

/** Moves one slot; `masters` are all masters, told the new owner last. */
export async function moveSlot(
  links: NodeLinks,
  slot: number,
  source: NodeEntry,
  target: NodeEntry,
  masters: readonly NodeEntry[],
  options: MigrateOptions,
): Promise<number> {
  await links.call(target, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id);
  await links.call(source, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id);
  const keys = await migrateSlotKeys(links, source, target, slot, options);
  // Target first: once it owns the slot, the source's MOVED replies point to a node that accepts them.
  await links.call(target, 'CLUSTER', 'SETSLOT', slot, 'NODE', target.id);
  try {
    await links.call(source, 'CLUSTER', 'SETSLOT', slot, 'NODE', target.id);
  } catch (err) {
    // A master that gave away its last slot may already have turned into a replica of the target (Redis >= 7, with
    // cluster-allow-replica-migration): then there is nothing left to tell it.
    const me = (await links.nodes(source)).find((e) => e.myself);
    if (me?.role !== 'replica') throw err;
  }
  await Promise.all(
    masters
      .filter((m) => m.id !== source.id && m.id !== target.id && !m.failed)
      .map((m) => links.call(m, 'CLUSTER', 'SETSLOT', slot, 'NODE', target.id).catch(() => undefined)),
  );
  return keys;
}

export async function reshardWith(links: NodeLinks, ref: ClusterRef, options: ReshardOptions): Promise<ReshardResult> {
  const { entries } = await links.firstView(ref);
  const source = findMaster(entries, options.from, 'source');
  const target = findMaster(entries, options.to, 'target');
  if (source.id === target.id) throw new ClusterAdminError('source and target are the same node');
  const owned = expandSlots(source.slots);
  let slots: number[];
  if (typeof options.slots === 'number') {
    if (options.slots > owned.length) {
      throw new ClusterAdminError(`source serves ${slotCount(source.slots)} slots, fewer than ${options.slots}`);
    }
    slots = owned.slice(0, options.slots);
  } else {
    const set = new Set(owned);
    const foreign = options.slots.find((s) => !set.has(s) || s < 0 || s >= SLOT_COUNT);
    if (foreign !== undefined) throw new ClusterAdminError(`slot ${foreign} is not served by the source`);
    slots = options.slots;
  }
  const masters = entries.filter((e) => e.role === 'master');
  let keys = 0;
  for (let i = 0; i < slots.length; i++) {
    keys += await moveSlot(links, slots[i], source, target, masters, options);
    options.onProgress?.({ slot: slots[i], done: i + 1, total: slots.length, keys });
  }
  return { slots: slots.length, movedSlots: slots, keys };
}

/** Moves slots from one master to another, keys included (MIGRATE in batches), as `redis-cli --cluster reshard` does. */
export function reshard(options: ReshardOptions): Promise<ReshardResult> {
  const ref = options.cluster ?? options.node;
  if (ref === undefined) throw new ClusterAdminError('reshard needs a cluster or node');
  return withLinks((links) => reshardWith(links, ref, options), ref);
}

/** Options of `rebalance`. */
export interface RebalanceOptions {
  /** Relative weights by master id (default 1 each; 0 empties a master). */
  weights?: Record<string, number>;
  pipeline?: number;
  onProgress?: (progress: ReshardProgress & { from: string; to: string }) => void;
}

/** Target slot counts proportional to `weights`, summing to 16384. */
export function slotTargets(ids: readonly string[], weights: Record<string, number>): Map<string, number> {
  const w = ids.map((id) => Math.max(0, weights[id] ?? 1));
  const total = w.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new ClusterAdminError('rebalance needs at least one master with a positive weight');
  const exact = w.map((x) => (x / total) * SLOT_COUNT);
  const counts = exact.map(Math.floor);
  let left = SLOT_COUNT - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return new Map(ids.map((id, i) => [id, counts[i]]));
}

/** Evens out slots between masters in proportion to their weights, by resharding from the fullest to the emptiest. */
export function rebalance(cluster: ClusterRef, options: RebalanceOptions = {}): Promise<ReshardResult> {
  return withLinks(async (links) => {
    const { entries } = await links.firstView(cluster);
    const masters = entries.filter((e) => e.role === 'master' && !e.failed);
    const targets = slotTargets(
      masters.map((m) => m.id),
      options.weights ?? {},
    );
    const balance = masters.map((m) => ({ id: m.id, diff: slotCount(m.slots) - (targets.get(m.id) ?? 0) }));
    const senders = balance.filter((b) => b.diff > 0);
    const receivers = balance.filter((b) => b.diff < 0);
    const result: ReshardResult = { slots: 0, movedSlots: [], keys: 0 };
    for (const r of receivers) {
      while (r.diff < 0) {
        const s = senders.find((x) => x.diff > 0);
        if (s === undefined) break;
        const n = Math.min(s.diff, -r.diff);
        const moved = await reshardWith(links, cluster, {
          from: s.id,
          to: r.id,
          slots: n,
          pipeline: options.pipeline,
          onProgress: (p) => options.onProgress?.({ ...p, from: s.id, to: r.id }),
        });
        s.diff -= n;
        r.diff += n;
        result.slots += moved.slots;
        result.movedSlots.push(...moved.movedSlots);
        result.keys += moved.keys;
      }
    }
    return result;
  }, cluster);
}
