/**
 * MULTI/EXEC on one connection, and redis-py's `transaction(func, *watches, value_from_callable=…, watch_delay=…)`
 * loop, shared by StrictRedis and StrictRedisCluster.
 */
import type { KeyArg } from '../commands/types.js';
import { Command, CommandFlags } from '../connection/command.js';
import type { Connection } from '../connection/connection.js';
import { DataError, ExecAbortError, nameCommand, RedisError, ResponseError, replyText, WatchError } from '../errors.js';
import { checkOptions, isPlainObject, optionKeys } from '../option-keys.js';
import type { RespValue } from '../protocol/types.js';

/** Options of `transaction(fn, ...watches)`, given as the last of the watched keys. */
export interface TransactionOptions {
  /** Keys to WATCH, besides those given as arguments. */
  watch?: KeyArg[];
  /** Resolve to what `fn` returned instead of the EXEC results (redis-py's `value_from_callable`). */
  value_from_callable?: boolean;
  /** Seconds to wait before running `fn` again after a WatchError (redis-py's `watch_delay`; default: at once). */
  watch_delay?: number;
  /** Give up, rethrowing the WatchError, after this many in a row (default 16; redis-py retries forever). */
  max_retries?: number;
  /** Accepted for redis-py compatibility; a transaction always runs on an exclusive connection of its own. */
  shard_hint?: string;
}

const TRANSACTION_OPTIONS = optionKeys<TransactionOptions>({
  watch: true,
  value_from_callable: true,
  watch_delay: true,
  max_retries: true,
  shard_hint: true,
});

function isKey(value: unknown): value is KeyArg {
  return typeof value === 'string' || typeof value === 'number' || Buffer.isBuffer(value);
}

/** The watched keys and the options of `transaction(fn, ...watches)`; DataError for anything else. */
export function splitWatches(watches: ReadonlyArray<KeyArg | TransactionOptions | undefined>): {
  keys: KeyArg[];
  options: TransactionOptions;
} {
  const keys: KeyArg[] = [];
  let options: TransactionOptions = {};
  watches.forEach((w, i) => {
    if (w === undefined && i === watches.length - 1) return;
    if (isKey(w)) keys.push(w);
    else if (isPlainObject(w) && i === watches.length - 1) {
      checkOptions('transaction', w, TRANSACTION_OPTIONS);
      options = w;
    } else {
      throw new DataError('transaction(fn, ...watches): watched keys are strings, Buffers or numbers; options go last');
    }
  });
  if (options.watch !== undefined) {
    if (!Array.isArray(options.watch) || !options.watch.every(isKey)) {
      throw new DataError('transaction: watch must be a list of keys');
    }
    keys.push(...options.watch);
  }
  const { max_retries, watch_delay } = options;
  if (max_retries !== undefined && !(Number.isInteger(max_retries) && max_retries >= 0)) {
    throw new DataError('transaction: max_retries must be a non-negative integer');
  }
  if (watch_delay !== undefined && !(typeof watch_delay === 'number' && watch_delay >= 0)) {
    throw new DataError('transaction: watch_delay must be a non-negative number of seconds');
  }
  return { keys, options };
}

/** The pipeline-like object a transaction loop drives: WATCH, the callback, then EXEC. */
export interface TransactionAttempt<P> {
  pipe: P;
  watch(keys: KeyArg[]): Promise<unknown>;
  execute(): Promise<unknown[]>;
  /** Gives back what the attempt holds (UNWATCH and release); called after every attempt. */
  reset(): Promise<void>;
}

/**
 * redis-py's transaction loop: WATCH, run `fn`, EXEC; on WatchError wait `watch_delay` and run it again (at most
 * `max_retries` times). Resolves to the EXEC results, or to `fn`'s value with `value_from_callable`.
 */
export async function transactionLoop<P>(
  newAttempt: () => TransactionAttempt<P>,
  fn: (pipe: P) => unknown,
  keys: readonly KeyArg[],
  options: TransactionOptions,
  /** Other errors after which running it again is safe (the cluster: the slot moved before anything ran). */
  retryAfter?: (err: unknown) => Promise<boolean>,
): Promise<unknown> {
  const maxRetries = options.max_retries ?? 16;
  const delayMs = Math.round((options.watch_delay ?? 0) * 1000);
  for (let conflicts = 0; ; ) {
    const tx = newAttempt();
    try {
      if (keys.length > 0) await tx.watch([...keys]);
      const value = await fn(tx.pipe);
      const results = await tx.execute();
      return options.value_from_callable === true ? value : results;
    } catch (err) {
      if (err instanceof WatchError) {
        if (++conflicts > maxRetries) throw err;
      } else if (retryAfter === undefined || !(await retryAfter(err))) {
        throw err;
      }
    } finally {
      await tx.reset();
    }
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
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
 * Every part is marked never-resend: half a transaction must never be replayed on another connection. Commands
 * answered without the server (MGET of no keys) keep their place in the results but are not sent.
 */
export async function runTransaction(
  connection: Connection,
  commands: Command[],
  buffers: boolean,
): Promise<unknown[]> {
  const sent = commands.filter((c) => (c.flags & CommandFlags.Local) === 0);
  if (sent.length < commands.length) {
    const replies = await runMultiExec(connection, sent, buffers);
    const locals = await Promise.all(commands.map((c) => ((c.flags & CommandFlags.Local) !== 0 ? c.promise : null)));
    let next = 0;
    return commands.map((c, i) => ((c.flags & CommandFlags.Local) !== 0 ? locals[i] : replies[next++]));
  }
  return runMultiExec(connection, commands, buffers);
}

async function runMultiExec(connection: Connection, commands: Command[], buffers: boolean): Promise<unknown[]> {
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
          `transaction discarded: command #${index + 1} (${commands[index].name}) failed: ${replyText(cause)}`,
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
    const command = commands[i];
    if (raw instanceof Error) {
      if (raw instanceof ResponseError) nameCommand(raw, command.name);
      return raw;
    }
    const reply = mixed && !command.wantsBuffers ? asText(raw) : raw;
    if (command.transform === undefined) return reply;
    try {
      return command.transform(reply, command);
    } catch (err) {
      return err instanceof Error ? err : new DataError(String(err));
    }
  });
}
