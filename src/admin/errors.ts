/**
 * Errors of the cluster administration layer. They extend {@link ClusterError}, so `err instanceof ClusterError` holds
 * for them as for every other cluster failure.
 */
import { ClusterError } from '../errors.js';

/** An administrative operation could not be carried out (bad input, unexpected cluster state). */
export class ClusterAdminError extends ClusterError {
  override name = 'ClusterAdminError';
}

/** createCluster/addNode refused a node that holds keys, already knows other nodes, or serves slots. */
export class NodeNotEmptyError extends ClusterAdminError {
  override name = 'NodeNotEmptyError';
  constructor(
    message: string,
    readonly address: string,
  ) {
    super(message);
  }
}

/** A cluster did not reach the awaited state in time (e.g. `cluster_state:ok` after creation). */
export class ClusterWaitTimeoutError extends ClusterAdminError {
  override name = 'ClusterWaitTimeoutError';
}

/** LocalCluster found neither a redis-server binary nor a Docker engine. */
export class RedisServerNotFoundError extends ClusterAdminError {
  override name = 'RedisServerNotFoundError';
}
