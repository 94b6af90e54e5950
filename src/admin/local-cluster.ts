/**
 * LocalCluster: a throwaway cluster of redis-server processes on free loopback ports, for demos, examples and tests.
 * Each node gets a directory with a config file like the classic `7000.conf`; `stop()` (also run on SIGINT/SIGTERM of
 * this process) stops every server and removes every directory it created.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterDescription, type ClusterNodeDescription, createCluster } from './create.js';
import { RedisServerNotFoundError } from './errors.js';
import { findExecutable, findFreePort, RedisProcess } from './redis-process.js';

/** Options of `LocalCluster.start`. */
export interface LocalClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /** `cluster-node-timeout` in milliseconds (default 2000: failures are detected quickly). */
  clusterNodeTimeout?: number;
  /** Parent directory for the node directories (default: a new temporary directory). */
  dir?: string;
  /** Port of the first node; the others follow (`basePort + 1`, …). Default: free ports chosen at random. */
  basePort?: number;
  /** How long to wait for the cluster to become healthy (default 60 s). */
  timeoutMs?: number;
  /**
   * Password for every node's default user (`requirepass`, and `masterauth` for replication). The LocalCluster then
   * carries it, so admin functions given the cluster log in with it; clients need it too.
   */
  password?: string;
}

const INSTALL_HINT =
  'LocalCluster needs redis-server on PATH (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)';

const live = new Set<LocalCluster>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * On Ctrl-C or SIGTERM: stop every live cluster, then let the signal take its usual course — unless the program
 * listens for it too (the CLI does, to report the stop), in which case ending the process is the program's call.
 */
function onSignal(signal: NodeJS.Signals): void {
  for (const s of signals) process.removeListener(s, onSignal);
  const handledElsewhere = process.listenerCount(signal) > 0;
  void Promise.allSettled([...live].map((c) => c.stop())).finally(() => {
    if (!handledElsewhere) process.kill(process.pid, signal);
  });
}

function trackLive(cluster: LocalCluster, alive: boolean): void {
  if (alive) {
    if (live.size === 0) for (const s of signals) process.on(s, onSignal);
    live.add(cluster);
  } else {
    live.delete(cluster);
    if (live.size === 0) for (const s of signals) process.removeListener(s, onSignal);
  }
}

function nodeConfig(port: number, clusterNodeTimeout: number, password: string | undefined): string {
  // A config file, not the command line, so that the password does not show in the process list.
  const auth =
    password === undefined ? [] : [`requirepass ${configString(password)}`, `masterauth ${configString(password)}`];
  return [
    ...auth,
    `port ${port}`,
    'cluster-enabled yes',
    'cluster-config-file nodes.conf',
    `cluster-node-timeout ${clusterNodeTimeout}`,
    'appendonly no',
    // Replicas of a fresh cluster sync at once instead of after the default 5 s wait for more replicas.
    'repl-diskless-sync-delay 0',
    '',
  ].join('\n');
}

/** A value quoted for redis.conf. */
function configString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

/** Starts one cluster-enabled node with its config file; retries on another port when the port was taken. */
export async function startClusterNode(
  root: string,
  clusterNodeTimeout: number,
  password?: string,
  fixedPort?: number,
): Promise<RedisProcess> {
  let last: unknown;
  // A port asked for is tried once: another port would not be what the caller announced.
  for (let attempt = 0; attempt < (fixedPort === undefined ? 5 : 1); attempt++) {
    const port = fixedPort ?? (await findFreePort(true));
    const dir = join(root, String(port));
    mkdirSync(dir, { recursive: true });
    const configFile = join(dir, 'redis.conf');
    writeFileSync(configFile, nodeConfig(port, clusterNodeTimeout, password), { mode: 0o600 });
    try {
      return await RedisProcess.start({ port, dir: root, cluster: true, clusterNodeTimeout, configFile });
    } catch (err) {
      last = err;
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw last;
}

/** A throwaway cluster of local redis-server processes on free loopback ports. */
export class LocalCluster {
  private stopping: Promise<void> | undefined;
  /** A private field, so that `util.inspect` and JSON never show it. */
  readonly #password: string | undefined;

  private constructor(
    readonly processes: RedisProcess[],
    public nodes: ClusterNodeDescription[],
    /** Directory holding one sub-directory per node (removed by `stop()` when LocalCluster created it). */
    readonly dir: string,
    private readonly ownsRoot: boolean,
    readonly clusterNodeTimeout: number,
    password: string | undefined,
  ) {
    this.#password = password;
    trackLive(this, true);
  }

  /** The nodes' password (see {@link LocalClusterOptions.password}); admin functions given this cluster use it. */
  get password(): string | undefined {
    return this.#password;
  }

  static async start(options: LocalClusterOptions = {}): Promise<LocalCluster> {
    const masters = options.masters ?? 3;
    const replicas = options.replicasPerMaster ?? 1;
    const clusterNodeTimeout = options.clusterNodeTimeout ?? 2000;
    if (findExecutable('redis-server') === undefined) {
      throw new RedisServerNotFoundError(
        `${INSTALL_HINT}, or start a Docker engine and use startDockerCluster() from 'strict-redis/testing'`,
      );
    }
    const ownsRoot = options.dir === undefined;
    const root = options.dir ?? mkdtempSync(join(tmpdir(), 'strict-redis-local-cluster-'));
    const started = await Promise.allSettled(
      Array.from({ length: masters * (1 + replicas) }, (_, i) =>
        startClusterNode(
          root,
          clusterNodeTimeout,
          options.password,
          options.basePort === undefined ? undefined : options.basePort + i,
        ),
      ),
    );
    const processes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const cluster = new LocalCluster(processes, [], root, ownsRoot, clusterNodeTimeout, options.password);
    try {
      const failed = started.find((r) => r.status === 'rejected');
      if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
      const description: ClusterDescription = await createCluster(processes, {
        replicas,
        timeoutMs: options.timeoutMs,
        password: options.password,
      });
      cluster.nodes = description.nodes;
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** Addresses of the masters, for `new StrictRedisCluster({ startup_nodes })`. */
  get startup_nodes(): Array<{ host: string; port: number }> {
    return this.nodes.filter((n) => n.role === 'master').map((n) => ({ host: n.host, port: n.port }));
  }

  get startupNodes(): Array<{ host: string; port: number }> {
    return this.startup_nodes;
  }

  /** The server process listening on `port`. */
  process(port: number): RedisProcess {
    const found = this.processes.find((p) => p.port === port);
    if (found === undefined) throw new RangeError(`no node of this cluster listens on port ${port}`);
    return found;
  }

  /** Starts one more empty cluster-enabled node (not yet part of the cluster: see addNode). */
  async startNode(): Promise<RedisProcess> {
    const proc = await startClusterNode(this.dir, this.clusterNodeTimeout, this.#password);
    this.processes.push(proc);
    return proc;
  }

  /** Stops every server and removes the directories. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.processes.map((p) => p.stop()));
      if (this.ownsRoot) rmSync(this.dir, { recursive: true, force: true });
      else for (const p of this.processes) rmSync(p.dir, { recursive: true, force: true });
      trackLive(this, false);
    })();
    return this.stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
