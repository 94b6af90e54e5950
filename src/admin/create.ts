/**
 * createCluster: turns running, empty, cluster-enabled nodes into a cluster — the steps of `redis-cli --cluster
 * create`, done with the library's own clients.
 */
import { ClusterAdminError, NodeNotEmptyError } from './errors.js';
import {
  type Address,
  addressKey,
  type ClusterRef,
  type NodeAuth,
  type NodeLinks,
  toIp,
  waitUntil,
  withLinks,
} from './links.js';
import { type NodeEntry, SLOT_COUNT, type SlotRange } from './nodes.js';

/** Options of `createCluster`; the credentials are those the nodes require. */
export interface CreateClusterOptions extends NodeAuth {
  /** Replicas per master (default 1). */
  replicas?: number;
  /** How long to wait for the cluster to become healthy (default 60 s). */
  timeoutMs?: number;
}

/** One node of a {@link ClusterDescription}. */
export interface ClusterNodeDescription {
  id: string;
  host: string;
  port: number;
  role: 'master' | 'replica';
  /** The master's id, for a replica. */
  masterId?: string;
  slots: SlotRange[];
}

/** The nodes of a cluster, as `describeCluster` sees them. */
export interface ClusterDescription {
  nodes: ClusterNodeDescription[];
}

/** Throws NodeNotEmptyError unless the node is cluster-enabled, holds no keys, knows no other node and serves no slot. */
export async function assertEmptyNode(links: NodeLinks, node: Address): Promise<string> {
  const where = addressKey(node);
  const info = await links.info(node, 'INFO', 'cluster');
  if (info.cluster_enabled !== '1') throw new NodeNotEmptyError(`${where} is not cluster-enabled`, where);
  const keys = Number(await links.call(node, 'DBSIZE'));
  if (keys > 0) throw new NodeNotEmptyError(`${where} holds ${keys} keys; only empty nodes can join`, where);
  const cluster = await links.info(node, 'CLUSTER', 'INFO');
  if (cluster.cluster_known_nodes !== '1') {
    throw new NodeNotEmptyError(`${where} already knows other cluster nodes`, where);
  }
  if (cluster.cluster_slots_assigned !== '0') throw new NodeNotEmptyError(`${where} already serves slots`, where);
  return links.callText(node, 'CLUSTER', 'MYID');
}

/** Picks masters round-robin over hosts so that masters land on distinct hosts when there are several. */
function chooseMasters<T extends Address>(nodes: T[], count: number): T[] {
  const byHost = new Map<string, T[]>();
  for (const n of nodes) byHost.set(n.host, [...(byHost.get(n.host) ?? []), n]);
  const queues = [...byHost.values()];
  const out: T[] = [];
  while (out.length < count) {
    for (const q of queues) {
      const next = q.shift();
      if (next !== undefined && out.length < count) out.push(next);
    }
  }
  return out;
}

/** 16384 slots split as evenly as possible into `parts` consecutive ranges. */
export function evenSlotRanges(parts: number): SlotRange[] {
  const out: SlotRange[] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(SLOT_COUNT / parts) + (i < SLOT_COUNT % parts ? 1 : 0);
    out.push([start, start + size - 1]);
    start += size;
  }
  return out;
}

/** CLUSTER ADDSLOTSRANGE, or ADDSLOTS on servers that lack it. */
export async function addSlots(links: NodeLinks, node: Address, [a, b]: SlotRange): Promise<void> {
  try {
    await links.call(node, 'CLUSTER', 'ADDSLOTSRANGE', a, b);
  } catch {
    // Redis < 7.0 has no ADDSLOTSRANGE.
    const slots: number[] = [];
    for (let s = a; s <= b; s++) slots.push(s);
    await links.call(node, 'CLUSTER', 'ADDSLOTS', ...slots);
  }
}

/** Describes the cluster as `via` sees it. */
export function describe(entries: readonly NodeEntry[]): ClusterDescription {
  return {
    nodes: entries.map((e) => ({
      id: e.id,
      host: e.host,
      port: e.port,
      role: e.role,
      ...(e.masterId === undefined ? {} : { masterId: e.masterId }),
      slots: e.slots,
    })),
  };
}

/** True when every node reports a healthy, complete cluster of `count` nodes with agreeing config epochs. */
export async function clusterSettled(links: NodeLinks, nodes: readonly Address[], count: number): Promise<boolean> {
  const epochs = new Map<string, number>();
  for (const node of nodes) {
    const info = await links.info(node, 'CLUSTER', 'INFO');
    if (info.cluster_state !== 'ok' || info.cluster_slots_assigned !== String(SLOT_COUNT)) return false;
    if (info.cluster_known_nodes !== String(count)) return false;
    const entries = await links.nodes(node);
    for (const e of entries) {
      if (e.handshake || e.failed) return false;
      const seen = epochs.get(e.id);
      if (seen !== undefined && seen !== e.configEpoch) return false;
      epochs.set(e.id, e.configEpoch);
    }
    const replication = await links.info(node, 'INFO', 'replication');
    if (replication.role === 'slave' && replication.master_link_status !== 'up') return false;
  }
  return true;
}

/** Makes a cluster of running, empty, cluster-enabled nodes: slots spread evenly over the masters, replicas assigned. */
export async function createCluster(
  nodes: readonly Address[],
  options: CreateClusterOptions = {},
): Promise<ClusterDescription> {
  const replicas = options.replicas ?? 1;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const masterCount = Math.floor(nodes.length / (1 + replicas));
  if (masterCount < 1 || !Number.isInteger(replicas) || replicas < 0) {
    throw new ClusterAdminError(`${nodes.length} nodes are too few for ${replicas} replicas per master`);
  }
  return withLinks(async (links) => {
    const all = await Promise.all(nodes.map(async (n) => ({ host: await toIp(n.host), port: Number(n.port), id: '' })));
    if (new Set(all.map(addressKey)).size !== all.length) throw new ClusterAdminError('a node was given twice');
    for (const n of all) n.id = await assertEmptyNode(links, n);

    const masters = chooseMasters(all, masterCount);
    const others = all.filter((n) => !masters.includes(n));
    const ranges = evenSlotRanges(masterCount);
    await Promise.all(masters.map((m, i) => addSlots(links, m, ranges[i])));
    // Distinct config epochs before the nodes meet, so they need no collision resolution afterwards.
    await Promise.all(all.map((n, i) => links.call(n, 'CLUSTER', 'SET-CONFIG-EPOCH', i + 1)));
    const [first, ...rest] = all;
    await Promise.all(rest.map((n) => links.call(n, 'CLUSTER', 'MEET', first.host, first.port)));
    await waitUntil(
      'every node to know every other node',
      async () => {
        for (const n of all) {
          const known = (await links.nodes(n)).filter((e) => !e.handshake);
          if (known.length !== all.length) return false;
        }
        return true;
      },
      timeoutMs,
    );

    // Replicas: to the master with the fewest so far, preferring one on another host.
    const replicaCount = new Map(masters.map((m) => [m.id, 0]));
    for (const r of others) {
      const ordered = [...masters].sort(
        (a, b) =>
          (replicaCount.get(a.id) ?? 0) - (replicaCount.get(b.id) ?? 0) ||
          Number(a.host === r.host) - Number(b.host === r.host),
      );
      const master = ordered[0];
      replicaCount.set(master.id, (replicaCount.get(master.id) ?? 0) + 1);
      await links.call(r, 'CLUSTER', 'REPLICATE', master.id);
    }

    await waitUntil(
      'the new cluster to be healthy on every node',
      () => clusterSettled(links, all, all.length),
      timeoutMs,
    );
    return describe(await links.nodes(first));
  }, options);
}

/** The cluster as one of its nodes sees it. */
export function describeCluster(ref: ClusterRef): Promise<ClusterDescription> {
  return withLinks(async (links) => describe((await links.firstView(ref)).entries), ref);
}
