/** StrictRedis seed commands against a real server: redis-py return semantics for every method and option. */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedis, WrongTypeError } from '../../src/index.js';

const { standalone } = inject('redis');
for (const protocol of [2, 3] as const) {
  describe(`RESP${protocol}`, () => {
    const P = `sr-cmd:${process.pid}:${protocol}:`;
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

    describe('strings', () => {
      it('follows the README example', async () => {
        expect(await r.set(`${P}name`, 'itheima')).toBe(true);
        expect(await r.get(`${P}name`)).toBe('itheima');
      });

      it('set with nx/xx returns false when prevented and true otherwise', async () => {
        const k = `${P}nxxx`;
        expect(await r.set(k, 'a', { xx: true })).toBe(false);
        expect(await r.get(k)).toBeNull();
        expect(await r.set(k, 'a', { nx: true })).toBe(true);
        expect(await r.set(k, 'b', { nx: true })).toBe(false);
        expect(await r.set(k, 'c', { xx: true })).toBe(true);
        expect(await r.get(k)).toBe('c');
      });

      it('set with get returns the previous value or null', async () => {
        const k = `${P}getopt`;
        expect(await r.set(k, 'one', { get: true })).toBeNull();
        expect(await r.set(k, 'two', { get: true })).toBe('one');
        expect(await r.set(k, 'three', { get: true, xx: true })).toBe('two');
        expect(await r.get(k)).toBe('three');
      });

      it('set expiry options ex, px, exat, pxat and keepttl', async () => {
        const k = `${P}exp`;
        expect(await r.set(k, 'v', { ex: 100 })).toBe(true);
        expect(await r.ttl(k)).toBeGreaterThan(98);
        expect(await r.set(k, 'v', { px: 50_000 })).toBe(true);
        expect(await r.ttl(k)).toBeGreaterThan(48);
        expect(await r.ttl(k)).toBeLessThanOrEqual(50);
        expect(await r.set(k, 'v', { exat: Math.floor(Date.now() / 1000) + 200 })).toBe(true);
        expect(await r.ttl(k)).toBeGreaterThan(190);
        expect(await r.set(k, 'v', { exat: new Date(Date.now() + 300_000) })).toBe(true);
        expect(await r.ttl(k)).toBeGreaterThan(290);
        expect(await r.set(k, 'v', { pxat: Date.now() + 400_000 })).toBe(true);
        expect(await r.ttl(k)).toBeGreaterThan(390);
        expect(await r.set(k, 'w', { keepttl: true })).toBe(true);
        expect(await r.ttl(k)).toBeGreaterThan(390);
        expect(await r.set(k, 'x')).toBe(true);
        expect(await r.ttl(k)).toBe(-1);
        expect(await r.ttl(`${P}missing`)).toBe(-2);
        await expect(r.set(k, 'v', { ex: 1, px: 1 })).rejects.toMatchObject({ name: 'DataError' });
      });

      it('setex, mset, append, mget, getrange', async () => {
        expect(await r.setex(`${P}sx`, 60, 'v')).toBe(true);
        expect(await r.ttl(`${P}sx`)).toBeGreaterThan(58);
        expect(await r.mset({ [`${P}m1`]: 'a', [`${P}m2`]: 'b' })).toBe(true);
        expect(await r.append(`${P}m1`, 'xyz')).toBe(4);
        expect(await r.append(`${P}appnew`, 'hi')).toBe(2);
        expect(await r.mget([`${P}m1`, `${P}nope`, `${P}m2`])).toEqual(['axyz', null, 'b']);
        expect(await r.mget(`${P}m1`, `${P}m2`, `${P}nope`)).toEqual(['axyz', 'b', null]);
        await r.set(`${P}range`, 'Hello World');
        expect(await r.getrange(`${P}range`, 0, 4)).toBe('Hello');
        expect(await r.getrange(`${P}range`, -5, -1)).toBe('World');
        expect(await r.getrange(`${P}nope`, 0, 4)).toBe('');
      });
    });

    describe('keys', () => {
      it('keys, exists, delete/del', async () => {
        await r.mset({ [`${P}k:a`]: '1', [`${P}k:b`]: '2', [`${P}k:c`]: '3' });
        expect((await r.keys(`${P}k:*`)).sort()).toEqual([`${P}k:a`, `${P}k:b`, `${P}k:c`]);
        expect(await r.keys(`${P}nomatch:*`)).toEqual([]);
        expect(await r.exists(`${P}k:a`, `${P}k:b`, `${P}k:zz`)).toBe(2);
        expect(await r.exists(`${P}k:a`, `${P}k:a`)).toBe(2);
        expect(await r.delete(`${P}k:a`, `${P}k:zz`)).toBe(1);
        expect(await r.del([`${P}k:b`, `${P}k:c`])).toBe(2);
        expect(await r.exists(`${P}k:a`)).toBe(0);
      });

      it('type reports all seven results', async () => {
        await r.set(`${P}t:s`, 'v');
        await r.rpush(`${P}t:l`, 'v');
        await r.sadd(`${P}t:set`, 'v');
        await r.zadd(`${P}t:z`, { v: 1 });
        await r.hset(`${P}t:h`, 'f', 'v');
        await r.execute_command('XADD', `${P}t:x`, '*', 'f', 'v');
        expect(await r.type(`${P}t:s`)).toBe('string');
        expect(await r.type(`${P}t:l`)).toBe('list');
        expect(await r.type(`${P}t:set`)).toBe('set');
        expect(await r.type(`${P}t:z`)).toBe('zset');
        expect(await r.type(`${P}t:h`)).toBe('hash');
        expect(await r.type(`${P}t:x`)).toBe('stream');
        expect(await r.type(`${P}t:none`)).toBe('none');
      });

      it('expire with nx, xx, gt, lt', async () => {
        const k = `${P}expire`;
        expect(await r.expire(k, 100)).toBe(false);
        await r.set(k, 'v');
        expect(await r.expire(k, 100, { xx: true })).toBe(false);
        expect(await r.expire(k, 100, { nx: true })).toBe(true);
        expect(await r.expire(k, 200, { nx: true })).toBe(false);
        expect(await r.expire(k, 50, { gt: true })).toBe(false);
        expect(await r.expire(k, 300, { gt: true })).toBe(true);
        expect(await r.expire(k, 400, { lt: true })).toBe(false);
        expect(await r.expire(k, 30, { lt: true })).toBe(true);
        expect(await r.expire(k, 60, { xx: true })).toBe(true);
        expect(await r.ttl(k)).toBeGreaterThan(55);
        await expect(r.expire(k, 1, { nx: true, xx: true })).rejects.toMatchObject({ name: 'DataError' });
      });
    });

    describe('hashes', () => {
      it('hset forms, hmset, hkeys, hvals, hget, hmget, hdel', async () => {
        const k = `${P}h`;
        expect(await r.hset(k, 'a', '1')).toBe(1);
        expect(await r.hset(k, 'a', '2')).toBe(0);
        expect(await r.hset(k, { b: '2', c: 3 })).toBe(2);
        expect(await r.hmset(k, { d: '4' })).toBe(true);
        expect(await r.hkeys(k)).toEqual(['a', 'b', 'c', 'd']);
        expect(await r.hvals(k)).toEqual(['2', '2', '3', '4']);
        expect(await r.hget(k, 'a')).toBe('2');
        expect(await r.hget(k, 'zz')).toBeNull();
        expect(await r.hget(`${P}nohash`, 'a')).toBeNull();
        expect(await r.hmget(k, ['a', 'zz', 'c'])).toEqual(['2', null, '3']);
        expect(await r.hmget(k, 'zz', 'b')).toEqual([null, '2']);
        expect(await r.hdel(k, 'a', 'b', 'zz')).toBe(2);
        expect(await r.hkeys(`${P}nohash`)).toEqual([]);
      });

      it('hgetall returns an ordinary object that keeps hostile fields as own data', async () => {
        const k = `${P}hostile`;
        await r.hset(k, { __proto__x: 'x' });
        await r.execute_command('HSET', k, '__proto__', '{"polluted":1}', 'constructor', 'c', 'polluted', 'p');
        const h = await r.hgetall(k);
        expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
        expect(Object.getOwnPropertyDescriptor(h, '__proto__')?.value).toBe('{"polluted":1}');
        expect(h.constructor).toBe('c');
        expect(Object.keys(h).sort()).toEqual(['__proto__', '__proto__x', 'constructor', 'polluted']);
        expect(Object.hasOwn(h, 'constructor')).toBe(true);
        // An ordinary object: equal to a literal, printed plainly.
        await r.delete(k);
        await r.hset(k, { name: 'ann' });
        expect(await r.hgetall(k)).toStrictEqual({ name: 'ann' });
        expect(inspect(await r.hgetall(k))).toBe("{ name: 'ann' }");
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        const empty = await r.hgetall(`${P}nohash`);
        expect(Object.getPrototypeOf(empty)).toBe(Object.prototype);
        expect(Object.keys(empty)).toEqual([]);
      });
    });

    describe('lists', () => {
      it('push, linsert, lrange, lset, lrem', async () => {
        const k = `${P}l`;
        expect(await r.rpush(k, 'b', 'c')).toBe(2);
        expect(await r.lpush(k, 'a')).toBe(3);
        expect(await r.rpush(k, ['c', 'd'])).toBe(5);
        expect(await r.linsert(k, 'BEFORE', 'b', 'ab')).toBe(6);
        expect(await r.linsert(k, 'after', 'd', 'e')).toBe(7);
        expect(await r.linsert(k, 'BEFORE', 'missing', 'x')).toBe(-1);
        expect(await r.linsert(`${P}nolist`, 'BEFORE', 'a', 'x')).toBe(0);
        expect(await r.lrange(k, 0, -1)).toEqual(['a', 'ab', 'b', 'c', 'c', 'd', 'e']);
        expect(await r.lset(k, 0, 'A')).toBe(true);
        expect(await r.lrem(k, 0, 'c')).toBe(2);
        expect(await r.lrem(k, 0, 'zz')).toBe(0);
        expect(await r.lrange(k, 0, 2)).toEqual(['A', 'ab', 'b']);
        expect(await r.lrange(`${P}nolist`, 0, -1)).toEqual([]);
        await expect(r.lset(`${P}nolist`, 0, 'x')).rejects.toMatchObject({ name: 'ResponseError' });
      });
    });

    describe('sets', () => {
      it('sadd, srem, smembers', async () => {
        const k = `${P}s`;
        expect(await r.sadd(k, 'a', 'b', 'a')).toBe(2);
        expect(await r.sadd(k, ['b', 'c'])).toBe(1);
        expect(await r.srem(k, 'a', 'zz')).toBe(1);
        const members = await r.smembers(k);
        expect(members).toBeInstanceOf(Set);
        expect([...members].sort()).toEqual(['b', 'c']);
        expect((await r.smembers(`${P}noset`)).size).toBe(0);
      });
    });

    describe('sorted sets', () => {
      it('zadd with nx, xx, gt, lt, ch and incr', async () => {
        const k = `${P}z`;
        expect(await r.zadd(k, { a: 1, b: 2 })).toBe(2);
        expect(await r.zadd(k, { a: 5, c: 3 }, { nx: true })).toBe(1);
        expect(await r.zscore(k, 'a')).toBe(1);
        expect(await r.zadd(k, { a: 5, d: 4 }, { xx: true })).toBe(0);
        expect(await r.zscore(k, 'a')).toBe(5);
        expect(await r.zscore(k, 'd')).toBeNull();
        expect(await r.zadd(k, { a: 2, b: 7 }, { gt: true, ch: true })).toBe(1);
        expect(await r.zscore(k, 'a')).toBe(5);
        expect(await r.zadd(k, { a: 1 }, { lt: true, ch: true })).toBe(1);
        expect(await r.zadd(k, { a: 2.5 }, { incr: true })).toBe(3.5);
        expect(await r.zadd(k, { zz: 1 }, { incr: true, xx: true })).toBeNull();
        expect(await r.zadd(k, { a: 1 }, { incr: true, nx: true })).toBeNull();
        expect(await r.zscore(`${P}nozset`, 'a')).toBeNull();
      });

      it('zrange with desc, withscores, byscore, bylex, offset/num', async () => {
        const k = `${P}zr`;
        await r.zadd(k, { a: 1, b: 2, c: 3, d: 4.5 });
        expect(await r.zrange(k, 0, -1)).toEqual(['a', 'b', 'c', 'd']);
        expect(await r.zrange(k, 0, 1, { desc: true })).toEqual(['d', 'c']);
        expect(await r.zrange(k, 0, -1, { withscores: true })).toEqual([
          ['a', 1],
          ['b', 2],
          ['c', 3],
          ['d', 4.5],
        ]);
        expect(await r.zrange(k, 2, '+inf', { byscore: true })).toEqual(['b', 'c', 'd']);
        expect(
          await r.zrange(k, '+inf', 2, { byscore: true, desc: true, offset: 1, num: 1, withscores: true }),
        ).toEqual([['c', 3]]);
        const lex = `${P}zlex`;
        await r.zadd(lex, { a: 0, b: 0, c: 0, d: 0 });
        expect(await r.zrange(lex, '[b', '+', { bylex: true })).toEqual(['b', 'c', 'd']);
        expect(await r.zrange(lex, '-', '(c', { bylex: true, offset: 1, num: 5 })).toEqual(['b']);
        expect(await r.zrange(`${P}nozset`, 0, -1)).toEqual([]);
        await expect(r.zrange(k, 0, 1, { offset: 1 })).rejects.toMatchObject({ name: 'DataError' });
      });

      it('zrangebyscore, zrem, zremrangebyscore', async () => {
        const k = `${P}zs`;
        await r.zadd(k, { a: 1, b: 2, c: 3, d: 4 });
        expect(await r.zrangebyscore(k, 2, 3)).toEqual(['b', 'c']);
        expect(await r.zrangebyscore(k, '(1', '+inf', { start: 1, num: 2 })).toEqual(['c', 'd']);
        expect(await r.zrangebyscore(k, '-inf', 2, { withscores: true })).toEqual([
          ['a', 1],
          ['b', 2],
        ]);
        expect(await r.zrem(k, 'a', 'zz')).toBe(1);
        expect(await r.zremrangebyscore(k, 2, 3)).toBe(2);
        expect(await r.zrange(k, 0, -1)).toEqual(['d']);
        expect(await r.zremrangebyscore(`${P}nozset`, 0, 10)).toBe(0);
      });
    });

    describe('errors', () => {
      it('rejects commands on the wrong type with WrongTypeError', async () => {
        const k = `${P}wrongtype`;
        await r.set(k, 'v');
        for (const call of [
          () => r.lpush(k, 'x'),
          () => r.hget(k, 'f'),
          () => r.sadd(k, 'x'),
          () => r.zadd(k, { x: 1 }),
          () => r.lrange(k, 0, -1),
          () => r.hgetall(k),
          () => r.smembers(k),
          () => r.zscore(k, 'x'),
        ]) {
          const err = await call().then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(err).toBeInstanceOf(WrongTypeError);
          expect((err as Error).message).not.toContain(k);
        }
        await r.rpush(`${P}wrongtype:l`, 'x');
        await expect(r.get(`${P}wrongtype:l`)).rejects.toBeInstanceOf(WrongTypeError);
        // the client keeps working after error replies
        expect(await r.get(k)).toBe('v');
      });
    });

    describe('server', () => {
      it('ping, echo, dbsize, info, execute_command and sendCommand', async () => {
        expect(await r.ping()).toBe(true);
        expect(await r.echo('hello ✓')).toBe('hello ✓');
        expect(typeof (await r.dbsize())).toBe('number');
        const info = await r.info();
        expect(info.redis_version).toBe(inject('redis').serverVersion);
        expect(info.tcp_port).toBe(standalone.port);
        expect(typeof info.connected_clients).toBe('number');
        const memory = await r.info('memory');
        expect(memory.redis_version).toBeUndefined();
        expect(typeof memory.used_memory).toBe('number');
        expect(await r.execute_command('SET', `${P}raw`, 'v')).toBe('OK');
        expect(await r.sendCommand('GET', `${P}raw`)).toBe('v');
        expect(await r.execute_command('INCRBY', `${P}rawn`, 5)).toBe(5);
      });

      it('select and flushdb on a private database', async () => {
        const c = new StrictRedis({
          host: standalone.host,
          port: standalone.port,
          db: protocol === 2 ? 13 : 15,
          protocol,
        });
        try {
          await c.set(`${P}db13`, 'seven');
          expect(await c.dbsize()).toBeGreaterThanOrEqual(1);
          const keyspace = await c.info('keyspace');
          expect(keyspace[`db${protocol === 2 ? 13 : 15}`]).toMatchObject({ keys: expect.any(Number) });
          expect(await r.get(`${P}db13`)).toBeNull();
          expect(await c.select(protocol === 2 ? 14 : 12)).toBe(true);
          expect(await c.get(`${P}db13`)).toBeNull();
          await c.set(`${P}db14`, 'eight');
          expect(await c.flushdb()).toBe(true);
          expect(await c.dbsize()).toBe(0);
          expect(await c.select(protocol === 2 ? 13 : 15)).toBe(true);
          expect(await c.get(`${P}db13`)).toBe('seven');
          expect(await c.flushdb({ asynchronous: false })).toBe(true);
          expect(await c.dbsize()).toBe(0);
        } finally {
          await c.close();
        }
      });
    });
  });
}
