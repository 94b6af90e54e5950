/**
 * The routing table: slot → shard in O(1), plus a registry of the distinct nodes of one topology snapshot.
 *
 * A table is built from each full refresh and then only patched, one slot at a time, when a MOVED reply proves a slot
 * has moved; the caller schedules a full refresh after any patch, which replaces the whole table.
 */
import { DataError } from '../errors.js';
import { addressKey, isValidHost, isValidPort } from './address.js';
import { SLOT_COUNT } from './slot.js';
import type { ClusterNodeDescriptor, ClusterShard, ClusterTopology } from './topology.js';

const NO_REPLICAS: readonly ClusterNodeDescriptor[] = Object.freeze([]);
/** The table stores shard index + 1 in 16 bits, 0 meaning "uncovered". */
const MAX_SHARDS = 0xffff - 1;

function checkSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT) {
    throw new DataError(`slot must be an integer from 0 to ${SLOT_COUNT - 1}`);
  }
}

export class SlotTable {
  /** slot → shard index + 1; 0 = no shard serves the slot. */
  private readonly slotToShard = new Uint16Array(SLOT_COUNT);
  private readonly shardList: ClusterShard[] = [];
  /** Address key → node index; the index is stable for this table (order of first appearance). */
  private readonly indexByAddress = new Map<string, number>();
  private readonly nodeList: ClusterNodeDescriptor[] = [];
  /** Address key of a shard's master → that shard's index, for MOVED patches. */
  private readonly shardByMasterAddress = new Map<string, number>();
  private uncovered = SLOT_COUNT;
  private mastersCache: readonly ClusterNodeDescriptor[] | undefined;

  /**
   * @throws DataError when two shards claim the same slot, a range is out of bounds, or there are too many shards
   * for the 16-bit table. (Parsed topologies never do; this guards hand-built ones.)
   */
  constructor(topology: ClusterTopology) {
    for (const shard of topology.shards) this.addShard(shard);
    for (let index = 0; index < this.shardList.length; index++) {
      for (const [from, to] of this.shardList[index].slots) {
        if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to < SLOT_COUNT)) {
          throw new DataError(`shard ${index} has an invalid slot range ${from}-${to}`);
        }
        for (let slot = from; slot <= to; slot++) {
          if (this.slotToShard[slot] !== 0) throw new DataError(`slot ${slot} is assigned to two shards`);
          this.slotToShard[slot] = index + 1;
        }
        this.uncovered -= to - from + 1;
      }
    }
  }

  /** Registers a shard (copied, so later patches never touch the caller's topology) and its nodes. */
  private addShard(shard: ClusterShard): number {
    if (this.shardList.length >= MAX_SHARDS) throw new DataError(`a slot table holds at most ${MAX_SHARDS} shards`);
    const index = this.shardList.length;
    const copy: ClusterShard = {
      slots: shard.slots.map(([from, to]): [number, number] => [from, to]),
      master: shard.master === undefined ? undefined : this.registerNode(shard.master),
      replicas: shard.replicas.map((replica) => this.registerNode(replica)),
    };
    this.shardList.push(copy);
    if (copy.master !== undefined) {
      const key = addressKey(copy.master.host, copy.master.port);
      if (!this.shardByMasterAddress.has(key)) this.shardByMasterAddress.set(key, index);
    }
    this.mastersCache = undefined;
    return index;
  }

  /** Gives a node an index the first time its address is seen; the first descriptor for an address wins. */
  private registerNode(node: ClusterNodeDescriptor): ClusterNodeDescriptor {
    const key = addressKey(node.host, node.port);
    const known = this.indexByAddress.get(key);
    if (known !== undefined) return this.nodeList[known];
    this.indexByAddress.set(key, this.nodeList.length);
    this.nodeList.push(node);
    return node;
  }

  /** The master serving `slot`, or undefined when the slot is uncovered (or not a slot number). */
  masterFor(slot: number): ClusterNodeDescriptor | undefined {
    return this.shardList[this.slotToShard[slot] - 1]?.master;
  }

  /** The replicas of the shard serving `slot` (empty when uncovered). Includes failed ones: check `health`. */
  replicasFor(slot: number): readonly ClusterNodeDescriptor[] {
    return this.shardList[this.slotToShard[slot] - 1]?.replicas ?? NO_REPLICAS;
  }

  /** The shard serving `slot`. Its `slots` are as reported at refresh; {@link slotsOf} reflects later patches. */
  shardFor(slot: number): ClusterShard | undefined {
    return this.shardList[this.slotToShard[slot] - 1];
  }

  /** Every shard of the table, including ones created by {@link patchSlot} and ones without slots. */
  shards(): readonly ClusterShard[] {
    return this.shardList;
  }

  /** The slots currently routed to `shard` (an object returned by this table), as ascending inclusive ranges. */
  slotsOf(shard: ClusterShard): Array<[number, number]> {
    const target = this.shardList.indexOf(shard) + 1;
    if (target === 0) return [];
    return this.rangesWhere((value) => value === target);
  }

  /** Slot ranges no shard serves. Commands for these slots cannot be routed until a refresh finds an owner. */
  uncoveredRanges(): Array<[number, number]> {
    if (this.uncovered === 0) return [];
    return this.rangesWhere((value) => value === 0);
  }

  isFullyCovered(): boolean {
    return this.uncovered === 0;
  }

  /** Number of slots no shard serves. */
  uncoveredCount(): number {
    return this.uncovered;
  }

  private rangesWhere(match: (value: number) => boolean): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    let start = -1;
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      if (match(this.slotToShard[slot])) {
        if (start < 0) start = slot;
      } else if (start >= 0) {
        ranges.push([start, slot - 1]);
        start = -1;
      }
    }
    if (start >= 0) ranges.push([start, SLOT_COUNT - 1]);
    return ranges;
  }

  /**
   * After `MOVED slot host:port`: route `slot` to that address. If the address is a known shard's master, the slot
   * joins that shard. Otherwise a one-node shard is created with that address as master: a known replica (just
   * promoted, most likely) keeps its id and other details, an unknown address gets id `''`. Either way the node's
   * registry entry becomes the master descriptor. The caller refreshes the whole map soon after, so nothing more is
   * inferred here. Resolve an empty MOVED host to the replying node's host before calling.
   * @returns the master descriptor the slot now routes to.
   * @throws DataError for a bad slot, host or port.
   */
  patchSlot(slot: number, host: string, port: number): ClusterNodeDescriptor {
    checkSlot(slot);
    if (!isValidHost(host)) throw new DataError('patchSlot: host must be a non-empty string without spaces');
    if (!isValidPort(port)) throw new DataError('patchSlot: port must be an integer from 1 to 65535');
    const key = addressKey(host, port);
    let index = this.shardByMasterAddress.get(key);
    if (index === undefined) {
      const knownIndex = this.indexByAddress.get(key);
      const known = knownIndex === undefined ? undefined : this.nodeList[knownIndex];
      const master: ClusterNodeDescriptor =
        known === undefined ? { id: '', host, port, role: 'master', health: 'unknown' } : { ...known, role: 'master' };
      // MOVED is newer than the refresh that registered this address: the registry now holds the master descriptor
      // (before addShard, which would otherwise return the registered replica descriptor).
      if (knownIndex !== undefined) this.nodeList[knownIndex] = master;
      index = this.addShard({ slots: [], master, replicas: [] });
    }
    if (this.slotToShard[slot] === 0) this.uncovered--;
    this.slotToShard[slot] = index + 1;
    return this.shardList[index].master!;
  }

  /** Distinct masters of all shards (also those without slots), in shard order. */
  masters(): readonly ClusterNodeDescriptor[] {
    if (this.mastersCache === undefined) {
      const seen = new Set<ClusterNodeDescriptor>();
      for (const shard of this.shardList) if (shard.master !== undefined) seen.add(shard.master);
      this.mastersCache = [...seen];
    }
    return this.mastersCache;
  }

  /** Every distinct node (by address), in index order. */
  allNodes(): readonly ClusterNodeDescriptor[] {
    return this.nodeList;
  }

  /** The node registered for this address, or undefined when it is not a member of this topology. */
  nodeByAddress(host: string, port: number): ClusterNodeDescriptor | undefined {
    const index = this.indexByAddress.get(addressKey(host, port));
    return index === undefined ? undefined : this.nodeList[index];
  }

  /** Stable index of the node with this address (0-based, order of first appearance), or -1. */
  nodeIndex(host: string, port: number): number {
    return this.indexByAddress.get(addressKey(host, port)) ?? -1;
  }

  /** Address key of a node, as used by this table: `host:port`, IPv6 hosts in brackets. */
  static keyOf(node: { host: string; port: number }): string {
    return addressKey(node.host, node.port);
  }
}
