/**
 * Calls whose answer is known without the server (redis-py's EMPTY_RESPONSE): MGET of no keys is `[]` — on its own,
 * in pipelines and transactions (in its place among the other results), and on the cluster.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedis, StrictRedisCluster } from '../../src/index.js';

const { standalone, cluster } = inject('redis');
const P = `empty:${process.pid}:`;
let r: StrictRedis;
let rc: StrictRedisCluster;

beforeAll(() => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  rc = new StrictRedisCluster({ startup_nodes: [{ host: cluster.nodes[0].host, port: cluster.nodes[0].port }] });
});
afterAll(async () => {
  await r.delete(`${P}a`);
  await rc.delete(`${P}{t}a`);
  await Promise.all([r.close(), rc.close()]);
});

describe('mget of no keys', () => {
  it('is [] with an empty list or no arguments, as in redis-py', async () => {
    expect(await r.mget([])).toEqual([]);
    expect(await r.mget()).toEqual([]);
  });

  it('keeps its place in pipelines and transactions', async () => {
    await r.set(`${P}a`, '1');
    for (const transaction of [false, true]) {
      const results = await r.pipeline({ transaction }).get(`${P}a`).mget([]).mget(`${P}a`).execute();
      expect(results).toEqual(['1', [], ['1']]);
    }
    expect(await r.pipeline({ transaction: true }).mget([]).execute()).toEqual([[]]);
  });

  it('is [] on the cluster, in its pipelines and its transactions', async () => {
    expect(await rc.mget([])).toEqual([]);
    await rc.set(`${P}{t}a`, 'x');
    expect(await rc.pipeline().mget([]).get(`${P}{t}a`).execute()).toEqual([[], 'x']);
    expect(await rc.pipeline({ transaction: true }).get(`${P}{t}a`).mget([]).execute()).toEqual(['x', []]);
  });
});
