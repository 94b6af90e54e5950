/**
 * The cluster's nodes as the client knows them: one shared connection and one exclusive pool per node address, made
 * on first use with the same options (auth, TLS, timeouts, protocol) as every other node.
 */
import { isIP } from 'node:net';
import { inspect } from 'node:util';
import { Connection } from '../connection/connection.js';
import type { ConnectionConfig } from '../connection/options.js';
import { ExclusivePool } from '../connection/pool.js';
import { NodeStats } from '../connection/stats.js';
import { addressKey } from './address.js';
import type { ClusterNodeDescriptor } from './topology.js';

export class ClusterNode {
  readonly key: string;
  /** Statistics of this node, kept across its connections (the shared one, pooled ones, replacements). */
  readonly stats = new NodeStats();
  private shared: Connection | undefined;
  private exclusive: ExclusivePool | undefined;
  private sharedSince = 0;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly template: ConnectionConfig,
    private readonly poolMax: number,
    /** Name to verify a TLS certificate against: an announced or startup hostname, never a resolved IP. */
    private readonly servername: string | undefined,
    private readonly onConnectionError: (node: ClusterNode, error: Error) => void,
    /** Told about each shared connection before its first use (a client-side cache turns tracking on). */
    private readonly onSharedConnection?: (node: ClusterNode, connection: Connection) => void,
  ) {
    this.key = addressKey(host, port);
  }

  private config(): ConnectionConfig {
    const tls =
      this.template.tls === undefined
        ? undefined
        : { ...this.template.tls, servername: this.template.tls.servername ?? this.servername };
    return { ...this.template, host: this.host, port: this.port, tls, stats: this.stats };
  }

  /** The shared, multiplexed connection (made on first use). */
  get connection(): Connection {
    if (this.shared === undefined) {
      const connection = new Connection(this.config());
      connection.on('error', (err) => this.onConnectionError(this, err));
      this.onSharedConnection?.(this, connection);
      this.shared = connection;
      this.sharedSince = Date.now();
    }
    return this.shared;
  }

  /**
   * Replaces the shared connection after it answered MOVED pointing at this very node (a stale connection, a proxy
   * in front of the cluster that sent it elsewhere): the commands it turned away retry on a new one. Done once per
   * burst — a connection younger than a second is kept — so a node that really redirects to itself cannot make the
   * client reconnect in a loop; those commands run out of redirections instead.
   */
  replaceStaleConnection(): void {
    const stale = this.shared;
    if (stale === undefined || Date.now() - this.sharedSince < 1000) return;
    this.shared = undefined;
    // Whatever it still has in flight gets its replies; nothing new goes to it.
    stale.close().catch(() => stale.disconnect());
  }

  /** The pool of exclusive connections (blocking commands, transactions, pub/sub). */
  get pool(): ExclusivePool {
    if (this.exclusive === undefined) {
      this.exclusive = new ExclusivePool(this.config(), {
        max: this.poolMax,
        acquireTimeoutMs: Math.max(this.template.connectTimeoutMs, 1000),
        idleTimeoutMs: 30_000,
      });
    }
    return this.exclusive;
  }

  /** True when the shared connection exists and is not connected (it failed and is retrying). */
  get unhealthy(): boolean {
    const status = this.shared?.status;
    return status === 'reconnecting';
  }

  async close(): Promise<void> {
    await Promise.all([this.shared?.close(), this.exclusive?.close()]);
  }

  disconnect(): void {
    this.shared?.disconnect();
    void this.exclusive?.close().catch(() => {});
  }

  [inspect.custom](): string {
    return `ClusterNode { ${this.key} }`;
  }
}

/** The TLS servername for a node: its announced hostname, else its host when that is a name rather than an IP. */
export function servernameFor(descriptor: Pick<ClusterNodeDescriptor, 'host' | 'hostname'>): string | undefined {
  if (descriptor.hostname !== undefined && descriptor.hostname.length > 0) return descriptor.hostname;
  return isIP(descriptor.host) === 0 ? descriptor.host : undefined;
}
