/**
 * Sends one command to the owner of its slot and follows the cluster wherever it points: MOVED (patch the slot,
 * refresh in the background, resend), ASK (ASKING + the command on the target, once, map untouched), TRYAGAIN,
 * CLUSTERDOWN, LOADING, READONLY and lost connections (bounded retries with backoff and a refresh). Redirections are
 * capped, and so is the total time; when either runs out the error carries every cause.
 *
 * A command that was written before its connection died is resent only when it is read-only or sets an absolute state;
 * otherwise its caller gets the ConnectionError with `outcomeUnknown: true` (the connection layer decides that).
 */

import type { SendObserver } from '../client/cache/client-cache.js';
import { sendBlocking } from '../client/strict-redis.js';
import { abortable, abortError } from '../connection/abort.js';
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
  ResponseError,
  SlotNotCoveredError,
  TimeoutError,
  TooManyRedirectionsError,
  TryAgainError,
} from '../errors.js';
import { applyNatMap } from './address-map.js';
import type { ClusterNode } from './cluster-nodes.js';
import type { NormalizedClusterOptions } from './cluster-options.js';
import type { SlotTable } from './slot-table.js';
import type { ClusterNodeDescriptor } from './topology.js';
import type { TopologyManager } from './topology-manager.js';
import { reportRedirection, reportRetry } from './trace-events.js';

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

/** What is left of one command's time: its own timeout (`end`, 0: none) and the cluster's retry limit. */
export class Budget {
  constructor(
    /** Absolute time (ms) by which the command must settle; 0 when it has no timeout. */
    readonly end: number,
    /** Absolute time after which no further retry starts (`cluster_command_timeout`). */
    readonly retryEnd: number,
    /** The caller's AbortSignal: every wait of the retry loop ends when it fires. */
    readonly signal?: AbortSignal,
  ) {}

  /** Set once an attempt may have run (written, then its connection failed): an abort leaves the outcome unknown. */
  written = false;

  /** Milliseconds left for the next attempt: 0 for no limit, negative once spent. */
  remaining(): number {
    if (this.end === 0) return 0;
    const left = this.end - Date.now();
    return left > 0 ? left : -1;
  }

  /** The TimeoutError of a command whose budget ran out; `cause` is the last thing that went wrong. */
  expired(command: Command, causes: readonly Error[], written: boolean): TimeoutError {
    const last = causes[causes.length - 1];
    const error = new TimeoutError(
      `${command.name} timed out after ${causes.length} attempt${causes.length === 1 ? '' : 's'}` +
        (last === undefined ? '' : `; last error: ${last.message}`),
      written,
    );
    if (last !== undefined) error.cause = last;
    return error;
  }
}

/**
 * Waits for `promise` no longer than the budget allows (the work goes on in the background: a topology refresh is
 * shared); rejects with a TimeoutError naming `what` when the budget runs out first.
 */
export function within<T>(promise: Promise<T>, budget: Budget | undefined, what = 'waiting'): Promise<T> {
  if (budget?.signal !== undefined) promise = abortable(promise, budget.signal, what, () => budget.written);
  if (budget === undefined || budget.end === 0) return promise;
  const left = budget.end - Date.now();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`${what} timed out`, false)), Math.max(0, left));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
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
  /** Commands in the retry loop (not yet settled): close() lets them finish. */
  private retrying = 0;
  private settledWaiters: Array<() => void> = [];

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

  /** One attempt, given what is left of the command's budget (`timeoutMs`, 0: none). */
  private sendTo(node: ClusterNode, command: Command, asking: boolean, blocking: boolean, timeoutMs: number) {
    if (blocking) {
      return node.pool.use((connection) => {
        if (asking) sendAsking(connection);
        return sendBlocking(connection, command, timeoutMs);
      }, false);
    }
    const connection = node.connection;
    if (asking) sendAsking(connection);
    return connection.send(command, timeoutMs);
  }

  /**
   * The member node for a redirect target, after the NAT map; refreshes once when the address is unknown. An ASK
   * target the map does not list yet (a master that serves no slot yet, absent from CLUSTER SLOTS) is taken once the
   * node that sent the ASK confirms it as a member of the cluster (CLUSTER NODES): ASKING must reach it.
   * @internal
   */
  async redirectTarget(err: MovedError, from: ClusterNode, budget?: Budget): Promise<ClusterNode | undefined> {
    const mapped = applyNatMap(this.options.natMap, err.host === '' ? from.host : err.host, err.port);
    let node = this.topology.member(mapped.host, mapped.port);
    if (node === undefined) {
      // Only topology members are ever connected to: an unknown address must show up in a fresh map first.
      await within(this.topology.refresh(), budget).catch(() => {});
      node = this.topology.member(mapped.host, mapped.port);
    }
    if (node === undefined && err instanceof AskError) {
      node = await within(this.topology.confirmMember(mapped.host, mapped.port, from), budget).catch(() => undefined);
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

  /**
   * {@link executeAt} for a read a client-side cache keeps: `observer` learns the connection the command is written on
   * when it goes straight to its node; one that has to wait for a map first is not observed (nor kept).
   */
  executeObserved(first: Command, slot: number, observer: SendObserver): Promise<unknown> {
    first.slot = slot;
    if (this.topology.table !== undefined) {
      const route = this.routeForSlot(slot, (first.flags & CommandFlags.ReadOnly) !== 0);
      if (route !== undefined) {
        first.failureHandler = route.handler;
        const connection = route.node.connection;
        observer.sentOn(connection);
        return connection.send(first);
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

  /**
   * The redirect/retry loop; `failedOn`/`firstError` carry the outcome of a fast-path attempt, if there was one.
   *
   * One budget covers everything done for the command: the caller's timeout (socket_timeout, or a blocking command's
   * own) counts from the first send, and every resend, redirection, backoff and topology refresh spends what is left
   * of it — a retry never starts a fresh timeout. `cluster_command_timeout` bounds the retrying on top of that.
   */
  private async retry(
    first: Command,
    target: ExecuteTarget,
    failedOn: ClusterNode | undefined,
    firstError: unknown,
  ): Promise<unknown> {
    this.retrying++;
    try {
      return await this.retryLoop(first, target, failedOn, firstError);
    } finally {
      if (--this.retrying === 0) for (const wake of this.settledWaiters.splice(0)) wake();
    }
  }

  /** Resolves once no command is in the retry loop. */
  settled(): Promise<void> {
    if (this.retrying === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private async retryLoop(
    first: Command,
    target: ExecuteTarget,
    failedOn: ClusterNode | undefined,
    firstError: unknown,
  ): Promise<unknown> {
    const budget = this.budgetFor(first, target);
    const trace = first.call?.trace;
    if (this.topology.table === undefined) await within(this.topology.refresh(), budget, first.name);
    const { slot } = target;
    const blocking = target.blockingTimeoutMs !== undefined;
    const readOnly = (first.flags & CommandFlags.ReadOnly) !== 0;
    const causes: Error[] = [];
    let command = first;
    let askingNode: ClusterNode | undefined;
    let redirections = 0;
    let retries = 0;
    let uncovered = 0;
    let written = false;
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
          const timeoutMs = budget.remaining();
          if (timeoutMs < 0) throw budget.expired(command, causes, written);
          if (budget.signal?.aborted === true) throw abortError(command.name, budget.signal, budget.written);
          trace?.sentTo(node.host, node.port);
          try {
            const sent = this.sendTo(node, command, asking, blocking, timeoutMs);
            const attempt = command;
            return await (budget.signal === undefined
              ? sent
              : abortable(sent, budget.signal, command.name, () => budget.written || attempt.written));
          } catch (err) {
            error = err;
          }
        }
      }
      if (!(error instanceof Error)) throw error;
      causes.push(error);
      written ||= command.written;
      // An attempt the server refused (MOVED, TRYAGAIN…) did not run; one whose connection died may have.
      if (command.written && !(error instanceof ResponseError)) budget.written = true;
      command = cloneCommand(command);
      if (error instanceof MovedError) {
        if (++redirections > this.options.maxRedirections) throw this.exhausted(command, causes, 'redirections');
        trace?.redirected();
        const targetNode = await this.redirectTarget(error, node!, budget);
        reportRedirection(command.name, error, node!, targetNode);
        if (error instanceof AskError) {
          askingNode = targetNode;
        } else if (targetNode !== undefined && targetNode === node) {
          // MOVED to the very node that sent it (a stale or misrouted connection, a proxy in front): a new
          // connection, made once for all the commands it turned away, before trying again.
          node.replaceStaleConnection();
        } else if (targetNode !== undefined) {
          this.topology.table?.patchSlot(slot, targetNode.host, targetNode.port);
          this.topology.refreshSoon();
        }
        continue;
      }
      if (!this.isRetryable(error)) throw error;
      // A slot that stays unowned after fresh maps is a hole in the cluster, not a moment of change: say so now.
      if (error instanceof SlotNotCoveredError && ++uncovered > MAX_UNCOVERED_RETRIES) throw error;
      const wait = backoff(++retries);
      if (retries > MAX_RETRIES || Date.now() + wait > budget.retryEnd) {
        throw this.exhausted(command, causes, 'retries');
      }
      if (budget.end > 0 && Date.now() + wait >= budget.end) throw budget.expired(command, causes, written);
      reportRetry(command.name, error, node, retries, wait);
      if (!(error instanceof TryAgainError || error instanceof BusyLoadingError)) {
        // The map is probably stale (failover, demoted master, lost node): look again before retrying.
        await within(this.topology.refreshIfOlderThan(200), budget).catch(() => {});
      }
      await within(sleep(wait), budget, command.name);
    }
  }

  /** The budget of a command entering the retry loop (see {@link retry}). */
  private budgetFor(first: Command, target: ExecuteTarget): Budget {
    const now = Date.now();
    const own = target.blockingTimeoutMs ?? this.options.node.connection.commandTimeoutMs;
    // A command that was sent already carries the deadline its first send set; one that was not starts now.
    const end = own > 0 ? (first.deadline > 0 ? Math.min(first.deadline, now + own) : now + own) : 0;
    return new Budget(end, now + this.options.commandDeadlineMs, first.call?.signal);
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
