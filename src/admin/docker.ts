/**
 * The Docker path, for machines with a Docker engine but no redis-server binary: every node runs in one container of
 * the official image (through the `testcontainers` package, loaded only here and only when used), listens on a port
 * published under the same number and announces 127.0.0.1, so addresses the cluster reports work from the host and,
 * inside the container, between the nodes. Install `testcontainers` to use it. Not exercised by this project's CI.
 */
import { type ClusterDescription, createCluster } from './create.js';
import { findFreePort } from './redis-process.js';

/** True when testcontainers is installed and reaches a container runtime. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** A throwaway cluster in a Docker container, from `startDockerCluster`. */
export interface DockerCluster extends ClusterDescription {
  startup_nodes: Array<{ host: string; port: number }>;
  stop(): Promise<void>;
}

/** Starts a throwaway cluster in one Docker container through testcontainers (not exercised in this project's CI). */
export async function startDockerCluster(
  options: { masters?: number; replicasPerMaster?: number; image?: string } = {},
): Promise<DockerCluster> {
  const { GenericContainer } = await import('testcontainers');
  const count = (options.masters ?? 3) * (1 + (options.replicasPerMaster ?? 1));
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await findFreePort(true);
    if (!ports.includes(port)) ports.push(port);
  }
  const script = [
    ...ports.map(
      (p) =>
        `redis-server --port ${p} --cluster-enabled yes --cluster-config-file nodes-${p}.conf --cluster-node-timeout 2000 --cluster-announce-ip 127.0.0.1 --appendonly no --save '' --protected-mode no --dir /tmp --daemonize yes --logfile /tmp/${p}.log`,
    ),
    'exec sleep infinity',
  ].join(' && ');
  const container = await new GenericContainer(options.image ?? 'redis:7.2')
    .withExposedPorts(
      ...ports.flatMap((p) => [
        { container: p, host: p },
        { container: p + 10000, host: p + 10000 },
      ]),
    )
    .withCommand(['sh', '-c', script])
    .start();
  const stop = async () => {
    await container.stop();
  };
  try {
    const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
    const description = await createCluster(nodes, { replicas: options.replicasPerMaster ?? 1 });
    const masters = description.nodes.filter((n) => n.role === 'master');
    return { ...description, startup_nodes: masters.map((m) => ({ host: m.host, port: m.port })), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
