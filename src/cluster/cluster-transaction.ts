/**
 * redis-py's `transaction(func, *watches)` on a cluster: WATCH, the callback's reads, then MULTI/EXEC, all on one
 * exclusive connection to the owner of the keys' slot. Every watched key must hash to that one slot.
 *
 * Retried as a whole when a watched key changed (WatchError) and when the slot moved before EXEC ran anything (MOVED
 * on WATCH, or EXECABORT caused by a redirection): in both cases the server executed nothing.
 */
import { Pipeline, type PipelineHost, type WatchingPipeline } from '../client/pipeline.js';
import {
  splitWatches,
  type TransactionAttempt,
  type TransactionOptions,
  transactionLoop,
} from '../client/transaction.js';
import type { KeyArg } from '../commands/types.js';
import type { Connection } from '../connection/connection.js';
import { CrossSlotError, DataError, ExecAbortError, MovedError, TooManyRedirectionsError } from '../errors.js';
import type { ClusterNode } from './cluster-nodes.js';
import type { ClusterExecutor } from './executor.js';
import { keySlot } from './slot.js';
import type { TopologyManager } from './topology-manager.js';

/** How many times the slot may move under one transaction before giving up. */
const MAX_MOVES = 5;

/**
 * The body of a transaction (redis-py's `func(pipe)`): until `pipe.multi()`, commands run at once on the WATCHing
 * connection; after it they queue for MULTI/EXEC.
 */
export type TransactionCallback<V = string | Buffer, I = number | bigint> = (pipe: WatchingPipeline<V, I>) => unknown;

export interface ClusterTransactionHost {
  readonly wantsBuffers: boolean;
  readonly replyFlags: number;
  readonly executor: ClusterExecutor;
  readonly topology: TopologyManager;
}

function watchedSlot(keys: readonly KeyArg[]): number {
  if (keys.length === 0)
    throw new DataError('a cluster transaction needs at least one key to WATCH (it picks the node)');
  const slot = keySlot(keys[0]);
  for (const key of keys) {
    if (keySlot(key) !== slot) {
      throw new CrossSlotError('the watched keys of a cluster transaction must hash to one slot; use hash tags ({…})');
    }
  }
  return slot;
}

/** True when the server refused before running anything because the slot is elsewhere. */
function movedBeforeRunning(err: unknown): boolean {
  return err instanceof MovedError || (err instanceof ExecAbortError && err.cause instanceof MovedError);
}

const unused = (): never => {
  throw new Error("a cluster transaction runs on the slot owner's connection only");
};

/** One attempt: a pipeline whose WATCH takes an exclusive connection to the owner of the watched slot. */
function slotOwnerAttempt(
  host: ClusterTransactionHost,
  slot: number,
  onNode: (node: ClusterNode) => void,
): TransactionAttempt<WatchingPipeline> {
  let node: ClusterNode | undefined;
  const pipelineHost: PipelineHost = {
    wantsBuffers: host.wantsBuffers,
    replyFlags: host.replyFlags,
    sendBatch: unused,
    withExclusive: unused,
    acquireExclusive: async () => {
      if (host.topology.table === undefined) await host.topology.refresh();
      node = host.executor.nodeForSlot(slot, false);
      if (node === undefined) throw new MovedError(`slot ${slot} has no owner in the current map`, slot, '', 1);
      onNode(node);
      return node.pool.acquire();
    },
    releaseExclusive: (connection: Connection) => node?.pool.release(connection) ?? Promise.resolve(),
  };
  const pipe = new Pipeline(pipelineHost, { transaction: true });
  return {
    pipe: pipe as unknown as WatchingPipeline,
    watch: (keys) => pipe.watch(...keys),
    execute: () => pipe.execute(),
    reset: () => pipe.reset(),
  };
}

/**
 * `rc.transaction(fn, ...watches)`: redis-py's loop on the slot owner of the watched keys; also run again when the
 * slot moved before anything ran (MOVED on WATCH, or EXECABORT caused by a redirection).
 */
export async function runClusterTransaction(
  host: ClusterTransactionHost,
  fn: TransactionCallback,
  watches: ReadonlyArray<KeyArg | TransactionOptions>,
): Promise<unknown> {
  const { keys, options } = splitWatches(watches);
  const slot = watchedSlot(keys);
  const causes: Error[] = [];
  let lastNode: ClusterNode | undefined;
  const attempt = () => slotOwnerAttempt(host, slot, (node) => (lastNode = node));
  return transactionLoop(attempt, fn, keys, options, async (err) => {
    if (!movedBeforeRunning(err)) return false;
    causes.push(err as Error);
    if (causes.length >= MAX_MOVES) {
      throw new TooManyRedirectionsError('cluster transaction: the slot kept moving', causes);
    }
    // Go where MOVED points, as a single command does, rather than where a refresh (possibly from a node that has not
    // learned of the move yet) says.
    const moved = (err instanceof ExecAbortError ? err.cause : err) as MovedError;
    const owner = lastNode === undefined ? undefined : await host.executor.redirectTarget(moved, lastNode);
    if (owner !== undefined && owner !== lastNode) {
      host.topology.table?.patchSlot(slot, owner.host, owner.port);
      host.topology.refreshSoon();
    } else await host.topology.refresh();
    return true;
  });
}
