/**
 * redis-py's sorted-set tests (tests/test_commands.py: test_zadd … test_zmscore, the pops, set algebra and ZINTERCARD)
 * in redis-py's call forms, on RESP2 and RESP3 clients: the replies must be redis-py's unified shapes whatever the
 * protocol. Ranges, ranks, ZSCAN, score_cast_func and the cluster forms are in redis-py-sorted-set-ranges.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DataError, type StrictRedis } from '../../src/index.js';
import { useRespClients } from '../harness/resp-clients.js';

const P = `redis-py-zsets:${process.pid}:`;
const clients = useRespClients(P);

/** Runs a redis-py test body on a RESP2 and a RESP3 client, each with keys of its own (`k('a')`). */
const onBoth = (body: (c: StrictRedis, k: (name: string) => string) => Promise<void>) =>
  clients.onBoth((c, prefix) => body(c, (name) => prefix + name));

describe('adding, counting, scores', () => {
  it('test_zadd', () =>
    onBoth(async (c, k) => {
      const mapping = { a1: 1.0, a2: 2.0, a3: 3.0 };
      await c.zadd(k('a'), mapping);
      expect(await c.zrange(k('a'), 0, -1, { withscores: true })).toEqual([
        ['a1', 1],
        ['a2', 2],
        ['a3', 3],
      ]);
      await expect(c.zadd(k('a'), {})).rejects.toBeInstanceOf(DataError);
      await expect(c.zadd(k('a'), mapping, { nx: true, xx: true })).rejects.toBeInstanceOf(DataError);
      await expect(c.zadd(k('a'), mapping, { incr: true })).rejects.toBeInstanceOf(DataError);
    }));

  it('test_zadd_nx, test_zadd_xx, test_zadd_ch', () =>
    onBoth(async (c, k) => {
      expect(await c.zadd(k('nx'), { a1: 1 })).toBe(1);
      expect(await c.zadd(k('nx'), { a1: 99, a2: 2 }, { nx: true })).toBe(1);
      expect(await c.zrange(k('nx'), 0, -1, { withscores: true })).toEqual([
        ['a1', 1],
        ['a2', 2],
      ]);
      expect(await c.zadd(k('xx'), { a1: 1 })).toBe(1);
      expect(await c.zadd(k('xx'), { a1: 99, a2: 2 }, { xx: true })).toBe(0);
      expect(await c.zrange(k('xx'), 0, -1, { withscores: true })).toEqual([['a1', 99]]);
      expect(await c.zadd(k('ch'), { a1: 1 })).toBe(1);
      expect(await c.zadd(k('ch'), { a1: 99, a2: 2 }, { ch: true })).toBe(2);
      expect(await c.zrange(k('ch'), 0, -1, { withscores: true })).toEqual([
        ['a2', 2],
        ['a1', 99],
      ]);
    }));

  it('test_zadd_incr, test_zadd_incr_with_xx', () =>
    onBoth(async (c, k) => {
      expect(await c.zadd(k('a'), { a1: 1 })).toBe(1);
      expect(await c.zadd(k('a'), { a1: 4.5 }, { incr: true })).toBe(5.5);
      expect(await c.zadd(k('b'), { a1: 1 }, { xx: true, incr: true })).toBeNull();
    }));

  it('test_zadd_gt_lt', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a: 2 });
      expect(await c.zadd(k('a'), { a: 5 }, { gt: true, ch: true })).toBe(1);
      expect(await c.zadd(k('a'), { a: 1 }, { gt: true, ch: true })).toBe(0);
      expect(await c.zadd(k('a'), { a: 5 }, { lt: true, ch: true })).toBe(0);
      expect(await c.zadd(k('a'), { a: 1 }, { lt: true, ch: true })).toBe(1);
      for (const bad of [
        { nx: true, lt: true },
        { nx: true, gt: true },
        { lt: true, gt: true },
        { nx: true, xx: true },
      ]) {
        await expect(c.zadd(k('a'), { a15: 15 }, bad)).rejects.toBeInstanceOf(DataError);
      }
    }));

  it('test_zcard, test_zcount, test_zincrby, test_zlexcount, test_zscore, test_zmscore', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3 });
      expect(await c.zcard(k('a'))).toBe(3);
      expect(await c.zcount(k('a'), '-inf', '+inf')).toBe(3);
      expect(await c.zcount(k('a'), 1, 2)).toBe(2);
      expect(await c.zcount(k('a'), '(1', 2)).toBe(1);
      expect(await c.zcount(k('a'), 1, '(2')).toBe(1);
      expect(await c.zcount(k('a'), 10, 20)).toBe(0);
      expect(await c.zscore(k('a'), 'a1')).toBe(1);
      expect(await c.zscore(k('a'), 'a4')).toBeNull();
      expect(await c.zincrby(k('a'), 1, 'a2')).toBe(3);
      expect(await c.zincrby(k('a'), 5, 'a3')).toBe(8);
      expect(await c.zscore(k('a'), 'a2')).toBe(3);
      expect(await c.zscore(k('a'), 'a3')).toBe(8);
      await c.zadd(k('lex'), { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0 });
      expect(await c.zlexcount(k('lex'), '-', '+')).toBe(7);
      expect(await c.zlexcount(k('lex'), '[b', '[f')).toBe(5);
      await expect(c.zmscore(k('invalid'), [])).rejects.toBeInstanceOf(DataError);
      expect(await c.zmscore(k('invalid'), ['invalid_member'])).toEqual([null]);
      await c.zadd(k('m'), { a1: 1, a2: 2, a3: 3.5 });
      expect(await c.zmscore(k('m'), ['a1', 'a2', 'a3', 'a4'])).toEqual([1, 2, 3.5, null]);
    }));
});

describe('set algebra', () => {
  async function three(c: StrictRedis, k: (n: string) => string, a = { a1: 1, a2: 1, a3: 1 }) {
    await c.zadd(k('a'), a);
    await c.zadd(k('b'), { a1: 2, a2: 2, a3: 2 });
    await c.zadd(k('c'), { a1: 6, a3: 5, a4: 4 });
    return [k('a'), k('b'), k('c')];
  }

  it('test_zdiff, test_zdiffstore', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3 });
      await c.zadd(k('b'), { a1: 1, a2: 2 });
      expect(await c.zdiff([k('a'), k('b')])).toEqual(['a3']);
      expect(await c.zdiff([k('a'), k('b')], { withscores: true })).toEqual([['a3', 3]]);
      expect(await c.zdiffstore(k('out'), [k('a'), k('b')])).toBe(1);
      expect(await c.zrange(k('out'), 0, -1)).toEqual(['a3']);
      expect(await c.zrange(k('out'), 0, -1, { withscores: true })).toEqual([['a3', 3]]);
    }));

  it('test_zinter', () =>
    onBoth(async (c, k) => {
      const keys = await three(c, k, { a1: 1, a2: 2, a3: 1 });
      expect(await c.zinter(keys)).toEqual(['a3', 'a1']);
      await expect(c.zinter(keys, { aggregate: 'foo' as never, withscores: true })).rejects.toBeInstanceOf(DataError);
      expect(await c.zinter(keys, { withscores: true })).toEqual([
        ['a3', 8],
        ['a1', 9],
      ]);
      expect(await c.zinter(keys, { aggregate: 'MAX', withscores: true })).toEqual([
        ['a3', 5],
        ['a1', 6],
      ]);
      expect(await c.zinter(keys, { aggregate: 'MIN', withscores: true })).toEqual([
        ['a1', 1],
        ['a3', 1],
      ]);
      expect(await c.zinter({ [keys[0]]: 1, [keys[1]]: 2, [keys[2]]: 3 }, { withscores: true })).toEqual([
        ['a3', 20],
        ['a1', 23],
      ]);
    }));

  it('test_zintercard', () =>
    onBoth(async (c, k) => {
      const keys = await three(c, k, { a1: 1, a2: 2, a3: 1 });
      expect(await c.zintercard(3, keys)).toBe(2);
      expect(await c.zintercard(3, keys, { limit: 1 })).toBe(1);
      await expect(c.zintercard(2, keys)).rejects.toBeInstanceOf(DataError);
    }));

  it('test_zinterstore_sum, _max, _min, _with_weight', () =>
    onBoth(async (c, k) => {
      const keys = await three(c, k);
      expect(await c.zinterstore(k('d'), keys)).toBe(2);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a3', 8],
        ['a1', 9],
      ]);
      expect(await c.zinterstore(k('d'), keys, { aggregate: 'MAX' })).toBe(2);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a3', 5],
        ['a1', 6],
      ]);
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3 });
      await c.zadd(k('b'), { a1: 2, a2: 3, a3: 5 });
      expect(await c.zinterstore(k('d'), keys, { aggregate: 'MIN' })).toBe(2);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a1', 1],
        ['a3', 3],
      ]);
      await three(c, k);
      expect(await c.zinterstore(k('d'), { [keys[0]]: 1, [keys[1]]: 2, [keys[2]]: 3 })).toBe(2);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a3', 20],
        ['a1', 23],
      ]);
    }));

  it('test_zunion', () =>
    onBoth(async (c, k) => {
      const keys = await three(c, k);
      expect(await c.zunion(keys)).toEqual(['a2', 'a4', 'a3', 'a1']);
      expect(await c.zunion(keys, { withscores: true })).toEqual([
        ['a2', 3],
        ['a4', 4],
        ['a3', 8],
        ['a1', 9],
      ]);
      expect(await c.zunion(keys, { aggregate: 'MAX', withscores: true })).toEqual([
        ['a2', 2],
        ['a4', 4],
        ['a3', 5],
        ['a1', 6],
      ]);
      expect(await c.zunion(keys, { aggregate: 'MIN', withscores: true })).toEqual([
        ['a1', 1],
        ['a2', 1],
        ['a3', 1],
        ['a4', 4],
      ]);
      expect(await c.zunion({ [keys[0]]: 1, [keys[1]]: 2, [keys[2]]: 3 }, { withscores: true })).toEqual([
        ['a2', 5],
        ['a4', 12],
        ['a3', 20],
        ['a1', 23],
      ]);
      // redis-py's safe_str gets a float ('3.0'); here the cast gets the number 3 ('3').
      expect(await c.zunion(keys, { withscores: true, score_cast_func: String })).toEqual([
        ['a2', '3'],
        ['a4', '4'],
        ['a3', '8'],
        ['a1', '9'],
      ]);
    }));

  it('test_zunionstore_sum, _max, _min, _with_weight', () =>
    onBoth(async (c, k) => {
      const keys = await three(c, k);
      expect(await c.zunionstore(k('d'), keys)).toBe(4);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a2', 3],
        ['a4', 4],
        ['a3', 8],
        ['a1', 9],
      ]);
      expect(await c.zunionstore(k('d'), keys, { aggregate: 'MAX' })).toBe(4);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a2', 2],
        ['a4', 4],
        ['a3', 5],
        ['a1', 6],
      ]);
      expect(await c.zunionstore(k('d'), { [keys[0]]: 1, [keys[1]]: 2, [keys[2]]: 3 })).toBe(4);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a2', 5],
        ['a4', 12],
        ['a3', 20],
        ['a1', 23],
      ]);
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3 });
      await c.zadd(k('b'), { a1: 2, a2: 2, a3: 4 });
      expect(await c.zunionstore(k('d'), keys, { aggregate: 'MIN' })).toBe(4);
      expect(await c.zrange(k('d'), 0, -1, { withscores: true })).toEqual([
        ['a1', 1],
        ['a2', 2],
        ['a3', 3],
        ['a4', 4],
      ]);
    }));
});

describe('pops and random members', () => {
  it('test_zpopmax, test_zpopmin', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3 });
      expect(await c.zpopmax(k('a'))).toEqual([['a3', 3]]);
      expect(await c.zpopmax(k('a'), 2)).toEqual([
        ['a2', 2],
        ['a1', 1],
      ]);
      await c.zadd(k('b'), { a1: 1, a2: 2, a3: 3 });
      expect(await c.zpopmin(k('b'))).toEqual([['a1', 1]]);
      expect(await c.zpopmin(k('b'), 2)).toEqual([
        ['a2', 2],
        ['a3', 3],
      ]);
      expect(await c.zpopmin(k('b'))).toEqual([]);
    }));

  it('test_zrandemember', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3, a4: 4, a5: 5 });
      expect(await c.zrandmember(k('a'))).not.toBeNull();
      expect(await c.zrandmember(k('a'), 2)).toHaveLength(2);
      // Unified: two [member, score] pairs (not RESP2's flat four items).
      const pairs = await c.zrandmember(k('a'), 2, { withscores: true });
      expect(pairs).toHaveLength(2);
      for (const [member, score] of pairs) expect(Number(member.slice(1))).toBe(score);
      expect(await c.zrandmember(k('a'), 10)).toHaveLength(5);
      expect(await c.zrandmember(k('a'), -10)).toHaveLength(10);
    }));

  it('test_bzpopmax, test_bzpopmin', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a1: 1, a2: 2 });
      await c.zadd(k('b'), { b1: 10, b2: 20 });
      const keys = [k('b'), k('a')];
      expect(await c.bzpopmax(keys, 1)).toEqual([k('b'), 'b2', 20]);
      expect(await c.bzpopmax(keys, 1)).toEqual([k('b'), 'b1', 10]);
      expect(await c.bzpopmax(keys, 1)).toEqual([k('a'), 'a2', 2]);
      expect(await c.bzpopmax(keys, 1)).toEqual([k('a'), 'a1', 1]);
      expect(await c.bzpopmax(keys, 0.05)).toBeNull();
      await c.zadd(k('c'), { c1: 100 });
      expect(await c.bzpopmax(k('c'), 1)).toEqual([k('c'), 'c1', 100]);
      await c.zadd(k('a'), { a1: 1, a2: 2 });
      await c.zadd(k('b'), { b1: 10, b2: 20 });
      expect(await c.bzpopmin(keys, 1)).toEqual([k('b'), 'b1', 10]);
      expect(await c.bzpopmin(keys, 1)).toEqual([k('b'), 'b2', 20]);
      expect(await c.bzpopmin(keys, 1)).toEqual([k('a'), 'a1', 1]);
      expect(await c.bzpopmin(keys, 1)).toEqual([k('a'), 'a2', 2]);
      expect(await c.bzpopmin(keys, 0.05)).toBeNull();
    }));

  it('test_zmpop', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3 });
      const keys = [k('b'), k('a')];
      expect(await c.zmpop(2, keys, { min: true, count: 2 })).toEqual([
        k('a'),
        [
          ['a1', 1],
          ['a2', 2],
        ],
      ]);
      await expect(c.zmpop(2, keys, { count: 2 })).rejects.toBeInstanceOf(DataError);
      await c.zadd(k('b'), { b1: 10, ab: 9, b3: 8 });
      expect(await c.zmpop(2, keys, { max: true })).toEqual([k('b'), [['b1', 10]]]);
      expect(await c.zmpop(2, [k('foo'), k('bar')], { max: true })).toBeNull();
      // The report that started this: numkeys first, as redis-py takes it; a count that disagrees is refused.
      await expect(c.zmpop(3, keys, { min: true })).rejects.toBeInstanceOf(DataError);
    }));

  it('test_bzmpop', () =>
    onBoth(async (c, k) => {
      await c.zadd(k('a'), { a1: 1, a2: 2, a3: 3 });
      const keys = [k('b'), k('a')];
      expect(await c.bzmpop(1, 2, keys, { min: true, count: 2 })).toEqual([
        k('a'),
        [
          ['a1', 1],
          ['a2', 2],
        ],
      ]);
      await expect(c.bzmpop(1, 2, keys, { count: 2 })).rejects.toBeInstanceOf(DataError);
      await c.zadd(k('b'), { b1: 10, ab: 9, b3: 8 });
      expect(await c.bzmpop(0, 2, keys, { max: true })).toEqual([k('b'), [['b1', 10]]]);
      expect(await c.bzmpop(0.05, 2, [k('foo'), k('bar')], { max: true })).toBeNull();
    }));
});
