/**
 * redis-py's cluster management API on the shared cluster, read-only calls only (test_cluster.py's
 * TestClusterRedisCommands and TestRedisClusterObj parts on these methods, test_commands.py's test_cluster_* on one
 * node). Whatever changes the cluster runs in cluster-management-changes.test.ts on a cluster of its own.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { keySlot } from '../../src/cluster/slot.js';
import { DataError, MovedError, ResponseError } from '../../src/errors.js';
import { StrictRedis } from '../../src/index.js';
import { itSince } from '../harness/server-version.js';

const topology = inject('redis');
const nodes = topology.cluster.nodes;
const seed = nodes[0];
const P = `rpcm:${process.pid}:`;
const SHARD_ATTRIBUTES = [
  'id',
  'endpoint',
  'ip',
  'hostname',
  'port',
  'tls-port',
  'role',
  'replication-offset',
  'health',
];

describe('redis-py cluster management on the shared cluster', () => {
  let rc: StrictRedisCluster<string>;
  let rc3: StrictRedisCluster<string>;

  beforeAll(async () => {
    rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    rc3 = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }], protocol: 3 });
    await Promise.all([rc.connect(), rc3.connect()]);
  });

  afterAll(async () => {
    await rc.delete(`{${P}a}1`, `{${P}a}2`);
    await Promise.all([rc.close(), rc3.close()]);
  });

  describe('node API (TestRedisClusterObj)', () => {
    it('test_get_nodes: every node, primaries and replicas, as frozen { host, port, name, server_type }', async () => {
      const all = await rc.get_nodes();
      expect(all).toHaveLength(nodes.length);
      const primaries = await rc.get_primaries();
      const replicas = await rc.get_replicas();
      expect(primaries.map((n) => n.port).sort()).toEqual(
        nodes
          .filter((n) => n.role === 'master')
          .map((n) => n.port)
          .sort(),
      );
      expect(replicas.map((n) => n.port).sort()).toEqual(
        nodes
          .filter((n) => n.role === 'replica')
          .map((n) => n.port)
          .sort(),
      );
      for (const node of primaries) expect(node.server_type).toBe('primary');
      for (const node of replicas) expect(node.server_type).toBe('replica');
      expect(all[0].name).toBe(`${all[0].host}:${all[0].port}`);
      expect(Object.isFrozen(all[0])).toBe(true);
      const random = await rc.get_random_node();
      expect(all.map((n) => n.name)).toContain(random.name);
    });

    it('test_host_port_startup_node / get_node: by host and port, by node_name, null when unknown', async () => {
      const node = await rc.get_node(seed.host, seed.port);
      expect(node?.port).toBe(seed.port);
      expect(await rc.get_node(seed.host, String(seed.port))).toEqual(node);
      expect(await rc.get_node({ node_name: node!.name })).toEqual(node);
      expect(await rc.get_node(null, null, node!.name)).toEqual(node);
      expect(await rc.get_node({ host: seed.host, port: seed.port })).toEqual(node);
      expect(await rc.get_node('1.1.1.1', 1111)).toBe(null);
      await expect((rc.get_node as (h: string) => Promise<unknown>)(seed.host)).rejects.toThrow(DataError);
    });

    it('test_get_node_from_key: the slot owner, or one of its replicas', async () => {
      const key = 'bar';
      const owner = await rc.nodeForKey(key);
      const primary = await rc.get_node_from_key(key);
      expect(primary).toMatchObject({ port: owner?.port, server_type: 'primary' });
      expect(await rc.get_node_from_key(key, false)).toEqual(primary);
      const replica = await rc.get_node_from_key(key, true);
      expect(replica?.server_type).toBe('replica');
      const view = await rc.cluster_nodes();
      const primaryId = await rc.cluster_myid(primary!);
      expect(view[replica!.name].master_id).toBe(primaryId);
      await expect(rc.get_node_from_key(key, 'yes' as unknown as boolean)).rejects.toThrow(DataError);
    });

    it('test_set_default_node_success / _failure, test_replace_cluster_node', async () => {
      const before = await rc.get_default_node();
      expect(before.server_type).toBe('primary');
      const other = (await rc.get_nodes()).find((n) => n.name !== before.name)!;
      expect(await rc.set_default_node(other)).toBe(true);
      expect((await rc.get_default_node()).name).toBe(other.name);
      expect(await rc.set_default_node(null)).toBe(false);
      expect(await rc.set_default_node({ host: '1.1.1.1', port: 1111 })).toBe(false);
      expect((await rc.get_default_node()).name).toBe(other.name);
      await rc.replace_default_node();
      expect((await rc.get_default_node()).name).not.toBe(other.name);
      await rc.replace_default_node(before);
      expect((await rc.get_default_node()).name).toBe(before.name);
    });

    it('test_execute_command_default_node: keyless management commands go to the default node', async () => {
      const def = await rc.get_default_node();
      const view = await rc.cluster_nodes();
      expect(view[def.name].flags).toContain('myself');
      expect(await rc.cluster_info()).toEqual(expect.objectContaining({ cluster_state: 'ok' }));
      expect(await rc.execute_command('CLUSTER', 'MYID')).toBe(await rc.cluster_myid(def));
    });

    it('node objects, lists of them and the RedisCluster constants work as target_nodes', async () => {
      expect(StrictRedisCluster.PRIMARIES).toBe('primaries');
      expect(StrictRedisCluster.REPLICAS).toBe('replicas');
      expect(StrictRedisCluster.ALL_NODES).toBe('all');
      expect(StrictRedisCluster.RANDOM).toBe('random');
      expect(StrictRedisCluster.DEFAULT_NODE).toBe('default-node');
      const primaries = await rc.get_primaries();
      const ids = await rc.cluster_myid(StrictRedisCluster.PRIMARIES);
      expect([...ids.keys()].sort()).toEqual(primaries.map((n) => n.name).sort());
      const listed = await rc.cluster_myid(primaries);
      expect(listed).toEqual(ids);
      const one = await rc.execute_command('CLUSTER', 'MYID', { target_nodes: primaries[0] });
      expect(one).toBe(ids.get(primaries[0].name));
      const viaList = (await rc.execute_command('CLUSTER', 'MYID', { target_nodes: [primaries[0]] })) as Map<
        string,
        string
      >;
      expect(viaList.get(primaries[0].name)).toBe(one);
    });
  });

  describe('TestClusterRedisCommands (read-only)', () => {
    it('test_cluster_myid', async () => {
      const node = await rc.get_random_node();
      const myid = await rc.cluster_myid(node);
      expect(myid).toHaveLength(40);
      const all = await rc.cluster_myid('all');
      expect(all.size).toBe(nodes.length);
      expect(all.get(node.name)).toBe(myid);
    });

    it('test_cluster_info: the default node, or a Map per node for several', async () => {
      const info = await rc.cluster_info();
      expect(info.cluster_state).toBe('ok');
      expect(info.cluster_slots_assigned).toBe('16384');
      const all = await rc.cluster_info(StrictRedisCluster.ALL_NODES);
      expect(all.size).toBe(nodes.length);
      for (const each of all.values()) expect(each.cluster_state).toBe('ok');
      expect(await rc3.cluster_info()).toMatchObject({ cluster_state: 'ok', cluster_slots_assigned: '16384' });
    });

    it('test_cluster_keyslot, and numbers as keys (keyslot(1337) = 4314)', async () => {
      expect(await rc.cluster_keyslot('foo')).toBe(12182);
      expect(rc.keyslot(1337)).toBe(4314);
      expect(rc.keyslot('1337')).toBe(4314);
      expect(await rc.cluster_keyslot(1337)).toBe(4314);
    });

    it('test_cluster_countkeysinslot and test_cluster_get_keys_in_slot go to the slot owner', async () => {
      const k1 = `{${P}a}1`;
      const k2 = `{${P}a}2`;
      await rc.set(k1, 'x');
      await rc.set(k2, 'y');
      const slot = rc.keyslot(k1);
      expect(await rc.cluster_countkeysinslot(slot)).toBe(2);
      expect((await rc.cluster_get_keys_in_slot(slot, 4)).sort()).toEqual([k1, k2]);
      expect(await rc.cluster_get_keys_in_slot(slot, 1)).toHaveLength(1);
      // The generic form and raw commands route by the slot too.
      expect(await rc.cluster('countkeysinslot', slot)).toBe(2);
      expect(await rc.execute_command('CLUSTER', 'COUNTKEYSINSLOT', slot)).toBe(2);
      const pipe = rc.pipeline({ transaction: false });
      pipe.cluster_countkeysinslot(slot).cluster_get_keys_in_slot(slot, 1);
      const [count, keys] = await pipe.execute();
      expect(count).toBe(2);
      expect(keys).toHaveLength(1);
    });

    it("cluster(cluster_arg, ...args) with redis-py's target_nodes keyword as a last { target_nodes }", async () => {
      const node = await rc.get_random_node();
      expect(await rc.cluster('myid', { target_nodes: node })).toBe(await rc.cluster_myid(node));
      const all = (await rc.cluster('info', { target_nodes: 'all' })) as Map<string, Record<string, string>>;
      expect(all.size).toBe(nodes.length);
      for (const info of all.values()) expect(info.cluster_state).toBe('ok');
      expect(await rc.cluster('keyslot', 'foo')).toBe(12182);
      await expect(rc.cluster('info', { target_nodes: 'all', extra: 1 } as never)).rejects.toThrow(DataError);
      await expect(rc.cluster('info', { target_nodes: 'everywhere' } as never)).rejects.toThrow(DataError);
    });

    it('test_cluster_count_failure_report', async () => {
      const id = await rc.cluster_myid(await rc.get_random_node());
      expect(await rc.cluster_count_failure_report(id)).toBe(0);
    });

    it('test_cluster_nodes: every node keyed by ip:port, in redis-py fields', async () => {
      const view = await rc.cluster_nodes();
      expect(Object.keys(view)).toHaveLength(nodes.length);
      for (const node of nodes) {
        const entry = view[`${node.host}:${node.port}`];
        expect(entry.flags).toContain(node.role === 'master' ? 'master' : 'slave');
        expect(entry.connected).toBe(true);
        expect(entry.node_id).toHaveLength(40);
      }
      const slots = Object.values(view).flatMap((e) => e.slots);
      const covered = slots.reduce((n, r) => n + Number(r[r.length - 1]) - Number(r[0]) + 1, 0);
      expect(covered).toBe(16384);
      const three = await rc3.cluster_nodes();
      expect(Object.keys(three).sort()).toEqual(Object.keys(view).sort());
    });

    it('test_cluster_replicas / cluster_slaves: the replicas of a primary', async () => {
      const primary = (await rc.get_primaries())[0];
      const id = await rc.cluster_myid(primary);
      const replicas = await rc.cluster_replicas(id);
      expect(Object.keys(replicas)).toHaveLength(1);
      const [entry] = Object.values(replicas);
      expect(entry.master_id).toBe(id);
      expect(Object.keys(await rc.cluster_slaves(id))).toEqual(Object.keys(replicas));
      const fromAll = await rc.cluster_replicas(id, 'primaries');
      expect(fromAll.size).toBe(3);
    });

    it('test_cluster_slots: "start-end" → { primary: [host, port], replicas }', async () => {
      const slots = await rc.cluster_slots();
      const ranges = Object.keys(slots);
      const primaries = (await rc.get_primaries()).map((n) => n.port);
      let covered = 0;
      for (const range of ranges) {
        const [start, end] = range.split('-').map(Number);
        covered += end - start + 1;
        expect(primaries).toContain(slots[range].primary[1]);
        expect(slots[range].replicas).toHaveLength(1);
      }
      expect(covered).toBe(16384);
      expect(await rc3.cluster_slots()).toEqual(slots);
    });

    it('test_cluster_shards: slots and nodes of each shard, the same shape in RESP2 and RESP3', async () => {
      for (const client of [rc, rc3]) {
        const shards = await client.cluster_shards();
        expect(shards).toHaveLength(3);
        for (const shard of shards) {
          expect(Object.keys(shard)).toEqual(['slots', 'nodes']);
          for (const [start, end] of shard.slots) expect(start).toBeLessThanOrEqual(end);
          expect(shard.nodes).toHaveLength(2);
          for (const node of shard.nodes) {
            for (const attribute of Object.keys(node)) expect(SHARD_ATTRIBUTES).toContain(attribute);
            expect(typeof node.port).toBe('number');
            expect(typeof node.id).toBe('string');
          }
        }
      }
    });

    itSince('7.2', 'test_cluster_myshardid', async () => {
      const myshardid = await rc.cluster_myshardid();
      expect(typeof myshardid).toBe('string');
      expect(myshardid.length).toBeGreaterThan(0);
    });

    it('test_cluster_links: to and from links in pairs, records in RESP2 and RESP3', async () => {
      for (const client of [rc, rc3]) {
        const node = await client.get_random_node();
        const links = await client.cluster_links(node);
        const to = links.filter((l) => l.direction === 'to').length;
        const from = links.filter((l) => l.direction === 'from').length;
        expect(to).toBe(from);
        expect(to).toBe(nodes.length - 1);
        for (const link of links) expect(typeof link['create-time']).toBe('number');
      }
    });

    it('with decode_responses: false: bulk replies as Buffers, the parsed text fields as strings', async () => {
      const raw = new StrictRedisCluster({
        startup_nodes: [{ host: seed.host, port: seed.port }],
        decode_responses: false,
      });
      try {
        const node = await raw.get_random_node();
        const id = await raw.cluster_myid(node);
        expect(Buffer.isBuffer(id)).toBe(true);
        expect(id.toString()).toBe(await rc.cluster_myid(node));
        expect((await raw.cluster_info()).cluster_state).toBe('ok');
        expect(typeof Object.values(await raw.cluster_nodes())[0].node_id).toBe('string');
        const [shard] = await raw.cluster_shards();
        expect(Buffer.isBuffer(shard.nodes[0].id)).toBe(true);
        const k = `{${P}a}1`;
        await raw.set(k, 'x');
        const [key] = await raw.cluster_get_keys_in_slot(raw.keyslot(k), 1);
        expect(Buffer.isBuffer(key)).toBe(true);
        expect(key.toString()).toMatch(new RegExp(`^\\{${P}a\\}[12]$`));
      } finally {
        await raw.close();
      }
    });

    it('test_readonly / test_readwrite: true from the default node, a Map from the replicas', async () => {
      const c = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
      try {
        expect(await c.readonly()).toBe(true);
        const onReplicas = await c.readonly('replicas');
        expect([...onReplicas.values()]).toEqual([true, true, true]);
        expect(await c.readwrite()).toBe(true);
        const off = await c.readwrite(StrictRedisCluster.REPLICAS);
        expect([...off.values()]).toEqual([true, true, true]);
      } finally {
        await c.close();
      }
    });

    it('readwrite is refused on the replicas a replica-reading client reads from; routing stays readFrom', async () => {
      const c = new StrictRedisCluster({
        startup_nodes: [{ host: seed.host, port: seed.port }],
        read_from_replicas: true,
      });
      try {
        await c.set(`${P}rw`, 'v');
        await expect(c.readwrite('replicas')).rejects.toThrow(DataError);
        await expect(c.readwrite((await c.get_node_from_key(`${P}rw`, true))!)).rejects.toThrow(DataError);
        expect(await c.readwrite()).toBe(true);
        expect(await c.readonly('replicas')).toBeInstanceOf(Map);
        expect(await c.get(`${P}rw`)).toBe('v');
      } finally {
        await c.delete(`${P}rw`);
        await c.close();
      }
    });

    it('targets are checked before anything is sent', async () => {
      const node = await rc.get_random_node();
      const call = rc as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      // redis-py needs a target for these (no default node).
      for (const method of [
        'cluster_myid',
        'cluster_save_config',
        'cluster_links',
        'cluster_flushslots',
        'cluster_bumpepoch',
      ]) {
        await expect(call[method](), method).rejects.toThrow(DataError);
      }
      await expect(call.cluster_addslots(undefined, 1)).rejects.toThrow(DataError);
      await expect(call.cluster_info('primary')).rejects.toThrow(DataError);
      await expect(call.cluster_info({ host: '1.1.1.1', port: 1111 })).rejects.toThrow(DataError);
      await expect(call.cluster_myid(node, 'extra')).rejects.toThrow(DataError);
      // test_cluster_failover / test_cluster_setslot argument checks: refused before reaching the node.
      await expect(rc.cluster_failover(node, 'FORCT')).rejects.toThrow(DataError);
      await expect(rc.cluster_setslot(node, 'node_0', 1218, 'STABLE')).rejects.toThrow(DataError);
      await expect(rc.cluster_setslot(node, 'node_0', 1218, 'STATE')).rejects.toThrow(DataError);
      await expect(rc.cluster_delslots()).rejects.toThrow(DataError);
      await expect(rc.cluster_delslots(16384)).rejects.toThrow(DataError);
      await expect(rc.cluster_reset('hard' as unknown as boolean)).rejects.toThrow(DataError);
    });
  });
});

describe("StrictRedis on one cluster node: redis-py's cluster(...) and the CLUSTER methods", () => {
  const master = nodes.find((n) => n.role === 'master')!;
  let r: StrictRedis;

  beforeAll(() => {
    r = new StrictRedis({ host: master.host, port: master.port });
  });
  afterAll(async () => {
    await r.close();
  });

  it('answers for that one node', async () => {
    const info = await r.cluster_info();
    expect(info.cluster_state).toBe('ok');
    expect(await r.cluster('info')).toEqual(expect.objectContaining({ cluster_state: 'ok' }));
    const id = await r.cluster_myid();
    expect(id).toHaveLength(40);
    const view = await r.cluster_nodes();
    expect(view[`${master.host}:${master.port}`]).toMatchObject({ node_id: id, flags: 'myself,master' });
    expect(await r.cluster('nodes')).toEqual(
      expect.objectContaining({ [`${master.host}:${master.port}`]: expect.anything() }),
    );
    expect(await r.cluster('keyslot', 'asdf')).toBe(await r.cluster_keyslot('asdf'));
    expect(await r.cluster('COUNT-FAILURE-REPORTS', id)).toBe(0);
    expect(typeof (await r.cluster_countkeysinslot(2))).toBe('number');
    expect(Object.keys(await r.cluster_replicas(id))).toHaveLength(1);
    expect(Object.keys((await r.cluster('slaves', id)) as object)).toHaveLength(1);
    expect(Object.keys(await r.cluster_slots())).not.toHaveLength(0);
    expect(await r.cluster_shards()).toHaveLength(3);
    expect((await r.cluster_links()).length).toBe(2 * (nodes.length - 1));
  });

  itSince('7.2', 'cluster_myshardid for that node (also through cluster("myshardid"))', async () => {
    const shard = await r.cluster_myshardid();
    expect(shard).toHaveLength(40);
    expect(await r.cluster('myshardid')).toBe(shard);
  });

  it('READONLY lets a replica connection read; READWRITE takes it back', async () => {
    const replica = nodes.find((n) => n.role === 'replica')!;
    const onReplica = new StrictRedis({ host: replica.host, port: replica.port });
    try {
      const id = await onReplica.cluster_myid();
      const view = await onReplica.cluster_nodes();
      const slotOwnerId = view[`${replica.host}:${replica.port}`].master_id;
      const owner = Object.values(view).find((e) => e.node_id === slotOwnerId)!;
      const [start, end] = owner.slots[0].map(Number);
      let key = `${P}ro:0`;
      for (let i = 1; keySlot(key) < start || keySlot(key) > (end ?? start); i++) key = `${P}ro:${i}`;
      expect(id).toHaveLength(40);
      await expect(onReplica.get(key)).rejects.toThrow(MovedError);
      expect(await onReplica.readonly()).toBe(true);
      expect(await onReplica.get(key)).toBe(null);
      expect(await onReplica.readwrite()).toBe(true);
      await expect(onReplica.get(key)).rejects.toThrow(MovedError);
    } finally {
      await onReplica.close();
    }
  });

  it('test_readonly_invalid_cluster_state: READONLY on a server without cluster mode is an error', async () => {
    const plain = new StrictRedis({ host: topology.standalone.host, port: topology.standalone.port });
    try {
      await expect(plain.readonly()).rejects.toThrow(ResponseError);
    } finally {
      await plain.close();
    }
  });
});
