/**
 * Client options in redis-py's spelling (`socket_timeout`, `decode_responses`…) or camelCase (`socketTimeout`,
 * `decodeResponses`…), normalised in this one place. Timeouts are in seconds, as in redis-py.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { CommandFlags } from '../connection/command.js';
import {
  type ConnectionConfig,
  DEFAULT_RECONNECT,
  defaultConnectionConfig,
  type ReconnectOptions,
} from '../connection/options.js';
import type { Retry } from '../connection/retry.js';
import { DataError } from '../errors.js';
import { checkOptions, optionKeys } from '../option-keys.js';
import type { DecoderLimits } from '../protocol/types.js';
import { type CacheOptions, type NormalizedCacheOptions, normalizeCacheOptions } from './cache/options.js';
import {
  type CamelCaseConnectionManagementOptions,
  type ConnectionManagementOptions,
  connectionManagement,
  reconnectStrategy,
} from './connection-management.js';

/** How a lost connection is re-established (exponential backoff; times in seconds). */
export interface RetryOptions {
  /** Reconnect when the connection is lost (default true). */
  enabled?: boolean;
  /** Give up after this many attempts in a row (default: never). */
  max_attempts?: number;
  /** First reconnect delay in seconds (default 0.05), doubling up to `max_delay`. */
  min_delay?: number;
  /** Largest reconnect delay in seconds (default 2). */
  max_delay?: number;
}

/** Options shared by StrictRedis and the nodes of StrictRedisCluster (snake_case as in redis-py). */
export interface RedisOptions extends ConnectionManagementOptions {
  host?: string;
  /** A number or a numeric string. */
  port?: number | string;
  db?: number | string;
  username?: string;
  password?: string;
  /** Per-command timeout in seconds (default: none). */
  socket_timeout?: number;
  /** Connect (and handshake) timeout in seconds (default 10). */
  socket_connect_timeout?: number;
  /** TCP keep-alive (default true). */
  socket_keepalive?: boolean;
  /** Unix socket path instead of host and port. */
  unix_socket_path?: string;
  /** Strings (true, the default) or Buffers (false) for replies. */
  decode_responses?: boolean;
  /** Only UTF-8 is supported (`'utf-8'`, `'utf8'`). */
  encoding?: string;
  client_name?: string;
  /** Most exclusive connections (blocking commands, transactions, pub/sub) per server (default 50). */
  max_connections?: number;
  /** Use TLS (`rediss://` URLs set it too). */
  ssl?: boolean;
  /** CA certificate file (PEM) to verify the server with. */
  ssl_ca_certs?: string;
  ssl_certfile?: string;
  ssl_keyfile?: string;
  /** `'required'` (default) verifies the certificate; `'none'` does not. */
  ssl_cert_reqs?: 'required' | 'none';
  /** Check that the certificate matches the host name (default true). */
  ssl_check_hostname?: boolean;
  /** Node TLS options, merged over the ssl_* ones. */
  tls?: TlsConnectOptions | boolean;
  /** The name to verify the certificate against, when it differs from `host`. */
  servername?: string;
  /** 2 (default) or 3 (HELLO 3, push messages). */
  protocol?: 2 | 3;
  /**
   * Reconnect policy: `false`, `{ enabled, max_attempts, min_delay, max_delay }`, or redis-py's
   * `new Retry(new ExponentialBackoff(cap, base), retries)` (seconds; `retries` < 0: forever).
   */
  retry?: RetryOptions | Retry | false;
  /** Most commands waiting while disconnected (default 10,000). */
  max_offline_queue?: number;
  /** Seconds a command may wait while disconnected (default 10). */
  offline_queue_timeout?: number;
  /** Send READONLY on connect (reads from a cluster replica). */
  readonly?: boolean;
  /** Bounds on what the server may send. */
  decoder_limits?: Partial<DecoderLimits>;
  /**
   * How integer replies arrive: `'number'` (default) — an integer beyond ±(2^53 − 1) rejects with
   * UnsafeIntegerError, which holds the exact value, rather than being rounded — or `'bigint'`, every integer reply a
   * bigint (the client's type says so).
   */
  integer_replies?: 'number' | 'bigint';
  /**
   * Seconds of silence after which a connection is PINGed (redis-py's `health_check_interval`; default: never). A
   * connection whose PING goes unanswered is torn down and reconnected instead of being trusted with commands.
   */
  health_check_interval?: number;
  /**
   * Show command arguments in traces (`strict-redis:command`; default false: each is `?`). Passwords of AUTH, HELLO,
   * MIGRATE, ACL SETUSER and CONFIG SET stay masked. See docs/observability.md.
   */
  trace_arguments?: boolean;
  /**
   * Capture the caller's stack when a command is issued, so that its error's stack shows the line that issued it
   * (ioredis's showFriendlyErrorStack; default false: it costs a stack capture per command).
   */
  capture_call_site?: boolean;
  /**
   * Client-side caching of reads (needs `protocol: 3`): `true` or `{ max_entries, max_bytes, ttl }`; see
   * docs/caching.md and `get_cache()`.
   */
  cache?: CacheOptions | boolean;
  /** redis-py's name for {@link cache}. */
  cache_config?: CacheOptions | boolean;
}

/** camelCase spellings accepted next to the snake_case ones. */
export interface CamelCaseRedisOptions extends CamelCaseConnectionManagementOptions {
  socketTimeout?: number;
  socketConnectTimeout?: number;
  socketKeepalive?: boolean;
  unixSocketPath?: string;
  decodeResponses?: boolean;
  clientName?: string;
  maxConnections?: number;
  sslCaCerts?: string;
  sslCertfile?: string;
  sslKeyfile?: string;
  sslCertReqs?: 'required' | 'none';
  sslCheckHostname?: boolean;
  maxOfflineQueue?: number;
  offlineQueueTimeout?: number;
  decoderLimits?: Partial<DecoderLimits>;
  integerReplies?: 'number' | 'bigint';
  healthCheckInterval?: number;
  traceArguments?: boolean;
  captureCallSite?: boolean;
  cacheConfig?: CacheOptions | boolean;
}

/** Options of StrictRedis: the snake_case names of {@link RedisOptions} and their camelCase spellings. */
export type ClientOptions = RedisOptions & CamelCaseRedisOptions;

/** What the clients keep after normalising. */
export interface NormalizedOptions {
  connection: ConnectionConfig;
  decodeResponses: boolean;
  maxConnections: number;
  /**
   * {@link CommandFlags} every command of the client carries: BigIntegers for `integer_replies: 'bigint'`,
   * TraceArguments and CaptureCallSite for `trace_arguments` and `capture_call_site`.
   */
  replyFlags: number;
  /** The client-side cache's settings; undefined when there is none. */
  cache: NormalizedCacheOptions | undefined;
}

const CAMEL_TO_SNAKE: Record<string, string> = {
  socketTimeout: 'socket_timeout',
  socketConnectTimeout: 'socket_connect_timeout',
  socketKeepalive: 'socket_keepalive',
  unixSocketPath: 'unix_socket_path',
  decodeResponses: 'decode_responses',
  clientName: 'client_name',
  maxConnections: 'max_connections',
  sslCaCerts: 'ssl_ca_certs',
  sslCertfile: 'ssl_certfile',
  sslKeyfile: 'ssl_keyfile',
  sslCertReqs: 'ssl_cert_reqs',
  sslCheckHostname: 'ssl_check_hostname',
  maxOfflineQueue: 'max_offline_queue',
  offlineQueueTimeout: 'offline_queue_timeout',
  decoderLimits: 'decoder_limits',
  integerReplies: 'integer_replies',
  healthCheckInterval: 'health_check_interval',
  retryStrategy: 'retry_strategy',
  dnsLookup: 'dns_lookup',
  credentialProvider: 'credential_provider',
  libName: 'lib_name',
  libVersion: 'lib_version',
  traceArguments: 'trace_arguments',
  captureCallSite: 'capture_call_site',
  cacheConfig: 'cache_config',
};

/** Every option name StrictRedis accepts, both spellings; anything else is a DataError naming the key. */
export const CLIENT_OPTION_KEYS = optionKeys<ClientOptions>({
  host: true,
  port: true,
  db: true,
  username: true,
  password: true,
  socket_timeout: true,
  socket_connect_timeout: true,
  socket_keepalive: true,
  unix_socket_path: true,
  decode_responses: true,
  encoding: true,
  client_name: true,
  max_connections: true,
  ssl: true,
  ssl_ca_certs: true,
  ssl_certfile: true,
  ssl_keyfile: true,
  ssl_cert_reqs: true,
  ssl_check_hostname: true,
  tls: true,
  servername: true,
  protocol: true,
  retry: true,
  max_offline_queue: true,
  offline_queue_timeout: true,
  readonly: true,
  decoder_limits: true,
  integer_replies: true,
  health_check_interval: true,
  retry_strategy: true,
  dns_lookup: true,
  credential_provider: true,
  lib_name: true,
  lib_version: true,
  trace_arguments: true,
  capture_call_site: true,
  cache: true,
  cache_config: true,
  socketTimeout: true,
  socketConnectTimeout: true,
  socketKeepalive: true,
  unixSocketPath: true,
  decodeResponses: true,
  clientName: true,
  maxConnections: true,
  sslCaCerts: true,
  sslCertfile: true,
  sslKeyfile: true,
  sslCertReqs: true,
  sslCheckHostname: true,
  maxOfflineQueue: true,
  offlineQueueTimeout: true,
  decoderLimits: true,
  integerReplies: true,
  healthCheckInterval: true,
  retryStrategy: true,
  dnsLookup: true,
  credentialProvider: true,
  libName: true,
  libVersion: true,
  traceArguments: true,
  captureCallSite: true,
  cacheConfig: true,
});

const RETRY_OPTION_KEYS = optionKeys<RetryOptions>({
  enabled: true,
  max_attempts: true,
  min_delay: true,
  max_delay: true,
});

/** Folds camelCase keys into their snake_case names; a key given both ways must agree. */
export function toSnakeCase(options: ClientOptions): RedisOptions {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const snake = CAMEL_TO_SNAKE[key] ?? key;
    if (snake in out && out[snake] !== value)
      throw new DataError(`option ${snake} was given twice with different values`);
    out[snake] = value;
  }
  return out as RedisOptions;
}

function toPort(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DataError('port must be an integer from 1 to 65535 (a number or a numeric string)');
  }
  return port;
}

function toDb(value: number | string | undefined): number {
  if (value === undefined) return 0;
  const db = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof db !== 'number' || !Number.isInteger(db) || db < 0)
    throw new DataError('db must be a non-negative integer');
  return db;
}

function seconds(value: number | undefined, name: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new DataError(`${name} must be a non-negative number of seconds`);
  }
  return Math.round(value * 1000);
}

function tlsOptions(o: RedisOptions): TlsConnectOptions | undefined {
  const wanted = o.ssl === true || (o.tls !== undefined && o.tls !== false);
  if (!wanted) return undefined;
  const tls: TlsConnectOptions = {};
  if (o.ssl_ca_certs !== undefined) tls.ca = readFileSync(o.ssl_ca_certs);
  if (o.ssl_certfile !== undefined) tls.cert = readFileSync(o.ssl_certfile);
  if (o.ssl_keyfile !== undefined) tls.key = readFileSync(o.ssl_keyfile);
  if (o.ssl_cert_reqs === 'none') tls.rejectUnauthorized = false;
  if (o.ssl_check_hostname === false) tls.checkServerIdentity = () => undefined;
  if (o.servername !== undefined) tls.servername = o.servername;
  return typeof o.tls === 'object' ? { ...tls, ...o.tls } : tls;
}

function reconnectOptions(o: RedisOptions): ReconnectOptions {
  // A Retry object or a retry_strategy function decides the delays; otherwise the settings below do.
  const strategy = reconnectStrategy(o.retry, o.retry_strategy, DEFAULT_RECONNECT);
  if (strategy !== undefined) return strategy;
  const retry = o.retry as RetryOptions | false | undefined;
  if (retry === false) return { ...DEFAULT_RECONNECT, enabled: false };
  checkOptions('retry', retry, RETRY_OPTION_KEYS);
  return {
    enabled: retry?.enabled ?? true,
    maxAttempts: retry?.max_attempts ?? DEFAULT_RECONNECT.maxAttempts,
    minDelayMs: seconds(retry?.min_delay, 'retry.min_delay', DEFAULT_RECONNECT.minDelayMs),
    maxDelayMs: seconds(retry?.max_delay, 'retry.max_delay', DEFAULT_RECONNECT.maxDelayMs),
  };
}

export function normalizeOptions(options: ClientOptions = {}, where = 'StrictRedis options'): NormalizedOptions {
  checkOptions(where, options, CLIENT_OPTION_KEYS);
  const o = toSnakeCase(options);
  if (o.integer_replies !== undefined && o.integer_replies !== 'number' && o.integer_replies !== 'bigint') {
    throw new DataError("integer_replies must be 'number' or 'bigint'");
  }
  if (o.encoding !== undefined && !['utf-8', 'utf8', 'UTF-8'].includes(o.encoding)) {
    throw new DataError(
      `encoding ${o.encoding} is not supported: strings are UTF-8 (use decode_responses: false for bytes)`,
    );
  }
  if (o.protocol !== undefined && o.protocol !== 2 && o.protocol !== 3) throw new DataError('protocol must be 2 or 3');
  const maxConnections = o.max_connections ?? 50;
  if (!Number.isInteger(maxConnections) || maxConnections < 1)
    throw new DataError('max_connections must be a positive integer');
  const connection = defaultConnectionConfig({
    host: o.host ?? 'localhost',
    port: toPort(o.port, 6379),
    path: o.unix_socket_path,
    tls: tlsOptions(o),
    username: o.username,
    password: o.password,
    db: toDb(o.db),
    clientName: o.client_name,
    protocol: o.protocol ?? 2,
    readOnly: o.readonly ?? false,
    connectTimeoutMs: seconds(o.socket_connect_timeout, 'socket_connect_timeout', 10_000),
    commandTimeoutMs: seconds(o.socket_timeout, 'socket_timeout', 0),
    keepAliveMs: o.socket_keepalive === false ? 0 : 30_000,
    reconnect: reconnectOptions(o),
    maxOfflineQueue: o.max_offline_queue ?? 10_000,
    offlineQueueTimeoutMs: seconds(o.offline_queue_timeout, 'offline_queue_timeout', 10_000),
    decoderLimits: o.decoder_limits,
    healthCheckIntervalMs: seconds(o.health_check_interval, 'health_check_interval', 0),
    ...connectionManagement(o),
  });
  const replyFlags =
    (o.integer_replies === 'bigint' ? CommandFlags.BigIntegers : 0) |
    (o.trace_arguments === true ? CommandFlags.TraceArguments : 0) |
    (o.capture_call_site === true ? CommandFlags.CaptureCallSite : 0);
  const cache = normalizeCacheOptions(o.cache, o.cache_config, connection.protocol);
  return { connection, decodeResponses: o.decode_responses ?? true, maxConnections, replyFlags, cache };
}

/**
 * Options from a `redis://[[username]:password@]host[:port][/db]` URL (`rediss://` for TLS, `unix:///path?db=N` for a
 * socket). Query parameters with option names (`decode_responses`, `socket_timeout`, `protocol`, `client_name`) are
 * read too. Errors never repeat the URL, which may hold a password.
 */
export function optionsFromUrl(url: string): ClientOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DataError('invalid Redis URL (expected redis://, rediss:// or unix://)');
  }
  const out: ClientOptions = {};
  const scheme = parsed.protocol;
  if (scheme === 'unix:') out.unix_socket_path = decodeURIComponent(parsed.pathname);
  else if (scheme === 'redis:' || scheme === 'rediss:') {
    if (parsed.hostname) out.host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
    if (parsed.port) out.port = Number(parsed.port);
    const path = parsed.pathname.replace(/^\//, '');
    if (path.length > 0) out.db = toDb(path);
    if (scheme === 'rediss:') out.ssl = true;
  } else throw new DataError('invalid Redis URL scheme (expected redis://, rediss:// or unix://)');
  if (parsed.username) out.username = decodeURIComponent(parsed.username);
  if (parsed.password) out.password = decodeURIComponent(parsed.password);
  const q = parsed.searchParams;
  if (q.has('db')) out.db = toDb(q.get('db') ?? undefined);
  if (q.has('decode_responses')) out.decode_responses = q.get('decode_responses') !== 'false';
  if (q.has('socket_timeout')) out.socket_timeout = Number(q.get('socket_timeout'));
  if (q.has('socket_connect_timeout')) out.socket_connect_timeout = Number(q.get('socket_connect_timeout'));
  if (q.has('client_name')) out.client_name = q.get('client_name') ?? undefined;
  if (q.has('protocol')) out.protocol = Number(q.get('protocol')) as 2 | 3;
  return out;
}

/** A description of the options that is safe to log: the password replaced. */
export function redactedEndpoint(config: ConnectionConfig): string {
  const user = config.username !== undefined ? `${config.username}:***@` : config.password !== undefined ? ':***@' : '';
  // A Sentinel-managed client: the address changes, the service does not.
  if (config.endpointResolver !== undefined) return `${user}${config.endpointResolver.description}/${config.db}`;
  return config.path !== undefined
    ? `unix://${user}${config.path}`
    : `${user}${config.host}:${config.port}/${config.db}`;
}
