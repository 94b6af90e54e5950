/**
 * Sends one command to the owner of its slot and follows the cluster wherever it points: MOVED (patch the slot,
 * refresh in the background, resend), ASK (ASKING + the command on the target, once, map untouched), TRYAGAIN,
 * CLUSTERDOWN, LOADING, READONLY and lost connections (bounded retries with backoff and a refresh). Redirections are
 * capped, and so is the total time; when either runs out the error carries every cause.
 *
 * A command that was written before its connection died is resent only when it is read-only or sets an absolute state;
 * otherwise its caller gets the ConnectionError with `outcomeUnknown: true` (the connection layer decides that).
 */
import { Command, type CommandFailureHandler, CommandFlags } from '../connection/command.js';
import type { Connection } from '../connection/connection.js';
import {
  AskError,
  BusyLoadingError,
  ClientClosedError,
  ClusterDownError,
  ConnectionError,
  MasterDownError,
  MovedError,
  ReadOnlyError,
  SlotNotCoveredError,
  TooManyRedirectionsError,
  TryAgainError,
} from '../errors.js';
import { applyNatMap } from './address-map.js';
import type { ClusterNode } from './cluster-nodes.js';
import type { NormalizedClusterOptions } from './cluster-options.js';
import type { SlotTable } from './slot-table.js';
import type { ClusterNodeDescriptor } from './topology.js';
import type { TopologyManager } from './topology-manager.js';

/** Retries (not redirections) one command may use besides the deadline. */
const MAX_RETRIES = 64;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** 25 ms doubling to 500 ms, half of it random so that many callers do not retry in step. */
function backoff(attempt: number): number {
  const base = Math.min(500, 25 * 2 ** Math.min(attempt, 10));
  return base / 2 + Math.random() * (base / 2);
}

/** A fresh command object with the same arguments: a settled one cannot be sent again. */
export function cloneCommand(command: Command): Command {
  return new Command(command.args, command.wantsBuffers, command.transform, command.flags);
}

/** ASKING is per connection and per command: it must go right before the command, on the same socket. */
export function sendAsking(connection: Connection): void {
  const ask = new Command(['ASKING'], false, undefined, CommandFlags.NoRetry);
  ask.promise.catch(() => {});
  connection.send(ask);
}

/** Uncovered-slot lookups (each after a refresh) before the caller is told the slot has no owner. */
const MAX_UNCOVERED_RETRIES = 3;

export interface ExecuteTarget {
  slot: number;
  /** For blocking commands: the client-side timeout in ms (0 = none); they run on an exclusive connection. */
  blockingTimeoutMs?: number;
}

/**
 * Takes over the failure of a fast-path command sent to one node: runs the retry loop (a microtask later, as a
 * rejection handler would, so nothing runs inside the connection's reply or close handling) and settles the caller's
 * promise with its outcome. One per node, so the fast path allocates no closure or derived promise per command.
 */
class NodeFailureHandler implements CommandFailureHandler {
  constructor(
    private readonly executor: ClusterExecutor,
    private readonly node: ClusterNode,
  ) {}

  commandFailed(command: Command, error: unknown): void {
    command.adopt(Promise.resolve().then(() => this.executor.retryAfter(command, this.node, error)));
  }
}

/** A node of the current map with its failure handler. */
interface Route {
  node: ClusterNode;
  handler: NodeFailureHandler;
}

export class ClusterExecutor {
  private replicaCursor = 0;
  /**
   * Routes by descriptor of `routesTable`. The topology's own lookup builds a `host:port` string per call; a map
   * only changes its members together with its table (a refresh installs a new table), so per-table identity caching
   * gives the same node.
   */
  private routes = new WeakMap<ClusterNodeDescriptor, Route>();
  private routesTable: SlotTable | undefined;
  private readonly failureHandlers = new WeakMap<ClusterNode, NodeFailureHandler>();

  constructor(
    private readonly topology: TopologyManager,
    private readonly options: NormalizedClusterOptions,
  ) {}

  /** The node a command for `slot` goes to now: the master, or a replica for reads when configured. */
  nodeForSlot(slot: number, readOnly: boolean): ClusterNode | undefined {
    return this.routeForSlot(slot, readOnly)?.node;
  }

  private routeForSlot(slot: number, readOnly: boolean): Route | undefined {
    const table = this.topology.table;
    if (table === undefined) return undefined;
    const master = table.masterFor(slot);
    if (master === undefined) return undefined;
    if (table !== this.routesTable) {
      this.routesTable = table;
      this.routes = new WeakMap();
    }
    if (readOnly && this.options.readFrom !== 'primary') {
      const replicas = table.replicasFor(slot);
      if (replicas.length > 0) {
        for (let tries = 0; tries < replicas.length; tries++) {
          const candidate = replicas[this.replicaCursor++ % replicas.length];
          if (candidate.health === 'failed' || candidate.health === 'loading') continue;
          const route = this.routeOf(candidate);
          if (!route.node.unhealthy) return route;
        }
      }
    }
    return this.routeOf(master);
  }

  private routeOf(descriptor: ClusterNodeDescriptor): Route {
    let route = this.routes.get(descriptor);
    if (route === undefined) {
      const node = this.topology.nodeOf(descriptor);
      route = { node, handler: this.failureHandlerFor(node) };
      this.routes.set(descriptor, route);
    }
    return route;
  }

  private sendTo(node: ClusterNode, command: Command, asking: boolean, target: ExecuteTarget): Promise<unknown> {
    if (target.blockingTimeoutMs !== undefined) {
      const timeoutMs = target.blockingTimeoutMs;
      return node.pool.use((connection) => {
        if (asking) sendAsking(connection);
        return connection.send(command, timeoutMs);
      });
    }
    const connection = node.connection;
    if (asking) sendAsking(connection);
    return connection.send(command);
  }

  /**
   * The member node for a redirect target, after the NAT map; refreshes once when the address is unknown.
   * @internal
   */
  async redirectTarget(err: MovedError, from: ClusterNode): Promise<ClusterNode | undefined> {
    const mapped = applyNatMap(this.options.natMap, err.host === '' ? from.host : err.host, err.port);
    let node = this.topology.member(mapped.host, mapped.port);
    if (node === undefined) {
      // Only topology members are ever connected to: an unknown address must show up in a fresh map first.
      await this.topology.refresh().catch(() => {});
      node = this.topology.member(mapped.host, mapped.port);
    }
    return node;
  }

  /**
   * Runs a command where its slot lives now. The common case — a known map, a shared connection, no error — costs
   * one send and one handler; only a failure enters the retry loop.
   */
  execute(first: Command, target: ExecuteTarget): Promise<unknown> {
    if (target.blockingTimeoutMs === undefined) return this.executeAt(first, target.slot);
    return this.retry(first, target, undefined, undefined);
  }

  /** {@link execute} for a non-blocking command on the shared connection of `slot`'s node. */
  executeAt(first: Command, slot: number): Promise<unknown> {
    first.slot = slot;
    if (this.topology.table !== undefined) {
      const route = this.routeForSlot(slot, (first.flags & CommandFlags.ReadOnly) !== 0);
      if (route !== undefined) {
        first.failureHandler = route.handler;
        return route.node.connection.send(first);
      }
    }
    return this.retry(first, { slot }, undefined, undefined);
  }

  private failureHandlerFor(node: ClusterNode): NodeFailureHandler {
    let handler = this.failureHandlers.get(node);
    if (handler === undefined) {
      handler = new NodeFailureHandler(this, node);
      this.failureHandlers.set(node, handler);
    }
    return handler;
  }

  /**
   * The retry loop for a fast-path command that failed on `node`.
   * @internal
   */
  retryAfter(first: Command, node: ClusterNode, error: unknown): Promise<unknown> {
    return this.retry(first, { slot: first.slot }, node, error);
  }

  /** The redirect/retry loop; `failedOn`/`firstError` carry the outcome of a fast-path attempt, if there was one. */
  private async retry(
    first: Command,
    target: ExecuteTarget,
    failedOn: ClusterNode | undefined,
    firstError: unknown,
  ): Promise<unknown> {
    if (this.topology.table === undefined) await this.topology.refresh();
    const { slot } = target;
    const readOnly = (first.flags & CommandFlags.ReadOnly) !== 0;
    const deadline = Date.now() + this.options.commandDeadlineMs;
    const causes: Error[] = [];
    let command = first;
    let askingNode: ClusterNode | undefined;
    let redirections = 0;
    let retries = 0;
    let uncovered = 0;
    let carried = failedOn !== undefined;
    for (;;) {
      let node: ClusterNode | undefined;
      let error: unknown;
      if (carried) {
        carried = false;
        node = failedOn;
        error = firstError;
      } else {
        node = askingNode ?? this.nodeForSlot(slot, readOnly);
        const asking = askingNode !== undefined;
        askingNode = undefined;
        if (node === undefined) {
          error = new SlotNotCoveredError(`${command.name}: slot ${slot} is not served by any node`);
        } else {
          try {
            return await this.sendTo(node, command, asking, target);
          } catch (err) {
            error = err;
          }
        }
      }
      if (!(error instanceof Error)) throw error;
      causes.push(error);
      command = cloneCommand(command);
      if (error instanceof MovedError) {
        if (++redirections > this.options.maxRedirections) throw this.exhausted(command, causes, 'redirections');
        const targetNode = await this.redirectTarget(error, node!);
        if (error instanceof AskError) {
          askingNode = targetNode;
        } else if (targetNode !== undefined) {
          this.topology.table?.patchSlot(slot, targetNode.host, targetNode.port);
          this.topology.refreshSoon();
        }
        continue;
      }
      if (!this.isRetryable(error)) throw error;
      // A slot that stays unowned after fresh maps is a hole in the cluster, not a moment of change: say so now.
      if (error instanceof SlotNotCoveredError && ++uncovered > MAX_UNCOVERED_RETRIES) throw error;
      if (++retries > MAX_RETRIES || Date.now() + backoff(retries) > deadline) {
        throw this.exhausted(command, causes, 'retries');
      }
      if (!(error instanceof TryAgainError || error instanceof BusyLoadingError)) {
        // The map is probably stale (failover, demoted master, lost node): look again before retrying.
        await this.topology.refreshIfOlderThan(200).catch(() => {});
      }
      await sleep(backoff(retries));
    }
  }

  /** Errors that say "not here, not now" rather than "no": the command never ran and may be sent again. */
  private isRetryable(error: Error): boolean {
    if (error instanceof ClientClosedError) return false;
    if (error instanceof ConnectionError) return !error.outcomeUnknown;
    return (
      error instanceof TryAgainError ||
      error instanceof ClusterDownError ||
      error instanceof MasterDownError ||
      error instanceof BusyLoadingError ||
      error instanceof ReadOnlyError ||
      error instanceof SlotNotCoveredError
    );
  }

  private exhausted(command: Command, causes: Error[], what: string): TooManyRedirectionsError {
    const last = causes[causes.length - 1];
    return new TooManyRedirectionsError(
      `${command.name}: gave up after ${causes.length} attempts (${what} exhausted); last error: ${last.message}`,
      causes,
    );
  }
}
