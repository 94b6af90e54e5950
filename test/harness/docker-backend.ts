/**
 * The Docker path, for machines with a Docker engine and no redis-server binary. It is not exercised by this
 * project's CI (which has no Docker engine); keep it small.
 *
 * Each topology runs in one container from the official image. Every server listens on a port that is published on the
 * host under the same number and announces 127.0.0.1, so the addresses a cluster reports are reachable from the host
 * and, inside the container, from the other nodes.
 */
import { findFreePort } from '../../src/admin/redis-process.js';
import type { StartedBackend } from './local-backend.js';
import { rawInfo, waitFor } from './raw.js';

const IMAGE = process.env.REDIS_TEST_IMAGE ?? 'redis:7.2';

/** True when testcontainers can reach a container runtime. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

function serverCommand(port: number, extra: string): string {
  return `redis-server --port ${port} --bind 0.0.0.0 --protected-mode no --save '' --appendonly no --dir /tmp --dbfilename ${port}.rdb --daemonize yes --logfile /tmp/${port}.log ${extra}`;
}

export async function startDockerBackend(): Promise<StartedBackend> {
  const { GenericContainer } = await import('testcontainers');
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
    serverCommand(standalonePort, ''),
    serverCommand(primaryPort, ''),
    serverCommand(replicaPort, `--replicaof 127.0.0.1 ${primaryPort} --replica-announce-ip 127.0.0.1`),
    ...clusterPorts.map((p) => serverCommand(p, clusterFlags(p))),
    'exec sleep infinity',
  ].join(' && ');
  const published = [standalonePort, primaryPort, replicaPort, ...clusterPorts].flatMap((p) => [
    { container: p, host: p },
  ]);
  const busPorts = clusterPorts.map((p) => ({ container: p + 10000, host: p + 10000 }));
  const container = await new GenericContainer(IMAGE)
    .withExposedPorts(...published, ...busPorts)
    .withCommand(['sh', '-c', script])
    .start();
  try {
    const all = [standalonePort, primaryPort, replicaPort, ...clusterPorts];
    await waitFor('servers in the container', async () => {
      await Promise.all(all.map((p) => rawInfo(p, ['INFO', 'server'])));
      return true;
    });
    const create = await container.exec([
      'redis-cli', '--cluster', 'create', ...clusterPorts.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes',
    ]); // biome-ignore format: keep the CLI call on one line
    if (create.exitCode !== 0) throw new Error(`redis-cli --cluster create failed: ${create.output}`);
    await waitFor('cluster_state:ok', async () => {
      const infos = await Promise.all(clusterPorts.map((p) => rawInfo(p, ['CLUSTER', 'INFO'])));
      return infos.every((i) => i.cluster_state === 'ok' && i.cluster_known_nodes === '6');
    });
    await waitFor('replicas linked', async () => {
      const infos = await Promise.all([replicaPort, ...clusterPorts].map((p) => rawInfo(p, ['INFO', 'replication'])));
      return infos.every((i) => i.role === 'master' || i.master_link_status === 'up');
    });
    const roles = await Promise.all(clusterPorts.map((p) => rawInfo(p, ['INFO', 'replication'])));
    const version = (await rawInfo(standalonePort, ['INFO', 'server'])).redis_version ?? 'unknown';
    return {
      topology: {
        backend: 'docker',
        serverVersion: version,
        standalone: { host: '127.0.0.1', port: standalonePort },
        primary: { host: '127.0.0.1', port: primaryPort },
        replica: { host: '127.0.0.1', port: replicaPort },
        cluster: {
          nodes: clusterPorts.map((p, i) => ({
            host: '127.0.0.1',
            port: p,
            role: roles[i].role === 'master' ? 'master' : 'replica',
          })),
        },
        logFiles: [],
      },
      stop: async () => {
        await container.stop();
      },
    };
  } catch (err) {
    await container.stop();
    throw err;
  }
}
