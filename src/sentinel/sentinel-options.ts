/**
 * The Sentinel constructor's arguments in redis-py's shapes — sentinel addresses as `{ host, port }` or `[host, port]`,
 * `sentinel_kwargs` for the connections to the sentinels, everything else for the connections to the master and
 * replicas — and the `redis+sentinel://` URL form.
 */
import { CLIENT_OPTION_KEYS, type ClientOptions, optionsFromUrl, toSnakeCase } from '../client/options.js';
import { DataError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import type { Address } from './replies.js';

/** A sentinel's address: `{ host, port }` or redis-py's `[host, port]` pair (the port may be a numeric string). */
export type SentinelAddress = { host: string; port: number | string } | readonly [host: string, port: number | string];

/** Options of the clients `master_for` and `slave_for` return: StrictRedis's, except the address. */
export type SentinelClientOptions = Omit<ClientOptions, 'host' | 'port' | 'unix_socket_path' | 'unixSocketPath'>;

/** The options only Sentinel has. */
export interface SentinelOwnOptions {
  /**
   * Options of the connections to the sentinels themselves (their password, TLS…). Default: the `socket_*` options
   * given for the data connections, as in redis-py. Sentinel queries time out after 2 s unless these say otherwise,
   * and fail at once rather than wait for a reconnect, so the next sentinel is asked.
   */
  sentinel_kwargs?: SentinelClientOptions;
  sentinelKwargs?: SentinelClientOptions;
}

/** `new Sentinel(sentinels, options)`: options for the master/replica connections plus `sentinel_kwargs`. */
export type SentinelOptions = SentinelClientOptions & SentinelOwnOptions;

const ADDRESS_KEYS = new Set(['host', 'port', 'unix_socket_path', 'unixSocketPath']);
/** Every option name of the master/replica clients. */
export const SENTINEL_CLIENT_OPTION_KEYS: readonly string[] = Object.freeze(
  CLIENT_OPTION_KEYS.filter((key) => !ADDRESS_KEYS.has(key)),
);
const SENTINEL_OPTION_KEYS: readonly string[] = Object.freeze([
  ...SENTINEL_CLIENT_OPTION_KEYS,
  'sentinel_kwargs',
  'sentinelKwargs',
]);

const DEFAULT_SENTINEL_PORT = 26379;
/** Seconds a sentinel may take to connect or answer before the next one is asked. */
const SENTINEL_TIMEOUT = 2;

export interface NormalizedSentinelOptions {
  addresses: Address[];
  /** For each sentinel connection (without host and port). */
  sentinel: ClientOptions;
  /** For the master and replica connections. */
  client: ClientOptions;
}

function toAddress(entry: unknown, index: number): Address {
  let host: unknown;
  let port: unknown;
  if (Array.isArray(entry)) {
    if (entry.length !== 2) throw new DataError(`Sentinel: sentinel ${index} must be [host, port]`);
    [host, port] = entry;
  } else if (typeof entry === 'object' && entry !== null) {
    checkOptions(`Sentinel: sentinel ${index}`, entry, ['host', 'port']);
    ({ host, port } = entry as { host?: unknown; port?: unknown });
  } else throw new DataError(`Sentinel: sentinel ${index} must be { host, port } or [host, port]`);
  if (typeof host !== 'string' || host.length === 0) throw new DataError(`Sentinel: sentinel ${index} needs a host`);
  const number = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
    throw new DataError(`Sentinel: the port of sentinel ${index} must be an integer from 1 to 65535`);
  }
  return { host, port: number };
}

/** Checks the options of `master_for` / `slave_for`, as snake_case. */
export function clientOptions(options: SentinelClientOptions | undefined, where: string): ClientOptions {
  checkOptions(where, options, SENTINEL_CLIENT_OPTION_KEYS);
  return toSnakeCase(options ?? {});
}

export function normalizeSentinelOptions(
  sentinels: readonly SentinelAddress[],
  options: SentinelOptions = {},
): NormalizedSentinelOptions {
  if (!Array.isArray(sentinels) || sentinels.length === 0) {
    throw new DataError('Sentinel needs at least one sentinel: [{ host, port }, …] or [[host, port], …]');
  }
  checkOptions('Sentinel options', options, SENTINEL_OPTION_KEYS);
  const { sentinel_kwargs, sentinelKwargs, ...rest } = options;
  if (sentinel_kwargs !== undefined && sentinelKwargs !== undefined && sentinel_kwargs !== sentinelKwargs) {
    throw new DataError('option sentinel_kwargs was given twice with different values');
  }
  const client = toSnakeCase(rest);
  const given = sentinel_kwargs ?? sentinelKwargs;
  let sentinel: ClientOptions;
  if (given !== undefined) sentinel = clientOptions(given, 'sentinel_kwargs');
  else {
    // redis-py: without sentinel_kwargs, the sentinels get the socket_* options of the data connections.
    sentinel = {};
    for (const [key, value] of Object.entries(client)) {
      if (key.startsWith('socket_')) (sentinel as Record<string, unknown>)[key] = value;
    }
  }
  const { decode_responses: _d, retry: _r, retry_strategy: _s, ...kept } = sentinel;
  return {
    addresses: sentinels.map(toAddress),
    // Replies are parsed as text; a sentinel that does not answer is skipped at once rather than waited for.
    sentinel: { socket_timeout: SENTINEL_TIMEOUT, socket_connect_timeout: SENTINEL_TIMEOUT, ...kept, retry: false },
    client,
  };
}

/** What a `redis+sentinel://` URL says. */
export interface SentinelUrl {
  sentinels: Array<{ host: string; port: number }>;
  service_name: string;
  options: SentinelOptions;
}

/**
 * `redis+sentinel://[[username]:password@]host[:port][,host[:port]…]/service_name[/db][?options]`
 * (`rediss+sentinel://` for TLS to the sentinels and the data nodes). The credentials and `db` are the data nodes';
 * `sentinel_username` and `sentinel_password` in the query are the sentinels'. Errors never repeat the URL.
 */
export function parseSentinelUrl(url: string): SentinelUrl {
  const match = /^(rediss?)\+sentinel:\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
  if (match === null) throw new DataError('invalid Sentinel URL (expected redis+sentinel://host:port,…/service)');
  const [, scheme, authority, path = '', query = ''] = match;
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at + 1);
  const hosts = authority.slice(at + 1).split(',');
  const sentinels = hosts.map((entry, index) => {
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(entry);
    const found = bracket ?? plain;
    if (found === null) throw new DataError(`invalid Sentinel URL: sentinel ${index} is not host[:port]`);
    return toAddress([found[1], found[2] ?? DEFAULT_SENTINEL_PORT], index);
  });
  const segments = path.split('/').filter((s) => s.length > 0);
  if (segments.length === 0 || segments.length > 2) {
    throw new DataError('invalid Sentinel URL: the path must be /service_name or /service_name/db');
  }
  const service_name = decodeURIComponent(segments[0]);
  // The data nodes' options are read as from a redis:// URL with the same credentials, db and query.
  const db = segments[1] === undefined ? '' : `/${segments[1]}`;
  const client = optionsFromUrl(`${scheme}://${userinfo}placeholder${db}${query}`);
  delete client.host;
  const params = new URLSearchParams(query);
  const sentinel: SentinelClientOptions = {};
  if (params.has('sentinel_username')) sentinel.username = params.get('sentinel_username') ?? undefined;
  if (params.has('sentinel_password')) sentinel.password = params.get('sentinel_password') ?? undefined;
  if (scheme === 'rediss') sentinel.ssl = true;
  const options: SentinelOptions = { ...(client as SentinelClientOptions) };
  if (Object.keys(sentinel).length > 0) options.sentinel_kwargs = sentinel;
  return { sentinels, service_name, options };
}
