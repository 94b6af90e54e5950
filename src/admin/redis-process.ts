/**
 * Spawning and stopping redis-server processes on free loopback ports, each in a directory of its own.
 * Used by LocalCluster, the CLI and the test harness; talks to the server only through a raw PING for readiness,
 * so it depends on nothing above it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { delimiter, join } from 'node:path';

/** Options of `RedisProcess.start`. */
export interface RedisProcessOptions {
  /** Port to listen on; a free one is picked when omitted (and retried if another process grabs it first). */
  port?: number;
  /** Working directory (dump files, nodes.conf, log). Created when missing. */
  dir: string;
  /** Starts the node with `cluster-enabled yes` and a free cluster bus port (port + 10000). */
  cluster?: boolean;
  /** `cluster-node-timeout` in milliseconds for cluster nodes (default 2000). */
  clusterNodeTimeout?: number;
  /** Extra `--name value` arguments, e.g. `['--replicaof', '127.0.0.1', '7000']`. */
  extraArgs?: readonly string[];
  /** A config file passed first; the command-line options above still override what it says. */
  configFile?: string;
  /** redis-server binary (default: found on PATH). */
  binary?: string;
  /** How long to wait for the server to answer PING (default 10 s). */
  startTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every server this process started when it exits, even on an uncaught error or Ctrl-C. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Returns the path of an executable found on PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir.length === 0) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The `redis-server --version` number, e.g. `7.0.15`. */
export function redisServerVersion(binary = findExecutable('redis-server') ?? 'redis-server'): string {
  const out = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  const at = out.indexOf('v=');
  return at < 0 ? 'unknown' : out.slice(at + 2, out.indexOf(' ', at));
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free loopback port. For cluster nodes the bus port (port + 10000) must be free as well, so those are drawn from
 * a range where both fit.
 */
export async function findFreePort(forCluster = false): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = forCluster ? 20000 + Math.floor(Math.random() * 25000) : 30000 + Math.floor(Math.random() * 30000);
    if (!(await isPortFree(port))) continue;
    if (forCluster && !(await isPortFree(port + 10000))) continue;
    return port;
  }
  throw new Error('no free loopback port found');
}

/** Sends PING over a raw socket; resolves with the first reply line (e.g. `+PONG`, `-LOADING ...`). */
export function rawPing(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let text = '';
    const done = (err: Error | null, line?: string) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(line ?? '');
    };
    socket.setTimeout(timeoutMs, () => done(new Error('PING timed out')));
    socket.once('error', (err) => done(err));
    socket.on('data', (data) => {
      text += data.toString('latin1');
      const end = text.indexOf('\r\n');
      if (end >= 0) done(null, text.slice(0, end));
    });
    socket.connect(port, host, () => socket.write('*1\r\n$4\r\nPING\r\n'));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One redis-server child process. */
export class RedisProcess {
  readonly host = '127.0.0.1';
  readonly logFile: string;
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    this.logFile = join(dir, 'redis.log');
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        live.delete(child);
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the process has exited (killed, crashed or stopped). */
  get running(): boolean {
    return !this.exited;
  }

  /** Starts a server and waits until it answers PING. Retries on another port when the port was taken. */
  static async start(options: RedisProcessOptions): Promise<RedisProcess> {
    const binary = options.binary ?? findExecutable('redis-server');
    if (binary === undefined) throw new Error('redis-server was not found on PATH');
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = options.port ?? (await findFreePort(options.cluster === true));
      try {
        return await RedisProcess.spawnOnce(binary, port, options);
      } catch (err) {
        lastError = err as Error;
        if (options.port !== undefined) break;
      }
    }
    throw lastError ?? new Error('redis-server did not start');
  }

  private static async spawnOnce(binary: string, port: number, options: RedisProcessOptions): Promise<RedisProcess> {
    const dir = join(options.dir, String(port));
    mkdirSync(dir, { recursive: true });
    // biome-ignore format: option names and values read best in pairs
    const args = [
      ...(options.configFile === undefined ? [] : [options.configFile]),
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      '--logfile', join(dir, 'redis.log'),
      '--save', '',
      '--appendonly', 'no',
      '--daemonize', 'no',
      '--protected-mode', 'no',
      ...(options.cluster === true
        ? ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf',
           '--cluster-node-timeout', String(options.clusterNodeTimeout ?? 2000)]
        : []),
      ...(options.extraArgs ?? []),
    ];
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    live.add(child);
    installExitHook();
    const proc = new RedisProcess(port, dir, child);
    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    while (Date.now() < deadline) {
      if (proc.exited) {
        throw new Error(`redis-server on port ${port} exited during start-up: ${stderr.trim() || proc.logTail(5)}`);
      }
      try {
        const reply = await rawPing(port);
        // A server with requirepass answers NOAUTH: it is up all the same.
        if (reply === '+PONG' || reply.startsWith('-NOAUTH')) return proc;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    await proc.stop();
    throw new Error(`redis-server on port ${port} did not answer PING in time`);
  }

  /** The last `lines` lines of the server log. */
  logTail(lines = 30): string {
    try {
      const text = readFileSync(this.logFile, 'utf8').trimEnd().split('\n');
      return text.slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Sends a signal (SIGKILL simulates a crash, SIGSTOP a hung node). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.exited) this.child.kill(signal);
  }

  /** Resolves once the process has exited. */
  waitForExit(): Promise<void> {
    return this.exitPromise;
  }

  /** Stops the server (SIGTERM, then SIGKILL after a grace period) and waits until it is gone. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }
}
