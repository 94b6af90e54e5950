/**
 * Where keyless cluster commands go: redis-py's `target_nodes` (PRIMARIES, REPLICAS, ALL_NODES, RANDOM, DEFAULT_NODE,
 * one node or a list of nodes), the routes of the declarations, and the default node that management commands use.
 */
import type { ClusterRoute } from '../commands/types.js';
import type { Command } from '../connection/command.js';
import { ClientClosedError, ClusterError, ConnectionError, DataError } from '../errors.js';
import { addressKey } from './address.js';
import type { ClusterNode } from './cluster-nodes.js';
import { cloneCommand } from './executor.js';
import { firstSuccess, mergeReplies, notInCluster, routeTargets } from './fan-out.js';
import type { TopologyManager } from './topology-manager.js';

/** A node by address: `{ host, port }`, or a node object from `get_nodes()` and friends. */
export interface NodeAddressArg {
  host: string;
  port: number | string;
}

/** redis-py's node flags: every primary, every replica, every node, one random primary, the default node. */
export type NodeFlag = 'primaries' | 'replicas' | 'all' | 'random' | 'default-node';

/**
 * redis-py's `target_nodes`: a node flag, one node, or a list of nodes. One node (or `'random'`,
 * `'default-node'`) answers with its reply; the other forms with a Map from `host:port` to each node's reply.
 */
export type TargetNodes = NodeFlag | NodeAddressArg | readonly NodeAddressArg[];

/** The forms of {@link TargetNodes} that name several nodes, whose replies come back as a Map. */
export type MultiNodeTarget = 'primaries' | 'replicas' | 'all' | readonly NodeAddressArg[];

/** What a command sent to `T` resolves to: `R` from one node, a Map from `host:port` to `R` from several. */
export type PerTarget<T, R> = [T] extends [MultiNodeTarget] ? Map<string, R> : R;

/** A cluster node as redis-py's node API returns it; usable wherever `target_nodes` is taken. */
export interface ClusterNodeInfo {
  readonly host: string;
  readonly port: number;
  /** `host:port` (IPv6 hosts in brackets), the key of multi-node replies. */
  readonly name: string;
  readonly server_type: 'primary' | 'replica';
}

const FLAGS: readonly string[] = ['primaries', 'replicas', 'all', 'random', 'default-node'];

function isAddress(value: unknown): value is NodeAddressArg {
  return typeof value === 'object' && value !== null && 'host' in value && 'port' in value;
}

/** True for a value `execute_command` takes as its trailing `{ target_nodes }` options. */
export function isTargetNodes(value: unknown): value is TargetNodes {
  if (typeof value === 'string') return FLAGS.includes(value);
  if (Array.isArray(value)) return value.every(isAddress);
  return isAddress(value);
}

export class NodeTargets {
  private defaultKey: string | undefined;

  constructor(private readonly topology: TopologyManager) {}

  masters(): ClusterNode[] {
    return (this.topology.table?.masters() ?? []).map((d) => this.topology.nodeOf(d));
  }

  replicas(): ClusterNode[] {
    const table = this.topology.table;
    if (table === undefined) return [];
    const masters = new Set(table.masters());
    return table
      .allNodes()
      .filter((d) => !masters.has(d) && d.health !== 'failed')
      .map((d) => this.topology.nodeOf(d));
  }

  all(): ClusterNode[] {
    return [...this.masters(), ...this.replicas()];
  }

  /** The public view of a node: its address and whether the current map has it as a primary. */
  describe(node: ClusterNode): ClusterNodeInfo {
    const descriptor = this.topology.table?.nodeByAddress(node.host, node.port);
    const primary = descriptor !== undefined && this.topology.table!.masters().includes(descriptor);
    return Object.freeze({
      host: node.host,
      port: node.port,
      name: node.key,
      server_type: primary ? 'primary' : 'replica',
    });
  }

  /** The member at this address (node objects, `{ host, port }`), or undefined. */
  member(address: NodeAddressArg): ClusterNode | undefined {
    return this.topology.member(address.host, Number(address.port));
  }

  /** The default node: a primary picked at random, kept while it stays a member of the map. */
  defaultNode(): ClusterNode | undefined {
    const current = this.defaultKey === undefined ? undefined : this.topology.nodes.get(this.defaultKey);
    if (current !== undefined) return current;
    this.replaceDefault();
    return this.defaultKey === undefined ? undefined : this.topology.nodes.get(this.defaultKey);
  }

  setDefault(node: ClusterNode): void {
    this.defaultKey = node.key;
  }

  /** redis-py's replace_default_node(): another primary at random (a replica when there is no other primary). */
  replaceDefault(): void {
    const others = (nodes: ClusterNode[]) => nodes.filter((n) => n.key !== this.defaultKey);
    const primaries = others(this.masters());
    const pool = primaries.length > 0 ? primaries : others(this.replicas());
    if (pool.length > 0) this.defaultKey = pool[Math.floor(Math.random() * pool.length)].key;
  }

  /** The nodes `target` names: one node, or a list (for the forms that answer with a Map). */
  resolve(target: TargetNodes, command: string): ClusterNode | ClusterNode[] {
    if (Array.isArray(target)) {
      return target.map((address) => this.resolve(address, command) as ClusterNode);
    }
    if (isAddress(target)) {
      const node = this.member(target);
      if (node === undefined) {
        throw new DataError(
          `${command}: ${addressKey(target.host, Number(target.port))} is not a node of this cluster`,
        );
      }
      return node;
    }
    switch (target) {
      case 'primaries':
        return this.masters();
      case 'replicas':
        return this.replicas();
      case 'all':
        return this.all();
      case 'random': {
        const masters = this.masters();
        if (masters.length === 0) throw new ClusterError(`${command}: no master known`);
        return masters[Math.floor(Math.random() * masters.length)];
      }
      case 'default-node': {
        const node = this.defaultNode();
        if (node === undefined) throw new ClusterError(`${command}: no node known`);
        return node;
      }
      default:
        throw new DataError(
          `${command}: target_nodes must be 'primaries', 'replicas', 'all', 'random', 'default-node', a node or a list of nodes`,
        );
    }
  }

  /** Sends `command` where `target` says: the reply of one node, or a Map of the replies of several. */
  run(target: TargetNodes, command: Command): Promise<unknown> {
    if (target === 'random') return this.sendToOne(command, undefined);
    if (target === 'default-node') return this.sendToOne(command, this.defaultNode());
    const nodes = this.resolve(target, command.name);
    return Array.isArray(nodes) ? this.fanOut(nodes, command) : nodes.connection.send(command);
  }

  /** Sends a copy of the command to each node; one node's failure fails the whole call, naming the node. */
  async fanOut(nodes: ClusterNode[], command: Command): Promise<Map<string, unknown>> {
    if (nodes.length === 0) throw new ClusterError(`${command.name}: no node to send it to`);
    const replies = await Promise.all(
      nodes.map((node, i) => {
        const copy = i === 0 ? command : cloneCommand(command);
        return node.connection.send(copy).then(
          (reply) => [node.key, reply] as const,
          (err: Error) => {
            err.message = `${node.key}: ${err.message}`;
            throw err;
          },
        );
      }),
    );
    return new Map(replies);
  }

  /**
   * A keyless command for one node: `first` (the default node) or a random master, then the other masters when the
   * command could not even be written (a lost master must not fail PING while its replica takes over). A default
   * node that could not take it is replaced, as redis-py replaces it after a connection error.
   */
  async sendToOne(command: Command, first: ClusterNode | undefined): Promise<unknown> {
    const masters = this.masters();
    const start = Math.floor(Math.random() * masters.length);
    const order = masters.map((_, i) => masters[(start + i) % masters.length]).filter((n) => n !== first);
    if (first !== undefined) order.unshift(first);
    if (order.length === 0) throw new ClusterError(`${command.name}: no master known`);
    let next = command;
    let lastError: unknown;
    for (let i = 0; i < order.length; i++) {
      const node = order[i];
      if (node.unhealthy && i < order.length - 1) continue;
      try {
        return await node.connection.send(next);
      } catch (err) {
        if (!(err instanceof ConnectionError) || err.outcomeUnknown || err instanceof ClientClosedError) throw err;
        if (node === first) this.tryNextDefault(order, i);
        lastError = err;
        next = cloneCommand(command);
      }
    }
    throw lastError;
  }

  /** After the default node failed at `order[i]`: a new default, tried next. */
  private tryNextDefault(order: ClusterNode[], i: number): void {
    this.replaceDefault();
    const next = this.defaultNode();
    if (next === undefined || next === order[i]) return;
    const at = order.indexOf(next);
    if (at >= 0 && at <= i) return;
    if (at > i) order.splice(at, 1);
    order.splice(i + 1, 0, next);
  }

  /** A keyless command by its declared route. */
  async runRoute(route: ClusterRoute, command: Command): Promise<unknown> {
    switch (route) {
      case 'random':
        return this.sendToOne(command, undefined);
      case 'default-node':
        return this.sendToOne(command, this.defaultNode());
      case 'primaries-sum': {
        const replies = await this.fanOut(this.masters(), command);
        let sum = 0;
        for (const reply of replies.values()) sum += reply as number;
        return sum;
      }
      case 'primaries-all-ok': {
        // Every master succeeded (a failure rejects): answer as one server would, e.g. FUNCTION LOAD's library name.
        const replies = await this.fanOut(this.masters(), command);
        return replies.values().next().value;
      }
      case 'primaries-concat': {
        const replies = await this.fanOut(this.masters(), command);
        return [...replies.values()].flat();
      }
      case 'primaries-map':
        return this.fanOut(this.masters(), command);
      case 'all-map':
        return this.fanOut(this.all(), command);
      case 'not-in-cluster':
        throw notInCluster(command.name);
      case 'primaries-any-ok': {
        const nodes = this.masters();
        return firstSuccess(
          nodes.map((node, i) => node.connection.send(i === 0 ? command : cloneCommand(command))),
          command.name,
        );
      }
      default: {
        // The merges of the server-administration routes (fan-out.ts).
        const nodes = routeTargets(route) === 'all' ? this.all() : this.masters();
        return mergeReplies(route, await this.fanOut(nodes, command));
      }
    }
  }
}
