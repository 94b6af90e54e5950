/**
 * fixCluster on the leftovers of interrupted reshards and lost slot assignments, each made by hand on a LocalCluster
 * of this file's own: every key survives, every slot ends up served, and checkCluster is happy again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCluster, fixCluster, LocalCluster, type NodeEntry, parseClusterNodes } from '../../src/admin/index.js';
import { keySlot, StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { rawCommand, waitFor } from '../harness/raw.js';

let cluster: LocalCluster;
let a: NodeEntry;
let b: NodeEntry;
let c: NodeEntry;
/** Slots already used by a test, so that each test works on a slot of its own. */
const used = new Set<number>();

beforeAll(async () => {
  cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 0, clusterNodeTimeout: 5000 });
  [a, b, c] = await masters();
});

afterAll(async () => {
  await cluster?.stop();
});

async function masters(): Promise<NodeEntry[]> {
  const text = String(await rawCommand(cluster.startup_nodes[0].port, ['CLUSTER', 'NODES']));
  return parseClusterNodes(text)
    .filter((e) => e.role === 'master')
    .sort((x, y) => x.slots[0][0] - y.slots[0][0]);
}

/** A hash tag whose slot `owner` serves and no other test has used. */
function tagServedBy(owner: NodeEntry): { tag: string; slot: number } {
  for (let i = 0; ; i++) {
    const tag = `fx${i}`;
    const slot = keySlot(tag);
    if (!used.has(slot) && owner.slots.some(([x, y]) => slot >= x && slot <= y)) {
      used.add(slot);
      return { tag, slot };
    }
  }
}

async function writeKeys(tag: string, count: number): Promise<void> {
  const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes });
  try {
    await Promise.all(Array.from({ length: count }, (_, i) => rc.set(`{${tag}}:${i}`, `v${i}`)));
  } finally {
    await rc.close();
  }
}

/** Reads the keys back through a fresh cluster client (so nothing cached helps). */
async function readKeys(tag: string, count: number): Promise<Array<string | null>> {
  const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes });
  try {
    return await Promise.all(Array.from({ length: count }, (_, i) => rc.get(`{${tag}}:${i}`)));
  } finally {
    await rc.close();
  }
}

function expected(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `v${i}`);
}

async function ownerOf(slot: number): Promise<string | undefined> {
  return (await masters()).find((m) => m.slots.some(([x, y]) => slot >= x && slot <= y))?.id;
}

async function keysIn(node: NodeEntry, slot: number): Promise<number> {
  return Number(await rawCommand(node.port, ['CLUSTER', 'COUNTKEYSINSLOT', String(slot)]));
}

/** Unassigns `slot` everywhere, its owner first (so no node learns it back from the owner's gossip). */
async function dropSlot(owner: NodeEntry, slot: number): Promise<void> {
  await rawCommand(owner.port, ['CLUSTER', 'DELSLOTS', String(slot)]);
  await Promise.all(
    [a, b, c].filter((m) => m.id !== owner.id).map((m) => rawCommand(m.port, ['CLUSTER', 'DELSLOTS', String(slot)])),
  );
  await waitFor('the slot to be unserved', async () => (await checkCluster(cluster)).uncovered.length > 0, 10_000);
}

describe('admin: fixCluster', () => {
  it('finishes a reshard that stopped halfway, keys and all', async () => {
    const { tag, slot } = tagServedBy(a);
    await writeKeys(tag, 50);
    await rawCommand(b.port, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', a.id]);
    await rawCommand(a.port, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', b.id]);
    const first = (await rawCommand(a.port, ['CLUSTER', 'GETKEYSINSLOT', String(slot), '20'])) as string[];
    await rawCommand(a.port, ['MIGRATE', '127.0.0.1', String(b.port), '', '0', '5000', 'KEYS', ...first]);
    expect(await keysIn(b, slot)).toBe(20);
    expect((await checkCluster(cluster)).ok).toBe(false);

    const result = await fixCluster(cluster);

    expect(result.actions).toEqual([expect.stringContaining(`slot ${slot}: finished moving it`)]);
    expect(result.keys).toBe(30);
    expect(await ownerOf(slot)).toBe(b.id);
    expect(await keysIn(a, slot)).toBe(0);
    expect(await keysIn(b, slot)).toBe(50);
    expect(await readKeys(tag, 50)).toEqual(expected(50));
    const report = await checkCluster(cluster);
    expect(report.problems).toEqual([]);
  });

  it('calls off a move that never started (only the target was importing)', async () => {
    const { tag, slot } = tagServedBy(a);
    await writeKeys(tag, 10);
    await rawCommand(c.port, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', a.id]);

    const result = await fixCluster(cluster);

    expect(result.actions).toEqual([
      `slot ${slot}: cleared the importing state on ${c.id.slice(0, 8)} (127.0.0.1:${c.port})`,
    ]);
    expect(result.keys).toBe(0);
    expect(await ownerOf(slot)).toBe(a.id);
    expect(await readKeys(tag, 10)).toEqual(expected(10));
    expect((await checkCluster(cluster)).problems).toEqual([]);
  });

  it('gives an unserved slot without keys to a master, and the slot works again', async () => {
    const { tag, slot } = tagServedBy(c);
    await dropSlot(c, slot);
    const broken = await checkCluster(cluster);
    expect(broken.uncovered).toEqual([[slot, slot]]);

    const result = await fixCluster(cluster);

    expect(result.actions).toEqual([expect.stringMatching(new RegExp(`^slots ${slot}: assigned to `))]);
    expect(await ownerOf(slot)).toBeDefined();
    expect((await checkCluster(cluster)).problems).toEqual([]);
    await writeKeys(tag, 5);
    expect(await readKeys(tag, 5)).toEqual(expected(5));
  });

  it('gives an unserved slot to the master that holds its keys', async () => {
    const { tag, slot } = tagServedBy(b);
    await writeKeys(tag, 25);
    await dropSlot(b, slot);

    const result = await fixCluster(cluster);

    expect(result.actions).toEqual([`slots ${slot}: assigned to ${b.id.slice(0, 8)} (127.0.0.1:${b.port})`]);
    expect(await ownerOf(slot)).toBe(b.id);
    expect(await readKeys(tag, 25)).toEqual(expected(25));
    expect((await checkCluster(cluster)).problems).toEqual([]);
  });

  it('merges the keys of an unserved slot held by two masters into the one with more', async () => {
    const { tag, slot } = tagServedBy(a);
    await writeKeys(tag, 12);
    // Put 5 more keys of the slot on c, as a half-finished import would have left them.
    await rawCommand(c.port, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', a.id]);
    const direct = new StrictRedis({ host: '127.0.0.1', port: c.port });
    for (let i = 12; i < 17; i++) {
      await direct
        .pipeline({ transaction: false })
        .execute_command('ASKING')
        .execute_command('SET', `{${tag}}:${i}`, `v${i}`)
        .execute();
    }
    await direct.close();
    await rawCommand(c.port, ['CLUSTER', 'SETSLOT', String(slot), 'STABLE']);
    await dropSlot(a, slot);
    expect(await keysIn(a, slot)).toBe(12);
    expect(await keysIn(c, slot)).toBe(5);

    const result = await fixCluster(cluster);

    expect(result.actions).toEqual([
      `slots ${slot}: assigned to ${a.id.slice(0, 8)} (127.0.0.1:${a.port})`,
      `slot ${slot}: moved 5 keys from ${c.id.slice(0, 8)} (127.0.0.1:${c.port}) to ${a.id.slice(0, 8)} (127.0.0.1:${a.port})`,
    ]);
    expect(result.keys).toBe(5);
    expect(await ownerOf(slot)).toBe(a.id);
    expect(await keysIn(c, slot)).toBe(0);
    expect(await readKeys(tag, 17)).toEqual(expected(17));
    expect((await checkCluster(cluster)).problems).toEqual([]);
  });

  it('does nothing to a healthy cluster', async () => {
    const result = await fixCluster(cluster);
    expect(result).toEqual({ actions: [], keys: 0 });
  });
});
