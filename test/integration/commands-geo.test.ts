/**
 * Geo commands against a real server: redis-py's tests of GEOADD, GEODIST, GEOHASH, GEOPOS and GEORADIUS(BYMEMBER)
 * with the same data and expected values, in RESP2 and RESP3, with string and Buffer replies; the read-only forms.
 * GEOSEARCH, argument checks, pipelines and the cluster: commands-geo-search.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, ReadOnlyError, StrictRedis } from '../../src/index.js';
import { BARCELONA, BARCELONA_BIN, BIN_PLACE2, COORD1, COORD2, geoClients, PLACE3 } from '../harness/geo.js';

const { standalone, primary, replica } = inject('redis');
const P = `cmd-geo:${process.pid}:`;
const { r, r3, rb, rb3, close } = geoClients(standalone, P);
afterAll(close);

/** The string clients, RESP2 and RESP3. */
const both = () =>
  [
    ['RESP2', r],
    ['RESP3', r3],
  ] as const;
/** The Buffer clients (redis-py's default bytes replies), RESP2 and RESP3. */
const bytes = () =>
  [
    ['RESP2', rb],
    ['RESP3', rb3],
  ] as const;
const buf = (s: string) => Buffer.from(s);

describe('geoadd', () => {
  it('adds places given as one flat list (test_geoadd)', async () => {
    expect(await r.geoadd(`${P}add`, BARCELONA)).toBe(2);
    expect(await r.zcard(`${P}add`)).toBe(2);
  });

  it('nx only adds new places (test_geoadd_nx)', async () => {
    for (const [label, c] of both()) {
      const k = `${P}nx-${label}`;
      expect(await c.geoadd(k, BARCELONA)).toBe(2);
      expect(await c.geoadd(k, [...BARCELONA, ...PLACE3], { nx: true })).toBe(1);
      expect(await c.zrange(k, 0, -1)).toEqual(['place3', 'place2', 'place1']);
    }
  });

  it('xx only updates existing places (test_geoadd_xx)', async () => {
    for (const [label, c] of both()) {
      const k = `${P}xx-${label}`;
      expect(await c.geoadd(k, BARCELONA.slice(0, 3))).toBe(1);
      expect(await c.geoadd(k, BARCELONA, { xx: true })).toBe(0);
      expect(await c.zrange(k, 0, -1)).toEqual(['place1']);
    }
  });

  it('ch counts changed places too (test_geoadd_ch)', async () => {
    for (const [label, c] of both()) {
      const k = `${P}ch-${label}`;
      expect(await c.geoadd(k, BARCELONA.slice(0, 3))).toBe(1);
      const moved = [2.1909389952632, 31.433791470673, 'place1', ...BARCELONA.slice(3)];
      expect(await c.geoadd(k, moved, { ch: true })).toBe(2);
      expect(await c.zrange(k, 0, -1)).toEqual(['place1', 'place2']);
    }
  });

  it('rejects a list that is not made of triples (test_geoadd_invalid_params)', async () => {
    await expect(r.geoadd(`${P}bad`, [1, 2])).rejects.toBeInstanceOf(DataError);
    expect(await r.exists(`${P}bad`)).toBe(0);
  });
});

describe('geodist, geohash, geopos', () => {
  beforeAll(async () => {
    await r.geoadd(`${P}bcn`, BARCELONA);
  });

  it('geodist is a number in meters, or in the unit given (test_geodist, test_geodist_units)', async () => {
    for (const [, c] of both()) {
      expect(await c.geodist(`${P}bcn`, 'place1', 'place2')).toBe(3067.4157);
      expect(await c.geodist(`${P}bcn`, 'place1', 'place2', 'km')).toBe(3.0674);
      expect(await c.geodist(`${P}bcn`, 'place1', 'place2', 'KM')).toBe(3.0674);
      expect(await c.geodist(`${P}bcn`, 'place1', 'place2', Buffer.from('Km'))).toBe(3.0674);
    }
  });

  it('geodist is null when a member is missing (test_geodist_missing_one_member)', async () => {
    for (const [, c] of both()) expect(await c.geodist(`${P}bcn`, 'place1', 'missing_member', 'km')).toBeNull();
  });

  it('geodist rejects an unknown unit (test_geodist_invalid_units)', async () => {
    await expect(r.geodist('x', 'y', 'z', 'inches' as 'm')).rejects.toBeInstanceOf(DataError);
  });

  it('geohash gives text hashes and null for missing members, also to Buffer clients (test_geohash)', async () => {
    const expected = ['sp3e9yg3kd0', 'sp3e9cbc3t0', null];
    for (const [, c] of [...both(), ...bytes()]) {
      expect(await c.geohash(`${P}bcn`, 'place1', 'place2', 'place3')).toEqual(expected);
    }
    expect(await r.geohash(`${P}bcn`, ['place1', 'place2'])).toEqual(expected.slice(0, 2));
  });

  it('geopos gives [longitude, latitude] numbers (test_geopos)', async () => {
    for (const [, c] of [...both(), ...bytes()]) {
      expect(await c.geopos(`${P}bcn`, 'place1', 'place2')).toEqual([COORD1, COORD2]);
    }
  });

  it('geopos gives null per missing member (test_geopos_no_value)', async () => {
    for (const [, c] of both()) expect(await c.geopos(`${P}missing`, 'place1', 'place2')).toEqual([null, null]);
    expect(await r.geopos(`${P}bcn`, 'nope', 'place1')).toEqual([null, COORD1]);
  });
});

describe('georadius and georadiusbymember', () => {
  const k = `${P}radius`;
  const kb = `${P}radius-bin`;
  beforeAll(async () => {
    await r.geoadd(k, BARCELONA);
    await r.geoadd(kb, BARCELONA_BIN);
  });

  it('execute_command gives the raw reply (test_georadius_Issue2609)', async () => {
    await r.geoadd(`${P}issue`, [1, 2, 'data']);
    expect(await r.execute_command('GEORADIUS', `${P}issue`, 1, 2, 400, 'm')).toEqual(['data']);
  });

  it('finds the members around a point, binary names as Buffers (test_georadius)', async () => {
    for (const [, c] of bytes()) {
      expect(await c.georadius(kb, 2.191, 41.433, 1000)).toEqual([buf('place1')]);
      expect(await c.georadius(kb, 2.187, 41.406, 1000)).toEqual([BIN_PLACE2]);
    }
  });

  it('no match gives [] (test_georadius_no_values)', async () => {
    for (const [, c] of both()) expect(await c.georadius(k, 1, 2, 1000)).toEqual([]);
  });

  it('unit (test_georadius_units)', async () => {
    for (const [, c] of both()) expect(await c.georadius(k, 2.191, 41.433, 1, { unit: 'km' })).toEqual(['place1']);
  });

  it('with… options give [member, dist, hash, [lon, lat]] arrays (test_georadius_with)', async () => {
    for (const [c, place1] of [
      [r, 'place1'],
      [r3, 'place1'],
      [rb, buf('place1')],
      [rb3, buf('place1')],
    ] as const) {
      const all = { unit: 'km', withdist: true, withcoord: true, withhash: true } as const;
      expect(await c.georadius(k, 2.191, 41.433, 1, all)).toEqual([[place1, 0.0881, 3471609698139488, COORD1]]);
      expect(await c.georadius(k, 2.191, 41.433, 1, { unit: 'km', withdist: true, withcoord: true })).toEqual([
        [place1, 0.0881, COORD1],
      ]);
      expect(await c.georadius(k, 2.191, 41.433, 1, { unit: 'km', withhash: true, withcoord: true })).toEqual([
        [place1, 3471609698139488, COORD1],
      ]);
      expect(await c.georadius(k, 2, 1, 1, all)).toEqual([]);
    }
  });

  it('count and any (test_georadius_count)', async () => {
    for (const [, c] of both()) {
      expect(await c.georadius(k, 2.191, 41.433, 3000, { count: 1 })).toEqual(['place1']);
      expect(await c.georadius(k, 2.191, 41.433, 3000, { count: 1, any: true })).toEqual(['place2']);
    }
  });

  it('sort (test_georadius_sort)', async () => {
    expect(await r.georadius(k, 2.191, 41.433, 3000, { sort: 'ASC' })).toEqual(['place1', 'place2']);
    expect(await r.georadius(k, 2.191, 41.433, 3000, { sort: 'DESC' })).toEqual(['place2', 'place1']);
    expect(await r3.georadius(k, 2.191, 41.433, 3000, { sort: Buffer.from('desc') })).toEqual(['place2', 'place1']);
  });

  it('store keeps the geo scores (test_georadius_store)', async () => {
    for (const [label, c] of both()) {
      expect(await c.georadius(k, 2.191, 41.433, 1000, { store: `${P}stored-${label}` })).toBe(1);
      expect(await c.zrange(`${P}stored-${label}`, 0, -1)).toEqual(['place1']);
    }
  });

  it('store_dist keeps the distances (test_georadius_store_dist)', async () => {
    for (const [label, c] of both()) {
      expect(await c.georadius(k, 2.191, 41.433, 1000, { store_dist: `${P}dist-${label}` })).toBe(1);
      expect(await c.zscore(`${P}dist-${label}`, 'place1')).toBe(88.05060698409301);
    }
  });

  it('around a member, with details (test_georadiusmember)', async () => {
    for (const [, c] of bytes()) {
      expect(await c.georadiusbymember(kb, 'place1', 4000)).toEqual([BIN_PLACE2, buf('place1')]);
      expect(await c.georadiusbymember(kb, 'place1', 10)).toEqual([buf('place1')]);
      expect(
        await c.georadiusbymember(kb, 'place1', 4000, { withdist: true, withcoord: true, withhash: true }),
      ).toEqual([
        [BIN_PLACE2, 3067.4157, 3471609625421029, COORD2],
        [buf('place1'), 0, 3471609698139488, COORD1],
      ]);
    }
  });

  it('around a member, count and any (test_georadiusmember_count)', async () => {
    for (const [, c] of bytes()) {
      expect(await c.georadiusbymember(kb, 'place1', 4000, { count: 1, any: true })).toEqual([BIN_PLACE2]);
    }
  });

  it('georadiusbymember stores too', async () => {
    expect(await r.georadiusbymember(k, 'place1', 4000, { store: `${P}bym` })).toBe(2);
    expect(await r.zrange(`${P}bym`, 0, -1)).toEqual(['place2', 'place1']);
  });

  it('the read-only forms answer like georadius and georadiusbymember, and take no store', async () => {
    for (const [, c] of both()) {
      expect(await c.georadius_ro(k, 2.191, 41.433, 3000, { sort: 'asc' })).toEqual(['place1', 'place2']);
      expect(await c.georadius_ro(k, 2.191, 41.433, 1, { unit: 'km', withdist: true, withhash: true })).toEqual([
        ['place1', 0.0881, 3471609698139488],
      ]);
      expect(await c.georadiusbymember_ro(k, 'place1', 4000, { count: 1, withcoord: true })).toEqual([
        ['place1', COORD1],
      ]);
    }
    const loose = r as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await expect(loose.georadius_ro(k, 2.191, 41.433, 1, { store: `${P}x` })).rejects.toBeInstanceOf(DataError);
    await expect(loose.georadiusbymember_ro(k, 'place1', 1, { store_dist: `${P}x` })).rejects.toBeInstanceOf(DataError);
  });
});

describe('on a replica', () => {
  it('georadius_ro reads where georadius (a write for the server) is refused', async () => {
    const onPrimary = new StrictRedis({ host: primary.host, port: primary.port });
    const onReplica = new StrictRedis({ host: replica.host, port: replica.port });
    const k = `${P}replica`;
    try {
      await onPrimary.geoadd(k, BARCELONA);
      expect(await onPrimary.wait(1, 1000)).toBeGreaterThanOrEqual(1);
      expect(await onReplica.georadius_ro(k, 2.191, 41.433, 1000)).toEqual(['place1']);
      expect(await onReplica.georadiusbymember_ro(k, 'place1', 4000, { sort: 'DESC' })).toEqual(['place2', 'place1']);
      await expect(onReplica.georadius(k, 2.191, 41.433, 1000)).rejects.toBeInstanceOf(ReadOnlyError);
    } finally {
      await onPrimary.delete(k);
      await Promise.all([onPrimary.close(), onReplica.close()]);
    }
  });
});
