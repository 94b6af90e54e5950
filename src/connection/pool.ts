/**
 * Exclusive connections for one endpoint, from a generic-pool pool: blocking commands, WATCH/MULTI/EXEC and pub/sub
 * each take a connection of their own, so the shared multiplexed connection never waits behind them.
 *
 * The pool's factory only makes the Connection object; it is connected after it has been handed to its caller. A
 * failed connect (a wrong password, a server that is down) therefore rejects the caller that needed it with the typed
 * error, instead of generic-pool retrying the factory in a loop until an acquire timeout hides the cause.
 */
import { inspect } from 'node:util';
import { createPool, type Pool } from 'generic-pool';
import { ClientClosedError, TimeoutError } from '../errors.js';
import { Connection } from './connection.js';
import { CredentialSource } from './credentials.js';
import { type ConnectionConfig, describeEndpoint } from './options.js';

export interface ExclusivePoolOptions {
  /** Most exclusive connections open at once (redis-py's max_connections). */
  max: number;
  /** How long (ms) to wait for a free connection when `max` are in use, before rejecting. */
  acquireTimeoutMs: number;
  /** Close connections idle this long (ms). */
  idleTimeoutMs: number;
}

export class ExclusivePool {
  private readonly pool: Pool<Connection>;
  /** Made by the factory and not connected yet: valid to hand out, connected by acquire(). */
  private readonly fresh = new WeakSet<Connection>();
  private readonly lent = new Set<Connection>();
  private closed = false;

  constructor(
    private readonly config: ConnectionConfig,
    options: ExclusivePoolOptions,
  ) {
    this.pool = createPool<Connection>(
      {
        create: async () => {
          // Read the config now (SELECT may have changed the db). A pooled connection that dies is destroyed, not
          // reconnected: its state (WATCH, subscriptions) would be lost anyway.
          const connection = new Connection({
            ...this.config,
            reconnect: { ...this.config.reconnect, enabled: false },
          });
          this.fresh.add(connection);
          return connection;
        },
        destroy: async (connection) => {
          connection.disconnect();
        },
        // A connection made before a SELECT, AUTH or CLIENT SETNAME on the client is on the old database, user or
        // name; one that died is useless, and so is one whose server a failover demoted (stale).
        validate: async (connection) =>
          this.fresh.has(connection) ||
          (connection.status === 'ready' && !connection.stale && sameSession(connection.config, this.config)),
      },
      {
        max: options.max,
        min: 0,
        testOnBorrow: true,
        acquireTimeoutMillis: options.acquireTimeoutMs,
        idleTimeoutMillis: options.idleTimeoutMs,
        evictionRunIntervalMillis: Math.max(1000, Math.floor(options.idleTimeoutMs / 2)),
        autostart: false,
      },
    );
  }

  /** Connections open or being opened. */
  get size(): number {
    return this.pool.size;
  }

  get borrowed(): number {
    return this.pool.borrowed;
  }

  private get endpoint(): string {
    return this.config.endpointResolver?.description ?? describeEndpoint(this.config);
  }

  async acquire(): Promise<Connection> {
    if (this.closed) throw new ClientClosedError(`pool for ${this.endpoint} is closed`);
    let connection: Connection;
    try {
      connection = await this.pool.acquire();
    } catch (err) {
      if (this.closed) throw new ClientClosedError(`pool for ${this.endpoint} was closed`);
      throw new TimeoutError(
        `no exclusive connection to ${this.endpoint} became free in time: ${(err as Error).message}`,
      );
    }
    this.lent.add(connection);
    // Re-AUTH waits while the connection is lent: inside MULTI it would be queued into the transaction.
    CredentialSource.hold(connection);
    if (this.fresh.has(connection)) {
      this.fresh.delete(connection);
      try {
        await connection.connect();
      } catch (err) {
        await this.destroy(connection);
        throw err;
      }
    }
    if (this.closed) {
      await this.destroy(connection);
      throw new ClientClosedError(`pool for ${this.endpoint} was closed`);
    }
    return connection;
  }

  /** Returns a connection after `UNWATCH`; one that cannot be reset is destroyed instead. */
  async release(connection: Connection, reset = true): Promise<void> {
    if (!this.lent.has(connection)) return;
    if (connection.status !== 'ready' || connection.stale || connection.subscriberMode || this.closed) {
      await this.destroy(connection);
      return;
    }
    CredentialSource.resume(connection);
    if (reset) {
      try {
        await connection.call(['UNWATCH']);
      } catch {
        await this.destroy(connection);
        return;
      }
    }
    this.lent.delete(connection);
    await this.pool.release(connection);
  }

  async destroy(connection: Connection): Promise<void> {
    this.lent.delete(connection);
    if (this.pool.isBorrowedResource(connection)) await this.pool.destroy(connection);
    else connection.disconnect();
  }

  /**
   * Runs `fn` with a connection of its own and gives the connection back afterwards. `watches: false` promises that
   * `fn` sends no WATCH (a blocking command, MULTI…EXEC without WATCH): when it succeeds the connection is returned
   * without the UNWATCH round trip; when it fails its state is unknown and UNWATCH is sent as always.
   */
  async use<T>(fn: (connection: Connection) => Promise<T>, watches = true): Promise<T> {
    const connection = await this.acquire();
    let clean = false;
    try {
      const result = await fn(connection);
      clean = !watches;
      return result;
    } finally {
      // An error reply leaves the connection usable; a dead one is destroyed by release().
      await this.release(connection, !clean);
    }
  }

  /** Closes the idle connections (after SELECT changed the db, for instance); borrowed ones finish first. */
  async clearIdle(): Promise<void> {
    await this.pool.clear();
  }

  /** Waits for borrowed connections to come back, then closes everything. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.drain();
    await this.pool.clear();
  }

  /** Closes everything at once, borrowed connections too (their pending commands reject with ClientClosedError). */
  disconnect(): void {
    this.closed = true;
    for (const connection of [...this.lent]) void this.destroy(connection);
    void this.pool
      .drain()
      .then(() => this.pool.clear())
      .catch(() => {});
  }

  [inspect.custom](): string {
    return `ExclusivePool { endpoint: ${this.endpoint}, size: ${this.size} }`;
  }
}

/** True when a connection made with `a` runs as one made with `b` would: same database, user and name. */
function sameSession(a: ConnectionConfig, b: ConnectionConfig): boolean {
  return a.db === b.db && a.username === b.username && a.password === b.password && a.clientName === b.clientName;
}
