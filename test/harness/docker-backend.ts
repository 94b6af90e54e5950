/**
 * The Docker path: the shared topologies in one container, through strict-redis/testing (testcontainers). Chosen by
 * REDIS_TEST_BACKEND=docker, or when no redis-server binary is on PATH but a Docker engine is reachable.
 *
 * The image is REDIS_TEST_IMAGE (default: the official `redis:7.2`); `.ci/run` builds one locally from Debian's
 * packages, since its machines reach no image registry. On Linux the container shares the host's network and every
 * server listens on 127.0.0.1 only; servers announce 127.0.0.1, so the addresses a cluster reports work from the host
 * and, inside the container, between the nodes.
 */
import { findFreePort } from '../../src/admin/redis-process.js';
import {
  DEFAULT_REDIS_IMAGE,
  type DockerCluster,
  redisServerCommand,
  startDockerCluster,
  startRedisContainer,
} from '../../src/testing/docker.js';
import { createTestCluster, type StartedBackend } from './local-backend.js';
import { rawInfo, waitFor } from './raw.js';

export { dockerAvailable } from '../../src/testing/docker.js';

/** The image every container of the test run uses. */
export const TEST_IMAGE = process.env.REDIS_TEST_IMAGE ?? DEFAULT_REDIS_IMAGE;

/** A private cluster in a container of its own (for tests that kill or fail over nodes). */
export function startDockerTestCluster(clusterNodeTimeout = 2000): Promise<DockerCluster> {
  return startDockerCluster({ image: TEST_IMAGE, clusterNodeTimeout });
}

export async function startDockerBackend(): Promise<StartedBackend> {
  const standalonePort = await findFreePort();
  const primaryPort = await findFreePort();
  const replicaPort = await findFreePort();
  const clusterPorts: number[] = [];
  while (clusterPorts.length < 6) {
    const port = await findFreePort(true);
    if (!clusterPorts.includes(port)) clusterPorts.push(port);
  }
  const clusterFlags = (p: number) =>
    `--cluster-enabled yes --cluster-config-file nodes-${p}.conf --cluster-node-timeout 2000 --cluster-announce-ip 127.0.0.1`;
  const script = [
    redisServerCommand(standalonePort),
    redisServerCommand(primaryPort),
    redisServerCommand(replicaPort, `--replicaof 127.0.0.1 ${primaryPort} --replica-announce-ip 127.0.0.1`),
    ...clusterPorts.map((p) => redisServerCommand(p, clusterFlags(p))),
    'exec sleep infinity',
  ].join(' && ');
  const all = [standalonePort, primaryPort, replicaPort, ...clusterPorts];
  const container = await startRedisContainer(script, [...all, ...clusterPorts.map((p) => p + 10000)], {
    image: TEST_IMAGE,
    network: 'host',
  });
  try {
    await waitFor('servers in the container', async () => {
      await Promise.all(all.map((p) => rawInfo(p, ['INFO', 'server'])));
      return true;
    });
    // The library's own createCluster, as for local processes (no redis-cli needed in the image).
    const cluster = await createTestCluster(clusterPorts.map((port) => ({ host: '127.0.0.1', port })));
    await waitFor(
      'replica link up',
      async () => (await rawInfo(replicaPort, ['INFO', 'replication'])).master_link_status === 'up',
    );
    const version = (await rawInfo(standalonePort, ['INFO', 'server'])).redis_version ?? 'unknown';
    return {
      topology: {
        backend: 'docker',
        serverVersion: version,
        standalone: { host: '127.0.0.1', port: standalonePort },
        primary: { host: '127.0.0.1', port: primaryPort },
        replica: { host: '127.0.0.1', port: replicaPort },
        cluster: { nodes: cluster },
        logFiles: [],
      },
      stop: () => container.stop(),
    };
  } catch (err) {
    await container.stop();
    throw err;
  }
}
