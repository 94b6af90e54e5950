/**
 * GEOSEARCH and GEOSEARCHSTORE against a real server (redis-py's tests with the same data and expected values, RESP2
 * and RESP3, string and Buffer replies), the DataErrors for redis-py-form mistakes of every geo method, pipelines, and
 * StrictRedisCluster (hash-tagged keys; a destination in another slot is a CrossSlotError).
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { CrossSlotError, DataError, type StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { BARCELONA, BARCELONA_BIN, BIN_PLACE2, COORD1, COORD2, geoClients } from '../harness/geo.js';

const { standalone, cluster } = inject('redis');
const P = `cmd-geo-search:${process.pid}:`;
const { r, r3, rb, rb3, close } = geoClients(standalone, P);
beforeAll(async () => {
  await r.geoadd(`${P}bcn`, BARCELONA);
  await r.geoadd(`${P}bin`, [...BARCELONA_BIN, 2.583333, 41.316667, 'place3']);
});
afterAll(close);

const both = () => [r, r3] as const;
const bytes = () => [rb, rb3] as const;
const buf = (s: string) => Buffer.from(s);
/** The client without its method types, for calls in forms the types (rightly) refuse. */
const loose = (c: StrictRedis) => c as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

describe('geosearch', () => {
  it('from a point or a member, by radius or box, count and any (test_geosearch)', async () => {
    const k = `${P}bin`;
    for (const c of bytes()) {
      expect(await c.geosearch(k, { longitude: 2.191, latitude: 41.433, radius: 1000 })).toEqual([buf('place1')]);
      expect(await c.geosearch(k, { longitude: 2.187, latitude: 41.406, radius: 1000 })).toEqual([BIN_PLACE2]);
      expect(await c.geosearch(k, { longitude: 2.191, latitude: 41.433, height: 1000, width: 1000 })).toEqual([
        buf('place1'),
      ]);
      expect(await c.geosearch(k, { member: 'place3', radius: 100, unit: 'km' })).toEqual([
        BIN_PLACE2,
        buf('place1'),
        buf('place3'),
      ]);
      expect(await c.geosearch(k, { member: 'place3', radius: 100, unit: 'km', count: 2 })).toEqual([
        buf('place3'),
        BIN_PLACE2,
      ]);
      const [first] = await c.geosearch(k, { member: 'place3', radius: 100, unit: 'km', count: 1, any: true });
      expect([buf('place1'), buf('place3'), BIN_PLACE2]).toContainEqual(first);
    }
  });

  it('around a member, with every detail (test_geosearch_member)', async () => {
    const k = `${P}bin`;
    for (const c of bytes()) {
      expect(await c.geosearch(k, { member: 'place1', radius: 4000 })).toEqual([BIN_PLACE2, buf('place1')]);
      expect(await c.geosearch(k, { member: 'place1', radius: 10 })).toEqual([buf('place1')]);
      const found = await c.geosearch(k, {
        member: 'place1',
        radius: 4000,
        withdist: true,
        withcoord: true,
        withhash: true,
      });
      expect(found).toEqual([
        [BIN_PLACE2, 3067.4157, 3471609625421029, COORD2],
        [buf('place1'), 0, 3471609698139488, COORD1],
      ]);
    }
  });

  it('sort (test_geosearch_sort)', async () => {
    for (const c of both()) {
      const around = { longitude: 2.191, latitude: 41.433, radius: 3000 } as const;
      expect(await c.geosearch(`${P}bcn`, { ...around, sort: 'ASC' })).toEqual(['place1', 'place2']);
      expect(await c.geosearch(`${P}bcn`, { ...around, sort: 'DESC' })).toEqual(['place2', 'place1']);
      expect(await c.geosearch(`${P}bcn`, { ...around, sort: 'desc' })).toEqual(['place2', 'place1']);
    }
  });

  it('with… options give [member, dist?, hash?, [lon, lat]?] arrays (test_geosearch_with)', async () => {
    const at = { longitude: 2.191, latitude: 41.433, radius: 1, unit: 'km' } as const;
    for (const c of both()) {
      const all = await c.geosearch(`${P}bcn`, { ...at, withdist: true, withcoord: true, withhash: true });
      expectTypeOf(all).toEqualTypeOf<Array<[string, number, number, [number, number]]>>();
      expect(all).toEqual([['place1', 0.0881, 3471609698139488, COORD1]]);
      expect(await c.geosearch(`${P}bcn`, { ...at, withdist: true, withcoord: true })).toEqual([
        ['place1', 0.0881, COORD1],
      ]);
      expect(await c.geosearch(`${P}bcn`, { ...at, withhash: true, withcoord: true })).toEqual([
        ['place1', 3471609698139488, COORD1],
      ]);
      const none = { longitude: 2, latitude: 1, radius: 1, unit: 'km', withdist: true, withcoord: true } as const;
      expect(await c.geosearch(`${P}bcn`, { ...none, withhash: true })).toEqual([]);
    }
  });

  it('rejects incomplete or contradictory areas (test_geosearch_negative)', async () => {
    const k = `${P}bcn`;
    for (const options of [
      {},
      { member: 'Paris', longitude: 2, latitude: 1, radius: 1 },
      { longitude: 2, radius: 1 },
      { latitude: 2, radius: 1 },
      { member: 'Paris' },
      { member: 'Paris', radius: 3, width: 2, height: 1 },
      { member: 'Paris', width: 2 },
      { member: 'Paris', height: 2 },
      { member: 'Paris', width: 2, height: 2, sort: 'wrong' },
      { member: 'Paris', width: 2, height: 2, unit: 'miles' },
      { member: 'place3', radius: 100, any: true },
    ]) {
      await expect(loose(r).geosearch(k, options)).rejects.toBeInstanceOf(DataError);
    }
    await expect(loose(r).geosearch(k)).rejects.toBeInstanceOf(DataError);
  });
});

describe('geosearchstore', () => {
  it('stores the members found with their geo scores (test_geosearchstore)', async () => {
    for (const [i, c] of both().entries()) {
      const dest = `${P}stored${i}`;
      expect(await c.geosearchstore(dest, `${P}bcn`, { longitude: 2.191, latitude: 41.433, radius: 1000 })).toBe(1);
      expect(await c.zrange(dest, 0, -1)).toEqual(['place1']);
    }
  });

  it('storedist stores the distances (test_geosearchstore_dist)', async () => {
    const dest = `${P}dist`;
    const area = { longitude: 2.191, latitude: 41.433, radius: 1000, storedist: true };
    expect(await r.geosearchstore(dest, `${P}bcn`, area)).toBe(1);
    expect(await r.zscore(dest, 'place1')).toBe(88.05060698409301);
    expect(await r3.geosearchstore(dest, `${P}bcn`, { member: 'place1', width: 8, height: 8, unit: 'km' })).toBe(2);
  });
});

describe("redis-py's form, and mistakes in it, raise DataError before anything is sent", () => {
  it('geoadd: one flat list, a coordinate where a coordinate belongs, nx or xx, options as an object', async () => {
    const k = `${P}never-added`;
    for (const call of [
      () => loose(r).geoadd(k, 2.19, 41.43, 'place1'),
      () => loose(r).geoadd(k, ['place1', 2.19, 41.43]),
      () => loose(r).geoadd(k, [[2.19, 41.43, 'place1']]),
      () => loose(r).geoadd(k, [2.19, 41.43, { name: 'place1' }]),
      () => loose(r).geoadd(k, [2.19, 'north', 'place1']),
      () => loose(r).geoadd(k, []),
      () => loose(r).geoadd(k, BARCELONA, true),
      () => r.geoadd(k, BARCELONA, { nx: true, xx: true }),
      () => loose(r).geoadd(k, BARCELONA, { nxx: true }),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(DataError);
    }
    expect(await r.exists(k)).toBe(0);
    expect(await r.geoadd(k, ['2.19', '41.43', 'text coordinates'])).toBe(1);
  });

  it('georadius/georadiusbymember: unit and flags in the options object, valid units, sorts and combinations', async () => {
    const k = `${P}bcn`;
    const dest = `${P}never`;
    for (const call of [
      () => loose(r).georadius(k, 2.191, 41.433, 1, 'km'),
      () => loose(r).georadius(k, 'place1', 1000),
      () => loose(r).georadiusbymember(k, 'place1', 4000, 'm', true),
      () => r.georadius(k, 2.191, 41.433, 1, { unit: 'miles' as 'mi' }),
      () => r.georadius(k, 2.191, 41.433, 1, { sort: 'NEAREST' as 'ASC' }),
      () => r.georadius(k, 2.191, 41.433, 1, { any: true }),
      () => r.georadius(k, 2.191, 41.433, 1, { count: 0 }),
      () => r.georadius(k, 2.191, 41.433, 1, { store: dest, store_dist: dest }),
      () => r.georadiusbymember(k, 'place1', 1, { store: dest, withdist: true }),
      () => loose(r).georadius(k, 2.191, 41.433, 1, { withdistance: true }),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(DataError);
    }
    expect(await r.exists(dest)).toBe(0);
  });

  it('geosearch/geosearchstore: the area in the options object, no with… when storing', async () => {
    const k = `${P}bcn`;
    await expect(loose(r).geosearch(k, 'place1')).rejects.toBeInstanceOf(DataError);
    await expect(loose(r).geosearch(k, { member: 'place1', radius: 'far' })).rejects.toBeInstanceOf(DataError);
    const dest = `${P}never`;
    const withdist = { member: 'place1', radius: 10, withdist: true };
    await expect(loose(r).geosearchstore(dest, k, withdist)).rejects.toBeInstanceOf(DataError);
    expect(await r.exists(dest)).toBe(0);
  });
});

describe('pipelines', () => {
  it('queued geo commands get the same reply shapes as direct calls', async () => {
    const k = `${P}pipe`;
    for (const c of both()) {
      const results = await c
        .pipeline()
        .geoadd(k, BARCELONA)
        .geopos(k, 'place1', 'nope')
        .geohash(k, 'place2')
        .georadius(k, 2.191, 41.433, 1, { unit: 'km', withdist: true, withcoord: true })
        .geosearch(k, { member: 'place1', radius: 4000, withhash: true, sort: 'ASC' })
        .georadius(k, 2.191, 41.433, 1000, { store: `${P}pipe-out` })
        .geosearchstore(`${P}pipe-out`, k, { member: 'place1', radius: 4000 })
        .delete(k, `${P}pipe-out`)
        .execute();
      expect(results).toEqual([
        2,
        [COORD1, null],
        ['sp3e9cbc3t0'],
        [['place1', 0.0881, COORD1]],
        [
          ['place1', 3471609698139488],
          ['place2', 3471609625421029],
        ],
        1,
        2,
        2,
      ]);
    }
  });
});

describe('in a cluster', () => {
  it('stores within one slot (hash tags) and rejects a destination in another slot', async () => {
    const seed = cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    const tag = `{${P}foo}`;
    try {
      await rc.geoadd(`${tag}barcelona`, BARCELONA);
      const area = { longitude: 2.191, latitude: 41.433, radius: 1000 } as const;
      expect(await rc.geosearchstore(`${tag}places`, `${tag}barcelona`, area)).toBe(1);
      expect(await rc.zrange(`${tag}places`, 0, -1)).toEqual(['place1']);
      expect(await rc.geosearchstore(`${tag}dist`, `${tag}barcelona`, { ...area, storedist: true })).toBe(1);
      expect(await rc.zscore(`${tag}dist`, 'place1')).toBe(88.05060698409301);
      expect(await rc.georadius(`${tag}barcelona`, 2.191, 41.433, 1000, { store: `${tag}radius` })).toBe(1);
      expect(await rc.zrange(`${tag}radius`, 0, -1)).toEqual(['place1']);
      expect(await rc.georadius(`${tag}barcelona`, 2.191, 41.433, 1000, { store_dist: `${tag}rdist` })).toBe(1);
      expect(await rc.zscore(`${tag}rdist`, 'place1')).toBe(88.05060698409301);
      expect(await rc.georadiusbymember_ro(`${tag}barcelona`, 'place1', 4000, { withdist: true })).toEqual([
        ['place2', 3067.4157],
        ['place1', 0],
      ]);

      const elsewhere = `${P}other-slot`;
      for (const call of [
        () => rc.geosearchstore(elsewhere, `${tag}barcelona`, area),
        () => rc.georadius(`${tag}barcelona`, 2.191, 41.433, 1000, { store: elsewhere }),
        () => rc.georadiusbymember(`${tag}barcelona`, 'place1', 1000, { store_dist: elsewhere }),
      ]) {
        await expect(call()).rejects.toBeInstanceOf(CrossSlotError);
      }
      expect(await rc.exists(elsewhere)).toBe(0);
    } finally {
      await rc.delete(`${tag}barcelona`, `${tag}places`, `${tag}dist`, `${tag}radius`, `${tag}rdist`);
      await rc.close();
    }
  });

  it('a cluster pipeline routes each geo command by its key', async () => {
    const seed = cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    const [a, b] = [`${P}pa`, `${P}pb`];
    try {
      const results = await rc
        .pipeline({ transaction: false })
        .geoadd(a, BARCELONA)
        .geoadd(b, BARCELONA.slice(0, 3))
        .geodist(a, 'place1', 'place2', 'km')
        .geosearch(b, { longitude: 2.191, latitude: 41.433, radius: 1000 })
        .execute();
      expect(results).toEqual([2, 1, 3.0674, ['place1']]);
    } finally {
      await rc.delete(a, b);
      await rc.close();
    }
  });
});
