/**
 * CLIENT TRACKING (server-assisted client-side caching) and CLIENT TRACKINGINFO, in redis-py's forms.
 *
 * Tracking is a property of the connection it is turned on for: on StrictRedis that is the shared connection, and a
 * reconnect starts without it (as a new redis-py connection would). Invalidations go to the connection named by
 * `clientid` (REDIRECT), e.g. a `pubsub()` connection subscribed to `__redis__:invalidate`, or arrive as RESP3 push
 * messages on the shared connection (`protocol: 3`), which never mistakes them for replies.
 */

import { DataError } from '../errors.js';
import { checkOptions, isPlainObject, optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, READ_ONLY, WRITE } from './define.js';
import { asInteger, asOk, entries, setField, text, toArray } from './transforms.js';
import type { KeyArg } from './types.js';

/** The keyword arguments of redis-py's `client_tracking` after `clientid`. */
export interface ClientTrackingOptions {
  /** With `bcast`: only keys starting with these prefixes (redis-py refuses prefixes without bcast). */
  prefix?: KeyArg | readonly KeyArg[];
  /** Broadcasting mode: invalidations for every key matching the prefixes, read by this connection or not. */
  bcast?: boolean;
  /** Track only the reads that follow `CLIENT CACHING yes`. */
  optin?: boolean;
  /** Track every read except those that follow `CLIENT CACHING no`. */
  optout?: boolean;
  /** No invalidations for keys this connection changed itself. */
  noloop?: boolean;
}

const TRACKING_OPTIONS = optionKeys<ClientTrackingOptions>({
  prefix: true,
  bcast: true,
  optin: true,
  optout: true,
  noloop: true,
});

function flag(options: ClientTrackingOptions, name: 'bcast' | 'optin' | 'optout' | 'noloop'): boolean {
  const value = options[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new DataError(`CLIENT TRACKING: ${name} must be a boolean`);
  return value;
}

/** `(clientid?, options?)`, where the options object may also come first when there is no client id. */
function trackingArgs(on: boolean, clientid: unknown, given: unknown): RedisArg[] {
  let options = given;
  let id = clientid;
  if (isPlainObject(id) && options === undefined) {
    options = id;
    id = undefined;
  }
  checkOptions('CLIENT TRACKING', options, TRACKING_OPTIONS);
  const o = (options ?? {}) as ClientTrackingOptions;
  const args: RedisArg[] = ['CLIENT', 'TRACKING', on ? 'ON' : 'OFF'];
  if (id !== undefined && id !== null) {
    if (!((typeof id === 'number' && Number.isInteger(id) && id >= 0) || typeof id === 'bigint')) {
      throw new DataError('CLIENT TRACKING: clientid must be a client id (an integer)');
    }
    args.push('REDIRECT', id);
  }
  const prefixes = o.prefix === undefined || o.prefix === null ? [] : Array.isArray(o.prefix) ? o.prefix : [o.prefix];
  const bcast = flag(o, 'bcast');
  if (prefixes.length > 0 && !bcast) throw new DataError('CLIENT TRACKING: prefix can only be used with bcast');
  for (const p of prefixes) args.push('PREFIX', p as KeyArg);
  if (bcast) args.push('BCAST');
  const optin = flag(o, 'optin');
  const optout = flag(o, 'optout');
  if (optin && optout) throw new DataError('CLIENT TRACKING: optin and optout exclude each other');
  if (optin) args.push('OPTIN');
  if (optout) args.push('OPTOUT');
  if (flag(o, 'noloop')) args.push('NOLOOP');
  return args;
}

/** A client id (CLIENT ID), or null for none. */
export type ClientId = number | bigint | null;

/** `client_tracking(on = true, clientid?, { prefix, bcast, optin, optout, noloop })`: true. */
export const CLIENT_TRACKING = defineCommand({
  name: 'CLIENT TRACKING',
  maxArgs: 3,
  options: TRACKING_OPTIONS,
  build: (on: boolean = true, clientid?: ClientId | ClientTrackingOptions, options?: ClientTrackingOptions) => {
    if (typeof on !== 'boolean') throw new DataError('CLIENT TRACKING: on must be a boolean');
    return trackingArgs(on, clientid, options);
  },
  transform: asOk,
  flags: WRITE,
});

/** `client_tracking_on(clientid?, options?)` and `client_tracking_off(clientid?, options?)`: true. */
function trackingSwitch(on: boolean) {
  return defineCommand({
    name: 'CLIENT TRACKING',
    maxArgs: 2,
    options: TRACKING_OPTIONS,
    build: (clientid?: ClientId | ClientTrackingOptions, options?: ClientTrackingOptions) =>
      trackingArgs(on, clientid, options),
    transform: asOk,
    flags: WRITE,
  });
}

export const CLIENT_TRACKING_ON = trackingSwitch(true);
export const CLIENT_TRACKING_OFF = trackingSwitch(false);

/** CLIENT TRACKINGINFO in redis-py's unified shape. */
export interface ClientTrackingInfo {
  /** `off`, `on`, `bcast`, `optin`, `optout`, `caching-yes`, `noloop`, `broken_redirect`… */
  flags: string[];
  /** The client id invalidations go to: -1 without REDIRECT, 0 when tracking is off. */
  redirect: number;
  /** The BCAST prefixes. */
  prefixes: string[];
}

function parseTrackingInfo(reply: RespValue): ClientTrackingInfo {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries(reply)) {
    const key = text(k);
    if (key === 'flags' || key === 'prefixes') out[key] = toArray(v).map(text);
    else if (key === 'redirect') out[key] = asInteger(v);
    else setField(out, key, v);
  }
  return out as unknown as ClientTrackingInfo;
}

export const CLIENT_TRACKINGINFO = defineCommand({
  name: 'CLIENT TRACKINGINFO',
  maxArgs: 0,
  build: () => ['CLIENT', 'TRACKINGINFO'],
  transform: parseTrackingInfo,
  flags: READ_ONLY,
});
