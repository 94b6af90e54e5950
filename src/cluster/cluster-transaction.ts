/**
 * redis-py's `transaction(func, *watches)` on a cluster: WATCH, the callback's reads, then MULTI/EXEC, all on one
 * exclusive connection to the owner of the keys' slot. Every watched key must hash to that one slot.
 *
 * Retried as a whole when a watched key changed (WatchError) and when the slot moved before EXEC ran anything (MOVED
 * on WATCH, or EXECABORT caused by a redirection): in both cases the server executed nothing.
 */
import { type ExecuteOptions, Pipeline, type PipelineHost } from '../client/pipeline.js';
import { buildRawCommand } from '../client/runner.js';
import { ConnectionClient, type TransactionOptions } from '../client/strict-redis.js';
import type { KeyArg } from '../commands/types.js';
import type { Connection } from '../connection/connection.js';
import {
  CrossSlotError,
  DataError,
  ExecAbortError,
  MovedError,
  TooManyRedirectionsError,
  WatchError,
} from '../errors.js';
import type { ClusterExecutor } from './executor.js';
import { keySlot } from './slot.js';
import type { TopologyManager } from './topology-manager.js';

/** How many times the slot may move under one transaction before giving up. */
const MAX_MOVES = 5;

/** The body of a transaction: reads through `client` on the WATCHing connection, queues its writes on `pipe`. */
export type TransactionCallback = (pipe: Pipeline, client: ConnectionClient) => unknown | Promise<unknown>;

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

export async function runClusterTransaction(
  host: ClusterTransactionHost,
  fn: TransactionCallback,
  watches: ReadonlyArray<KeyArg | TransactionOptions>,
  execute: ExecuteOptions = {},
): Promise<unknown[]> {
  const options = watches.find((w): w is TransactionOptions => typeof w === 'object' && !Buffer.isBuffer(w)) ?? {};
  const keys = [
    ...(watches.filter((w) => typeof w === 'string' || Buffer.isBuffer(w)) as KeyArg[]),
    ...(options.watch ?? []),
  ];
  const slot = watchedSlot(keys);
  const maxRetries = options.max_retries ?? 16;
  const causes: Error[] = [];
  let watchConflicts = 0;
  for (;;) {
    if (host.topology.table === undefined) await host.topology.refresh();
    const node = host.executor.nodeForSlot(slot, false);
    try {
      if (node === undefined) throw new MovedError(`slot ${slot} has no owner in the current map`, slot, '', 1);
      return await node.pool.use((connection) => attempt(host, connection, keys, fn, execute));
    } catch (err) {
      if (err instanceof WatchError) {
        if (++watchConflicts > maxRetries) throw err;
        continue;
      }
      if (!movedBeforeRunning(err)) throw err;
      causes.push(err as Error);
      if (causes.length >= MAX_MOVES)
        throw new TooManyRedirectionsError('cluster transaction: the slot kept moving', causes);
      await host.topology.refresh();
    }
  }
}

async function attempt(
  host: ClusterTransactionHost,
  connection: Connection,
  keys: readonly KeyArg[],
  fn: TransactionCallback,
  execute: ExecuteOptions,
): Promise<unknown[]> {
  await connection.send(buildRawCommand(['WATCH', ...keys], false));
  // The pipeline is bound to this connection, so it never asks its host to send anything.
  const unused = (): never => {
    throw new Error('a bound pipeline sends on its own connection');
  };
  const pipelineHost: PipelineHost = {
    wantsBuffers: host.wantsBuffers,
    replyFlags: host.replyFlags,
    sendBatch: unused,
    withExclusive: unused,
  };
  const pipe = new Pipeline(pipelineHost, { transaction: true }, connection);
  await fn(pipe, new ConnectionClient(connection, host.wantsBuffers, host.replyFlags));
  return pipe.execute(execute);
}
