/**
 * What the cluster reports on its diagnostics channels (`strict-redis:redirection`, `strict-redis:topology-refresh`,
 * `strict-redis:failover`) and in the debug log (NODE_DEBUG=strict-redis). Messages are built only when someone
 * listens; they name nodes, slots, commands and error classes — never keys or values.
 */
import { debug, debugEnabled, describeError } from '../connection/debug.js';
import { failoverChannel, redirectionChannel, refreshChannel } from '../connection/tracing.js';
import { AskError, type MovedError } from '../errors.js';
import { addressKey } from './address.js';
import type { ClusterNode } from './cluster-nodes.js';
import type { SlotTable } from './slot-table.js';

/** Published on `strict-redis:redirection`. */
export interface RedirectionMessage {
  kind: 'MOVED' | 'ASK';
  command: string;
  slot: number;
  /** The node that answered (`host:port`). */
  from: string;
  /** Where it pointed (`host:port`, after the NAT map); undefined when no member is at that address. */
  to: string | undefined;
}

/** Published on `strict-redis:topology-refresh`. */
export interface RefreshMessage {
  /** Milliseconds the refresh took. */
  durationMs: number;
  /** Masters and nodes in the new map (absent when the refresh failed). */
  masters?: number;
  nodes?: number;
  /** Why it failed. */
  error?: Error;
}

/** Published on `strict-redis:failover`: a slot range now served by what was one of its replicas. */
export interface FailoverMessage {
  /** The first slot of the range whose master changed. */
  slot: number;
  from: string;
  to: string;
}

export function reportRedirection(
  command: string,
  error: MovedError,
  from: ClusterNode,
  to: ClusterNode | undefined,
): void {
  const listening = redirectionChannel.hasSubscribers;
  if (!listening && !debugEnabled()) return;
  const message: RedirectionMessage = {
    kind: error instanceof AskError ? 'ASK' : 'MOVED',
    command,
    slot: error.slot,
    from: from.key,
    to: to?.key,
  };
  if (listening) redirectionChannel.publish(message);
  debug(`${message.kind} ${command} slot ${message.slot}: ${message.from} -> ${message.to ?? 'unknown node'}`);
}

export function reportRetry(
  command: string,
  error: Error,
  node: ClusterNode | undefined,
  attempt: number,
  waitMs: number,
): void {
  if (!debugEnabled()) return;
  const where = node === undefined ? '' : ` on ${node.key}`;
  debug(`${command}${where}: ${describeError(error)}; retry ${attempt} in ${Math.round(waitMs)} ms`);
}

/** A refresh finished: reports it, and every slot range whose master is now one of its former replicas. */
export function reportRefresh(
  startedAt: number,
  before: SlotTable | undefined,
  after: SlotTable | undefined,
  error?: Error,
) {
  const durationMs = Date.now() - startedAt;
  if (refreshChannel.hasSubscribers) {
    const message: RefreshMessage =
      after === undefined
        ? { durationMs, error }
        : { durationMs, masters: after.masters().length, nodes: after.allNodes().length };
    refreshChannel.publish(message);
  }
  if (debugEnabled()) {
    debug(
      error !== undefined
        ? `topology refresh failed after ${durationMs} ms: ${describeError(error)}`
        : `topology refreshed in ${durationMs} ms: ${after?.masters().length} masters, ${after?.allNodes().length} nodes`,
    );
  }
  if (before === undefined || after === undefined || (!failoverChannel.hasSubscribers && !debugEnabled())) return;
  for (const shard of after.shards()) {
    const master = shard.master;
    const first = after.slotsOf(shard)[0]?.[0];
    if (master === undefined || first === undefined) continue;
    const old = before.masterFor(first);
    if (old === undefined || addressKey(old.host, old.port) === addressKey(master.host, master.port)) continue;
    const promoted = before.replicasFor(first).some((r) => r.host === master.host && r.port === master.port);
    if (!promoted) continue;
    const message: FailoverMessage = {
      slot: first,
      from: addressKey(old.host, old.port),
      to: addressKey(master.host, master.port),
    };
    if (failoverChannel.hasSubscribers) failoverChannel.publish(message);
    debug(`failover: slot ${first} moved from ${message.from} to its former replica ${message.to}`);
  }
}
