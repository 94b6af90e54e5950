/**
 * Exclusive connections for one endpoint: blocking commands, WATCH/MULTI/EXEC and pub/sub each take a connection of
 * their own from here, so the shared multiplexed connection never waits behind them.
 */
import { inspect } from 'node:util';
import { createPool, type Pool } from 'generic-pool';
import { Connection } from './connection.js';
import type { ConnectionConfig } from './options.js';

export interface ExclusivePoolOptions {
  /** Most exclusive connections open at once (redis-py's max_connections). */
  max: number;
  /** How long (ms) to wait for a free connection before rejecting (default 10 s). */
  acquireTimeoutMs: number;
  /** Close connections idle this long (ms). */
  idleTimeoutMs: number;
}

export class ExclusivePool {
  private readonly pool: Pool<Connection>;

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
          await connection.connect();
          return connection;
        },
        destroy: async (connection) => {
          connection.disconnect();
        },
        validate: async (connection) => connection.status === 'ready',
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

  get size(): number {
    return this.pool.size;
  }

  get borrowed(): number {
    return this.pool.borrowed;
  }

  acquire(): Promise<Connection> {
    return this.pool.acquire();
  }

  /** Returns a connection after `UNWATCH`; one that cannot be reset is destroyed instead. */
  async release(connection: Connection, reset = true): Promise<void> {
    if (connection.status !== 'ready' || connection.subscriberMode) {
      await this.destroy(connection);
      return;
    }
    if (reset) {
      try {
        await connection.call(['UNWATCH']);
      } catch {
        await this.destroy(connection);
        return;
      }
    }
    await this.pool.release(connection);
  }

  async destroy(connection: Connection): Promise<void> {
    if (this.pool.isBorrowedResource(connection)) await this.pool.destroy(connection);
    else connection.disconnect();
  }

  /** Runs `fn` with a connection of its own and gives the connection back afterwards. */
  async use<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      const result = await fn(connection);
      await this.release(connection);
      return result;
    } catch (err) {
      // An error reply leaves the connection usable; a dead one is destroyed by release().
      await this.release(connection);
      throw err;
    }
  }

  /** Closes the idle connections (after SELECT changed the db, for instance); borrowed ones finish first. */
  async clearIdle(): Promise<void> {
    await this.pool.clear();
  }

  async close(): Promise<void> {
    await this.pool.drain();
    await this.pool.clear();
  }

  [inspect.custom](): string {
    return `ExclusivePool { endpoint: ${this.config.host}:${this.config.port}, size: ${this.pool.size} }`;
  }
}
