/**
 * The CLUSTER command family and READONLY/READWRITE, as one node answers them. On StrictRedis they go to its one
 * server; StrictRedisCluster sends the slot-naming ones to the slot's owner (`slotArg`), the others to its default
 * node, and gives the ones redis-py's cluster client takes a target for a `target_nodes` parameter of their own
 * (src/cluster/cluster-management.ts).
 */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { choice, count, nodeId, type SlotArg, slotList, slotNumber, slotRanges, wholeNumber } from './cluster-args.js';
import {
  parseClusterInfo,
  parseClusterLinks,
  parseClusterNodes,
  parseClusterShards,
  parseClusterSlots,
} from './cluster-replies.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asBulk, asBulkArray, asInt, asOk, asStatus, text } from './transforms.js';
import type { AnyCommandSpec, KeyArg } from './types.js';

/** A declaration of a CLUSTER subcommand without arguments. */
function noArgs<R>(sub: string, transform: (reply: RespValue) => R, flags: number) {
  return defineCommand({
    name: `CLUSTER ${sub}`,
    maxArgs: 0,
    build: () => ['CLUSTER', sub],
    transform,
    flags,
    route: 'default-node',
  });
}

export const CLUSTER_INFO = noArgs('INFO', parseClusterInfo, READ_ONLY);
export const CLUSTER_NODES = noArgs('NODES', parseClusterNodes, READ_ONLY);
export const CLUSTER_SLOTS = noArgs('SLOTS', parseClusterSlots, READ_ONLY);
export const CLUSTER_SHARDS = noArgs('SHARDS', parseClusterShards, READ_ONLY);
export const CLUSTER_LINKS = noArgs('LINKS', parseClusterLinks, READ_ONLY);
export const CLUSTER_MYID = noArgs('MYID', asBulk, READ_ONLY);
export const CLUSTER_MYSHARDID = noArgs('MYSHARDID', (reply: RespValue) => text(reply), READ_ONLY);
export const CLUSTER_SAVECONFIG = noArgs('SAVECONFIG', asOk, IDEMPOTENT);
export const CLUSTER_FLUSHSLOTS = noArgs('FLUSHSLOTS', asOk, IDEMPOTENT);
/** `BUMPED <epoch>` or `STILL <epoch>`, as the server says it. */
export const CLUSTER_BUMPEPOCH = noArgs('BUMPEPOCH', asStatus, WRITE);

export const CLUSTER_KEYSLOT = defineCommand({
  name: 'CLUSTER KEYSLOT',
  maxArgs: 1,
  build: (key: KeyArg) => ['CLUSTER', 'KEYSLOT', key],
  transform: asInt,
  flags: READ_ONLY,
  route: 'default-node',
});

export const CLUSTER_COUNTKEYSINSLOT = defineCommand({
  name: 'CLUSTER COUNTKEYSINSLOT',
  maxArgs: 1,
  build: (slot_id: SlotArg) => ['CLUSTER', 'COUNTKEYSINSLOT', slotNumber('CLUSTER COUNTKEYSINSLOT', slot_id)],
  transform: asInt,
  flags: READ_ONLY,
  slotArg: 2,
});

export const CLUSTER_GETKEYSINSLOT = defineCommand({
  name: 'CLUSTER GETKEYSINSLOT',
  maxArgs: 2,
  build: (slot: SlotArg, num_keys: number) => [
    'CLUSTER',
    'GETKEYSINSLOT',
    slotNumber('CLUSTER GETKEYSINSLOT', slot),
    count('CLUSTER GETKEYSINSLOT', 'num_keys', num_keys),
  ],
  transform: asBulkArray,
  flags: READ_ONLY,
  slotArg: 2,
});

export const CLUSTER_COUNT_FAILURE_REPORTS = defineCommand({
  name: 'CLUSTER COUNT-FAILURE-REPORTS',
  maxArgs: 1,
  build: (node_id: string) => ['CLUSTER', 'COUNT-FAILURE-REPORTS', nodeId('CLUSTER COUNT-FAILURE-REPORTS', node_id)],
  transform: asInt,
  flags: READ_ONLY,
  route: 'default-node',
});

/** CLUSTER REPLICAS and its older name CLUSTER SLAVES: the replicas of a primary, as CLUSTER NODES lines. */
function replicasOf(sub: 'REPLICAS' | 'SLAVES') {
  return defineCommand({
    name: `CLUSTER ${sub}`,
    maxArgs: 1,
    build: (node_id: string) => ['CLUSTER', sub, nodeId(`CLUSTER ${sub}`, node_id)],
    transform: parseClusterNodes,
    flags: READ_ONLY,
    route: 'default-node',
  });
}
export const CLUSTER_REPLICAS = replicasOf('REPLICAS');
export const CLUSTER_SLAVES = replicasOf('SLAVES');

/** ADDSLOTS, DELSLOTS (single slots) and ADDSLOTSRANGE, DELSLOTSRANGE (start/end pairs): true. */
function slotsCommand(sub: string, ranges: boolean, slotArg?: number) {
  const name = `CLUSTER ${sub}`;
  return defineCommand({
    name,
    slotArg,
    maxArgs: 'variadic',
    build: (...slots: Array<SlotArg | readonly SlotArg[]>) => [
      'CLUSTER',
      sub,
      ...(ranges ? slotRanges(name, slots) : slotList(name, slots)),
    ],
    transform: asOk,
    flags: WRITE,
  });
}
export const CLUSTER_ADDSLOTS = slotsCommand('ADDSLOTS', false);
export const CLUSTER_ADDSLOTSRANGE = slotsCommand('ADDSLOTSRANGE', true);
/** In a cluster: the method sends each slot to its owner (cluster-management.ts); raw calls go to the first's. */
export const CLUSTER_DELSLOTS = slotsCommand('DELSLOTS', false, 2);
/** In a cluster: to the owner of the first slot, as redis-py sends it. */
export const CLUSTER_DELSLOTSRANGE = slotsCommand('DELSLOTSRANGE', true, 2);

export const CLUSTER_FAILOVER = defineCommand({
  name: 'CLUSTER FAILOVER',
  maxArgs: 1,
  build: (option?: string | Buffer | null): RedisArg[] =>
    option === undefined || option === null || option === ''
      ? ['CLUSTER', 'FAILOVER']
      : ['CLUSTER', 'FAILOVER', choice('CLUSTER FAILOVER', 'option', option, ['FORCE', 'TAKEOVER'] as const)],
  transform: asOk,
  flags: WRITE,
});

export const CLUSTER_MEET = defineCommand({
  name: 'CLUSTER MEET',
  maxArgs: 2,
  build: (host: string, port: number | string) => {
    if (typeof host !== 'string' || host.length === 0) throw new DataError('CLUSTER MEET needs a host (a string)');
    const p = wholeNumber(port);
    if (p === undefined || p < 1 || p > 65535) throw new DataError('CLUSTER MEET: port must be from 1 to 65535');
    return ['CLUSTER', 'MEET', host, p];
  },
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'default-node',
});

export const CLUSTER_REPLICATE = defineCommand({
  name: 'CLUSTER REPLICATE',
  maxArgs: 1,
  build: (node_id: string) => ['CLUSTER', 'REPLICATE', nodeId('CLUSTER REPLICATE', node_id)],
  transform: asOk,
  flags: IDEMPOTENT,
});

export const CLUSTER_RESET = defineCommand({
  name: 'CLUSTER RESET',
  maxArgs: 1,
  build: (soft: boolean = true) => {
    if (typeof soft !== 'boolean') throw new DataError('CLUSTER RESET: soft must be true (SOFT) or false (HARD)');
    return ['CLUSTER', 'RESET', soft ? 'SOFT' : 'HARD'];
  },
  transform: asOk,
  flags: WRITE,
  route: 'default-node',
});

export const CLUSTER_SET_CONFIG_EPOCH = defineCommand({
  name: 'CLUSTER SET-CONFIG-EPOCH',
  maxArgs: 1,
  build: (epoch: number) => ['CLUSTER', 'SET-CONFIG-EPOCH', count('CLUSTER SET-CONFIG-EPOCH', 'epoch', epoch)],
  transform: asOk,
  flags: WRITE,
  route: 'default-node',
});

/** redis-py's order: the node id, then the slot, then the state (IMPORTING, MIGRATING or NODE). */
export const CLUSTER_SETSLOT = defineCommand({
  name: 'CLUSTER SETSLOT',
  maxArgs: 3,
  build: (node_id: string, slot_id: SlotArg, state: string | Buffer) => {
    const upper = typeof state === 'string' || Buffer.isBuffer(state) ? state.toString().toUpperCase() : '';
    if (upper === 'STABLE') throw new DataError('CLUSTER SETSLOT: for the STABLE state use cluster_setslot_stable');
    const mode = choice('CLUSTER SETSLOT', 'state', state, ['IMPORTING', 'MIGRATING', 'NODE'] as const);
    const slot = slotNumber('CLUSTER SETSLOT', slot_id);
    return ['CLUSTER', 'SETSLOT', slot, mode, nodeId('CLUSTER SETSLOT', node_id)];
  },
  transform: asOk,
  flags: IDEMPOTENT,
  slotArg: 2,
});

export const CLUSTER_SETSLOT_STABLE = defineCommand({
  name: 'CLUSTER SETSLOT',
  maxArgs: 1,
  build: (slot_id: SlotArg) => ['CLUSTER', 'SETSLOT', slotNumber('CLUSTER SETSLOT', slot_id), 'STABLE'],
  transform: asOk,
  flags: IDEMPOTENT,
  slotArg: 2,
});

/** READONLY / READWRITE: this connection's stance on reads as a cluster replica; true. */
function readMode(name: 'READONLY' | 'READWRITE') {
  return defineCommand({
    name,
    maxArgs: 0,
    build: () => [name],
    transform: asOk,
    flags: IDEMPOTENT,
    route: 'default-node',
  });
}
export const READONLY = readMode('READONLY');
export const READWRITE = readMode('READWRITE');

/** Subcommands of `cluster(arg, …)` by upper-case name: their reply transform and flags. */
const SUBCOMMANDS = new Map<string, AnyCommandSpec>(
  [
    CLUSTER_INFO,
    CLUSTER_NODES,
    CLUSTER_SLOTS,
    CLUSTER_SHARDS,
    CLUSTER_LINKS,
    CLUSTER_MYID,
    CLUSTER_MYSHARDID,
    CLUSTER_SAVECONFIG,
    CLUSTER_FLUSHSLOTS,
    CLUSTER_BUMPEPOCH,
    CLUSTER_KEYSLOT,
    CLUSTER_COUNTKEYSINSLOT,
    CLUSTER_GETKEYSINSLOT,
    CLUSTER_COUNT_FAILURE_REPORTS,
    CLUSTER_REPLICAS,
    CLUSTER_SLAVES,
    CLUSTER_ADDSLOTS,
    CLUSTER_ADDSLOTSRANGE,
    CLUSTER_DELSLOTS,
    CLUSTER_DELSLOTSRANGE,
    CLUSTER_FAILOVER,
    CLUSTER_MEET,
    CLUSTER_REPLICATE,
    CLUSTER_RESET,
    CLUSTER_SET_CONFIG_EPOCH,
    CLUSTER_SETSLOT,
  ].map((spec) => [spec.name.slice('CLUSTER '.length), spec as unknown as AnyCommandSpec]),
);
/** FORGET has no method of its own; its reply is OK like the other changes. */
const FORGET_LIKE = { transform: asOk, flags: IDEMPOTENT };
/** Subcommands whose first argument is a slot: a cluster sends them to that slot's owner. */
const SLOT_SUBCOMMANDS = new Set(['COUNTKEYSINSLOT', 'GETKEYSINSLOT', 'SETSLOT', 'DELSLOTS', 'DELSLOTSRANGE']);

function subcommand(cluster_arg: unknown): string {
  if (typeof cluster_arg !== 'string' && !Buffer.isBuffer(cluster_arg)) {
    throw new DataError('CLUSTER needs a subcommand name (a string)');
  }
  return cluster_arg.toString().toUpperCase();
}

/**
 * redis-py's `cluster(cluster_arg, *args)`: `CLUSTER <ARG> …args`, the reply parsed as the subcommand's own method
 * parses it (raw for subcommands without one).
 */
export const CLUSTER = defineCommand({
  name: 'CLUSTER',
  maxArgs: 'variadic',
  build: (cluster_arg: string, ...args: RedisArg[]) => ['CLUSTER', subcommand(cluster_arg), ...args],
  transform: (reply: RespValue): unknown => reply,
  transformFor: (cluster_arg: string) => {
    const sub = subcommand(cluster_arg);
    return (SUBCOMMANDS.get(sub) ?? (sub === 'FORGET' ? FORGET_LIKE : undefined))?.transform as never;
  },
  flags: WRITE,
  flagsFor: (cluster_arg: string) => SUBCOMMANDS.get(subcommand(cluster_arg))?.flags,
  route: 'default-node',
  slotArg: (args) => (SLOT_SUBCOMMANDS.has(text(args[1] as RespValue).toUpperCase()) ? 2 : -1),
});

export { type SlotArg, slotNumber };

export const clusterCommands = {
  /** CLUSTER <cluster_arg> …args: the reply as the subcommand's method gives it (raw for others). */
  cluster: CLUSTER,
  /** CLUSTER INFO: the node's cluster state, field by field, as text. */
  cluster_info: CLUSTER_INFO,
  /** CLUSTER NODES: every node the server knows, keyed by `ip:port`. */
  cluster_nodes: CLUSTER_NODES,
  /** CLUSTER SLOTS: `'start-end'` → `{ primary: [host, port], replicas }`. */
  cluster_slots: CLUSTER_SLOTS,
  /** CLUSTER SHARDS: each shard's `slots` as `[start, end]` pairs and its `nodes` (Redis 7.0+). */
  cluster_shards: CLUSTER_SHARDS,
  /** CLUSTER LINKS: one record per peer link of the node (Redis 7.0+). */
  cluster_links: CLUSTER_LINKS,
  /** CLUSTER MYID: the node's id. */
  cluster_myid: CLUSTER_MYID,
  /** CLUSTER MYSHARDID: the id of the node's shard (Redis 7.2+). */
  cluster_myshardid: CLUSTER_MYSHARDID,
  /** CLUSTER SAVECONFIG: writes nodes.conf to disk; true. */
  cluster_save_config: CLUSTER_SAVECONFIG,
  /** CLUSTER FLUSHSLOTS: unassigns every slot of the node (which must hold no keys); true. */
  cluster_flushslots: CLUSTER_FLUSHSLOTS,
  /** CLUSTER BUMPEPOCH: `'BUMPED <epoch>'` or `'STILL <epoch>'`. */
  cluster_bumpepoch: CLUSTER_BUMPEPOCH,
  /** CLUSTER KEYSLOT: the hash slot of `key`, as the server computes it. */
  cluster_keyslot: CLUSTER_KEYSLOT,
  /** CLUSTER COUNTKEYSINSLOT: how many keys the node holds in `slot_id`. */
  cluster_countkeysinslot: CLUSTER_COUNTKEYSINSLOT,
  /** CLUSTER GETKEYSINSLOT: up to `num_keys` keys the node holds in `slot`. */
  cluster_get_keys_in_slot: CLUSTER_GETKEYSINSLOT,
  /** CLUSTER COUNT-FAILURE-REPORTS: how many failure reports the node has about `node_id`. */
  cluster_count_failure_report: CLUSTER_COUNT_FAILURE_REPORTS,
  /** CLUSTER REPLICAS: the replicas of primary `node_id`, keyed by `ip:port` as in cluster_nodes. */
  cluster_replicas: CLUSTER_REPLICAS,
  /** CLUSTER SLAVES: the older name of {@link cluster_replicas}. */
  cluster_slaves: CLUSTER_SLAVES,
  /** CLUSTER ADDSLOTS: assigns `slots` to the node; true. */
  cluster_addslots: CLUSTER_ADDSLOTS,
  /** CLUSTER ADDSLOTSRANGE: assigns the `start, end, …` slot ranges to the node (Redis 7.0+); true. */
  cluster_addslotsrange: CLUSTER_ADDSLOTSRANGE,
  /** CLUSTER DELSLOTS: unassigns `slots` from the node; true (a list per slot in a cluster). */
  cluster_delslots: CLUSTER_DELSLOTS,
  /** CLUSTER DELSLOTSRANGE: unassigns the `start, end, …` slot ranges (Redis 7.0+); true. */
  cluster_delslotsrange: CLUSTER_DELSLOTSRANGE,
  /** CLUSTER FAILOVER: makes the replica take over its primary; `option` `'FORCE'` or `'TAKEOVER'`; true. */
  cluster_failover: CLUSTER_FAILOVER,
  /** CLUSTER MEET: makes the node handshake with `host`:`port`; true. */
  cluster_meet: CLUSTER_MEET,
  /** CLUSTER REPLICATE: makes the node a replica of `node_id`; true. */
  cluster_replicate: CLUSTER_REPLICATE,
  /** CLUSTER RESET: `soft` (default true) sends SOFT, false HARD; true. */
  cluster_reset: CLUSTER_RESET,
  /** CLUSTER SET-CONFIG-EPOCH: sets a fresh node's config `epoch`; true. */
  cluster_set_config_epoch: CLUSTER_SET_CONFIG_EPOCH,
  /** CLUSTER SETSLOT: `slot_id` IMPORTING / MIGRATING from or to `node_id`, or NODE `node_id`; true. */
  cluster_setslot: CLUSTER_SETSLOT,
  /** CLUSTER SETSLOT … STABLE: clears the migrating/importing state of `slot_id`; true. */
  cluster_setslot_stable: CLUSTER_SETSLOT_STABLE,
  /** READONLY: lets this connection read from a cluster replica; true. */
  readonly: READONLY,
  /** READWRITE: undoes READONLY on this connection; true. */
  readwrite: READWRITE,
};
