/**
 * A connection counts as up only once the server has answered (a half-open path must not look healthy), an idle
 * connection can be health-checked, close() lets commands issued before it finish, and a closed cluster client says
 * ClientClosedError whatever is asked of it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClientClosedError, StrictRedis, StrictRedisCluster, TimeoutError } from '../../src/index.js';
import { FaultProxy } from '../harness/fault-proxy.js';
import { waitFor } from '../harness/raw.js';

const { standalone, cluster } = inject('redis');
const P = `liveness:${process.pid}:`;
const startup_nodes = [{ host: cluster.nodes[0].host, port: cluster.nodes[0].port }];
let proxy: FaultProxy;
const clients: Array<StrictRedis | StrictRedisCluster> = [];

beforeAll(async () => {
  proxy = await FaultProxy.start({ host: standalone.host, port: standalone.port });
});
afterEach(async () => {
  proxy.heal();
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => c.disconnect())));
});
afterAll(async () => {
  await proxy.close();
});

function viaProxy(options: ConstructorParameters<typeof StrictRedis>[0] = {}): StrictRedis {
  const r = new StrictRedis({ host: '127.0.0.1', port: proxy.port, ...options }) as StrictRedis;
  clients.push(r);
  return r;
}

describe('a reconnect is ready only once the server answers', () => {
  it('stays connecting on a half-open path, and commands time out instead of waiting on it', async () => {
    const r = viaProxy({ socket_timeout: 0.5, socket_connect_timeout: 1, retry: { min_delay: 0.01, max_delay: 0.1 } });
    expect(await r.ping()).toBe(true);
    proxy.setMode('blackhole');
    proxy.reset();
    // TCP connects through the proxy at once; nothing answers the handshake's PING.
    await waitFor('a new TCP connection', async () => proxy.connections > 0, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.status).not.toBe('ready');
    const started = Date.now();
    await expect(r.get(`${P}x`)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1500);
    proxy.heal();
    await waitFor('the connection to come back', async () => r.status === 'ready', 10_000);
    expect(await r.ping()).toBe(true);
  });
});

describe('health_check_interval', () => {
  it('PINGs an idle connection and tears down one whose PING goes unanswered', async () => {
    const r = viaProxy({
      health_check_interval: 0.2,
      socket_timeout: 0.3,
      socket_connect_timeout: 1,
      retry: { min_delay: 0.05 },
    });
    expect(await r.ping()).toBe(true);
    let reconnecting = 0;
    r.on('reconnecting', () => reconnecting++);
    proxy.setMode('blackhole');
    // No command is sent: only the health check can notice that the path went dead.
    await waitFor('the health check to drop the connection', async () => reconnecting > 0, 5000);
    proxy.heal();
    await waitFor('the connection to come back', async () => r.status === 'ready', 10_000);
    expect(await r.ping()).toBe(true);
  });

  it("takes redis-py's name and seconds, checked like the other options", () => {
    expect(() => new StrictRedis({ health_check_interval: -1 })).toThrow(
      /health_check_interval must be a non-negative/,
    );
    expect(() => new StrictRedis({ healthCheckInterval: 2 }).disconnect()).not.toThrow();
  });
});

describe('close() lets commands issued before it finish', () => {
  it('StrictRedis: a command sent while the connection is still connecting', async () => {
    const r = new StrictRedis({ host: standalone.host, port: standalone.port });
    const pending = r.set(`${P}a`, '1');
    await r.close();
    expect(await pending).toBe(true);
    const q = new StrictRedis({ host: standalone.host, port: standalone.port });
    const read = q.get(`${P}a`);
    await q.quit();
    expect(await read).toBe('1');
  });

  it('StrictRedisCluster: a command issued before the topology was even loaded', async () => {
    const rc = new StrictRedisCluster({ startup_nodes });
    const pending = rc.set(`${P}{c}`, '1');
    const read = rc.get(`${P}{c}`);
    await rc.close();
    expect(await pending).toBe(true);
    expect(await read).toBe('1');
  });
});

describe('a closed cluster client rejects with ClientClosedError', () => {
  for (const how of ['close', 'disconnect'] as const) {
    it(`after ${how}(): commands, execute_command, pipelines and transactions`, async () => {
      const rc = new StrictRedisCluster({ startup_nodes });
      await rc.set(`${P}{d}`, '1');
      if (how === 'close') await rc.close();
      else rc.disconnect();
      await expect(rc.get(`${P}{d}`)).rejects.toBeInstanceOf(ClientClosedError);
      await expect(rc.execute_command('GET', `${P}{d}`)).rejects.toBeInstanceOf(ClientClosedError);
      await expect(rc.pipeline().get(`${P}{d}`).execute()).rejects.toBeInstanceOf(ClientClosedError);
      await expect(rc.pipeline({ transaction: true }).get(`${P}{d}`).execute()).rejects.toBeInstanceOf(
        ClientClosedError,
      );
      await expect(rc.transaction(() => {}, `${P}{d}`)).rejects.toBeInstanceOf(ClientClosedError);
    });
  }
});

describe('a command written to a node that stops answering', () => {
  it('settles within socket_timeout, as a TimeoutError that says it was written', async () => {
    const r = viaProxy({ socket_timeout: 0.4 });
    expect(await r.ping()).toBe(true);
    proxy.setMode('blackhole');
    const started = Date.now();
    const error = await r.get(`${P}y`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).written).toBe(true);
    expect(Date.now() - started).toBeLessThan(900);
  });
});
