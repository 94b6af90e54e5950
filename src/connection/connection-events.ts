/**
 * Connection life, reported outside the connection: the `strict-redis:connect` and `strict-redis:reconnect`
 * channels, the debug log and the reconnect counter of the statistics. Listens to the connection's own events, so
 * the connection itself only calls {@link observeConnection} once.
 */
import type { Connection } from './connection.js';
import { debug, debugEnabled, describeError } from './debug.js';
import { connectChannel, reconnectChannel } from './tracing.js';

/** What `strict-redis:connect` publishes when a connection is ready (its handshake answered). */
export interface ConnectMessage {
  serverAddress: string;
  serverPort: number | undefined;
  database: number;
  /** 0 for a first connection, else the reconnect attempt that succeeded. */
  attempt: number;
}

/** What `strict-redis:reconnect` publishes when a lost connection schedules a reconnect. */
export interface ReconnectMessage {
  serverAddress: string;
  serverPort: number | undefined;
  attempt: number;
  delayMs: number;
  /** Why the connection was lost. */
  error: Error | undefined;
}

export function observeConnection(connection: Connection): void {
  const { config, endpoint } = connection;
  const address = config.path ?? config.host;
  const port = config.path === undefined ? config.port : undefined;
  let attempt = 0;
  connection.on('connect', () => {
    if (debugEnabled()) debug(`${endpoint}: connected, handshaking`);
  });
  connection.on('ready', () => {
    if (debugEnabled()) debug(`${endpoint}: ready${attempt > 0 ? ` after ${attempt} reconnect attempt(s)` : ''}`);
    if (connectChannel.hasSubscribers) {
      const message: ConnectMessage = { serverAddress: address, serverPort: port, database: config.db, attempt };
      connectChannel.publish(message);
    }
    attempt = 0;
  });
  connection.on('reconnecting', (info) => {
    attempt = info.attempt;
    connection.stats.reconnects++;
    if (debugEnabled()) {
      const why = info.error === undefined ? '' : ` (${describeError(info.error)})`;
      debug(`${endpoint}: connection lost${why}; reconnect attempt ${info.attempt} in ${Math.round(info.delayMs)} ms`);
    }
    if (reconnectChannel.hasSubscribers) {
      const message: ReconnectMessage = {
        serverAddress: address,
        serverPort: port,
        attempt: info.attempt,
        delayMs: info.delayMs,
        error: info.error,
      };
      reconnectChannel.publish(message);
    }
  });
  connection.on('end', () => {
    if (debugEnabled()) debug(`${endpoint}: ${connection.status === 'closed' ? 'closed' : 'gave up reconnecting'}`);
  });
}
