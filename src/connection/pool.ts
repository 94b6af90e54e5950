/**
 * Exclusive connections for one endpoint: blocking commands, WATCH/MULTI/EXEC and pub/sub each take a connection of
 * their own from here, so the shared multiplexed connection never waits behind them.
 *
 * A failed connection attempt rejects the caller that needed it (with the typed connect error: a wrong password is an
 * AuthenticationError), rather than being retried in a loop until an acquire timeout hides the cause.
 */
import { inspect } from 'node:util';
import { ClientClosedError, TimeoutError } from '../errors.js';
import { Connection } from './connection.js';
import { type ConnectionConfig, describeEndpoint } from './options.js';

export interface ExclusivePoolOptions {
  /** Most exclusive connections open at once (redis-py's max_connections). */
  max: number;
  /** How long (ms) to wait for a free connection when `max` are in use, before rejecting. */
  acquireTimeoutMs: number;
  /** Close connections idle this long (ms). */
  idleTimeoutMs: number;
}

interface Waiter {
  resolve(connection: Connection): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Idle {
  connection: Connection;
  since: number;
}

export class ExclusivePool {
  private readonly idle: Idle[] = [];
  private readonly borrowedSet = new Set<Connection>();
  private readonly waiters: Waiter[] = [];
  private creating = 0;
  private closed = false;
  private evictTimer: NodeJS.Timeout | undefined;
  private drainWaiters: Array<() => void> = [];

  constructor(
    private readonly config: ConnectionConfig,
    private readonly options: ExclusivePoolOptions,
  ) {}

  /** Connections open or being opened. */
  get size(): number {
    return this.idle.length + this.borrowedSet.size + this.creating;
  }

  get borrowed(): number {
    return this.borrowedSet.size;
  }

  acquire(): Promise<Connection> {
    if (this.closed) return Promise.reject(new ClientClosedError(`pool for ${this.endpoint} is closed`));
    const ready = this.takeIdle();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.size < this.options.max) return this.create();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(new TimeoutError(`no exclusive connection to ${this.endpoint} became free in time`));
        }, this.options.acquireTimeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Returns a connection after `UNWATCH`; one that cannot be reset is destroyed instead. */
  async release(connection: Connection, reset = true): Promise<void> {
    if (!this.borrowedSet.has(connection)) return;
    if (connection.status !== 'ready' || connection.subscriberMode || this.closed) {
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
    this.borrowedSet.delete(connection);
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      clearTimeout(waiter.timer);
      this.borrowedSet.add(connection);
      waiter.resolve(connection);
      return;
    }
    this.idle.push({ connection, since: Date.now() });
    this.startEviction();
    this.checkDrained();
  }

  async destroy(connection: Connection): Promise<void> {
    this.borrowedSet.delete(connection);
    connection.disconnect();
    this.checkDrained();
    this.serveWaiter();
  }

  /** Runs `fn` with a connection of its own and gives the connection back afterwards. */
  async use<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await fn(connection);
    } finally {
      // An error reply leaves the connection usable; a dead one is destroyed by release().
      await this.release(connection);
    }
  }

  /** Closes the idle connections (after SELECT changed the db, for instance); borrowed ones finish first. */
  async clearIdle(): Promise<void> {
    for (const { connection } of this.idle.splice(0)) connection.disconnect();
  }

  /** Rejects waiting callers, waits for borrowed connections to come back, then closes everything. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.evictTimer);
    this.evictTimer = undefined;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new ClientClosedError(`pool for ${this.endpoint} was closed`));
    }
    if (this.borrowedSet.size > 0 || this.creating > 0) {
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    }
    await Promise.all(this.idle.splice(0).map(({ connection }) => connection.close().catch(() => {})));
  }

  /** Closes everything at once, borrowed connections too (their pending commands reject with ClientClosedError). */
  disconnect(): void {
    this.closed = true;
    clearInterval(this.evictTimer);
    this.evictTimer = undefined;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new ClientClosedError(`pool for ${this.endpoint} was closed`));
    }
    for (const { connection } of this.idle.splice(0)) connection.disconnect();
    for (const connection of [...this.borrowedSet]) connection.disconnect();
  }

  private get endpoint(): string {
    return describeEndpoint(this.config);
  }

  private takeIdle(): Connection | undefined {
    while (this.idle.length > 0) {
      const { connection } = this.idle.pop()!;
      // A connection made before a SELECT (borrowed while it ran) is on the old database: drop it.
      if (connection.status === 'ready' && connection.config.db === this.config.db) {
        this.borrowedSet.add(connection);
        return connection;
      }
      connection.disconnect();
    }
    return undefined;
  }

  private async create(): Promise<Connection> {
    this.creating++;
    // Read the config now (SELECT may have changed the db). A pooled connection that dies is destroyed, not
    // reconnected: its state (WATCH, subscriptions) would be lost anyway.
    const connection = new Connection({ ...this.config, reconnect: { ...this.config.reconnect, enabled: false } });
    try {
      await connection.connect();
    } catch (err) {
      this.creating--;
      connection.disconnect();
      this.checkDrained();
      this.serveWaiter();
      throw err;
    }
    this.creating--;
    if (this.closed) {
      connection.disconnect();
      this.checkDrained();
      throw new ClientClosedError(`pool for ${this.endpoint} was closed`);
    }
    this.borrowedSet.add(connection);
    return connection;
  }

  /** Capacity freed up: open a connection for the longest-waiting caller. */
  private serveWaiter(): void {
    if (this.closed || this.waiters.length === 0 || this.size >= this.options.max) return;
    const waiter = this.waiters.shift()!;
    clearTimeout(waiter.timer);
    this.create().then(waiter.resolve, waiter.reject);
  }

  private checkDrained(): void {
    if (this.borrowedSet.size === 0 && this.creating === 0)
      for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private startEviction(): void {
    if (this.evictTimer !== undefined) return;
    const every = Math.max(1000, Math.floor(this.options.idleTimeoutMs / 2));
    this.evictTimer = setInterval(() => this.evict(), every);
    this.evictTimer.unref();
  }

  private evict(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (let i = this.idle.length - 1; i >= 0; i--) {
      if (this.idle[i].since <= cutoff) this.idle.splice(i, 1)[0].connection.disconnect();
    }
    if (this.idle.length === 0) {
      clearInterval(this.evictTimer);
      this.evictTimer = undefined;
    }
  }

  [inspect.custom](): string {
    return `ExclusivePool { endpoint: ${this.endpoint}, size: ${this.size} }`;
  }
}
