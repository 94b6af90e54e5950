/**
 * A redis-server of a test file's own, for commands that must not run against the shared servers other files use in
 * parallel (SAVE, SHUTDOWN, REPLICAOF, FAILOVER, SWAPDB, FLUSHALL, DEBUG, MODULE, CONFIG SET…).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisProcess } from '../../src/admin/redis-process.js';

export interface PrivateRedis {
  readonly host: string;
  readonly port: number;
  readonly process: RedisProcess;
  /** Stops the server (if still running) and removes its directory. */
  stop(): Promise<void>;
}

/** Starts a server on a free loopback port in a temporary directory; `extraArgs` as `['--name', 'value', …]`. */
export async function startPrivateRedis(extraArgs: readonly string[] = [], configFile?: string): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'strict-redis-private-'));
  const process = await RedisProcess.start({ dir, extraArgs, configFile });
  return {
    host: process.host,
    port: process.port,
    process,
    async stop() {
      await process.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
