/**
 * redis-py's tests/test_monitor.py: `monitor()` on a connection of its own, parsed entries, closed cleanly; plus what
 * happens when the monitored server goes away, and MONITOR on one node of a cluster. A private server keeps other
 * files' traffic out of the stream.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Monitor, MonitorEntry } from '../../src/client/monitor.js';
import {
  ClientClosedError,
  ConnectionError,
  NoPermissionError,
  StrictRedis,
  StrictRedisCluster,
} from '../../src/index.js';
import { type PrivateRedis, startPrivateRedis } from '../harness/private-redis.js';

/**
 * redis-py's wait_for_command: issues a GET of a key of its own, then reads entries until `command` shows up (the
 * entry) or the GET does (null: the command was not seen before it).
 */
async function waitForCommand(r: StrictRedis, m: Monitor, command: string): Promise<MonitorEntry | null> {
  const key = `__REDIS-PY-${await r.client_id()}__`;
  await r.get(key);
  for (;;) {
    const entry = await m.next_command({ timeout: 10 });
    if (entry === null) throw new Error('no monitor entry in time');
    if (entry.command.includes(command)) return entry;
    if (entry.command.includes(key)) return null;
  }
}

let server: PrivateRedis;
beforeAll(async () => {
  server = await startPrivateRedis();
});
afterAll(async () => {
  await server?.stop();
});

for (const protocol of [2, 3] as const)
  describe(`monitor, RESP${protocol}`, () => {
    let r: StrictRedis;
    beforeAll(() => {
      r = new StrictRedis({ host: server.host, port: server.port, protocol, db: 2 });
    });
    afterAll(async () => {
      await r.close();
    });

    it('test_wait_command_not_found', async () => {
      await using m = await r.monitor();
      expect(await waitForCommand(r, m, 'nothing')).toBeNull();
    });

    it('test_response_values', async () => {
      await using m = await r.monitor();
      await r.ping();
      const response = await waitForCommand(r, m, 'PING');
      expect(typeof response?.time).toBe('number');
      expect(response?.time).toBeGreaterThan(1_600_000_000);
      expect(response?.db).toBe(2);
      expect(['tcp', 'unix']).toContain(response?.client_type);
      expect(typeof response?.client_address).toBe('string');
      expect(response?.client_port).toMatch(/^\d+$/);
      expect(response?.command).toBe('PING');
    });

    it('test_command_with_quoted_key', async () => {
      await using m = await r.monitor();
      await r.get('foo"bar');
      expect((await waitForCommand(r, m, 'GET foo"bar'))?.command).toBe('GET foo"bar');
    });

    it('test_command_with_binary_data', async () => {
      await using m = await r.monitor();
      await r.get(Buffer.from([0x66, 0x6f, 0x6f, 0x92]));
      expect((await waitForCommand(r, m, 'GET foo\\x92'))?.command).toBe('GET foo\\x92');
    });

    it('test_command_with_escaped_data', async () => {
      await using m = await r.monitor();
      await r.get('foo\\x92');
      expect((await waitForCommand(r, m, 'GET foo\\\\x92'))?.command).toBe('GET foo\\\\x92');
    });

    it('test_lua_script', async () => {
      await using m = await r.monitor();
      expect(await r.eval('return redis.call("GET", "foo")', 0)).toBeNull();
      const response = await waitForCommand(r, m, 'GET foo');
      expect(response?.command).toBe('GET foo');
      expect(response?.client_type).toBe('lua');
      expect(response?.client_address).toBe('lua');
      expect(response?.client_port).toBe('');
    });

    it('listen() is an async iterable that close() ends cleanly', async () => {
      const m = await r.monitor();
      const seen: string[] = [];
      const loop = (async () => {
        for await (const entry of m) {
          seen.push(entry.command);
          if (entry.command.startsWith('ECHO')) await m.close();
        }
      })();
      await r.echo('listen-me');
      await loop;
      expect(seen).toContain('ECHO listen-me');
      await expect(m.next_command()).rejects.toBeInstanceOf(ClientClosedError);
      // The monitor's connection is gone from the server's client list.
      const clients = await r.client_list();
      expect(clients.some((c) => c.cmd === 'monitor')).toBe(false);
    });
  });

describe('monitor when the server goes away', () => {
  it('a waiting next_command() and listen() reject with a ConnectionError', async () => {
    const own = await startPrivateRedis();
    const r = new StrictRedis({ host: own.host, port: own.port });
    try {
      const m = await r.monitor();
      const waiting = m.next_command();
      own.process.kill('SIGKILL');
      await expect(waiting).rejects.toBeInstanceOf(ConnectionError);
      await expect(m.listen().next()).rejects.toBeInstanceOf(ConnectionError);
      await m.close();
    } finally {
      r.disconnect();
      await own.stop();
    }
  });
});

describe('monitor refused', () => {
  it('an ACL user without MONITOR gets the NOPERM error from monitor() and no connection is left open', async () => {
    const admin = new StrictRedis({ host: server.host, port: server.port });
    const user = `nomonitor${process.pid}`;
    try {
      await admin.execute_command('ACL', 'SETUSER', user, 'on', '>pw', '~*', '+@all', '-monitor');
      const limited = new StrictRedis({ host: server.host, port: server.port, username: user, password: 'pw' });
      await expect(limited.monitor()).rejects.toBeInstanceOf(NoPermissionError);
      limited.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await admin.client_list()).some((c) => c.user === user)).toBe(false);
    } finally {
      await admin.execute_command('ACL', 'DELUSER', user);
      await admin.close();
    }
  });
});

describe('monitor on a cluster node', () => {
  it('monitor({ host, port }) watches that node', async () => {
    const seed = inject('redis').cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    try {
      const key = `monitor:${process.pid}`;
      const owner = (await rc.nodeForKey(key))!;
      await using m = await rc.monitor({ host: owner.host, port: owner.port });
      await rc.get(key);
      for (;;) {
        const entry = await m.next_command({ timeout: 10 });
        expect(entry).not.toBeNull();
        if (entry?.command === `GET ${key}`) break;
      }
      await expect(rc.monitor({ host: '127.0.0.1', port: 1 })).rejects.toThrow(/not a node of this cluster/);
    } finally {
      await rc.close();
    }
  });
});
