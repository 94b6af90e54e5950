/**
 * Reconnect policies (ioredis's retry_strategy, redis-py's Retry with backoff classes), the dns_lookup override (for a
 * standalone host and for cluster nodes that announce host names, on a cluster of this file's own), and CLIENT SETINFO
 * in the handshake (ignored by servers that do not know it, never waited for).
 */
import { lookup } from 'node:dns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalCluster } from '../../src/admin/index.js';
import { findFreePort } from '../../src/admin/redis-process.js';
import {
  ConnectionError,
  ConstantBackoff,
  DataError,
  ExponentialBackoff,
  Retry,
  StrictRedis,
  StrictRedisCluster,
} from '../../src/index.js';
import { FakeServer, standardReply } from '../harness/fake-server.js';
import { rawCommand, waitFor } from '../harness/raw.js';
import { serverAtLeast } from '../harness/server-version.js';

const P = 'conn-mgmt:';
const { standalone } = inject('redis');

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('reconnect strategies', () => {
  it('retry_strategy: called with the attempt and the error; its delay is used; null stops', async () => {
    const port = await findFreePort();
    const calls: Array<[number, string | undefined]> = [];
    const c = new StrictRedis({
      host: '127.0.0.1',
      port,
      retry_strategy: (attempt, error) => {
        calls.push([attempt, error?.name]);
        return attempt < 3 ? 10 : null;
      },
    });
    const error = await failure(c.get(`${P}a`));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(calls.every(([, name]) => name !== undefined)).toBe(true);
    await c.close();
  });

  it('retry_strategy after a lost connection: the client comes back and resends what is safe', async () => {
    const attempts: number[] = [];
    const c = new StrictRedis({
      ...standalone,
      retryStrategy: (attempt) => {
        attempts.push(attempt);
        return 5;
      },
    });
    await c.set(`${P}b`, '1');
    await rawCommand(standalone.port, ['CLIENT', 'KILL', 'ID', String(await c.client_id())]);
    await waitFor('the reconnect', async () => (await c.get(`${P}b`)) === '1');
    expect(attempts[0]).toBe(1);
    await c.delete(`${P}b`);
    await c.close();
  });

  it('redis-py Retry: the backoff decides the delays, `retries` the number of attempts', async () => {
    const port = await findFreePort();
    const delays: number[] = [];
    const c = new StrictRedis({ host: '127.0.0.1', port, retry: new Retry(new ConstantBackoff(0.02), 2) });
    c.on('reconnecting', ({ delayMs }) => delays.push(delayMs));
    expect(await failure(c.ping())).toBeInstanceOf(ConnectionError);
    expect(delays).toEqual([20, 20]);
    await c.close();
    const forever = new StrictRedis({ ...standalone, retry: new Retry(new ExponentialBackoff(1, 0.01), -1) });
    expect(await forever.ping()).toBe(true);
    await forever.close();
  });

  it('retry and retry_strategy together are refused', () => {
    expect(() => new StrictRedis({ retry: new Retry(), retry_strategy: () => 1 })).toThrow(DataError);
    expect(() => new StrictRedis({ retry: false, retryStrategy: () => 1 })).toThrow(DataError);
  });
});

describe('dns_lookup', () => {
  it('resolves the host with ioredis`s (hostname, callback) form and with dns.lookup', async () => {
    const asked: string[] = [];
    const ioredisStyle = new StrictRedis({
      host: 'cache.strict-redis.test',
      port: standalone.port,
      dns_lookup: (hostname: string, callback: (err: Error | null, address: string, family?: number) => void) => {
        asked.push(hostname);
        callback(null, '127.0.0.1', 4);
      },
    });
    expect(await ioredisStyle.ping()).toBe(true);
    expect(asked).toEqual(['cache.strict-redis.test']);
    // Node's own dns.lookup (called as net.connect calls its `lookup`: with options).
    const nodeStyle = new StrictRedis({ host: 'localhost', port: standalone.port, dnsLookup: lookup });
    expect(await nodeStyle.ping()).toBe(true);
    await Promise.all([ioredisStyle.close(), nodeStyle.close()]);
  });

  it('a failing lookup is a ConnectionError with the lookup`s error as cause', async () => {
    const c = new StrictRedis({
      host: 'missing.strict-redis.test',
      port: standalone.port,
      retry: false,
      dns_lookup: (_hostname: string, callback: (err: Error | null, address: string) => void) =>
        callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), ''),
    });
    const error = await failure(c.ping());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(String((error as Error).message)).toContain('not found');
    await c.close();
  });

  describe('cluster nodes that announce host names', () => {
    let cluster: LocalCluster;
    beforeAll(async () => {
      cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 0 });
      for (const p of cluster.processes) {
        await rawCommand(p.port, ['CONFIG', 'SET', 'cluster-announce-hostname', `node-${p.port}.strict-redis.test`]);
        await rawCommand(p.port, ['CONFIG', 'SET', 'cluster-preferred-endpoint-type', 'hostname']);
      }
      const ports = cluster.processes.map((p) => p.port);
      await waitFor('every node to announce its host name', async () => {
        const slots = JSON.stringify(await rawCommand(ports[0], ['CLUSTER', 'SLOTS']));
        return ports.every((port) => slots.includes(`node-${port}.strict-redis.test`));
      });
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('reaches every node through the lookup', async () => {
      const asked = new Set<string>();
      const rc = new StrictRedisCluster({
        startup_nodes: [
          { host: `node-${cluster.processes[0].port}.strict-redis.test`, port: cluster.processes[0].port },
        ],
        dns_lookup: (hostname: string, callback: (err: Error | null, address: string, family?: number) => void) => {
          asked.add(hostname);
          if (hostname.endsWith('.strict-redis.test')) callback(null, '127.0.0.1', 4);
          else callback(new Error(`unexpected host ${hostname}`), '');
        },
      });
      const keys = Array.from({ length: 30 }, (_, i) => `${P}dns:${i}`);
      await rc.mset(Object.fromEntries(keys.map((k) => [k, 'v'])));
      expect(await rc.mget(...keys)).toEqual(keys.map(() => 'v'));
      expect([...asked].sort()).toEqual(cluster.processes.map((p) => `node-${p.port}.strict-redis.test`).sort());
      await rc.close();
    });
  });
});

describe('CLIENT SETINFO in the handshake', () => {
  it('names the library where the server knows the command; older servers ignore it', async () => {
    const c = new StrictRedis(standalone);
    const info = String(await c.execute_command('CLIENT', 'INFO'));
    if (serverAtLeast('7.2')) {
      expect(info).toContain('lib-name=strict-redis');
      expect(info).toMatch(/lib-ver=\d+\.\d+\.\d+/);
    } else {
      // Redis 7.0 answers CLIENT SETINFO with an error: the handshake succeeded all the same.
      expect(info).toContain('cmd=client|info');
    }
    await c.close();
  });

  it('is pipelined, never waited for, and its errors are ignored', async () => {
    const fake = await FakeServer.start((args, socket) => {
      // The liveness PING is answered at once; SETINFO late and with an error: the GET must be on its way meanwhile.
      if (args[0] === 'PING') return '+PONG\r\n';
      const reply = args[0] === 'CLIENT' ? "-ERR unknown subcommand 'setinfo'\r\n" : '$1\r\nv\r\n';
      setTimeout(() => socket.write(reply), 300);
      return null;
    });
    const c = new StrictRedis({ host: fake.host, port: fake.port });
    const reply = c.get('k');
    await waitFor('the GET to arrive', async () => fake.commands.some((cmd) => cmd[0] === 'GET'), 250);
    expect(fake.commands.slice(0, 4)).toEqual([
      ['PING'],
      ['CLIENT', 'SETINFO', 'LIB-NAME', 'strict-redis'],
      ['CLIENT', 'SETINFO', 'LIB-VER', expect.stringMatching(/^\d+\.\d+\.\d+/)],
      ['GET', 'k'],
    ]);
    expect(await reply).toBe('v');
    c.disconnect();
    await fake.close();
  });

  it('lib_name / lib_version null send nothing; a name with spaces is refused', async () => {
    const fake = await FakeServer.start((args) => standardReply(args) ?? '+OK\r\n');
    const c = new StrictRedis({ host: fake.host, port: fake.port, lib_name: null, libVersion: null });
    await c.set('k', 'v');
    // Only the PING that proves the server answers (see docs/standalone.md) precedes the command.
    expect(fake.commands).toEqual([['PING'], ['SET', 'k', 'v']]);
    c.disconnect();
    await fake.close();
    expect(() => new StrictRedis({ lib_name: 'my lib' })).toThrow(DataError);
  });
});
