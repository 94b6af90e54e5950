/**
 * Where server-administration commands go in a cluster and how their replies are combined: per-node reports as Maps,
 * counts summed, scripts and functions on every master, pub/sub introspection over every node, single-server commands
 * refused. Reads run on the shared cluster; CONFIG SET, SLOWLOG RESET, SAVE and FLUSHALL on a cluster of this file's own.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalCluster } from '../../src/admin/index.js';
import { ResponseError, StrictRedis, StrictRedisCluster } from '../../src/index.js';

const nodes = inject('redis').cluster.nodes;
const masters = nodes.filter((n) => n.role === 'master');
const keyOf = (n: { host: string; port: number }) => `${n.host}:${n.port}`;
const P = `cadmin:${process.pid}:`;

for (const protocol of [2, 3] as const)
  describe(`shared cluster, RESP${protocol}`, () => {
    let rc: StrictRedisCluster<string>;
    const direct: StrictRedis[] = [];
    const node = (n: { host: string; port: number }) => {
      const c = new StrictRedis({ host: n.host, port: n.port, protocol });
      direct.push(c);
      return c;
    };

    beforeAll(async () => {
      rc = new StrictRedisCluster({ startup_nodes: [{ host: nodes[0].host, port: nodes[0].port }], protocol });
      await rc.connect();
    });
    afterAll(async () => {
      for (const c of direct) c.disconnect();
      await rc.close();
    });

    it('per-node reports come back as Maps: every node, or every master', async () => {
      const all = nodes.map(keyOf).sort();
      const primaries = masters.map(keyOf).sort();
      const slowlogs = await rc.slowlog_get(2);
      expect([...slowlogs.keys()].sort()).toEqual(all);
      for (const entries of slowlogs.values()) expect(Array.isArray(entries)).toBe(true);
      const roles = await rc.role();
      expect([...roles.keys()].sort()).toEqual(all);
      for (const n of nodes) expect(roles.get(keyOf(n))?.[0]).toBe(n.role === 'master' ? 'master' : 'slave');
      const saves = await rc.lastsave();
      expect([...saves.values()].every((d) => d instanceof Date)).toBe(true);
      const info = await rc.info('server');
      expect(info.get(keyOf(nodes[0]))?.tcp_port).toBe(nodes[0].port);
      const stats = await rc.memory_stats();
      expect([...stats.keys()].sort()).toEqual(primaries);
      expect(typeof stats.get(primaries[0])?.['peak.allocated']).toBe('number');
      expect([...(await rc.latency_latest()).keys()].sort()).toEqual(all);
      expect([...(await rc.module_list()).values()].every(Array.isArray)).toBe(true);
      expect([...(await rc.function_stats()).keys()].sort()).toEqual(primaries);
    });

    it('counts are summed over the nodes: slowlog_len, dbsize', async () => {
      const lens = await Promise.all(nodes.map((n) => node(n).slowlog_len()));
      const total = await rc.slowlog_len();
      // Other files add entries concurrently: at least what the nodes held a moment ago.
      expect(total).toBeGreaterThanOrEqual(Math.min(...lens));
      expect(typeof (await rc.dbsize())).toBe('number');
    });

    it('script_load on every master: script_exists is true only where all of them have it', async () => {
      const lua = `return '${P}${protocol}'`;
      const sha = await rc.script_load(lua);
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
      for (const m of masters) expect(await node(m).script_exists(sha)).toEqual([true]);
      expect(await rc.script_exists(sha)).toEqual([true]);
      const onOne = `return '${P}${protocol}:one'`;
      const oneSha = (await rc.execute_command('SCRIPT', 'LOAD', onOne, { target_nodes: masters[0] })) as string;
      expect(await rc.script_exists(sha, oneSha)).toEqual([true, false]);
      await expect(rc.script_kill()).rejects.toBeInstanceOf(ResponseError);
    });

    it('function_load on every master; function_list per master', async () => {
      const lib = `cadmin${process.pid}r${protocol}`;
      const code = `#!lua name=${lib}\nredis.register_function('${lib}_f', function() return 1 end)`;
      try {
        expect(await rc.function_load(code)).toBe(lib);
        const lists = await rc.function_list(lib);
        expect([...lists.keys()].sort()).toEqual(masters.map(keyOf).sort());
        for (const libraries of lists.values()) expect(libraries.map((l) => l.library_name)).toEqual([lib]);
        expect(await rc.fcall(`${lib}_f`, 1, `${P}any`)).toBe(1);
      } finally {
        await rc.function_delete(lib).catch(() => {});
      }
    });

    it('pub/sub introspection covers every node: channels distinct, counts added up', async () => {
      const channel = `${P}${protocol}:chan`;
      const [a, b] = [node(nodes[0]).pubsub(), node(nodes[nodes.length - 1]).pubsub()];
      const shard = rc.pubsub();
      try {
        await a.subscribe(channel);
        await b.subscribe(channel);
        await a.psubscribe(`${P}${protocol}:pat*`);
        await shard.ssubscribe(`${channel}:s`);
        expect(await rc.pubsub_channels(`${P}${protocol}:*`)).toEqual([channel]);
        expect(await rc.pubsub_numsub(channel, `${P}nobody`)).toEqual([
          [channel, 2],
          [`${P}nobody`, 0],
        ]);
        expect(await rc.pubsub_numpat()).toBeGreaterThanOrEqual(1);
        expect(await rc.pubsub_shardchannels(`${P}${protocol}:*`)).toEqual([`${channel}:s`]);
        expect(await rc.pubsub_shardnumsub(`${channel}:s`)).toEqual([[`${channel}:s`, 1]]);
      } finally {
        await Promise.all([a.close(), b.close(), shard.close()]);
      }
    });

    it('wait: the smallest acknowledgement count over the masters', async () => {
      await rc.mset({ [`${P}w1`]: '1', [`${P}w2`]: '2', [`${P}w3`]: '3' });
      expect(await rc.wait(1, 5000)).toBe(1);
      await rc.delete(`${P}w1`, `${P}w2`, `${P}w3`);
    });
  });

describe('a cluster of this file own', () => {
  let cluster: LocalCluster;
  let rc: StrictRedisCluster<string>;

  beforeAll(async () => {
    cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 1 });
    rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes });
    await rc.connect();
  }, 120_000);
  afterAll(async () => {
    await rc?.close();
    await cluster?.stop();
  });

  const everyNode = async <T>(fn: (c: StrictRedis) => Promise<T>): Promise<T[]> => {
    const ports = [...(await rc.role()).keys()].map((k) => Number(k.split(':')[1]));
    expect(ports).toHaveLength(6);
    return Promise.all(
      ports.map(async (port) => {
        const c = new StrictRedis({ host: '127.0.0.1', port });
        try {
          return await fn(c);
        } finally {
          c.disconnect();
        }
      }),
    );
  };

  it('config_set reaches every node, replicas too; config_get reads one', async () => {
    expect(await rc.config_set('slowlog-max-len', 77, 'latency-monitor-threshold', 5)).toBe(true);
    const values = await everyNode((c) => c.config_get('slowlog-max-len', 'latency-monitor-threshold'));
    for (const v of values) expect(v).toEqual({ 'slowlog-max-len': '77', 'latency-monitor-threshold': '5' });
    expect(await rc.config_get('slowlog-max-len')).toEqual({ 'slowlog-max-len': '77' });
  });

  it('test_cluster_config_resetstat: every node resets its statistics', async () => {
    await rc.execute_command('PING', { target_nodes: 'all' });
    const prior = await rc.info();
    for (const info of prior.values()) expect(info.total_commands_processed).toBeGreaterThanOrEqual(1);
    expect(await rc.config_resetstat()).toBe(true);
    const after = await rc.info();
    expect(after.size).toBe(6);
    for (const [node, info] of after) {
      expect(info.total_commands_processed).toBeLessThan(prior.get(node)?.total_commands_processed as number);
    }
  });

  it('slowlog_reset on every node; latency_reset summed', async () => {
    expect(await rc.slowlog_reset()).toBe(true);
    // Each node's log now starts with (at most) the reset itself.
    for (const len of await everyNode((c) => c.slowlog_len())) expect(len).toBeLessThanOrEqual(1);
    expect(await rc.latency_reset()).toBe(0);
  });

  it('flushall on the masters; save on every node', async () => {
    await rc.mset({ a: '1', b: '2', c: '3' });
    expect(await rc.dbsize()).toBe(3);
    expect(await rc.flushall()).toBe(true);
    expect(await rc.dbsize()).toBe(0);
    expect(await rc.save()).toBe(true);
    const saves = await rc.lastsave();
    expect(saves.size).toBe(6);
  });
});
