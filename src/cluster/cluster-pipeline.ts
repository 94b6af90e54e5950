/**
 * Cluster pipelines. Without a transaction every queued command is routed on its own, all in the same tick: each
 * node's connection writes its share in one batch, the nodes work in parallel, and every command follows its own
 * redirections. With a transaction all keys must share one slot; MULTI/EXEC runs on the owner's exclusive connection
 * and is retried as a whole when a redirection made the server discard it (nothing ran).
 */
import { refuseQueuedSignal, watchAll } from '../client/call-options.js';
import {
  EXECUTE_OPTIONS,
  type ExecuteOptions,
  type PipelineResults,
  raiseFirstError,
  runTransaction,
  settleAll,
} from '../client/pipeline.js';
import { buildCommand, buildRawCommand, specForArgs } from '../client/runner.js';
import type { PipelineMethods, ReplyKind } from '../commands/methods.js';
import type { AnyCommandSpec } from '../commands/types.js';
import { abortable, throwIfAborted } from '../connection/abort.js';
import { type Command, CommandFlags } from '../connection/command.js';
import { commandTracing, traceBatch } from '../connection/tracing.js';
import {
  AskError,
  ClientClosedError,
  CrossSlotError,
  ExecAbortError,
  MovedError,
  TooManyRedirectionsError,
  TryAgainError,
} from '../errors.js';
import { checkOptions } from '../option-keys.js';
import type { ClusterNode } from './cluster-nodes.js';
import { type ClusterExecutor, sendAsking } from './executor.js';
import { commandSlot } from './routing.js';
import type { TopologyManager } from './topology-manager.js';

/** Options of the cluster's `pipeline()`. */
export interface ClusterPipelineOptions {
  /** Wrap the commands in MULTI/EXEC; all keys must then hash to one slot (default false in a cluster). */
  transaction?: boolean;
}

/** What a cluster pipeline needs from its client. */
export interface ClusterPipelineHost {
  readonly wantsBuffers: boolean;
  readonly replyFlags: number;
  /** True once the client was closed: queued commands then fail as the client's own calls would. */
  readonly isClosed: boolean;
  runSpec(spec: AnyCommandSpec, args: unknown[]): Promise<unknown>;
  execute_command(...args: unknown[]): Promise<unknown>;
  readonly executor: ClusterExecutor;
  readonly topology: TopologyManager;
}

/** Attempts of one cluster transaction (redirections, TRYAGAIN waits, refreshes) before giving up. */
const MAX_TRANSACTION_ATTEMPTS = 10;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A queued command, built (and so validated) when it was queued; it is sent as built. `slot` is its keys' one slot
 * (-1: keyless, split by slot, blocking or raw: the client routes it), found when queued so that keys across slots
 * fail at the call that queued them.
 */
type Queued = { spec: AnyCommandSpec | undefined; args: unknown[]; command: Command; slot: number };

/** Cluster pipeline methods: each queues its command and returns the pipeline, its type extended by the reply. */
export interface ClusterPipelineKind<V, I, R extends unknown[]> extends ReplyKind {
  readonly result: ClusterPipeline<V, I, [...R, this['reply']]>;
}

/**
 * A cluster pipeline (see the module comment): commands routed one by one, or one single-slot MULTI/EXEC. `R` are the
 * types of the replies queued so far in a chain, as for {@link Pipeline}.
 */
export class ClusterPipeline<V = string | Buffer, I = number | bigint, R extends unknown[] = []> {
  private queued: Queued[] = [];
  private readonly transaction: boolean;

  constructor(
    private readonly host: ClusterPipelineHost,
    options: ClusterPipelineOptions = {},
  ) {
    this.transaction = options.transaction ?? false;
  }

  /** Number of queued commands. */
  get length(): number {
    return this.queued.length;
  }

  /** @internal Queues a declared command. */
  runSpec(spec: AnyCommandSpec, args: unknown[]): this {
    // Build now so that bad arguments (and keys across slots, CrossSlotError) throw at the call that queued them.
    const command = buildCommand(spec, args, this.host.wantsBuffers, this.host.replyFlags);
    refuseQueuedSignal(command);
    const splits = spec.split !== undefined && command.args.length > 1 + spec.split.stride;
    const slot = splits ? -1 : commandSlot(spec.keys, command.args, spec.slotArg);
    this.queued.push({ spec, args, command, slot });
    return this;
  }

  /** Queues any command by its raw arguments, routed by its keys; its reply is `unknown`. */
  execute_command(...args: unknown[]): ClusterPipeline<V, I, [...R, unknown]> {
    const command = buildRawCommand(args, this.host.wantsBuffers, this.host.replyFlags);
    refuseQueuedSignal(command);
    this.queued.push({ spec: undefined, args, command, slot: -1 });
    return this as unknown as ClusterPipeline<V, I, [...R, unknown]>;
  }

  /** Alias of {@link execute_command}. */
  sendCommand(...args: unknown[]): ClusterPipeline<V, I, [...R, unknown]> {
    return this.execute_command(...args);
  }

  /** Drops every queued command. */
  reset(): void {
    this.queued = [];
  }

  /**
   * Sends the queued commands and resolves with their results, in order; the pipeline is then empty again. Rejects
   * with the first error once every reply is in, unless `raise_on_error: false` puts the errors in the results.
   */
  async execute<const O extends ExecuteOptions = ExecuteOptions>(options?: O): Promise<PipelineResults<R, O>> {
    checkOptions('execute', options ?? {}, EXECUTE_OPTIONS);
    const raise = options?.raise_on_error ?? options?.raiseOnError ?? true;
    const signal = options?.signal;
    const queued = this.queued;
    this.queued = [];
    if (queued.length === 0) return [] as unknown[] as PipelineResults<R, O>;
    if (this.host.isClosed) throw new ClientClosedError('the cluster client is closed');
    const kind = this.transaction ? 'MULTI' : 'PIPELINE';
    throwIfAborted(signal, kind);
    const commands = queued.map((q) => q.command);
    let sent = false;
    const run = async () => {
      const work = this.transaction
        ? this.runTransaction(queued, () => {
            throwIfAborted(signal, kind);
            sent = true;
          })
        : this.runEach(queued, signal);
      const results = await abortable(work, signal, kind, () => sent || commands.some((c) => c.written));
      return raiseFirstError(results, raise, commands) as PipelineResults<R, O>;
    };
    if (!commandTracing()) return run();
    const traced = traceBatch(commands, kind, { host: undefined, port: undefined, db: 0 }, (context) => {
      for (const { spec, command } of queued) {
        const slot = safeSlot(spec, command);
        const node =
          slot < 0
            ? undefined
            : this.host.executor.nodeForSlot(
                slot,
                this.transaction ? false : (command.flags & CommandFlags.ReadOnly) !== 0,
              );
        if (node !== undefined) context.sentTo(node.host, node.port);
      }
      if (context.nodes.length > 1) context.serverAddress = context.serverPort = undefined;
      return run();
    });
    return traced as Promise<PipelineResults<R, O>>;
  }

  /** Alias of {@link execute}. */
  exec<const O extends ExecuteOptions = ExecuteOptions>(options?: O): Promise<PipelineResults<R, O>> {
    return this.execute(options);
  }

  private async runEach(queued: Queued[], signal: AbortSignal | undefined): Promise<unknown[]> {
    if (signal !== undefined)
      watchAll(
        queued.map((q) => q.command),
        signal,
      );
    const promises = queued.map((entry) => this.runOne(entry));
    return settleAll(promises);
  }

  /**
   * One command of a non-transactional pipeline. The common case — a declared, non-blocking command with keys in one
   * slot — sends the command built at queue time straight to its slot's node; the rest (split, keyless, blocking, raw
   * commands) go through the client as a call of their own would.
   */
  private runOne({ spec, args, command, slot }: Queued): Promise<unknown> {
    if (spec === undefined) return this.host.execute_command(...args);
    if ((command.flags & CommandFlags.Local) !== 0) return command.promise;
    if (slot >= 0 && !this.host.isClosed && (spec.flags & CommandFlags.Blocking) === 0) {
      return this.host.executor.executeAt(command, slot);
    }
    return this.host.runSpec(spec, args);
  }

  private async runTransaction(queued: Queued[], beforeSend: () => void): Promise<unknown[]> {
    const commands: Command[] = [];
    let slot = -1;
    for (const { spec, args, command } of queued) {
      commands.push(command);
      const declared = spec ?? specForArgs(args);
      const own = commandSlot(declared?.keys, command.args, declared?.slotArg);
      if (own < 0) continue;
      if (slot >= 0 && own !== slot) {
        throw new CrossSlotError('a cluster transaction needs all its keys in one slot; use hash tags ({…})');
      }
      slot = own;
    }
    if (slot < 0) slot = 0;
    const causes: Error[] = [];
    let askTarget: ClusterNode | undefined;
    for (let attempt = 0; attempt < MAX_TRANSACTION_ATTEMPTS; attempt++) {
      const node = askTarget ?? this.host.executor.nodeForSlot(slot, false);
      const asking = askTarget !== undefined;
      askTarget = undefined;
      if (node !== undefined) {
        try {
          return await node.pool.use((connection) => {
            // ASKING lasts through MULTI…EXEC on that connection, so the whole block runs on the importing node.
            beforeSend();
            if (asking) sendAsking(connection);
            return runTransaction(connection, commands, this.host.wantsBuffers);
          }, false);
        } catch (err) {
          // A redirection refused the block as a whole (EXECABORT when a queued command was refused, or the
          // reply to EXEC itself): the server ran nothing, so it is safe to send it again where it belongs.
          const redirect = err instanceof ExecAbortError ? err.cause : err;
          if (!(redirect instanceof MovedError || redirect instanceof TryAgainError)) throw err;
          causes.push(err as Error);
          if (redirect instanceof AskError) {
            askTarget = await this.host.executor.redirectTarget(redirect, node);
            continue;
          }
          if (redirect instanceof TryAgainError) {
            // Keys of this block are split between the two nodes of a migrating slot: wait for the move.
            await sleep(Math.min(500, 25 * 2 ** attempt));
            continue;
          }
          // MOVED: go where it points, as a single command does — the map of whichever node answers a refresh may
          // not know of the move yet.
          const owner = await this.host.executor.redirectTarget(redirect, node);
          if (owner !== undefined && owner !== node) {
            this.host.topology.table?.patchSlot(slot, owner.host, owner.port);
            this.host.topology.refreshSoon();
            continue;
          }
        }
      }
      await this.host.topology.refresh();
    }
    throw new TooManyRedirectionsError('cluster transaction: the slot kept moving', causes);
  }
}

/** The slot of a queued command's keys, or -1 (none, or several). */
function safeSlot(spec: AnyCommandSpec | undefined, command: Command): number {
  try {
    return commandSlot(spec?.keys, command.args, spec?.slotArg);
  } catch {
    return -1;
  }
}

// The command methods are installed by the cluster client, the only maker of cluster pipelines (see withClusterMethods).
export interface ClusterPipeline<V = string | Buffer, I = number | bigint, R extends unknown[] = []>
  extends PipelineMethods<V, I, ClusterPipelineKind<V, I, R>> {}
