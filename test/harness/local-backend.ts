/** Starts the three test topologies as local redis-server processes on free loopback ports. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from '../../src/admin/create.js';
import { RedisProcess, redisServerVersion } from '../../src/admin/redis-process.js';
import { rawCommand, rawInfo, waitFor } from './raw.js';
import type { ClusterNodeInfo, TestTopology } from './topology.js';

export interface StartedBackend {
  topology: TestTopology;
  stop(): Promise<void>;
}

/**
 * Makes a cluster of the started nodes (one replica per master) with the library's own createCluster, which waits
 * until every node reports cluster_state:ok, all slots, agreeing config epochs and linked replicas.
 */
export async function createTestCluster(
  nodes: ReadonlyArray<{ host: string; port: number }>,
): Promise<ClusterNodeInfo[]> {
  const described = await createCluster(
    nodes.map((n) => ({ host: n.host, port: n.port })),
    { replicas: 1, timeoutMs: 60_000 },
  );
  return nodes.map((n) => {
    const found = described.nodes.find((d) => d.port === n.port);
    return { host: n.host, port: n.port, role: found?.role === 'master' ? 'master' : 'replica' };
  });
}

/** The former name, from when the harness ran `redis-cli --cluster create`; kept for existing callers. */
export const createClusterWithRedisCli = createTestCluster;

export async function startLocalBackend(): Promise<StartedBackend> {
  const root = mkdtempSync(join(tmpdir(), 'strict-redis-test-'));
  const processes: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const start = async (options: Partial<Parameters<typeof RedisProcess.start>[0]>) => {
      const proc = await RedisProcess.start({ dir: root, ...options });
      processes.push(proc);
      return proc;
    };
    const [standalone, primary, ...clusterNodes] = await Promise.all([
      start({}),
      start({}),
      ...Array.from({ length: 6 }, () => start({ cluster: true, clusterNodeTimeout: 2000 })),
    ]);
    const replica = await start({ extraArgs: ['--replicaof', primary.host, String(primary.port)] });
    await waitFor(
      'replica link up',
      async () => (await rawInfo(replica.port, ['INFO', 'replication'])).master_link_status === 'up',
    );
    const cluster = await createTestCluster(clusterNodes);
    // A throwaway write proves the standalone server accepts commands before any test runs.
    await rawCommand(standalone.port, ['PING']);
    return {
      topology: {
        backend: 'local',
        serverVersion: redisServerVersion(),
        standalone: { host: standalone.host, port: standalone.port },
        primary: { host: primary.host, port: primary.port },
        replica: { host: replica.host, port: replica.port },
        cluster: { nodes: cluster },
        logFiles: processes.map((p) => p.logFile),
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface PrivateCluster {
  nodes: ClusterNodeInfo[];
  processes: RedisProcess[];
  /** The process listening on this port. */
  process(port: number): RedisProcess;
  stop(): Promise<void>;
}

/**
 * A cluster of its own (3 masters + 3 replicas by default) for a test file that changes the topology — failovers,
 * resharding, killed nodes — so that the shared cluster stays intact for every other file.
 */
export async function startPrivateCluster(nodeCount = 6, clusterNodeTimeout = 2000): Promise<PrivateCluster> {
  const root = mkdtempSync(join(tmpdir(), 'strict-redis-cluster-'));
  const processes: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const started = await Promise.all(
      Array.from({ length: nodeCount }, () => RedisProcess.start({ dir: root, cluster: true, clusterNodeTimeout })),
    );
    processes.push(...started);
    const nodes = await createTestCluster(started);
    return {
      nodes,
      processes,
      process: (port) => {
        const found = processes.find((p) => p.port === port);
        if (found === undefined) throw new Error(`no process on port ${port}`);
        return found;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
