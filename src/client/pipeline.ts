/**
 * Pipelines, with redis-py's semantics: commands queue on the client side and `execute()` sends them together —
 * inside MULTI/EXEC on a connection of their own by default (`transaction: true`), or as a plain batch over the shared
 * connection. `watch(...keys)` takes an exclusive connection and WATCHes: until `multi()`, each command then runs at
 * once on that connection and resolves to its reply (read what the transaction depends on); after `multi()` commands
 * queue again, and `execute()` runs them in MULTI/EXEC there — rejecting with WatchError when a watched key changed,
 * even when nothing was queued. A lost connection can never replay half a transaction.
 */

import type { CommandMethods, PipelineMethods, ReplyKind } from '../commands/methods.js';
import type { AnyCommandSpec, KeyArg } from '../commands/types.js';
import { abortable, throwIfAborted } from '../connection/abort.js';
import { Command, CommandFlags } from '../connection/command.js';
import type { Connection } from '../connection/connection.js';
import { commandTracing, type TraceEndpoint, traceBatch } from '../connection/tracing.js';
import { ConnectionError, DataError, RedisError, ResponseError, replyText, WatchError } from '../errors.js';
import { checkOptions, optionKeys } from '../option-keys.js';
import { refuseQueuedSignal, watchAll } from './call-options.js';
import { buildCommand, buildRawCommand, installCommandMethods } from './runner.js';
import { runTransaction } from './transaction.js';

export { runTransaction } from './transaction.js';

/** Where a pipeline's commands go; implemented by StrictRedis (and the cluster client for its own pipelines). */
export interface PipelineHost {
  readonly wantsBuffers: boolean;
  /** {@link CommandFlags} every command of the host carries (integer replies as bigints). */
  readonly replyFlags: number;
  /** Where the host's commands go, for traces. */
  readonly traceEndpoint?: TraceEndpoint;
  /** Sends a batch over the shared connection (all in one tick, so in one write). */
  sendBatch(commands: Command[]): Promise<unknown>[];
  /** Runs `fn` on an exclusive connection; `fn` sends no WATCH (MULTI…EXEC only), so no UNWATCH follows. */
  withExclusive<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;
  /** Lends an exclusive connection until {@link releaseExclusive} (for `watch()`). */
  acquireExclusive(): Promise<Connection>;
  /** Gives back a connection from {@link acquireExclusive}, after UNWATCH (a dead one is destroyed). */
  releaseExclusive(connection: Connection): Promise<void>;
}

/** Options of `pipeline()`. */
export interface PipelineOptions {
  /** Wrap the commands in MULTI/EXEC (default true, as in redis-py). */
  transaction?: boolean;
  /** Accepted for redis-py compatibility; has no effect. */
  shard_hint?: string;
}

export const PIPELINE_OPTIONS = optionKeys<PipelineOptions>({ transaction: true, shard_hint: true });

/** Options of `execute()`. */
export interface ExecuteOptions {
  /** Reject with the first error once every reply is in (default true); false puts errors in the result array. */
  raise_on_error?: boolean;
  raiseOnError?: boolean;
  /**
   * Cancels the pipeline: before anything is written nothing is sent; after, `execute()` rejects at once with an
   * AbortError whose `outcomeUnknown` is true (a transaction that was sent runs or not as a whole).
   */
  signal?: AbortSignal;
}

export const EXECUTE_OPTIONS = optionKeys<ExecuteOptions>({ raise_on_error: true, raiseOnError: true, signal: true });

/**
 * What `execute()` resolves to for a pipeline whose queued replies have the types `R`: that tuple, each element
 * possibly an `Error` with `raise_on_error: false`. A pipeline whose type records no command (commands queued in
 * statements of their own rather than in one chain) resolves to `unknown[]`.
 */
export type PipelineResults<R extends unknown[], O = ExecuteOptions> = R extends []
  ? unknown[]
  : O extends { raise_on_error: false } | { raiseOnError: false }
    ? { [P in keyof R]: R[P] | Error }
    : R;

/** Pipeline methods: each queues its command and returns the pipeline, its type extended by the command's reply. */
export interface PipelineKind<V, I, R extends unknown[]> extends ReplyKind {
  readonly result: Pipeline<V, I, [...R, this['reply']]>;
}

/**
 * A pipeline while it WATCHes keys, before `multi()`: every command runs at once on the watching connection and
 * resolves to its reply. `multi()` turns it back into a queuing pipeline (the same object).
 */
export type WatchingPipeline<V = string | Buffer, I = number | bigint> = CommandMethods<V, I> & {
  /** True while keys are watched. */
  readonly watching: boolean;
  /** Starts the transaction: from now on commands queue, and `execute()` runs them in MULTI/EXEC. */
  multi(): Pipeline<V, I>;
  /** WATCHes more keys. */
  watch(...names: Array<KeyArg | readonly KeyArg[]>): Promise<WatchingPipeline<V, I>>;
  /** Forgets the watched keys (UNWATCH); the pipeline then queues as before. */
  unwatch(): Promise<true>;
  /** Sends any command at once on the watching connection. */
  execute_command(...args: unknown[]): Promise<unknown>;
  /** Runs MULTI/EXEC (nothing queued): rejects with WatchError when a watched key changed. */
  execute(options?: ExecuteOptions): Promise<unknown[]>;
  /** Forgets the watched keys and gives the connection back. */
  reset(): Promise<void>;
};

/**
 * Queued commands sent together by `execute()`: in MULTI/EXEC by default (`transaction: true`), or as a plain batch.
 * `V` and `I` are the client's string and integer types; `R` the types of the replies queued so far, in a chain:
 * `r.pipeline().set('a', '1').get('a').execute()` resolves to `[boolean, string | null]`.
 */
export class Pipeline<V = string | Buffer, I = number | bigint, R extends unknown[] = []> {
  private queued: Command[] = [];
  private readonly transaction: boolean;
  /** The connection WATCH ran on (from the host, or the one the pipeline was bound to). */
  private connection: Connection | undefined;
  private isWatching = false;
  /** `multi()` was called: commands queue even while watching, and execute() runs MULTI/EXEC. */
  private explicitMulti = false;
  /** Registered scripts queued by SHA1 (EVALSHA): loaded where missing before the pipeline is sent, as redis-py does. */
  private scripts = new Map<string, string | Buffer>();

  constructor(
    private readonly host: PipelineHost,
    options: PipelineOptions = {},
    /** A connection the pipeline must use and never give back (a cluster transaction's slot owner). */
    private readonly boundConnection?: Connection,
  ) {
    checkOptions('pipeline', options, PIPELINE_OPTIONS);
    this.transaction = options.transaction ?? true;
  }

  /** Number of queued commands. */
  get length(): number {
    return this.queued.length;
  }

  /** True while keys are watched (after `watch()`, until `execute()`, `unwatch()` or `reset()`). */
  get watching(): boolean {
    return this.isWatching;
  }

  /** @internal Queues a declared command, or runs it at once while watching. */
  runSpec(spec: AnyCommandSpec, args: unknown[]): unknown {
    const command = buildCommand(spec, args, this.host.wantsBuffers, this.host.replyFlags);
    if (this.isWatching && !this.explicitMulti) return this.runNow(command);
    refuseQueuedSignal(command);
    this.queued.push(command);
    return this;
  }

  /** Queues any command by its raw arguments (runs it at once while watching, before `multi()`); its reply is `unknown`. */
  execute_command(...args: unknown[]): Pipeline<V, I, [...R, unknown]> {
    const command = buildRawCommand(args, this.host.wantsBuffers, this.host.replyFlags);
    if (this.isWatching && !this.explicitMulti)
      return this.runNow(command) as unknown as Pipeline<V, I, [...R, unknown]>;
    refuseQueuedSignal(command);
    this.queued.push(command);
    return this as unknown as Pipeline<V, I, [...R, unknown]>;
  }

  /** Alias of {@link execute_command}. */
  sendCommand(...args: unknown[]): Pipeline<V, I, [...R, unknown]> {
    return this.execute_command(...args);
  }

  /**
   * redis-py's `pipe.watch(*names)`: WATCHes the keys on an exclusive connection; until `multi()`, commands run at
   * once there. Resolves to this pipeline, typed for those immediate calls.
   */
  async watch(...names: Array<KeyArg | readonly KeyArg[]>): Promise<WatchingPipeline<V, I>> {
    if (this.explicitMulti) throw new DataError('WATCH after MULTI: watch the keys before calling multi()');
    if (this.queued.length > 0) throw new DataError('WATCH after queued commands: watch the keys first');
    const keys = names.flat() as KeyArg[];
    if (keys.length === 0) throw new DataError('WATCH needs at least one key');
    const watch = buildRawCommand(['WATCH', ...keys], false, CommandFlags.NoRetry);
    if (this.connection === undefined) this.connection = this.boundConnection ?? (await this.host.acquireExclusive());
    try {
      await this.connection.send(watch);
    } catch (err) {
      await this.reset();
      throw err instanceof ConnectionError ? watchLost(err) : err;
    }
    this.isWatching = true;
    return this as unknown as WatchingPipeline<V, I>;
  }

  /** redis-py's `pipe.unwatch()`: forgets the watched keys. */
  async unwatch(): Promise<true> {
    if (this.isWatching && this.connection !== undefined) {
      this.isWatching = false;
      await this.connection.send(buildRawCommand(['UNWATCH'], false));
    }
    return true;
  }

  /**
   * redis-py's `pipe.multi()`: starts the transaction after `watch()` (or on a pipeline made with
   * `transaction: false`). Commands queued before it would not be part of it, so they are refused.
   */
  multi(): Pipeline<V, I> {
    if (this.explicitMulti) throw new DataError('multi() was already called: MULTI calls cannot be nested');
    if (this.queued.length > 0) {
      throw new DataError('multi(): commands were already queued without WATCH; call multi() before queueing');
    }
    this.explicitMulti = true;
    return this as unknown as Pipeline<V, I>;
  }

  /** Drops every queued command; while watching, forgets the watched keys and gives the connection back. */
  async reset(): Promise<void> {
    this.queued = [];
    this.scripts.clear();
    this.explicitMulti = false;
    const connection = this.connection;
    this.connection = undefined;
    const watching = this.isWatching;
    this.isWatching = false;
    if (connection === undefined) return;
    if (connection === this.boundConnection) {
      if (watching) await connection.send(buildRawCommand(['UNWATCH'], false)).catch(() => {});
      return;
    }
    // release() sends UNWATCH (or destroys a connection that cannot take it).
    await this.host.releaseExclusive(connection);
  }

  /** redis-py's `pipe.discard()`: drops the queued commands (DISCARD); watched keys stay watched. */
  discard(): void {
    this.queued = [];
    this.scripts.clear();
  }

  /**
   * @internal A registered script called with this pipeline as its client: EVALSHA queued, the script loaded at
   * execute() where missing. Undefined while commands run at once (watching, before `multi()`): the script then runs
   * as it does on a client.
   */
  queueScript(sha: string, script: string | Buffer, evalsha: () => unknown): unknown {
    if (this.isWatching && !this.explicitMulti) return undefined;
    this.scripts.set(sha, script);
    return evalsha();
  }

  /** redis-py's `load_scripts()`: SCRIPT EXISTS for the queued scripts, SCRIPT LOAD for those the server lacks. */
  private async loadScripts(): Promise<void> {
    const scripts = [...this.scripts];
    this.scripts.clear();
    const send = (args: Array<string | Buffer>) => {
      const command = new Command(args, false, undefined, CommandFlags.None);
      const connection = this.connection ?? this.boundConnection;
      return connection !== undefined ? connection.send(command) : this.host.sendBatch([command])[0];
    };
    const exists = (await send(['SCRIPT', 'EXISTS', ...scripts.map(([sha]) => sha)])) as number[];
    await Promise.all(scripts.filter((_, i) => exists[i] !== 1).map(([, script]) => send(['SCRIPT', 'LOAD', script])));
  }

  /**
   * Sends the queued commands and resolves with their results, in order; the pipeline is then empty again. Rejects
   * with the first error once every reply is in, unless `raise_on_error: false` puts the errors in the results.
   */
  async execute<const O extends ExecuteOptions = ExecuteOptions>(options?: O): Promise<PipelineResults<R, O>> {
    checkOptions('execute', options ?? {}, EXECUTE_OPTIONS);
    const raise = options?.raise_on_error ?? options?.raiseOnError ?? true;
    const signal = options?.signal;
    const commands = this.queued;
    this.queued = [];
    const multi = this.transaction || this.explicitMulti;
    try {
      if (commands.length === 0 && !this.isWatching) return [] as unknown[] as PipelineResults<R, O>;
      throwIfAborted(signal, multi ? 'MULTI' : 'pipeline');
      // Untraced (the usual case): no closure for the tracer to call.
      if (!commandTracing())
        return raiseFirstError(await this.run(commands, multi, signal), raise, commands) as PipelineResults<R, O>;
      const run = async () => raiseFirstError(await this.run(commands, multi, signal), raise, commands);
      const at = this.host.traceEndpoint ?? { host: undefined, port: undefined, db: 0 };
      return (await traceBatch(commands, multi ? 'MULTI' : 'PIPELINE', at, run)) as PipelineResults<R, O>;
    } finally {
      // EXEC forgot the watched keys; reset() gives the connection back.
      if (this.isWatching && multi) this.isWatching = false;
      // Aborted, the caller does not wait for the connection's last replies (UNWATCH queues behind them).
      if (signal?.aborted === true) this.reset().catch(() => {});
      else await this.reset();
    }
  }

  /** Loads the scripts, then runs the batch; an abort rejects at once (what was sent completes unseen). */
  private async run(commands: Command[], multi: boolean, signal: AbortSignal | undefined): Promise<unknown[]> {
    // A plain pipeline without a signal or scripts: nothing to wait for or abort before sending.
    if (!multi && signal === undefined && this.scripts.size === 0) return this.runPlain(commands);
    let sent = false;
    const work = (async () => {
      if (this.scripts.size > 0) await this.loadScripts();
      throwIfAborted(signal, multi ? 'MULTI' : 'pipeline');
      if (multi) {
        return this.runInMulti(commands, () => {
          throwIfAborted(signal, 'MULTI');
          sent = true;
        });
      }
      if (signal !== undefined) watchAll(commands, signal);
      sent = true;
      return this.runPlain(commands);
    })();
    return abortable(work, signal, multi ? 'MULTI' : 'pipeline', () =>
      multi ? sent : commands.some((c) => c.written),
    );
  }

  /** Alias of {@link execute}. */
  exec<const O extends ExecuteOptions = ExecuteOptions>(options?: O): Promise<PipelineResults<R, O>> {
    return this.execute(options);
  }

  /** MULTI/EXEC on an exclusive connection; `beforeSend` runs once the connection is there (it may throw). */
  private async runInMulti(commands: Command[], beforeSend: () => void): Promise<unknown[]> {
    const connection = this.connection ?? this.boundConnection;
    const buffers = this.host.wantsBuffers;
    if (connection === undefined) {
      return this.host.withExclusive((c) => {
        beforeSend();
        return runTransaction(c, commands, buffers);
      });
    }
    try {
      beforeSend();
      return await runTransaction(connection, commands, buffers);
    } catch (err) {
      // The watch died with the connection: as in redis-py, that is a WatchError (run the transaction again).
      if (this.isWatching && err instanceof ConnectionError && !err.outcomeUnknown) throw watchLost(err);
      throw err;
    }
  }

  private async runPlain(commands: Command[]): Promise<unknown[]> {
    const connection = this.connection ?? this.boundConnection;
    const promises = connection !== undefined ? commands.map((c) => connection.send(c)) : this.host.sendBatch(commands);
    return settleAll(promises);
  }

  /** A command while watching: sent at once on the watching connection. */
  private async runNow(command: Command): Promise<unknown> {
    const connection = this.connection;
    if (connection === undefined) throw new RedisError('the pipeline lost its watching connection');
    try {
      return await connection.send(command);
    } catch (err) {
      // A connection lost while watching drops the watch: a read can be retried by running the transaction
      // again (WatchError), a write whose outcome is unknown must say so.
      if (err instanceof ConnectionError && (!err.outcomeUnknown || command.resendable)) {
        await this.reset();
        throw watchLost(err);
      }
      throw err;
    }
  }
}

function watchLost(cause: Error): WatchError {
  const error = new WatchError('the connection was lost while watching keys: run the transaction again');
  error.cause = cause;
  return error;
}

/** Every promise's value or rejection reason, in order, once all have settled. */
export async function settleAll(promises: readonly Promise<unknown>[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason));
}

/**
 * redis-py's `raise_on_error`: once every reply is in, reject with the first error (or return them all in place).
 * The error raised says which command of the pipeline it was (`command #3 (LPUSH) of the pipeline: …`) — the name
 * only: arguments can hold values that must not reach logs.
 */
export function raiseFirstError(results: unknown[], raise: boolean, commands?: readonly Command[]): unknown[] {
  if (raise) {
    const index = results.findIndex((r) => r instanceof Error);
    if (index >= 0) {
      const error = results[index] as Error;
      const name = commands?.[index]?.name;
      if (name !== undefined && !error.message.startsWith('command #')) {
        error.message = `command #${index + 1} (${name}) of the pipeline: ${replyText(error)}`;
        if (error instanceof ResponseError && error.command === undefined) error.command = name;
      }
      throw error;
    }
  }
  return results;
}

// Every command method, queuing rather than sending.
installCommandMethods(Pipeline.prototype);

export interface Pipeline<V = string | Buffer, I = number | bigint, R extends unknown[] = []>
  extends PipelineMethods<V, I, PipelineKind<V, I, R>> {}
