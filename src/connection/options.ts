/** The options of one connection, already normalised (the clients turn user spellings into these). */
import type { LookupFunction } from 'node:net';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import type { DecoderLimits } from '../protocol/types.js';
import type { EndpointResolver } from './connect-hooks.js';
import type { CredentialSource } from './credentials.js';
import type { NodeStats } from './stats.js';

export interface ReconnectOptions {
  /** Reconnect after the socket is lost (default true). */
  enabled: boolean;
  /** First delay in ms (default 50); doubles on every failed attempt. */
  minDelayMs: number;
  /** Largest delay in ms (default 2000). */
  maxDelayMs: number;
  /** Give up after this many attempts in a row (default Infinity); pending commands then reject. */
  maxAttempts: number;
  /**
   * Replaces the backoff above: the delay in ms before reconnect attempt `attempt` (1, 2, …), or anything but a
   * non-negative number to stop (ioredis's retryStrategy; a redis-py Retry object becomes one).
   */
  strategy?: (attempt: number, error: Error | undefined) => unknown;
}

export interface ConnectionConfig {
  host: string;
  port: number;
  /** Unix socket path; replaces host and port when set. */
  path?: string;
  /** TLS options; `undefined` for plain TCP. Certificates and hostnames are verified unless the caller says otherwise. */
  tls?: TlsConnectOptions;
  username?: string;
  password?: string;
  db: number;
  clientName?: string;
  /** 2 (default) or 3; 3 sends HELLO 3 and enables push messages. */
  protocol: 2 | 3;
  /** Send READONLY after connecting: for reading from cluster replicas. */
  readOnly: boolean;
  connectTimeoutMs: number;
  /** Per-command timeout in ms; 0 for none. */
  commandTimeoutMs: number;
  /** TCP keep-alive initial delay in ms; 0 disables. */
  keepAliveMs: number;
  reconnect: ReconnectOptions;
  /** Most commands waiting while disconnected (default 10,000); more reject at once. */
  maxOfflineQueue: number;
  /** How long (ms) a command may wait while disconnected before it rejects (default 10,000). */
  offlineQueueTimeoutMs: number;
  /** Most times a resendable command is sent again after lost connections (default 3). */
  maxResends: number;
  decoderLimits?: Partial<DecoderLimits>;
  /** PING the connection when it has received nothing for this long (ms); 0 or undefined: never. */
  healthCheckIntervalMs?: number;
  /**
   * Reject instead of queueing while reconnecting, and hand back unsent or resendable commands when the socket dies
   * (as ConnectionErrors with `outcomeUnknown: false`): the cluster client re-routes them to a slot's new owner.
   */
  failFast?: boolean;
  /** Resolves host names instead of `dns.lookup` (passed to net/tls connect as `lookup`). */
  lookup?: LookupFunction;
  /** Sent with CLIENT SETINFO LIB-NAME / LIB-VER in the handshake; errors are ignored (Redis before 7.2). */
  libName?: string;
  libVersion?: string;
  /** Where to connect when the address is not fixed (Sentinel): asked before every connect attempt. */
  endpointResolver?: EndpointResolver;
  /** Credentials for every new connection, and re-authentication of live ones (`credential_provider`). */
  credentials?: CredentialSource;
  /** Statistics shared by every connection to this server (stats.ts); a connection given none keeps its own. */
  stats?: NodeStats;
}

export const DEFAULT_RECONNECT: ReconnectOptions = {
  enabled: true,
  minDelayMs: 50,
  maxDelayMs: 2000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

export function defaultConnectionConfig(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    host: 'localhost',
    port: 6379,
    db: 0,
    protocol: 2,
    readOnly: false,
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 0,
    keepAliveMs: 30_000,
    maxOfflineQueue: 10_000,
    offlineQueueTimeoutMs: 10_000,
    maxResends: 3,
    ...overrides,
    reconnect: { ...DEFAULT_RECONNECT, ...overrides.reconnect },
  };
}

/** Exponential backoff with equal jitter: half the delay is fixed, half random, so reconnect storms spread out. */
export function reconnectDelay(attempt: number, options: ReconnectOptions): number {
  const exp = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** Math.min(attempt, 20));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/**
 * The delay (ms) before the next reconnect attempt after `attempts` failed ones, or undefined to stop: the strategy
 * when one is set (a throwing strategy stops too), else exponential backoff with jitter up to `maxAttempts`.
 */
export function nextReconnectDelay(
  attempts: number,
  options: ReconnectOptions,
  error: Error | undefined,
): number | undefined {
  if (attempts >= options.maxAttempts) return undefined;
  if (options.strategy === undefined) return reconnectDelay(attempts, options);
  let delay: unknown;
  try {
    delay = options.strategy(attempts + 1, error);
  } catch {
    return undefined;
  }
  return typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? delay : undefined;
}

/** `host:port` or the socket path: how a connection is named in messages (never with credentials). */
export function describeEndpoint(config: Pick<ConnectionConfig, 'host' | 'port' | 'path'>): string {
  return config.path ?? `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
}
