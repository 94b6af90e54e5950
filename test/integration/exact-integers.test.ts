/**
 * Integer replies are never rounded: beyond ±(2^53 − 1) a number client rejects with UnsafeIntegerError holding the
 * exact value, and a client made with `integer_replies: 'bigint'` receives every integer reply as a bigint.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedis, StrictRedisCluster, UnsafeIntegerError } from '../../src/index.js';

const { standalone, cluster } = inject('redis');
const P = `exact-int:${process.pid}:`;
const MAX_I64 = 9223372036854775807n;
const MIN_I64 = -9223372036854775808n;

let r: StrictRedis;
let big: StrictRedis<string, bigint>;

beforeAll(() => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  big = new StrictRedis({ host: standalone.host, port: standalone.port, integer_replies: 'bigint' });
});
afterAll(async () => {
  await r.delete(`${P}max`, `${P}min`, `${P}small`, `${P}h`);
  await Promise.all([r.close(), big.close()]);
});

describe('integer_replies: number (the default)', () => {
  it('a reply at 2^63 − 1 rejects with UnsafeIntegerError carrying the exact value, and the write happened', async () => {
    await r.set(`${P}max`, (MAX_I64 - 10n).toString());
    const err = await r.incrby(`${P}max`, 10).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnsafeIntegerError);
    expect((err as UnsafeIntegerError).value).toBe(MAX_I64);
    expect((err as Error).message).toMatch(/INCRBY: .*integer_replies: 'bigint'/);
    expect(await r.get(`${P}max`)).toBe(MAX_I64.toString());
  });

  it('a reply at −2^63 rejects the same way; safe integers stay numbers', async () => {
    await r.set(`${P}min`, (MIN_I64 + 1n).toString());
    await expect(r.decrby(`${P}min`, 1)).rejects.toMatchObject({ value: MIN_I64 });
    expect(await r.incrby(`${P}small`, Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('execute_command returns the exact value as a bigint when it does not fit a number', async () => {
    await r.set(`${P}max`, (MAX_I64 - 1n).toString());
    expect(await r.execute_command('INCR', `${P}max`)).toBe(MAX_I64);
  });
});

describe("integer_replies: 'bigint'", () => {
  it('every integer reply is a bigint, exact at ±2^63', async () => {
    await big.set(`${P}max`, (MAX_I64 - 5n).toString());
    expect(await big.incrby(`${P}max`, 5)).toBe(MAX_I64);
    await big.set(`${P}min`, (MIN_I64 + 5n).toString());
    expect(await big.decrby(`${P}min`, 5)).toBe(MIN_I64);
    expect(await big.strlen(`${P}max`)).toBe(19n);
    expect(await big.hset(`${P}h`, 'f', MAX_I64)).toBe(1n);
    expect(await big.hincrby(`${P}h`, 'f', -1)).toBe(MAX_I64 - 1n);
  });

  it('applies to pipelines and transactions too', async () => {
    const results = await big.pipeline({ transaction: true }).set(`${P}small`, '1').incrby(`${P}small`, 2).execute();
    expect(results).toEqual([true, 3n]);
    const plain = await big.pipeline({ transaction: false }).strlen(`${P}small`).execute();
    expect(plain).toEqual([1n]);
  });

  it('a cluster client made with it answers bigints, also for commands split by slot', async () => {
    const rc = new StrictRedisCluster({
      startup_nodes: [{ host: cluster.nodes[0].host, port: cluster.nodes[0].port }],
      integer_replies: 'bigint',
    });
    try {
      await rc.set(`${P}c1`, (MAX_I64 - 1n).toString());
      expect(await rc.incr(`${P}c1`)).toBe(MAX_I64);
      await rc.set(`${P}c2`, '1');
      expect(await rc.delete(`${P}c1`, `${P}c2`, `${P}c3`)).toBe(2n);
    } finally {
      await rc.close();
    }
  });
});
