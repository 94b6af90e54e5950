import { describe, expect, it } from 'vitest';
import { addressKey } from '../../../src/cluster/address.js';
import { keySlot } from '../../../src/cluster/slot.js';
import { SlotTable } from '../../../src/cluster/slot-table.js';
import type { ClusterNodeDescriptor, ClusterTopology } from '../../../src/cluster/topology.js';
import { parseClusterShards } from '../../../src/cluster/topology.js';
import { DataError } from '../../../src/errors.js';
import { ANSWERED_BY, IDS, SHARDS_AFTER_FAILOVER, SHARDS_RESP2, SHARDS_SPLIT } from './fixtures.js';

function node(port: number, role: 'master' | 'replica' = 'master', extra: Partial<ClusterNodeDescriptor> = {}) {
  return { id: `id-${port}`, host: '10.0.0.1', port, role, health: 'online', ...extra } as ClusterNodeDescriptor;
}

const healthy = () => new SlotTable(parseClusterShards(SHARDS_RESP2, ANSWERED_BY));

describe('SlotTable', () => {
  it('routes every slot of a healthy cluster', () => {
    const table = healthy();
    expect(table.isFullyCovered()).toBe(true);
    expect(table.uncoveredRanges()).toEqual([]);
    expect(table.uncoveredCount()).toBe(0);
    expect(table.masterFor(0)?.port).toBe(31701);
    expect(table.masterFor(5460)?.port).toBe(31701);
    expect(table.masterFor(5461)?.port).toBe(31702);
    expect(table.masterFor(10922)?.port).toBe(31702);
    expect(table.masterFor(10923)?.port).toBe(31703);
    expect(table.masterFor(16383)?.port).toBe(31703);
    expect(table.masterFor(keySlot('foo'))?.port).toBe(31703); // slot 12182
    expect(table.replicasFor(0).map((n) => n.port)).toEqual([31704]);
    expect(table.replicasFor(16383)[0]).toMatchObject({ port: 31706, hostname: 'replica6.example' });
    expect(table.shardFor(6000)?.master?.id).toBe(IDS.ID2);
  });

  it('returns nothing for values that are not slots', () => {
    const table = healthy();
    for (const slot of [-1, 16384, 1.5, Number.NaN]) {
      expect(table.masterFor(slot)).toBeUndefined();
      expect(table.shardFor(slot)).toBeUndefined();
      expect(table.replicasFor(slot)).toEqual([]);
    }
  });

  it('registers each distinct node once, with stable indexes in order of appearance', () => {
    const table = healthy();
    expect(table.allNodes().map((n) => n.port)).toEqual([31703, 31706, 31702, 31705, 31701, 31704]);
    expect(table.nodeIndex('127.0.0.1', 31703)).toBe(0);
    expect(table.nodeIndex('127.0.0.1', 31704)).toBe(5);
    expect(table.nodeIndex('127.0.0.1', 9999)).toBe(-1);
    expect(table.nodeByAddress('127.0.0.1', 31705)?.id).toBe(IDS.ID5);
    expect(table.nodeByAddress('127.0.0.2', 31705)).toBeUndefined();
    expect(SlotTable.keyOf({ host: '127.0.0.1', port: 31705 })).toBe('127.0.0.1:31705');
    expect(
      healthy()
        .allNodes()
        .map((n) => n.id),
    ).toEqual(table.allNodes().map((n) => n.id));
  });

  it('lists masters in shard order, including slot-less and failed ones', () => {
    const table = new SlotTable(parseClusterShards(SHARDS_AFTER_FAILOVER, ANSWERED_BY));
    expect(table.masters().map((n) => [n.port, n.health])).toEqual([
      [31703, 'online'],
      [31702, 'failed'],
      [31701, 'online'],
      [31705, 'online'],
      [31707, 'online'],
    ]);
    expect(table.masterFor(6000)?.port).toBe(31705);
    expect(table.replicasFor(6000)).toEqual([]);
    expect(table.replicasFor(16000)[0].health).toBe('failed');
  });

  it('reports uncovered ranges and slotsOf for partial coverage', () => {
    const table = new SlotTable(parseClusterShards(SHARDS_SPLIT, ANSWERED_BY));
    expect(table.isFullyCovered()).toBe(false);
    expect(table.uncoveredRanges()).toEqual([
      [6000, 6002],
      [7000, 7000],
      [10923, 16383],
    ]);
    expect(table.uncoveredCount()).toBe(3 + 1 + 5461);
    expect(table.masterFor(6001)).toBeUndefined();
    expect(table.masterFor(7000)).toBeUndefined();
    const first = table.shards()[0];
    expect(table.slotsOf(first)).toEqual([
      [5461, 5999],
      [6003, 6999],
      [7001, 10922],
    ]);
    expect(table.slotsOf(table.shards()[1])).toEqual([[0, 5460]]);
    expect(table.slotsOf({ slots: [], master: undefined, replicas: [] })).toEqual([]);
  });

  it('handles an empty topology', () => {
    const table = new SlotTable({ shards: [] });
    expect(table.uncoveredRanges()).toEqual([[0, 16383]]);
    expect(table.masters()).toEqual([]);
    expect(table.allNodes()).toEqual([]);
  });

  it('patches a slot onto a known master, updating coverage and ranges', () => {
    const table = new SlotTable(parseClusterShards(SHARDS_SPLIT, ANSWERED_BY));
    const target = table.patchSlot(7000, '127.0.0.1', 31701);
    expect(target.id).toBe(IDS.ID1);
    expect(table.masterFor(7000)).toBe(target);
    expect(table.shards()).toHaveLength(2);
    expect(table.uncoveredRanges()).toEqual([
      [6000, 6002],
      [10923, 16383],
    ]);
    expect(table.slotsOf(table.shards()[1])).toEqual([
      [0, 5460],
      [7000, 7000],
    ]);
    // Moving a covered slot between known shards leaves coverage unchanged.
    table.patchSlot(100, '127.0.0.1', 31702);
    expect(table.masterFor(100)?.id).toBe(IDS.ID2);
    expect(table.uncoveredCount()).toBe(3 + 5461);
  });

  it('patches a slot onto an unknown address as a new one-node shard, reused by later patches', () => {
    const table = healthy();
    const target = table.patchSlot(42, '10.9.9.9', 7100);
    expect(target).toEqual({ id: '', host: '10.9.9.9', port: 7100, role: 'master', health: 'unknown' });
    expect(table.masterFor(42)).toBe(target);
    expect(table.masterFor(41)?.port).toBe(31701);
    expect(table.replicasFor(42)).toEqual([]);
    expect(table.shards()).toHaveLength(4);
    expect(table.nodeByAddress('10.9.9.9', 7100)).toBe(target);
    expect(table.nodeIndex('10.9.9.9', 7100)).toBe(6);
    expect(table.masters()).toContain(target);
    table.patchSlot(43, '10.9.9.9', 7100);
    expect(table.shards()).toHaveLength(4);
    expect(table.masterFor(43)).toBe(target);
    expect(table.slotsOf(table.shards()[3])).toEqual([[42, 43]]);
  });

  it('promotes a known replica when MOVED points at it', () => {
    const table = healthy();
    const target = table.patchSlot(0, '127.0.0.1', 31704);
    expect(target).toMatchObject({ id: IDS.ID4, port: 31704, role: 'master' });
    expect(table.masterFor(0)).toBe(target);
    expect(table.nodeByAddress('127.0.0.1', 31704)).toBe(target);
    expect(table.nodeIndex('127.0.0.1', 31704)).toBe(5);
    expect(table.allNodes()).toHaveLength(6);
    expect(table.masterFor(1)?.port).toBe(31701);
  });

  it('resolves duplicate addresses to the first registered node, also when patching', () => {
    // With unknown endpoints every node maps to the answering host; equal ports then collide.
    const first = node(7000, 'master', { id: 'a' });
    const second = node(7000, 'master', { id: 'b' });
    const table = new SlotTable({
      shards: [
        { slots: [[0, 99]], master: first, replicas: [] },
        { slots: [[100, 199]], master: second, replicas: [] },
      ],
    });
    expect(table.allNodes()).toEqual([first]);
    expect(table.masterFor(150)).toBe(first);
    expect(table.patchSlot(500, '10.0.0.1', 7000)).toBe(first);
    expect(table.shardFor(500)).toBe(table.shards()[0]);
  });

  it('does not modify the topology it was built from', () => {
    const topology = parseClusterShards(SHARDS_RESP2, ANSWERED_BY);
    const before = structuredClone(topology);
    const table = new SlotTable(topology);
    table.patchSlot(0, '127.0.0.1', 31704);
    table.patchSlot(1, '10.9.9.9', 7100);
    expect(topology).toEqual(before);
  });

  it('rejects bad patch arguments with DataError', () => {
    const table = healthy();
    expect(() => table.patchSlot(16384, 'h', 7000)).toThrow(DataError);
    expect(() => table.patchSlot(-1, 'h', 7000)).toThrow(DataError);
    expect(() => table.patchSlot(0, '', 7000)).toThrow(DataError);
    expect(() => table.patchSlot(0, 'h', 0)).toThrow(DataError);
    expect(() => table.patchSlot(0, 'h', 65536)).toThrow(DataError);
    expect(table.masterFor(0)?.port).toBe(31701);
  });

  it('rejects hand-built topologies with overlapping or invalid ranges', () => {
    const overlapping: ClusterTopology = {
      shards: [
        { slots: [[0, 10]], master: node(7000), replicas: [] },
        { slots: [[10, 20]], master: node(7001), replicas: [] },
      ],
    };
    expect(() => new SlotTable(overlapping)).toThrow(/slot 10 is assigned to two shards/);
    const reversed: ClusterTopology = { shards: [{ slots: [[5, 1]], master: node(7000), replicas: [] }] };
    expect(() => new SlotTable(reversed)).toThrow(DataError);
    const outside: ClusterTopology = { shards: [{ slots: [[0, 16384]], master: node(7000), replicas: [] }] };
    expect(() => new SlotTable(outside)).toThrow(DataError);
  });

  it('keys IPv6 nodes unambiguously', () => {
    const table = new SlotTable({
      shards: [{ slots: [[0, 16383]], master: node(7000, 'master', { host: '::1' }), replicas: [] }],
    });
    expect(addressKey('::1', 7000)).toBe('[::1]:7000');
    expect(table.nodeByAddress('::1', 7000)?.port).toBe(7000);
    expect(table.nodeByAddress('::1:7000', 7000)).toBeUndefined();
  });

  it('serves a shard without a master as uncovered for writes but keeps its replicas', () => {
    const table = new SlotTable({
      shards: [{ slots: [[0, 16383]], master: undefined, replicas: [node(7001, 'replica')] }],
    });
    expect(table.isFullyCovered()).toBe(true);
    expect(table.masterFor(5)).toBeUndefined();
    expect(table.replicasFor(5).map((n) => n.port)).toEqual([7001]);
    // MOVED to the replica's address promotes it for that slot.
    expect(table.patchSlot(5, '10.0.0.1', 7001).role).toBe('master');
  });
});
