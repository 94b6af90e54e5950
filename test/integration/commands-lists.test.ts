/** List commands against a real server, in RESP2 and RESP3, including the blocking ones. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');

for (const protocol of [2, 3] as const) {
  describe(`lists, RESP${protocol}`, () => {
    const P = `cmd-list:${process.pid}:${protocol}:`;
    let r: StrictRedis;
    let other: StrictRedis;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      other = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      await Promise.all([r.connect(), other.connect()]);
    });
    afterAll(async () => {
      const keys = await r.keys(`${P}*`);
      if (keys.length > 0) await r.delete(keys);
      await Promise.all([r.close(), other.close()]);
    });

    it('lpop and rpop: one element, a count, null for a missing key', async () => {
      const k = `${P}pop`;
      await r.rpush(k, 'a', 'b', 'c', 'd', 'e');
      expect(await r.lpop(k)).toBe('a');
      expect(await r.rpop(k)).toBe('e');
      expect(await r.lpop(k, 2)).toEqual(['b', 'c']);
      expect(await r.rpop(k, 5)).toEqual(['d']);
      expect(await r.lpop(k)).toBeNull();
      expect(await r.rpop(k, 2)).toBeNull();
    });

    it('llen, lindex, ltrim', async () => {
      const k = `${P}trim`;
      expect(await r.llen(k)).toBe(0);
      await r.rpush(k, 'a', 'b', 'c', 'd');
      expect(await r.llen(k)).toBe(4);
      expect(await r.lindex(k, -1)).toBe('d');
      expect(await r.lindex(k, 10)).toBeNull();
      expect(await r.ltrim(k, 1, 2)).toBe(true);
      expect(await r.lrange(k, 0, -1)).toEqual(['b', 'c']);
    });

    it('lpos with rank, count and maxlen', async () => {
      const k = `${P}pos`;
      await r.rpush(k, 'a', 'b', 'c', 'b', 'b');
      expect(await r.lpos(k, 'b')).toBe(1);
      expect(await r.lpos(k, 'b', { rank: 2 })).toBe(3);
      expect(await r.lpos(k, 'b', { rank: -1 })).toBe(4);
      expect(await r.lpos(k, 'b', { count: 0 })).toEqual([1, 3, 4]);
      expect(await r.lpos(k, 'b', { count: 2, maxlen: 4 })).toEqual([1, 3]);
      expect(await r.lpos(k, 'z')).toBeNull();
      expect(await r.lpos(k, 'z', { count: 1 })).toEqual([]);
    });

    it('lmove and rpoplpush', async () => {
      const [a, b] = [`${P}{mv}a`, `${P}{mv}b`];
      await r.rpush(a, '1', '2', '3');
      expect(await r.lmove(a, b)).toBe('1');
      expect(await r.lmove(a, b, 'RIGHT', 'LEFT')).toBe('3');
      expect(await r.lrange(b, 0, -1)).toEqual(['3', '1']);
      expect(await r.rpoplpush(a, b)).toBe('2');
      expect(await r.rpoplpush(a, b)).toBeNull();
      await expect(r.lmove(a, b, 'UP' as 'LEFT')).rejects.toBeInstanceOf(DataError);
    });

    it('lpushx and rpushx only push onto existing lists', async () => {
      const k = `${P}x`;
      expect(await r.lpushx(k, 'a')).toBe(0);
      expect(await r.exists(k)).toBe(0);
      await r.rpush(k, 'm');
      expect(await r.lpushx(k, 'l1', 'l2')).toBe(3);
      expect(await r.rpushx(k, ['r'])).toBe(4);
      expect(await r.lrange(k, 0, -1)).toEqual(['l2', 'l1', 'm', 'r']);
    });

    it('lmpop pops from the first non-empty list', async () => {
      const [a, b] = [`${P}{mp}a`, `${P}{mp}b`];
      await r.rpush(b, '1', '2', '3');
      expect(await r.lmpop(2, a, b, { direction: 'LEFT' })).toEqual([b, ['1']]);
      expect(await r.lmpop(2, [a, b], { direction: 'RIGHT', count: 5 })).toEqual([b, ['3', '2']]);
      expect(await r.lmpop(2, a, b, { direction: 'LEFT' })).toBeNull();
      await expect(r.lmpop(3, a, b, { direction: 'LEFT' })).rejects.toBeInstanceOf(DataError);
    });

    it('blpop and brpop return [key, value], or null after the timeout', async () => {
      const [a, b] = [`${P}{bp}a`, `${P}{bp}b`];
      await r.rpush(b, 'x', 'y');
      expect(await r.blpop([a, b], 1)).toEqual([b, 'x']);
      expect(await r.brpop(b, 1)).toEqual([b, 'y']);
      const started = Date.now();
      expect(await r.blpop([a, b], 0.2)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    });

    it('a blocked blpop is served by a push from another client while the shared connection keeps answering', async () => {
      const k = `${P}served`;
      const waiting = r.blpop(k, 5);
      // The shared connection is not blocked: ordinary commands still answer at once.
      expect(await r.ping()).toBe(true);
      expect(await r.llen(k)).toBe(0);
      await other.rpush(k, 'hello');
      expect(await waiting).toEqual([k, 'hello']);
    });

    it('blmove, brpoplpush and blmpop: served, and null on timeout', async () => {
      const [a, b] = [`${P}{bm}a`, `${P}{bm}b`];
      expect(await r.blmove(a, b, 0.1)).toBeNull();
      expect(await r.brpoplpush(a, b, 0.1)).toBeNull();
      expect(await r.blmpop(0.1, 1, a, { direction: 'LEFT' })).toBeNull();
      const moved = r.blmove(a, b, 5, 'LEFT', 'LEFT');
      const popped = r.blmpop(5, 2, [`${P}{bm}none`, b], { direction: 'RIGHT', count: 2 });
      expect(await r.echo('still answering')).toBe('still answering');
      await other.rpush(a, '1');
      expect(await moved).toBe('1');
      expect(await popped).toEqual([b, ['1']]);
      await other.rpush(a, '2');
      expect(await r.brpoplpush(a, b, 1)).toBe('2');
    });
  });
}
