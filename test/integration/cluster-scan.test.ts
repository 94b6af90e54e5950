/**
 * StrictRedisCluster.scan_iter: every key exactly once across the shared cluster, and on a private cluster while a
 * slot is half-migrated (ASK) and after it moved behind the client's back (MOVED). The private cluster also serves
 * the pub/sub tests that need topology changes (a sharded channel following its slot, a dead subscriber node).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { keySlot } from '../../src/cluster/slot.js';
import { DataError } from '../../src/errors.js';
import { type PrivateCluster, startPrivateCluster } from '../harness/local-backend.js';
import { rawCommand } from '../harness/raw.js';

const { cluster } = inject('redis');
const P = `cscan:${process.pid}:`;

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of iterable) out.push(key);
  return out;
}

function expectExactlyOnce(seen: string[], expected: string[]): void {
  expect(new Set(seen).size).toBe(seen.length);
  expect([...seen].sort()).toEqual([...expected].sort());
}

describe('scan_iter on the shared cluster', () => {
  let rc: StrictRedisCluster<string>;
  const keys = Array.from({ length: 3000 }, (_, i) => `${P}k${i}`);

  beforeAll(async () => {
    rc = new StrictRedisCluster({ startup_nodes: cluster.nodes.map((n) => ({ host: n.host, port: n.port })) });
    const pipe = rc.pipeline();
    for (const key of keys) pipe.set(key, '1');
    await pipe.execute();
    await rc.hset(`${P}hash`, { f: 'v' });
  });
  afterAll(async () => {
    await rc.delete([...keys, `${P}hash`, `${P}{tag}:a`, `${P}{tag}:b`]);
    await rc.close();
  });

  it('visits every key in many slots exactly once', async () => {
    const slots = new Set(keys.map((k) => keySlot(k)));
    expect(slots.size).toBeGreaterThan(2000);
    const started = Date.now();
    const seen = await collect(rc.scan_iter({ match: `${P}k*` }));
    const elapsed = Date.now() - started;
    expectExactlyOnce(seen, keys);
    // Two round trips per slot, pipelined per node: a full pass stays well under a few seconds.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('filters by type and by glob classes', async () => {
    expect(await collect(rc.scanIter({ match: `${P}*`, type: 'hash' }))).toEqual([`${P}hash`]);
    const some = await collect(rc.scan_iter({ match: `${P}k1[0-2]?` }));
    expectExactlyOnce(
      some,
      keys.filter((k) => /^k1[0-2].$/.test(k.slice(P.length))),
    );
  });

  it('scan() steps through the whole cluster by slot cursor, every key exactly once', async () => {
    const seen: string[] = [];
    const cursors: number[] = [];
    let cursor = 0;
    do {
      const [next, batch] = await rc.scan(cursor, { match: `${P}k*`, count: 500 });
      seen.push(...batch);
      cursors.push(next);
      cursor = next;
    } while (cursor !== 0);
    expectExactlyOnce(seen, keys);
    // Several steps, each cursor further on than the last, and 0 at the end.
    expect(cursors.length).toBeGreaterThan(3);
    expect(cursors.slice(0, -1)).toEqual([...cursors.slice(0, -1)].sort((a, b) => a - b));
    expect(cursors.at(-1)).toBe(0);
    // A pinned hash tag is one slot: one step.
    await rc.set(`${P}{tag}:a`, '1');
    expect(await rc.scan(0, { match: `${P}{tag}:*` })).toEqual([0, [`${P}{tag}:a`]]);
    // Queued in a pipeline, SCAN walks the cluster too.
    const pipe = rc.pipeline({ transaction: false });
    pipe.scan(0, { match: `${P}k*`, count: keys.length });
    const [[end, all]] = (await pipe.execute()) as Array<[number, string[]]>;
    expect(end).toBe(0);
    expectExactlyOnce(all, keys);
    await expect(rc.scan(99_999)).rejects.toBeInstanceOf(DataError);
    await expect(rc.scan('not-a-cursor')).rejects.toBeInstanceOf(DataError);
  });

  it('reads a single slot when the pattern pins a hash tag', async () => {
    await rc.set(`${P}{tag}:a`, '1');
    await rc.set(`${P}{tag}:b`, '2');
    expectExactlyOnce(await collect(rc.scan_iter({ match: `${P}{tag}:*` })), [`${P}{tag}:a`, `${P}{tag}:b`]);
  });
});

describe('slot moves on a private cluster: scan_iter and sharded subscriptions', () => {
  let pc: PrivateCluster;
  let rc: StrictRedisCluster<string>;
  const tagged = Array.from({ length: 200 }, (_, i) => `mig:{m}:k${i}`);
  const spread = Array.from({ length: 500 }, (_, i) => `mig:s${i}`);
  const slot = keySlot('{m}');

  beforeAll(async () => {
    pc = await startPrivateCluster();
    rc = new StrictRedisCluster({ startup_nodes: [{ host: pc.nodes[0].host, port: pc.nodes[0].port }] });
    const pipe = rc.pipeline();
    for (const key of [...tagged, ...spread]) pipe.set(key, 'v');
    await pipe.execute();
  }, 120_000);
  afterAll(async () => {
    await rc?.close();
    await pc?.stop();
  });

  it('sees every key once while the slot is half-migrated, and after it moved', async () => {
    const source = await rc.nodeForKey('{m}');
    const masters = pc.nodes.filter((n) => n.role === 'master');
    const target = masters.find((n) => n.port !== source!.port)!;
    const sourceId = String(await rawCommand(source!.port, ['CLUSTER', 'MYID']));
    const targetId = String(await rawCommand(target.port, ['CLUSTER', 'MYID']));
    expect(await rawCommand(target.port, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', sourceId])).toBe('OK');
    expect(await rawCommand(source!.port, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', targetId])).toBe('OK');
    const half = tagged.slice(0, 100);
    const migrate = ['MIGRATE', target.host, String(target.port), '', '0', '5000', 'KEYS', ...half];
    expect(await rawCommand(source!.port, migrate)).toBe('OK');

    expectExactlyOnce(await collect(rc.scan_iter({ match: 'mig:*' })), [...tagged, ...spread]);

    // Finish the move without telling the client: its map is stale and the probe's MOVED has to correct it.
    const rest = ['MIGRATE', target.host, String(target.port), '', '0', '5000', 'KEYS', ...tagged.slice(100)];
    expect(await rawCommand(source!.port, rest)).toBe('OK');
    for (const n of masters) {
      expect(await rawCommand(n.port, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', targetId])).toBe('OK');
    }
    expectExactlyOnce(await collect(rc.scan_iter({ match: 'mig:*' })), [...tagged, ...spread]);
    expect(rc.slotTable?.masterFor(slot)?.port).toBe(target.port);
  });

  it('moves a sharded subscription to the new owner of its slot', async () => {
    const channel = 'mig:{n}:chan';
    const nslot = keySlot(channel);
    const ps = rc.pubsub({ ignore_subscribe_messages: true });
    await ps.ssubscribe(channel);
    const source = (await rc.nodeForKey(channel))!;
    expect(ps.shardEndpoints).toEqual([`${source.host}:${source.port}`]);
    const masters = pc.nodes.filter((n) => n.role === 'master');
    const target = masters.find((n) => n.port !== source.port)!;
    const targetId = String(await rawCommand(target.port, ['CLUSTER', 'MYID']));
    // An empty slot may be reassigned directly; the old owner then drops its subscribers with an unasked sunsubscribe.
    for (const n of [target, ...masters.filter((m) => m.port !== target.port)]) {
      expect(await rawCommand(n.port, ['CLUSTER', 'SETSLOT', String(nslot), 'NODE', targetId])).toBe('OK');
    }
    const deadline = Date.now() + 10_000;
    while ((await rc.spublish(channel, 'moved')) === 0) {
      if (Date.now() > deadline) throw new Error('the subscription did not follow its slot');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ps.shardEndpoints).toEqual([`${target.host}:${target.port}`]);
    expect((await ps.get_message({ timeout: 3 }))?.data).toBe('moved');
    await ps.close();
  });

  // Last: it kills a master of this private cluster.
  it('keeps classic and sharded subscriptions when their node dies', async () => {
    const ps = rc.pubsub({ ignore_subscribe_messages: true });
    await ps.subscribe('fo:classic');
    const [host, port] = ps.classicEndpoint!.split(':');
    // A sharded channel whose slot the same node owns, so that both kinds must move.
    let shard = '';
    for (let i = 0; shard === ''; i++) {
      const owner = await rc.nodeForKey(`fo:{${i}}`);
      if (owner?.port === Number(port)) shard = `fo:{${i}}`;
    }
    await ps.ssubscribe(shard);
    await pc.process(Number(port)).stop();
    const deadline = Date.now() + 30_000;
    const received = new Set<string>();
    while (received.size < 2) {
      if (Date.now() > deadline) throw new Error(`subscriptions not restored (got ${[...received].join(', ')})`);
      await rc.publish('fo:classic', 'c').catch(() => 0);
      await rc.spublish(shard, 's').catch(() => 0);
      for (let m = await ps.get_message({ timeout: 0.2 }); m !== null; m = await ps.get_message()) {
        received.add(m.type);
      }
    }
    expect([...received].sort()).toEqual(['message', 'smessage']);
    expect(ps.classicEndpoint).not.toBe(`${host}:${port}`);
    expect(ps.shardEndpoints).not.toContain(`${host}:${port}`);
    await ps.close();
  });
});
