/**
 * Shared plumbing of the examples (not an example itself): turn a command-line target into a client or startup
 * nodes, and — when no target is given — start a throwaway server or cluster, run the example, and stop it again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalCluster, parseAddress, RedisProcess } from '../src/admin/index.js';
import { type StartupNode, StrictRedis } from '../src/index.js';

/** A `redis://` URL or `host:port`. */
export type Target = string;

/** A client (decode_responses on, so replies are strings) for a `redis://…` URL or `host:port`. */
export function connect(target: Target): StrictRedis<string> {
  if (target.includes('://')) return StrictRedis.fromUrl(target, { decode_responses: true });
  const { host, port } = parseAddress(target);
  return new StrictRedis({ host, port });
}

/** Startup nodes from `host:port`, a `redis://` URL, or a list of nodes. */
export function startupNodes(target: Target | StartupNode[]): StartupNode[] {
  if (Array.isArray(target)) return target;
  const url = target.includes('://') ? new URL(target) : undefined;
  return [url ? { host: url.hostname, port: Number(url.port || 6379) } : parseAddress(target)];
}

/** True when `moduleUrl` is the file node was started with (`tsx examples/x.ts`). */
function isEntry(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

async function report(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
    process.exitCode = 1;
  }
}

/** Runs `main` against argv[2], or against a server started for the occasion. */
export function runWithServer(moduleUrl: string, main: (target: Target) => Promise<unknown>): void {
  if (!isEntry(moduleUrl)) return;
  void report(async () => {
    if (process.argv[2] !== undefined) {
      await main(process.argv[2]);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'strict-redis-example-'));
    const server = await RedisProcess.start({ dir });
    try {
      await main(`${server.host}:${server.port}`);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Runs `main` against argv[2], or against a LocalCluster started for the occasion. */
export function runWithCluster(moduleUrl: string, main: (target: Target | StartupNode[]) => Promise<unknown>): void {
  if (!isEntry(moduleUrl)) return;
  void report(async () => {
    if (process.argv[2] !== undefined) {
      await main(process.argv[2]);
      return;
    }
    const cluster = await LocalCluster.start();
    try {
      await main(cluster.startup_nodes);
    } finally {
      await cluster.stop();
    }
  });
}
