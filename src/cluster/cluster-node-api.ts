/**
 * redis-py's RedisCluster node API on StrictRedisCluster: get_nodes(), get_primaries(), get_replicas(),
 * get_random_node(), get_node(), get_node_from_key(), get_default_node(), set_default_node(). The node objects they
 * return are frozen snapshots (`{ host, port, name, server_type }`) that every `target_nodes` parameter takes.
 * They are asynchronous because the client learns the topology lazily: each waits for the first map.
 */
import type { KeyArg } from '../commands/types.js';
import { DataError, SlotNotCoveredError } from '../errors.js';
import { isPlainObject } from '../option-keys.js';
import { addressKey } from './address.js';
import type { ClusterNode } from './cluster-nodes.js';
import type { ClusterNodeInfo, NodeAddressArg, NodeTargets } from './node-targets.js';
import { keySlot } from './slot.js';
import type { TopologyManager } from './topology-manager.js';

/** What the node API needs from the client. */
export interface NodeApiHost {
  readonly topology: TopologyManager;
  readonly targets: NodeTargets;
  connect(): Promise<void>;
}

/** redis-py's keyword form of get_node(). */
export interface GetNodeOptions {
  host?: string;
  port?: number | string;
  node_name?: string;
}

/** The node API's methods, as StrictRedisCluster has them. */
export interface ClusterNodeApi {
  /** Every node of the current map (primaries, then replicas that are not failed). */
  get_nodes(): Promise<ClusterNodeInfo[]>;
  /** The primaries (masters) of the cluster, as in its current slot map. */
  get_primaries(): Promise<ClusterNodeInfo[]>;
  /** The replicas of the cluster, as in its current slot map. */
  get_replicas(): Promise<ClusterNodeInfo[]>;
  /** One node of the map at random (a replica too). */
  get_random_node(): Promise<ClusterNodeInfo>;
  /** The node at `host`:`port` (or named `node_name`, `'host:port'`), or null when the map has none there. */
  get_node(host: string, port: number | string): Promise<ClusterNodeInfo | null>;
  get_node(host: undefined | null, port: undefined | null, node_name: string): Promise<ClusterNodeInfo | null>;
  get_node(options: GetNodeOptions): Promise<ClusterNodeInfo | null>;
  /**
   * The primary serving `key`'s slot; with `replica` true, one of its replicas (null when it has none).
   * @throws SlotNotCoveredError when no node serves the slot.
   */
  get_node_from_key(key: KeyArg, replica?: boolean): Promise<ClusterNodeInfo | null>;
  /** The node management commands go to when no target is given: a primary, kept until it fails or leaves. */
  get_default_node(): Promise<ClusterNodeInfo>;
  /** Makes `node` the default node; false (and nothing changes) when it is not a node of the map. */
  set_default_node(node: NodeAddressArg | null | undefined): Promise<boolean>;
  /** redis-py's replace_default_node(): `target_node`, or another primary at random. */
  replace_default_node(target_node?: NodeAddressArg): Promise<void>;
}

async function ready(host: NodeApiHost): Promise<NodeTargets> {
  if (host.topology.table === undefined) await host.connect();
  return host.targets;
}

function describeAll(targets: NodeTargets, nodes: ClusterNode[]): ClusterNodeInfo[] {
  return nodes.map((node) => targets.describe(node));
}

function nodeByName(host: NodeApiHost, name: string): ClusterNode | undefined {
  return host.topology.nodes.get(name);
}

const methods: ThisType<NodeApiHost> & Record<keyof ClusterNodeApi, (...args: never[]) => Promise<unknown>> = {
  async get_nodes() {
    const targets = await ready(this);
    return describeAll(targets, targets.all());
  },
  async get_primaries() {
    const targets = await ready(this);
    return describeAll(targets, targets.masters());
  },
  async get_replicas() {
    const targets = await ready(this);
    return describeAll(targets, targets.replicas());
  },
  async get_random_node() {
    const targets = await ready(this);
    const all = targets.all();
    if (all.length === 0) throw new SlotNotCoveredError('the cluster map has no node');
    return targets.describe(all[Math.floor(Math.random() * all.length)]);
  },
  async get_node(host?: string | GetNodeOptions | null, port?: number | string | null, node_name?: string) {
    const form: GetNodeOptions = isPlainObject(host)
      ? (host as GetNodeOptions)
      : { host: (host as string | null | undefined) ?? undefined, port: port ?? undefined, node_name };
    if (isPlainObject(host) && (port !== undefined || node_name !== undefined)) {
      throw new DataError('get_node takes (host, port), (null, null, node_name) or one options object');
    }
    let name: string;
    if (form.host !== undefined && form.port !== undefined) name = addressKey(form.host, Number(form.port));
    else if (typeof form.node_name === 'string') name = form.node_name;
    else throw new DataError('get_node needs a host and a port, or a node_name');
    const targets = await ready(this);
    const node = nodeByName(this, name);
    return node === undefined ? null : targets.describe(node);
  },
  async get_node_from_key(key: KeyArg, replica = false) {
    if (typeof replica !== 'boolean') throw new DataError('get_node_from_key: replica must be a boolean');
    const slot = keySlot(key);
    const targets = await ready(this);
    const table = this.topology.table!;
    const master = table.masterFor(slot);
    if (master === undefined) throw new SlotNotCoveredError(`slot ${slot} is not covered by the cluster`);
    if (!replica) return targets.describe(this.topology.nodeOf(master));
    const candidate = table.replicasFor(slot).find((d) => d.health !== 'failed');
    return candidate === undefined ? null : targets.describe(this.topology.nodeOf(candidate));
  },
  async get_default_node() {
    const targets = await ready(this);
    const node = targets.defaultNode();
    if (node === undefined) throw new SlotNotCoveredError('the cluster map has no node');
    return targets.describe(node);
  },
  async set_default_node(node: NodeAddressArg | null | undefined) {
    if (node === null || node === undefined) return false;
    const targets = await ready(this);
    const member = targets.member(node);
    if (member === undefined) return false;
    targets.setDefault(member);
    return true;
  },
  async replace_default_node(target_node?: NodeAddressArg) {
    const targets = await ready(this);
    if (target_node === undefined) {
      targets.replaceDefault();
      return;
    }
    const member = targets.member(target_node);
    if (member === undefined) throw new DataError('replace_default_node: the node is not a node of this cluster');
    targets.setDefault(member);
  },
};

/** Puts the node API on the cluster client's prototype. */
export function installNodeApi(prototype: object): void {
  for (const [name, method] of Object.entries(methods)) {
    Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
  }
}
