/**
 * redis-py's list tests (tests/test_commands.py, test_blpop … test_rpushx, test_lpos, test_lists_with_byte_keys, and
 * test_cluster.py's `{foo}` variants), asserting the same results on a standalone server in RESP2 and RESP3 and on the
 * cluster. Blocking calls that find nothing wait 0.1 s where redis-py waits 1 s.
 */
import { expect, it } from 'vitest';
import { DataError } from '../../src/index.js';
import { b, describeRedisPy } from '../harness/redis-py-targets.js';
import { itSince } from '../harness/server-version.js';

describeRedisPy('lists', ({ target, r, k }) => {
  it('test_blpop / test_brpop: [key, value] from the first non-empty list, null after the timeout', async () => {
    for (const [method, order] of [
      ['blpop', ['3', '4', '1', '2']],
      ['brpop', ['4', '3', '2', '1']],
    ] as const) {
      await r.rpush(k(`${method}:a`), '1', '2');
      await r.rpush(k(`${method}:b`), '3', '4');
      const keys = [k(`${method}:b`), k(`${method}:a`)];
      const pop = (names: string | string[], timeout: number) =>
        method === 'blpop' ? r.blpop(names, timeout) : r.brpop(names, timeout);
      expect(await pop(keys, 1)).toEqual([keys[0], order[0]]);
      expect(await pop(keys, 1)).toEqual([keys[0], order[1]]);
      expect(await pop(keys, 1)).toEqual([keys[1], order[2]]);
      expect(await pop(keys, 1)).toEqual([keys[1], order[3]]);
      expect(await pop(keys, 0.1)).toBeNull();
      await r.rpush(k(`${method}:c`), '1');
      expect(await pop(k(`${method}:c`), 1)).toEqual([k(`${method}:c`), '1']);
    }
  });

  it('test_brpoplpush (and test_brpoplpush_empty_string)', async () => {
    await r.rpush(k('bpl:a'), '1', '2');
    await r.rpush(k('bpl:b'), '3', '4');
    expect(await r.brpoplpush(k('bpl:a'), k('bpl:b'))).toBe('2');
    expect(await r.brpoplpush(k('bpl:a'), k('bpl:b'))).toBe('1');
    expect(await r.brpoplpush(k('bpl:a'), k('bpl:b'), 0.1)).toBeNull();
    expect(await r.lrange(k('bpl:a'), 0, -1)).toEqual([]);
    expect(await r.lrange(k('bpl:b'), 0, -1)).toEqual(['1', '2', '3', '4']);
    await r.rpush(k('bpl:e'), '');
    expect(await r.brpoplpush(k('bpl:e'), k('bpl:f'))).toBe('');
  });

  itSince('7.0', 'test_blmpop: blmpop(timeout, numkeys, ...keys, { direction, count })', async () => {
    const [a, bk] = [k('bm:a'), k('bm:b')];
    await r.rpush(a, '1', '2', '3', '4', '5');
    expect(await r.blmpop(1, '2', bk, a, { direction: 'LEFT', count: 2 })).toEqual([a, ['1', '2']]);
    // redis-py: TypeError without the direction.
    await expect(r.blmpop(1, '2', bk, a, { count: 2 } as never)).rejects.toBeInstanceOf(DataError);
    await r.rpush(bk, '6', '7', '8', '9');
    expect(await r.blmpop(0, '2', bk, a, { direction: 'LEFT' })).toEqual([bk, ['6']]);
    expect(await r.blmpop(0.1, '2', k('bm:foo'), k('bm:bar'), { direction: 'RIGHT' })).toBeNull();
  });

  itSince('7.0', 'test_lmpop: lmpop(num_keys, ...keys, { direction, count })', async () => {
    const [foo, bar] = [k('lm:foo'), k('lm:bar')];
    await r.rpush(foo, '1', '2', '3', '4', '5');
    expect(await r.lmpop('2', bar, foo, { direction: 'LEFT', count: 2 })).toEqual([foo, ['1', '2']]);
    // redis-py sends it and gets a ResponseError; the direction is checked before sending here.
    await expect(r.lmpop('2', bar, foo, { direction: 'up' as 'LEFT', count: 2 })).rejects.toBeInstanceOf(DataError);
    await r.rpush(bar, 'a', 'b', 'c', 'd');
    expect(await r.lmpop('2', bar, foo, { direction: 'LEFT' })).toEqual([bar, ['a']]);
  });

  it('test_lindex, test_linsert, test_llen', async () => {
    await r.rpush(k('li'), '1', '2', '3');
    expect(await r.lindex(k('li'), '0' as unknown as number)).toBe('1');
    expect(await r.lindex(k('li'), 1)).toBe('2');
    expect(await r.lindex(k('li'), 2)).toBe('3');
    expect(await r.llen(k('li'))).toBe(3);
    expect(await r.linsert(k('li'), 'after', '2', '2.5')).toBe(4);
    expect(await r.lrange(k('li'), 0, -1)).toEqual(['1', '2', '2.5', '3']);
    expect(await r.linsert(k('li'), 'before', '2', '1.5')).toBe(5);
    expect(await r.lrange(k('li'), 0, -1)).toEqual(['1', '1.5', '2', '2.5', '3']);
  });

  it('test_lpop, test_lpop_count, test_rpop, test_rpop_count', async () => {
    for (const [method, one, two] of [
      ['lpop', ['1', '2', '3'], [['1', '2'], ['3']]],
      ['rpop', ['3', '2', '1'], [['3', '2'], ['1']]],
    ] as const) {
      const key = k(`pop:${method}`);
      await r.rpush(key, '1', '2', '3');
      for (const value of one) expect(await r[method](key)).toBe(value);
      expect(await r[method](key)).toBeNull();
      await r.rpush(key, '1', '2', '3');
      expect(await r[method](key, 2)).toEqual(two[0]);
      expect(await r[method](key, 1)).toEqual(two[1]);
      expect(await r[method](key)).toBeNull();
      expect(await r[method](key, 3)).toBeNull();
    }
  });

  it('test_lpush, test_rpush', async () => {
    expect(await r.lpush(k('lp'), '1')).toBe(1);
    expect(await r.lpush(k('lp'), '2')).toBe(2);
    expect(await r.lpush(k('lp'), '3', '4')).toBe(4);
    expect(await r.lrange(k('lp'), 0, -1)).toEqual(['4', '3', '2', '1']);
    expect(await r.rpush(k('rp'), '1')).toBe(1);
    expect(await r.rpush(k('rp'), '2')).toBe(2);
    expect(await r.rpush(k('rp'), '3', '4')).toBe(4);
    expect(await r.lrange(k('rp'), 0, -1)).toEqual(['1', '2', '3', '4']);
  });

  it('test_lpushx, test_lpushx_with_list, test_rpushx', async () => {
    expect(await r.lpushx(k('lx'), '1')).toBe(0);
    expect(await r.lrange(k('lx'), 0, -1)).toEqual([]);
    await r.rpush(k('lx'), '1', '2', '3');
    expect(await r.lpushx(k('lx'), '4')).toBe(4);
    expect(await r.lrange(k('lx'), 0, -1)).toEqual(['4', '1', '2', '3']);
    await r.lpush(k('somekey'), 'a');
    await r.lpush(k('somekey'), 'b');
    expect(await r.lpushx(k('somekey'), 'foo', 'asdasd', 55, 'asdasdas')).toBe(6);
    expect(await r.lrange(k('somekey'), 0, -1)).toEqual(['asdasdas', '55', 'asdasd', 'foo', 'b', 'a']);
    expect(await r.rpushx(k('rx'), 'b')).toBe(0);
    expect(await r.lrange(k('rx'), 0, -1)).toEqual([]);
    await r.rpush(k('rx'), '1', '2', '3');
    expect(await r.rpushx(k('rx'), '4')).toBe(4);
    expect(await r.lrange(k('rx'), 0, -1)).toEqual(['1', '2', '3', '4']);
  });

  it('test_lrange, test_lrem, test_lset, test_ltrim', async () => {
    await r.rpush(k('lr'), '1', '2', '3', '4', '5');
    expect(await r.lrange(k('lr'), 0, 2)).toEqual(['1', '2', '3']);
    expect(await r.lrange(k('lr'), 2, 10)).toEqual(['3', '4', '5']);
    expect(await r.lrange(k('lr'), 0, -1)).toEqual(['1', '2', '3', '4', '5']);
    await r.rpush(Buffer.from(k('345')), '12', '22', '32', '42', '52');
    expect(await r.lrange(Buffer.from(k('345')), 0, 0)).toEqual(['12']);
    await r.rpush(k('rem'), 'Z', 'b', 'Z', 'Z', 'c', 'Z', 'Z');
    expect(await r.lrem(k('rem'), 1, 'Z')).toBe(1);
    expect(await r.lrange(k('rem'), 0, -1)).toEqual(['b', 'Z', 'Z', 'c', 'Z', 'Z']);
    expect(await r.lrem(k('rem'), -2, 'Z')).toBe(2);
    expect(await r.lrange(k('rem'), 0, -1)).toEqual(['b', 'Z', 'Z', 'c']);
    expect(await r.lrem(k('rem'), 0, 'Z')).toBe(2);
    expect(await r.lrange(k('rem'), 0, -1)).toEqual(['b', 'c']);
    await r.rpush(k('set'), '1', '2', '3');
    expect(await r.lset(k('set'), 1, '4')).toBe(true);
    expect(await r.lrange(k('set'), 0, 2)).toEqual(['1', '4', '3']);
    await r.rpush(k('trim'), '1', '2', '3');
    expect(await r.ltrim(k('trim'), 0, 1)).toBe(true);
    expect(await r.lrange(k('trim'), 0, -1)).toEqual(['1', '2']);
  });

  it('test_rpoplpush', async () => {
    await r.rpush(k('rpl:a'), 'a1', 'a2', 'a3');
    await r.rpush(k('rpl:b'), 'b1', 'b2', 'b3');
    expect(await r.rpoplpush(k('rpl:a'), k('rpl:b'))).toBe('a3');
    expect(await r.lrange(k('rpl:a'), 0, -1)).toEqual(['a1', 'a2']);
    expect(await r.lrange(k('rpl:b'), 0, -1)).toEqual(['a3', 'b1', 'b2', 'b3']);
  });

  it('test_lpos', async () => {
    const a = k('pos');
    expect(await r.rpush(a, 'a', 'b', 'c', '1', '2', '3', 'c', 'c')).toBe(8);
    expect(await r.lpos(a, 'a')).toBe(0);
    expect(await r.lpos(a, 'c')).toBe(2);
    expect(await r.lpos(a, 'c', { rank: 1 })).toBe(2);
    expect(await r.lpos(a, 'c', { rank: 2 })).toBe(6);
    expect(await r.lpos(a, 'c', { rank: 4 })).toBeNull();
    expect(await r.lpos(a, 'c', { rank: -1 })).toBe(7);
    expect(await r.lpos(a, 'c', { rank: -2 })).toBe(6);
    expect(await r.lpos(a, 'c', { count: 0 })).toEqual([2, 6, 7]);
    expect(await r.lpos(a, 'c', { count: 1 })).toEqual([2]);
    expect(await r.lpos(a, 'c', { count: 2 })).toEqual([2, 6]);
    expect(await r.lpos(a, 'c', { count: 100 })).toEqual([2, 6, 7]);
    expect(await r.lpos(a, 'c', { count: 0, rank: 2 })).toEqual([6, 7]);
    expect(await r.lpos(a, 'c', { count: 2, rank: -1 })).toEqual([7, 6]);
    expect(await r.lpos(k('axxx'), 'c', { count: 0, rank: 2 })).toEqual([]);
    expect(await r.lpos(k('axxx'), 'c')).toBeNull();
    expect(await r.lpos(a, 'x', { count: 2 })).toEqual([]);
    expect(await r.lpos(a, 'x')).toBeNull();
    expect(await r.lpos(a, 'a', { count: 0, maxlen: 1 })).toEqual([0]);
    expect(await r.lpos(a, 'c', { count: 0, maxlen: 1 })).toEqual([]);
    expect(await r.lpos(a, 'c', { count: 0, maxlen: 3 })).toEqual([2]);
    expect(await r.lpos(a, 'c', { count: 0, maxlen: 3, rank: -1 })).toEqual([7, 6]);
    expect(await r.lpos(a, 'c', { count: 0, maxlen: 7, rank: 2 })).toEqual([6]);
  });

  it('test_lmove, test_blmove (and test_cluster_lmove / test_cluster_blmove)', async () => {
    await r.rpush(k('mv:a'), 'one', 'two', 'three', 'four');
    expect(await r.lmove(k('mv:a'), k('mv:b'))).toBe('one');
    expect(await r.lmove(k('mv:a'), k('mv:b'), 'right', 'left')).toBe('four');
    expect(await r.blmove(k('mv:a'), k('mv:b'), 5)).toBe('two');
    expect(await r.blmove(k('mv:a'), k('mv:b'), 1, 'RIGHT', 'LEFT')).toBe('three');
    expect(await r.lrange(k('mv:b'), 0, -1)).toEqual(['three', 'four', 'one', 'two']);
    expect(await r.blmove(k('mv:a'), k('mv:b'), 0.1)).toBeNull();
  });

  it('test_lists_with_byte_keys: Buffer keys, values and directions, Buffer replies', async () => {
    const bytes = target.connectBytes();
    try {
      await bytes.rpush(b(k('b')), b('1'), b('2'), b('3'));
      expect(await bytes.lrange(b(k('b')), 0, -1)).toEqual([b('1'), b('2'), b('3')]);
      expect(await bytes.lpos(b(k('b')), b('2'))).toBe(1);
      expect(await bytes.lpos(b(k('b')), b('2'), { rank: 1 })).toBe(1);
      expect(await bytes.lpos(b(k('b')), b('2'), { rank: 2 })).toBeNull();
      await bytes.set(b(k('key1')), b('ohmytext'));
      await bytes.set(b(k('key2')), b('mynewtext'));
      expect(await bytes.lcs(b(k('key1')), b(k('key2')))).toEqual(b('mytext'));
      expect(await bytes.type(b(k('b')))).toEqual('list');
      expect(await bytes.type(b(k('key1')))).toEqual('string');
      if (!target.cluster) {
        await bytes.set(b(k('scan_key1')), b('value1'));
        await bytes.set(b(k('scan_key2')), b('value2'));
        const [cursor, keys] = await bytes.scan(0, { match: b(k('scan_key*')), count: 1_000_000 });
        expect(cursor).toBe(0);
        expect(new Set(keys)).toEqual(new Set([b(k('scan_key1')), b(k('scan_key2'))]));
      }
      await bytes.set(b(k('expire_key')), b('value'));
      await bytes.pexpire(b(k('expire_key')), 10000);
      expect(await bytes.pexpiretime(b(k('expire_key')))).toBeGreaterThan(0);
      await bytes.rpush(b(k('list_src')), b('a'), b('b'), b('c'));
      await bytes.rpush(b(k('list_dest')), b('x'));
      expect(await bytes.lmove(b(k('list_src')), b(k('list_dest')), b('LEFT'), b('RIGHT'))).toEqual(b('a'));
      expect(await bytes.lrange(b(k('list_dest')), 0, -1)).toEqual([b('x'), b('a')]);
      await bytes.sadd(b(k('set_src')), b('member1'), b('member2'));
      await bytes.sadd(b(k('set_dest')), b('member3'));
      expect(await bytes.smove(b(k('set_src')), b(k('set_dest')), b('member1'))).toBe(true);
      expect([...(await bytes.smembers(b(k('set_dest'))))]).toContainEqual(b('member1'));
    } finally {
      await bytes.close();
    }
  });
});
