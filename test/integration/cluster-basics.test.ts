/**
 * StrictRedisCluster against the shared cluster: construction in both spellings, keys landing on their owners,
 * split multi-key commands, fan-out, target_nodes, replica reads, NAT maps, pipelines and startup failures.
 * Nothing here changes the topology.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { ClusterAllFailedError, CrossSlotError } from '../../src/errors.js';
import { type RawReply, rawCommand, rawInfo } from '../harness/raw.js';

const topology = inject('redis');
const nodes = topology.cluster.nodes;
const masters = nodes.filter((n) => n.role === 'master');
const replicas = nodes.filter((n) => n.role === 'replica');
const seed = nodes[0];
const P = 'cbasic:';

/** Slot → master port, read straight from a node with CLUSTER SLOTS (independent of the client). */
async function rawSlotOwners(): Promise<Int32Array> {
  const owners = new Int32Array(16384).fill(-1);
  const reply = (await rawCommand(seed.port, ['CLUSTER', 'SLOTS'])) as RawReply[][];
  for (const range of reply) {
    const [from, to, master] = range as [number, number, RawReply[]];
    for (let s = from; s <= to; s++) owners[s] = master[1] as number;
  }
  return owners;
}

describe('StrictRedisCluster on the shared cluster', () => {
  let rc: StrictRedisCluster<string>;

  beforeAll(async () => {
    rc = new StrictRedisCluster({
      startup_nodes: [{ host: seed.host, port: String(seed.port) }],
      decode_responses: true,
    });
    await rc.connect();
  });

  afterAll(async () => {
    await rc.close();
  });

  it('constructs with redis-py-cluster options and string ports (issue #6)', async () => {
    expect(await rc.set('name', 'itheima')).toBe(true);
    expect(await rc.get('name')).toBe('itheima');
    const camel = new StrictRedisCluster({ startupNodes: [{ host: seed.host, port: seed.port }] });
    try {
      expect(await camel.get('name')).toBe('itheima');
    } finally {
      await camel.close();
    }
  });

  it('returns Buffers across slots with decode_responses false', async () => {
    const raw = new StrictRedisCluster({
      startup_nodes: [{ host: seed.host, port: seed.port }],
      decode_responses: false,
    });
    try {
      const keys = [`${P}buf:a`, `${P}buf:b`, `${P}buf:c`];
      expect(new Set(keys.map((k) => raw.keyslot(k))).size).toBeGreaterThan(1);
      await raw.mset({ [keys[0]]: Buffer.from([0xff, 0]), [keys[1]]: 'b', [keys[2]]: 'é' });
      const values = await raw.mget(keys);
      expect(values.every((v) => Buffer.isBuffer(v))).toBe(true);
      expect(values.map((v) => v?.toString('hex'))).toEqual(['ff00', '62', 'c3a9']);
      await raw.delete(...keys);
    } finally {
      await raw.close();
    }
  });

  it('computes the same slot as the server and stores each key on the slot owner', async () => {
    const owners = await rawSlotOwners();
    const keys = Array.from({ length: 200 }, (_, i) => `${P}owner:${i}:${'x'.repeat(i % 7)}`);
    await Promise.all(keys.map((k) => rc.set(k, k)));
    for (const key of keys) {
      const slot = rc.keyslot(key);
      expect(await rawCommand(seed.port, ['CLUSTER', 'KEYSLOT', key])).toBe(slot);
      const owner = owners[slot];
      expect(owner).toBeGreaterThan(0);
      expect(await rawCommand(owner, ['EXISTS', key])).toBe(1);
      expect(await rawCommand(owner, ['CLUSTER', 'COUNTKEYSINSLOT', String(slot)])).toBeGreaterThanOrEqual(1);
      expect((await rc.nodeForKey(key))?.port).toBe(owner);
    }
  });

  it('splits mget/mset/delete/exists across slots and keeps the caller order', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `${P}multi:${i}`);
    const mapping: Record<string, string> = {};
    for (const k of keys) mapping[k] = `v-${k}`;
    expect(new Set(keys.map((k) => rc.keyslot(k))).size).toBeGreaterThan(10);
    expect(await rc.mset(mapping)).toBe(true);
    const order = [...keys].reverse();
    order.splice(5, 0, `${P}multi:missing`);
    const values = await rc.mget(order);
    expect(values).toEqual(order.map((k) => (k.endsWith('missing') ? null : `v-${k}`)));
    expect(await rc.exists(...keys, keys[0], `${P}multi:missing`)).toBe(31);
    expect(await rc.delete(...keys.slice(0, 10), `${P}multi:missing`)).toBe(10);
    expect(await rc.exists(...keys)).toBe(20);
    expect(await rc.delete(...keys)).toBe(20);
  });

  it('rejects cross-slot atomic commands and keeps hash-tagged keys together', async () => {
    const a = `${P}xs:a`;
    const b = `${P}xs:b`;
    expect(rc.keyslot(a)).not.toBe(rc.keyslot(b));
    await rc.set(a, '1');
    await expect(rc.execute_command('RENAME', a, b)).rejects.toBeInstanceOf(CrossSlotError);
    // A cluster transaction is checked before anything is sent.
    const tx = rc.pipeline({ transaction: true });
    tx.set(a, '2').set(b, '2');
    await expect(tx.execute()).rejects.toBeInstanceOf(CrossSlotError);
    expect(await rc.get(a)).toBe('1');
    const ta = `${P}{user1000}.following`;
    const tb = `${P}{user1000}.followers`;
    expect(rc.keyslot(ta)).toBe(rc.keyslot(tb));
    await rc.set(ta, 'x');
    expect(await rc.execute_command('RENAME', ta, tb)).toBe('OK');
    expect(await rc.get(tb)).toBe('x');
    await rc.delete(a, tb);
  });

  it('fans keys() out to every master, sums dbsize and answers info() per node', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `${P}scan:${i}`);
    await Promise.all(keys.map((k) => rc.set(k, '1')));
    const found = await rc.keys(`${P}scan:*`);
    expect([...found].sort()).toEqual([...keys].sort());
    expect(new Set(found).size).toBe(found.length);
    const expected = (await Promise.all(masters.map((m) => rawCommand(m.port, ['DBSIZE']) as Promise<number>))).reduce(
      (a, b) => a + b,
      0,
    );
    const size = await rc.dbsize();
    // Other files write concurrently: the sum must be in the same range as a raw sum taken just before.
    expect(size).toBeGreaterThanOrEqual(Math.min(expected, 40));
    const info = await rc.info();
    expect(info).toBeInstanceOf(Map);
    expect(info.size).toBe(6);
    for (const n of nodes) expect(info.has(`${n.host}:${n.port}`)).toBe(true);
    const pings = (await rc.execute_command('PING', { target_nodes: 'all' })) as Map<string, unknown>;
    expect(pings.size).toBe(6);
    expect([...pings.values()].every((v) => v === 'PONG')).toBe(true);
    const primaries = (await rc.execute_command('PING', { target_nodes: 'primaries' })) as Map<string, unknown>;
    expect([...primaries.keys()].sort()).toEqual(masters.map((m) => `${m.host}:${m.port}`).sort());
    const reps = (await rc.execute_command('PING', { target_nodes: 'replicas' })) as Map<string, unknown>;
    expect([...reps.keys()].sort()).toEqual(replicas.map((m) => `${m.host}:${m.port}`).sort());
    expect(await rc.execute_command('PING', { target_nodes: { host: seed.host, port: String(seed.port) } })).toBe(
      'PONG',
    );
    await rc.delete(...keys);
  });

  it('loads a function library on every master and answers with its name, as one server would', async () => {
    const library = `${P.replace(/[^a-z]/g, '')}lib`;
    const code = `#!lua name=${library}\nredis.register_function('${library}_one', function() return 1 end)`;
    expect(await rc.function_load(code, { replace: true })).toBe(library);
    for (const m of masters) {
      const listed = String(await rawCommand(m.port, ['FUNCTION', 'LIST', 'LIBRARYNAME', library]));
      expect(listed).toContain(library);
    }
    // Keys in slots of different masters: the function exists wherever FCALL is routed.
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => rc.fcall(`${library}_one`, 1, k)));
    expect(results).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await rc.function_delete(library)).toBe(true);
  });

  it('runs a pipeline across slots with results in caller order', async () => {
    const pipe = rc.pipeline();
    const keys = Array.from({ length: 20 }, (_, i) => `${P}pipe:${i}`);
    for (const k of keys) pipe.set(k, k);
    for (const k of keys) pipe.get(k);
    pipe.execute_command('INCRBY', `${P}pipe:n`, 5);
    const results = await pipe.execute();
    expect(results.slice(0, 20)).toEqual(keys.map(() => true));
    expect(results.slice(20, 40)).toEqual(keys);
    expect(results[40]).toBe(5);
    const tx = rc.pipeline({ transaction: true });
    tx.set(`${P}{tx}a`, '1').incr(`${P}{tx}n`).get(`${P}{tx}a`);
    expect(await tx.execute()).toEqual([true, 1, '1']);
    await rc.delete(...keys, `${P}pipe:n`, `${P}{tx}a`, `${P}{tx}n`);
  });
});

describe('replica reads', () => {
  async function getCalls(port: number): Promise<number> {
    const stats = await rawInfo(port, ['INFO', 'commandstats']);
    const entry = stats.cmdstat_get;
    return entry === undefined ? 0 : Number(/calls=(\d+)/.exec(entry)?.[1] ?? 0);
  }

  for (const options of [{ readFrom: 'replica' as const }, { read_from_replicas: true }]) {
    it(`sends GETs to replicas and writes to primaries (${JSON.stringify(options)})`, async () => {
      const name = `cbasic-ro-${Object.keys(options)[0]}`;
      const rc = new StrictRedisCluster({
        startup_nodes: [{ host: seed.host, port: seed.port }],
        client_name: name,
        ...options,
      });
      try {
        const keys = Array.from({ length: 30 }, (_, i) => `${P}ro:${i}`);
        await Promise.all(keys.map((k) => rc.set(k, 'v')));
        for (const k of keys) expect(await rawCommand((await rc.nodeForKey(k))!.port, ['EXISTS', k])).toBe(1);
        const before = await Promise.all(replicas.map((r) => getCalls(r.port)));
        const values = await Promise.all(keys.map((k) => rc.get(k)));
        // Replication is asynchronous: a replica may briefly miss a fresh key, so only the routing is asserted.
        expect(values.filter((v) => v === 'v').length).toBeGreaterThan(0);
        const after = await Promise.all(replicas.map((r) => getCalls(r.port)));
        const served = after.reduce((sum, a, i) => sum + (a - before[i]), 0);
        expect(served).toBeGreaterThanOrEqual(30);
        for (const r of replicas) {
          const list = (await rawCommand(r.port, ['CLIENT', 'LIST'])) as string;
          const mine = list.split('\n').filter((line) => line.includes(` name=${name} `));
          expect(mine.length).toBeGreaterThan(0);
          expect(mine.every((line) => / flags=r /.test(line))).toBe(true);
        }
        await rc.delete(...keys);
      } finally {
        await rc.close();
      }
    });
  }
});

describe('NAT map on the shared cluster', () => {
  it('connects through mapped addresses', async () => {
    const rc = new StrictRedisCluster({
      startup_nodes: [{ host: 'localhost', port: seed.port }],
      nat_map: ({ host, port }) => (host === '127.0.0.1' ? { host: 'localhost', port } : undefined),
    });
    try {
      await rc.set(`${P}nat`, 'through-nat');
      expect(await rc.get(`${P}nat`)).toBe('through-nat');
      const keys = [...rc.topology.nodes.keys()];
      expect(keys).toHaveLength(6);
      expect(keys.every((k) => k.startsWith('localhost:'))).toBe(true);
      await rc.delete(`${P}nat`);
    } finally {
      await rc.close();
    }
  });
});

describe('startup failures', () => {
  it('reports every startup node and its cause when none answers', async () => {
    const rc = new StrictRedisCluster({
      startup_nodes: [
        { host: '127.0.0.1', port: 1 },
        { host: '127.0.0.1', port: 2 },
      ],
      socket_connect_timeout: 0.5,
    });
    try {
      const err = await rc.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ClusterAllFailedError);
      const message = (err as Error).message;
      expect(message).toContain('127.0.0.1:1');
      expect(message).toContain('127.0.0.1:2');
      expect(message).toMatch(/ECONNREFUSED|refused/i);
      await expect(rc.get('x')).rejects.toBeInstanceOf(ClusterAllFailedError);
    } finally {
      rc.disconnect();
    }
  });
});
