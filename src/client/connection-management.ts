/**
 * The client options that manage connections beyond address and timeouts: how reconnects back off (`retry` as a
 * redis-py Retry object, or ioredis's `retry_strategy` function), who resolves host names (`dns_lookup`), where
 * credentials come from (`credential_provider`) and how the client names itself to the server (`lib_name`,
 * `lib_version`). Turned here into the connection layer's settings.
 */
import { isIP, type LookupFunction } from 'node:net';
import { type CredentialProviderOption, CredentialSource } from '../connection/credentials.js';
import type { ConnectionConfig, ReconnectOptions } from '../connection/options.js';
import { Retry } from '../connection/retry.js';
import { DataError } from '../errors.js';
import { LIB_NAME, VERSION } from '../version.js';

/**
 * ioredis's `retryStrategy`: called before each reconnect attempt with its number (1, 2, …) and the error that ended
 * the last connection; returns the delay **in milliseconds** (as in ioredis), or anything else (`null`) to stop
 * reconnecting, which rejects the commands waiting.
 */
export type RetryStrategy = (attempt: number, error: Error | undefined) => number | null | undefined | false;

/**
 * ioredis's `dnsLookup(hostname, callback)`: calls back with the address to connect to. Node's `dns.lookup` (or any
 * function taking `(hostname, options, callback)`, as `net.connect`'s `lookup`) is accepted too.
 */
export type DnsLookup = (
  hostname: string,
  callback: (err: Error | null, address: string, family?: number) => void,
) => void;

/** The options handled here (part of the client options). */
export interface ConnectionManagementOptions {
  /** ioredis's retryStrategy: `(attempt, error) => delay in ms`, or null to stop. Not together with `retry`. */
  retry_strategy?: RetryStrategy;
  /** Resolves host names instead of `dns.lookup`: ioredis's `dnsLookup(hostname, callback)` or a Node lookup. */
  dns_lookup?: DnsLookup;
  /**
   * Credentials fetched for every new connection instead of `username`/`password`: an object with
   * `get_credentials()` or a function, returning `{ username?, password, expires_at? }`. Live connections
   * re-authenticate before `expires_at`, and whenever a streaming provider (`on_next`) announces new credentials.
   */
  credential_provider?: CredentialProviderOption;
  /** Library name sent with CLIENT SETINFO in the handshake (default 'strict-redis'; null: not sent). */
  lib_name?: string | null;
  /** Library version sent with CLIENT SETINFO in the handshake (default this package's version; null: not sent). */
  lib_version?: string | null;
}

/** Their camelCase spellings. */
export interface CamelCaseConnectionManagementOptions {
  retryStrategy?: RetryStrategy;
  dnsLookup?: DnsLookup;
  credentialProvider?: CredentialProviderOption;
  libName?: string | null;
  libVersion?: string | null;
}

/** The reconnect policy of a redis-py Retry object, or of a retry strategy function. */
export function reconnectStrategy(
  retry: unknown,
  strategy: RetryStrategy | undefined,
  defaults: ReconnectOptions,
): ReconnectOptions | undefined {
  if (strategy !== undefined) {
    if (typeof strategy !== 'function') throw new DataError('retry_strategy must be a function');
    if (retry !== undefined) throw new DataError('give either retry or retry_strategy, not both');
    return { ...defaults, strategy };
  }
  if (retry instanceof Retry) return { ...defaults, strategy: (attempt) => retry.reconnectDelayMs(attempt) };
  return undefined;
}

type LookupCallback = (err: Error | null, address: unknown, family?: number) => void;

/**
 * A Node `lookup` from either form. Node 20 asks for every address (`all: true`, for happy eyeballs) when it tries
 * several families: a single answer is turned into a list, a list into its first entry when one is wanted.
 */
function toLookupFunction(lookup: DnsLookup): LookupFunction {
  if (typeof lookup !== 'function') throw new DataError('dns_lookup must be a function');
  const callbackOnly = lookup.length === 2;
  const adapted = (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    const done: LookupCallback = (err, address, family) => {
      if (err) {
        callback(err, options.all ? [] : '', undefined);
        return;
      }
      const list = Array.isArray(address)
        ? (address as Array<{ address: string; family: number }>)
        : [{ address: String(address), family: family ?? (isIP(String(address)) || 4) }];
      if (list.length === 0) callback(new Error(`dns_lookup found no address for ${hostname}`), options.all ? [] : '');
      else if (options.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    };
    if (callbackOnly) (lookup as (h: string, cb: LookupCallback) => void)(hostname, done);
    else (lookup as (h: string, o: object, cb: LookupCallback) => void)(hostname, options, done);
  };
  return adapted as unknown as LookupFunction;
}

function libInfo(value: string | null | undefined, fallback: string, name: string): string | undefined {
  if (value === null) return undefined;
  if (value === undefined) return fallback;
  // The server refuses spaces and line breaks in these names; refusing them here says why.
  if (typeof value !== 'string' || value.length === 0 || /[\s]/.test(value)) {
    throw new DataError(`${name} must be a non-empty string without spaces, or null`);
  }
  return value;
}

/** The connection settings for these options. */
export function connectionManagement(
  o: ConnectionManagementOptions & { username?: string; password?: string },
): Partial<ConnectionConfig> {
  const out: Partial<ConnectionConfig> = {
    libName: libInfo(o.lib_name, LIB_NAME, 'lib_name'),
    libVersion: libInfo(o.lib_version, VERSION, 'lib_version'),
  };
  if (o.dns_lookup !== undefined) out.lookup = toLookupFunction(o.dns_lookup);
  if (o.credential_provider !== undefined) {
    if (o.username !== undefined || o.password !== undefined) {
      throw new DataError('give either username/password or credential_provider, not both');
    }
    out.credentials = new CredentialSource(o.credential_provider);
  }
  return out;
}
