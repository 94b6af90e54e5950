/**
 * Client-side caching on a cluster of the test's own (3 masters, 3 replicas): 8 writers through an uncached client,
 * 8 readers through the cached one; during the run the cached client's connections are killed on every node, the
 * slot of a group of keys is resharded to another master (src/admin's reshard), and a master is failed over (CLUSTER
 * FAILOVER on its replica). No reader goes back in time, and every acknowledged write is seen by reads starting
 * 100 ms later. (CACHE_CONSISTENCY_MS sets the length of the run.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClusterNodes } from '../../src/admin/nodes.js';
import { reshard } from '../../src/admin/reshard.js';
import { keySlot } from '../../src/cluster/slot.js';
import { StrictRedisCluster } from '../../src/index.js';
import { CONSISTENCY_MS, killClientsNamed, runConsistency } from '../harness/cache-consistency.js';
import { type PrivateCluster, startPrivateCluster } from '../harness/local-backend.js';
import { rawCommand, rawInfo, waitFor } from '../harness/raw.js';

const NAME = 'cache-cluster-readers';

async function nodes(port: number) {
  return parseClusterNodes(String(await rawCommand(port, ['CLUSTER', 'NODES'])));
}

describe('client-side cache consistency (cluster)', () => {
  let cluster: PrivateCluster;
  let writer: StrictRedisCluster;
  let cached: StrictRedisCluster;
  // A group sharing one slot (the one resharded) and keys spread over the cluster.
  const moving = Array.from({ length: 8 }, (_, i) => `cc:{moving}:${i}`);
  const keys = [...moving, ...Array.from({ length: 40 }, (_, i) => `cc:counter:${i}`)];

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    const startup_nodes = cluster.nodes.filter((n) => n.role === 'master').map((n) => ({ host: n.host, port: n.port }));
    writer = new StrictRedisCluster({ startup_nodes });
    cached = new StrictRedisCluster({ startup_nodes, protocol: 3, client_name: NAME, cache: { max_entries: 1000 } });
    await Promise.all([writer.connect(), cached.connect()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([writer?.close(), cached?.close()]);
    await cluster?.stop();
  });

  it('drops the entries of a slot its node no longer serves as soon as the client learns the slot moved', async () => {
    // A key read while missing: its old owner never hears of the write on the new owner, so no invalidation comes.
    const [absent, sibling] = ['cc:{gone}:absent', 'cc:{gone}:sibling'];
    const slot = keySlot(absent);
    expect(await cached.get(absent)).toBeNull();
    expect(await cached.get(absent)).toBeNull();
    const hitsBefore = cached.get_cache()!.stats().hits;
    expect(hitsBefore).toBeGreaterThan(0);
    const entries = await nodes(cluster.nodes[0].port);
    const source = entries.find((e) => e.role === 'master' && e.slots.some(([a, b]) => a <= slot && slot <= b))!;
    const target = entries.find((e) => e.role === 'master' && e.slots.length > 0 && e.id !== source.id)!;
    await reshard({ cluster: { host: '127.0.0.1', port: source.port }, from: source.id, to: target.id, slots: [slot] });
    await writer.set(absent, 'created');
    // Any command for the slot through the cached client meets MOVED, which moves the slot in its map.
    await cached.set(sibling, 'x');
    expect(await cached.get(absent)).toBe('created');
    await writer.delete(absent, sibling);
  });

  it(
    'stays consistent through a reconnect, a reshard and a failover',
    async () => {
      const seed = cluster.nodes[0].port;
      const movingSlot = keySlot(moving[0]);
      const report = await runConsistency({
        keys,
        writer,
        reader: cached,
        disruptions: [
          {
            at: 0.2,
            name: 'CLIENT KILL of the cached connections on every node',
            run: async () => {
              let killed = 0;
              for (const node of cluster.nodes) killed += await killClientsNamed(node.port, NAME);
              expect(killed).toBeGreaterThanOrEqual(3);
            },
          },
          {
            at: 0.4,
            name: `reshard of slot ${movingSlot}`,
            run: async () => {
              const entries = await nodes(seed);
              const masters = entries.filter((e) => e.role === 'master' && e.slots.length > 0);
              const source = masters.find((m) => m.slots.some(([a, b]) => a <= movingSlot && movingSlot <= b))!;
              const target = masters.find((m) => m.id !== source.id)!;
              const result = await reshard({
                cluster: { host: '127.0.0.1', port: seed },
                from: source.id,
                to: target.id,
                slots: [movingSlot],
              });
              expect(result.keys).toBe(moving.length);
            },
          },
          {
            at: 0.65,
            name: 'CLUSTER FAILOVER of a master',
            run: async () => {
              const entries = await nodes(seed);
              const counterSlot = keySlot(keys[moving.length]);
              const master = entries.find(
                (e) => e.role === 'master' && e.slots.some(([a, b]) => a <= counterSlot && counterSlot <= b),
              )!;
              const replica = entries.find((e) => e.role === 'replica' && e.masterId === master.id)!;
              expect(await rawCommand(replica.port, ['CLUSTER', 'FAILOVER'])).toBe('OK');
              await waitFor(
                'the replica to take over',
                async () => (await rawInfo(replica.port, ['INFO', 'replication'])).role === 'master',
                20_000,
              );
            },
          },
        ],
      });
      const stats = cached.get_cache()!.stats();
      console.log(`cluster: ${report.reads} reads, ${report.writes} writes, ${report.done.join('; ')}`);
      console.log(`cluster cache ${JSON.stringify(stats)}; write errors ${report.writeErrors.length}`);
      expect(report.done).toHaveLength(3);
      expect(report.regressions).toEqual([]);
      expect(report.stale).toEqual([]);
      expect(report.readErrors).toEqual([]);
      expect(report.writes).toBeGreaterThan(100);
      expect(stats.hits).toBeGreaterThan(stats.misses);
      expect(stats.invalidations).toBeGreaterThan(0);
      expect(stats.entries).toBeLessThanOrEqual(1000);
    },
    CONSISTENCY_MS + 90_000,
  );
});
