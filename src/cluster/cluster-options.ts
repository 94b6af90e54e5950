/** StrictRedisCluster's options, in redis-py-cluster's spelling or camelCase, normalised in one place. */
import {
  CLIENT_OPTION_KEYS,
  type ClientOptions,
  type NormalizedOptions,
  normalizeOptions,
  toSnakeCase,
} from '../client/options.js';
import { DataError } from '../errors.js';
import { checkOptions, optionKeys } from '../option-keys.js';
import type { NatMap } from './address-map.js';

/** A node to learn the cluster's topology from. */
export interface StartupNode {
  host: string;
  /** A number or a numeric string, as redis-py-cluster users write them. */
  port: number | string;
}

/** Where read-only commands go: always the primary, replicas (round-robin, primary when none), or replicas while healthy. */
export type ReadFrom = 'primary' | 'replica' | 'preferReplica';

/** The options only StrictRedisCluster has, in both spellings (times in seconds). */
export interface ClusterOnlyOptions {
  startup_nodes?: StartupNode[];
  startupNodes?: StartupNode[];
  /** redis-py's switch: true sends read-only commands to replicas (same as `readFrom: 'preferReplica'`). */
  read_from_replicas?: boolean;
  readFrom?: ReadFrom;
  /** Map announced node addresses to reachable ones (Docker, NAT). */
  nat_map?: NatMap;
  natMap?: NatMap;
  /** Refuse to start, and report, when some slots have no owner (default true). */
  require_full_coverage?: boolean;
  requireFullCoverage?: boolean;
  /** Most MOVED/ASK redirections one command follows (default 16). */
  max_redirections?: number;
  maxRedirections?: number;
  /** Seconds a command may spend on redirections and retries in all (default 15). */
  cluster_command_timeout?: number;
  clusterCommandTimeout?: number;
  /** Seconds between background topology refreshes (default 30; 0 turns them off). */
  topology_refresh_interval?: number;
  topologyRefreshInterval?: number;
}

/** Options of StrictRedisCluster: the node options of StrictRedis (applied to every node) plus the cluster ones. */
export type ClusterOptions = Omit<ClientOptions, 'host' | 'port' | 'db' | 'unix_socket_path' | 'unixSocketPath'> &
  ClusterOnlyOptions;

const CLUSTER_ONLY_OPTION_KEYS = optionKeys<ClusterOnlyOptions>({
  startup_nodes: true,
  startupNodes: true,
  read_from_replicas: true,
  readFrom: true,
  nat_map: true,
  natMap: true,
  require_full_coverage: true,
  requireFullCoverage: true,
  max_redirections: true,
  maxRedirections: true,
  cluster_command_timeout: true,
  clusterCommandTimeout: true,
  topology_refresh_interval: true,
  topologyRefreshInterval: true,
});

/** Node options that make no sense for a cluster: each node's address comes from the topology (db: only 0). */
const NOT_FOR_CLUSTER = new Set(['host', 'port', 'unix_socket_path', 'unixSocketPath']);

/** Every option name StrictRedisCluster accepts. */
export const CLUSTER_OPTION_KEYS: readonly string[] = Object.freeze([
  ...CLUSTER_ONLY_OPTION_KEYS,
  ...CLIENT_OPTION_KEYS.filter((k) => !NOT_FOR_CLUSTER.has(k)),
]);

export interface NormalizedClusterOptions {
  startupNodes: Array<{ host: string; port: number }>;
  node: NormalizedOptions;
  readFrom: ReadFrom;
  natMap: NatMap | undefined;
  requireFullCoverage: boolean;
  maxRedirections: number;
  commandDeadlineMs: number;
  refreshIntervalMs: number;
}

function pick<T>(a: T | undefined, b: T | undefined, name: string): T | undefined {
  if (a !== undefined && b !== undefined && a !== b)
    throw new DataError(`option ${name} was given twice with different values`);
  return a ?? b;
}

export function normalizeClusterOptions(options: ClusterOptions): NormalizedClusterOptions {
  checkOptions('StrictRedisCluster options', options, CLUSTER_OPTION_KEYS);
  const {
    startup_nodes,
    startupNodes,
    read_from_replicas,
    readFrom,
    nat_map,
    natMap,
    require_full_coverage,
    requireFullCoverage,
    max_redirections,
    maxRedirections,
    cluster_command_timeout,
    clusterCommandTimeout,
    topology_refresh_interval,
    topologyRefreshInterval,
    ...nodeOptions
  } = options as ClusterOptions & Record<string, unknown>;
  if ('db' in nodeOptions && nodeOptions.db !== undefined && Number(nodeOptions.db) !== 0) {
    throw new DataError('Redis Cluster has only database 0');
  }
  const nodes = pick(startup_nodes, startupNodes, 'startup_nodes');
  if (nodes === undefined || !Array.isArray(nodes) || nodes.length === 0) {
    throw new DataError('StrictRedisCluster needs startup_nodes: [{ host, port }, …]');
  }
  const startup = nodes.map((n) => {
    checkOptions('startup_nodes', n, ['host', 'port']);
    const normalized = normalizeOptions({ host: n?.host, port: n?.port }, 'startup_nodes');
    return { host: normalized.connection.host, port: normalized.connection.port };
  });
  const fromReplicas = read_from_replicas === true ? 'preferReplica' : undefined;
  const resolvedReadFrom = readFrom ?? fromReplicas ?? 'primary';
  if (!['primary', 'replica', 'preferReplica'].includes(resolvedReadFrom)) {
    throw new DataError("readFrom must be 'primary', 'replica' or 'preferReplica'");
  }
  const snake = toSnakeCase(nodeOptions as ClientOptions);
  const node = normalizeOptions({ ...snake, readonly: resolvedReadFrom !== 'primary' }, 'StrictRedisCluster options');
  const redirections = pick(max_redirections, maxRedirections, 'max_redirections') ?? 16;
  const deadline = pick(cluster_command_timeout, clusterCommandTimeout, 'cluster_command_timeout') ?? 15;
  const refresh = pick(topology_refresh_interval, topologyRefreshInterval, 'topology_refresh_interval') ?? 30;
  if (!Number.isInteger(redirections) || redirections < 1)
    throw new DataError('max_redirections must be a positive integer');
  if (!(deadline > 0)) throw new DataError('cluster_command_timeout must be a positive number of seconds');
  if (!(refresh >= 0)) throw new DataError('topology_refresh_interval must be a non-negative number of seconds');
  // Commands on a lost node are handed back at once, so they can follow the slot to its new owner.
  node.connection.failFast = true;
  return {
    startupNodes: startup,
    node,
    readFrom: resolvedReadFrom,
    natMap: pick(nat_map, natMap, 'nat_map'),
    requireFullCoverage: pick(require_full_coverage, requireFullCoverage, 'require_full_coverage') ?? true,
    maxRedirections: redirections,
    commandDeadlineMs: Math.round(deadline * 1000),
    refreshIntervalMs: Math.round(refresh * 1000),
  };
}
