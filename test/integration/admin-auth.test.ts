/**
 * The admin API and the CLI against a cluster whose nodes require a password (LocalCluster's `password`) and,
 * later, an ACL user: every admin step logs in, MIGRATE passes the credentials on to the target, and no password
 * shows in an error or in `util.inspect` output.
 */

import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNode,
  checkCluster,
  failover,
  fixCluster,
  LocalCluster,
  type NodeEntry,
  parseClusterNodes,
  removeNode,
  reshard,
} from '../../src/admin/index.js';
import { run } from '../../src/cli/commands.js';
import { AuthenticationError, StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { rawCommand, waitFor } from '../harness/raw.js';

// Quotes and a backslash check that the password reaches redis.conf intact.
const PASSWORD = 'adm1n "pa$$" \\ word';
const KEYS = 1500;

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await LocalCluster.start({
    masters: 3,
    replicasPerMaster: 1,
    password: PASSWORD,
    clusterNodeTimeout: 5000,
  });
});

afterAll(async () => {
  await cluster?.stop();
});

function node(port: number): StrictRedis<string> {
  return new StrictRedis({ host: '127.0.0.1', port, password: PASSWORD });
}

async function view(): Promise<NodeEntry[]> {
  const n = node(cluster.startup_nodes[0].port);
  try {
    return parseClusterNodes(String(await n.execute_command('CLUSTER', 'NODES')));
  } finally {
    await n.close();
  }
}

async function masters(): Promise<NodeEntry[]> {
  return (await view()).filter((e) => e.role === 'master').sort((x, y) => x.slots[0][0] - y.slots[0][0]);
}

async function allKeysReadable(): Promise<number> {
  const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes, password: PASSWORD });
  try {
    const values = await rc.mget(...Array.from({ length: KEYS }, (_, i) => `auth:${i}`));
    return values.filter((v, i) => v === String(i)).length;
  } finally {
    await rc.close();
  }
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (d: Buffer) => {
    chunks.out += d.toString();
  });
  err.on('data', (d: Buffer) => {
    chunks.err += d.toString();
  });
  const code = await run(argv, out as unknown as NodeJS.WriteStream, err as unknown as NodeJS.WriteStream);
  return { code, ...chunks };
}

describe('admin with credentials', () => {
  it('starts a cluster whose nodes refuse clients without the password, and never shows it', async () => {
    const refused = await rawCommand(cluster.startup_nodes[0].port, ['CLUSTER', 'INFO']);
    expect(String(refused)).toContain('NOAUTH');
    const report = await checkCluster(cluster);
    expect(report.problems).toEqual([]);
    expect(report.nodes).toHaveLength(6);
    expect(inspect(cluster, { depth: 4 })).not.toContain('word');
    expect(cluster.password).toBe(PASSWORD);

    const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes, password: PASSWORD });
    await rc.mset(Object.fromEntries(Array.from({ length: KEYS }, (_, i) => [`auth:${i}`, String(i)])));
    await rc.close();
  });

  it('rejects a missing or wrong password with a typed error that does not contain it', async () => {
    const [first] = cluster.startup_nodes;
    // The handshake's PING meets NOAUTH: the connection reports it as an authentication failure.
    const missing = await checkCluster(first).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AuthenticationError);
    const wrong = await checkCluster({ ...first, password: 'not-the-password' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(Error);
    expect(String((wrong as Error).message)).not.toContain('not-the-password');
    expect(String((wrong as Error).stack)).not.toContain('not-the-password');
  });

  it('reshards, MIGRATE logging in to the target with the password', async () => {
    const [a, b] = await masters();
    const result = await reshard({ cluster, from: a.id, to: b.id, slots: 300 });
    expect(result.slots).toBe(300);
    expect(result.keys).toBeGreaterThan(0);
    expect(await allKeysReadable()).toBe(KEYS);
  });

  it('uses an ACL user for every step, MIGRATE included (AUTH2)', async () => {
    await Promise.all(
      (await view()).map(async (e) => {
        const n = node(e.port);
        await n.execute_command('ACL', 'SETUSER', 'ops', 'on', '>ops-pass', '~*', '&*', '+@all');
        await n.close();
      }),
    );
    const asOps = { startup_nodes: cluster.startup_nodes, username: 'ops', password: 'ops-pass' };
    const [a, b] = await masters();
    const result = await reshard({ cluster: asOps, from: b.id, to: a.id, slots: 300 });
    expect(result.keys).toBeGreaterThan(0);
    expect(await allKeysReadable()).toBe(KEYS);
    await waitFor('every node to agree', async () => (await checkCluster(asOps)).ok, 10_000);
  });

  it('fixes a half-moved slot with the password', async () => {
    const [a, b] = await masters();
    const slot = a.slots[0][0];
    const source = node(a.port);
    const target = node(b.port);
    await target.execute_command('CLUSTER', 'SETSLOT', slot, 'IMPORTING', a.id);
    await source.execute_command('CLUSTER', 'SETSLOT', slot, 'MIGRATING', b.id);
    await source.close();
    await target.close();
    const result = await fixCluster(cluster);
    expect(result.actions).toEqual([expect.stringContaining(`slot ${slot}: finished moving it`)]);
    expect(await allKeysReadable()).toBe(KEYS);
  });

  it('adds and removes a node, and fails over, with the password', async () => {
    const fresh = await cluster.startNode();
    const id = await addNode(cluster, { host: '127.0.0.1', port: fresh.port });
    expect((await view()).some((e) => e.id === id)).toBe(true);
    await removeNode(cluster, id);
    expect((await view()).some((e) => e.id === id)).toBe(false);

    const replica = (await view()).find((e) => e.role === 'replica' && !e.failed);
    if (replica === undefined) throw new Error('no replica');
    const promoted = await failover({ host: replica.host, port: replica.port, password: PASSWORD });
    expect(promoted.id).toBe(replica.id);
    expect(await allKeysReadable()).toBe(KEYS);
  });

  it('CLI: --pass and REDISCLI_AUTH log in; without them the command fails in one line', async () => {
    const at = `127.0.0.1:${cluster.startup_nodes[0].port}`;
    await waitFor('every node to agree', async () => (await checkCluster(cluster)).ok, 10_000);
    const withFlag = await cli('cluster', 'check', at, '--pass', PASSWORD);
    expect(withFlag.out).toContain('OK: 6 nodes');
    expect(withFlag.code).toBe(0);

    const asUser = await cli('cluster', 'check', at, '--user', 'ops', '--pass', 'ops-pass');
    expect(asUser.code).toBe(0);

    process.env.REDISCLI_AUTH = PASSWORD;
    try {
      const withEnv = await cli('cluster', 'fix', at);
      expect(withEnv.out.trim()).toBe('nothing to fix');
      expect(withEnv.code).toBe(0);
    } finally {
      delete process.env.REDISCLI_AUTH;
    }

    const without = await cli('cluster', 'check', at);
    expect(without.code).toBe(1);
    expect(without.err.trim().split('\n')).toHaveLength(1);
    expect(without.err).toContain('NOAUTH');
    const wrong = await cli('cluster', 'check', at, '--pass', 'guess-me');
    expect(wrong.code).toBe(1);
    expect(wrong.err).not.toContain('guess-me');
  });
});
