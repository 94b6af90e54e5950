/** scan_iter / hscan_iter / sscan_iter / zscan_iter against a real server (database 9, keys under a per-run prefix). */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `scan:${process.pid}:`;
const N = 10_000;
let r: StrictRedis;

beforeAll(async () => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port, db: 9 });
  const pipe = r.pipeline({ transaction: false });
  for (let i = 0; i < N; i++) pipe.set(`${P}k:${i}`, String(i));
  await pipe.execute();
});
afterAll(async () => {
  const keys: string[] = [];
  for await (const key of r.scan_iter({ match: `${P}*`, count: 1000 })) keys.push(key);
  for (let i = 0; i < keys.length; i += 1000) await r.delete(keys.slice(i, i + 1000));
  await r.close();
});

describe('scan_iter', () => {
  it('visits each of 10k keys exactly once', async () => {
    const seen = new Map<string, number>();
    for await (const key of r.scan_iter({ match: `${P}k:*`, count: 250 })) seen.set(key, (seen.get(key) ?? 0) + 1);
    expect(seen.size).toBe(N);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    for (let i = 0; i < N; i += 997) expect(seen.has(`${P}k:${i}`)).toBe(true);
  });

  it('filters by type and stops on an empty match', async () => {
    await r.hset(`${P}typed-hash`, { f: 'v' });
    const hashes: string[] = [];
    for await (const key of r.scanIter({ match: `${P}*`, count: 1000, type: 'hash' })) hashes.push(key);
    expect(hashes).toEqual([`${P}typed-hash`]);
    const none: string[] = [];
    for await (const key of r.scan_iter({ match: `${P}nothing-here:*` })) none.push(key);
    expect(none).toEqual([]);
  });

  it('yields Buffers with decode_responses false', async () => {
    const bin = new StrictRedis({ host: standalone.host, port: standalone.port, db: 9, decode_responses: false });
    const key = Buffer.concat([Buffer.from(`${P}bin:`), Buffer.from([0xff, 0x00])]);
    await bin.set(key, 'x');
    const found: Buffer[] = [];
    for await (const k of bin.scan_iter({ match: `${P}bin:*` })) found.push(k);
    expect(found).toHaveLength(1);
    expect(found[0].equals(key)).toBe(true);
    await bin.close();
  });
});

describe('collection scans', () => {
  it('hscan_iter yields every field/value pair once', async () => {
    const mapping: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) mapping[`f${i}`] = `v${i}`;
    await r.hset(`${P}hash`, mapping);
    const out = new Map<string, string>();
    let count = 0;
    for await (const [field, value] of r.hscan_iter(`${P}hash`, { count: 100 })) {
      out.set(field, value);
      count++;
    }
    expect(count).toBe(1000);
    expect(Object.fromEntries(out)).toEqual(mapping);
    const matched: string[] = [];
    for await (const [field] of r.hscanIter(`${P}hash`, { match: 'f99*' })) matched.push(field);
    expect(matched.sort()).toEqual([
      'f99',
      'f990',
      'f991',
      'f992',
      'f993',
      'f994',
      'f995',
      'f996',
      'f997',
      'f998',
      'f999',
    ]);
  });

  it('sscan_iter yields every member once', async () => {
    const members = Array.from({ length: 500 }, (_, i) => `m${i}`);
    await r.sadd(`${P}set`, ...members);
    const out: string[] = [];
    for await (const member of r.sscanIter(`${P}set`, { count: 50 })) out.push(member);
    expect(out.sort()).toEqual([...members].sort());
  });

  it('zscan_iter yields [member, score] with numeric scores, infinities included', async () => {
    await r.execute_command('ZADD', `${P}zset`, 1.5, 'a', -2, 'b', '+inf', 'c', '-inf', 'd');
    const out: Array<[string, number]> = [];
    for await (const pair of r.zscan_iter(`${P}zset`)) out.push(pair);
    expect(new Map(out)).toEqual(
      new Map([
        ['a', 1.5],
        ['b', -2],
        ['c', Number.POSITIVE_INFINITY],
        ['d', Number.NEGATIVE_INFINITY],
      ]),
    );
  });
});
