/**
 * CLUSTER SHARDS (Redis 7.0+) and CLUSTER SLOTS (older servers) → one plain model of the cluster.
 *
 * Everything in these replies is untrusted: every slot, port, id and role is checked, and anything malformed is a
 * {@link ProtocolError}, so the caller can discard the reply and ask another node. Unknown endpoints (`?`, empty or
 * nil) resolve to the address that answered, which is what the server asks clients to do.
 */
import { DataError, ProtocolError } from '../errors.js';
import { addressKey, isValidHost, isValidPort } from './address.js';
import { replyFields, replyText, showValue } from './reply-fields.js';
import { SLOT_COUNT } from './slot.js';

export interface ClusterNodeDescriptor {
  /** Node id (40 hex characters on real servers); `''` when unknown (CLUSTER SLOTS before Redis 4, MOVED patches). */
  id: string;
  /** Where to connect: the node's preferred endpoint, or the address that answered when that endpoint is unknown. */
  host: string;
  /** Port to connect to. When the server only reported a TLS port, this is that port too. */
  port: number;
  /** TLS port, when the server reported one (CLUSTER SHARDS with `tls-cluster yes`). */
  tlsPort?: number;
  /** Announced hostname, when set: useful as the TLS servername even when `host` is an IP. */
  hostname?: string;
  role: 'master' | 'replica';
  /**
   * As reported by CLUSTER SHARDS. CLUSTER SLOTS carries no health, so its nodes are `'unknown'` (the server leaves
   * failed replicas out of that reply). Failed nodes are still reported: the caller decides what to do with them.
   */
  health: 'online' | 'failed' | 'loading' | 'unknown';
}

export interface ClusterShard {
  /** Inclusive slot ranges, ascending. May be empty (a master without slots, or a failed former master). */
  slots: Array<[number, number]>;
  /** The shard's master; undefined when the reply named none. */
  master: ClusterNodeDescriptor | undefined;
  /**
   * The other nodes of the shard. A shard should have one master, but after a failover a failed former master may
   * still be listed with role master; it is kept here (role and health intact) rather than dropped.
   */
  replicas: ClusterNodeDescriptor[];
}

export interface ClusterTopology {
  shards: ClusterShard[];
}

interface Answerer {
  host: string;
  port: number;
}

const MAX_SLOT = SLOT_COUNT - 1;

function checkAnsweredBy(answeredBy: Answerer): string {
  if (answeredBy === null || typeof answeredBy !== 'object' || !isValidHost(answeredBy.host)) {
    throw new DataError('answeredBy must be { host, port } with a non-empty host');
  }
  if (!isValidPort(answeredBy.port)) throw new DataError('answeredBy.port must be an integer from 1 to 65535');
  return answeredBy.host;
}

function readSlot(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SLOT) {
    throw new ProtocolError(`${where}: slot ${showValue(value)} is not an integer from 0 to ${MAX_SLOT}`);
  }
  return value;
}

function readRange(start: unknown, end: unknown, where: string): [number, number] {
  const from = readSlot(start, where);
  const to = readSlot(end, where);
  if (from > to) throw new ProtocolError(`${where}: slot range ${from}-${to} is reversed`);
  return [from, to];
}

function readPort(value: unknown, where: string): number {
  if (!isValidPort(value))
    throw new ProtocolError(`${where}: port ${showValue(value)} is not an integer from 1 to 65535`);
  return value;
}

/** An endpoint from the server; `?`, empty or nil mean "unknown": use the address that answered. */
function readEndpoint(value: unknown, fallbackHost: string, where: string): string {
  if (value === undefined || value === null) return fallbackHost;
  const text = replyText(value);
  if (text === undefined) throw new ProtocolError(`${where}: endpoint is ${showValue(value)}, not a string`);
  if (text === '' || text === '?') return fallbackHost;
  if (!isValidHost(text)) throw new ProtocolError(`${where}: endpoint ${showValue(text)} is not a valid host`);
  return text;
}

/** An optional announced hostname; empty means "not set". */
function readHostname(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = replyText(value);
  if (text === undefined) throw new ProtocolError(`${where}: hostname is ${showValue(value)}, not a string`);
  if (text === '') return undefined;
  if (!isValidHost(text)) throw new ProtocolError(`${where}: hostname ${showValue(text)} is not a valid host`);
  return text;
}

function readRole(value: unknown, where: string): ClusterNodeDescriptor['role'] {
  const text = replyText(value);
  if (text === 'master' || text === 'primary') return 'master';
  if (text === 'replica' || text === 'slave') return 'replica';
  throw new ProtocolError(`${where}: role ${showValue(value)} is neither master nor replica`);
}

/** Redis 7.0 sends `fail` where the documentation says `failed`; both mean failed. Unknown words stay 'unknown'. */
function readHealth(value: unknown, where: string): ClusterNodeDescriptor['health'] {
  if (value === undefined || value === null) return 'unknown';
  const text = replyText(value);
  if (text === undefined) throw new ProtocolError(`${where}: health is ${showValue(value)}, not a string`);
  switch (text) {
    case 'online':
      return 'online';
    case 'fail':
    case 'failed':
      return 'failed';
    case 'loading':
      return 'loading';
    default:
      return 'unknown';
  }
}

/** Builds a descriptor with only the optional properties that are set, so equal nodes compare equal. */
function descriptor(
  id: string,
  host: string,
  port: number,
  role: ClusterNodeDescriptor['role'],
  health: ClusterNodeDescriptor['health'],
  tlsPort: number | undefined,
  hostname: string | undefined,
): ClusterNodeDescriptor {
  const node: ClusterNodeDescriptor = { id, host, port, role, health };
  if (tlsPort !== undefined) node.tlsPort = tlsPort;
  if (hostname !== undefined) node.hostname = hostname;
  return node;
}

/** Throws when two shards claim the same slot: one node's view assigns each slot to a single owner. */
function checkNoOverlap(shards: readonly ClusterShard[], command: string): void {
  const owner = new Int32Array(SLOT_COUNT).fill(-1);
  shards.forEach((shard, index) => {
    for (const [from, to] of shard.slots) {
      for (let slot = from; slot <= to; slot++) {
        if (owner[slot] !== -1) {
          throw new ProtocolError(`${command}: slot ${slot} is claimed by shards ${owner[slot]} and ${index}`);
        }
        owner[slot] = index;
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// CLUSTER SHARDS
// ---------------------------------------------------------------------------------------------------------------

function parseShardNode(value: unknown, fallbackHost: string, where: string): ClusterNodeDescriptor {
  const fields = replyFields(value, where);
  const id = replyText(fields.get('id'));
  if (id === undefined || id === '') throw new ProtocolError(`${where}: missing node id`);
  // With `tls-cluster yes` the plaintext port may be absent and only `tls-port` present.
  const rawPort = fields.get('port');
  const rawTlsPort = fields.get('tls-port');
  const port = rawPort === undefined ? undefined : readPort(rawPort, where);
  const tlsPort = rawTlsPort === undefined ? undefined : readPort(rawTlsPort, `${where} (tls-port)`);
  const connectPort = port ?? tlsPort;
  if (connectPort === undefined) throw new ProtocolError(`${where}: node has neither port nor tls-port`);
  if (!fields.has('role')) throw new ProtocolError(`${where}: missing role`);
  return descriptor(
    id,
    readEndpoint(fields.get('endpoint'), fallbackHost, where),
    connectPort,
    readRole(fields.get('role'), where),
    readHealth(fields.get('health'), where),
    tlsPort,
    readHostname(fields.get('hostname'), where),
  );
}

function parseShardSlots(value: unknown, where: string): Array<[number, number]> {
  if (!Array.isArray(value)) throw new ProtocolError(`${where}: slots is ${showValue(value)}, not an array`);
  if (value.length % 2 !== 0) throw new ProtocolError(`${where}: slots has an odd number of bounds`);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < value.length; i += 2) ranges.push(readRange(value[i], value[i + 1], where));
  return ranges.sort((a, b) => a[0] - b[0]);
}

function parseShard(value: unknown, index: number, fallbackHost: string, seenIds: Set<string>): ClusterShard {
  const where = `CLUSTER SHARDS: shard ${index}`;
  const fields = replyFields(value, where);
  if (!fields.has('slots')) throw new ProtocolError(`${where}: missing slots`);
  const slots = parseShardSlots(fields.get('slots'), where);
  const rawNodes = fields.get('nodes');
  if (!Array.isArray(rawNodes)) throw new ProtocolError(`${where}: nodes is ${showValue(rawNodes)}, not an array`);

  let master: ClusterNodeDescriptor | undefined;
  const replicas: ClusterNodeDescriptor[] = [];
  // Failed former masters go after the real replicas, so a caller picking the first replica gets a real one.
  const staleMasters: ClusterNodeDescriptor[] = [];
  rawNodes.forEach((rawNode, nodeIndex) => {
    const node = parseShardNode(rawNode, fallbackHost, `${where}, node ${nodeIndex}`);
    if (seenIds.has(node.id)) throw new ProtocolError(`${where}: node ${showValue(node.id)} is listed twice`);
    seenIds.add(node.id);
    if (node.role !== 'master') {
      replicas.push(node);
    } else if (master === undefined) {
      master = node;
    } else if (master.health === 'failed') {
      staleMasters.push(master);
      master = node;
    } else if (node.health === 'failed') {
      staleMasters.push(node);
    } else {
      throw new ProtocolError(`${where}: two healthy masters in one shard`);
    }
  });
  return { slots, master, replicas: staleMasters.length === 0 ? replicas : replicas.concat(staleMasters) };
}

/**
 * Parses a CLUSTER SHARDS reply (RESP2 flat key/value arrays or RESP3 maps).
 * @param answeredBy the address the reply came from; it replaces unknown endpoints.
 * @throws ProtocolError when the reply is malformed; DataError when `answeredBy` is invalid.
 */
export function parseClusterShards(reply: unknown, answeredBy: { host: string; port: number }): ClusterTopology {
  const fallbackHost = checkAnsweredBy(answeredBy);
  if (!Array.isArray(reply)) throw new ProtocolError(`CLUSTER SHARDS: reply is ${showValue(reply)}, not an array`);
  const seenIds = new Set<string>();
  const shards = reply.map((shard, index) => parseShard(shard, index, fallbackHost, seenIds));
  checkNoOverlap(shards, 'CLUSTER SHARDS');
  return { shards };
}

// ---------------------------------------------------------------------------------------------------------------
// CLUSTER SLOTS
// ---------------------------------------------------------------------------------------------------------------

/** One `[host, port, id?, metadata?]` entry; position decides the role (first is the master). */
function parseSlotsNode(
  value: unknown,
  role: ClusterNodeDescriptor['role'],
  fallbackHost: string,
  where: string,
): ClusterNodeDescriptor {
  if (!Array.isArray(value) || value.length < 2) {
    throw new ProtocolError(`${where}: expected [host, port, id, …], got ${showValue(value)}`);
  }
  const host = readEndpoint(value[0], fallbackHost, where);
  const port = readPort(value[1], where);
  // Redis < 4.0 sent no id; accept that as unknown rather than refusing old servers.
  let id = '';
  if (value.length > 2) {
    const text = replyText(value[2]);
    if (text === undefined) throw new ProtocolError(`${where}: node id is ${showValue(value[2])}, not a string`);
    id = text;
  }
  // Redis 7.0+: networking metadata (hostname, ip) as a map; RESP2 flattens it to a key/value array.
  const hostname = value.length > 3 ? readHostname(replyFields(value[3], where).get('hostname'), where) : undefined;
  return descriptor(id, host, port, role, 'unknown', undefined, hostname);
}

/**
 * Parses a CLUSTER SLOTS reply: `[[start, end, master, replica…], …]`. Ranges served by the same master (same id,
 * or same address when ids are missing) are merged into one shard.
 * @param answeredBy the address the reply came from; it replaces unknown endpoints.
 * @throws ProtocolError when the reply is malformed; DataError when `answeredBy` is invalid.
 */
export function parseClusterSlots(reply: unknown, answeredBy: { host: string; port: number }): ClusterTopology {
  const fallbackHost = checkAnsweredBy(answeredBy);
  if (!Array.isArray(reply)) throw new ProtocolError(`CLUSTER SLOTS: reply is ${showValue(reply)}, not an array`);
  const byMaster = new Map<string, { shard: ClusterShard; replicaKeys: Set<string> }>();
  const shards: ClusterShard[] = [];

  reply.forEach((entry, index) => {
    const where = `CLUSTER SLOTS: entry ${index}`;
    if (!Array.isArray(entry) || entry.length < 3) {
      throw new ProtocolError(`${where}: expected [start, end, master, …], got ${showValue(entry)}`);
    }
    const range = readRange(entry[0], entry[1], where);
    const master = parseSlotsNode(entry[2], 'master', fallbackHost, `${where}, master`);
    const identity = master.id !== '' ? `id ${master.id}` : `address ${addressKey(master.host, master.port)}`;
    let group = byMaster.get(identity);
    if (group === undefined) {
      group = { shard: { slots: [], master, replicas: [] }, replicaKeys: new Set() };
      byMaster.set(identity, group);
      shards.push(group.shard);
    }
    group.shard.slots.push(range);
    for (let i = 3; i < entry.length; i++) {
      const replica = parseSlotsNode(entry[i], 'replica', fallbackHost, `${where}, replica ${i - 3}`);
      const key = addressKey(replica.host, replica.port);
      if (!group.replicaKeys.has(key)) {
        group.replicaKeys.add(key);
        group.shard.replicas.push(replica);
      }
    }
  });
  for (const shard of shards) shard.slots.sort((a, b) => a[0] - b[0]);
  checkNoOverlap(shards, 'CLUSTER SLOTS');
  return { shards };
}
