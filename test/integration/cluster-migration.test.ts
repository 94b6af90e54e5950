/**
 * Topology changes by hand on a private cluster: a slot migrated half-way (ASK) and then finished (MOVED), pipelines
 * across the migrating slot, and slot coverage holes (require_full_coverage).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { ClusterError, SlotNotCoveredError } from '../../src/errors.js';
import { type PrivateCluster, startPrivateCluster } from '../harness/local-backend.js';
import { type RawReply, rawCommand } from '../harness/raw.js';

const P = 'cmig:';

async function nodeId(port: number): Promise<string> {
  return (await rawCommand(port, ['CLUSTER', 'MYID'])) as string;
}

async function ownerOf(port: number, slot: number): Promise<number> {
  const reply = (await rawCommand(port, ['CLUSTER', 'SLOTS'])) as RawReply[][];
  for (const range of reply) {
    const [from, to, master] = range as [number, number, RawReply[]];
    if (slot >= from && slot <= to) return master[1] as number;
  }
  return -1;
}

describe('StrictRedisCluster on a private cluster that changes', () => {
  let cluster: PrivateCluster;
  let rc: StrictRedisCluster<string>;

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    const seed = cluster.nodes[0];
    rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    await rc.connect();
  });

  afterAll(async () => {
    await rc?.close();
    await cluster?.stop();
  });

  it('follows ASK during a migration without touching the map, then MOVED after it', async () => {
    const masters = cluster.nodes.filter((n) => n.role === 'master').map((n) => n.port);
    const old = `${P}{mig}old`;
    const moved = `${P}{mig}moved`;
    const fresh = `${P}{mig}fresh`;
    const slot = rc.keyslot(old);
    const source = await ownerOf(masters[0], slot);
    const target = masters.find((p) => p !== source)!;
    const [sourceId, targetId] = await Promise.all([nodeId(source), nodeId(target)]);
    await rc.set(old, 'old-value');
    await rc.set(moved, 'moved-value');
    const other = `${P}other`;
    await rc.set(other, 'elsewhere');
    expect(rc.slotTable?.masterFor(slot)?.port).toBe(source);

    expect(await rawCommand(target, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', sourceId])).toBe('OK');
    expect(await rawCommand(source, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', targetId])).toBe('OK');
    expect(await rawCommand(source, ['MIGRATE', '127.0.0.1', String(target), '', '0', '5000', 'KEYS', moved])).toBe(
      'OK',
    );

    let refreshes = 0;
    rc.on('refresh', () => refreshes++);
    expect(await rc.get(old)).toBe('old-value');
    expect(await rc.get(moved)).toBe('moved-value');
    expect(await rc.set(fresh, 'fresh-value')).toBe(true);
    expect(await rc.get(fresh)).toBe('fresh-value');
    // Each command in a pipeline is redirected on its own.
    const pipe = rc.pipeline();
    pipe.get(old).get(moved).get(other).set(`${P}{mig}piped`, 'p').get(`${P}{mig}piped`);
    expect(await pipe.execute()).toEqual(['old-value', 'moved-value', 'elsewhere', true, 'p']);
    // Transactions: keys all on the target go there with ASKING before MULTI; keys all on the source stay.
    const onTarget = rc.pipeline({ transaction: true });
    onTarget.get(moved).append(moved, '!');
    expect(await onTarget.execute()).toEqual(['moved-value', 12]);
    await rc.set(moved, 'moved-value');
    const onSource = rc.pipeline({ transaction: true });
    onSource.get(old).execute_command('STRLEN', old);
    expect(await onSource.execute()).toEqual(['old-value', 9]);
    // ASK is a one-off: the map still says source, and nothing was refreshed.
    expect(rc.slotTable?.masterFor(slot)?.port).toBe(source);
    expect(refreshes).toBe(0);

    // Finish: move the rest, then assign the slot on every master (target first, as redis-cli does).
    for (const key of [old]) {
      expect(await rawCommand(source, ['MIGRATE', '127.0.0.1', String(target), '', '0', '5000', 'KEYS', key])).toBe(
        'OK',
      );
    }
    expect(await rawCommand(target, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', targetId])).toBe('OK');
    expect(await rawCommand(source, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', targetId])).toBe('OK');
    for (const port of masters.filter((p) => p !== source && p !== target)) {
      await rawCommand(port, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', targetId]);
    }
    for (const key of [old, moved, fresh, `${P}{mig}piped`]) expect(await rawCommand(target, ['EXISTS', key])).toBe(1);

    const refreshed = new Promise<void>((resolve) => rc.once('refresh', () => resolve()));
    expect(await rc.get(old)).toBe('old-value');
    // MOVED patched the slot before the refresh could.
    expect(rc.slotTable?.masterFor(slot)?.port).toBe(target);
    await refreshed;
    expect(rc.slotTable?.masterFor(slot)?.port).toBe(target);
    expect(await rc.mget(old, moved, fresh, other)).toEqual(['old-value', 'moved-value', 'fresh-value', 'elsewhere']);
    const tx = rc.pipeline({ transaction: true });
    tx.incr(`${P}{mig}n`).get(old);
    expect(await tx.execute()).toEqual([1, 'old-value']);
  });

  it('holds a transaction over keys split by a migration until the move is done (TRYAGAIN)', async () => {
    const masters = cluster.nodes.filter((n) => n.role === 'master').map((n) => n.port);
    const a = `${P}{tx2}a`;
    const b = `${P}{tx2}b`;
    const slot = rc.keyslot(a);
    await rc.mset({ [a]: 'A', [b]: 'B' });
    const source = await ownerOf(masters[0], slot);
    const target = masters.find((p) => p !== source)!;
    const [sourceId, targetId] = await Promise.all([nodeId(source), nodeId(target)]);
    await rawCommand(target, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', sourceId]);
    await rawCommand(source, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', targetId]);
    await rawCommand(source, ['MIGRATE', '127.0.0.1', String(target), '', '0', '5000', 'KEYS', b]);
    const tx = rc.pipeline({ transaction: true });
    tx.get(a).get(b);
    let settled = false;
    const result = tx.execute().finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await rawCommand(source, ['MIGRATE', '127.0.0.1', String(target), '', '0', '5000', 'KEYS', a]);
    for (const port of [target, source, ...masters.filter((p) => p !== source && p !== target)]) {
      await rawCommand(port, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', targetId]);
    }
    expect(await result).toEqual(['A', 'B']);
  });

  it('names uncovered slots when full coverage is required, and serves covered ones when it is not', async () => {
    // Let the servers keep answering for covered slots, then drop 100-199 everywhere.
    for (const n of cluster.nodes) {
      expect(await rawCommand(n.port, ['CONFIG', 'SET', 'cluster-require-full-coverage', 'no'])).toBe('OK');
    }
    const owner = await ownerOf(cluster.nodes[0].port, 150);
    const range = Array.from({ length: 100 }, (_, i) => String(100 + i));
    expect(await rawCommand(owner, ['CLUSTER', 'DELSLOTS', ...range])).toBe('OK');
    for (const n of cluster.nodes) await rawCommand(n.port, ['CLUSTER', 'DELSLOTS', ...range]).catch(() => {});
    const seed = cluster.nodes[0];
    const strict = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    try {
      const err = await strict.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ClusterError);
      expect((err as Error).message).toContain('100-199');
    } finally {
      await strict.close();
    }
    const lenient = new StrictRedisCluster({
      startup_nodes: [{ host: seed.host, port: seed.port }],
      require_full_coverage: false,
    });
    try {
      await lenient.connect();
      const key = `${P}covered`;
      expect(lenient.keyslot(key) < 100 || lenient.keyslot(key) > 199).toBe(true);
      expect(await lenient.set(key, 'yes')).toBe(true);
      expect(await lenient.get(key)).toBe('yes');
      const uncovered = Array.from({ length: 2000 }, (_, i) => `k${i}`).find((k) => {
        const s = lenient.keyslot(k);
        return s >= 100 && s <= 199;
      })!;
      const started = Date.now();
      // A hole is reported as such after a few fresh maps, not after the whole 15 s command deadline.
      await expect(lenient.get(uncovered)).rejects.toBeInstanceOf(SlotNotCoveredError);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await lenient.close();
    }
  });
});
