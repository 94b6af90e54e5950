/** Pipelines, transactions with WATCH retries, and blocking commands on pooled connections. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ResponseError, StrictRedis, WatchError, WrongTypeError } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `sr-pipe:${process.pid}:`;
let r: StrictRedis;
let other: StrictRedis;

beforeAll(() => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  other = new StrictRedis({ host: standalone.host, port: standalone.port });
});
afterAll(async () => {
  const keys = await r.keys(`${P}*`);
  if (keys.length > 0) await r.delete(keys);
  await Promise.all([r.close(), other.close()]);
});

describe('pipelines', () => {
  for (const transaction of [false, true]) {
    it(`returns transformed results in order (transaction: ${transaction})`, async () => {
      const k = `${P}order:${transaction}`;
      const pipe = r.pipeline({ transaction });
      pipe
        .set(`${k}:s`, 'v')
        .get(`${k}:s`)
        .set(`${k}:s`, 'w', { nx: true })
        .hset(`${k}:h`, [
          ['__proto__', 'p'],
          ['a', '1'],
        ])
        .hgetall(`${k}:h`)
        .sadd(`${k}:set`, 'x')
        .smembers(`${k}:set`)
        .zadd(`${k}:z`, { m: 1.5 })
        .zrange(`${k}:z`, 0, -1, { withscores: true })
        .get(`${k}:missing`)
        .execute_command('INCR', `${k}:n`);
      expect(pipe.length).toBe(11);
      const results = await pipe.execute();
      expect(results[0]).toBe(true);
      expect(results[1]).toBe('v');
      expect(results[2]).toBe(false);
      expect(results[3]).toBe(2);
      expect(Object.getPrototypeOf(results[4])).toBe(Object.prototype);
      const hash = results[4] as Record<string, string>;
      expect(Object.keys(hash).sort()).toEqual(['__proto__', 'a']);
      expect(Object.getOwnPropertyDescriptor(hash, '__proto__')?.value).toBe('p');
      expect(hash.a).toBe('1');
      expect(results[5]).toBe(1);
      expect(results[6]).toEqual(new Set(['x']));
      expect(results[7]).toBe(1);
      expect(results[8]).toEqual([['m', 1.5]]);
      expect(results[9]).toBeNull();
      expect(results[10]).toBe(1);
      expect(pipe.length).toBe(0);
      expect(await pipe.execute()).toEqual([]);
    });

    it(`raise_on_error rejects with the first error after every reply (transaction: ${transaction})`, async () => {
      const k = `${P}raise:${transaction}`;
      await r.set(`${k}:str`, 'v');
      const build = () =>
        r
          .pipeline({ transaction })
          .set(`${k}:a`, '1')
          .lpush(`${k}:str`, 'x')
          .execute_command('INCR', `${k}:str`)
          .set(`${k}:b`, '2');
      const err = await build()
        .execute()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(WrongTypeError);
      // every command still ran (the error did not stop the batch)
      expect(await r.mget(`${k}:a`, `${k}:b`)).toEqual(['1', '2']);
      await r.delete(`${k}:a`, `${k}:b`);
      const results = await build().execute({ raise_on_error: false });
      expect(results).toHaveLength(4);
      expect(results[0]).toBe(true);
      expect(results[1]).toBeInstanceOf(WrongTypeError);
      expect(results[2]).toBeInstanceOf(ResponseError);
      expect(results[3]).toBe(true);
      expect(await build().execute({ raiseOnError: false })).toHaveLength(4);
    });
  }

  it('a transaction mixing byte replies (DUMP) with text ones keeps each in its own form', async () => {
    const k = `${P}mixed`;
    await r.set(k, 'text-value');
    const [dumped, text, record] = await r.pipeline().dump(k).get(k).hgetall(`${k}:none`).execute();
    expect(Buffer.isBuffer(dumped)).toBe(true);
    expect(text).toBe('text-value');
    expect(record).toEqual({});
    await r.delete(k);
    expect(await r.restore(k, 0, dumped as Buffer)).toBe(true);
    expect(await r.get(k)).toBe('text-value');
  });

  it('a transaction is atomic: other clients never see half of it', async () => {
    const k = `${P}atomic`;
    const pipe = r.pipeline();
    for (let i = 0; i < 50; i++) pipe.rpush(k, String(i));
    const [results, seen] = await Promise.all([pipe.execute(), other.lrange(k, 0, -1)]);
    expect(results.at(-1)).toBe(50);
    expect([0, 50]).toContain(seen.length);
  });
});

describe('transaction()', () => {
  it('retries when a watched key changes and returns the final EXEC results', async () => {
    const k = `${P}watched`;
    await r.set(k, '10');
    let attempts = 0;
    const results = await r.transaction(async (pipe) => {
      attempts++;
      const current = Number(await pipe.get(k));
      if (attempts === 1) await other.set(k, '100');
      pipe
        .multi()
        .set(k, String(current + 1))
        .get(k);
    }, k);
    expect(attempts).toBe(2);
    expect(results).toEqual([true, '101']);
    expect(await r.get(k)).toBe('101');
  });

  it("rejects with the callback's error and leaves the pool usable", async () => {
    const k = `${P}watched-throw`;
    const boom = new Error('callback failed');
    await expect(
      r.transaction(async (pipe) => {
        pipe.multi().set(k, 'never');
        throw boom;
      }, k),
    ).rejects.toBe(boom);
    expect(await r.get(k)).toBeNull();
    expect(await r.transaction((pipe) => void pipe.multi().set(k, 'ok'), k)).toEqual([true]);
  });

  it('gives up with WatchError after max_retries', async () => {
    const k = `${P}watched-always`;
    await r.set(k, '0');
    let attempts = 0;
    const err = await r
      .transaction(
        async (pipe) => {
          attempts++;
          await other.set(k, String(attempts));
          pipe.multi().set(k, 'mine');
        },
        k,
        { max_retries: 2 },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(WatchError);
    expect(attempts).toBe(3);
    expect(await r.get(k)).toBe('3');
  });
});

describe('blocking commands', () => {
  it('run on a pooled connection while the shared one keeps answering', async () => {
    const k = `${P}blpop`;
    const started = Date.now();
    const blocked = r.execute_command('BLPOP', k, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t0 = Date.now();
    expect(await r.ping()).toBe(true);
    await r.set(`${P}during`, 'yes');
    expect(await r.get(`${P}during`)).toBe('yes');
    expect(Date.now() - t0).toBeLessThan(200);
    expect(await other.rpush(k, 'item')).toBe(1);
    expect(await blocked).toEqual([k, 'item']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('time out on the server side with null', async () => {
    const started = Date.now();
    expect(await r.execute_command('BLPOP', `${P}empty`, 0.2)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('several blockers each get their own connection', async () => {
    const keys = [0, 1, 2].map((i) => `${P}multi:${i}`);
    const blocked = keys.map((k) => r.execute_command('BRPOP', k, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const k of keys) await other.rpush(k, `v-${k}`);
    expect(await Promise.all(blocked)).toEqual(keys.map((k) => [k, `v-${k}`]));
  });
});

describe('select() and pooled connections', () => {
  it('a connection borrowed during select() does not come back on the old database', async () => {
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, db: 11 });
    try {
      const k = `${P}select-blpop`;
      const blocked = c.execute_command('BLPOP', k, 5);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await c.select(12)).toBe(true);
      const pusher = new StrictRedis({ host: standalone.host, port: standalone.port, db: 11 });
      await pusher.rpush(k, 'x');
      await pusher.close();
      expect(await blocked).toEqual([k, 'x']);
      const [info] = await c.pipeline().execute_command('CLIENT', 'INFO').execute();
      expect(info).toContain(' db=12 ');
      const [plain] = await c.pipeline({ transaction: false }).execute_command('CLIENT', 'INFO').execute();
      expect(plain).toContain(' db=12 ');
    } finally {
      await c.close();
    }
  });
});
