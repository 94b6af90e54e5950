/**
 * Sentinel in redis-py's shape against real sentinels of this file's own (three `redis-server --sentinel` watching a
 * master with two replicas), plus scripted sentinels for what real ones only do in rare moments (a sentinel that does
 * not know the service, one that points at a replica, a `+switch-master` announcement on demand).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, RedisProcess } from '../../src/admin/redis-process.js';
import {
  AuthenticationError,
  ConnectionError,
  MasterNotFoundError,
  ReplicaNotFoundError,
  Sentinel,
  SlaveNotFoundError,
  type StrictRedis,
} from '../../src/index.js';
import { makeCertificates } from '../harness/certificates.js';
import { bulk, FakeServer, standardReply } from '../harness/fake-server.js';
import { rawCommand, waitFor } from '../harness/raw.js';
import { SERVICE, type SentinelSet, startSentinelSet } from '../harness/sentinel-set.js';

const P = 'sentinel-test:';
let set: SentinelSet;
const closers: Array<() => Promise<unknown>> = [];

function track<T extends { close(): Promise<unknown> }>(value: T): T {
  closers.push(() => value.close());
  return value;
}

beforeAll(async () => {
  set = await startSentinelSet();
});

afterAll(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
  await set?.stop();
});

/** Every text a user or a logger could see about an error, its causes included. */
function errorTexts(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 20, showHidden: true })];
  for (let e = error, i = 0; i < 20 && e instanceof Error; e = e.cause, i++) parts.push(e.message, e.stack ?? '');
  return parts.join('\n');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

interface FakeState {
  master: { host: string; port: number } | null;
  replicas: Array<{ host: string; port: number }>;
  subscribers: Socket[];
}

/** A scripted sentinel: answers from `state`, and remembers who subscribed (to announce failovers on demand). */
async function fakeSentinel(state: FakeState): Promise<FakeServer> {
  const server = await FakeServer.start((args, socket) => {
    const [name, sub] = [args[0]?.toUpperCase(), args[1]?.toUpperCase()];
    if (name === 'SENTINEL' && sub === 'GET-MASTER-ADDR-BY-NAME') {
      return state.master === null ? '*-1\r\n' : `*2\r\n${bulk(state.master.host)}${bulk(String(state.master.port))}`;
    }
    if (name === 'SENTINEL' && sub === 'REPLICAS') {
      const records = state.replicas.map(
        (r) =>
          `*6\r\n${bulk('ip')}${bulk(r.host)}${bulk('port')}${bulk(String(r.port))}${bulk('flags')}${bulk('slave')}`,
      );
      return `*${records.length}\r\n${records.join('')}`;
    }
    if (name === 'SENTINEL' && sub === 'SENTINELS') return '*0\r\n';
    if (name === 'SUBSCRIBE') {
      state.subscribers.push(socket);
      return `*3\r\n${bulk('subscribe')}${bulk(args[1])}:1\r\n`;
    }
    return standardReply(args) ?? '-ERR unknown command\r\n';
  });
  closers.push(() => server.close());
  return server;
}

function announceSwitch(state: FakeState, from: { port: number }, to: { port: number }): void {
  const text = `${SERVICE} 127.0.0.1 ${from.port} 127.0.0.1 ${to.port}`;
  for (const socket of state.subscribers) {
    socket.write(`*3\r\n${bulk('message')}${bulk('+switch-master')}${bulk(text)}`);
  }
}

/** The port of the server a client's shared connection is on. */
async function serverPort(client: StrictRedis): Promise<number> {
  const info = (await client.execute_command('INFO', 'server')) as string;
  return Number(/tcp_port:(\d+)/.exec(info)?.[1]);
}

describe('discovery', () => {
  it('discover_master gives [host, port]; discover_slaves the healthy replicas', async () => {
    const sentinel = track(new Sentinel(set.addresses.map((a) => [a.host, a.port] as const)));
    const master = await sentinel.discover_master(SERVICE);
    expect(master).toEqual(['127.0.0.1', set.dataNodes[0].port]);
    const replicas = await sentinel.discover_slaves(SERVICE);
    expect(replicas.map(([, port]) => port).sort()).toEqual(
      set.dataNodes
        .slice(1)
        .map((n) => n.port)
        .sort(),
    );
    expect(await sentinel.discover_replicas(SERVICE)).toHaveLength(2);
  });

  it('an unknown service: MasterNotFoundError saying why each sentinel could not tell, and no replicas', async () => {
    const sentinel = track(new Sentinel(set.addresses));
    const error = await rejection(sentinel.discover_master('nosuchservice'));
    expect(error).toBeInstanceOf(MasterNotFoundError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('does not know nosuchservice');
    expect(await sentinel.discover_slaves('nosuchservice')).toEqual([]);
  });

  it('asks in order, skipping dead sentinels and those without the service; the one that answers moves first', async () => {
    const state: FakeState = { master: null, replicas: [], subscribers: [] };
    const unknowing = await fakeSentinel(state);
    const dead = await findFreePort();
    const real = set.addresses[2];
    const sentinel = track(
      new Sentinel([{ host: '127.0.0.1', port: dead }, [unknowing.host, unknowing.port], real], {
        sentinel_kwargs: { socket_connect_timeout: 1 },
      }),
    );
    expect(await sentinel.discover_master(SERVICE)).toEqual(['127.0.0.1', set.dataNodes[0].port]);
    expect(sentinel.toJSON().sentinels[0]).toBe(`127.0.0.1:${real.port}`);
    expect(unknowing.commands.some((c) => c[1] === 'GET-MASTER-ADDR-BY-NAME')).toBe(true);
  });

  it('learns the other sentinels from SENTINEL SENTINELS', async () => {
    const sentinel = track(new Sentinel([set.addresses[0]]));
    await sentinel.discover_master(SERVICE);
    await waitFor('the sentinel list to grow', async () => sentinel.sentinels.length === 3, 10_000);
    expect(sentinel.toJSON().sentinels.sort()).toEqual(set.addresses.map((a) => `127.0.0.1:${a.port}`).sort());
  });

  it('a redis+sentinel:// URL names the sentinels, the service, the db and options', async () => {
    const hosts = set.addresses.map((a) => `127.0.0.1:${a.port}`).join(',');
    const sentinel = track(Sentinel.fromUrl(`redis+sentinel://${hosts}/${SERVICE}/3?decode_responses=false`));
    expect(sentinel.service_name).toBe(SERVICE);
    const master = track(sentinel.master_for());
    await master.set(`${P}url`, 'v');
    expect(await master.get(`${P}url`)).toEqual(Buffer.from('v'));
    expect(Number(((await master.execute_command('CLIENT', 'INFO')) as Buffer).toString().match(/db=(\d+)/)?.[1])).toBe(
      3,
    );
    await master.delete(`${P}url`);
  });
});

describe('master_for and slave_for', () => {
  it('master_for writes to the master (ROLE checked after connecting)', async () => {
    const sentinel = track(new Sentinel(set.addresses));
    const master = track(sentinel.master_for(SERVICE, { socket_timeout: 5 }));
    expect(await master.set(`${P}m`, '1')).toBe(true);
    expect(await master.incr(`${P}m`)).toBe(2);
    expect(await serverPort(master)).toBe(set.dataNodes[0].port);
    // Pooled connections (transactions, blocking commands) find the master the same way.
    expect(await master.pipeline({ transaction: true }).incr(`${P}m`).get(`${P}m`).execute()).toEqual([3, '3']);
    expect(await master.blpop(`${P}list`, 0.05)).toBeNull();
    expect(String(master)).toBe(`StrictRedis<${SERVICE} (master, via Sentinel)/0> { status: ready }`);
    await master.delete(`${P}m`);
  });

  it('master_for never uses a server that is not a master, whatever a sentinel says', async () => {
    const state: FakeState = {
      master: { host: '127.0.0.1', port: set.dataNodes[1].port },
      replicas: [],
      subscribers: [],
    };
    const stale = await fakeSentinel(state);
    const sentinel = track(new Sentinel([[stale.host, stale.port]]));
    const master = track(sentinel.master_for(SERVICE, { offline_queue_timeout: 1 }));
    const error = await rejection(master.set(`${P}stale`, '1'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(errorTexts(error)).toContain(`is not the master of ${SERVICE} (ROLE says slave)`);
    // Once the sentinel knows better, the same client finds the master (at its next reconnect attempt).
    state.master = { host: '127.0.0.1', port: set.dataNodes[0].port };
    await master.connect();
    expect(await master.set(`${P}stale`, '1')).toBe(true);
    await master.delete(`${P}stale`);
  });

  it('slave_for reads from the replicas in turn', async () => {
    const sentinel = track(new Sentinel(set.addresses));
    const replica = track(sentinel.replica_for(SERVICE));
    const ports = new Set<number>();
    for (let i = 0; i < 4; i++) {
      ports.add(await serverPort(replica));
      expect(((await replica.execute_command('ROLE')) as unknown[])[0]).toBe('slave');
      // Closing its own connection makes the next command connect to the next replica.
      await replica.execute_command('CLIENT', 'KILL', 'SKIPME', 'no', 'ID', String(await replica.client_id()));
    }
    expect([...ports].sort()).toEqual(
      set.dataNodes
        .slice(1)
        .map((n) => n.port)
        .sort(),
    );
  });

  it('slave_for falls back to the master when no replica is listed, and fails with SlaveNotFoundError without one', async () => {
    const state: FakeState = {
      master: { host: '127.0.0.1', port: set.dataNodes[0].port },
      replicas: [],
      subscribers: [],
    };
    const fake = await fakeSentinel(state);
    const sentinel = track(new Sentinel([[fake.host, fake.port]]));
    const reader = track(sentinel.slave_for(SERVICE));
    expect(((await reader.execute_command('ROLE')) as unknown[])[0]).toBe('master');
    state.master = null;
    const lost = track(sentinel.slave_for(SERVICE, { retry: false }));
    const error = await rejection(lost.get(`${P}x`));
    expect(error).toBeInstanceOf(SlaveNotFoundError);
    expect(error).toBeInstanceOf(ReplicaNotFoundError);
  });
});

describe('following the master', () => {
  let a: RedisProcess;
  let b: RedisProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sr-sentinel-follow-'));
    [a, b] = await Promise.all([RedisProcess.start({ dir }), RedisProcess.start({ dir })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('moves at once on +switch-master, without failing anything', async () => {
    const state: FakeState = { master: { host: '127.0.0.1', port: a.port }, replicas: [], subscribers: [] };
    const fake = await fakeSentinel(state);
    const sentinel = track(new Sentinel([[fake.host, fake.port]]));
    const master = track(sentinel.master_for(SERVICE));
    expect(await serverPort(master)).toBe(a.port);
    await waitFor('the failover subscription', async () => state.subscribers.length > 0, 10_000);
    const writes = Array.from({ length: 200 }, (_, i) => master.set(`${P}follow:${i}`, String(i)));
    state.master = { host: '127.0.0.1', port: b.port };
    announceSwitch(state, a, b);
    await Promise.all(writes);
    await waitFor('the move to the new master', async () => (await serverPort(master)) === b.port, 5000);
  });

  it('READONLY from a demoted master: the write is sent again to the new master', async () => {
    const state: FakeState = { master: { host: '127.0.0.1', port: b.port }, replicas: [], subscribers: [] };
    const fake = await fakeSentinel(state);
    const sentinel = track(new Sentinel([[fake.host, fake.port]]));
    const master = track(sentinel.master_for(SERVICE));
    expect(await serverPort(master)).toBe(b.port);
    // b becomes a replica of a, behind the client's back (no announcement); the sentinel now names a.
    await rawCommand(a.port, ['REPLICAOF', 'NO', 'ONE']);
    await rawCommand(b.port, ['REPLICAOF', '127.0.0.1', String(a.port)]);
    state.master = { host: '127.0.0.1', port: a.port };
    expect(await master.incr(`${P}demoted`)).toBe(1);
    expect(await serverPort(master)).toBe(a.port);
    expect(await rawCommand(a.port, ['GET', `${P}demoted`])).toBe('1');
    await rawCommand(b.port, ['REPLICAOF', 'NO', 'ONE']);
  });
});

describe('sentinels that need a password and TLS', () => {
  const DATA_SECRET = 'data-s3cret-pw';
  const SENTINEL_SECRET = 'sentinel-s3cret-pw';
  let secure: SentinelSet;
  let certDir: string;
  let ca: string;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'sr-sentinel-tls-'));
    const certs = makeCertificates(certDir);
    ca = certs.ca;
    secure = await startSentinelSet({
      dataPassword: DATA_SECRET,
      sentinelPassword: SENTINEL_SECRET,
      sentinelTls: certs,
    });
  });
  afterAll(async () => {
    await secure?.stop();
    if (certDir !== undefined) rmSync(certDir, { recursive: true, force: true });
  });

  function tlsAddresses(): Array<{ host: string; port: number }> {
    return secure.sentinels.map((s) => ({ host: '127.0.0.1', port: s.tlsPort! }));
  }

  it('finds and uses the master and replicas over TLS with both passwords', async () => {
    const sentinel = track(
      new Sentinel(tlsAddresses(), {
        password: DATA_SECRET,
        sentinel_kwargs: { password: SENTINEL_SECRET, ssl: true, ssl_ca_certs: ca },
      }),
    );
    expect(await sentinel.discover_master(SERVICE)).toEqual(['127.0.0.1', secure.dataNodes[0].port]);
    const master = track(sentinel.master_for(SERVICE));
    const replica = track(sentinel.slave_for(SERVICE));
    expect(await master.set(`${P}tls`, 'v')).toBe(true);
    await waitFor('replication', async () => (await replica.get(`${P}tls`)) === 'v');
    expect(inspect(sentinel, { depth: 10 })).not.toContain(SENTINEL_SECRET);
    expect(inspect(master, { depth: 10 })).not.toContain(DATA_SECRET);
    await master.delete(`${P}tls`);
  });

  it('a wrong sentinel password: MasterNotFoundError naming the authentication failure, never the password', async () => {
    const sentinel = track(
      new Sentinel(tlsAddresses(), { sentinel_kwargs: { password: 'wrong-pw', ssl: true, ssl_ca_certs: ca } }),
    );
    const error = await rejection(sentinel.discover_master(SERVICE));
    expect(error).toBeInstanceOf(MasterNotFoundError);
    expect((error as Error).message).toMatch(/auth/i);
    expect(errorTexts(error)).not.toContain('wrong-pw');
    const master = track(sentinel.master_for(SERVICE, { retry: false }));
    const failure = await rejection(master.ping());
    expect(failure).toBeInstanceOf(MasterNotFoundError);
    expect(failure).not.toBeInstanceOf(AuthenticationError);
  });
});
