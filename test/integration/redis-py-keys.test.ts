/**
 * redis-py's generic key tests (tests/test_commands.py: test_copy … test_type, test_object, test_restore*), in RESP2
 * and RESP3, with the DataError cases for forms redis-py refuses or a JavaScript caller can get wrong. A redis-py
 * `datetime` is a Date here, a `timedelta` a number of seconds or milliseconds.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CrossSlotError, DataError, ResponseError, StrictRedis, StrictRedisCluster } from '../../src/index.js';

const { standalone } = inject('redis');
const at = (msFromNow: number) => new Date(Date.now() + msFromNow);

for (const protocol of [2, 3] as const) {
  describe(`redis-py key tests, RESP${protocol}`, () => {
    const P = `rp-keys:${process.pid}:${protocol}:`;
    const k = (name: string) => `${P}${name}`;
    let r: StrictRedis;
    /** Database 1, the destination of copy(..., destination_db) and move(). */
    let r1: StrictRedis;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      r1 = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, db: 1 });
      await r.connect();
    });
    afterAll(async () => {
      for (const client of [r, r1]) {
        const keys = await client.keys(`${P}*`);
        if (keys.length > 0) await client.delete(keys);
      }
      await Promise.all([r.close(), r1.close()]);
    });

    it('test_copy, test_copy_and_replace and test_copy_to_another_database', async () => {
      const [a, b] = [k('copy-a'), k('copy-b')];
      expect(await r.copy(a, b)).toBe(false);
      await r.set(a, 'foo');
      expect(await r.copy(a, b)).toBe(true);
      expect(await r.mget(a, b)).toEqual(['foo', 'foo']);
      await r.set(a, 'foo1');
      expect(await r.copy(a, b)).toBe(false);
      expect(await r.copy(a, b, { replace: true })).toBe(true);
      expect(await r.get(b)).toBe('foo1');
      expect(await r.copy(a, b, { destination_db: 1 })).toBe(true);
      expect(await r1.get(b)).toBe('foo1');
    });

    it('test_delete, test_delete_with_multiple_keys, test_unlink, test_unlink_with_multiple_keys', async () => {
      expect(await r.delete(k('del-a'))).toBe(0);
      await r.set(k('del-a'), 'foo');
      expect(await r.delete(k('del-a'))).toBe(1);
      await r.mset({ [k('del-a')]: 'foo', [k('del-b')]: 'bar' });
      expect(await r.delete(k('del-a'), k('del-b'))).toBe(2);
      expect(await r.mget(k('del-a'), k('del-b'))).toEqual([null, null]);
      expect(await r.unlink(k('un-a'))).toBe(0);
      await r.set(k('un-a'), 'foo');
      expect(await r.unlink(k('un-a'))).toBe(1);
      expect(await r.get(k('un-a'))).toBeNull();
      await r.mset({ [k('un-a')]: 'foo', [k('un-b')]: 'bar' });
      expect(await r.unlink(k('un-a'), k('un-b'))).toBe(2);
      expect(await r.mget(k('un-a'), k('un-b'))).toEqual([null, null]);
      await expect(r.delete()).rejects.toBeInstanceOf(DataError);
    });

    it('test_dump_and_restore, test_dump_and_restore_and_replace, test_dump_and_restore_absttl', async () => {
      const a = k('dump');
      await r.set(a, 'foo');
      const dumped = (await r.dump(a)) as Buffer;
      await r.delete(a);
      expect(await r.restore(a, 0, dumped)).toBe(true);
      expect(await r.get(a)).toBe('foo');
      await r.set(a, 'bar');
      const again = (await r.dump(a)) as Buffer;
      await expect(r.restore(a, 0, again)).rejects.toBeInstanceOf(ResponseError);
      expect(await r.restore(a, 0, again, { replace: true })).toBe(true);
      expect(await r.get(a)).toBe('bar');
      await r.delete(a);
      expect(await r.restore(a, Date.now() + 60_000, dumped, { absttl: true })).toBe(true);
      expect(await r.get(a)).toBe('foo');
      const ttl = await r.ttl(a);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(61);
    });

    it('test_restore, test_restore_idletime and test_restore_frequency', async () => {
      const key = k('restore');
      await r.set(key, 'bar');
      const dumped = (await r.dump(key)) as Buffer;
      await r.delete(key);
      expect(await r.restore(key, 0, dumped)).toBe(true);
      expect(await r.get(key)).toBe('bar');
      await expect(r.restore(key, 0, dumped)).rejects.toBeInstanceOf(ResponseError);
      await r.set(key, 'a new value!');
      expect(await r.restore(key, 0, dumped, { replace: true })).toBe(true);
      expect(await r.get(key)).toBe('bar');
      expect(await r.ttl(key)).toBe(-1);
      await r.delete(key);
      expect(await r.restore(key, 0, dumped, { idletime: 5 })).toBe(true);
      expect(await r.get(key)).toBe('bar');
      await r.delete(key);
      expect(await r.restore(key, 0, dumped, { frequency: '5' })).toBe(true);
      expect(await r.get(key)).toBe('bar');
      // redis-py: int(idletime) / int(frequency), DataError when that fails.
      await expect(r.restore(key, 0, dumped, { replace: true, idletime: 'soon' })).rejects.toBeInstanceOf(DataError);
      await expect(r.restore(key, 0, dumped, { replace: true, frequency: 1.5 })).rejects.toBeInstanceOf(DataError);
    });

    it('test_exists', async () => {
      expect(await r.exists(k('ex-a'))).toBe(0);
      await r.mset({ [k('ex-a')]: 'foo', [k('ex-b')]: 'bar' });
      expect(await r.exists(k('ex-a'))).toBe(1);
      expect(await r.exists(k('ex-a'), k('ex-b'))).toBe(2);
    });

    it('test_expire and test_ttl', async () => {
      const a = k('expire');
      expect(await r.expire(a, 10)).toBe(false);
      await r.set(a, 'foo');
      expect(await r.expire(a, 10)).toBe(true);
      expect(await r.ttl(a)).toBeGreaterThan(0);
      expect(await r.ttl(a)).toBeLessThanOrEqual(10);
      expect(await r.persist(a)).toBe(true);
      expect(await r.ttl(a)).toBe(-1);
      expect(await r.ttl(k('no-such-key'))).toBe(-2);
    });

    it('test_expire_option_nx, _xx, _gt and _lt', async () => {
      const a = k('expire-opt');
      await r.set(a, 'val');
      expect(await r.expire(a, 100, { nx: true })).toBe(true);
      expect(await r.expire(a, 500, { nx: true })).toBe(false);
      await r.set(a, 'val');
      expect(await r.expire(a, 100, { xx: true })).toBe(false);
      expect(await r.expire(a, 100)).toBe(true);
      expect(await r.expire(a, 500, { xx: true })).toBe(true);
      await r.set(a, 'val', { ex: 100 });
      expect(await r.expire(a, 50, { gt: true })).toBe(false);
      expect(await r.expire(a, 500, { gt: true })).toBe(true);
      await r.set(a, 'val', { ex: 100 });
      expect(await r.expire(a, 50, { lt: true })).toBe(true);
      expect(await r.expire(a, 150, { lt: true })).toBe(false);
      await expect(r.expire(a, 10, { nx: true, gt: true })).rejects.toBeInstanceOf(DataError);
    });

    it('expire takes whole seconds (a timedelta is its seconds); fractions are refused before sending', async () => {
      const a = k('expire-forms');
      await r.set(a, 'v');
      expect(await r.expire(a, '100')).toBe(true);
      expect(await r.ttl(a)).toBeGreaterThan(90);
      for (const bad of [1.5, '1.5', true, new Date()]) {
        await expect(r.expire(a, bad as number)).rejects.toBeInstanceOf(DataError);
        await expect(r.pexpire(a, bad as number)).rejects.toBeInstanceOf(DataError);
      }
      await expect(r.expireat(a, 1.5)).rejects.toBeInstanceOf(DataError);
      await expect(r.pexpireat(a, new Date(Number.NaN))).rejects.toBeInstanceOf(DataError);
      expect(await r.ttl(a)).toBeGreaterThan(90);
      // A negative time deletes the key, as on the server.
      expect(await r.expire(a, -1)).toBe(true);
      expect(await r.exists(a)).toBe(0);
    });

    it('test_expireat_datetime, test_expireat_no_key, test_expireat_unixtime, test_expiretime', async () => {
      const a = k('expireat');
      await r.set(a, 'foo');
      expect(await r.expireat(a, at(60_000))).toBe(true);
      expect(await r.ttl(a)).toBeGreaterThan(0);
      expect(await r.ttl(a)).toBeLessThanOrEqual(61);
      expect(await r.expireat(k('no-such-key'), at(60_000))).toBe(false);
      expect(await r.expireat(a, Math.floor(at(60_000).getTime() / 1000))).toBe(true);
      expect(await r.ttl(a)).toBeLessThanOrEqual(61);
      expect(await r.expireat(a, 33177117420)).toBe(true);
      expect(await r.expiretime(a)).toBe(33177117420);
    });

    it('test_expireat_option_nx, _xx, _gt and _lt', async () => {
      const a = k('expireat-opt');
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.expireat(a, at(60_000), { nx: true })).toBe(true);
      expect(await r.expireat(a, at(120_000), { nx: true })).toBe(false);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.expireat(a, at(60_000), { xx: true })).toBe(false);
      expect(await r.expireat(a, at(60_000))).toBe(true);
      expect(await r.expireat(a, at(120_000), { xx: true })).toBe(true);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.expireat(a, at(120_000))).toBe(true);
      expect(await r.expireat(a, at(60_000), { gt: true })).toBe(false);
      expect(await r.expireat(a, at(180_000), { gt: true })).toBe(true);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.expireat(a, at(120_000))).toBe(true);
      expect(await r.expireat(a, at(180_000), { lt: true })).toBe(false);
      expect(await r.expireat(a, at(60_000), { lt: true })).toBe(true);
    });

    it('test_pexpire, test_pttl and test_pttl_no_key', async () => {
      const a = k('pexpire');
      expect(await r.pexpire(a, 60_000)).toBe(false);
      await r.set(a, 'foo');
      expect(await r.pexpire(a, 60_000)).toBe(true);
      const pttl = await r.pttl(a);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(60_000);
      expect(await r.persist(a)).toBe(true);
      expect(await r.pttl(a)).toBe(-1);
      expect(await r.pttl(k('no-such-key'))).toBe(-2);
    });

    it('test_pexpire_option_nx, _xx, _gt and _lt', async () => {
      const a = k('pexpire-opt');
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.pexpire(a, 60_000, { nx: true })).toBe(true);
      expect(await r.pexpire(a, 60_000, { nx: true })).toBe(false);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.pexpire(a, 60_000, { xx: true })).toBe(false);
      expect(await r.pexpire(a, 60_000)).toBe(true);
      expect(await r.pexpire(a, 70_000, { xx: true })).toBe(true);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.pexpire(a, 60_000)).toBe(true);
      expect(await r.pexpire(a, 70_000, { gt: true })).toBe(true);
      expect(await r.pexpire(a, 50_000, { gt: true })).toBe(false);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.pexpire(a, 60_000)).toBe(true);
      expect(await r.pexpire(a, 50_000, { lt: true })).toBe(true);
      expect(await r.pexpire(a, 70_000, { lt: true })).toBe(false);
    });

    it('test_pexpireat_datetime, _no_key, _unixtime and test_pexpiretime', async () => {
      const a = k('pexpireat');
      await r.set(a, 'foo');
      expect(await r.pexpireat(a, at(60_000))).toBe(true);
      expect(await r.pttl(a)).toBeGreaterThan(0);
      expect(await r.pttl(a)).toBeLessThanOrEqual(61_000);
      expect(await r.pexpireat(k('no-such-key'), at(60_000))).toBe(false);
      expect(await r.pexpireat(a, at(60_000).getTime())).toBe(true);
      expect(await r.pttl(a)).toBeLessThanOrEqual(61_000);
      expect(await r.pexpireat(a, 33177117420000)).toBe(true);
      expect(await r.pexpiretime(a)).toBe(33177117420000);
    });

    it('test_pexpireat_option_nx, _xx, _gt and _lt', async () => {
      const a = k('pexpireat-opt');
      expect(await r.set(a, 'val')).toBe(true);
      const inOne = at(60_000);
      expect(await r.pexpireat(a, inOne, { nx: true })).toBe(true);
      expect(await r.pexpireat(a, inOne, { nx: true })).toBe(false);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.pexpireat(a, inOne, { xx: true })).toBe(false);
      expect(await r.pexpireat(a, inOne)).toBe(true);
      expect(await r.pexpireat(a, inOne, { xx: true })).toBe(true);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.pexpireat(a, at(120_000))).toBe(true);
      expect(await r.pexpireat(a, at(60_000), { gt: true })).toBe(false);
      expect(await r.pexpireat(a, at(180_000), { gt: true })).toBe(true);
      expect(await r.set(a, 'val')).toBe(true);
      expect(await r.pexpireat(a, at(120_000))).toBe(true);
      expect(await r.pexpireat(a, at(180_000), { lt: true })).toBe(false);
      expect(await r.pexpireat(a, at(60_000), { lt: true })).toBe(true);
    });

    it('test_rename and test_renamenx', async () => {
      const [a, b] = [k('ren-a'), k('ren-b')];
      await r.set(a, '1');
      expect(await r.rename(a, b)).toBe(true);
      expect(await r.get(a)).toBeNull();
      expect(await r.get(b)).toBe('1');
      await r.mset({ [a]: '1', [b]: '2' });
      expect(await r.renamenx(a, b)).toBe(false);
      expect(await r.mget(a, b)).toEqual(['1', '2']);
    });

    it('test_type', async () => {
      const a = k('type');
      expect(await r.type(a)).toBe('none');
      await r.set(a, '1');
      expect(await r.type(a)).toBe('string');
      await r.delete(a);
      await r.lpush(a, '1');
      expect(await r.type(a)).toBe('list');
      await r.delete(a);
      await r.sadd(a, '1');
      expect(await r.type(a)).toBe('set');
      await r.delete(a);
      await r.zadd(a, { a1: 1 });
      expect(await r.type(a)).toBe('zset');
    });

    it('test_object', async () => {
      const a = k('object');
      await r.set(a, 'foo');
      expect(Number.isInteger(await r.object('refcount', a))).toBe(true);
      expect(Number.isInteger(await r.object('idletime', a))).toBe(true);
      expect(['raw', 'embstr']).toContain(await r.object('encoding', a));
      expect(await r.object('idletime', k('invalid-key'))).toBeNull();
      expect(await r.object('ENCODING', a)).toBe('embstr');
      expect(await r.object(Buffer.from('Encoding'), a)).toBe('embstr');
      await expect(r.object('help' as 'encoding', a)).rejects.toBeInstanceOf(DataError);
    });

    it('move(name, db): true when moved, false when missing here or present there', async () => {
      const a = k('move');
      expect(await r.move(a, 1)).toBe(false);
      await r.set(a, 'here');
      expect(await r.move(a, 1)).toBe(true);
      expect(await r.get(a)).toBeNull();
      expect(await r1.get(a)).toBe('here');
      await r.set(a, 'again');
      expect(await r.move(a, '1')).toBe(false);
      await expect(r.move(a, 1.5)).rejects.toBeInstanceOf(DataError);
      await expect(r.move(a, '-1')).rejects.toBeInstanceOf(DataError);
      expect(await r.get(a)).toBe('again');
    });

    it('touch counts the existing keys', async () => {
      await r.mset({ [k('t1')]: '1', [k('t2')]: '2' });
      expect(await r.touch(k('t1'), k('t2'), k('t3'))).toBe(2);
      expect(await r.touch([k('t1'), k('t3')])).toBe(1);
    });
  });
}

describe('redis-py key tests on StrictRedisCluster (test_cluster_copy … test_cluster_sort_store)', () => {
  const { cluster } = inject('redis');
  const P = `rp-keys:${process.pid}:cluster:`;
  const k = (name: string) => `${P}{foo}${name}`;
  let rc: StrictRedisCluster;

  beforeAll(async () => {
    rc = new StrictRedisCluster({ startup_nodes: [{ host: cluster.nodes[0].host, port: cluster.nodes[0].port }] });
    await rc.connect();
  });
  afterAll(async () => {
    const keys: string[] = [];
    for await (const key of rc.scan_iter({ match: `${P}*` })) keys.push(key);
    if (keys.length > 0) await rc.delete(keys);
    await rc.close();
  });

  it('test_cluster_copy and test_cluster_copy_and_replace', async () => {
    expect(await rc.copy(k('a'), k('b'))).toBe(false);
    await rc.set(k('a'), 'bar');
    expect(await rc.copy(k('a'), k('b'))).toBe(true);
    expect(await rc.mget(k('a'), k('b'))).toEqual(['bar', 'bar']);
    await rc.mset({ [k('a')]: 'foo1', [k('b')]: 'foo2' });
    expect(await rc.copy(k('a'), k('b'))).toBe(false);
    expect(await rc.copy(k('a'), k('b'), { replace: true })).toBe(true);
    await expect(rc.copy(k('a'), `${P}{bar}b`)).rejects.toBeInstanceOf(CrossSlotError);
  });

  it('test_cluster_msetnx, test_cluster_rename and test_cluster_renamenx', async () => {
    const d = { [k('m1')]: '1', [k('m2')]: '2', [k('m3')]: '3' };
    expect(await rc.msetnx(d)).toBe(true);
    expect(await rc.msetnx({ [k('m1')]: 'x', [k('m4')]: '4' })).toBe(false);
    expect(await rc.mget(Object.keys(d))).toEqual(['1', '2', '3']);
    expect(await rc.get(k('m4'))).toBeNull();
    await rc.set(k('r1'), '1');
    expect(await rc.rename(k('r1'), k('r2'))).toBe(true);
    expect(await rc.get(k('r1'))).toBeNull();
    expect(await rc.get(k('r2'))).toBe('1');
    await rc.set(k('r1'), '0');
    expect(await rc.renamenx(k('r1'), k('r2'))).toBe(false);
    expect(await rc.mget(k('r1'), k('r2'))).toEqual(['0', '1']);
    await expect(rc.rename(k('r2'), `${P}{bar}r2`)).rejects.toBeInstanceOf(CrossSlotError);
  });

  it('test_cluster_sort_store, and lcs in one slot', async () => {
    await rc.rpush(k('list'), '2', '3', '1');
    expect(await rc.sort(k('list'), { store: k('sorted_values') })).toBe(3);
    expect(await rc.lrange(k('sorted_values'), 0, -1)).toEqual(['1', '2', '3']);
    await expect(rc.sort(k('list'), { store: `${P}{bar}sorted` })).rejects.toBeInstanceOf(CrossSlotError);
    await rc.mset({ [k('lcs1')]: 'ohmytext', [k('lcs2')]: 'mynewtext' });
    expect(await rc.lcs(k('lcs1'), k('lcs2'), { idx: true, minmatchlen: 4 })).toEqual({
      matches: [
        [
          [4, 7],
          [5, 8],
        ],
      ],
      len: 6,
    });
  });
});
