/** Every example runs against the shared servers (the resharding one against a cluster of its own) and completes. */
import { afterAll, afterEach, beforeEach, describe, expect, inject, it, type MockInstance, vi } from 'vitest';
import { main as cluster } from '../../examples/cluster.js';
import { main as hashes } from '../../examples/hashes.js';
import { main as keys } from '../../examples/keys.js';
import { main as lists } from '../../examples/lists.js';
import { main as masterReplica } from '../../examples/master-replica.js';
import { main as openTelemetry } from '../../examples/opentelemetry.js';
import { main as pipelines } from '../../examples/pipelines-transactions.js';
import { main as pubsub } from '../../examples/pubsub.js';
import { main as quickstart } from '../../examples/quickstart.js';
import { main as resharding } from '../../examples/resharding-under-traffic.js';
import { main as sets } from '../../examples/sets.js';
import { main as sortedSets } from '../../examples/sorted-sets.js';
import { main as strings } from '../../examples/strings.js';
import { LocalCluster } from '../../src/admin/index.js';

const topology = inject('redis');
const standalone = `${topology.standalone.host}:${topology.standalone.port}`;
const clusterNodes = topology.cluster.nodes
  .filter((n) => n.role === 'master')
  .map(({ host, port }) => ({ host, port }));

let log: MockInstance<typeof console.log>;
let printed = '';
let own: LocalCluster | undefined;

beforeEach(() => {
  printed = '';
  log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed += `${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`;
  });
});

afterEach(() => {
  log.mockRestore();
});

afterAll(async () => {
  await own?.stop();
});

describe('examples', () => {
  it('strings', async () => {
    await strings(standalone);
    expect(printed).toContain('get name -> itheima');
    expect(printed).toContain('mget a b missing -> ["1","2",null]');
  });

  it('keys', async () => {
    await keys(standalone);
    expect(printed).toContain('type of list -> list');
  });

  it('hashes', async () => {
    await hashes(standalone);
    expect(printed).toContain('hincrby age 1 -> 19');
  });

  it('lists', async () => {
    await lists(`redis://${standalone}`);
    expect(printed).toContain('lrange 0 -1 -> ["z","a","b","c"]');
  });

  it('sets', async () => {
    await sets(standalone);
    expect(printed).toContain('sinter a b -> ["node"]');
  });

  it('sorted sets', async () => {
    await sortedSets(standalone);
    expect(printed).toContain('zrevrange top 2 -> ["bob","alice"]');
  });

  it('pipelines and transactions', async () => {
    await pipelines(standalone);
    expect(printed).toContain('pipeline -> [true,2,"2"]');
    expect(printed).toContain('balance -> 70');
  });

  it('pub/sub', async () => {
    await pubsub(standalone);
    expect(printed).toContain('received -> message ex:news hello subscribers');
    expect(printed).toContain('received -> pmessage ex:alerts:disk disk almost full');
  });

  it('master and replica', async () => {
    await masterReplica(`${topology.primary.host}:${topology.primary.port}`);
    expect(printed).toContain('get on replica -> hello');
    expect(printed).toContain('write on replica -> ReadOnlyError');
  });

  it('OpenTelemetry spans from the diagnostics channel', async () => {
    await openTelemetry(standalone);
    const port = topology.standalone.port;
    expect(printed).toContain(
      `span SET [SET ? ?] ${topology.standalone.host}:${port} db=0 status=ok child-of-checkout=true`,
    );
    expect(printed).toContain('span LPUSH [LPUSH ? ?]');
    expect(printed).toMatch(/span LPUSH .* status=error/);
    expect(printed).toContain('span PIPELINE [GET ?; DEL ?]');
    expect(printed).toMatch(/span PIPELINE .* batch=2 child-of-checkout=true/);
  });

  it('quick start on the cluster', async () => {
    await quickstart(clusterNodes);
    expect(printed).toContain("rc.set('name', 'itheima') -> true");
    expect(printed).toContain("rc.get('name') -> itheima");
    expect(printed).toMatch(/'name' lives in slot 5798 on 127\.0\.0\.1:\d+/);
  });

  it('cluster', async () => {
    await cluster(`${clusterNodes[0].host}:${clusterNodes[0].port}`);
    expect(printed).toContain('mget across slots -> ["1","2"]');
  });

  it('resharding under traffic (on a cluster of its own)', async () => {
    own = await LocalCluster.start({ masters: 2, replicasPerMaster: 0 });
    const result = await resharding(own.startup_nodes, 100);
    expect(result.errors).toBe(0);
    expect(result.writes).toBeGreaterThan(0);
    expect(printed).toContain('moved 100 slots');
  });
});
