/** createCluster's refusals, addNode, removeNode and manual failover, on a LocalCluster of this file's own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNode,
  checkCluster,
  createCluster,
  failover,
  LocalCluster,
  NodeNotEmptyError,
  parseClusterNodes,
  removeNode,
  reshard,
} from '../../src/admin/index.js';
import { StrictRedisCluster } from '../../src/index.js';
import { rawCommand, rawInfo, waitFor } from '../harness/raw.js';

let cluster: LocalCluster;

beforeAll(async () => {
  // A generous node timeout: on a loaded machine a 2 s one lets nodes mark each other failed and fail over mid-test.
  cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 1, clusterNodeTimeout: 5000 });
});

afterAll(async () => {
  await cluster?.stop();
});

async function view(port = cluster.startup_nodes[0].port) {
  return parseClusterNodes(String(await rawCommand(port, ['CLUSTER', 'NODES'])));
}

describe('admin: membership', () => {
  it('refuses to create a cluster from nodes that already belong to one, with a typed error', async () => {
    const err = await createCluster(cluster.startup_nodes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeNotEmptyError);
    expect((err as Error).message).toMatch(/holds \d+ keys|knows other cluster nodes/);
  });

  it('adds a node, moves slots to it, then removes it again', async () => {
    const fresh = await cluster.startNode();
    const id = await addNode(cluster, { host: fresh.host, port: fresh.port });
    expect((await view()).some((e) => e.id === id && e.role === 'master')).toBe(true);

    const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes });
    const [first] = (await view()).filter((e) => e.role === 'master' && e.slots.length > 0);
    const slots = [first.slots[0][0], first.slots[0][0] + 1, first.slots[0][0] + 2];
    // A key in one of the moved slots must stay readable through the move.
    const key = await findKeyInSlot(rc, slots[0], 'am:');
    await rc.set(key, 'kept');
    await reshard({ cluster, from: first.id, to: id, slots });
    expect((await view()).find((e) => e.id === id)?.slots).toEqual([[slots[0], slots[2]]]);
    expect(await rc.get(key)).toBe('kept');
    expect(String(await rawCommand(fresh.port, ['GET', key]))).toBe('kept');

    await removeNode(cluster, id);
    expect((await view()).some((e) => e.id === id)).toBe(false);
    expect((await rawInfo(fresh.port, ['CLUSTER', 'INFO'])).cluster_known_nodes).toBe('1');
    expect(await rc.get(key)).toBe('kept');
    const report = await checkCluster(cluster);
    expect(report.problems).toEqual([]);
    await rc.close();
  });

  it('fails over to a replica on request', async () => {
    const replica = (await view()).find((e) => e.role === 'replica');
    if (replica === undefined) throw new Error('no replica');
    const promoted = await failover({ host: replica.host, port: replica.port });
    expect(promoted.id).toBe(replica.id);
    expect((await rawInfo(replica.port, ['INFO', 'replication'])).role).toBe('master');
    // failover() returns only once every node agrees: no waiting here.
    const members = (await view(replica.port)).filter((e) => !e.failed);
    const seenAs = await Promise.all(
      members.map(async (m) => (await view(m.port)).find((e) => e.id === replica.id)?.role),
    );
    expect(seenAs).toEqual(members.map(() => 'master'));
    await waitFor('the old master to become a replica', async () => {
      const old = (await view(replica.port)).find((e) => e.id === replica.masterId);
      return old?.role === 'replica' && old.masterId === replica.id;
    });
    expect((await checkCluster({ host: replica.host, port: replica.port })).ok).toBe(true);
  });
});

async function findKeyInSlot(rc: StrictRedisCluster, slot: number, prefix: string): Promise<string> {
  for (let i = 0; ; i++) {
    const key = `${prefix}${i}`;
    if (rc.keyslot(key) === slot) return key;
  }
}
