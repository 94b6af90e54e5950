/** Resharding under live traffic and checkCluster on a half-migrated slot, on a LocalCluster of this file's own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCluster, LocalCluster, parseClusterNodes, rebalance, reshard } from '../../src/admin/index.js';
import { StrictRedisCluster } from '../../src/index.js';
import { rawCommand, waitFor } from '../harness/raw.js';

let cluster: LocalCluster;

beforeAll(async () => {
  // A generous node timeout: on a loaded machine a 2 s one lets nodes mark each other failed and fail over mid-test.
  cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 1, clusterNodeTimeout: 5000 });
});

afterAll(async () => {
  await cluster?.stop();
});

async function masters() {
  const text = String(await rawCommand(cluster.startup_nodes[0].port, ['CLUSTER', 'NODES']));
  return parseClusterNodes(text).filter((e) => e.role === 'master');
}

describe('admin: reshard', () => {
  it('creates a healthy 3+3 cluster from scratch', async () => {
    expect(cluster.nodes).toHaveLength(6);
    expect(cluster.nodes.filter((n) => n.role === 'master')).toHaveLength(3);
    const report = await checkCluster(cluster);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mastersWithoutReplicas).toEqual([]);
  });

  it('moves 1000 slots while a cluster client writes, without a single client error', async () => {
    const [a, b] = await masters();
    const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes });
    // Keys spread over the slots being moved, and values written before, during and after.
    const before = 2000;
    for (let i = 0; i < before; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => rc.set(`ar:pre:${i + j}`, String(i + j))));
    }
    let writes = 0;
    let errors = 0;
    let running = true;
    const writer = (async () => {
      while (running) {
        const n = writes++;
        await Promise.all([rc.set(`ar:live:${n}`, String(n)), rc.get(`ar:pre:${n % before}`)]).catch(() => {
          errors++;
        });
      }
    })();
    const progress: number[] = [];
    const result = await reshard({
      cluster,
      from: a.id,
      to: b.id,
      slots: 1000,
      pipeline: 20,
      onProgress: (p) => progress.push(p.done),
    });
    running = false;
    await writer;
    expect(result.slots).toBe(1000);
    expect(result.keys).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1000);
    expect(errors).toBe(0);
    expect(writes).toBeGreaterThan(100);

    const values = await Promise.all(Array.from({ length: before }, (_, i) => rc.get(`ar:pre:${i}`)));
    expect(values.filter((v, i) => v === String(i))).toHaveLength(before);
    const live = await Promise.all(Array.from({ length: writes }, (_, i) => rc.get(`ar:live:${i}`)));
    expect(live.filter((v, i) => v === String(i))).toHaveLength(writes);
    await rc.close();

    const after = await masters();
    const count = (list: typeof after, id: string) =>
      list.find((m) => m.id === id)?.slots.reduce((n, [x, y]) => n + y - x + 1, 0) ?? 0;
    expect(count(after, a.id)).toBe(count([a], a.id) - 1000);
    expect(count(after, b.id)).toBe(count([b], b.id) + 1000);
    // Masters are told by reshard; replicas catch up by gossip within moments.
    await waitFor('every node to agree on the new owners', async () => (await checkCluster(cluster)).ok, 10_000);
  });

  it('rebalances the slots evenly again', async () => {
    await rebalance(cluster);
    const counts = (await masters()).map((m) => m.slots.reduce((n, [x, y]) => n + y - x + 1, 0));
    expect(counts.sort()).toEqual([5461, 5461, 5462]);
  });

  it('reports a half-migrated slot, and is ok again once it is closed', async () => {
    // Replicas learn the last slot moves by gossip; start from a cluster that agrees everywhere.
    await waitFor('every node to agree', async () => (await checkCluster(cluster)).ok);
    const [a, b] = await masters();
    const slot = a.slots[0][0];
    await rawCommand(b.port, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', a.id]);
    await rawCommand(a.port, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', b.id]);
    const report = await checkCluster(cluster);
    expect(report.ok).toBe(false);
    expect(report.openSlots).toEqual(
      expect.arrayContaining([
        { slot, state: 'migrating', peer: b.id, node: a.id },
        { slot, state: 'importing', peer: a.id, node: b.id },
      ]),
    );
    expect(report.problems.join('\n')).toContain(`slot ${slot} is open`);
    await rawCommand(a.port, ['CLUSTER', 'SETSLOT', String(slot), 'STABLE']);
    await rawCommand(b.port, ['CLUSTER', 'SETSLOT', String(slot), 'STABLE']);
    const healed = await checkCluster(cluster);
    expect(healed.openSlots).toEqual([]);
    expect(healed.problems).toEqual([]);
  });
});
