/**
 * Pipelines: commands queued on the client side and sent together. Without a transaction they go over the shared
 * connection in one write; with one (the default, as in redis-py) they are wrapped in MULTI/EXEC on a connection of
 * their own, so nothing else can interleave and a lost connection can never replay half a transaction.
 */

import type { PipelineMethods } from '../commands/methods.js';
import type { AnyCommandSpec } from '../commands/types.js';
import { Command, CommandFlags } from '../connection/command.js';
import type { Connection } from '../connection/connection.js';
import { DataError, ExecAbortError, RedisError, WatchError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';
import { buildCommand, buildRawCommand, installCommandMethods } from './runner.js';

/** Where a pipeline's commands go; implemented by StrictRedis (and the cluster client for its own pipelines). */
export interface PipelineHost {
  readonly wantsBuffers: boolean;
  /** {@link CommandFlags} every command of the host carries (integer replies as bigints). */
  readonly replyFlags: number;
  /** Sends a batch over the shared connection (all in one tick, so in one write). */
  sendBatch(commands: Command[]): Promise<unknown>[];
  /** Runs `fn` on an exclusive connection. */
  withExclusive<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;
}

/** Options of `pipeline()`. */
export interface PipelineOptions {
  /** Wrap the commands in MULTI/EXEC (default true, as in redis-py). */
  transaction?: boolean;
}

/** Options of `execute()`. */
export interface ExecuteOptions {
  /** Reject with the first error once every reply is in (default true); false puts errors in the result array. */
  raise_on_error?: boolean;
  raiseOnError?: boolean;
}

/** Queued commands sent together by `execute()`: in MULTI/EXEC by default (`transaction: true`), or as a plain batch. */
export class Pipeline {
  private queued: Command[] = [];
  private transaction: boolean;

  constructor(
    private readonly host: PipelineHost,
    options: PipelineOptions = {},
    /** Set when the pipeline belongs to a `transaction()` and must use that WATCHing connection. */
    private readonly boundConnection?: Connection,
  ) {
    this.transaction = options.transaction ?? true;
  }

  /** Number of queued commands. */
  get length(): number {
    return this.queued.length;
  }

  runSpec(spec: AnyCommandSpec, args: unknown[]): this {
    this.queued.push(buildCommand(spec, args, this.host.wantsBuffers, this.host.replyFlags));
    return this;
  }

  /** Queues any command by its raw arguments. */
  execute_command(...args: unknown[]): this {
    this.queued.push(buildRawCommand(args, this.host.wantsBuffers));
    return this;
  }

  sendCommand(...args: unknown[]): this {
    return this.execute_command(...args);
  }

  /** Starts the transaction explicitly (redis-py's `pipe.multi()`); the queued commands so far stay in it. */
  multi(): this {
    this.transaction = true;
    return this;
  }

  /** Drops every queued command. */
  reset(): void {
    this.queued = [];
  }

  /** Sends the queued commands and resolves with their results, in order. */
  async execute(options: ExecuteOptions = {}): Promise<unknown[]> {
    const raise = options.raise_on_error ?? options.raiseOnError ?? true;
    const commands = this.queued;
    this.queued = [];
    if (commands.length === 0) return [];
    const results = this.transaction
      ? this.boundConnection !== undefined
        ? await runTransaction(this.boundConnection, commands, this.host.wantsBuffers)
        : await this.host.withExclusive((connection) => runTransaction(connection, commands, this.host.wantsBuffers))
      : await this.runPlain(commands);
    return raiseFirstError(results, raise);
  }

  /** Alias of {@link execute}. */
  exec(options?: ExecuteOptions): Promise<unknown[]> {
    return this.execute(options);
  }

  private async runPlain(commands: Command[]): Promise<unknown[]> {
    const promises =
      this.boundConnection !== undefined
        ? commands.map((c) => this.boundConnection!.send(c))
        : this.host.sendBatch(commands);
    return settleAll(promises);
  }
}

/** Every promise's value or rejection reason, in order, once all have settled. */
export async function settleAll(promises: readonly Promise<unknown>[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason));
}

/** redis-py's `raise_on_error`: once every reply is in, reject with the first error (or return them all in place). */
export function raiseFirstError(results: unknown[], raise: boolean): unknown[] {
  if (raise) {
    const error = results.find((r) => r instanceof Error);
    if (error !== undefined) throw error;
  }
  return results;
}

/** A reply decoded as bytes, with every bulk string turned into text (for a transaction mixing both modes). */
function asText(value: RespValue): RespValue {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(asText);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [asText(k), asText(v)]));
  if (value instanceof Set) return new Set([...value].map(asText));
  return value;
}

/**
 * Runs commands inside MULTI/EXEC on one connection and returns each command's transformed result (or its error).
 * Every part is marked never-resend: half a transaction must never be replayed on another connection.
 */
export async function runTransaction(
  connection: Connection,
  commands: Command[],
  buffers: boolean,
): Promise<unknown[]> {
  // Commands answered without the server (MGET of no keys) take their place in the results but are not sent.
  const sent = commands.filter((c) => (c.flags & CommandFlags.Local) === 0);
  if (sent.length < commands.length) {
    const replies = sent.length > 0 ? await runTransaction(connection, sent, buffers) : [];
    const locals = await Promise.all(commands.map((c) => ((c.flags & CommandFlags.Local) !== 0 ? c.promise : null)));
    let next = 0;
    return commands.map((c, i) => ((c.flags & CommandFlags.Local) !== 0 ? locals[i] : replies[next++]));
  }
  const multi = new Command(['MULTI'], false, undefined, CommandFlags.NoRetry);
  const queued = commands.map((c) => new Command(c.args, false, undefined, CommandFlags.NoRetry));
  // EXEC's reply is decoded in one mode: bytes when any command wants bytes (DUMP), then text for the others.
  const mixed = !buffers && commands.some((c) => c.wantsBuffers);
  const exec = new Command(['EXEC'], buffers || mixed, undefined, CommandFlags.NoRetry);
  const all = [multi, ...queued, exec].map((c) => connection.send(c));
  const outcome = await Promise.allSettled(all);
  const execOutcome = outcome[outcome.length - 1];
  if (execOutcome.status === 'rejected') {
    const reason = execOutcome.reason;
    if (reason instanceof ExecAbortError) {
      // Say which command the server refused to queue.
      const index = outcome.slice(1, -1).findIndex((o) => o.status === 'rejected');
      const cause = index >= 0 ? (outcome[index + 1] as PromiseRejectedResult).reason : undefined;
      if (cause instanceof Error) {
        const error = new ExecAbortError(
          `transaction discarded: command #${index + 1} (${commands[index].name}) failed: ${cause.message}`,
          reason.code,
        );
        error.cause = cause;
        throw error;
      }
    }
    throw reason;
  }
  const replies = execOutcome.value as RespValue[] | null;
  if (replies === null) throw new WatchError('a watched key changed: the transaction was not executed');
  if (!Array.isArray(replies) || replies.length !== commands.length) {
    throw new RedisError('EXEC returned an unexpected number of results');
  }
  return replies.map((raw, i) => {
    if (raw instanceof Error) return raw;
    const command = commands[i];
    const reply = mixed && !command.wantsBuffers ? asText(raw) : raw;
    if (command.transform === undefined) return reply;
    try {
      return command.transform(reply, command);
    } catch (err) {
      return err instanceof Error ? err : new DataError(String(err));
    }
  });
}

// Every command method, queuing rather than sending.
installCommandMethods(Pipeline.prototype);

export interface Pipeline extends PipelineMethods<Pipeline> {}
