/** Geospatial commands: GEOADD, GEODIST, GEOHASH, GEOPOS, GEORADIUS(BYMEMBER)(_RO), GEOSEARCH(STORE). */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { cacheable, defineCommand, FIRST_KEY, FIRST_TWO_KEYS, flatten, IDEMPOTENT, READ_ONLY } from './define.js';
import {
  asGeohashes,
  asPositions,
  type GeoaddOptions,
  type GeoNumber,
  type GeoradiusOptions,
  type GeoradiusRoOptions,
  type GeoSearchItem,
  type GeosearchOptions,
  type GeosearchstoreOptions,
  type GeoUnit,
  geoNumber,
  radiusArgs,
  radiusKeys,
  radiusTransform,
  searchArgs,
  searchTransform,
  unitArg,
} from './geo-args.js';
import { asBulkArray, asInt, asNumberOrNull } from './transforms.js';
import type { Bulk, Int, KeyArg, ValueArg } from './types.js';

/** GEOADD's places: one flat list of longitude, latitude, member triples, as redis-py takes them. */
export type GeoValues = ReadonlyArray<GeoNumber | ValueArg>;

function geoaddArgs(name: KeyArg, values: GeoValues, options: GeoaddOptions = {}): RedisArg[] {
  if (options.nx && options.xx) throw new DataError("GEOADD allows either 'nx' or 'xx', not both");
  if (!Array.isArray(values)) {
    throw new DataError('GEOADD takes its places as one list: [longitude, latitude, member, …]');
  }
  if (values.length === 0 || values.length % 3 !== 0) {
    throw new DataError('GEOADD requires places with lon, lat and name values');
  }
  const args: RedisArg[] = ['GEOADD', name];
  if (options.nx) args.push('NX');
  if (options.xx) args.push('XX');
  if (options.ch) args.push('CH');
  for (let i = 0; i < values.length; i += 3) {
    // A member where a coordinate belongs (a list of [member, lon, lat] or of pairs) fails here, not on the server.
    args.push(geoNumber('GEOADD', 'each longitude', values[i]), geoNumber('GEOADD', 'each latitude', values[i + 1]));
    const member = values[i + 2];
    if (typeof member === 'object' && !(member instanceof Uint8Array)) {
      throw new DataError('GEOADD: each member must be a string, a Buffer or a number');
    }
    args.push(member as RedisArg);
  }
  return args;
}

export const GEOADD = defineCommand({
  name: 'GEOADD',
  maxArgs: 3,
  options: optionKeys<GeoaddOptions>({ nx: true, xx: true, ch: true }),
  build: geoaddArgs,
  transform: asInt,
  keys: FIRST_KEY,
  // Positions are absolute: a repeat leaves the same set (its count may differ, as HSET's does).
  flags: IDEMPOTENT,
});

export const GEODIST = defineCommand({
  name: 'GEODIST',
  cacheable: true,
  maxArgs: 4,
  build: (name: KeyArg, place1: ValueArg, place2: ValueArg, unit?: GeoUnit | null) => {
    const args: RedisArg[] = ['GEODIST', name, place1, place2];
    if (unit !== undefined && unit !== null) args.push(unitArg('GEODIST', unit));
    return args;
  },
  transform: asNumberOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** GEOHASH and GEOPOS: the key, then members given as arguments or as one list. */
function perMember<R>(name: 'GEOHASH' | 'GEOPOS', transform: (reply: never) => R) {
  return defineCommand({
    name,
    maxArgs: 'variadic',
    build: (key: KeyArg, ...values: Array<ValueArg | readonly ValueArg[]>) => [name, key, ...flatten(values)],
    transform,
    keys: FIRST_KEY,
    flags: READ_ONLY,
  });
}

export const GEOHASH = cacheable(perMember('GEOHASH', asGeohashes));
export const GEOPOS = cacheable(perMember('GEOPOS', asPositions));

/** Plain members; per-member arrays with `with…` options; with `store`/`store_dist` the stored count. */
const radiusReply = (reply: never): Bulk[] | GeoSearchItem[] | Int => asBulkArray(reply);

const RADIUS_RO_OPTIONS = optionKeys<GeoradiusRoOptions>({
  unit: true,
  withdist: true,
  withcoord: true,
  withhash: true,
  count: true,
  any: true,
  sort: true,
});

/**
 * What GEORADIUS and GEORADIUSBYMEMBER differ in from their _RO forms. Those take no STORE and are read-only; the full
 * forms are a read, or with STORE/STOREDIST an absolute write of the result: either way safe to repeat. The server
 * flags them as writes whatever the options, so replicas refuse them: the _RO forms are the reads replicas serve.
 */
function radiusTraits(readOnly: boolean, optionsAt: number) {
  if (readOnly) return { options: RADIUS_RO_OPTIONS, keys: FIRST_KEY, flags: READ_ONLY };
  return {
    options: [...RADIUS_RO_OPTIONS, 'store', 'store_dist'],
    keys: radiusKeys(optionsAt),
    flags: IDEMPOTENT,
    sameSlot: true,
  };
}

/** GEORADIUS(_RO): around a longitude and latitude. */
function aroundPoint<O extends GeoradiusRoOptions>(name: 'GEORADIUS' | 'GEORADIUS_RO') {
  return defineCommand({
    name,
    maxArgs: 5,
    ...radiusTraits(name === 'GEORADIUS_RO', 6),
    build: (key: KeyArg, longitude: GeoNumber, latitude: GeoNumber, radius: GeoNumber, options?: O) => {
      const center = [geoNumber(name, 'longitude', longitude), geoNumber(name, 'latitude', latitude)];
      return radiusArgs(name, [name, key, ...center, geoNumber(name, 'radius', radius)], options);
    },
    transform: radiusReply,
    transformFor: (_k: KeyArg, _lon: GeoNumber, _lat: GeoNumber, _r: GeoNumber, options?: O) =>
      radiusTransform(options),
  });
}

/** GEORADIUSBYMEMBER(_RO): around a member of the set. */
function aroundMember<O extends GeoradiusRoOptions>(name: 'GEORADIUSBYMEMBER' | 'GEORADIUSBYMEMBER_RO') {
  return defineCommand({
    name,
    maxArgs: 4,
    ...radiusTraits(name === 'GEORADIUSBYMEMBER_RO', 5),
    build: (key: KeyArg, member: ValueArg, radius: GeoNumber, options?: O) =>
      radiusArgs(name, [name, key, member, geoNumber(name, 'radius', radius)], options),
    transform: radiusReply,
    transformFor: (_k: KeyArg, _m: ValueArg, _r: GeoNumber, options?: O) => radiusTransform(options),
  });
}

export const GEORADIUS = aroundPoint<GeoradiusOptions>('GEORADIUS');
export const GEORADIUSBYMEMBER = aroundMember<GeoradiusOptions>('GEORADIUSBYMEMBER');
export const GEORADIUS_RO = aroundPoint<GeoradiusRoOptions>('GEORADIUS_RO');
export const GEORADIUSBYMEMBER_RO = aroundMember<GeoradiusRoOptions>('GEORADIUSBYMEMBER_RO');

const AREA_OPTIONS = optionKeys<Omit<GeosearchstoreOptions, 'storedist'>>({
  member: true,
  longitude: true,
  latitude: true,
  unit: true,
  radius: true,
  width: true,
  height: true,
  sort: true,
  count: true,
  any: true,
});

/** Plain members, or per-member arrays with `with…` options. */
const searchReply = (reply: never): Bulk[] | GeoSearchItem[] => asBulkArray(reply);

export const GEOSEARCH = defineCommand({
  name: 'GEOSEARCH',
  maxArgs: 2,
  options: [...AREA_OPTIONS, 'withdist', 'withcoord', 'withhash'],
  build: (name: KeyArg, options: GeosearchOptions) => searchArgs('GEOSEARCH', ['GEOSEARCH', name], options),
  transform: searchReply,
  transformFor: (_n: KeyArg, options: GeosearchOptions) => searchTransform(options),
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const GEOSEARCHSTORE = defineCommand({
  name: 'GEOSEARCHSTORE',
  maxArgs: 3,
  options: [...AREA_OPTIONS, 'storedist'],
  build: (dest: KeyArg, name: KeyArg, options: GeosearchstoreOptions) =>
    searchArgs('GEOSEARCHSTORE', ['GEOSEARCHSTORE', dest, name], options),
  transform: asInt,
  keys: FIRST_TWO_KEYS,
  // dest is replaced with the result: an absolute state.
  flags: IDEMPOTENT,
  sameSlot: true,
});

export const geoCommands = {
  /** GEOADD: adds `values` (a flat list of longitude, latitude, member); `nx`/`xx`/`ch`; how many were added (changed). */
  geoadd: GEOADD,
  /** GEODIST: the distance between `place1` and `place2` in `unit` (default m) as a number; null if one is missing. */
  geodist: GEODIST,
  /** GEOHASH: the geohash string of each member (text whatever decode_responses says); null for missing members. */
  geohash: GEOHASH,
  /** GEOPOS: `[longitude, latitude]` of each member as numbers; null for missing members. */
  geopos: GEOPOS,
  /** GEORADIUS: members within `radius` of the point; per-member arrays with `with…`; the count with `store`. */
  georadius: GEORADIUS,
  /** GEORADIUSBYMEMBER: as {@link georadius}, centered on `member`. */
  georadiusbymember: GEORADIUSBYMEMBER,
  /** GEORADIUS_RO: {@link georadius} without `store`/`store_dist`, read-only (replicas serve it). */
  georadius_ro: GEORADIUS_RO,
  /** GEORADIUSBYMEMBER_RO: {@link georadiusbymember} without `store`/`store_dist`, read-only. */
  georadiusbymember_ro: GEORADIUSBYMEMBER_RO,
  /** GEOSEARCH: members in a circle or box around `member` or `longitude`/`latitude`; per-member arrays with `with…`. */
  geosearch: GEOSEARCH,
  /** GEOSEARCHSTORE: stores GEOSEARCH's members of `name` in `dest` (distances with `storedist`); how many. */
  geosearchstore: GEOSEARCHSTORE,
};
