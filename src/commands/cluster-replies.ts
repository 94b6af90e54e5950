/**
 * Reply shapes of the CLUSTER commands, following redis-py's unified parsers (parse_cluster_info, parse_cluster_nodes,
 * the cluster client's CLUSTER SLOTS and SHARDS parsers, parse_cluster_links_unified): the same shape whatever the
 * protocol, and server-controlled names only ever as own data properties (setField), never a prototype.
 */
import { ProtocolError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';
import { asInteger, entries, setField, text, toArray } from './transforms.js';
import type { Bulk } from './types.js';

/** CLUSTER INFO, field by field, every value as the server wrote it (text, as redis-py leaves it). */
export type ClusterInfo = Record<string, string>;

/** A slot being moved, from CLUSTER NODES' `[slot->-id]` / `[slot-<-id]` entries. */
export interface ClusterNodeMigration {
  slot: string;
  node_id: string;
  state: 'migrating' | 'importing';
}

/** One line of CLUSTER NODES (or CLUSTER REPLICAS), as redis-py's parse_cluster_nodes gives it: text fields. */
export interface ClusterNodeDetail {
  node_id: string;
  /** The announced hostname, `''` when none. */
  hostname: string;
  flags: string;
  master_id: string;
  last_ping_sent: string;
  last_pong_rcvd: string;
  epoch: string;
  /** Slot ranges as text: `['0', '5460']`, or `['5461']` for a single slot. */
  slots: string[][];
  migrations: ClusterNodeMigration[];
  connected: boolean;
}

/** CLUSTER NODES / CLUSTER REPLICAS by `ip:port` (the address before `@`). */
export type ClusterNodes = Record<string, ClusterNodeDetail>;

/** The owners of one slot range of CLUSTER SLOTS: `[host, port]` pairs. */
export interface ClusterSlotOwners {
  primary: [string, number];
  replicas: Array<[string, number]>;
}

/** CLUSTER SLOTS by slot range, keyed `'start-end'` (redis-py keys its dict by the `(start, end)` tuple). */
export type ClusterSlots = Record<string, ClusterSlotOwners>;

/** One node of a CLUSTER SHARDS shard: the server's fields, text as bulk strings, ports and offsets as numbers. */
export interface ClusterShardNode {
  id: Bulk;
  port?: number;
  'tls-port'?: number;
  ip: Bulk;
  endpoint: Bulk;
  hostname?: Bulk;
  role: Bulk;
  'replication-offset': number;
  health: Bulk;
  [field: string]: Bulk | number | undefined;
}

/** One shard of CLUSTER SHARDS: its slot ranges as `[start, end]` pairs and its nodes. */
export interface ClusterShard {
  slots: Array<[number, number]>;
  nodes: ClusterShardNode[];
}

/** One peer link of CLUSTER LINKS. */
export interface ClusterLink {
  direction: Bulk;
  node: Bulk;
  'create-time': number;
  events: Bulk;
  'send-buffer-allocated': number;
  'send-buffer-used': number;
  [field: string]: Bulk | number | undefined;
}

function lines(reply: RespValue): string[] {
  return text(reply)
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
}

/** CLUSTER INFO: `field:value` lines as an ordinary record of text. */
export function parseClusterInfo(reply: RespValue): ClusterInfo {
  const out: ClusterInfo = {};
  for (const line of lines(reply)) {
    const colon = line.indexOf(':');
    if (colon > 0) setField(out, line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}

function parseNodeSlots(items: readonly string[]): Pick<ClusterNodeDetail, 'slots' | 'migrations'> {
  const slots: string[][] = [];
  const migrations: ClusterNodeMigration[] = [];
  for (const item of items) {
    const migrating = item.indexOf('->-');
    const importing = item.indexOf('-<-');
    if (migrating > 0) {
      migrations.push({ slot: item.slice(1, migrating), node_id: item.slice(migrating + 3, -1), state: 'migrating' });
    } else if (importing > 0) {
      migrations.push({ slot: item.slice(1, importing), node_id: item.slice(importing + 3, -1), state: 'importing' });
    } else {
      slots.push(item.split('-'));
    }
  }
  return { slots, migrations };
}

/** CLUSTER NODES (one text reply) or CLUSTER REPLICAS (one line per element), keyed by `ip:port`. */
export function parseClusterNodes(reply: RespValue): ClusterNodes {
  const all = Array.isArray(reply) ? toArray(reply).flatMap(lines) : lines(reply);
  const out: ClusterNodes = {};
  for (const line of all) {
    const fields = line.split(' ');
    if (fields.length < 8) throw new ProtocolError('CLUSTER NODES: a line has fewer than 8 fields');
    const [node_id, address, flags, master_id, last_ping_sent, last_pong_rcvd, epoch, link] = fields;
    const at = address.indexOf('@');
    const bus = at < 0 ? '' : address.slice(at + 1);
    const comma = bus.indexOf(',');
    out[at < 0 ? address : address.slice(0, at)] = {
      node_id,
      hostname: comma < 0 ? '' : bus.slice(comma + 1).split(',')[0],
      flags,
      master_id,
      last_ping_sent,
      last_pong_rcvd,
      epoch,
      ...parseNodeSlots(fields.slice(8)),
      connected: link === 'connected',
    };
  }
  return out;
}

function hostPort(entry: RespValue): [string, number] {
  const [host, port] = toArray(entry);
  return [text(host), asInteger(port)];
}

/** CLUSTER SLOTS: `'start-end'` → `{ primary: [host, port], replicas: [[host, port], …] }`. */
export function parseClusterSlots(reply: RespValue): ClusterSlots {
  const out: ClusterSlots = {};
  for (const range of toArray(reply)) {
    const [start, end, primary, ...replicas] = toArray(range);
    out[`${asInteger(start)}-${asInteger(end)}`] = { primary: hostPort(primary), replicas: replicas.map(hostPort) };
  }
  return out;
}

/** A RESP3 map or RESP2 flat list of fields, as an ordinary record with text keys and the values untouched. */
function fieldRecord<T>(reply: RespValue): T {
  const out: Record<string, RespValue> = {};
  for (const [field, value] of entries(reply)) setField(out, text(field), value);
  return out as T;
}

/** CLUSTER SHARDS: one `{ slots: [[start, end], …], nodes: [{ id, ip, port, role, health, … }] }` per shard. */
export function parseClusterShards(reply: RespValue): ClusterShard[] {
  return toArray(reply).map((shard) => {
    const fields = fieldRecord<Record<string, RespValue>>(shard);
    const flat = toArray(fields.slots ?? null).map(asInteger);
    const slots: Array<[number, number]> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) slots.push([flat[i], flat[i + 1]]);
    return { slots, nodes: toArray(fields.nodes ?? null).map((node) => fieldRecord<ClusterShardNode>(node)) };
  });
}

/** CLUSTER LINKS: one record per peer link. */
export function parseClusterLinks(reply: RespValue): ClusterLink[] {
  return toArray(reply).map((link) => fieldRecord<ClusterLink>(link));
}
