/**
 * Client-side caching in one run, on a redis-server it starts itself (`npm run bench:cache`):
 * 1. GET awaited one at a time: uncached (a round trip each) against cached hits (no round trip), same keys;
 * 2. memory: far more distinct keys read than the cache may hold — entries and estimated bytes must stay within
 *    `max_entries` / `max_bytes`, and the heap the cache holds (measured after forced GCs) is reported next to its
 *    own estimate (the heap freed by `flush()`).
 * Knobs: CACHE_BENCH_MS (2000 per measurement), CACHE_BENCH_KEYS (50,000 distinct keys for the memory part).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisProcess } from '../src/admin/redis-process.js';
import { StrictRedis } from '../src/index.js';

const MEASURE_MS = Number(process.env.CACHE_BENCH_MS ?? 2000);
const MEMORY_KEYS = Number(process.env.CACHE_BENCH_KEYS ?? 50_000);
const HOT_KEYS = 1000;
const VALUE = 'v'.repeat(100);

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

/** GETs of the hot keys, each awaited before the next, for MEASURE_MS; operations per second. */
async function getsPerSecond(client: StrictRedis): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const end = start + MEASURE_MS;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await client.get(`hot:${(ops + i) % HOT_KEYS}`);
    ops += 100;
  }
  return ops / ((performance.now() - start) / 1000);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  if (gc === undefined) console.log('(run with node --expose-gc for exact heap numbers)');
  const dir = mkdtempSync(join(tmpdir(), 'strict-redis-cache-bench-'));
  const server = await RedisProcess.start({ dir });
  const endpoint = { host: '127.0.0.1', port: server.port };
  const plain = new StrictRedis(endpoint);
  const cached = new StrictRedis({ ...endpoint, protocol: 3, cache: { max_entries: 10_000 } });
  const bounded = new StrictRedis({
    ...endpoint,
    protocol: 3,
    cache: { max_entries: 20_000, max_bytes: 2 * 1024 * 1024 },
  });
  try {
    await plain.connect();
    for (let i = 0; i < HOT_KEYS; i++) void plain.set(`hot:${i}`, VALUE);
    for (let i = 0; i < MEMORY_KEYS; i++) void plain.set(`mem:${i}`, `${VALUE}:${i}`);
    await plain.ping();
    // Warm up both paths (JIT), and fill the cache with the hot keys.
    await getsPerSecond(plain);
    await getsPerSecond(cached);
    const uncachedRate = await getsPerSecond(plain);
    const before = cached.get_cache()!.stats();
    const cachedRate = await getsPerSecond(cached);
    const after = cached.get_cache()!.stats();
    const hitRatio = (after.hits - before.hits) / (after.hits - before.hits + after.misses - before.misses);
    console.log('GET awaited one at a time, 1,000 keys of 100 bytes:');
    console.log(`  uncached           ${Math.round(uncachedRate).toLocaleString('en')} ops/s`);
    console.log(
      `  cached (hits)      ${Math.round(cachedRate).toLocaleString('en')} ops/s (hit ratio ${hitRatio.toFixed(4)})`,
    );
    console.log(`  speed-up           ${(cachedRate / uncachedRate).toFixed(1)}×`);

    const heapBefore = heapUsed();
    let maxEntries = 0;
    let maxBytes = 0;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MEMORY_KEYS; i += 500) {
        const batch = [];
        for (let j = i; j < Math.min(i + 500, MEMORY_KEYS); j++) batch.push(bounded.get(`mem:${j}`));
        await Promise.all(batch);
        const stats = bounded.get_cache()!.stats();
        maxEntries = Math.max(maxEntries, stats.entries);
        maxBytes = Math.max(maxBytes, stats.bytes);
      }
    }
    const stats = bounded.get_cache()!.stats();
    const heapWith = heapUsed();
    const grown = heapWith - heapBefore;
    bounded.get_cache()!.flush();
    const held = heapWith - heapUsed();
    console.log(
      `\nmemory: ${MEMORY_KEYS.toLocaleString('en')} distinct keys read twice; cache max_entries 20,000, max_bytes 2 MiB:`,
    );
    console.log(
      `  entries            ${stats.entries.toLocaleString('en')} now, ${maxEntries.toLocaleString('en')} at most`,
    );
    console.log(
      `  estimated bytes    ${mib(stats.bytes)} now, ${mib(maxBytes)} at most (bound ${mib(2 * 1024 * 1024)})`,
    );
    console.log(`  heap held          ${mib(held)} (heapUsed after GC, minus the same after flush())`);
    console.log(`  heap growth        ${mib(grown)} (heapUsed after GC, against before the reads)`);
    console.log(`  evictions          ${stats.evictions.toLocaleString('en')}`);
    const within = maxEntries <= 20_000 && maxBytes <= 2 * 1024 * 1024;
    console.log(`  within bounds      ${within ? 'yes' : 'NO'}`);
    if (!within) process.exitCode = 1;
  } finally {
    await Promise.all([plain.close(), cached.close(), bounded.close()]);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
