/**
 * redis-py's set tests (tests/test_commands.py, test_sadd … test_sunionstore, test_sintercard, test_smismember,
 * test_sscan, test_sscan_iter, and test_cluster.py's `{foo}` variants), asserting the same results on a standalone
 * server in RESP2 and RESP3 (where SMEMBERS and friends answer a set type) and on the cluster.
 */
import { expect, it } from 'vitest';
import { b, describeRedisPy } from '../harness/redis-py-targets.js';
import { itSince } from '../harness/server-version.js';

describeRedisPy('sets', ({ target, r, k }) => {
  it('test_sadd, test_scard, test_smembers', async () => {
    const members = ['1', '2', '3'];
    expect(await r.sadd(k('add'), ...members)).toBe(3);
    expect(await r.smembers(k('add'))).toEqual(new Set(members));
    expect(await r.scard(k('add'))).toBe(3);
    expect(await r.smembers(k('missing'))).toEqual(new Set());
  });

  it('test_sdiff, test_sdiffstore', async () => {
    const [a, bk, c] = [k('d:a'), k('d:b'), k('d:c')];
    await r.sadd(a, '1', '2', '3');
    expect(await r.sdiff(a, bk)).toEqual(new Set(['1', '2', '3']));
    expect(await r.sdiffstore(c, a, bk)).toBe(3);
    expect(await r.smembers(c)).toEqual(new Set(['1', '2', '3']));
    await r.sadd(bk, '2', '3');
    expect(await r.sdiff(a, bk)).toEqual(new Set(['1']));
    expect(await r.sdiffstore(c, a, bk)).toBe(1);
    expect(await r.smembers(c)).toEqual(new Set(['1']));
  });

  it('test_sinter, test_sinterstore', async () => {
    const [a, bk, c] = [k('i:a'), k('i:b'), k('i:c')];
    await r.sadd(a, '1', '2', '3');
    expect(await r.sinter(a, bk)).toEqual(new Set());
    expect(await r.sinterstore(c, a, bk)).toBe(0);
    expect(await r.smembers(c)).toEqual(new Set());
    await r.sadd(bk, '2', '3');
    expect(await r.sinter(a, bk)).toEqual(new Set(['2', '3']));
    expect(await r.sinterstore(c, a, bk)).toBe(2);
    expect(await r.smembers(c)).toEqual(new Set(['2', '3']));
  });

  itSince('7.0', 'test_sintercard: sintercard(numkeys, keys, { limit })', async () => {
    const [a, bk, c] = [k('ic:a'), k('ic:b'), k('ic:c')];
    await r.sadd(a, 1, 2, 3);
    await r.sadd(bk, 1, 2, 3);
    await r.sadd(c, 1, 3, 4);
    expect(await r.sintercard(3, [a, bk, c])).toBe(2);
    expect(await r.sintercard(3, [a, bk, c], { limit: 1 })).toBe(1);
  });

  it('test_sismember, test_smismember', async () => {
    await r.sadd(k('m'), '1', '2', '3');
    expect(await r.sismember(k('m'), '1')).toBe(true);
    expect(await r.sismember(k('m'), '2')).toBe(true);
    expect(await r.sismember(k('m'), '3')).toBe(true);
    expect(await r.sismember(k('m'), '4')).toBe(false);
    const result = [true, false, true, true];
    expect(await r.smismember(k('m'), '1', '4', '2', '3')).toEqual(result);
    expect(await r.smismember(k('m'), ['1', '4', '2', '3'])).toEqual(result);
  });

  it('test_smove', async () => {
    await r.sadd(k('mv:a'), 'a1', 'a2');
    await r.sadd(k('mv:b'), 'b1', 'b2');
    expect(await r.smove(k('mv:a'), k('mv:b'), 'a1')).toBe(true);
    expect(await r.smembers(k('mv:a'))).toEqual(new Set(['a2']));
    expect(await r.smembers(k('mv:b'))).toEqual(new Set(['b1', 'b2', 'a1']));
  });

  it('test_spop, test_spop_multi_value', async () => {
    const s = ['1', '2', '3'];
    await r.sadd(k('pop'), ...s);
    const value = await r.spop(k('pop'));
    expect(s).toContain(value);
    expect(await r.smembers(k('pop'))).toEqual(new Set(s.filter((m) => m !== value)));
    await r.sadd(k('pop2'), ...s);
    const values = await r.spop(k('pop2'), 2);
    expect(Array.isArray(values)).toBe(true);
    expect(values).toHaveLength(2);
    for (const v of values) expect(s).toContain(v);
    expect(new Set(await r.spop(k('pop2'), 1))).toEqual(new Set(s.filter((m) => !values.includes(m))));
  });

  it('test_srandmember, test_srandmember_multi_value', async () => {
    const s = ['1', '2', '3'];
    await r.sadd(k('rand'), ...s);
    expect(s).toContain(await r.srandmember(k('rand')));
    const randoms = await r.srandmember(k('rand'), 2);
    expect(randoms).toHaveLength(2);
    for (const v of randoms) expect(s).toContain(v);
  });

  it('test_srem', async () => {
    await r.sadd(k('rem'), '1', '2', '3', '4');
    expect(await r.srem(k('rem'), '5')).toBe(0);
    expect(await r.srem(k('rem'), '2', '4')).toBe(2);
    expect(await r.smembers(k('rem'))).toEqual(new Set(['1', '3']));
  });

  it('test_sunion, test_sunionstore', async () => {
    await r.sadd(k('u:a'), '1', '2');
    await r.sadd(k('u:b'), '2', '3');
    expect(await r.sunion(k('u:a'), k('u:b'))).toEqual(new Set(['1', '2', '3']));
    expect(await r.sunionstore(k('u:c'), k('u:a'), k('u:b'))).toBe(3);
    expect(await r.smembers(k('u:c'))).toEqual(new Set(['1', '2', '3']));
  });

  it('test_sscan: [cursor, members]; match as text or bytes', async () => {
    await r.sadd(k('scan'), 1, 2, 3);
    const [cursor, members] = await r.sscan(k('scan'));
    expect(cursor).toBe(0);
    expect(new Set(members)).toEqual(new Set(['1', '2', '3']));
    const [, matched] = await r.sscan(k('scan'), 0, { match: b('1') });
    expect(new Set(matched)).toEqual(new Set(['1']));
  });

  it('test_sscan_iter', async () => {
    await r.sadd(k('iter'), 1, 2, 3);
    const all: string[] = [];
    for await (const member of r.sscan_iter(k('iter'))) all.push(member);
    expect(new Set(all)).toEqual(new Set(['1', '2', '3']));
    const matched: string[] = [];
    for await (const member of r.sscan_iter(k('iter'), { match: b('1') })) matched.push(member);
    expect(matched).toEqual(['1']);
  });

  it('Buffer replies: members as Buffers in Sets and lists', async () => {
    const bytes = target.connectBytes();
    try {
      await bytes.sadd(b(k('bin')), b('x'), b('y'));
      expect(await bytes.smembers(b(k('bin')))).toEqual(new Set([b('x'), b('y')]));
      expect(await bytes.sinter(b(k('bin')), b(k('bin')))).toEqual(new Set([b('x'), b('y')]));
      const [, page] = await bytes.sscan(b(k('bin')), 0, { match: b('x') });
      expect(page).toEqual([b('x')]);
      expect(await bytes.spop(b(k('missing')), 2)).toEqual([]);
    } finally {
      await bytes.close();
    }
  });
});
