/** Generic key commands against a real server, in RESP2 and RESP3. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, ResponseError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');

for (const protocol of [2, 3] as const) {
  describe(`keys, RESP${protocol}`, () => {
    const P = `cmd-keys:${process.pid}:${protocol}:`;
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

    it('persist, pexpire, pttl', async () => {
      const k = `${P}ttl`;
      expect(await r.pexpire(k, 1000)).toBe(false);
      await r.set(k, 'v');
      expect(await r.pttl(k)).toBe(-1);
      expect(await r.persist(k)).toBe(false);
      expect(await r.pexpire(k, 50_000)).toBe(true);
      expect(await r.pttl(k)).toBeGreaterThan(40_000);
      expect(await r.pexpire(k, 100_000, { lt: true })).toBe(false);
      expect(await r.persist(k)).toBe(true);
      expect(await r.pttl(k)).toBe(-1);
      expect(await r.pttl(`${P}missing`)).toBe(-2);
    });

    it('expireat and pexpireat take seconds, milliseconds or a Date; expiretime reads it back', async () => {
      const k = `${P}at`;
      await r.set(k, 'v');
      const when = Math.floor(Date.now() / 1000) + 1000;
      expect(await r.expireat(k, when)).toBe(true);
      expect(await r.expiretime(k)).toBe(when);
      const date = new Date((when + 500) * 1000);
      expect(await r.expireat(k, date)).toBe(true);
      expect(await r.expiretime(k)).toBe(when + 500);
      expect(await r.pexpireat(k, date.getTime() + 1234)).toBe(true);
      expect(await r.pexpiretime(k)).toBe(date.getTime() + 1234);
      expect(await r.pexpireat(k, new Date(date.getTime() + 2000), { gt: true })).toBe(true);
      expect(await r.expiretime(`${P}missing`)).toBe(-2);
      expect(await r.expireat(`${P}missing`, date)).toBe(false);
    });

    it('rename and renamenx', async () => {
      const [a, b, c] = [`${P}{rn}a`, `${P}{rn}b`, `${P}{rn}c`];
      await r.set(a, '1');
      expect(await r.rename(a, b)).toBe(true);
      expect(await r.get(b)).toBe('1');
      // The second RENAME fails: the source is gone.
      await expect(r.rename(a, b)).rejects.toBeInstanceOf(ResponseError);
      await r.set(c, '2');
      expect(await r.renamenx(b, c)).toBe(false);
      expect(await r.renamenx(b, a)).toBe(true);
      expect(await r.mget(a, b, c)).toEqual(['1', null, '2']);
    });

    it('unlink and touch count existing keys', async () => {
      await r.mset({ [`${P}u1`]: '1', [`${P}u2`]: '2' });
      expect(await r.touch(`${P}u1`, `${P}u2`, `${P}u3`)).toBe(2);
      expect(await r.unlink([`${P}u1`, `${P}u2`, `${P}u3`])).toBe(2);
      expect(await r.unlink(`${P}u1`)).toBe(0);
      await expect(r.unlink([])).rejects.toBeInstanceOf(DataError);
    });

    it('randomkey returns some key', async () => {
      await r.set(`${P}random`, 'x');
      const key = await r.randomkey();
      expect(typeof key).toBe('string');
    });

    it('copy, with replace', async () => {
      const [src, dst] = [`${P}{cp}src`, `${P}{cp}dst`];
      await r.set(src, 'a');
      expect(await r.copy(src, dst)).toBe(true);
      await r.set(src, 'b');
      expect(await r.copy(src, dst)).toBe(false);
      expect(await r.get(dst)).toBe('a');
      expect(await r.copy(src, dst, { replace: true })).toBe(true);
      expect(await r.get(dst)).toBe('b');
      expect(await r.copy(`${P}{cp}none`, dst)).toBe(false);
    });

    it('dump is a Buffer even with decode_responses; restore recreates the value', async () => {
      const k = `${P}dump`;
      await r.rpush(k, 'a', 'b', 'c');
      const blob = await r.dump(k);
      expect(Buffer.isBuffer(blob)).toBe(true);
      expect(await r.dump(`${P}missing`)).toBeNull();
      const copy = `${P}restored`;
      expect(await r.restore(copy, 0, blob as Buffer)).toBe(true);
      expect(await r.lrange(copy, 0, -1)).toEqual(['a', 'b', 'c']);
      await expect(r.restore(copy, 0, blob as Buffer)).rejects.toBeInstanceOf(ResponseError);
      expect(await r.restore(copy, 10_000, blob as Buffer, { replace: true, idletime: 5 })).toBe(true);
      expect(await r.pttl(copy)).toBeGreaterThan(5000);
      const abs = Date.now() + 100_000;
      expect(await r.restore(copy, abs, blob as Buffer, { replace: true, absttl: true })).toBe(true);
      expect(await r.pexpiretime(copy)).toBe(abs);
      // And in a pipeline, DUMP keeps its Buffer.
      const [fromPipe] = await r.pipeline({ transaction: false }).dump(k).execute();
      expect(Buffer.isBuffer(fromPipe)).toBe(true);
    });

    it('object encoding and idletime; object(infotype, key)', async () => {
      const k = `${P}obj`;
      await r.set(k, '12345');
      expect(await r.object_encoding(k)).toBe('int');
      expect(await r.objectEncoding(k)).toBe('int');
      expect(await r.object('encoding', k)).toBe('int');
      expect(await r.object_idletime(k)).toBeGreaterThanOrEqual(0);
      expect(await r.object('idletime', k)).toBeGreaterThanOrEqual(0);
      expect(await r.object_encoding(`${P}missing`)).toBeNull();
      // FREQ needs an LFU maxmemory-policy; the default policy makes it an error.
      await expect(r.object_freq(k)).rejects.toBeInstanceOf(ResponseError);
    });

    it('sort with limit, by, get, desc, alpha and store; sort_ro', async () => {
      const list = `${P}{s}list`;
      await r.rpush(list, '3', '1', '2');
      expect(await r.sort(list)).toEqual(['1', '2', '3']);
      expect(await r.sort(list, { desc: true, start: 0, num: 2 })).toEqual(['3', '2']);
      await r.mset({ [`${P}{s}w_1`]: '30', [`${P}{s}w_2`]: '10', [`${P}{s}w_3`]: '20', [`${P}{s}o_1`]: 'one' });
      expect(await r.sort(list, { by: `${P}{s}w_*` })).toEqual(['2', '3', '1']);
      expect(await r.sort(list, { get: [`${P}{s}o_*`, '#'] })).toEqual(['one', '1', null, '2', null, '3']);
      const words = `${P}{s}words`;
      await r.rpush(words, 'b', 'a', 'c');
      expect(await r.sort(words, { alpha: true })).toEqual(['a', 'b', 'c']);
      await expect(r.sort(words)).rejects.toBeInstanceOf(ResponseError);
      expect(await r.sort(list, { store: `${P}{s}dst` })).toBe(3);
      expect(await r.lrange(`${P}{s}dst`, 0, -1)).toEqual(['1', '2', '3']);
      expect(await r.sort_ro(list, { desc: true })).toEqual(['3', '2', '1']);
      await expect(r.sort(list, { start: 1 })).rejects.toBeInstanceOf(DataError);
    });

    it('scan returns [cursor, keys] and follows match and type', async () => {
      for (let i = 0; i < 30; i++) await r.set(`${P}scan:${i}`, 'x');
      await r.rpush(`${P}scan:list`, 'x');
      const seen = new Set<string>();
      let cursor = 0;
      do {
        const [next, keys] = await r.scan(cursor, { match: `${P}scan:*`, count: 10 });
        expect(typeof next).toBe('number');
        for (const key of keys) seen.add(key);
        cursor = next;
      } while (cursor !== 0);
      expect(seen.size).toBe(31);
      const lists: string[] = [];
      cursor = 0;
      do {
        const [next, keys] = await r.scan(cursor, { match: `${P}scan:*`, count: 100, type: 'list' });
        lists.push(...keys);
        cursor = next;
      } while (cursor !== 0);
      expect(lists).toEqual([`${P}scan:list`]);
    });
  });
}
