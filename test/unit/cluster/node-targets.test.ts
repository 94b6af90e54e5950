/**
 * target_nodes and the default node without a server (test_cluster.py's TestRedisClusterObj parts on node flags and
 * test_default_node_is_replaced_after_exception): a slot table from a captured CLUSTER SHARDS reply, fake nodes.
 */
import { describe, expect, it } from 'vitest';
import { addressKey } from '../../../src/cluster/address.js';
import { NodeTargets } from '../../../src/cluster/node-targets.js';
import { SlotTable } from '../../../src/cluster/slot-table.js';
import { parseClusterShards } from '../../../src/cluster/topology.js';
import type { TopologyManager } from '../../../src/cluster/topology-manager.js';
import { Command } from '../../../src/connection/command.js';
import { ConnectionError, DataError } from '../../../src/errors.js';
import { ANSWERED_BY, SHARDS_RESP2 } from './fixtures.js';

interface FakeNode {
  host: string;
  port: number;
  key: string;
  unhealthy: boolean;
  sent: number;
  failWith: Error | undefined;
  connection: { send(command: Command): Promise<unknown> };
}

function fakeCluster() {
  const table = new SlotTable(parseClusterShards(SHARDS_RESP2, ANSWERED_BY));
  const nodes = new Map<string, FakeNode>();
  for (const d of table.allNodes()) {
    const node: FakeNode = {
      host: d.host,
      port: d.port,
      key: addressKey(d.host, d.port),
      unhealthy: false,
      sent: 0,
      failWith: undefined,
      connection: {
        send: async () => {
          node.sent++;
          if (node.failWith !== undefined) throw node.failWith;
          return node.key;
        },
      },
    };
    nodes.set(node.key, node);
  }
  const topology = {
    table,
    nodes,
    member: (host: string, port: number) => nodes.get(addressKey(host, port)),
    nodeOf: (d: { host: string; port: number }) => nodes.get(addressKey(d.host, d.port)),
  } as unknown as TopologyManager;
  return { targets: new NodeTargets(topology), nodes };
}

const command = () => new Command(['CLUSTER', 'NODES'], false, undefined, 0);

describe('NodeTargets', () => {
  it('node flags: primaries, replicas, all; a node by address; lists', async () => {
    const { targets, nodes } = fakeCluster();
    expect(targets.masters()).toHaveLength(3);
    expect(targets.replicas()).toHaveLength(3);
    expect(targets.all()).toHaveLength(6);
    for (const node of targets.masters()) expect(targets.describe(node).server_type).toBe('primary');
    for (const node of targets.replicas()) expect(targets.describe(node).server_type).toBe('replica');
    const all = (await targets.run('all', command())) as Map<string, unknown>;
    expect([...all.keys()].sort()).toEqual([...nodes.keys()].sort());
    const one = targets.describe(targets.replicas()[0]);
    expect(await targets.run(one, command())).toBe(one.name);
    const listed = (await targets.run([one], command())) as Map<string, unknown>;
    expect([...listed]).toEqual([[one.name, one.name]]);
    const random = await targets.run('random', command());
    expect(targets.masters().map((n) => n.key)).toContain(random);
  });

  it('unknown nodes and flags are DataError', () => {
    const { targets } = fakeCluster();
    expect(() => targets.resolve({ host: '1.1.1.1', port: 1111 }, 'CLUSTER INFO')).toThrow(DataError);
    expect(() => targets.resolve('primary' as 'primaries', 'CLUSTER INFO')).toThrow(DataError);
  });

  it('test_execute_command_default_node: one primary, the same until replaced', async () => {
    const { targets } = fakeCluster();
    const first = targets.defaultNode()!;
    expect(targets.describe(first).server_type).toBe('primary');
    expect(await targets.run('default-node', command())).toBe(first.key);
    expect(targets.defaultNode()).toBe(first);
    targets.replaceDefault();
    expect(targets.defaultNode()).not.toBe(first);
    expect(targets.describe(targets.defaultNode()!).server_type).toBe('primary');
  });

  it('test_default_node_is_replaced_after_exception: an unwritten command goes on to another primary', async () => {
    const { targets, nodes } = fakeCluster();
    const before = targets.defaultNode()!;
    nodes.get(before.key)!.failWith = new ConnectionError('lost before the command was written');
    const reply = await targets.runRoute('default-node', command());
    expect(reply).not.toBe(before.key);
    expect(targets.masters().map((n) => n.key)).toContain(reply);
    expect(targets.defaultNode()).not.toBe(before);
    expect(targets.defaultNode()!.key).toBe(reply);
  });

  it('a command whose outcome is unknown is not sent elsewhere', async () => {
    const { targets, nodes } = fakeCluster();
    const before = targets.defaultNode()!;
    nodes.get(before.key)!.failWith = new ConnectionError('lost after writing', { outcomeUnknown: true });
    await expect(targets.runRoute('default-node', command())).rejects.toThrow(/lost after writing/);
    const others = [...nodes.values()].filter((n) => n.key !== before.key);
    expect(others.every((n) => n.sent === 0)).toBe(true);
  });
});
