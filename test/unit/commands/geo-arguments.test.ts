/**
 * The geo declarations without a server: the argument vectors redis-py sends, the checks it makes (DataError naming
 * the command, never a value), key positions for cluster routing, flags, reply shapes from RESP2 text and RESP3
 * doubles alike, and the reply types the options select.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { commandSlot, keyIndexes } from '../../../src/cluster/routing.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { CommandFlags } from '../../../src/connection/command.js';
import { CrossSlotError, DataError, StrictRedis, StrictRedisCluster } from '../../../src/index.js';
import type { RedisArg } from '../../../src/protocol/encoder.js';

const build = (method: string, ...args: unknown[]) => COMMAND_SPECS[method].build(...args);
const keysOf = (method: string, argv: readonly RedisArg[]) =>
  keyIndexes(COMMAND_SPECS[method].keys, argv).map((i) => argv[i]);
/** The transform a call with these arguments gets. */
const transformOf = (method: string, ...args: unknown[]) => {
  const spec = COMMAND_SPECS[method];
  return (spec.transformFor?.(...args) ?? spec.transform) as (reply: unknown) => unknown;
};

describe('argument vectors', () => {
  it('geoadd: flags first, then the triples; coordinates may be decimal text', () => {
    expect(build('geoadd', 'g', [1.5, '2', 'a'], { xx: true, ch: true })).toEqual([
      'GEOADD',
      'g',
      'XX',
      'CH',
      1.5,
      '2',
      'a',
    ]);
    expect(build('geoadd', 'g', [1, 2, Buffer.from('b')])).toEqual(['GEOADD', 'g', 1, 2, Buffer.from('b')]);
  });

  it('geodist: the unit only when given, lower case', () => {
    expect(build('geodist', 'g', 'a', 'b')).toEqual(['GEODIST', 'g', 'a', 'b']);
    expect(build('geodist', 'g', 'a', 'b', 'FT')).toEqual(['GEODIST', 'g', 'a', 'b', 'ft']);
    expect(build('geodist', 'g', 'a', 'b', null)).toEqual(['GEODIST', 'g', 'a', 'b']);
  });

  it('georadius: unit m by default, then WITH…, COUNT [ANY], the sort and STORE/STOREDIST', () => {
    expect(build('georadius', 'g', 1, 2, 3)).toEqual(['GEORADIUS', 'g', 1, 2, 3, 'm']);
    expect(
      build('georadius', 'g', 1, 2, 3, {
        unit: 'MI',
        withhash: true,
        withdist: true,
        withcoord: true,
        count: 2,
        any: true,
        sort: 'desc',
      }),
    ).toEqual(['GEORADIUS', 'g', 1, 2, 3, 'mi', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'COUNT', 2, 'ANY', 'DESC']);
    expect(build('georadiusbymember', 'g', 'm', 3, { store_dist: 'd' })).toEqual([
      'GEORADIUSBYMEMBER',
      'g',
      'm',
      3,
      'm',
      'STOREDIST',
      'd',
    ]);
    expect(build('georadius_ro', 'g', 1, 2, 3, { sort: Buffer.from('asc') })).toEqual([
      'GEORADIUS_RO',
      'g',
      1,
      2,
      3,
      'm',
      'ASC',
    ]);
  });

  it('geosearch/geosearchstore: FROMMEMBER or FROMLONLAT, BYRADIUS or BYBOX, then sort, COUNT, WITH…, STOREDIST', () => {
    expect(build('geosearch', 'g', { member: 'm', radius: 5, unit: 'km', count: 1, withdist: true })).toEqual([
      'GEOSEARCH',
      'g',
      'FROMMEMBER',
      'm',
      'BYRADIUS',
      5,
      'km',
      'COUNT',
      1,
      'WITHDIST',
    ]);
    expect(
      build('geosearchstore', 'd', 'g', {
        longitude: 0,
        latitude: 0,
        width: 2,
        height: 1,
        sort: 'ASC',
        storedist: true,
      }),
    ).toEqual(['GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', 0, 0, 'BYBOX', 2, 1, 'm', 'ASC', 'STOREDIST']);
  });
});

describe('checks', () => {
  it("redis-py's checks, as DataError naming the command and never a value", () => {
    const cases: Array<[string, unknown[], RegExp]> = [
      ['geoadd', ['g', [1, 2]], /^GEOADD requires places with lon, lat and name values$/],
      ['geoadd', ['g', [1, 2, 'a'], { nx: true, xx: true }], /^GEOADD allows either 'nx' or 'xx', not both$/],
      ['geoadd', ['g', ['secret', 1, 2]], /^GEOADD: each longitude must be a number$/],
      ['geodist', ['g', 'a', 'b', 'inches'], /^GEODIST: the unit must be one of M, KM, MI, FT$/],
      ['georadius', ['g', 1, 2, 3, { any: true }], /^GEORADIUS: any needs a count$/],
      ['georadius', ['g', 1, 2, 3, { sort: 'up' }], /^GEORADIUS: sort must be one of ASC, DESC$/],
      ['georadius', ['g', 1, 2, 3, { store: 'a', store_dist: 'b' }], /store and store_dist can't be set together/],
      ['georadiusbymember', ['g', 'm', 3, { store: 'a', withhash: true }], /^GEORADIUSBYMEMBER: store/],
      ['georadius', ['g', 1, 2, 3, { count: 1.5 }], /count must be a positive integer/],
      ['geosearch', ['g', {}], /^GEOSEARCH must have member or longitude and latitude$/],
      ['geosearch', ['g', { member: 'm', longitude: 1 }], /member and longitude or latitude can't be set together/],
      ['geosearch', ['g', { member: 'm', width: 1 }], /^GEOSEARCH must have radius or width and height$/],
      ['geosearch', ['g', { member: 'm', radius: 1, height: 1 }], /radius and width or height can't be set/],
      ['geosearchstore', ['d', 'g', { member: 'm', radius: 1, unit: 'yd' }], /^GEOSEARCHSTORE: the unit/],
    ];
    for (const [method, args, message] of cases) {
      expect(() => build(method, ...args), method).toThrow(DataError);
      expect(() => build(method, ...args), method).toThrow(message);
    }
  });

  it('null counts as not given, as None does in redis-py', () => {
    expect(build('georadius', 'g', 1, 2, 3, { store: null, count: null, unit: null })).toEqual([
      'GEORADIUS',
      'g',
      1,
      2,
      3,
      'm',
    ]);
    expect(build('geosearch', 'g', { member: 'm', longitude: null, radius: 1 })).toContain('FROMMEMBER');
  });
});

describe('key positions and flags', () => {
  it('georadius*: the key and the STORE/STOREDIST destination, never a member named like the keyword', () => {
    expect(keysOf('georadius', build('georadius', 'g', 1, 2, 3, { count: 5, store: 'd' }))).toEqual(['g', 'd']);
    expect(keysOf('georadius', build('georadius', 'g', 1, 2, 3, { withdist: true }))).toEqual(['g']);
    const byMember = build('georadiusbymember', 'g', 'STORE', 3, { store_dist: 'd' });
    expect(keysOf('georadiusbymember', byMember)).toEqual(['g', 'd']);
    // execute_command's raw argument vectors: any case, Buffers too.
    expect(keysOf('georadius', ['GEORADIUS', 'g', 1, 2, 3, 'm', 'count', 'store', 'store', 'd'])).toEqual(['g', 'd']);
    expect(keysOf('georadius', ['GEORADIUS', 'g', 1, 2, 3, 'm', Buffer.from('STOREDIST'), 'd'])).toEqual(['g', 'd']);
    expect(keysOf('geosearchstore', build('geosearchstore', 'd', 'g', { member: 'm', radius: 1 }))).toEqual(['d', 'g']);
  });

  it('a destination in another slot is a CrossSlotError before sending', () => {
    const spec = COMMAND_SPECS.georadius;
    expect(() => commandSlot(spec.keys, build('georadius', '{a}g', 1, 2, 3, { store: '{b}d' }))).toThrow(
      CrossSlotError,
    );
    expect(commandSlot(spec.keys, build('georadius', '{a}g', 1, 2, 3, { store: '{a}d' }))).toBeGreaterThanOrEqual(0);
  });

  it('the _RO forms and the reads are read-only; GEORADIUS is not (replicas refuse it)', () => {
    for (const method of ['geodist', 'geohash', 'geopos', 'geosearch', 'georadius_ro', 'georadiusbymember_ro']) {
      expect(COMMAND_SPECS[method].flags & CommandFlags.ReadOnly, method).not.toBe(0);
    }
    for (const method of ['geoadd', 'georadius', 'georadiusbymember', 'geosearchstore']) {
      expect(COMMAND_SPECS[method].flags & CommandFlags.ReadOnly, method).toBe(0);
      expect(COMMAND_SPECS[method].flags & CommandFlags.Idempotent, method).not.toBe(0);
    }
  });
});

describe('reply shapes', () => {
  it('the same values from RESP2 text and RESP3 doubles', () => {
    const resp2 = [['a', '0.0881', 3471609698139488, ['2.19093829393386841', '41.43379028184083523']]];
    const resp3 = [['a', 0.0881, 3471609698139488, [2.1909382939338684, 41.433790281840835]]];
    const all = transformOf('georadius', 'g', 1, 2, 3, { withdist: true, withcoord: true, withhash: true });
    const expected = [['a', 0.0881, 3471609698139488, [2.1909382939338684, 41.433790281840835]]];
    expect(all(resp2)).toEqual(expected);
    expect(all(resp3)).toEqual(expected);
    const hashOnly = transformOf('geosearch', 'g', { member: 'm', radius: 1, withhash: true });
    expect(hashOnly([['a', 5]])).toEqual([['a', 5]]);
    expect(transformOf('geopos', 'g', 'a', 'b')([['1.5', '2.5'], null])).toEqual([[1.5, 2.5], null]);
    expect(transformOf('geohash', 'g', 'a')([Buffer.from('sp3e9yg3kd0'), null])).toEqual(['sp3e9yg3kd0', null]);
    expect(transformOf('georadius', 'g', 1, 2, 3, { store: 'd' })(4)).toBe(4);
  });

  it('the reply types follow the options (checked by tsc; the calls are never made)', () => {
    const r = new StrictRedis({ port: 1 });
    const rb = new StrictRedis({ port: 1, decode_responses: false, integer_replies: 'bigint' });
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: '127.0.0.1', port: 1 }] });
    const types = () => {
      expectTypeOf(r.georadius('g', 1, 2, 3)).resolves.toEqualTypeOf<string[]>();
      expectTypeOf(r.georadius('g', 1, 2, 3, { store: 'd' })).resolves.toEqualTypeOf<number>();
      expectTypeOf(rb.georadiusbymember('g', 'm', 3, { store_dist: 'd' })).resolves.toEqualTypeOf<bigint>();
      expectTypeOf(rb.georadius_ro('g', 1, 2, 3, { withdist: true })).resolves.toEqualTypeOf<Array<[Buffer, number]>>();
      expectTypeOf(
        rc.geosearch('g', { member: 'm', radius: 1, withcoord: true, withhash: true }),
      ).resolves.toEqualTypeOf<Array<[string, number, [number, number]]>>();
      expectTypeOf(r.geopos('g', 'a')).resolves.toEqualTypeOf<Array<[number, number] | null>>();
      expectTypeOf(rb.geohash('g', 'a')).resolves.toEqualTypeOf<Array<string | null>>();
      expectTypeOf(r.geodist('g', 'a', 'b', 'km')).resolves.toEqualTypeOf<number | null>();
      expectTypeOf(rb.geosearchstore('d', 'g', { member: 'm', radius: 1 })).resolves.toEqualTypeOf<bigint>();
    };
    for (const method of ['georadius', 'georadius_ro', 'georadiusbymember_ro', 'geosearch', 'geosearchstore']) {
      expect(typeof (rc as unknown as Record<string, unknown>)[method], method).toBe('function');
      expect(typeof (r as unknown as Record<string, unknown>)[method], method).toBe('function');
    }
    expect(typeof types).toBe('function');
    for (const client of [r, rb]) client.disconnect();
    rc.disconnect();
  });
});
