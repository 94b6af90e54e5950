/**
 * StrictRedisCluster: redis-py-cluster's client for TypeScript. Each command is routed by the slot of its keys to the
 * slot's owner; multi-key commands that may span slots are split and reassembled; keyless commands go to one node or
 * fan out by their declared policy. Topology changes stay invisible (see executor.ts).
 */
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import type { ClientCache } from '../client/cache/client-cache.js';
import { Monitor } from '../client/monitor.js';
import type { PubSubOptions } from '../client/pubsub.js';
import { buildCommand, buildRawCommand, installCommandMethods, specForArgs } from '../client/runner.js';
import {
  type CollectionScanOptions,
  hscanIter,
  type ScanIterOptions,
  sscanIter,
  zscanIterOn,
} from '../client/scan-iterators.js';
import { registerScript, type Script } from '../client/script.js';
import type { ReplyInteger, ReplyString } from '../client/strict-redis.js';
import type { TransactionOptions } from '../client/transaction.js';
import type { CommandMethods } from '../commands/methods.js';
import type { ServerInfo } from '../commands/observability.js';
import { COMMAND_SPECS } from '../commands/registry.js';
import type { CastScore } from '../commands/sorted-set-scores.js';
import type { ZscanOptions } from '../commands/sorted-sets.js';
import type { AnyCommandSpec, ClusterRoute, KeyArg } from '../commands/types.js';
import { type Command, Command as CommandClass, CommandFlags } from '../connection/command.js';
import type { NodeStatsSnapshot } from '../connection/stats.js';
import { commandTracing, type TraceEndpoint, traceCommand } from '../connection/tracing.js';
import { ClientClosedError, ClusterError, DataError } from '../errors.js';
import { isPlainObject } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { ClusterReadCache } from './cluster-cache.js';
import { type ClusterManagementMethods, installClusterManagement } from './cluster-management.js';
import { type ClusterNodeApi, installNodeApi } from './cluster-node-api.js';
import { type ClusterOptions, type NormalizedClusterOptions, normalizeClusterOptions } from './cluster-options.js';
import { ClusterPipeline, type ClusterPipelineOptions } from './cluster-pipeline.js';
import { ClusterPubSub } from './cluster-pubsub.js';
import { ClusterScanner } from './cluster-scan.js';
import { runClusterTransaction, type TransactionCallback } from './cluster-transaction.js';
import { ClusterExecutor } from './executor.js';
import type { PerNodeMethod } from './fan-out.js';
import { type NodeAddressArg, NodeTargets, type TargetNodes } from './node-targets.js';
import { commandSlot, groupBySlot, keyIndexes } from './routing.js';
import { keySlot } from './slot.js';
import type { SlotTable } from './slot-table.js';
import { TopologyManager } from './topology-manager.js';

/** Blocking commands get this long (ms) past their own timeout before the client gives up on them. */
const BLOCKING_MARGIN_MS = 2000;

export type { TargetNodes };

/** The optional last argument of the cluster's `execute_command`: where a command goes, and its AbortSignal. */
export interface ExecuteCommandOptions {
  target_nodes?: TargetNodes;
  targetNodes?: TargetNodes;
  signal?: AbortSignal;
}

/** Events of StrictRedisCluster (`error` is emitted only when someone listens). */
export interface ClusterEvents {
  ready: [];
  error: [Error];
  refresh: [];
  'node:added': [{ host: string; port: number }];
  'node:removed': [{ host: string; port: number }];
}

/** What every call on a closed cluster client rejects with (docs/errors.md). */
function closedError(): ClientClosedError {
  return new ClientClosedError('the cluster client is closed');
}

function isExecuteOptions(value: unknown): value is ExecuteCommandOptions {
  return isPlainObject(value) && ('target_nodes' in value || 'targetNodes' in value || 'signal' in value);
}

class StrictRedisClusterClient<
  V extends string | Buffer = string,
  I extends number | bigint = number,
> extends EventEmitter<ClusterEvents> {
  static readonly PRIMARIES = 'primaries';
  static readonly REPLICAS = 'replicas';
  static readonly ALL_NODES = 'all';
  static readonly RANDOM = 'random';
  static readonly DEFAULT_NODE = 'default-node';
  readonly wantsBuffers: boolean;
  /** @internal {@link CommandFlags} every command of this client carries. */
  readonly replyFlags: number;
  /** @internal */
  readonly options: NormalizedClusterOptions;
  /** @internal */
  readonly topology: TopologyManager;
  /** @internal */
  readonly executor: ClusterExecutor;
  /** @internal */
  readonly targets: NodeTargets;
  private starting: Promise<void> | undefined;
  private closed = false;
  private readonly readCache: ClusterReadCache | undefined;

  constructor(options: ClusterOptions) {
    super();
    this.options = normalizeClusterOptions(options);
    this.wantsBuffers = !this.options.node.decodeResponses;
    this.replyFlags = this.options.node.replyFlags;
    const cache = this.options.node.cache;
    this.readCache = cache === undefined ? undefined : new ClusterReadCache(cache, this.options.readFrom);
    this.topology = new TopologyManager(this.options, this.readCache?.onSharedConnection);
    this.executor = new ClusterExecutor(this.topology, this.options);
    this.readCache?.attach(this.topology, this.executor);
    this.targets = new NodeTargets(this.topology);
    this.topology.on('refresh', () => this.emit('refresh'));
    this.topology.on('node:added', (n) => this.emit('node:added', n));
    this.topology.on('node:removed', (n) => this.emit('node:removed', n));
    this.topology.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
    // A credential provider's failures (provider errors, refused re-AUTH) on any node.
    this.options.node.connection.credentials?.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
  }

  /** Loads the topology now (otherwise the first command does). Rejects when slots are uncovered and coverage is required. */
  connect(): Promise<void> {
    if (this.starting === undefined) {
      this.starting = this.topology.refresh().then(
        () => {
          const table = this.topology.table!;
          if (this.options.requireFullCoverage && !table.isFullyCovered()) {
            const ranges = table.uncoveredRanges().map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
            throw new ClusterError(
              `the cluster does not cover all 16384 slots (uncovered: ${ranges.slice(0, 10).join(', ')}${ranges.length > 10 ? ', …' : ''}); pass require_full_coverage: false to use it anyway`,
            );
          }
          this.emit('ready');
        },
        (err) => {
          this.starting = undefined;
          throw err;
        },
      );
      this.starting.catch(() => {});
    }
    return this.starting;
  }

  /** The current slot map (after the first command or `connect()`). */
  get slotTable(): SlotTable | undefined {
    return this.topology.table;
  }

  /** Slot of a key (CRC16 with hash tags). */
  keyslot(key: KeyArg): number {
    return keySlot(key);
  }

  /** `host:port` of the master currently serving `key`'s slot. */
  async nodeForKey(key: string | Buffer): Promise<{ host: string; port: number; slot: number } | undefined> {
    await this.connect();
    const slot = keySlot(key);
    const master = this.topology.table?.masterFor(slot);
    return master === undefined ? undefined : { host: master.host, port: master.port, slot };
  }

  /** redis-py's `get_cache()`: the client-side cache (option `cache`), with `stats()`; undefined without one. */
  get_cache(): ClientCache | undefined {
    return this.readCache?.cache;
  }

  /** Alias of {@link get_cache}. */
  getCache(): ClientCache | undefined {
    return this.get_cache();
  }

  /** @internal */
  get isClosed(): boolean {
    return this.closed;
  }

  /** @internal */
  runSpec(spec: AnyCommandSpec, args: unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(closedError());
    // SCAN queued in a pipeline comes here: it walks the cluster as the client's own scan() does.
    if (spec === COMMAND_SPECS.scan) {
      return this.scan(args[0] as number | string | undefined, args[1] as ScanIterOptions | undefined);
    }
    let command: Command;
    try {
      command = buildCommand(spec, args, this.wantsBuffers, this.replyFlags);
    } catch (err) {
      return Promise.reject(err);
    }
    if (commandTracing())
      return traceCommand(command, this.traceAt(spec, command), () => this.route(spec, args, command));
    return this.route(spec, args, command);
  }

  /** Where a traced command is about to go: its slot's node, when it has one (redirections update it). */
  private traceAt(spec: AnyCommandSpec | undefined, command: Command): TraceEndpoint {
    let node: { host: string; port: number } | undefined;
    try {
      const slot = commandSlot(spec?.keys, command.args, spec?.slotArg);
      if (slot >= 0) node = this.executor.nodeForSlot(slot, (command.flags & CommandFlags.ReadOnly) !== 0);
    } catch {
      // Keys in several slots: split, or refused when sent.
    }
    return { host: node?.host, port: node?.port, db: 0 };
  }

  /** Sends a built command where its keys (or its declared route) say. */
  private route(spec: AnyCommandSpec, args: unknown[], command: Command): Promise<unknown> {
    let slot: number;
    try {
      if ((command.flags & CommandFlags.Local) !== 0) return command.promise;
      const cached = this.readCache?.cache.run(spec, command, this.readCache.send);
      if (cached !== undefined) return cached;
      // One key (or one key/value pair) cannot span slots: skip the grouping and its allocations.
      if (spec.split !== undefined && command.args.length > 1 + spec.split.stride) {
        const indexes = keyIndexes(spec.keys, command.args);
        const groups = groupBySlot(indexes, command.args);
        if (groups.size > 1) return this.runSplit(spec, command, groups);
      }
      slot = commandSlot(spec.keys, command.args, spec.slotArg);
    } catch (err) {
      return Promise.reject(err);
    }
    if (slot < 0) return this.runKeyless(spec.route ?? 'random', command);
    // A negative timeout means these options do not block (XREAD without BLOCK): the shared connection serves it.
    const serverMs = (spec.flags & CommandFlags.Blocking) !== 0 ? (spec.blockingTimeoutMs?.(...args) ?? 0) : -1;
    if (serverMs >= 0) {
      const own = this.options.node.connection.commandTimeoutMs;
      const blockingTimeoutMs = serverMs === 0 ? 0 : Math.max(own, serverMs + BLOCKING_MARGIN_MS);
      return this.executor.execute(command, { slot, blockingTimeoutMs });
    }
    return this.executor.executeAt(command, slot);
  }

  /** Splits a multi-key command by slot, runs the parts in parallel and puts the replies back in the caller's order. */
  private async runSplit(spec: AnyCommandSpec, command: Command, groups: Map<number, number[]>): Promise<unknown> {
    const split = spec.split!;
    const args = command.args;
    const parts = [...groups].map(([slot, indexes]) => {
      const partArgs: RedisArg[] = [args[0]];
      for (const i of indexes) {
        partArgs.push(args[i]);
        if (split.stride === 2) partArgs.push(args[i + 1]);
      }
      const part = new CommandClass(partArgs, command.wantsBuffers, undefined, command.flags);
      return this.executor.execute(part, { slot }).then((reply) => ({ indexes, reply: reply as RespValue }));
    });
    const results = await Promise.all(parts);
    let merged: RespValue;
    if (split.merge === 'ordered') {
      const keyIndexList = [...groups.values()].flat().sort((a, b) => a - b);
      const position = new Map(keyIndexList.map((argIndex, i) => [argIndex, i]));
      const out: RespValue[] = new Array(keyIndexList.length);
      for (const { indexes, reply } of results) {
        const items = reply as RespValue[];
        for (let j = 0; j < indexes.length; j++) out[position.get(indexes[j])!] = items[j];
      }
      merged = out;
    } else if (split.merge === 'sum') {
      merged = results.reduce((sum, r) => sum + Number(r.reply), 0);
    } else merged = 'OK';
    return command.transform === undefined ? merged : command.transform(merged, command);
  }

  private async runKeyless(route: ClusterRoute, command: Command): Promise<unknown> {
    if (this.topology.table === undefined) await this.connect();
    return this.targets.runRoute(route, command);
  }

  /**
   * Sends any command by its raw arguments. Commands with keys go to their slot's owner; others by their declared
   * policy, or to `{ target_nodes }` given as the last argument: `'primaries' | 'replicas' | 'all' | 'random' |
   * 'default-node'`, one node (`{ host, port }` or a node of `get_nodes()`) or a list of nodes. Several targets resolve
   * to a Map from `host:port` to each reply.
   */
  async execute_command(...input: unknown[]): Promise<unknown> {
    if (this.closed) throw closedError();
    const last = input[input.length - 1];
    const options = isExecuteOptions(last) ? last : undefined;
    const args = options === undefined ? input : input.slice(0, -1);
    if (options?.signal !== undefined) args.push({ signal: options.signal });
    const command = buildRawCommand(args, this.wantsBuffers, this.replyFlags);
    const spec = specForArgs(args);
    if (commandTracing()) {
      return traceCommand(command, this.traceAt(spec, command), () => this.sendRaw(command, args, spec, options));
    }
    return this.sendRaw(command, args, spec, options);
  }

  private async sendRaw(
    command: Command,
    args: unknown[],
    spec: AnyCommandSpec | undefined,
    options: ExecuteCommandOptions | undefined,
  ): Promise<unknown> {
    const target = options?.target_nodes ?? options?.targetNodes;
    if (this.topology.table === undefined) await this.connect();
    if (target !== undefined) return this.targets.run(target, command);
    const slot = spec === undefined ? this.firstArgumentSlot(args) : commandSlot(spec.keys, command.args, spec.slotArg);
    if (slot < 0) return this.runKeyless(spec?.route ?? 'random', command);
    return this.executor.execute(command, { slot });
  }

  /** Alias of {@link execute_command}. */
  sendCommand(...input: unknown[]): Promise<unknown> {
    return this.execute_command(...input);
  }

  /** Unknown commands are routed like most commands are: by their first argument after the name, if any. */
  private firstArgumentSlot(args: readonly unknown[]): number {
    const key = args[1];
    return typeof key === 'string' || Buffer.isBuffer(key) ? keySlot(key) : -1;
  }

  /**
   * Pub/sub on the cluster: classic channels and patterns on one primary, sharded channels (`ssubscribe`) on the
   * owner of each channel's slot; subscriptions follow failovers and slot moves.
   */
  pubsub(options: PubSubOptions = {}): ClusterPubSub<V> {
    return new ClusterPubSub<V>(this, options);
  }

  /**
   * redis-py's `monitor(target_node=None)`: MONITOR on one node (`{ host, port }` or a node of `get_nodes()`; the
   * default node when omitted), on a connection of its own; see StrictRedis's `monitor()`.
   */
  async monitor(target_node?: NodeAddressArg): Promise<Monitor> {
    if (this.topology.table === undefined) await this.connect();
    const node = this.targets.resolve(target_node ?? 'default-node', 'MONITOR');
    if (Array.isArray(node)) throw new DataError('MONITOR: target_node is one node');
    return new Monitor({ ...node.connection.config, failFast: false }).start();
  }

  /**
   * Every key of the cluster exactly once, read slot by slot from each slot's current owner (exact while slots move;
   * see cluster-scan.ts for the cost). `match` is applied client-side; a pattern pinning a hash tag reads one slot.
   */
  scan_iter(options: ScanIterOptions = {}): AsyncGenerator<V> {
    return new ClusterScanner(this).scan<V>(options);
  }

  /** Alias of {@link scan_iter}. */
  scanIter(options: ScanIterOptions = {}): AsyncGenerator<V> {
    return this.scan_iter(options);
  }

  /**
   * One SCAN step over the whole cluster (not one node's keyspace): the cursor counts slots — pass 0 to start and
   * each reply's cursor to continue; 0 comes back when every slot was read. Each step reads slots in order, exactly
   * as {@link scan_iter} does, until about `count` keys (default 10) turned up. Only cursors from this method work.
   */
  scan(cursor: number | string = 0, options: ScanIterOptions = {}): Promise<[number, V[]]> {
    return new ClusterScanner(this).step<V>(cursor, options);
  }

  /** Every `[field, value]` of a hash (HSCAN on the node serving the key), as an async iterable; `match`, `count`. */
  hscan_iter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<[V, V]> {
    return hscanIter<V>((...args) => this.execute_command(...args), name, options, extra);
  }

  /** Alias of {@link hscan_iter}. */
  hscanIter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<[V, V]> {
    return this.hscan_iter(name, options, ...extra);
  }

  /** Every member of a set (SSCAN on the node serving the key), as an async iterable; `match`, `count`. */
  sscan_iter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<V> {
    return sscanIter<V>((...args) => this.execute_command(...args), name, options, extra);
  }

  /**
   * Every `[member, score]` of a sorted set (ZSCAN on the key's node): redis-py's `zscan_iter(name, match, count,
   * score_cast_func)`, the keyword arguments in `options`.
   */
  zscan_iter<const O extends ZscanOptions>(name: KeyArg, options?: O): AsyncGenerator<[V, CastScore<O>]> {
    return zscanIterOn(this, name, options);
  }

  /** Alias of {@link zscan_iter}. */
  zscanIter<const O extends ZscanOptions>(name: KeyArg, options?: O): AsyncGenerator<[V, CastScore<O>]> {
    return this.zscan_iter(name, options);
  }

  /** Alias of {@link sscan_iter}. */
  sscanIter(name: KeyArg, options: CollectionScanOptions = {}, ...extra: never[]): AsyncGenerator<V> {
    return this.sscan_iter(name, options, ...extra);
  }

  /** A cluster pipeline: commands grouped by node, sent in parallel, each redirected on its own. */
  pipeline(options: ClusterPipelineOptions = {}): ClusterPipeline<V, I> {
    return new ClusterPipeline<V, I>(this, options);
  }

  /**
   * redis-py's `transaction(func, *watches)`: WATCHes the keys (all in one slot) on an exclusive connection to the
   * slot's owner and calls `fn(pipe)` — commands run at once there until `pipe.multi()`, then queue for MULTI/EXEC.
   * Run again when a watched key changed or the slot moved before anything ran; `{ value_from_callable: true }` as
   * the last argument resolves to `fn`'s value.
   */
  transaction(fn: TransactionCallback<V, I>, ...watches: Array<KeyArg | TransactionOptions>): Promise<unknown> {
    if (this.closed) return Promise.reject(closedError());
    return runClusterTransaction(this, fn as TransactionCallback, watches);
  }

  /** redis-py's `register_script(script)`: EVALSHA on the keys' node, falling back to EVAL where the node lacks it. */
  register_script(script: string | Buffer): Script {
    return registerScript(this, script);
  }

  /** Alias of {@link register_script}. */
  registerScript(script: string | Buffer): Script {
    return registerScript(this, script);
  }

  /**
   * Statistics per node (always on): commands sent, errors by class, redirections, reconnects, what is in flight and
   * queued, and reply latency (p50/p99). See docs/observability.md.
   */
  stats(): { nodes: NodeStatsSnapshot[] } {
    const nodes = [...this.topology.nodes.values()].map((node) => node.stats.snapshot(node.key));
    return { nodes: nodes.sort((a, b) => a.address.localeCompare(b.address)) };
  }

  /** Per-node INFO, keyed by `host:port`: each node's fields as one flat object, as redis-py parses them. */
  info(...sections: string[]): Promise<Map<string, ServerInfo>> {
    return this.runSpec(specForArgs(['INFO'])!, sections) as Promise<Map<string, ServerInfo>>;
  }

  /**
   * Waits for pending replies — also of commands still waiting for the first topology or retrying after a
   * redirection (their own timeouts bound the wait) — then closes every connection. Later calls reject with
   * ClientClosedError.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => {});
    await this.executor.settled();
    await this.topology.close();
  }

  /** redis-py's `quit()`: closes the client once every pending reply is in (as {@link close}); resolves to true. */
  async quit(): Promise<true> {
    await this.close();
    return true;
  }

  /** Closes every connection at once; pending commands reject. */
  disconnect(): void {
    this.closed = true;
    this.topology.disconnect();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** What `util.inspect` shows: the nodes' addresses, never the options. */
function inspectCluster(this: StrictRedisClusterClient): string {
  const nodes = [...this.topology.nodes.keys()].join(', ');
  return `StrictRedisCluster { nodes: [${nodes}] }`;
}

/**
 * Installs the command, cluster-management and node methods on the client, and the command methods on its pipelines
 * (which only the client makes). A pure call: a bundle that never uses StrictRedisCluster drops it, and with it the
 * whole cluster client.
 */
function withClusterMethods(cls: typeof StrictRedisClusterClient): typeof StrictRedisClusterClient {
  installClusterManagement(cls.prototype);
  installNodeApi(cls.prototype);
  installCommandMethods(cls.prototype);
  installCommandMethods(ClusterPipeline.prototype);
  // Here, not in the class body: a computed key read from an import would keep the class in every bundle.
  Object.defineProperty(cls.prototype, inspect.custom, { value: inspectCluster, writable: true, configurable: true });
  return cls;
}

/** A StrictRedis method that answers per node on a cluster: a Map from `host:port` to that node's reply. */
type PerNode<V, I, K extends PerNodeMethod> = (
  ...args: Parameters<CommandMethods<V, I>[K]>
) => Promise<Map<string, Awaited<ReturnType<CommandMethods<V, I>[K]>>>>;

/**
 * The methods that answer per node on a cluster (PER_NODE_METHODS): a Map from `host:port` to what StrictRedis's
 * method returns. Written out member by member so that each keeps its documentation in editors.
 */
export interface PerNodeMethods<V, I = number> {
  /** LASTSAVE on every node: when each last saved to disk. */
  lastsave: PerNode<V, I, 'lastsave'>;
  /** ROLE on every node: its replication role, as StrictRedis.role() gives it. */
  role: PerNode<V, I, 'role'>;
  /** MODULE LIST on every node: the modules each has loaded. */
  module_list: PerNode<V, I, 'module_list'>;
  /** SLOWLOG GET on every node: each one's slow log entries. */
  slowlog_get: PerNode<V, I, 'slowlog_get'>;
  /** LATENCY DOCTOR on every node: each one's latency report. */
  latency_doctor: PerNode<V, I, 'latency_doctor'>;
  /** LATENCY GRAPH on every node: each one's ASCII graph of an event. */
  latency_graph: PerNode<V, I, 'latency_graph'>;
  /** LATENCY HISTOGRAM on every node: each one's per-command latency histograms. */
  latency_histogram: PerNode<V, I, 'latency_histogram'>;
  /** LATENCY HISTORY on every node: each one's samples of an event. */
  latency_history: PerNode<V, I, 'latency_history'>;
  /** LATENCY LATEST on every node: each one's latest latency spikes. */
  latency_latest: PerNode<V, I, 'latency_latest'>;
  /** MEMORY STATS on every primary: each one's memory report. */
  memory_stats: PerNode<V, I, 'memory_stats'>;
  /** MEMORY DOCTOR on every primary: each one's memory advice. */
  memory_doctor: PerNode<V, I, 'memory_doctor'>;
  /** MEMORY MALLOC-STATS on every primary: each one's allocator report. */
  memory_malloc_stats: PerNode<V, I, 'memory_malloc_stats'>;
  /** FUNCTION LIST on every primary: the libraries each one has. */
  function_list: PerNode<V, I, 'function_list'>;
  /** FUNCTION STATS on every primary: each one's running function and engines. */
  function_stats: PerNode<V, I, 'function_stats'>;
}

/** Compile-time check that PerNodeMethods names every method of PER_NODE_METHODS (else it would vanish from the type). */
export const perNodeMethodsComplete: [Exclude<PerNodeMethod, keyof PerNodeMethods<string>>] extends [never]
  ? true
  : never = true;

/**
 * The cluster client's command methods: the same as StrictRedis's, except that INFO and the other per-node reports
 * (PER_NODE_METHODS in fan-out.ts) answer per node, SCAN (a method of the client) walks the whole cluster, and the
 * CLUSTER methods take redis-py's cluster signatures.
 */
export type ClusterCommandMethods<V, I = number> = Omit<
  CommandMethods<V, I>,
  'info' | 'scan' | PerNodeMethod | keyof ClusterManagementMethods<V, I>
> &
  PerNodeMethods<V, I> &
  ClusterManagementMethods<V, I>;

/** A Redis Cluster client; `V` is `string` (decode_responses, the default) or `Buffer`. */
export interface StrictRedisCluster<V extends string | Buffer = string, I extends number | bigint = number>
  extends StrictRedisClusterClient<V, I>,
    ClusterCommandMethods<V, I>,
    ClusterNodeApi {}

/**
 * The type of the StrictRedisCluster class: reply types follow the options — strings or Buffers after
 * `decode_responses`, numbers or bigints after `integer_replies`.
 */
export interface StrictRedisClusterConstructor {
  // `O & ClusterOptions`: the options' functions (retry_strategy, dns_lookup…) get their parameter types.
  new <O extends ClusterOptions>(options: O & ClusterOptions): StrictRedisCluster<ReplyString<O>, ReplyInteger<O>>;
  /** redis-py's node flags, for `target_nodes`. */
  readonly PRIMARIES: 'primaries';
  readonly REPLICAS: 'replicas';
  readonly ALL_NODES: 'all';
  readonly RANDOM: 'random';
  readonly DEFAULT_NODE: 'default-node';
  readonly prototype: StrictRedisCluster<string | Buffer, number | bigint>;
}

/** The StrictRedisCluster class; `new StrictRedisCluster({ startup_nodes })` (see the {@link StrictRedisCluster} interface for its methods). */
export const StrictRedisCluster = /* @__PURE__ */ withClusterMethods(
  StrictRedisClusterClient,
) as unknown as StrictRedisClusterConstructor;
