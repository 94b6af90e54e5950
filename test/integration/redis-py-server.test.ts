/**
 * redis-py's server tests (tests/test_commands.py: test_config_*, test_info*, test_lastsave, test_lolwut, test_object,
 * test_role, test_time, test_memory_*, test_latency_*, test_slowlog_*, test_debug_*, test_pubsub_* of
 * tests/test_pubsub.py) in both protocols. Reads run on the shared server; everything that changes the server
 * (CONFIG SET, SLOWLOG RESET, DEBUG, LATENCY RESET…) on a private one.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedis } from '../../src/index.js';
import { type PrivateRedis, startPrivateRedis } from '../harness/private-redis.js';

const { standalone } = inject('redis');
const P = `rp-server:${process.pid}:`;

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const protocol of [2, 3] as const)
  describe(`shared server, RESP${protocol}`, () => {
    let r: StrictRedis;
    let rb: StrictRedis<Buffer>;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      rb = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, decode_responses: false });
    });
    afterAll(async () => {
      const keys = await r.keys(`${P}*`);
      if (keys.length > 0) await r.delete(keys);
      await r.close();
      await rb.close();
    });

    it('test_config_get / test_config_get_multi_params: strings by name, also for a Buffer client', async () => {
      const data = await r.config_get();
      expect(Object.keys(data).length).toBeGreaterThan(10);
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
      expect(data.maxmemory).toMatch(/^\d+$/);
      const res = await r.config_get('*max-*-entries*', 'maxmemory');
      expect(res).toHaveProperty('maxmemory');
      expect(res).toHaveProperty('hash-max-listpack-entries');
      expect(typeof (await rb.config_get('maxmemory')).maxmemory).toBe('string');
      expect(await r.config_get('no-such-parameter-*')).toEqual({});
    });

    it('test_info / test_info_multi_sections: one flat object, as redis-py parses it', async () => {
      await r.set(`${P}a`, 'foo');
      const info = await r.info();
      expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
      expect(info).toHaveProperty('arch_bits');
      expect(info.redis_version).toBe(inject('redis').serverVersion);
      expect(info.tcp_port).toBe(standalone.port);
      expect(info.db0).toMatchObject({ keys: expect.any(Number), expires: expect.any(Number) });
      const res = await r.info('clients', 'server');
      expect(res).toHaveProperty('redis_version');
      expect(res).toHaveProperty('connected_clients');
      expect(res).not.toHaveProperty('used_memory');
      expect((await rb.info('server')).redis_version).toBe(inject('redis').serverVersion);
      const stats = await r.info('commandstats');
      expect(stats.cmdstat_info).toMatchObject({ calls: expect.any(Number), usec_per_call: expect.any(Number) });
    });

    it('test_lastsave, test_time, test_lolwut', async () => {
      expect(await r.lastsave()).toBeInstanceOf(Date);
      const t = await r.time();
      expect(t).toHaveLength(2);
      expect(Number.isInteger(t[0]) && Number.isInteger(t[1])).toBe(true);
      expect(await r.lolwut()).toContain('Redis ver.');
      expect(await r.lolwut(5, 6, 7, 8)).toContain('Redis ver.');
      expect((await rb.lolwut()).toString('utf8')).toContain('Redis ver.');
    });

    it('test_object', async () => {
      await r.set(`${P}obj`, 'foo');
      expect(Number.isInteger(await r.object('refcount', `${P}obj`))).toBe(true);
      expect(Number.isInteger(await r.object('idletime', `${P}obj`))).toBe(true);
      expect(['raw', 'embstr']).toContain(await r.object('encoding', `${P}obj`));
      expect(await r.object('idletime', `${P}invalid-key`)).toBeNull();
    });

    it('test_role: the shared server is a master', async () => {
      const role = await r.role();
      expect(role[0]).toBe('master');
      expect(typeof role[1]).toBe('number');
      expect(Array.isArray(role[2])).toBe(true);
      expect((await rb.role())[0]).toEqual(Buffer.from('master'));
    });

    it('test_memory_stats / test_memory_malloc_stats / test_memory_usage / memory_doctor', async () => {
      await r.set(`${P}foo`, 'bar');
      const stats = await r.memory_stats();
      expect(Object.getPrototypeOf(stats)).toBe(Object.prototype);
      expect(typeof stats['peak.allocated']).toBe('number');
      // Ratios are doubles in RESP3 and text in RESP2: numbers either way.
      expect(typeof stats['dataset.percentage']).toBe('number');
      for (const [key, value] of Object.entries(stats)) {
        if (key.startsWith('db.')) {
          expect(Array.isArray(value)).toBe(false);
          expect(typeof (value as Record<string, number>)['overhead.hashtable.main']).toBe('number');
        }
      }
      expect(await r.memory_malloc_stats()).toBeTruthy();
      expect(typeof (await r.memory_doctor())).toBe('string');
      expect(Number.isInteger(await r.memory_usage(`${P}foo`))).toBe(true);
      expect(await r.memory_usage(`${P}foo`, 0)).toBeGreaterThan(0);
      expect(await r.memory_usage(`${P}missing`)).toBeNull();
    });

    it('test_latency_history / test_latency_latest (no latency monitor on the shared server); latency_histogram', async () => {
      expect(await r.latency_history('command')).toEqual([]);
      expect(await r.latency_latest()).toEqual([]);
      await r.set(`${P}h`, '1');
      const histograms = await r.latency_histogram('set', 'no-such-command');
      expect(Object.keys(histograms)).toEqual(['set']);
      expect(histograms.set.calls).toBeGreaterThan(0);
      expect(histograms.set.histogram_usec).toBeInstanceOf(Map);
      // Cumulative buckets: the last one counts every call.
      expect([...histograms.set.histogram_usec.values()].at(-1)).toBe(histograms.set.calls);
      expect(typeof (await r.latency_doctor())).toBe('string');
    });

    it('test_pubsub_channels / test_pubsub_shardchannels / test_pubsub_numsub / pubsub_shardnumsub', async () => {
      const names = ['foo', 'bar', 'baz', 'quux'].map((n) => `${P}${protocol}:${n}`);
      const p1 = r.pubsub();
      const p2 = r.pubsub();
      const p3 = r.pubsub();
      const s1 = r.pubsub();
      try {
        await p1.subscribe(names[0], names[1], names[2]);
        await p2.subscribe(names[1], names[2]);
        await p3.subscribe(names[2]);
        await s1.ssubscribe(...names);
        const channels = await r.pubsub_channels(`${P}${protocol}:*`);
        expect([...channels].sort()).toEqual([names[1], names[2], names[0]].sort());
        expect((await r.pubsub_channels()).includes(names[0])).toBe(true);
        expect([...(await r.pubsub_shardchannels(`${P}${protocol}:*`))].sort()).toEqual([...names].sort());
        expect(await r.pubsub_numsub(names[0], names[1], names[2])).toEqual([
          [names[0], 1],
          [names[1], 2],
          [names[2], 3],
        ]);
        expect(await r.pubsub_numsub([names[3]])).toEqual([[names[3], 0]]);
        expect(await r.pubsub_shardnumsub(names[0], names[3])).toEqual([
          [names[0], 1],
          [names[3], 1],
        ]);
        expect(await rb.pubsub_numsub(names[0])).toEqual([[Buffer.from(names[0]), 1]]);
      } finally {
        await Promise.all([p1.close(), p2.close(), p3.close(), s1.close()]);
      }
    });
  });

for (const protocol of [2, 3] as const)
  describe(`private server, RESP${protocol}`, () => {
    let server: PrivateRedis;
    let r: StrictRedis;
    let rb: StrictRedis<Buffer>;

    beforeAll(async () => {
      server = await startPrivateRedis(['--enable-debug-command', 'yes', '--latency-monitor-threshold', '1']);
      r = new StrictRedis({ host: server.host, port: server.port, protocol });
      rb = new StrictRedis({ host: server.host, port: server.port, protocol, decode_responses: false });
    });
    afterAll(async () => {
      await r?.close();
      await rb?.close();
      await server?.stop();
    });

    it('test_config_set / test_config_set_multi_params / test_config_resetstat', async () => {
      expect(await r.config_set('timeout', 70)).toBe(true);
      expect((await r.config_get()).timeout).toBe('70');
      expect(await r.config_set('timeout', 0)).toBe(true);
      expect((await r.config_get()).timeout).toBe('0');
      expect(await r.config_set('timeout', 70, 'maxmemory', 100)).toBe(true);
      expect(await r.config_get('timeout', 'maxmemory')).toEqual({ timeout: '70', maxmemory: '100' });
      expect(await r.config_set('timeout', 0, 'maxmemory', 0)).toBe(true);
      await r.ping();
      const prior = (await r.info()).total_commands_processed as number;
      expect(prior).toBeGreaterThanOrEqual(1);
      expect(await r.config_resetstat()).toBe(true);
      expect((await r.info()).total_commands_processed as number).toBeLessThan(prior);
    });

    it('test_slowlog_get / test_slowlog_get_limit / test_slowlog_length', async () => {
      await r.config_set('slowlog-log-slower-than', 0);
      try {
        const clientName = `slow-${protocol}`;
        await r.client_setname(clientName);
        expect(await r.slowlog_reset()).toBe(true);
        const unicode = `${String.fromCharCode(3456)}abcd${String.fromCharCode(3421)}`;
        await r.get(unicode);
        const slowlog = await r.slowlog_get();
        expect(Array.isArray(slowlog)).toBe(true);
        const commands = slowlog.map((log) => log.command);
        expect(commands).toContain(`GET ${unicode}`);
        expect(commands).toContain('SLOWLOG RESET');
        // Newest first: the GET came after the reset.
        expect(commands.indexOf(`GET ${unicode}`)).toBeLessThan(commands.indexOf('SLOWLOG RESET'));
        const entry = slowlog[commands.indexOf(`GET ${unicode}`)];
        expect(Number.isInteger(entry.start_time)).toBe(true);
        expect(Number.isInteger(entry.duration)).toBe(true);
        expect(entry.client_address).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(entry.client_name).toBe(clientName);
        // A Buffer client gets the command's bytes.
        const binary = await rb.slowlog_get();
        const get = binary.find((log) => log.command.includes(Buffer.from(unicode)));
        expect(get?.command).toEqual(Buffer.from(`GET ${unicode}`));
        expect(Buffer.isBuffer(get?.client_address)).toBe(true);

        expect(await r.slowlog_reset()).toBe(true);
        await r.get('foo');
        expect(await r.slowlog_get(1)).toHaveLength(1);
        expect(Number.isInteger(await r.slowlog_len())).toBe(true);
        expect(await r.slowlog_len()).toBeGreaterThan(0);
      } finally {
        await r.config_set('slowlog-log-slower-than', 10000);
      }
    });

    it('latency events: latest, history, graph, doctor and reset once a spike was recorded', async () => {
      await r.latency_reset();
      await r.execute_command('DEBUG', 'SLEEP', '0.02');
      const latest = await r.latency_latest();
      const command = latest.find(([event]) => event === 'command');
      expect(command).toBeDefined();
      const [, time, last, max] = command!;
      expect(time).toBeGreaterThan(1_600_000_000);
      expect(last).toBeGreaterThanOrEqual(15);
      expect(max).toBeGreaterThanOrEqual(last);
      const history = await r.latency_history('command');
      expect(history.length).toBeGreaterThan(0);
      expect(history[0]).toEqual([expect.any(Number), expect.any(Number)]);
      expect(await r.latency_graph('command')).toContain('command');
      expect(await r.latency_doctor()).toContain('command');
      expect(await r.latency_reset('command')).toBe(1);
      expect(await r.latency_reset()).toBe(0);
      expect(await r.latency_latest()).toEqual([]);
    });

    it('debug_object: redis-py parse_debug_object', async () => {
      await r.set('dbg', 'bar');
      const details = await r.debug_object('dbg');
      expect(details.type).toBe('Value');
      expect(details.refcount).toBe(1);
      expect(details.encoding).toBe('embstr');
      expect(typeof details.serializedlength).toBe('number');
      expect(typeof details.lru_seconds_idle).toBe('number');
    });

    it('test_pubsub_numpat (exact count: on a server of its own)', async () => {
      const p = r.pubsub();
      try {
        await p.psubscribe('*oo', '*ar', 'b*z');
        expect(await r.pubsub_numpat()).toBe(3);
      } finally {
        await p.close();
      }
      await until(async () => (await r.pubsub_numpat()) === 0);
    });

    it('configSet is config_set; what redis-py refuses to implement is not offered here either', async () => {
      expect(await r.configSet('maxmemory-samples', 7)).toBe(true);
      expect(await r.config_get('maxmemory-samples')).toEqual({ 'maxmemory-samples': '7' });
      const methods = r as unknown as Record<string, unknown>;
      for (const name of ['memory_help', 'script_debug', 'debug_segfault', 'sync', 'psync']) {
        expect(methods[name], name).toBeUndefined();
      }
    });

    it('memory_purge', async () => {
      expect(await r.memory_purge()).toBe(true);
    });
  });
