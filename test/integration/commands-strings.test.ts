/** String commands against a real server, in RESP2 and RESP3: redis-py return semantics and each command's edges. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, ResponseError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');

for (const protocol of [2, 3] as const) {
  describe(`strings, RESP${protocol}`, () => {
    const P = `cmd-str:${process.pid}:${protocol}:`;
    let r: StrictRedis;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      await r.connect();
    });
    afterAll(async () => {
      const keys = await r.keys(`${P}*`);
      if (keys.length > 0) await r.delete(keys);
      await r.close();
    });

    it('incr, incrby, decr, decrby count from a missing key and reject non-integers', async () => {
      const k = `${P}counter`;
      expect(await r.incr(k)).toBe(1);
      expect(await r.incrby(k, 10)).toBe(11);
      expect(await r.incrby(k)).toBe(12);
      expect(await r.decr(k)).toBe(11);
      expect(await r.decrby(k, 5)).toBe(6);
      expect(await r.decrby(`${P}fresh`)).toBe(-1);
      await r.set(`${P}text`, 'abc');
      await expect(r.incr(`${P}text`)).rejects.toBeInstanceOf(ResponseError);
    });

    it('incrbyfloat returns a number', async () => {
      const k = `${P}float`;
      expect(await r.incrbyfloat(k, 1.5)).toBe(1.5);
      expect(await r.incrbyfloat(k, -0.25)).toBe(1.25);
      expect(await r.incrbyfloat(k)).toBe(2.25);
    });

    it('setnx returns true only for a missing key', async () => {
      const k = `${P}setnx`;
      expect(await r.setnx(k, 'first')).toBe(true);
      expect(await r.setnx(k, 'second')).toBe(false);
      expect(await r.get(k)).toBe('first');
    });

    it('getset and getdel return the previous value, or null', async () => {
      const k = `${P}getset`;
      expect(await r.getset(k, 'a')).toBeNull();
      expect(await r.getset(k, 'b')).toBe('a');
      expect(await r.getdel(k)).toBe('b');
      expect(await r.getdel(k)).toBeNull();
      expect(await r.exists(k)).toBe(0);
    });

    it('getex reads and changes the expiry', async () => {
      const k = `${P}getex`;
      await r.set(k, 'v');
      expect(await r.getex(k, { ex: 100 })).toBe('v');
      expect(await r.ttl(k)).toBeGreaterThan(90);
      expect(await r.getex(k, { persist: true })).toBe('v');
      expect(await r.ttl(k)).toBe(-1);
      expect(await r.getex(k, { pxat: new Date(Date.now() + 50_000) })).toBe('v');
      expect(await r.pttl(k)).toBeGreaterThan(40_000);
      expect(await r.getex(`${P}missing`)).toBeNull();
      await expect(r.getex(k, { ex: 1, persist: true })).rejects.toBeInstanceOf(DataError);
    });

    it('strlen and setrange', async () => {
      const k = `${P}range`;
      expect(await r.strlen(k)).toBe(0);
      await r.set(k, 'Hello World');
      expect(await r.strlen(k)).toBe(11);
      expect(await r.setrange(k, 6, 'Redis')).toBe(11);
      expect(await r.get(k)).toBe('Hello Redis');
      // Past the end pads with zero bytes.
      expect(await r.setrange(`${P}pad`, 3, 'x')).toBe(4);
      expect(await r.get(`${P}pad`)).toBe('\0\0\0x');
    });

    it('msetnx sets all keys or none', async () => {
      expect(await r.msetnx({ [`${P}m1`]: '1', [`${P}m2`]: '2' })).toBe(true);
      expect(await r.msetnx({ [`${P}m2`]: 'x', [`${P}m3`]: '3' })).toBe(false);
      expect(await r.mget(`${P}m1`, `${P}m2`, `${P}m3`)).toEqual(['1', '2', null]);
    });

    it('psetex sets a value with a millisecond expiry', async () => {
      const k = `${P}psetex`;
      expect(await r.psetex(k, 60_000, 'v')).toBe(true);
      expect(await r.get(k)).toBe('v');
      const pttl = await r.pttl(k);
      expect(pttl).toBeGreaterThan(50_000);
      expect(pttl).toBeLessThanOrEqual(60_000);
    });

    it('lcs returns the subsequence, its length, or the match positions', async () => {
      const a = `${P}{lcs}a`;
      const b = `${P}{lcs}b`;
      await r.mset({ [a]: 'ohmytext', [b]: 'mynewtext' });
      expect(await r.lcs(a, b)).toBe('mytext');
      expect(await r.lcs(a, b, { len: true })).toBe(6);
      const idx = await r.lcs(a, b, { idx: true, minmatchlen: 4, withmatchlen: true });
      expect(idx).toEqual({ matches: [[[4, 7], [5, 8], 4]], len: 6 });
      expect(await r.lcs(`${P}none1`, `${P}none2`)).toBe('');
    });
  });
}
