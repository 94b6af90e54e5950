/**
 * Client-side caching, standalone: 8 writers through an uncached client, 8 readers through the cached one, and the
 * cached client's connection killed in the middle. No reader goes back in time, and every acknowledged write is seen
 * by reads starting 100 ms later. (CACHE_CONSISTENCY_MS sets the length of the run.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedis } from '../../src/index.js';
import { CONSISTENCY_MS, killClientsNamed, runConsistency } from '../harness/cache-consistency.js';
import { waitFor } from '../harness/raw.js';

const { standalone } = inject('redis');
const P = 'cache-consistency:';
const NAME = 'cache-consistency-readers';

describe('client-side cache consistency (standalone)', () => {
  let writer: StrictRedis;
  let cached: StrictRedis;
  const keys = Array.from({ length: 32 }, (_, i) => `${P}counter:${i}`);

  beforeAll(async () => {
    writer = new StrictRedis({ host: standalone.host, port: standalone.port });
    cached = new StrictRedis({
      host: standalone.host,
      port: standalone.port,
      protocol: 3,
      client_name: NAME,
      cache: { max_entries: 1000 },
    });
    await writer.delete(...keys);
  });

  afterAll(async () => {
    await writer?.delete(...keys);
    await Promise.all([writer?.close(), cached?.close()]);
  });

  it(
    'never serves a value older than one already seen, nor one older than a write acknowledged 100 ms before',
    async () => {
      let reconnects = 0;
      cached.on('ready', () => reconnects++);
      await cached.connect();
      const report = await runConsistency({
        keys,
        writer,
        reader: cached,
        disruptions: [
          {
            at: 0.5,
            name: 'CLIENT KILL of the cached connection',
            run: async () => {
              expect(await killClientsNamed(standalone.port, NAME, standalone.host)).toBe(1);
              await waitFor('the cached client to reconnect', async () => reconnects >= 2, 10_000);
            },
          },
        ],
      });
      const stats = cached.get_cache()!.stats();
      expect(report.done).toHaveLength(1);
      expect(report.regressions).toEqual([]);
      expect(report.stale).toEqual([]);
      expect(report.readErrors.filter((e) => !e.includes('ConnectionError'))).toEqual([]);
      expect(report.writeErrors).toEqual([]);
      expect(report.writes).toBeGreaterThan(100);
      expect(stats.hits).toBeGreaterThan(stats.misses);
      expect(stats.invalidations).toBeGreaterThan(0);
      expect(stats.entries).toBeLessThanOrEqual(1000);
      console.log(`standalone: ${report.reads} reads, ${report.writes} writes, cache ${JSON.stringify(stats)}`);
    },
    CONSISTENCY_MS + 60_000,
  );
});
