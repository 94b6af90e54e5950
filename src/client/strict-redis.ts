/**
 * StrictRedis: the client for one Redis server (a master, or a replica for reads). Ordinary commands share one
 * multiplexed, auto-pipelined connection; blocking commands, transactions and pub/sub take exclusive connections from a
 * per-server pool.
 */
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import type { CommandMethods } from '../commands/methods.js';
import type { CastScore } from '../commands/sorted-set-scores.js';
import type { ZscanOptions } from '../commands/sorted-sets.js';
import type { AnyCommandSpec, KeyArg, SessionEffect } from '../commands/types.js';
import { type Command, CommandFlags } from '../connection/command.js';
import { Connection } from '../connection/connection.js';
import { type ConnectionConfig, describeEndpoint } from '../connection/options.js';
import { ExclusivePool } from '../connection/pool.js';
import { NodeStats, type NodeStatsSnapshot } from '../connection/stats.js';
import { commandTracing, type TraceEndpoint, traceCommand } from '../connection/tracing.js';
import { AbortError, AuthenticationError, AuthenticationReplyError } from '../errors.js';
import { type CachedReadSender, ClientCache } from './cache/client-cache.js';
import { Monitor } from './monitor.js';
import {
  type ClientOptions,
  type NormalizedOptions,
  normalizeOptions,
  optionsFromUrl,
  redactedEndpoint,
} from './options.js';
import { Pipeline, type PipelineHost, type PipelineOptions, type WatchingPipeline } from './pipeline.js';
import { PubSub, type PubSubOptions } from './pubsub.js';
import { buildCommand, buildRawCommand, installCommandMethods, specForArgs } from './runner.js';
import {
  type CollectionScanOptions,
  hscanIter,
  type RawExecutor,
  type ScanIterOptions,
  scanIter,
  sscanIter,
  zscanIterOn,
} from './scan-iterators.js';
import { registerScript, type Script } from './script.js';
import { splitWatches, type TransactionOptions, transactionLoop } from './transaction.js';

/** Extra time (ms) a blocking command is given over its own server-side timeout before the client gives up. */
const BLOCKING_MARGIN_MS = 2000;

/** Options of a transaction without watched keys: its commands queue from the start. */
export type NoWatchOptions = Omit<TransactionOptions, 'watch'>;

/** Events of StrictRedis (`error` is emitted only when someone listens; callers always get their own errors). */
export interface ClientEvents {
  connect: [];
  ready: [];
  error: [Error];
  close: [];
  reconnecting: [{ attempt: number; delayMs: number; error?: Error }];
  end: [];
}

class StrictRedisClient<V extends string | Buffer = string, I extends number | bigint = number>
  extends EventEmitter<ClientEvents>
  implements PipelineHost
{
  readonly wantsBuffers: boolean;
  /** @internal {@link CommandFlags} every command of this client carries. */
  readonly replyFlags: number;
  /** @internal */
  readonly normalized: NormalizedOptions;
  private readonly connection: Connection;
  private readonly pool: ExclusivePool;
  private readonly cache: ClientCache | undefined;

  /** @param hooks @internal settings no option expresses (the Sentinel client's endpoint resolver). */
  constructor(options: ClientOptions = {}, hooks?: Partial<ConnectionConfig>) {
    super();
    this.normalized = normalizeOptions(options);
    Object.assign(this.normalized.connection, hooks);
    this.wantsBuffers = !this.normalized.decodeResponses;
    this.replyFlags = this.normalized.replyFlags;
    // One set of statistics for the server: the shared connection and the pooled ones count into it.
    this.normalized.connection.stats = new NodeStats();
    this.connection = new Connection(this.normalized.connection);
    if (this.normalized.cache !== undefined) {
      this.cache = new ClientCache(this.normalized.cache);
      this.cache.track(this.connection);
    }
    this.pool = new ExclusivePool(this.normalized.connection, {
      max: this.normalized.maxConnections,
      acquireTimeoutMs: Math.max(this.normalized.connection.connectTimeoutMs, 1000),
      idleTimeoutMs: 30_000,
    });
    for (const event of ['connect', 'ready', 'close', 'end'] as const) {
      this.connection.on(event, () => this.emit(event));
    }
    this.connection.on('reconnecting', (info) => this.emit('reconnecting', info));
    // Errors always reach the awaiting callers; the event is only for those who listen.
    this.connection.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
    // A credential provider's failures (provider errors, refused re-AUTH) on any of the client's connections.
    this.normalized.connection.credentials?.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
  }

  /** A client from a `redis://`, `rediss://` or `unix://` URL; `options` override what the URL says. */
  static fromUrl(url: string, options: ClientOptions = {}): StrictRedisClient<string | Buffer> {
    return new StrictRedisClient({ ...optionsFromUrl(url), ...options });
  }

  /** `connecting`, `ready`, `reconnecting`, `idle` (not connected yet, or gave up) or `closed`. */
  get status(): string {
    return this.connection.status;
  }

  /** Connects now rather than on the first command. */
  async connect(): Promise<void> {
    await this.connection.connect();
  }

  /** @internal */
  runSpec(spec: AnyCommandSpec, args: unknown[]): Promise<unknown> {
    let command: Command;
    let session: SessionEffect | undefined;
    try {
      command = buildCommand(spec, args, this.wantsBuffers, this.replyFlags, true);
      session = spec.session?.(...args);
    } catch (err) {
      return Promise.reject(err);
    }
    if (commandTracing())
      return traceCommand(command, this.traceEndpoint, () => this.dispatch(spec, args, command, session));
    return this.dispatch(spec, args, command, session);
  }

  private dispatch(spec: AnyCommandSpec, args: unknown[], command: Command, session: SessionEffect | undefined) {
    const cached = this.cache?.run(spec, command, this.sendTracked);
    if (cached !== undefined) return cached;
    if (session !== undefined) return this.runSession(session, command);
    if ((spec.flags & CommandFlags.Blocking) !== 0) {
      // A negative timeout means these options do not block (XREAD without BLOCK): stay on the shared connection.
      const serverMs = spec.blockingTimeoutMs?.(...args) ?? 0;
      if (serverMs >= 0) return this.runBlocking(command, serverMs);
    }
    return this.connection.send(command);
  }

  /** @internal Where this client's traced commands go. */
  get traceEndpoint(): TraceEndpoint {
    const { host, port, path, db } = this.normalized.connection;
    return path === undefined ? { host, port, db } : { host: path, port: undefined, db };
  }

  /**
   * Statistics of the server this client talks to (always on): commands sent, errors by class, reconnects, what is
   * in flight and queued, and reply latency (p50/p99). See docs/observability.md.
   */
  stats(): { nodes: NodeStatsSnapshot[] } {
    const config = this.normalized.connection;
    return { nodes: [config.stats!.snapshot(describeEndpoint(config))] };
  }

  /** A cacheable read goes to the shared connection, which has tracking on. */
  private readonly sendTracked: CachedReadSender = (command, _slot, observer) => {
    observer.sentOn(this.connection);
    return this.connection.send(command);
  };

  /** redis-py's `get_cache()`: the client-side cache (option `cache`), with `stats()`; undefined without one. */
  get_cache(): ClientCache | undefined {
    return this.cache;
  }

  /** Alias of {@link get_cache}. */
  getCache(): ClientCache | undefined {
    return this.cache;
  }

  /**
   * AUTH, SELECT, CLIENT SETNAME and RESET run on the shared connection; once the server accepted them, the
   * configuration the handshake sends after a reconnect (and that new pooled connections start from) changes the same
   * way, so the client never silently falls back to its old user, database or name. Pooled connections made before
   * are retired when they come back (see ExclusivePool's validation).
   */
  private async runSession(session: SessionEffect, command: Command): Promise<unknown> {
    const config = this.normalized.connection;
    if (session.kind === 'reset') return this.connection.sendAndRestore(command);
    let reply: unknown;
    try {
      reply = await this.connection.send(command);
    } catch (err) {
      if (session.kind === 'auth' && err instanceof AuthenticationReplyError) {
        // redis-py raises AuthenticationError for a refused AUTH; the connection stays authenticated as before.
        throw new AuthenticationError(`AUTH failed: ${err.message}`, { cause: err });
      }
      throw err;
    }
    if (session.kind === 'auth') {
      config.username = session.username;
      config.password = session.password;
    } else if (session.kind === 'select') config.db = session.db;
    else config.clientName = session.name;
    await this.pool.clearIdle();
    return reply;
  }

  private runBlocking(command: Command, serverTimeoutMs: number): Promise<unknown> {
    const own = this.normalized.connection.commandTimeoutMs;
    const timeoutMs = serverTimeoutMs === 0 ? 0 : Math.max(own, serverTimeoutMs + BLOCKING_MARGIN_MS);
    return this.pool.use((connection) => sendBlocking(connection, command, timeoutMs), false);
  }

  /** Sends any command by its raw arguments and resolves with the server's reply as decoded (no transform). */
  execute_command(...args: unknown[]): Promise<unknown> {
    let command: Command;
    try {
      command = buildRawCommand(args, this.wantsBuffers, this.replyFlags);
    } catch (err) {
      return Promise.reject(err);
    }
    if (commandTracing()) return traceCommand(command, this.traceEndpoint, () => this.sendRaw(command));
    return this.sendRaw(command);
  }

  private sendRaw(command: Command): Promise<unknown> {
    if ((command.flags & CommandFlags.Blocking) !== 0) return this.runBlocking(command, 0);
    return this.connection.send(command);
  }

  /** Alias of {@link execute_command}. */
  sendCommand(...args: unknown[]): Promise<unknown> {
    return this.execute_command(...args);
  }

  /** redis-py's `pubsub()`: subscriptions on a connection of their own that resubscribes after reconnects. */
  pubsub(options: PubSubOptions = {}): PubSub<V> {
    // A copy: SELECT on this client later must not change the subscriber's handshake.
    const config = { ...this.normalized.connection };
    return new PubSub<V>({ ...options, config, wantsBuffers: this.wantsBuffers });
  }

  /**
   * redis-py's `monitor()`: MONITOR on a connection of its own, started before this resolves. Read it with
   * `await m.next_command()` or `for await (const entry of m.listen())`; `await m.close()` (or `await using`) ends it.
   */
  monitor(): Promise<Monitor> {
    return new Monitor({ ...this.normalized.connection }).start();
  }

  private get rawExecutor(): RawExecutor {
    return (...args) => this.execute_command(...args);
  }

  /** Every key (SCAN), as an async iterable: `for await (const key of r.scan_iter({ match: 'user:*' }))`. */
  scan_iter(options: ScanIterOptions = {}): AsyncGenerator<V> {
    return scanIter<V>(this.rawExecutor, options);
  }

  /** Every `[field, value]` of a hash (HSCAN), as an async iterable; options `match`, `count`. */
  hscan_iter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<[V, V]> {
    return hscanIter<V>(this.rawExecutor, name, options, extra);
  }

  /** Every member of a set (SSCAN), as an async iterable; options `match`, `count`. */
  sscan_iter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<V> {
    return sscanIter<V>(this.rawExecutor, name, options, extra);
  }

  /**
   * Every `[member, score]` of a sorted set (ZSCAN): redis-py's `zscan_iter(name, match, count, score_cast_func)`, the
   * keyword arguments in `options`; scores are numbers, or what `score_cast_func` makes of them.
   */
  zscan_iter<const O extends ZscanOptions>(name: KeyArg, options?: O): AsyncGenerator<[V, CastScore<O>]> {
    return zscanIterOn(this, name, options);
  }

  /** Alias of {@link scan_iter}. */
  scanIter(options: ScanIterOptions = {}): AsyncGenerator<V> {
    return this.scan_iter(options);
  }

  /** Alias of {@link hscan_iter}. */
  hscanIter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<[V, V]> {
    return this.hscan_iter(name, options, ...extra);
  }

  /** Alias of {@link sscan_iter}. */
  sscanIter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<V> {
    return this.sscan_iter(name, options, ...extra);
  }

  /** Alias of {@link zscan_iter}. */
  zscanIter<const O extends ZscanOptions>(name: KeyArg, options?: O): AsyncGenerator<[V, CastScore<O>]> {
    return this.zscan_iter(name, options);
  }

  /** A pipeline: queue commands, then `execute()`. With `transaction` (default true) they run inside MULTI/EXEC. */
  pipeline(options: PipelineOptions = {}): Pipeline<V, I> {
    return new Pipeline<V, I>(this, options);
  }

  /**
   * redis-py's `transaction(func, *watches, value_from_callable=False, watch_delay=None)`: WATCHes the keys on an
   * exclusive connection and calls `fn(pipe)`. Until `pipe.multi()`, commands on `pipe` run at once there and resolve
   * to their replies (read what the transaction depends on); after it they queue, and MULTI/EXEC runs them. When a
   * watched key changed meanwhile (WatchError), `fn` runs again. Resolves to the EXEC results, or to `fn`'s value
   * with `{ value_from_callable: true }` as the last argument.
   */
  transaction(fn: (pipe: Pipeline<V, I>) => unknown, options?: NoWatchOptions): Promise<unknown>;
  transaction(
    fn: (pipe: WatchingPipeline<V, I>) => unknown,
    ...watches: Array<KeyArg | TransactionOptions>
  ): Promise<unknown>;
  async transaction(
    // biome-ignore lint/suspicious/noExplicitAny: the implementation takes either overload's callback
    fn: (pipe: any) => unknown,
    ...watches: Array<KeyArg | TransactionOptions | undefined>
  ): Promise<unknown> {
    const { keys, options } = splitWatches(watches);
    return transactionLoop(
      () => {
        const pipe = new Pipeline<V, I>(this, { transaction: true });
        return {
          pipe: pipe as unknown as WatchingPipeline<V, I>,
          watch: (k) => pipe.watch(...k),
          execute: () => pipe.execute(),
          reset: () => pipe.reset(),
        };
      },
      fn,
      keys,
      options,
    );
  }

  /** @internal PipelineHost: queue a batch on the shared connection in one tick. */
  sendBatch(commands: Command[]): Promise<unknown>[] {
    return commands.map((c) =>
      (c.flags & CommandFlags.Blocking) !== 0 ? this.runBlocking(c, 0) : this.connection.send(c),
    );
  }

  /** @internal PipelineHost */
  withExclusive<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    return this.pool.use(fn, false);
  }

  /** @internal PipelineHost */
  acquireExclusive(): Promise<Connection> {
    return this.pool.acquire();
  }

  /** @internal PipelineHost */
  releaseExclusive(connection: Connection): Promise<void> {
    return this.pool.release(connection);
  }

  /** Waits for pending replies, then closes every connection. */
  async close(): Promise<void> {
    await Promise.all([this.connection.close(), this.pool.close()]);
  }

  /**
   * redis-py's `quit()`: the server closes the connection (QUIT) — here once every pending reply is in, and the client
   * stays closed (redis-py's would reconnect on the next command); resolves to true. Same as {@link close}.
   */
  async quit(): Promise<true> {
    await this.close();
    return true;
  }

  /** Closes every connection at once; pending commands reject. */
  disconnect(): void {
    this.connection.disconnect();
    this.pool.disconnect();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  [inspect.custom](): string {
    return `StrictRedis<${redactedEndpoint(this.normalized.connection)}> { status: ${this.status} }`;
  }

  /** What loggers that serialise objects see: the endpoint with the password replaced, never the options. */
  toJSON(): { endpoint: string; status: string } {
    return { endpoint: redactedEndpoint(this.normalized.connection), status: this.status };
  }

  override toString(): string {
    return this[inspect.custom]();
  }

  /**
   * redis-py's `register_script(script)`: a callable that runs the Lua script by SHA1 (EVALSHA) and falls back to EVAL
   * when the server does not know it; `await script({ keys, args })`.
   */
  register_script(script: string | Buffer): Script {
    return registerScript(this, script);
  }

  /** Alias of {@link register_script}. */
  registerScript(script: string | Buffer): Script {
    return registerScript(this, script);
  }

  /** @internal */
  specFor(args: readonly unknown[]): AnyCommandSpec | undefined {
    return specForArgs(args);
  }
}

/** Installs the command methods; a pure call, so that a bundle that never uses StrictRedis drops the class. */
function withCommandMethods(cls: typeof StrictRedisClient): typeof StrictRedisClient {
  installCommandMethods(cls.prototype);
  return cls;
}

/**
 * A blocking command on an exclusive connection. Aborted after it was written, it would keep blocking the server
 * side of that connection: the connection is closed instead of going back to the pool (the server then drops the
 * block).
 */
export function sendBlocking(connection: Connection, command: Command, timeoutMs: number): Promise<unknown> {
  const reply = connection.send(command, timeoutMs);
  if (command.call?.signal === undefined) return reply;
  return reply.catch((err: unknown) => {
    if (err instanceof AbortError && err.outcomeUnknown) connection.disconnect();
    throw err;
  });
}

/** A client for one Redis server; `V` is `string` (decode_responses, the default) or `Buffer`. */
export interface StrictRedis<V extends string | Buffer = string, I extends number | bigint = number>
  extends StrictRedisClient<V, I>,
    CommandMethods<V, I> {}

/** The value of option `A` (or its other spelling `B`) in an options type; undefined when absent. */
export type OptionValue<O, A extends string, B extends string> = A extends keyof O
  ? O[A]
  : B extends keyof O
    ? O[B]
    : undefined;

/** The string type of replies for options `O`: `Buffer` with `decode_responses: false`, else `string`. */
export type ReplyString<O> = [OptionValue<O, 'decode_responses', 'decodeResponses'>] extends [false]
  ? Buffer
  : [OptionValue<O, 'decode_responses', 'decodeResponses'>] extends [true | undefined]
    ? string
    : string | Buffer;

/** The integer type of replies for options `O`: `bigint` with `integer_replies: 'bigint'`, else `number`. */
export type ReplyInteger<O> = [OptionValue<O, 'integer_replies', 'integerReplies'>] extends ['bigint']
  ? bigint
  : [OptionValue<O, 'integer_replies', 'integerReplies'>] extends ['number' | undefined]
    ? number
    : number | bigint;

/**
 * The type of the StrictRedis class: reply types follow the options — strings or Buffers after `decode_responses`,
 * numbers or bigints after `integer_replies`.
 */
export interface StrictRedisConstructor {
  // `O & ClientOptions`: the options' functions (retry_strategy, credential_provider…) get their parameter types.
  new <O extends ClientOptions = Record<never, never>>(
    options?: O & ClientOptions,
  ): StrictRedis<ReplyString<O>, ReplyInteger<O>>;
  fromUrl<O extends ClientOptions = Record<never, never>>(
    url: string,
    options?: O,
  ): StrictRedis<ReplyString<O>, ReplyInteger<O>>;
  readonly prototype: StrictRedis<string | Buffer, number | bigint>;
}

/** The StrictRedis class; `new StrictRedis(options)` (see the {@link StrictRedis} interface for its methods). */
export const StrictRedis = /* @__PURE__ */ withCommandMethods(StrictRedisClient) as unknown as StrictRedisConstructor;
