/** Hash commands against a real server, in RESP2 and RESP3. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, ResponseError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');

for (const protocol of [2, 3] as const) {
  describe(`hashes, RESP${protocol}`, () => {
    const P = `cmd-hash:${process.pid}:${protocol}:`;
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

    it('hincrby and hincrbyfloat', async () => {
      const k = `${P}incr`;
      expect(await r.hincrby(k, 'n', 5)).toBe(5);
      expect(await r.hincrby(k, 'n')).toBe(6);
      expect(await r.hincrbyfloat(k, 'f', 0.5)).toBe(0.5);
      expect(await r.hincrbyfloat(k, 'f', 2)).toBe(2.5);
      await r.hset(k, 'text', 'abc');
      await expect(r.hincrby(k, 'text', 1)).rejects.toBeInstanceOf(ResponseError);
    });

    it('hexists, hlen, hstrlen', async () => {
      const k = `${P}info`;
      expect(await r.hexists(k, 'a')).toBe(false);
      expect(await r.hlen(k)).toBe(0);
      await r.hset(k, { a: 'hello', b: '' });
      expect(await r.hexists(k, 'a')).toBe(true);
      expect(await r.hlen(k)).toBe(2);
      expect(await r.hstrlen(k, 'a')).toBe(5);
      expect(await r.hstrlen(k, 'missing')).toBe(0);
    });

    it('hsetnx sets a missing field only', async () => {
      const k = `${P}setnx`;
      expect(await r.hsetnx(k, 'f', '1')).toBe(true);
      expect(await r.hsetnx(k, 'f', '2')).toBe(false);
      expect(await r.hget(k, 'f')).toBe('1');
    });

    it('hrandfield: one, a count, negative counts, with values; null for a missing key', async () => {
      const k = `${P}rand`;
      const fields = { a: '1', b: '2', c: '3' };
      await r.hset(k, fields);
      expect(Object.keys(fields)).toContain(await r.hrandfield(k));
      const two = await r.hrandfield(k, 2);
      expect(two).toHaveLength(2);
      expect(new Set(two).size).toBe(2);
      expect(await r.hrandfield(k, -5)).toHaveLength(5);
      const pairs = await r.hrandfield(k, 3, { withvalues: true });
      expect(pairs).toHaveLength(3);
      for (const [field, value] of pairs) expect(fields[field as 'a' | 'b' | 'c']).toBe(value);
      expect(await r.hrandfield(`${P}missing`)).toBeNull();
      expect(await r.hrandfield(`${P}missing`, 2)).toEqual([]);
      await expect(r.hrandfield(k, undefined, { withvalues: true })).rejects.toBeInstanceOf(DataError);
    });

    it('hscan returns [cursor, record] and walks the whole hash', async () => {
      const k = `${P}scan`;
      const mapping: Record<string, string> = {};
      for (let i = 0; i < 600; i++) mapping[`f${i}`] = `v${i}`;
      mapping.__proto__field = 'x';
      await r.hset(k, mapping);
      const seen: Record<string, string> = {};
      let cursor = 0;
      let calls = 0;
      do {
        const [next, page] = await r.hscan(k, cursor, { count: 50 });
        expect(Object.getPrototypeOf(page)).toBe(Object.prototype);
        Object.assign(seen, page);
        cursor = next;
        calls++;
      } while (cursor !== 0);
      expect(calls).toBeGreaterThan(1);
      expect(Object.keys(seen)).toHaveLength(601);
      const [, matched] = await r.hscan(k, 0, { match: 'f29*', count: 10_000 });
      expect(Object.keys(matched).sort()).toEqual([
        'f29',
        'f290',
        'f291',
        'f292',
        'f293',
        'f294',
        'f295',
        'f296',
        'f297',
        'f298',
        'f299',
      ]);
      expect(await r.hscan(`${P}missing`)).toEqual([0, {}]);
    });
  });
}
