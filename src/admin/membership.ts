/** Changing who is in the cluster: addNode, removeNode, failover. */
import { assertEmptyNode } from './create.js';
import { ClusterAdminError } from './errors.js';
import { type Address, addressKey, type ClusterRef, type NodeAuth, toIp, waitUntil, withLinks } from './links.js';
import { expandSlots, type NodeEntry } from './nodes.js';
import { reshardWith } from './reshard.js';

/** Options of `addNode`. */
export interface AddNodeOptions {
  /** Master id: the new node becomes its replica. */
  replicaOf?: string;
  timeoutMs?: number;
}

/** Brings an empty, cluster-enabled node into the cluster (as an empty master, or a replica); returns its id. */
export function addNode(cluster: ClusterRef, newNode: Address, options: AddNodeOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return withLinks(async (links) => {
    const node = { host: await toIp(newNode.host), port: Number(newNode.port) };
    const id = await assertEmptyNode(links, node);
    const { via, entries } = await links.firstView(cluster);
    if (options.replicaOf !== undefined && !entries.some((e) => e.id === options.replicaOf && e.role === 'master')) {
      throw new ClusterAdminError(`master ${options.replicaOf} is not part of the cluster`);
    }
    const viaIp = await toIp(String(via.host));
    await links.call(node, 'CLUSTER', 'MEET', viaIp, Number(via.port));
    const members = entries.filter((e) => !e.failed && !e.handshake);
    await waitUntil(
      `every node to know ${addressKey(node)}`,
      async () => {
        for (const m of [...members, { ...node, id }]) {
          const view = await links.nodes(m);
          if (!view.some((e) => e.id === id && !e.handshake)) return false;
          if (m.id === id && view.filter((e) => !e.handshake).length < members.length + 1) return false;
        }
        // Until the newcomer has learnt the slot map it answers CLUSTERDOWN, which would fail a MIGRATE to it.
        const wasOk = (await links.info(via, 'CLUSTER', 'INFO')).cluster_state === 'ok';
        return !wasOk || (await links.info(node, 'CLUSTER', 'INFO')).cluster_state === 'ok';
      },
      timeoutMs,
    );
    if (options.replicaOf !== undefined) {
      await links.call(node, 'CLUSTER', 'REPLICATE', options.replicaOf);
      await waitUntil(
        `${addressKey(node)} to replicate its master`,
        async () => (await links.info(node, 'INFO', 'replication')).master_link_status === 'up',
        timeoutMs,
      );
    }
    return id;
  }, cluster);
}

/** Options of `removeNode`. */
export interface RemoveNodeOptions {
  pipeline?: number;
  timeoutMs?: number;
}

/**
 * Takes a node out: its slots go to the other masters (evenly, via reshard), its replicas move to another master, every
 * other node FORGETs it (within the 60 s ban window, so gossip does not bring it back) and it is reset.
 */
export function removeNode(cluster: ClusterRef, nodeId: string, options: RemoveNodeOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return withLinks(async (links) => {
    const { entries } = await links.firstView(cluster);
    const victim = entries.find((e) => e.id === nodeId);
    if (victim === undefined) throw new ClusterAdminError(`node ${nodeId} is not part of the cluster`);
    const others = entries.filter((e) => e.id !== nodeId && !e.failed && !e.handshake);
    const masters = others.filter((e) => e.role === 'master');

    if (victim.role === 'master' && victim.slots.length > 0) {
      if (masters.length === 0) throw new ClusterAdminError('no other master can take over the slots');
      const slots = expandSlots(victim.slots);
      const share = Math.ceil(slots.length / masters.length);
      for (let i = 0; i < masters.length; i++) {
        const part = slots.slice(i * share, (i + 1) * share);
        if (part.length === 0) continue;
        await reshardWith(links, masters[0], {
          from: nodeId,
          to: masters[i].id,
          slots: part,
          pipeline: options.pipeline,
        });
      }
    }
    // Replicas cannot forget their own master: point them elsewhere first.
    const orphans = others.filter((e) => e.masterId === nodeId);
    if (orphans.length > 0) {
      const fresh = await links.nodes(masters[0]);
      const withSlots = fresh.filter((e) => e.role === 'master' && e.slots.length > 0 && e.id !== nodeId);
      for (const [i, r] of orphans.entries()) {
        const current = (await links.nodes(r)).find((e) => e.myself);
        if (current?.masterId !== nodeId) continue; // already followed the slots (Redis 7 does this by itself)
        await links.call(r, 'CLUSTER', 'REPLICATE', withSlots[i % withSlots.length].id);
      }
    }
    await Promise.all(others.map((e) => links.call(e, 'CLUSTER', 'FORGET', nodeId)));
    await links.call(victim, 'CLUSTER', 'RESET', 'SOFT');
    await waitUntil(
      `every node to forget ${nodeId}`,
      async () => {
        for (const e of others) if ((await links.nodes(e)).some((x) => x.id === nodeId)) return false;
        return true;
      },
      timeoutMs,
    );
  }, cluster);
}

/** Options of `failover`. */
export interface FailoverOptions {
  /** Fail over without the master's agreement (master unreachable). */
  force?: boolean;
  /** Fail over without the other masters' agreement either. */
  takeover?: boolean;
  timeoutMs?: number;
}

/**
 * Runs CLUSTER FAILOVER on a replica and waits until it is a master and every reachable node sees it as one; returns
 * the promoted node's entry.
 */
export function failover(replica: Address & NodeAuth, options: FailoverOptions = {}): Promise<NodeEntry> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return withLinks(async (links) => {
    const me = (await links.nodes(replica)).find((e) => e.myself);
    if (me === undefined || me.role !== 'replica') {
      throw new ClusterAdminError(`${addressKey(replica)} is not a replica`);
    }
    const mode = options.takeover === true ? ['TAKEOVER'] : options.force === true ? ['FORCE'] : [];
    await links.call(replica, 'CLUSTER', 'FAILOVER', ...mode);
    let promoted: NodeEntry | undefined;
    await waitUntil(
      `${addressKey(replica)} to become a master`,
      async () => {
        promoted = (await links.nodes(replica)).find((e) => e.myself && e.role === 'master');
        return promoted !== undefined && (await links.info(replica, 'INFO', 'replication')).role === 'master';
      },
      timeoutMs,
    );
    if (promoted === undefined) throw new ClusterAdminError('failover did not complete');
    const id = promoted.id;
    // The other nodes learn of the promotion by gossip: wait until every one that answers agrees, so that clients and
    // the next admin step see one cluster. Nodes already flagged as failing (the old master, with --force) are skipped.
    await waitUntil(
      `every node to see ${addressKey(replica)} as a master`,
      async () => {
        const others = (await links.nodes(replica)).filter((e) => !e.myself && !e.failed && !e.handshake);
        const views = await Promise.all(others.map((e) => links.nodes(e).catch(() => undefined)));
        return views.every((view) => view === undefined || view.find((e) => e.id === id)?.role === 'master');
      },
      timeoutMs,
    );
    return promoted;
  }, replica);
}
