/**
 * Commands that change or stop a server, each against servers this file starts itself: persistence (test_dbsize,
 * test_bgsave, SAVE, SWAPDB, FLUSHALL), CONFIG REWRITE, modules (test_module, test_module_loadex), replication
 * (test_replicaof, ROLE on a replica, FAILOVER — which redis-py refuses and this client offers), WAITAOF, MIGRATE
 * (the AUTH password stays out of every error) and SHUTDOWN (the connection closing is the success).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ClusterError,
  CrossSlotError,
  DataError,
  ModuleError,
  ResponseError,
  StrictRedis,
  StrictRedisCluster,
} from '../../src/index.js';
import { type PrivateRedis, startPrivateRedis } from '../harness/private-redis.js';
import { itSince } from '../harness/server-version.js';

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const servers: PrivateRedis[] = [];
const clients: StrictRedis[] = [];
async function server(...args: string[]): Promise<PrivateRedis> {
  const s = await startPrivateRedis(args);
  servers.push(s);
  return s;
}
function client(s: PrivateRedis, db = 0): StrictRedis {
  const c = new StrictRedis({ host: s.host, port: s.port, db });
  clients.push(c);
  return c;
}
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await Promise.all(servers.map((s) => s.stop()));
});

describe('persistence and the keyspace', () => {
  let r: StrictRedis;
  let s: PrivateRedis;
  beforeAll(async () => {
    s = await server('--appendonly', 'no');
    r = client(s);
  });

  const bgsaveDone = () => until(async () => (await r.info('persistence')).rdb_bgsave_in_progress === 0);

  it('test_dbsize, flushdb and flushall({ asynchronous })', async () => {
    await r.set('a', 'foo');
    await r.set('b', 'bar');
    expect(await r.dbsize()).toBe(2);
    expect(await r.flushdb()).toBe(true);
    expect(await r.dbsize()).toBe(0);
    await r.set('a', 'foo');
    expect(await r.flushall({ asynchronous: true })).toBe(true);
    expect(await r.dbsize()).toBe(0);
  });

  it('save, lastsave and test_bgsave (schedule by default, as redis-py)', async () => {
    const before = await r.lastsave();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await r.save()).toBe(true);
    expect((await r.lastsave()).getTime()).toBeGreaterThan(before.getTime());
    await bgsaveDone();
    expect(await r.bgsave()).toBe(true);
    await bgsaveDone();
    expect(await r.bgsave(true)).toBe(true);
    await bgsaveDone();
    expect(await r.bgsave(false)).toBe(true);
    await bgsaveDone();
  });

  it('bgrewriteaof', async () => {
    expect(await r.bgrewriteaof()).toBe(true);
    await until(async () => (await r.info('persistence')).aof_rewrite_in_progress === 0);
  });

  it('swapdb', async () => {
    const db1 = client(s, 1);
    await r.set('swapped', 'here');
    expect(await r.swapdb(0, 1)).toBe(true);
    expect(await r.get('swapped')).toBeNull();
    expect(await db1.get('swapped')).toBe('here');
    await expect(r.swapdb(0, 99)).rejects.toBeInstanceOf(ResponseError);
  });
});

describe('configuration file and modules', () => {
  it('config_rewrite writes the running configuration into the file the server started with', async () => {
    const plain = await server();
    await expect(client(plain).config_rewrite()).rejects.toBeInstanceOf(ResponseError);
    const dir = join(plain.process.dir, '..');
    const file = join(dir, 'rewrite.conf');
    await writeFile(file, '# strict-redis test\n');
    const withFile = await startPrivateRedis([], file);
    servers.push(withFile);
    const r = client(withFile);
    expect(await r.config_set('maxmemory-samples', 7)).toBe(true);
    expect(await r.config_rewrite()).toBe(true);
    expect(await readFile(file, 'utf8')).toMatch(/^maxmemory-samples 7$/m);
  });

  it('test_module / test_module_loadex: ModuleError for a path that is no module; module_list', async () => {
    const r = client(await server('--enable-module-command', 'yes'));
    await expect(r.module_load('/some/fake/path')).rejects.toBeInstanceOf(ModuleError);
    await expect(r.module_load('/some/fake/path', 'arg1', 'arg2', 'arg3', 'arg4')).rejects.toBeInstanceOf(ModuleError);
    await expect(r.module_loadex('/some/fake/path')).rejects.toBeInstanceOf(ModuleError);
    await expect(r.module_loadex('/some/fake/path', ['name', 'value'], ['arg1', 'arg2'])).rejects.toBeInstanceOf(
      ModuleError,
    );
    await expect(r.module_unload('nosuchmodule')).rejects.toBeInstanceOf(ModuleError);
    const modules = await r.module_list();
    expect(Array.isArray(modules)).toBe(true);
    for (const module of modules) expect(typeof module).toBe('object');
  });
});

describe('replication', () => {
  let master: PrivateRedis;
  let replica: PrivateRedis;
  let m: StrictRedis;
  let rep: StrictRedis;

  beforeAll(async () => {
    master = await server();
    replica = await server('--replicaof', '127.0.0.1', '0');
    m = client(master);
    rep = client(replica);
  });

  const linked = async (c: StrictRedis) => {
    const role = await c.role();
    return role[0] === 'slave' && role[3] === 'connected';
  };

  it('test_replicaof; role on a replica; slaveof() promotes', async () => {
    await expect(rep.replicaof('NO ONE')).rejects.toBeInstanceOf(DataError);
    expect(await rep.replicaof(master.host, master.port)).toBe(true);
    await until(() => linked(rep));
    const role = await rep.role();
    expect(role).toEqual(['slave', master.host, master.port, 'connected', expect.any(Number)]);
    // The master lists the replica once its first acknowledgement arrived.
    await until(async () => ((await m.role())[2] as unknown[]).length === 1);
    const masterRole = await m.role();
    expect(masterRole[0]).toBe('master');
    expect(masterRole[2]).toEqual([[expect.any(String), expect.any(String), expect.any(String)]]);
    expect(await rep.slaveof()).toBe(true);
    expect((await rep.role())[0]).toBe('master');
    expect(await rep.slaveof(master.host, master.port)).toBe(true);
    await until(() => linked(rep));
    expect(await rep.replicaof('NO', 'ONE')).toBe(true);
    expect((await rep.role())[0]).toBe('master');
  });

  it('wait counts the replica that acknowledged', async () => {
    expect(await rep.replicaof(master.host, master.port)).toBe(true);
    await until(() => linked(rep));
    await m.set('replicated', '1');
    expect(await m.wait(1, 5000)).toBe(1);
  });

  it('failover hands the master role to the replica; abort without one in progress is refused', async () => {
    await until(() => linked(rep));
    await expect(m.failover({ abort: true })).rejects.toBeInstanceOf(ResponseError);
    expect(await m.failover({ to: { host: replica.host, port: replica.port }, timeout: 5000 })).toBe(true);
    await until(async () => (await rep.role())[0] === 'master' && (await linked(m)));
    expect(await rep.failover()).toBe(true);
    await until(async () => (await m.role())[0] === 'master' && (await linked(rep)));
  });

  itSince('7.2', 'waitaof: [local, replicas] that fsynced the writes', async () => {
    const r = client(await server('--appendonly', 'yes'));
    await r.set('aof', '1');
    expect(await r.waitaof(1, 0, 5000)).toEqual([1, 0]);
  });
});

describe('migrate', () => {
  const PASSWORD = `migrate-secret-${process.pid}`;
  let source: StrictRedis;
  let target: StrictRedis;
  let targetServer: PrivateRedis;

  beforeAll(async () => {
    source = client(await server());
    targetServer = await server('--requirepass', PASSWORD);
    target = new StrictRedis({ host: targetServer.host, port: targetServer.port, password: PASSWORD });
    clients.push(target);
  });

  it('moves, copies and replaces keys; NOKEY when none exists', async () => {
    await source.mset({ a: '1', b: '2' });
    const opts = { auth: PASSWORD };
    expect(await source.migrate(targetServer.host, targetServer.port, ['a', 'b'], 0, 5000, opts)).toBe('OK');
    expect(await source.exists('a', 'b')).toBe(0);
    expect(await target.mget('a', 'b')).toEqual(['1', '2']);
    await source.set('a', 'new');
    await expect(source.migrate(targetServer.host, targetServer.port, 'a', 0, 5000, opts)).rejects.toBeInstanceOf(
      ResponseError,
    );
    expect(
      await source.migrate(targetServer.host, targetServer.port, 'a', 0, 5000, { ...opts, copy: true, replace: true }),
    ).toBe('OK');
    expect(await source.get('a')).toBe('new');
    expect(await target.get('a')).toBe('new');
    expect(await source.migrate(targetServer.host, targetServer.port, ['nokey'], 0, 5000, opts)).toBe('NOKEY');
  });

  it('the AUTH password appears in no error, whatever fails', async () => {
    // A target of its own: the source caches its authenticated connections to a target for a while.
    const fresh = await server('--requirepass', PASSWORD);
    await source.set('secret-key', 'v');
    const failures = await Promise.all(
      [
        source.migrate(fresh.host, fresh.port, 'secret-key', 0, 5000, { auth: `${PASSWORD}-wrong` }),
        source.migrate(targetServer.host, 1, 'secret-key', 0, 200, { auth: PASSWORD }),
        source.migrate(targetServer.host, targetServer.port, [], 0, 5000, { auth: PASSWORD }),
        source.migrate(targetServer.host, targetServer.port, 'secret-key', 0, 5000, {
          auth: PASSWORD,
          copy: 'yes' as never,
        }),
      ].map((p) =>
        p.then(
          () => undefined,
          (err: unknown) => err,
        ),
      ),
    );
    expect(failures[0]).toBeInstanceOf(ResponseError);
    expect(failures[1]).toBeInstanceOf(ResponseError);
    expect(failures[2]).toBeInstanceOf(DataError);
    expect(failures[3]).toBeInstanceOf(DataError);
    for (const err of failures) {
      expect(inspect(err)).not.toContain('migrate-secret');
      expect(JSON.stringify(err)).not.toContain('migrate-secret');
    }
    // The server itself redacts the password from its slow log.
    await source.config_set('slowlog-log-slower-than', 0);
    await source.migrate(targetServer.host, targetServer.port, 'secret-key', 0, 5000, { auth: PASSWORD, copy: true });
    const logged = (await source.slowlog_get(5)).map((e) => e.command).join('\n');
    expect(logged).toContain('MIGRATE');
    expect(logged).not.toContain('migrate-secret');
  });

  it('in a cluster the keys must share a slot (checked before anything is sent)', async () => {
    const seed = inject('redis').cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    try {
      await expect(rc.migrate('127.0.0.1', 1, ['{a}1', '{b}2'], 0, 100)).rejects.toBeInstanceOf(CrossSlotError);
    } finally {
      await rc.close();
    }
  });
});

describe('shutdown', () => {
  it('resolves null once the server closed the connection; abort without a shutdown is refused', async () => {
    const s = await server();
    const r = client(s);
    await expect(r.shutdown({ abort: true })).rejects.toBeInstanceOf(ResponseError);
    expect(await r.shutdown({ nosave: true })).toBeNull();
    await s.process.waitForExit();
    expect(s.process.running).toBe(false);
  });

  it('is refused on a cluster, with the other single-server commands, before anything is sent', async () => {
    const seed = inject('redis').cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    try {
      for (const attempt of [
        () => rc.shutdown(),
        () => rc.swapdb(0, 1),
        () => rc.replicaof(),
        () => rc.slaveof('127.0.0.1', 1),
        () => rc.failover(),
      ]) {
        await expect(attempt()).rejects.toBeInstanceOf(ClusterError);
      }
      expect(await rc.ping()).toBe(true);
    } finally {
      await rc.close();
    }
  });
});
