/**
 * Redis in Docker, for machines with a Docker engine but no redis-server binary. The containers are started through the
 * `testcontainers` package, loaded only here and only when used (install it to use this module); nothing else in the
 * library depends on it, so bundling `strict-redis` or `strict-redis/admin` never needs it.
 *
 * Every server runs in one container and listens on 127.0.0.1 of the host: on Linux the container shares the host's
 * network (`network: 'host'`, the default there), so nothing is published and no traffic leaves the loopback; elsewhere
 * (Docker Desktop) each port is published under the same number. Servers announce 127.0.0.1, so the addresses a cluster
 * reports work from the host and, inside the container, between the nodes. The image needs `sh` and `redis-server`:
 * the official `redis` image by default, or any image given by name (one built locally, without a registry).
 */
import { type ClusterDescription, createCluster } from '../admin/create.js';
import { findFreePort, rawPing } from '../admin/redis-process.js';

/** The image used when none is given: the official image, pulled from Docker Hub on first use. */
export const DEFAULT_REDIS_IMAGE = 'redis:7.2';

/** How a container's servers are reached: sharing the host's network, or ports published under the same numbers. */
export type DockerNetwork = 'host' | 'published';

/** Options of {@link startRedisContainer}, {@link startDockerRedis} and {@link startDockerCluster}. */
export interface DockerOptions {
  /** The image to run (default {@link DEFAULT_REDIS_IMAGE}); it needs `sh` and `redis-server` on its PATH. */
  image?: string;
  /** Default `host` on Linux, `published` elsewhere (Docker Desktop runs containers in a VM). */
  network?: DockerNetwork;
}

/** A running container from {@link startRedisContainer}. */
export interface RedisContainer {
  /** Runs a command in the container; resolves with its exit code and output. */
  exec(command: string[]): Promise<{ exitCode: number; output: string }>;
  /** Stops and removes the container. */
  stop(): Promise<void>;
}

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

/** The network a container gets: the host's on Linux, published ports elsewhere. */
function networkOf(options: DockerOptions): DockerNetwork {
  return options.network ?? (process.platform === 'linux' ? 'host' : 'published');
}

/**
 * The `redis-server` command line of one server in a container: no persistence, daemonized, its pid in
 * `/tmp/<port>.pid`. On the host's network it listens on 127.0.0.1 only; with published ports on every interface of
 * the container (reached through the published port).
 */
export function redisServerCommand(port: number, extraArgs = '', network: DockerNetwork = 'host'): string {
  const bind = network === 'host' ? '--bind 127.0.0.1' : '--bind 0.0.0.0 --protected-mode no';
  return `redis-server --port ${port} ${bind} --save '' --appendonly no --dir /tmp --dbfilename ${port}.rdb --pidfile /tmp/${port}.pid --daemonize yes --logfile /tmp/${port}.log ${extraArgs}`.trim();
}

/**
 * Starts one container running `sh -c script` (which starts servers on `ports`, then stays in the foreground). With
 * `network: 'published'` every port in `ports` is published under the same number on the host.
 */
export async function startRedisContainer(
  script: string,
  ports: readonly number[],
  options: DockerOptions = {},
): Promise<RedisContainer> {
  const { GenericContainer } = await import('testcontainers');
  const network = networkOf(options);
  let builder = new GenericContainer(options.image ?? DEFAULT_REDIS_IMAGE).withCommand(['sh', '-c', script]);
  builder =
    network === 'host'
      ? builder.withNetworkMode('host')
      : builder.withExposedPorts(...ports.map((p) => ({ container: p, host: p })));
  const container = await builder.start();
  return {
    exec: async (command) => {
      const result = await container.exec(command);
      return { exitCode: result.exitCode, output: result.output };
    },
    stop: async () => {
      await container.stop();
    },
  };
}

/** Resolves once every port answers PING (servers in a container start asynchronously). */
async function waitForServers(ports: readonly number[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    for (;;) {
      const reply = await rawPing(port).catch((err: Error) => err.message);
      if (reply === '+PONG') break;
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start: ${reply}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Free loopback ports for cluster nodes (each with its bus port, +10000, free too). */
async function clusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await findFreePort(true);
    if (!ports.includes(port) && !ports.includes(port + 10000) && !ports.includes(port - 10000)) ports.push(port);
  }
  return ports;
}

/** A throwaway standalone server in a Docker container, from {@link startDockerRedis}. */
export interface DockerRedis {
  host: string;
  port: number;
  /** Stops and removes the container. */
  stop(): Promise<void>;
}

/** Starts a throwaway standalone server in a Docker container, on a free port of 127.0.0.1. */
export async function startDockerRedis(options: DockerOptions = {}): Promise<DockerRedis> {
  const port = await findFreePort();
  const script = `${redisServerCommand(port, '', networkOf(options))} && exec sleep infinity`;
  const container = await startRedisContainer(script, [port], options);
  try {
    await waitForServers([port]);
  } catch (err) {
    await container.stop();
    throw err;
  }
  return { host: '127.0.0.1', port, stop: () => container.stop() };
}

/** A throwaway cluster in a Docker container, from {@link startDockerCluster}. */
export interface DockerCluster extends ClusterDescription {
  startup_nodes: Array<{ host: string; port: number }>;
  /** The container the nodes run in (to stop, kill or inspect a node). */
  container: RedisContainer;
  /** Kills the node on `port` at once (SIGKILL), as a crash would. */
  kill(port: number): Promise<void>;
  /** Stops and removes the container. */
  stop(): Promise<void>;
}

/** Options of {@link startDockerCluster}. */
export interface DockerClusterOptions extends DockerOptions {
  /** Masters (default 3). */
  masters?: number;
  /** Replicas of each master (default 1). */
  replicasPerMaster?: number;
  /** `cluster-node-timeout` in ms (default 2000): how soon a failed master's replica takes over. */
  clusterNodeTimeout?: number;
}

/** Starts a throwaway cluster in one Docker container: every node on a free port of 127.0.0.1. */
export async function startDockerCluster(options: DockerClusterOptions = {}): Promise<DockerCluster> {
  const replicas = options.replicasPerMaster ?? 1;
  const ports = await clusterPorts((options.masters ?? 3) * (1 + replicas));
  const timeout = options.clusterNodeTimeout ?? 2000;
  const flags = (p: number) =>
    `--cluster-enabled yes --cluster-config-file nodes-${p}.conf --cluster-node-timeout ${timeout} --cluster-announce-ip 127.0.0.1`;
  const network = networkOf(options);
  const script = [...ports.map((p) => redisServerCommand(p, flags(p), network)), 'exec sleep infinity'].join(' && ');
  const container = await startRedisContainer(script, [...ports, ...ports.map((p) => p + 10000)], options);
  try {
    await waitForServers(ports);
    const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
    const description = await createCluster(nodes, { replicas });
    const masters = description.nodes.filter((n) => n.role === 'master');
    return {
      ...description,
      startup_nodes: masters.map((m) => ({ host: m.host, port: m.port })),
      container,
      kill: async (port) => {
        const result = await container.exec(['sh', '-c', `kill -9 "$(cat /tmp/${Number(port)}.pid)"`]);
        if (result.exitCode !== 0) throw new Error(`could not kill the node on port ${port}: ${result.output}`);
      },
      stop: () => container.stop(),
    };
  } catch (err) {
    await container.stop();
    throw err;
  }
}
