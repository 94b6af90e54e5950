/**
 * The client-side cache of StrictRedisCluster: tracking on every node's shared connection, reads sent straight to
 * their slot's node (the cache learns which connection will answer), and entries valid only while the node they were
 * read from still serves their slot — a MOVED patch, a failover or a reshard seen in a new map ends them at once;
 * the next map refresh frees them.
 */
import { type CachedReadSender, type CacheRouting, ClientCache } from '../client/cache/client-cache.js';
import type { NormalizedCacheOptions } from '../client/cache/options.js';
import type { Connection } from '../connection/connection.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { ClusterNode } from './cluster-nodes.js';
import type { ReadFrom } from './cluster-options.js';
import type { ClusterExecutor } from './executor.js';
import { keySlot } from './slot.js';
import type { TopologyManager } from './topology-manager.js';

export class ClusterReadCache implements CacheRouting {
  readonly cache: ClientCache;
  private readonly nodes = new WeakMap<Connection, ClusterNode>();
  private topology: TopologyManager | undefined;
  private executor: ClusterExecutor | undefined;

  constructor(
    options: NormalizedCacheOptions,
    private readonly readFrom: ReadFrom,
  ) {
    this.cache = new ClientCache(options, this);
  }

  /** Connects the cache to the client's map and executor (they are made after it: the map needs its hook). */
  attach(topology: TopologyManager, executor: ClusterExecutor): void {
    this.topology = topology;
    this.executor = executor;
    topology.on('refresh', () => this.cache.dropUnserved());
  }

  /** For the topology: a node made its shared connection (tracking goes into its handshake). */
  readonly onSharedConnection = (node: ClusterNode, connection: Connection): void => {
    this.nodes.set(connection, node);
    this.cache.track(connection);
  };

  readonly send: CachedReadSender = (command, slot, observer) =>
    this.executor!.executeObserved(command, slot, observer);

  slotOf(key: RedisArg): number {
    return keySlot(key);
  }

  serves(connection: Connection, slot: number): boolean {
    const node = this.nodes.get(connection);
    const table = this.topology?.table;
    if (node === undefined || table === undefined) return false;
    const master = table.masterFor(slot);
    if (master === undefined) return false;
    if (master.port === node.port && master.host === node.host) return true;
    if (this.readFrom === 'primary') return false;
    for (const replica of table.replicasFor(slot)) {
      if (replica.port === node.port && replica.host === node.host) return true;
    }
    return false;
  }
}
