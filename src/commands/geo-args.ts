/**
 * Arguments and replies of the geo commands: redis-py's checks (units, sort orders, member or coordinates, radius or
 * box, `any` only with `count`, STORE or STOREDIST) as DataError before anything is sent, and its reply shapes.
 */

import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { asInt, asInteger, asNumber, text, toArray } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** A distance unit: meters, kilometers, miles or feet (any case, or a Buffer). */
export type GeoUnit = 'm' | 'km' | 'mi' | 'ft' | 'M' | 'KM' | 'MI' | 'FT' | Buffer;
/** Nearest first (`ASC`) or farthest first (`DESC`), any case (or a Buffer). */
export type GeoSort = 'ASC' | 'DESC' | 'asc' | 'desc' | Buffer;
/** A longitude, latitude, radius, width or height: a number, or its decimal text. */
export type GeoNumber = number | string;
/** `[longitude, latitude]` as numbers. */
export type GeoPosition = [number, number];

/**
 * One result of GEORADIUS/GEOSEARCH with `withdist`, `withhash` or `withcoord`: the member, then (in this order, each
 * only when asked for) the distance, the geohash as an integer and `[longitude, latitude]`.
 */
export type GeoSearchItem = [Bulk, ...Array<number | GeoPosition>];

/** Options of GEOADD. */
export interface GeoaddOptions {
  /** Only add new members, never update positions (NX). */
  nx?: boolean;
  /** Only update existing members, never add (XX). */
  xx?: boolean;
  /** Count changed members too, not only added ones (CH). */
  ch?: boolean;
}

/** What GEORADIUS and GEOSEARCH return per member besides its name. */
export interface GeoWithOptions {
  /** The distance from the center, in the query's unit. */
  withdist?: boolean;
  /** `[longitude, latitude]`. */
  withcoord?: boolean;
  /** The raw 52-bit geohash, as an integer. */
  withhash?: boolean;
}

/** Options of GEORADIUS_RO and GEORADIUSBYMEMBER_RO (GEORADIUS without STORE). */
export interface GeoradiusRoOptions extends GeoWithOptions {
  /** The unit of the radius (and of the distances): `m` (the default), `km`, `mi` or `ft`. */
  unit?: GeoUnit;
  /** At most this many members (COUNT). */
  count?: number;
  /** With `count`: return as soon as `count` members are found, not the nearest ones (ANY). */
  any?: boolean;
  /** `ASC` (nearest first) or `DESC`. */
  sort?: GeoSort;
}

/** Options of GEORADIUS and GEORADIUSBYMEMBER. */
export interface GeoradiusOptions extends GeoradiusRoOptions {
  /** Store the members in this sorted set with their geo scores (STORE); the reply is then their number. */
  store?: KeyArg;
  /** Store the members in this sorted set with their distances as scores (STOREDIST). */
  store_dist?: KeyArg;
}

/** The area of GEOSEARCH/GEOSEARCHSTORE: a center (`member`, or `longitude` and `latitude`) and a radius or a box. */
export interface GeosearchArea {
  /** Center on this member of the set (FROMMEMBER). */
  member?: ValueArg;
  /** With `latitude`: center on this point (FROMLONLAT). */
  longitude?: GeoNumber;
  latitude?: GeoNumber;
  /** The unit of radius, width and height: `m` (the default), `km`, `mi` or `ft`. */
  unit?: GeoUnit;
  /** Search a circle of this radius (BYRADIUS). */
  radius?: GeoNumber;
  /** With `height`: search an axis-aligned box (BYBOX). */
  width?: GeoNumber;
  height?: GeoNumber;
  /** `ASC` (nearest first) or `DESC`. */
  sort?: GeoSort;
  /** At most this many members (COUNT). */
  count?: number;
  /** With `count`: return as soon as `count` members are found (ANY). */
  any?: boolean;
}

/** Options of GEOSEARCH. */
export interface GeosearchOptions extends GeosearchArea, GeoWithOptions {}

/** Options of GEOSEARCHSTORE. */
export interface GeosearchstoreOptions extends GeosearchArea {
  /** Store the distances as scores instead of the geo scores (STOREDIST). */
  storedist?: boolean;
}

/** Given, in redis-py's sense: neither left out nor null (Python's None). */
const given = (value: unknown): boolean => value !== undefined && value !== null;

/** A keyword from a fixed set, given as text or a Buffer in any case; returned upper case. */
function keyword<T extends string>(command: string, what: string, value: unknown, allowed: readonly T[]): T {
  const raw = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('latin1') : undefined;
  const upper = raw?.toUpperCase();
  if (upper === undefined || !(allowed as readonly string[]).includes(upper)) {
    throw new DataError(`${command}: ${what} must be one of ${allowed.join(', ')}`);
  }
  return upper as T;
}

const UNITS = ['M', 'KM', 'MI', 'FT'] as const;

/** A distance unit, sent in lower case. */
export function unitArg(command: string, unit: unknown): string {
  return keyword(command, 'the unit', unit, UNITS).toLowerCase();
}

function sortArg(command: string, sort: unknown): string {
  return keyword(command, 'sort', sort, ['ASC', 'DESC'] as const);
}

/** A coordinate or distance: a finite number or its decimal text, never a member name in the wrong place. */
export function geoNumber(command: string, what: string, value: unknown): number | string {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return value;
  throw new DataError(`${command}: ${what} must be a number`);
}

function countArgs(command: string, count: unknown, any: unknown): RedisArg[] {
  if (!given(count)) {
    if (any) throw new DataError(`${command}: any needs a count`);
    return [];
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new DataError(`${command}: count must be a positive integer`);
  }
  return any ? ['COUNT', count, 'ANY'] : ['COUNT', count];
}

function withArgs(options: GeoWithOptions): RedisArg[] {
  const out: RedisArg[] = [];
  if (options.withdist) out.push('WITHDIST');
  if (options.withcoord) out.push('WITHCOORD');
  if (options.withhash) out.push('WITHHASH');
  return out;
}

const wantsDetails = (options: GeoWithOptions | undefined): boolean =>
  options !== undefined && Boolean(options.withdist || options.withcoord || options.withhash);

/** GEORADIUS/GEORADIUSBYMEMBER(_RO): `head` is the command, key and center; the unit and options follow. */
export function radiusArgs(command: string, head: RedisArg[], options: GeoradiusOptions = {}): RedisArg[] {
  const args = [...head, unitArg(command, given(options.unit) ? options.unit : 'm'), ...withArgs(options)];
  args.push(...countArgs(command, options.count, options.any));
  if (given(options.sort)) args.push(sortArg(command, options.sort));
  const store = given(options.store);
  const storeDist = given(options.store_dist);
  if (store && storeDist) throw new DataError(`${command}: store and store_dist can't be set together`);
  if ((store || storeDist) && wantsDetails(options)) {
    throw new DataError(`${command}: store and store_dist return no withdist, withcoord or withhash`);
  }
  if (store) args.push('STORE', options.store as KeyArg);
  if (storeDist) args.push('STOREDIST', options.store_dist as KeyArg);
  return args;
}

/** GEOSEARCH/GEOSEARCHSTORE: `head` is the command and its key(s); the area and options follow. */
export function searchArgs(
  command: string,
  head: RedisArg[],
  options: GeosearchOptions & GeosearchstoreOptions = {},
): RedisArg[] {
  const args = [...head];
  const member = given(options.member);
  const lon = given(options.longitude);
  const lat = given(options.latitude);
  if (!member && !(lon && lat)) throw new DataError(`${command} must have member or longitude and latitude`);
  if (member && (lon || lat)) {
    throw new DataError(`${command}: member and longitude or latitude can't be set together`);
  }
  if (member) args.push('FROMMEMBER', options.member as ValueArg);
  else {
    args.push('FROMLONLAT', geoNumber(command, 'longitude', options.longitude));
    args.push(geoNumber(command, 'latitude', options.latitude));
  }
  const radius = given(options.radius);
  const width = given(options.width);
  const height = given(options.height);
  if (!radius && !(width && height)) throw new DataError(`${command} must have radius or width and height`);
  if (radius && (width || height)) throw new DataError(`${command}: radius and width or height can't be set together`);
  const unit = unitArg(command, given(options.unit) ? options.unit : 'm');
  if (radius) args.push('BYRADIUS', geoNumber(command, 'radius', options.radius), unit);
  else {
    args.push('BYBOX', geoNumber(command, 'width', options.width), geoNumber(command, 'height', options.height), unit);
  }
  if (given(options.sort)) args.push(sortArg(command, options.sort));
  args.push(...countArgs(command, options.count, options.any), ...withArgs(options));
  if (options.storedist) args.push('STOREDIST');
  return args;
}

/**
 * The key positions of GEORADIUS/GEORADIUSBYMEMBER: the key, plus the STORE/STOREDIST destination. `fixed` is where
 * the options start (after the unit), so a member named `store` is never taken for the keyword.
 */
export function radiusKeys(fixed: number): (args: readonly RedisArg[]) => number[] {
  return (args) => {
    const out = [1];
    for (let i = fixed; i < args.length - 1; i++) {
      const arg = args[i];
      const word = (typeof arg === 'string' ? arg : Buffer.isBuffer(arg) ? arg.toString('latin1') : '').toUpperCase();
      if (word === 'STORE' || word === 'STOREDIST') out.push(++i);
      else if (word === 'COUNT') i++;
    }
    return out;
  };
}

function position(reply: RespValue): GeoPosition {
  const [lon, lat] = toArray(reply);
  return [asNumber(lon), asNumber(lat)];
}

/** GEOPOS: `[longitude, latitude]` per member, null for missing ones (RESP2 text or RESP3 doubles alike). */
export const asPositions = (reply: RespValue): Array<GeoPosition | null> =>
  toArray(reply).map((item) => (item === null ? null : position(item)));

/** GEOHASH: the geohash strings as text (redis-py's `str_if_bytes`, whatever decode_responses says), null for missing. */
export const asGeohashes = (reply: RespValue): Array<string | null> =>
  toArray(reply).map((item) => (item === null ? null : text(item)));

/** Per-member arrays: member, then distance, hash and position for the options asked (the server's order). */
function detailsParser(options: GeoWithOptions) {
  const { withdist, withhash, withcoord } = options;
  return (reply: RespValue): GeoSearchItem[] =>
    toArray(reply).map((entry) => {
      const parts = toArray(entry);
      const out: GeoSearchItem = [parts[0] as unknown as Bulk];
      let i = 1;
      if (withdist) out.push(asNumber(parts[i++]));
      if (withhash) out.push(asInteger(parts[i++]));
      if (withcoord) out.push(position(parts[i++]));
      return out;
    });
}

/** The transform for GEOSEARCH/GEORADIUS options: per-member arrays with any `with…`; undefined keeps plain members. */
export function searchTransform(options: GeoWithOptions | undefined) {
  return wantsDetails(options) ? detailsParser(options as GeoWithOptions) : undefined;
}

/** The transform for GEORADIUS options: the stored count with `store`/`store_dist`, else as {@link searchTransform}. */
export function radiusTransform(options: GeoradiusOptions | undefined) {
  if (options !== undefined && (given(options.store) || given(options.store_dist))) return asInt;
  return searchTransform(options);
}
