/**
 * Keeps the slot map current. Refreshes are single-flight (concurrent callers share one), rate-limited, periodic, and
 * go over each node's long-lived shared connection rather than a new socket per refresh. CLUSTER SHARDS is used where
 * the server has it, CLUSTER SLOTS otherwise.
 */
import { EventEmitter } from 'node:events';
import { parseClusterNodes } from '../commands/cluster-replies.js';
import { Command, CommandFlags } from '../connection/command.js';
import type { Connection } from '../connection/connection.js';
import { ClusterAllFailedError, ResponseError, TimeoutError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';
import { addressKey } from './address.js';
import { applyNatMap } from './address-map.js';
import { ClusterNode, servernameFor } from './cluster-nodes.js';
import type { NormalizedClusterOptions } from './cluster-options.js';
import { SlotTable } from './slot-table.js';
import { type ClusterNodeDescriptor, type ClusterTopology, parseClusterShards, parseClusterSlots } from './topology.js';
import { reportRefresh } from './trace-events.js';

/** Refreshes closer together than this are merged. */
const MIN_REFRESH_INTERVAL_MS = 100;
/** How long one node may take to answer a topology query when the client has no socket_timeout. */
const DEFAULT_QUERY_TIMEOUT_MS = 3000;
/** A node whose topology query timed out is asked last for this long: a stalled node must not hold up refreshes. */
const STALLED_PENALTY_MS = 10_000;

/** An error's message followed by its causes' ("lost before the reply" alone would hide ECONNREFUSED, ENOTFOUND…). */
function describe(err: Error): string {
  let text = err.message;
  let cause: unknown = err.cause;
  for (let depth = 0; depth < 3 && cause instanceof Error; depth++) {
    if (!text.includes(cause.message)) text += ` (${cause.message})`;
    cause = cause.cause;
  }
  return text;
}

export interface TopologyEvents {
  refresh: [SlotTable];
  'node:added': [{ host: string; port: number }];
  'node:removed': [{ host: string; port: number }];
  error: [Error];
}

export class TopologyManager extends EventEmitter<TopologyEvents> {
  table: SlotTable | undefined;
  private readonly members = new Map<string, ClusterNode>();
  /** Startup nodes that are not (or not yet) known members: kept only to ask for the topology. */
  private readonly seeds = new Map<string, ClusterNode>();
  private inflight: Promise<void> | undefined;
  private lastRefreshAt = 0;
  private soonTimer: NodeJS.Timeout | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private useShards = true;
  private closed = false;
  /** When each node last failed to answer a topology query in time. */
  private readonly stalledAt = new WeakMap<ClusterNode, number>();
  /** Nodes the map does not list, confirmed by CLUSTER NODES for an ASK (masters without slots yet). */
  private readonly confirmed = new Map<string, ClusterNode>();

  constructor(
    private readonly options: NormalizedClusterOptions,
    /** Told about each node's shared connection before its first use (see ClusterNode). */
    private readonly onSharedConnection?: (node: ClusterNode, connection: Connection) => void,
  ) {
    super();
    for (const seed of options.startupNodes) {
      const mapped = applyNatMap(options.natMap, seed.host, seed.port);
      const node = this.makeNode(mapped.host, mapped.port, servernameFor({ host: seed.host }));
      this.seeds.set(node.key, node);
    }
    if (options.refreshIntervalMs > 0) {
      this.periodic = setInterval(() => this.refreshInBackground(), options.refreshIntervalMs);
      this.periodic.unref();
    }
  }

  private makeNode(host: string, port: number, servername: string | undefined): ClusterNode {
    const { node } = this.options;
    return new ClusterNode(
      host,
      port,
      node.connection,
      node.maxConnections,
      servername,
      () => this.refreshSoon(),
      this.onSharedConnection,
    );
  }

  /** Known member nodes by `host:port`. */
  get nodes(): ReadonlyMap<string, ClusterNode> {
    return this.members;
  }

  /** The member at this address, or undefined when it is not part of the current topology. */
  member(host: string, port: number): ClusterNode | undefined {
    const key = addressKey(host, port);
    return this.members.get(key) ?? this.confirmed.get(key);
  }

  /**
   * A node at this address when `via` (a member) lists it in CLUSTER NODES: the target of an ASK that the slot map
   * does not show yet (a master that serves no slot until the migration ends is absent from CLUSTER SLOTS). Only
   * addresses the cluster itself vouches for are ever connected to.
   */
  async confirmMember(host: string, port: number, via: ClusterNode): Promise<ClusterNode | undefined> {
    const known = this.member(host, port);
    if (known !== undefined) return known;
    const command = new Command(['CLUSTER', 'NODES'], false, undefined, CommandFlags.ReadOnly);
    const nodes = parseClusterNodes((await via.connection.send(command, this.queryTimeoutMs)) as RespValue);
    for (const address of Object.keys(nodes)) {
      const colon = address.lastIndexOf(':');
      const listedHost = colon <= 0 ? via.host : address.slice(0, colon);
      const listedPort = Number(address.slice(colon + 1));
      const mapped = applyNatMap(this.options.natMap, listedHost, listedPort);
      if (addressKey(mapped.host, mapped.port) !== addressKey(host, port)) continue;
      if (nodes[address].flags.split(',').some((f) => f === 'fail' || f === 'noaddr' || f === 'handshake')) return;
      const node = this.makeNode(host, port, servernameFor({ host, hostname: nodes[address].hostname }));
      this.confirmed.set(node.key, node);
      return node;
    }
    return undefined;
  }

  /** socket_timeout when set (a topology query obeys it like any command), 3 s otherwise. */
  private get queryTimeoutMs(): number {
    const own = this.options.node.connection.commandTimeoutMs;
    return own > 0 ? own : DEFAULT_QUERY_TIMEOUT_MS;
  }

  /** The node to use for a descriptor of the current table. */
  nodeOf(descriptor: ClusterNodeDescriptor): ClusterNode {
    const key = addressKey(descriptor.host, descriptor.port);
    let node = this.members.get(key);
    if (node === undefined) {
      // A MOVED patch can point a slot at a node before the next refresh lists it.
      node = this.makeNode(descriptor.host, descriptor.port, servernameFor(descriptor));
      this.members.set(key, node);
    }
    return node;
  }

  /** Loads the topology now; concurrent callers share the same refresh. */
  refresh(): Promise<void> {
    if (this.inflight === undefined) {
      const startedAt = Date.now();
      const before = this.table;
      const loaded = this.load().then(
        () => reportRefresh(startedAt, before, this.table),
        (err: Error) => {
          reportRefresh(startedAt, before, undefined, err);
          throw err;
        },
      );
      this.inflight = loaded.finally(() => {
        this.inflight = undefined;
        this.lastRefreshAt = Date.now();
      });
    }
    return this.inflight;
  }

  /** A refresh unless one finished in the last `maxAgeMs` (used while retrying). */
  async refreshIfOlderThan(maxAgeMs: number): Promise<void> {
    if (this.inflight !== undefined) return this.inflight;
    if (Date.now() - this.lastRefreshAt < maxAgeMs) return;
    return this.refresh();
  }

  /** Schedules a refresh in the background, merged with others within a short interval. */
  refreshSoon(): void {
    if (this.closed || this.soonTimer !== undefined) return;
    const wait = Math.max(0, MIN_REFRESH_INTERVAL_MS - (Date.now() - this.lastRefreshAt));
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      this.refreshInBackground();
    }, wait);
    this.soonTimer.unref();
  }

  private refreshInBackground(): void {
    if (this.closed) return;
    this.refresh().catch((err: Error) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
  }

  /** Members first (masters in random order, then the others), then the startup nodes. */
  private candidates(): ClusterNode[] {
    const out: ClusterNode[] = [];
    const seen = new Set<string>();
    const add = (node: ClusterNode) => {
      if (!seen.has(node.key)) {
        seen.add(node.key);
        out.push(node);
      }
    };
    const masters = (this.table?.masters() ?? []).map((d) => this.nodeOf(d));
    for (let i = masters.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [masters[i], masters[j]] = [masters[j], masters[i]];
    }
    const now = Date.now();
    const stalled = (node: ClusterNode) => now - (this.stalledAt.get(node) ?? -STALLED_PENALTY_MS) < STALLED_PENALTY_MS;
    const healthy = (node: ClusterNode) => !node.unhealthy && !stalled(node);
    for (const node of masters) if (healthy(node)) add(node);
    for (const node of this.members.values()) if (healthy(node)) add(node);
    for (const node of this.seeds.values()) {
      const member = this.members.get(node.key) ?? node;
      if (!stalled(member)) add(member);
    }
    for (const node of this.members.values()) add(node);
    for (const node of this.seeds.values()) add(this.members.get(node.key) ?? node);
    return out;
  }

  private async query(node: ClusterNode, args: string[]): Promise<RespValue> {
    const command = new Command(args, false, undefined, CommandFlags.ReadOnly);
    try {
      return (await node.connection.send(command, this.queryTimeoutMs)) as RespValue;
    } catch (err) {
      if (err instanceof TimeoutError) this.stalledAt.set(node, Date.now());
      throw err;
    }
  }

  private async fetch(node: ClusterNode): Promise<ClusterTopology> {
    const answeredBy = { host: node.host, port: node.port };
    if (this.useShards) {
      try {
        return parseClusterShards(await this.query(node, ['CLUSTER', 'SHARDS']), answeredBy);
      } catch (err) {
        // Servers before 7.0 do not know CLUSTER SHARDS: remember, and use CLUSTER SLOTS from now on.
        if (!(err instanceof ResponseError && err.code === 'ERR')) throw err;
        this.useShards = false;
      }
    }
    return parseClusterSlots(await this.query(node, ['CLUSTER', 'SLOTS']), answeredBy);
  }

  private async load(): Promise<void> {
    const causes = new Map<string, Error>();
    // A node that serves no slot and knows no one (removed and reset, or not yet joined) would empty the map: ask the
    // others first, and take such a view only when no node knows better.
    let empty: ClusterTopology | undefined;
    for (const node of this.candidates()) {
      if (this.closed) return;
      try {
        const topology = await this.fetch(node);
        if (topology.shards.some((s) => s.slots.length > 0)) {
          this.apply(topology);
          return;
        }
        empty ??= topology;
      } catch (err) {
        causes.set(node.key, err instanceof Error ? err : new Error(String(err)));
      }
    }
    if (empty !== undefined) {
      this.apply(empty);
      return;
    }
    const detail = [...causes].map(([key, err]) => `${key}: ${describe(err)}`).join('; ');
    throw new ClusterAllFailedError(`no node could provide the cluster topology (${detail})`, causes);
  }

  /**
   * The NAT map applies to every address the cluster announces. TLS clients connect to the TLS port when one is
   * announced (CLUSTER SHARDS lists both ports; the plain one would hang a TLS handshake).
   */
  private mapTopology(topology: ClusterTopology): ClusterTopology {
    const { natMap } = this.options;
    const tls = this.options.node.connection.tls !== undefined;
    if (natMap === undefined && !tls) return topology;
    const map = (d: ClusterNodeDescriptor): ClusterNodeDescriptor => {
      const mapped = applyNatMap(natMap, d.host, tls && d.tlsPort !== undefined ? d.tlsPort : d.port);
      return { ...d, host: mapped.host, port: mapped.port };
    };
    return {
      shards: topology.shards.map((s) => ({
        slots: s.slots,
        master: s.master && map(s.master),
        replicas: s.replicas.map(map),
      })),
    };
  }

  private apply(topology: ClusterTopology): void {
    const table = new SlotTable(this.mapTopology(topology));
    const current = new Set<string>();
    for (const descriptor of table.allNodes()) {
      const key = addressKey(descriptor.host, descriptor.port);
      current.add(key);
      if (!this.members.has(key)) {
        const seed = this.seeds.get(key);
        if (seed !== undefined) this.seeds.delete(key);
        this.members.set(key, seed ?? this.makeNode(descriptor.host, descriptor.port, servernameFor(descriptor)));
        this.emit('node:added', { host: descriptor.host, port: descriptor.port });
      }
    }
    for (const [key, node] of this.members) {
      if (current.has(key)) continue;
      this.members.delete(key);
      this.retire(node);
      this.emit('node:removed', { host: node.host, port: node.port });
    }
    // A confirmed ASK target that the map now lists becomes an ordinary member; the others stay until they do.
    for (const [key, node] of this.confirmed) {
      if (!current.has(key)) continue;
      this.confirmed.delete(key);
      if (this.members.get(key) !== node) this.retire(node);
    }
    this.table = table;
    this.emit('refresh', table);
  }

  /** Lets a node that left the topology finish what it has in flight, then closes it. */
  private retire(node: ClusterNode): void {
    const timer = setTimeout(() => node.disconnect(), 5000);
    timer.unref();
    node.close().then(
      () => clearTimeout(timer),
      () => node.disconnect(),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.periodic);
    clearTimeout(this.soonTimer);
    const all = [...this.members.values(), ...this.seeds.values(), ...this.confirmed.values()];
    await Promise.all(all.map((n) => n.close().catch(() => n.disconnect())));
  }

  disconnect(): void {
    this.closed = true;
    clearInterval(this.periodic);
    clearTimeout(this.soonTimer);
    for (const node of [...this.members.values(), ...this.seeds.values(), ...this.confirmed.values()]) {
      node.disconnect();
    }
  }
}
