/**
 * A private cluster on the backend the run uses (local processes or Docker), for test files that kill or fail over
 * nodes and so must not touch the shared cluster.
 */
import { inject } from 'vitest';
import { startDockerTestCluster } from './docker-backend.js';
import { startPrivateCluster } from './local-backend.js';
import type { ClusterNodeInfo } from './topology.js';

export interface BackendCluster {
  nodes: ClusterNodeInfo[];
  /** Kills the node on `port` at once (SIGKILL), as a crash would. */
  kill(port: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startBackendCluster(): Promise<BackendCluster> {
  if (inject('redis').backend === 'docker') {
    const cluster = await startDockerTestCluster();
    const nodes = cluster.nodes.map(
      (n): ClusterNodeInfo => ({
        host: n.host,
        port: n.port,
        role: n.role === 'master' ? 'master' : 'replica',
      }),
    );
    return { nodes, kill: (port) => cluster.kill(port), stop: () => cluster.stop() };
  }
  const cluster = await startPrivateCluster();
  return {
    nodes: cluster.nodes,
    kill: async (port) => {
      cluster.process(port).kill('SIGKILL');
    },
    stop: () => cluster.stop(),
  };
}
