/**
 * redis-py's sorted-set range, rank, removal and scan tests (tests/test_commands.py: test_zrange … test_zrevrank,
 * test_zscan, test_zscan_iter and the score_cast tests; tests/test_cluster.py's hash-tagged forms), in redis-py's call
 * forms, on RESP2 and RESP3 clients alike. `score_cast_func` gets each score as a number, as redis-py's unified
 * replies give it a float.
 */
import { describe, expect, inject, it } from 'vitest';
import { CrossSlotError, DataError, type StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { useRespClients } from '../harness/resp-clients.js';
import { itSince } from '../harness/server-version.js';

const { cluster } = inject('redis');
const P = `redis-py-zranges:${process.pid}:`;
const clients = useRespClients(P);

/** Runs a redis-py test body on a RESP2 and a RESP3 client, each with a key of its own. */
const onBoth = (body: (c: StrictRedis, a: string) => Promise<void>) =>
  clients.onBoth((c, prefix) => body(c, `${prefix}a`));

const five = { a1: 1, a2: 2, a3: 3, a4: 4, a5: 5 };
const lex = { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0 };

describe('ranges', () => {
  it('test_zrange (with a custom score cast)', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, { a1: 1, a2: 2, a3: 3 });
      expect(await c.zrange(a, 0, 1)).toEqual(['a1', 'a2']);
      expect(await c.zrange(a, 1, 2)).toEqual(['a2', 'a3']);
      expect(await c.zrange(a, 0, 2)).toEqual(['a1', 'a2', 'a3']);
      expect(await c.zrange(a, 0, 2, { desc: true })).toEqual(['a3', 'a2', 'a1']);
      expect(await c.zrange(a, 0, 1, { withscores: true })).toEqual([
        ['a1', 1],
        ['a2', 2],
      ]);
      expect(await c.zrange(a, 1, 2, { withscores: true })).toEqual([
        ['a2', 2],
        ['a3', 3],
      ]);
      // The bug report: score_cast_func was accepted and ignored. redis-py's safe_str gets 1.0 ('1.0'); here 1 ('1').
      expect(await c.zrange(a, 0, 1, { withscores: true, score_cast_func: String })).toEqual([
        ['a1', '1'],
        ['a2', '2'],
      ]);
    }));

  it('test_zrange_score_cast_scientific_notation, against the server', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, { member1: 1.7732526297292595e18 });
      expect(await c.zrange(a, 0, -1, { withscores: true, score_cast_func: BigInt })).toEqual([
        ['member1', 1773252629729259520n],
      ]);
      expect(await c.zrange(a, 0, -1, { withscores: true })).toEqual([['member1', 1.7732526297292595e18]]);
    }));

  it('test_zrange_errors', () =>
    onBoth(async (c, a) => {
      await expect(c.zrange(a, 0, 1, { byscore: true, bylex: true })).rejects.toBeInstanceOf(DataError);
      await expect(c.zrange(a, 0, 1, { bylex: true, withscores: true })).rejects.toBeInstanceOf(DataError);
      await expect(c.zrange(a, 0, 1, { byscore: true, withscores: true, offset: 4 })).rejects.toBeInstanceOf(DataError);
      await expect(c.zrange(a, 0, 1, { byscore: true, withscores: true, num: 2 })).rejects.toBeInstanceOf(DataError);
      // redis-py's positional desc (zrange(name, 0, 1, True)) lands where the options go: refused, not dropped.
      await expect(c.zrange(a, 0, 1, true as never)).rejects.toBeInstanceOf(DataError);
    }));

  it('test_zrange_params', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, lex);
      expect(await c.zrange(a, '[aaa', '(g', { bylex: true })).toEqual(['b', 'c', 'd', 'e', 'f']);
      expect(await c.zrange(a, '[f', '+', { bylex: true })).toEqual(['f', 'g']);
      expect(await c.zrange(a, '+', '[f', { desc: true, bylex: true })).toEqual(['g', 'f']);
      expect(await c.zrange(a, '-', '+', { bylex: true, offset: 3, num: 2 })).toEqual(['d', 'e']);
      expect(await c.zrange(a, '+', '-', { desc: true, bylex: true, offset: 3, num: 2 })).toEqual(['d', 'c']);
      await c.zadd(a, five);
      expect(await c.zrange(a, 2, 4, { byscore: true, offset: 1, num: 2 })).toEqual(['a3', 'a4']);
      expect(await c.zrange(a, 4, 2, { desc: true, byscore: true, offset: 1, num: 2 })).toEqual(['a3', 'a2']);
      expect(await c.zrange(a, 2, 4, { byscore: true, withscores: true })).toEqual([
        ['a2', 2],
        ['a3', 3],
        ['a4', 4],
      ]);
      expect(
        await c.zrange(a, 4, 2, { desc: true, byscore: true, withscores: true, score_cast_func: Math.trunc }),
      ).toEqual([
        ['a4', 4],
        ['a3', 3],
        ['a2', 2],
      ]);
      expect(await c.zrange(a, 0, 1, { desc: true })).toEqual(['a5', 'a4']);
    }));

  it('test_zrangestore', () =>
    onBoth(async (c, a) => {
      const b = `${a}:b`;
      await c.zadd(a, { a1: 1, a2: 2, a3: 3 });
      expect(await c.zrangestore(b, a, 0, 1)).toBe(2);
      expect(await c.zrange(b, 0, -1)).toEqual(['a1', 'a2']);
      expect(await c.zrangestore(b, a, 1, 2)).toBe(2);
      expect(await c.zrange(b, 0, -1, { withscores: true })).toEqual([
        ['a2', 2],
        ['a3', 3],
      ]);
      expect(await c.zrangestore(b, a, 1, 2, { desc: true })).toBe(2);
      expect(await c.zrange(b, 0, -1)).toEqual(['a1', 'a2']);
      expect(await c.zrangestore(b, a, 2, 1, { byscore: true, offset: 0, num: 1, desc: true })).toBe(1);
      expect(await c.zrange(b, 0, -1)).toEqual(['a2']);
      expect(await c.zrangestore(b, a, '[a2', '(a3', { bylex: true, offset: 0, num: 1 })).toBe(1);
      expect(await c.zrange(b, 0, -1)).toEqual(['a2']);
      await expect(c.zrangestore(b, a, 0, 1, { withscores: true } as never)).rejects.toBeInstanceOf(DataError);
    }));

  it('test_zrangebylex, test_zrevrangebylex', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, lex);
      expect(await c.zrangebylex(a, '-', '[c')).toEqual(['a', 'b', 'c']);
      expect(await c.zrangebylex(a, '-', '(c')).toEqual(['a', 'b']);
      expect(await c.zrangebylex(a, '[aaa', '(g')).toEqual(['b', 'c', 'd', 'e', 'f']);
      expect(await c.zrangebylex(a, '[f', '+')).toEqual(['f', 'g']);
      expect(await c.zrangebylex(a, '-', '+', { start: 3, num: 2 })).toEqual(['d', 'e']);
      expect(await c.zrevrangebylex(a, '[c', '-')).toEqual(['c', 'b', 'a']);
      expect(await c.zrevrangebylex(a, '(c', '-')).toEqual(['b', 'a']);
      expect(await c.zrevrangebylex(a, '(g', '[aaa')).toEqual(['f', 'e', 'd', 'c', 'b']);
      expect(await c.zrevrangebylex(a, '+', '[f')).toEqual(['g', 'f']);
      expect(await c.zrevrangebylex(a, '+', '-', { start: 3, num: 2 })).toEqual(['d', 'c']);
      await expect(c.zrangebylex(a, '-', '+', { start: 3 })).rejects.toBeInstanceOf(DataError);
    }));

  it('test_zrangebyscore', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, five);
      expect(await c.zrangebyscore(a, 2, 4)).toEqual(['a2', 'a3', 'a4']);
      expect(await c.zrangebyscore(a, 2, 4, { start: 1, num: 2 })).toEqual(['a3', 'a4']);
      expect(await c.zrangebyscore(a, 2, 4, { withscores: true })).toEqual([
        ['a2', 2],
        ['a3', 3],
        ['a4', 4],
      ]);
      expect(await c.zrangebyscore(a, 2, 4, { withscores: true, score_cast_func: Math.trunc })).toEqual([
        ['a2', 2],
        ['a3', 3],
        ['a4', 4],
      ]);
      expect(await c.zrangebyscore(a, 2, 4, { withscores: true, score_cast_func: String })).toEqual([
        ['a2', '2'],
        ['a3', '3'],
        ['a4', '4'],
      ]);
    }));

  it('test_zrevrange, test_zrevrangebyscore (custom casts on RESP2 and RESP3)', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, five);
      expect(await c.zrevrange(a, 0, 1)).toEqual(['a5', 'a4']);
      expect(await c.zrevrange(a, 1, 2, { withscores: true })).toEqual([
        ['a4', 4],
        ['a3', 3],
      ]);
      expect(await c.zrevrange(a, 0, 1, { withscores: true, score_cast_func: String })).toEqual([
        ['a5', '5'],
        ['a4', '4'],
      ]);
      expect(await c.zrevrangebyscore(a, 4, 2)).toEqual(['a4', 'a3', 'a2']);
      expect(await c.zrevrangebyscore(a, 4, 2, { start: 1, num: 2 })).toEqual(['a3', 'a2']);
      expect(await c.zrevrangebyscore(a, 4, 2, { withscores: true, score_cast_func: Math.trunc })).toEqual([
        ['a4', 4],
        ['a3', 3],
        ['a2', 2],
      ]);
      expect(await c.zrevrangebyscore(a, 4, 2, { withscores: true, score_cast_func: String })).toEqual([
        ['a4', '4'],
        ['a3', '3'],
        ['a2', '2'],
      ]);
    }));
});

describe('ranks and removal', () => {
  it('test_zrank, test_zrevrank', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, five);
      expect(await c.zrank(a, 'a1')).toBe(0);
      expect(await c.zrank(a, 'a2')).toBe(1);
      expect(await c.zrank(a, 'a6')).toBeNull();
      expect(await c.zrevrank(a, 'a1')).toBe(4);
      expect(await c.zrevrank(a, 'a2')).toBe(3);
      expect(await c.zrevrank(a, 'a6')).toBeNull();
    }));

  itSince('7.2', 'test_zrank_withscore, test_zrevrank_withscore', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, five);
      expect(await c.zrank(a, 'a3', { withscore: true })).toEqual([2, 3]);
      expect(await c.zrank(a, 'a6', { withscore: true })).toBeNull();
      expect(await c.zrank(a, 'a3', { withscore: true, score_cast_func: String })).toEqual([2, '3']);
      expect(await c.zrevrank(a, 'a3', { withscore: true })).toEqual([2, 3]);
      expect(await c.zrevrank(a, 'a6', { withscore: true })).toBeNull();
      expect(await c.zrevrank(a, 'a3', { withscore: true, score_cast_func: String })).toEqual([2, '3']);
    }),
  );

  it('test_zrem, test_zrem_multiple_keys', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, { a1: 1, a2: 2, a3: 3 });
      expect(await c.zrem(a, 'a2')).toBe(1);
      expect(await c.zrange(a, 0, -1)).toEqual(['a1', 'a3']);
      expect(await c.zrem(a, 'b')).toBe(0);
      await c.zadd(a, { a2: 2 });
      expect(await c.zrem(a, 'a1', 'a2')).toBe(2);
      expect(await c.zrange(a, 0, 5)).toEqual(['a3']);
    }));

  it('test_zremrangebylex, test_zremrangebyrank, test_zremrangebyscore', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, lex);
      expect(await c.zremrangebylex(a, '-', '[c')).toBe(3);
      expect(await c.zrange(a, 0, -1)).toEqual(['d', 'e', 'f', 'g']);
      expect(await c.zremrangebylex(a, '[f', '+')).toBe(2);
      expect(await c.zremrangebylex(a, '[h', '+')).toBe(0);
      expect(await c.zrange(a, 0, -1)).toEqual(['d', 'e']);
      const b = `${a}:b`;
      await c.zadd(b, five);
      expect(await c.zremrangebyrank(b, 1, 3)).toBe(3);
      expect(await c.zrange(b, 0, 5)).toEqual(['a1', 'a5']);
      await c.zadd(b, five);
      expect(await c.zremrangebyscore(b, 2, 4)).toBe(3);
      expect(await c.zrange(b, 0, -1)).toEqual(['a1', 'a5']);
      expect(await c.zremrangebyscore(b, 2, 4)).toBe(0);
    }));
});

describe('zscan and zscan_iter', () => {
  it('test_zscan (and score_cast_func, the scientific-notation case included)', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, { a: 1, b: 2, c: 3 });
      const [cursor, pairs] = await c.zscan(a);
      expect(cursor).toBe(0);
      expect(pairs.sort()).toEqual([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]);
      expect((await c.zscan(a, 0, { match: 'a' }))[1]).toEqual([['a', 1]]);
      expect((await c.zscan(a, 0, { match: 'a', score_cast_func: String }))[1]).toEqual([['a', '1']]);
      await c.zadd(a, { big: 1.7732526297292595e18 });
      expect((await c.zscan(a, 0, { match: 'big', score_cast_func: BigInt }))[1]).toEqual([
        ['big', 1773252629729259520n],
      ]);
    }));

  it('test_zscan_iter (score_cast_func too; its options are checked when the iterator is made)', () =>
    onBoth(async (c, a) => {
      await c.zadd(a, { a: 1, b: 2, c: 3 });
      const all: Array<[string, number]> = [];
      for await (const pair of c.zscan_iter(a)) all.push(pair);
      expect(all.sort()).toEqual([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]);
      const matched: Array<[string, string]> = [];
      for await (const pair of c.zscanIter(a, { match: 'a', score_cast_func: (s: number) => `${s}!` })) {
        matched.push(pair);
      }
      expect(matched).toEqual([['a', '1!']]);
      expect(() => c.zscan_iter(a, { mach: 'a' } as never)).toThrow(/ZSCAN: unknown option 'mach'/);
      expect(() => c.zscan_iter(a, { score_cast_func: 'int' } as never)).toThrow(DataError);
    }));

  it('zscan_iter follows the cursor over a large set', async () => {
    const a = `${P}large`;
    const mapping: Record<string, number> = {};
    for (let i = 0; i < 300; i++) mapping[`m${i}`] = i;
    await clients.r.zadd(a, mapping);
    const seen = new Map<string, number>();
    for await (const [member, score] of clients.r3.zscan_iter(a, {
      count: 20,
      score_cast_func: (s: number) => s * 2,
    })) {
      seen.set(member, score);
    }
    expect(seen.size).toBe(300);
    expect(seen.get('m150')).toBe(300);
  });
});

describe('in a pipeline (test_pipeline.py)', () => {
  it('test_pipeline: zadd and zincrby replies; casts and the numkeys forms work queued too', () =>
    onBoth(async (c, a) => {
      for (const transaction of [true, false]) {
        const pipe = c.pipeline({ transaction });
        pipe.zadd(a, { z1: 1 }).zadd(a, { z2: 4 }).zincrby(a, 1, 'z1');
        pipe.zrange(a, 0, -1, { withscores: true, score_cast_func: String });
        pipe.zmpop(1, [a], { max: true }).zintercard(1, [a]);
        expect(await pipe.execute()).toEqual([
          1,
          1,
          2,
          [
            ['z1', '2'],
            ['z2', '4'],
          ],
          [a, [['z2', 4]]],
          1,
        ]);
        await c.delete(a);
      }
      expect(() => c.pipeline().zmpop(2, [a], { min: true })).toThrow(DataError);
    }));
});

describe('in a cluster (test_cluster.py), hash-tagged keys', () => {
  it('test_cluster_zdiff, _zinter, _zunion, _zrangestore, _bzpopmax, zintercard and zmpop', async () => {
    const seed = cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    const t = `{${P}tag}`;
    try {
      await rc.zadd(`${t}a`, { a1: 1, a2: 2, a3: 1 });
      await rc.zadd(`${t}b`, { a1: 2, a2: 2, a3: 2 });
      await rc.zadd(`${t}c`, { a1: 6, a3: 5, a4: 4 });
      const keys = [`${t}a`, `${t}b`, `${t}c`];
      expect(await rc.zdiff([`${t}a`, `${t}b`], { withscores: true })).toEqual([]);
      expect(await rc.zinter(keys, { withscores: true, aggregate: 'MAX' })).toEqual([
        ['a3', 5],
        ['a1', 6],
      ]);
      expect(await rc.zunion(keys)).toEqual(['a2', 'a4', 'a3', 'a1']);
      expect(await rc.zintercard(3, keys)).toBe(2);
      expect(await rc.zrangestore(`${t}out`, `${t}a`, 0, 1)).toBe(2);
      expect(await rc.zrange(`${t}out`, 0, -1)).toEqual(['a1', 'a3']);
      expect(await rc.bzpopmax([`${t}c`, `${t}a`], 1)).toEqual([`${t}c`, 'a1', 6]);
      expect(await rc.zmpop(2, [`${t}x`, `${t}c`], { min: true })).toEqual([`${t}c`, [['a4', 4]]]);
      await expect(rc.zintercard(2, [`${P}one`, `${P}two`])).rejects.toBeInstanceOf(CrossSlotError);
      await rc.execute_command('DEL', ...keys, `${t}out`);
    } finally {
      await rc.close();
    }
  });
});
