/**
 * redis-py's ClusterManagementCommands on StrictRedisCluster: the CLUSTER methods that take a `target_node` /
 * `target_nodes` parameter (where redis-py's signature has it), with redis-py's defaults — the default node when the
 * target is optional, DataError when redis-py needs one — and cluster_delslots sending each slot to its owner. The
 * other CLUSTER methods are the declarations' own, routed by their `slotArg` or to the default node.
 */
import { buildCommand, type SpecRunner } from '../client/runner.js';
import {
  CLUSTER,
  CLUSTER_ADDSLOTS,
  CLUSTER_ADDSLOTSRANGE,
  CLUSTER_BUMPEPOCH,
  CLUSTER_DELSLOTS,
  CLUSTER_FAILOVER,
  CLUSTER_FLUSHSLOTS,
  CLUSTER_INFO,
  CLUSTER_LINKS,
  CLUSTER_MEET,
  CLUSTER_MYID,
  CLUSTER_MYSHARDID,
  CLUSTER_REPLICAS,
  CLUSTER_REPLICATE,
  CLUSTER_RESET,
  CLUSTER_SAVECONFIG,
  CLUSTER_SET_CONFIG_EPOCH,
  CLUSTER_SETSLOT,
  CLUSTER_SHARDS,
  CLUSTER_SLAVES,
  CLUSTER_SLOTS,
  READONLY,
  READWRITE,
  type SlotArg,
  slotNumber,
} from '../commands/cluster-commands.js';
import type {
  ClusterInfo,
  ClusterLink,
  ClusterNodes,
  ClusterShard,
  ClusterSlots,
} from '../commands/cluster-replies.js';
import { flatten } from '../commands/define.js';
import type { AnyCommandSpec, Resolve } from '../commands/types.js';
import { DataError } from '../errors.js';
import { checkOptions, isPlainObject } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { NormalizedClusterOptions } from './cluster-options.js';
import type { ClusterExecutor } from './executor.js';
import { isTargetNodes, type NodeTargets, type PerTarget, type TargetNodes } from './node-targets.js';
import type { TopologyManager } from './topology-manager.js';

/** What the management methods need from the client. */
interface ManagementHost {
  readonly wantsBuffers: boolean;
  readonly replyFlags: number;
  readonly options: NormalizedClusterOptions;
  readonly topology: TopologyManager;
  readonly executor: ClusterExecutor;
  readonly targets: NodeTargets;
  connect(): Promise<void>;
}

/** Slots given one by one or as lists (redis-py's `*slots`). */
export type Slots = Array<SlotArg | readonly SlotArg[]>;

/** The options redis-py's `cluster(cluster_arg, *args, target_nodes=…)` takes as keyword. */
export interface ClusterTargetOption {
  target_nodes: TargetNodes;
}

/** The CLUSTER methods whose cluster form differs from one node's: a target parameter, or per-slot routing. */
export interface ClusterManagementMethods<V, I = number> {
  /**
   * redis-py's `cluster(cluster_arg, *args)`: CLUSTER <ARG> …args, parsed as the subcommand's method parses it; to the
   * slot's owner for subcommands naming a slot, else the default node, or `{ target_nodes }` given last (then a Map
   * from `host:port` for several nodes).
   */
  cluster(cluster_arg: string, ...args: Array<RedisArg | ClusterTargetOption>): Promise<unknown>;
  /** CLUSTER MYID on `target_node`: its node id. */
  cluster_myid<T extends TargetNodes>(target_node: T): Promise<PerTarget<T, V>>;
  /** CLUSTER ADDSLOTS on `target_node`: assigns `slots` to it; true. */
  cluster_addslots<T extends TargetNodes>(target_node: T, ...slots: Slots): Promise<PerTarget<T, true>>;
  /** CLUSTER ADDSLOTSRANGE on `target_node`: assigns the `start, end, …` ranges (Redis 7.0+); true. */
  cluster_addslotsrange<T extends TargetNodes>(target_node: T, ...slots: Slots): Promise<PerTarget<T, true>>;
  /** CLUSTER DELSLOTS, each slot sent to the node serving it: one true per slot. */
  cluster_delslots(...slots: Slots): Promise<boolean[]>;
  /** CLUSTER FAILOVER on replica `target_node`; `option` `'FORCE'` or `'TAKEOVER'`; true. */
  cluster_failover<T extends TargetNodes>(target_node: T, option?: string | Buffer | null): Promise<PerTarget<T, true>>;
  /** CLUSTER INFO of the default node (or `target_nodes`), field by field as text. */
  cluster_info<T extends TargetNodes = 'default-node'>(target_nodes?: T): Promise<PerTarget<T, ClusterInfo>>;
  /** CLUSTER MEET `host` `port` from the default node (or `target_nodes`); true. */
  cluster_meet<T extends TargetNodes = 'default-node'>(
    host: string,
    port: number | string,
    target_nodes?: T,
  ): Promise<PerTarget<T, true>>;
  /** CLUSTER REPLICATE on `target_nodes`: makes them replicas of `node_id`; true. */
  cluster_replicate<T extends TargetNodes>(target_nodes: T, node_id: string): Promise<PerTarget<T, true>>;
  /** CLUSTER RESET SOFT (or HARD with `soft` false) on the default node (or `target_nodes`); true. */
  cluster_reset<T extends TargetNodes = 'default-node'>(soft?: boolean, target_nodes?: T): Promise<PerTarget<T, true>>;
  /** CLUSTER SAVECONFIG on `target_nodes`; true. */
  cluster_save_config<T extends TargetNodes>(target_nodes: T): Promise<PerTarget<T, true>>;
  /** CLUSTER SET-CONFIG-EPOCH `epoch` on the default node (or `target_nodes`); true. */
  cluster_set_config_epoch<T extends TargetNodes = 'default-node'>(
    epoch: number,
    target_nodes?: T,
  ): Promise<PerTarget<T, true>>;
  /** CLUSTER SETSLOT `slot_id` IMPORTING / MIGRATING / NODE `node_id` on `target_node`; true. */
  cluster_setslot<T extends TargetNodes>(
    target_node: T,
    node_id: string,
    slot_id: SlotArg,
    state: string | Buffer,
  ): Promise<PerTarget<T, true>>;
  /** CLUSTER REPLICAS `node_id` as the default node (or `target_nodes`) knows them, keyed by `ip:port`. */
  cluster_replicas<T extends TargetNodes = 'default-node'>(
    node_id: string,
    target_nodes?: T,
  ): Promise<PerTarget<T, ClusterNodes>>;
  /** CLUSTER SLAVES: the older name of {@link cluster_replicas}. */
  cluster_slaves<T extends TargetNodes = 'default-node'>(
    node_id: string,
    target_nodes?: T,
  ): Promise<PerTarget<T, ClusterNodes>>;
  /** CLUSTER SLOTS of the default node (or `target_nodes`): `'start-end'` → `{ primary, replicas }`. */
  cluster_slots<T extends TargetNodes = 'default-node'>(target_nodes?: T): Promise<PerTarget<T, ClusterSlots>>;
  /** CLUSTER SHARDS of the default node (or `target_nodes`) (Redis 7.0+). */
  cluster_shards<T extends TargetNodes = 'default-node'>(
    target_nodes?: T,
  ): Promise<PerTarget<T, Resolve<ClusterShard, V, I>[]>>;
  /** CLUSTER MYSHARDID of the default node (or `target_nodes`) (Redis 7.2+). */
  cluster_myshardid<T extends TargetNodes = 'default-node'>(target_nodes?: T): Promise<PerTarget<T, string>>;
  /** CLUSTER LINKS of `target_node`: one record per peer link (Redis 7.0+). */
  cluster_links<T extends TargetNodes>(target_node: T): Promise<PerTarget<T, Resolve<ClusterLink, V, I>[]>>;
  /** CLUSTER FLUSHSLOTS on `target_nodes` (which must hold no keys): true. */
  cluster_flushslots<T extends TargetNodes>(target_nodes: T): Promise<PerTarget<T, true>>;
  /** CLUSTER BUMPEPOCH on `target_nodes`: `'BUMPED <epoch>'` or `'STILL <epoch>'`. */
  cluster_bumpepoch<T extends TargetNodes>(target_nodes: T): Promise<PerTarget<T, string>>;
  /**
   * READONLY on the default node's (or `target_nodes`') shared connection; true. Where reads go is the `readFrom`
   * option's alone: this never switches the client to replica reads (see docs/cluster.md).
   */
  readonly<T extends TargetNodes = 'default-node'>(target_nodes?: T): Promise<PerTarget<T, true>>;
  /** READWRITE on the default node's (or `target_nodes`') shared connection; true. Refused on replicas the client reads from. */
  readwrite<T extends TargetNodes = 'default-node'>(target_nodes?: T): Promise<PerTarget<T, true>>;
}

/** A method taking its target at argument `at`; `optional` targets default to the default node. */
interface Targeted {
  spec: AnyCommandSpec;
  at: number;
  optional: boolean;
}

function targeted(spec: unknown, at: number, optional: boolean): Targeted {
  return { spec: spec as AnyCommandSpec, at, optional };
}

const TARGETED: Readonly<Record<string, Targeted>> = {
  cluster_myid: targeted(CLUSTER_MYID, 0, false),
  cluster_addslots: targeted(CLUSTER_ADDSLOTS, 0, false),
  cluster_addslotsrange: targeted(CLUSTER_ADDSLOTSRANGE, 0, false),
  cluster_failover: targeted(CLUSTER_FAILOVER, 0, false),
  cluster_replicate: targeted(CLUSTER_REPLICATE, 0, false),
  cluster_setslot: targeted(CLUSTER_SETSLOT, 0, false),
  cluster_links: targeted(CLUSTER_LINKS, 0, false),
  cluster_save_config: targeted(CLUSTER_SAVECONFIG, 0, false),
  cluster_flushslots: targeted(CLUSTER_FLUSHSLOTS, 0, false),
  cluster_bumpepoch: targeted(CLUSTER_BUMPEPOCH, 0, false),
  cluster_info: targeted(CLUSTER_INFO, 0, true),
  cluster_slots: targeted(CLUSTER_SLOTS, 0, true),
  cluster_shards: targeted(CLUSTER_SHARDS, 0, true),
  cluster_myshardid: targeted(CLUSTER_MYSHARDID, 0, true),
  readonly: targeted(READONLY, 0, true),
  readwrite: targeted(READWRITE, 0, true),
  cluster_reset: targeted(CLUSTER_RESET, 1, true),
  cluster_set_config_epoch: targeted(CLUSTER_SET_CONFIG_EPOCH, 1, true),
  cluster_replicas: targeted(CLUSTER_REPLICAS, 1, true),
  cluster_slaves: targeted(CLUSTER_SLAVES, 1, true),
  cluster_meet: targeted(CLUSTER_MEET, 2, true),
};

/**
 * READWRITE on a replica this client reads from would make its reads bounce to the primary (MOVED) until that
 * connection reconnects: refused, so that routing stays the `readFrom` option's.
 */
function checkReadMode(host: ManagementHost, spec: AnyCommandSpec, target: TargetNodes): void {
  if (spec !== (READWRITE as unknown as AnyCommandSpec) || host.options.readFrom === 'primary') return;
  if (target === 'random') return;
  const resolved = target === 'default-node' ? host.targets.defaultNode() : host.targets.resolve(target, spec.name);
  const replicas = new Set(host.targets.replicas());
  if ((Array.isArray(resolved) ? resolved : [resolved]).some((node) => node !== undefined && replicas.has(node))) {
    throw new DataError(
      "READWRITE: this client reads from replicas (readFrom); READWRITE on their connections would turn those reads into redirections — use a client with readFrom: 'primary'",
    );
  }
}

async function runTargeted(host: ManagementHost, entry: Targeted, args: unknown[]): Promise<unknown> {
  const { spec, at, optional } = entry;
  let target = args[at] as TargetNodes | undefined | null;
  if (target === undefined || target === null) {
    if (!optional) throw new DataError(`${spec.name}: needs the node to run on (target_node / target_nodes)`);
    target = 'default-node';
  } else if (!isTargetNodes(target)) {
    throw new DataError(
      `${spec.name}: target_nodes must be 'primaries', 'replicas', 'all', 'random', 'default-node', a node or a list of nodes`,
    );
  }
  const command = buildCommand(
    spec,
    args.filter((_, i) => i !== at),
    host.wantsBuffers,
    host.replyFlags,
  );
  if (host.topology.table === undefined) await host.connect();
  checkReadMode(host, spec, target);
  return host.targets.run(target, command);
}

/** redis-py's cluster_delslots: one CLUSTER DELSLOTS per slot, each to the node serving it. */
async function delslots(host: ManagementHost, slots: Slots): Promise<boolean[]> {
  const list = flatten(slots).map((slot) => slotNumber('CLUSTER DELSLOTS', slot));
  if (list.length === 0) throw new DataError('CLUSTER DELSLOTS needs at least one slot');
  if (host.topology.table === undefined) await host.connect();
  const spec = CLUSTER_DELSLOTS as unknown as AnyCommandSpec;
  return Promise.all(
    list.map(async (slot) => {
      const command = buildCommand(spec, [slot], host.wantsBuffers, host.replyFlags);
      return (await host.executor.execute(command, { slot })) as boolean;
    }),
  );
}

/** `cluster(arg, …args, { target_nodes })`: the target given as redis-py's keyword; the declaration's routing without. */
async function clusterWithTarget(host: ManagementHost & SpecRunner, args: unknown[]): Promise<unknown> {
  const last = args[args.length - 1];
  if (!isPlainObject(last) || !('target_nodes' in last))
    return host.runSpec(CLUSTER as unknown as AnyCommandSpec, args);
  checkOptions('CLUSTER', last, ['target_nodes']);
  const entry = targeted(CLUSTER, args.length - 1, false);
  return runTargeted(host, entry, [...args.slice(0, -1), last.target_nodes]);
}

/** Puts the management methods on the cluster client's prototype (before the declarations' own are installed). */
export function installClusterManagement(prototype: object): void {
  for (const [name, entry] of Object.entries(TARGETED)) {
    Object.defineProperty(prototype, name, {
      value: function (this: ManagementHost, ...args: unknown[]) {
        return runTargeted(this, entry, args);
      },
      writable: true,
      configurable: true,
    });
  }
  Object.defineProperty(prototype, 'cluster', {
    value: function (this: ManagementHost & SpecRunner, ...args: unknown[]) {
      return clusterWithTarget(this, args);
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(prototype, 'cluster_delslots', {
    value: function (this: ManagementHost, ...slots: Slots) {
      return delslots(this, slots);
    },
    writable: true,
    configurable: true,
  });
}
