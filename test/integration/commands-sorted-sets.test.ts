/** Sorted-set commands against a real server: redis-py return semantics, options, blocking pops, RESP2 and RESP3. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CrossSlotError } from '../../src/errors.js';
import { DataError, StrictRedis, StrictRedisCluster } from '../../src/index.js';

const { standalone, cluster } = inject('redis');
const P = `cmd-zsets:${process.pid}:`;
let r: StrictRedis;
let r3: StrictRedis;

beforeAll(async () => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  r3 = new StrictRedis({ host: standalone.host, port: standalone.port, protocol: 3 });
  await Promise.all([r.connect(), r3.connect()]);
});
afterAll(async () => {
  const keys = (await r.execute_command('KEYS', `${P}*`)) as string[];
  if (keys.length > 0) await r.execute_command('DEL', ...keys);
  await Promise.all([r.close(), r3.close()]);
});

const both = () =>
  [
    ['RESP2', r],
    ['RESP3', r3],
  ] as const;

describe('scores, counts and ranks', () => {
  it('zincrby returns the new score as a number', async () => {
    expect(await r.zincrby(`${P}inc`, 2.5, 'a')).toBe(2.5);
    expect(await r.zincrby(`${P}inc`, -1, 'a')).toBe(1.5);
    expect(await r3.zincrby(`${P}inc`, 1, 'a')).toBe(2.5);
  });

  it('zcard, zcount and zlexcount, 0 for missing keys', async () => {
    await r.zadd(`${P}cnt`, { a: 1, b: 2, c: 3 });
    expect(await r.zcard(`${P}cnt`)).toBe(3);
    expect(await r.zcard(`${P}missing`)).toBe(0);
    expect(await r.zcount(`${P}cnt`, 2, '+inf')).toBe(2);
    expect(await r.zcount(`${P}cnt`, '(1', '(3')).toBe(1);
    await r.zadd(`${P}lex`, { a: 0, b: 0, c: 0, d: 0 });
    expect(await r.zlexcount(`${P}lex`, '[b', '+')).toBe(3);
    expect(await r.zlexcount(`${P}missing`, '-', '+')).toBe(0);
  });

  it('zrank/zrevrank give a number or null', async () => {
    await r.zadd(`${P}rank`, { a: 1, b: 2, c: 3 });
    expect(await r.zrank(`${P}rank`, 'a')).toBe(0);
    expect(await r.zrevrank(`${P}rank`, 'a')).toBe(2);
    expect(await r.zrank(`${P}rank`, 'zz')).toBeNull();
    expect(await r3.zrevrank(`${P}missing`, 'a')).toBeNull();
  });

  it('zmscore gives a number or null per member', async () => {
    await r.zadd(`${P}ms`, { a: 1.5, b: -2 });
    for (const [, c] of both()) expect(await c.zmscore(`${P}ms`, ['a', 'zz', 'b'])).toEqual([1.5, null, -2]);
    await expect(r.zmscore(`${P}ms`, [])).rejects.toBeInstanceOf(DataError);
  });
});

describe('ranges', () => {
  it('zrevrange and zrange withscores give pairs in RESP2 and RESP3', async () => {
    await r.zadd(`${P}rg`, { a: 1, b: 2, c: 3 });
    for (const [, c] of both()) {
      expect(await c.zrevrange(`${P}rg`, 0, 1)).toEqual(['c', 'b']);
      expect(await c.zrevrange(`${P}rg`, 0, -1, { withscores: true })).toEqual([
        ['c', 3],
        ['b', 2],
        ['a', 1],
      ]);
      expect(await c.zrange(`${P}rg`, 0, 1, { withscores: true })).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
      expect(await c.zrevrange(`${P}missing`, 0, -1, { withscores: true })).toEqual([]);
    }
  });

  it('zrevrangebyscore runs max to min with limit and scores', async () => {
    await r.zadd(`${P}rbs`, { a: 1, b: 2, c: 3, d: 4 });
    expect(await r.zrevrangebyscore(`${P}rbs`, '+inf', 2)).toEqual(['d', 'c', 'b']);
    expect(await r.zrevrangebyscore(`${P}rbs`, 4, 1, { start: 1, num: 2, withscores: true })).toEqual([
      ['c', 3],
      ['b', 2],
    ]);
    await expect(r.zrevrangebyscore(`${P}rbs`, 4, 1, { start: 1 })).rejects.toBeInstanceOf(DataError);
  });

  it('zrangebylex and zrevrangebylex with start/num', async () => {
    await r.zadd(`${P}bl`, { a: 0, b: 0, c: 0, d: 0 });
    expect(await r.zrangebylex(`${P}bl`, '-', '[c')).toEqual(['a', 'b', 'c']);
    expect(await r.zrangebylex(`${P}bl`, '-', '+', { start: 1, num: 2 })).toEqual(['b', 'c']);
    expect(await r.zrevrangebylex(`${P}bl`, '+', '(b')).toEqual(['d', 'c']);
    expect(await r.zrevrangebylex(`${P}bl`, '+', '-', { start: 0, num: 1 })).toEqual(['d']);
  });

  it('zrangestore stores a range by rank, score or lex and returns its size', async () => {
    await r.zadd(`${P}rs`, { a: 1, b: 2, c: 3, d: 4 });
    expect(await r.zrangestore(`${P}rs-out`, `${P}rs`, 0, 1)).toBe(2);
    expect(await r.zrange(`${P}rs-out`, 0, -1)).toEqual(['a', 'b']);
    expect(await r.zrangestore(`${P}rs-out`, `${P}rs`, 4, 2, { byscore: true, desc: true })).toBe(3);
    expect(await r.zrange(`${P}rs-out`, 0, -1)).toEqual(['b', 'c', 'd']);
    expect(await r.zrangestore(`${P}rs-out`, `${P}rs`, 1, 10, { byscore: true, offset: 1, num: 2 })).toBe(2);
    expect(await r.zrange(`${P}rs-out`, 0, -1)).toEqual(['b', 'c']);
    expect(await r.zrangestore(`${P}rs-out`, `${P}missing`, 0, -1)).toBe(0);
  });
});

describe('pops', () => {
  it('zpopmin/zpopmax return [member, score] pairs in RESP2 and RESP3, [] when empty', async () => {
    for (const [label, c] of both()) {
      const k = `${P}pop-${label}`;
      await r.zadd(k, { a: 1, b: 2, c: 3, d: 4 });
      expect(await c.zpopmin(k)).toEqual([['a', 1]]);
      expect(await c.zpopmax(k, 2)).toEqual([
        ['d', 4],
        ['c', 3],
      ]);
      expect(await c.zpopmin(k, 5)).toEqual([['b', 2]]);
      expect(await c.zpopmin(k)).toEqual([]);
    }
  });

  it('zmpop pops from the first non-empty key; null when all are empty', async () => {
    await r.zadd(`${P}mp2`, { a: 1, b: 2, c: 3 });
    expect(await r.zmpop(2, [`${P}mp1`, `${P}mp2`], { min: true })).toEqual([`${P}mp2`, [['a', 1]]]);
    expect(await r3.zmpop(2, [`${P}mp1`, `${P}mp2`], { min: true })).toEqual([`${P}mp2`, [['b', 2]]]);
    expect(await r3.zmpop(1, [`${P}mp2`], { max: true, count: 5 })).toEqual([`${P}mp2`, [['c', 3]]]);
    expect(await r.zmpop(1, [`${P}mp2`], { max: true, count: 5 })).toBeNull();
    expect(await r.zmpop(1, [`${P}mp1`], { min: true })).toBeNull();
    await expect(r.zmpop(1, [`${P}mp1`], {})).rejects.toBeInstanceOf(DataError);
  });

  it('bzpopmin/bzpopmax time out with null; a push from another client serves them', async () => {
    expect(await r.bzpopmin([`${P}bz-empty`], 0.1)).toBeNull();
    expect(await r3.bzpopmax(`${P}bz-empty`, 0.1)).toBeNull();
    const waiting = r.bzpopmax([`${P}bz-a`, `${P}bz-b`], 5);
    const waiting3 = r3.bzpopmin(`${P}bz-c`, 5);
    // The shared connection keeps answering while the pops block on pooled connections.
    expect(await r.ping()).toBe(true);
    expect(await r3.ping()).toBe(true);
    const other = new StrictRedis({ host: standalone.host, port: standalone.port });
    try {
      await other.zadd(`${P}bz-b`, { x: 7, y: 8 });
      await other.zadd(`${P}bz-c`, { z: 1.5 });
    } finally {
      await other.close();
    }
    expect(await waiting).toEqual([`${P}bz-b`, 'y', 8]);
    expect(await waiting3).toEqual([`${P}bz-c`, 'z', 1.5]);
  });

  it('bzmpop times out with null and pops with count when served', async () => {
    expect(await r.bzmpop(0.1, 1, [`${P}bzm`], { min: true })).toBeNull();
    const waiting = r.bzmpop(5, 1, [`${P}bzm`], { max: true, count: 2 });
    expect(await r.ping()).toBe(true);
    await r.zadd(`${P}bzm`, { a: 1, b: 2, c: 3 });
    expect(await waiting).toEqual([
      `${P}bzm`,
      [
        ['c', 3],
        ['b', 2],
      ],
    ]);
  });
});

describe('union, intersection, difference', () => {
  it('zunion/zinter/zdiff return members or pairs; weights as a mapping; aggregate', async () => {
    await r.zadd(`${P}u1`, { a: 1, b: 2 });
    await r.zadd(`${P}u2`, { b: 3, c: 4 });
    for (const [, c] of both()) {
      expect(await c.zunion([`${P}u1`, `${P}u2`])).toEqual(['a', 'c', 'b']);
      expect(await c.zunion([`${P}u1`, `${P}u2`], { withscores: true })).toEqual([
        ['a', 1],
        ['c', 4],
        ['b', 5],
      ]);
      expect(await c.zinter({ [`${P}u1`]: 10, [`${P}u2`]: 1 }, { withscores: true })).toEqual([['b', 23]]);
      expect(await c.zinter([`${P}u1`, `${P}u2`], { aggregate: 'MAX', withscores: true })).toEqual([['b', 3]]);
      expect(await c.zdiff([`${P}u1`, `${P}u2`], { withscores: true })).toEqual([['a', 1]]);
      expect(await c.zdiff([`${P}u1`, `${P}u2`])).toEqual(['a']);
    }
    await expect(r.zdiff({ [`${P}u1`]: 2 } as never)).rejects.toBeInstanceOf(DataError);
  });

  it('the store forms return the size and accept weights and aggregate', async () => {
    await r.zadd(`${P}w1`, { a: 1, b: 2 });
    await r.zadd(`${P}w2`, { b: 3, c: 4 });
    expect(await r.zunionstore(`${P}wout`, [`${P}w1`, `${P}w2`], { aggregate: 'min' })).toBe(3);
    expect(await r.zscore(`${P}wout`, 'b')).toBe(2);
    expect(
      await r.zinterstore(
        `${P}wout`,
        new Map([
          [`${P}w1`, 2],
          [`${P}w2`, 3],
        ]),
      ),
    ).toBe(1);
    expect(await r.zscore(`${P}wout`, 'b')).toBe(13);
    expect(await r.zdiffstore(`${P}wout`, [`${P}w1`, `${P}w2`])).toBe(1);
    expect(await r.zrange(`${P}wout`, 0, -1, { withscores: true })).toEqual([['a', 1]]);
    expect(await r.zinterstore(`${P}wout`, [`${P}w1`, `${P}missing`])).toBe(0);
  });
});

describe('random members, range removal, scan', () => {
  it('zrandmember: one member or null; count → list; withscores → pairs', async () => {
    await r.zadd(`${P}rnd`, { a: 1, b: 2 });
    expect(['a', 'b']).toContain(await r.zrandmember(`${P}rnd`));
    expect(await r.zrandmember(`${P}missing`)).toBeNull();
    expect((await r.zrandmember(`${P}rnd`, 5)).sort()).toEqual(['a', 'b']);
    for (const [, c] of both()) {
      const pairs = await c.zrandmember(`${P}rnd`, 2, { withscores: true });
      expect(pairs.sort()).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
    }
    expect(await r.zrandmember(`${P}rnd`, -4)).toHaveLength(4);
  });

  it('zremrangebyrank and zremrangebylex return how many were removed', async () => {
    await r.zadd(`${P}rr`, { a: 1, b: 2, c: 3, d: 4 });
    expect(await r.zremrangebyrank(`${P}rr`, 0, 1)).toBe(2);
    expect(await r.zrange(`${P}rr`, 0, -1)).toEqual(['c', 'd']);
    await r.zadd(`${P}rl`, { a: 0, b: 0, c: 0 });
    expect(await r.zremrangebylex(`${P}rl`, '[a', '(c')).toBe(2);
    expect(await r.zremrangebylex(`${P}rl`, '[a', '(c')).toBe(0);
    expect(await r.zremrangebyrank(`${P}missing`, 0, -1)).toBe(0);
  });

  it('zscan returns [cursor, [member, score] pairs] in RESP2 and RESP3', async () => {
    const mapping: Record<string, number> = {};
    for (let i = 0; i < 200; i++) mapping[`m${i}`] = i / 2;
    await r.zadd(`${P}zs`, mapping);
    for (const [, c] of both()) {
      const seen = new Map<string, number>();
      let cursor = 0;
      do {
        const [next, pairs] = await c.zscan(`${P}zs`, cursor, { count: 40 });
        for (const [m, s] of pairs) seen.set(m, s);
        cursor = next;
      } while (cursor !== 0);
      expect(seen.size).toBe(200);
      expect(seen.get('m11')).toBe(5.5);
    }
    expect(await r.zscan(`${P}missing`)).toEqual([0, []]);
  });
});

describe('in a cluster', () => {
  it('rejects atomic multi-key sorted-set commands whose keys span slots', async () => {
    const seed = cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    try {
      await expect(rc.zunionstore(`${P}d`, [`${P}a`, `${P}b`])).rejects.toBeInstanceOf(CrossSlotError);
      await expect(rc.zinter({ [`${P}a`]: 1, [`${P}b`]: 2 })).rejects.toBeInstanceOf(CrossSlotError);
      await expect(rc.zrangestore(`${P}d`, `${P}a`, 0, -1)).rejects.toBeInstanceOf(CrossSlotError);
      await expect(rc.bzpopmin([`${P}a`, `${P}b`], 0.1)).rejects.toBeInstanceOf(CrossSlotError);
      await expect(rc.zmpop(2, [`${P}a`, `${P}b`], { min: true })).rejects.toBeInstanceOf(CrossSlotError);
      const tag = `{${P}t}`;
      await rc.zadd(`${tag}a`, { x: 1 });
      await rc.zadd(`${tag}b`, { x: 2 });
      expect(await rc.zunionstore(`${tag}d`, { [`${tag}a`]: 1, [`${tag}b`]: 1 })).toBe(1);
      expect(await rc.zscore(`${tag}d`, 'x')).toBe(3);
      expect(await rc.bzpopmin([`${tag}a`, `${tag}b`], 1)).toEqual([`${tag}a`, 'x', 1]);
      await rc.execute_command('DEL', `${tag}a`, `${tag}b`, `${tag}d`);
    } finally {
      await rc.close();
    }
  });
});
