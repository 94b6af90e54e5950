/**
 * redis-py's string tests (tests/test_commands.py: test_append … test_substr, test_lcs), in RESP2 and RESP3, plus the
 * DataError cases for calls redis-py refuses before sending and the forms a JavaScript caller can get wrong. A
 * `timedelta` in redis-py is a number of seconds or milliseconds here, a `datetime` a Date; Python's `10.0` (a float
 * redis-py refuses) has no JavaScript counterpart, so `10.5` stands for it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, ResponseError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');

for (const protocol of [2, 3] as const) {
  describe(`redis-py string tests, RESP${protocol}`, () => {
    const P = `rp-str:${process.pid}:${protocol}:`;
    const k = (name: string) => `${P}${name}`;
    let r: StrictRedis;
    let bytes: StrictRedis<Buffer>;
    let big: StrictRedis<string, bigint>;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      bytes = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, decode_responses: false });
      big = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, integer_replies: 'bigint' });
      await r.connect();
    });
    afterAll(async () => {
      const keys = await r.keys(`${P}*`);
      if (keys.length > 0) await r.delete(keys);
      await Promise.all([r.close(), bytes.close(), big.close()]);
    });

    it('test_append', async () => {
      expect(await r.append(k('append'), 'a1')).toBe(2);
      expect(await r.get(k('append'))).toBe('a1');
      expect(await r.append(k('append'), 'a2')).toBe(4);
      expect(await r.get(k('append'))).toBe('a1a2');
    });

    it('test_decr: decr(name, amount) subtracts the amount (redis-py: decr = decrby)', async () => {
      expect(await r.decr(k('decr'))).toBe(-1);
      expect(await r.get(k('decr'))).toBe('-1');
      expect(await r.decr(k('decr'))).toBe(-2);
      expect(await r.decr(k('decr'), 5)).toBe(-7);
      expect(await r.get(k('decr'))).toBe('-7');
    });

    it('test_decrby', async () => {
      expect(await r.decrby(k('decrby'), 2)).toBe(-2);
      expect(await r.decrby(k('decrby'), 3)).toBe(-5);
      expect(await r.get(k('decrby'))).toBe('-5');
    });

    it('test_incr: incr(name, amount) adds the amount (redis-py: incr = incrby)', async () => {
      expect(await r.incr(k('incr'))).toBe(1);
      expect(await r.get(k('incr'))).toBe('1');
      expect(await r.incr(k('incr'))).toBe(2);
      expect(await r.incr(k('incr'), 5)).toBe(7);
      expect(await r.get(k('incr'))).toBe('7');
      // In a pipeline too, and with the amount as a string of digits (redis-py sends what it is given).
      const results = await r.pipeline().incr(k('incr'), 3).decr(k('incr'), '4').incr(k('incr'), 1).execute();
      expect(results).toEqual([10, 6, 7]);
    });

    it('test_incrby', async () => {
      expect(await r.incrby(k('incrby'))).toBe(1);
      expect(await r.incrby(k('incrby'), 4)).toBe(5);
      expect(await r.get(k('incrby'))).toBe('5');
    });

    it('incr/decr/incrby/decrby take bigint amounts, beyond 2^53', async () => {
      const amount = 2n ** 60n;
      expect(await big.incr(k('big'), amount)).toBe(amount);
      expect(await big.decr(k('big'), 1n)).toBe(amount - 1n);
      expect(await big.incrby(k('big'), 1n)).toBe(amount);
      expect(await big.decrby(k('big'), amount)).toBe(0n);
      expect(await r.incr(k('big'), 1n)).toBe(1);
    });

    it('amounts must be integers: 1.5, "1.5" and true raise DataError and nothing is sent', async () => {
      for (const amount of [1.5, '1.5', true, null, Number.NaN] as unknown as number[]) {
        await expect(r.incr(k('amount'), amount)).rejects.toBeInstanceOf(DataError);
        await expect(r.decr(k('amount'), amount)).rejects.toBeInstanceOf(DataError);
        await expect(r.incrby(k('amount'), amount)).rejects.toBeInstanceOf(DataError);
      }
      expect(await r.exists(k('amount'))).toBe(0);
    });

    it('test_incrbyfloat', async () => {
      expect(await r.incrbyfloat(k('float'))).toBe(1.0);
      expect(await r.get(k('float'))).toBe('1');
      expect(await r.incrbyfloat(k('float'), 1.1)).toBe(2.1);
      expect(Number(await r.get(k('float')))).toBe(2.1);
    });

    it('test_get_and_set', async () => {
      expect(await r.get(k('a'))).toBeNull();
      const unicode = `${String.fromCharCode(3456)}abcd${String.fromCharCode(3421)}`;
      expect(await r.set(k('byte_string'), Buffer.from('value'))).toBe(true);
      expect(await r.set(k('integer'), 5)).toBe(true);
      expect(await r.set(k('unicode_string'), unicode)).toBe(true);
      expect(await bytes.get(k('byte_string'))).toEqual(Buffer.from('value'));
      expect(await r.get(k('integer'))).toBe('5');
      expect(await r.get(k('unicode_string'))).toBe(unicode);
    });

    it('test_getdel', async () => {
      expect(await r.getdel(k('getdel'))).toBeNull();
      await r.set(k('getdel'), 1);
      expect(await r.getdel(k('getdel'))).toBe('1');
      expect(await r.getdel(k('getdel'))).toBeNull();
    });

    it('test_getex', async () => {
      const a = k('getex');
      await r.set(a, 1);
      expect(await r.getex(a)).toBe('1');
      expect(await r.ttl(a)).toBe(-1);
      expect(await r.getex(a, { ex: 60 })).toBe('1');
      expect(await r.ttl(a)).toBe(60);
      expect(await r.getex(a, { px: 6000 })).toBe('1');
      expect(await r.ttl(a)).toBe(6);
      expect(await r.getex(a, { pxat: new Date(Date.now() + 60_000) })).toBe('1');
      expect(await r.ttl(a)).toBeLessThanOrEqual(61);
      expect(await r.getex(a, { persist: true })).toBe('1');
      expect(await r.ttl(a)).toBe(-1);
      expect(await r.getex(a, { exat: Math.floor(Date.now() / 1000) + 100 })).toBe('1');
      expect(await r.ttl(a)).toBeGreaterThan(90);
      expect(await r.getex(a, { ex: '30' })).toBe('1');
      expect(await r.ttl(a)).toBe(30);
    });

    it('test_getex_zero_expiry_options_are_mutually_exclusive, and the forms redis-py refuses', async () => {
      const a = k('getex-bad');
      await r.set(a, 'v');
      await expect(r.getex(a, { ex: 0, px: 1 })).rejects.toBeInstanceOf(DataError);
      await expect(r.getex(a, { ex: 1, persist: true })).rejects.toBeInstanceOf(DataError);
      await expect(r.getex(a, { ex: 10.5 })).rejects.toBeInstanceOf(DataError);
      await expect(r.getex(a, { px: '1000' as unknown as number })).rejects.toBeInstanceOf(DataError);
      expect(await r.ttl(a)).toBe(-1);
    });

    it('test_getrange', async () => {
      await r.set(k('range'), 'foo');
      expect(await r.getrange(k('range'), 0, 0)).toBe('f');
      expect(await r.getrange(k('range'), 0, 2)).toBe('foo');
      expect(await r.getrange(k('range'), 3, 4)).toBe('');
    });

    it('test_getset', async () => {
      expect(await r.getset(k('getset'), 'foo')).toBeNull();
      expect(await r.getset(k('getset'), 'bar')).toBe('foo');
      expect(await r.get(k('getset'))).toBe('bar');
    });

    it('test_mget', async () => {
      expect(await r.mget([])).toEqual([]);
      expect(await r.mget([k('ma'), k('mb')])).toEqual([null, null]);
      await r.mset({ [k('ma')]: '1', [k('mb')]: '2', [k('mc')]: '3' });
      expect(await r.mget(k('ma'), k('other'), k('mb'), k('mc'))).toEqual(['1', null, '2', '3']);
    });

    it('test_mset and test_msetnx', async () => {
      const d = { [k('s1')]: '1', [k('s2')]: '2', [k('s3')]: '3' };
      expect(await r.mset(d)).toBe(true);
      expect(await r.mget(Object.keys(d))).toEqual(['1', '2', '3']);
      const n = { [k('n1')]: '1', [k('n2')]: '2', [k('n3')]: '3' };
      expect(await r.msetnx(n)).toBe(true);
      expect(await r.msetnx({ [k('n1')]: 'x', [k('n4')]: '4' })).toBe(false);
      expect(await r.mget(Object.keys(n))).toEqual(['1', '2', '3']);
      expect(await r.get(k('n4'))).toBeNull();
    });

    it('test_psetex and test_psetex_timedelta (a timedelta is its milliseconds)', async () => {
      expect(await r.psetex(k('psetex'), 1000, 'value')).toBe(true);
      expect(await r.get(k('psetex'))).toBe('value');
      const pttl = await r.pttl(k('psetex'));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(1000);
      await expect(r.psetex(k('psetex'), 10.5, 'v')).rejects.toBeInstanceOf(DataError);
    });

    it('test_set_nx and test_set_xx', async () => {
      expect(await r.set(k('nx'), '1', { nx: true })).toBe(true);
      expect(await r.set(k('nx'), '2', { nx: true })).toBe(false);
      expect(await r.get(k('nx'))).toBe('1');
      expect(await r.set(k('xx'), '1', { xx: true })).toBe(false);
      expect(await r.get(k('xx'))).toBeNull();
      await r.set(k('xx'), 'bar');
      expect(await r.set(k('xx'), '2', { xx: true })).toBe(true);
      expect(await r.get(k('xx'))).toBe('2');
    });

    it('test_set_px and test_set_px_timedelta', async () => {
      expect(await r.set(k('px'), '1', { px: 10_000 })).toBe(true);
      expect(await r.get(k('px'))).toBe('1');
      const pttl = await r.pttl(k('px'));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(10_000);
      await expect(r.set(k('px'), '1', { px: 10.5 })).rejects.toBeInstanceOf(DataError);
      // redis-py refuses px as a string (unlike ex).
      await expect(r.set(k('px'), '1', { px: '10000' as unknown as number })).rejects.toBeInstanceOf(DataError);
      expect(await r.set(k('px2'), '1', { px: 1000 })).toBe(true);
      expect(await r.ttl(k('px2'))).toBeLessThanOrEqual(1);
    });

    it('test_set_ex, test_set_ex_str and test_set_ex_timedelta', async () => {
      expect(await r.set(k('ex'), '1', { ex: 10 })).toBe(true);
      expect(await r.ttl(k('ex'))).toBeGreaterThan(0);
      expect(await r.ttl(k('ex'))).toBeLessThanOrEqual(10);
      await expect(r.set(k('ex'), '1', { ex: 10.5 })).rejects.toBeInstanceOf(DataError);
      expect(await r.set(k('ex-str'), '1', { ex: '10' })).toBe(true);
      expect(await r.ttl(k('ex-str'))).toBeLessThanOrEqual(10);
      expect(await r.set(k('ex-td'), '1', { ex: 60 })).toBe(true);
      expect(await r.ttl(k('ex-td'))).toBeLessThanOrEqual(60);
    });

    it("set with ex: '10.5' raises DataError and nothing reaches the server", async () => {
      const a = k('ex-bad');
      await expect(r.set(a, '1', { ex: '10.5' })).rejects.toBeInstanceOf(DataError);
      for (const ex of ['', '-1', ' 10', '1e3', true, Number.POSITIVE_INFINITY, {}]) {
        await expect(r.set(a, '1', { ex: ex as number })).rejects.toBeInstanceOf(DataError);
      }
      for (const at of [1.5, '1.5', new Date(Number.NaN)]) {
        await expect(r.set(a, '1', { exat: at as number })).rejects.toBeInstanceOf(DataError);
        await expect(r.set(a, '1', { pxat: at as number })).rejects.toBeInstanceOf(DataError);
      }
      expect(await r.exists(a)).toBe(0);
    });

    it('a zero or negative expiry is the server’s to refuse, as in redis-py', async () => {
      await expect(r.set(k('zero'), '1', { ex: 0 })).rejects.toBeInstanceOf(ResponseError);
      await expect(r.set(k('zero'), '1', { px: -5 })).rejects.toBeInstanceOf(ResponseError);
      await expect(r.setex(k('zero'), 0, '1')).rejects.toBeInstanceOf(ResponseError);
      expect(await r.exists(k('zero'))).toBe(0);
    });

    it('test_set_zero_expiry_options_are_mutually_exclusive and test_set_mutual_exclusion_client_side', async () => {
      const a = k('exclusive');
      for (const options of [
        { ex: 0, px: 1 },
        { ex: 1, px: 1 },
        { exat: 1, pxat: 1 },
        { ex: 1, exat: 1 },
        { px: 1, keepttl: true },
        { nx: true, xx: true },
      ]) {
        await expect(r.set(a, 'v', options)).rejects.toBeInstanceOf(DataError);
      }
      // null stands for None: not given.
      expect(await r.set(a, 'v', { ex: null as unknown as number, px: 5000 })).toBe(true);
      expect(await r.ttl(a)).toBeLessThanOrEqual(5);
    });

    it('test_set_exat_timedelta and test_set_pxat_timedelta (datetimes are Dates)', async () => {
      expect(await r.set(k('exat'), '1', { exat: new Date(Date.now() + 10_000) })).toBe(true);
      const ttl = await r.ttl(k('exat'));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(10);
      expect(await r.set(k('pxat'), '1', { pxat: new Date(Date.now() + 50_000) })).toBe(true);
      expect(await r.ttl(k('pxat'))).toBeGreaterThan(0);
      expect(await r.ttl(k('pxat'))).toBeLessThanOrEqual(100);
      const at = Math.floor(Date.now() / 1000) + 1000;
      expect(await r.set(k('exat-int'), '1', { exat: at })).toBe(true);
      expect(await r.expiretime(k('exat-int'))).toBe(at);
      expect(await r.set(k('pxat-int'), '1', { pxat: BigInt(at) * 1000n })).toBe(true);
      expect(await r.pexpiretime(k('pxat-int'))).toBe(at * 1000);
    });

    it('test_set_multipleoptions and test_set_keepttl', async () => {
      const a = k('keepttl');
      await r.set(a, 'val');
      expect(await r.set(a, '1', { xx: true, px: 10_000 })).toBe(true);
      expect(await r.ttl(a)).toBeGreaterThan(0);
      expect(await r.ttl(a)).toBeLessThanOrEqual(10);
      await r.set(a, '2', { keepttl: true });
      expect(await r.get(a)).toBe('2');
      expect(await r.ttl(a)).toBeGreaterThan(0);
    });

    it('test_set_get', async () => {
      const a = k('setget');
      expect(await r.set(a, 'True', { get: true })).toBeNull();
      expect(await r.set(a, 'True', { get: true })).toBe('True');
      expect(await r.set(a, 'foo')).toBe(true);
      expect(await r.set(a, 'bar', { get: true })).toBe('foo');
      expect(await r.get(a)).toBe('bar');
    });

    it('test_setex, with redis-py’s time forms', async () => {
      expect(await r.setex(k('setex'), 60, '1')).toBe(true);
      expect(await r.get(k('setex'))).toBe('1');
      const ttl = await r.ttl(k('setex'));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
      expect(await r.setex(k('setex'), '30', '2')).toBe(true);
      expect(await r.ttl(k('setex'))).toBeLessThanOrEqual(30);
      await expect(r.setex(k('setex'), 1.5, '3')).rejects.toBeInstanceOf(DataError);
      expect(await r.get(k('setex'))).toBe('2');
    });

    it('test_setnx', async () => {
      expect(await r.setnx(k('setnx'), '1')).toBe(true);
      expect(await r.get(k('setnx'))).toBe('1');
      expect(await r.setnx(k('setnx'), '2')).toBe(false);
      expect(await r.get(k('setnx'))).toBe('1');
    });

    it('test_setrange', async () => {
      expect(await r.setrange(k('setrange'), 5, 'foo')).toBe(8);
      expect(await r.get(k('setrange'))).toBe('\0\0\0\0\0foo');
      await r.set(k('setrange'), 'abcdefghijh');
      expect(await r.setrange(k('setrange'), 6, '12345')).toBe(11);
      expect(await r.get(k('setrange'))).toBe('abcdef12345');
    });

    it('test_strlen', async () => {
      await r.set(k('strlen'), 'foo');
      expect(await r.strlen(k('strlen'))).toBe(3);
    });

    it('test_substr', async () => {
      await r.set(k('substr'), '0123456789');
      expect(await r.substr(k('substr'), 0)).toBe('0123456789');
      expect(await r.substr(k('substr'), 2)).toBe('23456789');
      expect(await r.substr(k('substr'), 3, 5)).toBe('345');
      expect(await r.substr(k('substr'), 3, -2)).toBe('345678');
    });

    it('test_lcs: idx has one shape, { matches, len }, in RESP2 and RESP3', async () => {
      const [foo, bar] = [k('{lcs}foo'), k('{lcs}bar')];
      await r.mset({ [foo]: 'ohmytext', [bar]: 'mynewtext' });
      expect(await r.lcs(foo, bar)).toBe('mytext');
      expect(await r.lcs(foo, bar, { len: true })).toBe(6);
      expect(await r.lcs(foo, bar, { idx: true, minmatchlen: 3 })).toEqual({
        matches: [
          [
            [4, 7],
            [5, 8],
          ],
        ],
        len: 6,
      });
      const withLen = await r.lcs(foo, bar, { idx: true, withmatchlen: true });
      expect(withLen).toEqual({
        matches: [
          [[4, 7], [5, 8], 4],
          [[2, 3], [0, 1], 2],
        ],
        len: 6,
      });
      expect(Object.keys(withLen)).toEqual(['matches', 'len']);
      expect(await bytes.lcs(foo, bar, { idx: true, minmatchlen: 4 })).toEqual({
        matches: [
          [
            [4, 7],
            [5, 8],
          ],
        ],
        len: 6,
      });
      // In a pipeline and a transaction too.
      const [piped] = await r.pipeline().lcs(foo, bar, { idx: true, minmatchlen: 3 }).execute();
      expect(piped).toEqual({
        matches: [
          [
            [4, 7],
            [5, 8],
          ],
        ],
        len: 6,
      });
      // redis-py lets the server refuse len with idx; the same mistake is a DataError here.
      await expect(r.lcs(foo, bar, { len: true, idx: true })).rejects.toBeInstanceOf(DataError);
    });
  });
}
