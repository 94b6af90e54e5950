/**
 * strict-redis/admin: create, inspect and change Redis Clusters with the library's own clients (no redis-cli), and
 * run throwaway local clusters.
 * @packageDocumentation
 */
export { type ClusterCheckReport, checkCluster, type OpenSlotReport } from './check.js';
export {
  type ClusterDescription,
  type ClusterNodeDescription,
  type CreateClusterOptions,
  createCluster,
  describeCluster,
  evenSlotRanges,
} from './create.js';
export { ClusterAdminError, ClusterWaitTimeoutError, NodeNotEmptyError, RedisServerNotFoundError } from './errors.js';
export { type FixOptions, type FixResult, fixCluster } from './fix.js';
export { type Address, type ClusterRef, type NodeAuth, parseAddress } from './links.js';
export { LocalCluster, type LocalClusterOptions } from './local-cluster.js';
export {
  type AddNodeOptions,
  addNode,
  type FailoverOptions,
  failover,
  type RemoveNodeOptions,
  removeNode,
} from './membership.js';
export { formatRanges, type NodeEntry, type OpenSlot, parseClusterNodes, type SlotRange } from './nodes.js';
export { RedisProcess, type RedisProcessOptions } from './redis-process.js';
export {
  type MigrateOptions,
  type RebalanceOptions,
  type ReshardOptions,
  type ReshardProgress,
  type ReshardResult,
  rebalance,
  reshard,
  slotTargets,
} from './reshard.js';
