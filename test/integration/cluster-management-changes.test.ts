/**
 * The cluster management calls that change a cluster (test_cluster.py's test_cluster_addslots, _delslots,
 * _delslotsrange, _setslot, _setslot_stable, _failover, _meet, _replicate, _reset, _save_config,
 * _set_config_epoch, and flushslots / bumpepoch, which redis-py leaves out), on a LocalCluster of this file's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../src/admin/index.js';
import type { ClusterSlots } from '../../src/commands/cluster-replies.js';
import { ResponseError, StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { rawInfo, waitFor } from '../harness/raw.js';

let cluster: LocalCluster;
let rc: StrictRedisCluster;

beforeAll(async () => {
  // A generous node timeout: on a loaded machine a short one lets nodes fail each other over mid-test.
  cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 1, clusterNodeTimeout: 5000 });
  rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes, require_full_coverage: false });
  await rc.connect();
});

afterAll(async () => {
  await rc?.close();
  await cluster?.stop();
});

/** The port of the primary serving `slot` in a CLUSTER SLOTS view, or undefined. */
function ownerPort(view: ClusterSlots, slot: number): number | undefined {
  for (const [range, owners] of Object.entries(view)) {
    const [start, end] = range.split('-').map(Number);
    if (slot >= start && slot <= end) return owners.primary[1];
  }
  return undefined;
}

/** The first slot each primary serves, by port. */
async function firstSlots(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const [range, owners] of Object.entries(await rc.cluster_slots())) {
    const start = Number(range.split('-')[0]);
    const port = owners.primary[1];
    if (!out.has(port) || start < out.get(port)!) out.set(port, start);
  }
  return out;
}

async function refreshed(): Promise<void> {
  await rc.topology.refresh();
}

describe('cluster management that changes the cluster (own cluster)', () => {
  it('test_cluster_delslots / test_cluster_addslots: each slot deleted on its owner, added back on a node', async () => {
    const [a, b] = await rc.get_primaries();
    const starts = await firstSlots();
    const s1 = starts.get(a.port)!;
    const s2 = starts.get(b.port)!;
    expect(await rc.cluster_delslots(s1, s2)).toEqual([true, true]);
    expect(ownerPort(await rc.cluster_slots(a), s1)).toBeUndefined();
    expect(ownerPort(await rc.cluster_slots(b), s2)).toBeUndefined();
    expect(await rc.cluster_addslots(a, s1)).toBe(true);
    expect(await rc.cluster_addslots(b, [s2])).toBe(true);
    expect(ownerPort(await rc.cluster_slots(a), s1)).toBe(a.port);
    expect(ownerPort(await rc.cluster_slots(b), s2)).toBe(b.port);
    // The server's refusal comes back as a ResponseError: the slot is taken.
    await expect(rc.cluster_addslots(b, s1)).rejects.toThrow(ResponseError);
  });

  it('test_cluster_delslotsrange / test_cluster_addslotsrange: ranges on the first slot’s owner', async () => {
    const [a] = await rc.get_primaries();
    const s = (await firstSlots()).get(a.port)!;
    expect(await rc.cluster_delslotsrange(s, s + 2)).toBe(true);
    const view = await rc.cluster_slots(a);
    for (const slot of [s, s + 1, s + 2]) expect(ownerPort(view, slot)).toBeUndefined();
    expect(ownerPort(view, s + 3)).toBe(a.port);
    expect(await rc.cluster_addslotsrange(a, s, s + 2)).toBe(true);
    expect(ownerPort(await rc.cluster_slots(a), s + 2)).toBe(a.port);
    await waitFor(
      'the cluster to be ok again',
      async () =>
        (await rc.cluster_info('all')).size > 0 &&
        [...(await rc.cluster_info('all')).values()].every((info) => info.cluster_state === 'ok'),
    );
  });

  it('test_cluster_setslot / test_cluster_setslot_stable: migrating and importing states, then cleared', async () => {
    const [a, b] = await rc.get_primaries();
    const s = (await firstSlots()).get(a.port)!;
    const idA = await rc.cluster_myid(a);
    const idB = await rc.cluster_myid(b);
    expect(await rc.cluster_setslot(b, idA, s, 'IMPORTING')).toBe(true);
    expect(await rc.cluster_setslot(a, idB, s, 'migrating')).toBe(true);
    expect(await rc.set_default_node(a)).toBe(true);
    expect((await rc.cluster_nodes())[a.name].migrations).toEqual([
      { slot: String(s), node_id: idB, state: 'migrating' },
    ]);
    expect(await rc.set_default_node(b)).toBe(true);
    expect((await rc.cluster_nodes())[b.name].migrations).toEqual([
      { slot: String(s), node_id: idA, state: 'importing' },
    ]);
    // cluster_setslot_stable goes to the slot's owner (a); the importing side is cleared with a target.
    expect(await rc.cluster_setslot_stable(s)).toBe(true);
    expect(await rc.execute_command('CLUSTER', 'SETSLOT', s, 'STABLE', { target_nodes: b })).toBe('OK');
    for (const node of [a, b]) {
      await rc.set_default_node(node);
      expect((await rc.cluster_nodes())[node.name].migrations).toEqual([]);
    }
    // NODE hands the slot to b for good, and back to a.
    expect(await rc.cluster_setslot(StrictRedisCluster.PRIMARIES, idB, s, 'NODE')).toBeInstanceOf(Map);
    await waitFor('b to own the slot', async () => ownerPort(await rc.cluster_slots(a), s) === b.port);
    await rc.cluster_setslot('primaries', idA, s, 'NODE');
    await waitFor('a to own the slot again', async () => ownerPort(await rc.cluster_slots(b), s) === a.port);
  });

  it('test_cluster_save_config, bumpepoch, set-config-epoch on a member (refused by the server)', async () => {
    const node = (await rc.get_primaries())[0];
    expect(await rc.cluster_save_config(node)).toBe(true);
    const all = await rc.cluster_save_config(await rc.get_nodes());
    expect([...all.values()]).toEqual([true, true, true, true, true, true]);
    expect(await rc.cluster_bumpepoch(node)).toMatch(/^(BUMPED|STILL) \d+$/);
    // A node that knows others refuses a config epoch: the call did reach the default node.
    await expect(rc.cluster_set_config_epoch(3)).rejects.toThrow(ResponseError);
  });

  it('test_cluster_meet, flushslots, test_cluster_replicate, test_cluster_reset on a fresh node', async () => {
    const fresh = await cluster.startNode();
    const alone = new StrictRedis({ host: fresh.host, port: fresh.port });
    try {
      // test_cluster_set_config_epoch: a node that knows no other takes one.
      expect(await alone.cluster_set_config_epoch(9)).toBe(true);
      expect((await alone.cluster_info()).cluster_my_epoch).toBe('9');
      expect(await rc.cluster_meet(fresh.host, fresh.port)).toBe(true);
      await waitFor('the fresh node to join', async () => {
        await refreshed();
        return (await rc.get_node(fresh.host, fresh.port)) !== null;
      });
      const node = (await rc.get_node(fresh.host, fresh.port))!;
      expect(node.server_type).toBe('primary');
      expect(await rc.cluster_flushslots(node)).toBe(true);
      const primary = (await rc.get_primaries()).find((p) => p.name !== node.name)!;
      const primaryId = await rc.cluster_myid(primary);
      await waitFor('the fresh node to know the primary', async () =>
        Object.values(await alone.cluster_nodes()).some((n) => n.node_id === primaryId),
      );
      expect(await rc.cluster_replicate(node, primaryId)).toBe(true);
      await waitFor(
        'the fresh node to replicate',
        async () => (await rawInfo(fresh.port, ['INFO', 'replication'])).role === 'slave',
      );
      const freshId = await alone.cluster_myid();
      await waitFor('the replica to show in CLUSTER REPLICAS', async () =>
        Object.values(await rc.cluster_replicas(primaryId)).some((r) => r.node_id === freshId),
      );
      const others = (await rc.get_nodes()).filter((n) => n.name !== node.name);
      await waitFor('every node to know the fresh one', async () => {
        const views = (await rc.execute_command('CLUSTER', 'NODES', { target_nodes: others })) as Map<string, string>;
        return [...views.values()].every((view) => String(view).includes(freshId));
      });
      expect(await rc.cluster_reset(false, node)).toBe(true);
      expect(await alone.cluster_myid()).not.toBe(freshId);
      expect((await alone.cluster_info()).cluster_known_nodes).toBe('1');
      const forgot = (await rc.execute_command('CLUSTER', 'FORGET', freshId, { target_nodes: others })) as Map<
        string,
        unknown
      >;
      expect(forgot.size).toBe(others.length);
    } finally {
      await alone.close();
    }
  });

  it('test_cluster_failover: a replica takes over its primary, with and without an option', async () => {
    const replica = (await rc.get_replicas())[0];
    expect(await rc.cluster_failover(replica)).toBe(true);
    await waitFor(
      'the replica to become a primary',
      async () => (await rawInfo(replica.port, ['INFO', 'replication'])).role === 'master',
    );
    await waitFor('the client to see it', async () => {
      await refreshed();
      return (await rc.get_node(replica.host, replica.port))?.server_type === 'primary';
    });
    const next = (await rc.get_replicas()).find((r) => r.name !== replica.name)!;
    expect(await rc.cluster_failover(next, 'FORCE')).toBe(true);
    await waitFor(
      'the forced failover',
      async () => (await rawInfo(next.port, ['INFO', 'replication'])).role === 'master',
    );
  });
});
