import { describe, expect, inject, it } from 'vitest';
import { rawPing } from '../../src/admin/redis-process.js';
import { startDockerRedis } from '../../src/testing/docker.js';
import { TEST_IMAGE } from '../harness/docker-backend.js';
import { rawCommand, rawInfo, waitFor } from '../harness/raw.js';

const topology = inject('redis');

describe('test harness', () => {
  it('serves a raw TCP PING on the standalone server', async () => {
    expect(await rawPing(topology.standalone.port)).toBe('+PONG');
  });

  it('runs a replica linked to its master that sees writes', async () => {
    const info = await rawInfo(topology.replica.port, ['INFO', 'replication']);
    expect(info.role).toBe('slave');
    expect(info.master_link_status).toBe('up');
    expect(Number(info.master_port)).toBe(topology.primary.port);
    const key = `harness:replicated:${Date.now()}`;
    expect(await rawCommand(topology.primary.port, ['SET', key, 'from-master'])).toBe('OK');
    await waitFor('the write to reach the replica', async () => {
      return (await rawCommand(topology.replica.port, ['GET', key])) === 'from-master';
    });
    expect(await rawCommand(topology.replica.port, ['GET', key])).toBe('from-master');
  });

  it('runs a healthy 3-master, 3-replica cluster', async () => {
    expect(topology.cluster.nodes).toHaveLength(6);
    const masters = topology.cluster.nodes.filter((n) => n.role === 'master');
    expect(masters).toHaveLength(3);
    for (const node of topology.cluster.nodes) {
      const info = await rawInfo(node.port, ['CLUSTER', 'INFO']);
      expect(info.cluster_state).toBe('ok');
      expect(info.cluster_slots_assigned).toBe('16384');
      expect(info.cluster_slots_ok).toBe('16384');
      expect(info.cluster_size).toBe('3');
    }
    for (const master of masters) {
      const replication = await rawInfo(master.port, ['INFO', 'replication']);
      expect(replication.connected_slaves).toBe('1');
    }
  });

  // The Docker backend's own check of strict-redis/testing's standalone helper (the cluster one serves the failover test).
  it.runIf(topology.backend === 'docker')('strict-redis/testing starts a standalone server in Docker', async () => {
    const server = await startDockerRedis({ image: TEST_IMAGE });
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(await rawPing(server.port)).toBe('+PONG');
    } finally {
      await server.stop();
    }
    await expect(rawPing(server.port)).rejects.toThrow();
  });
});
