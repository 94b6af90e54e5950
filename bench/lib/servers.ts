/**
 * The servers the benchmark runs against — a standalone redis-server and a 3-master/3-replica cluster of its own,
 * on free loopback ports — and the data the workloads read. Seeding goes through ioredis so that it does not depend
 * on the code being measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { RedisProcess } from '../../src/admin/redis-process.js';
import { type PrivateCluster, startPrivateCluster } from '../../test/harness/local-backend.js';
import type { Endpoint } from './adapters.js';
import {
  BIG_BYTES,
  BIG_KEY,
  HASH_FIELDS,
  HASH_KEY,
  KEYS,
  LIST_KEY,
  LIST_LENGTH,
  PIPELINE_KEYS,
  VALUE,
} from './workloads.js';

export interface BenchServers {
  standalone: Endpoint;
  /** One master of the cluster; clients discover the rest. */
  cluster: Endpoint;
  stop(): Promise<void>;
}

export async function startServers(withCluster: boolean): Promise<BenchServers> {
  const root = mkdtempSync(join(tmpdir(), 'strict-redis-bench-'));
  let standalone: RedisProcess | undefined;
  let cluster: PrivateCluster | undefined;
  const stop = async () => {
    await Promise.all([standalone?.stop(), cluster?.stop()]);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    [standalone, cluster] = await Promise.all([
      RedisProcess.start({ dir: root }),
      withCluster ? startPrivateCluster() : Promise.resolve(undefined),
    ]);
    const master = cluster?.nodes.find((n) => n.role === 'master');
    const servers: BenchServers = {
      standalone: { host: standalone.host, port: standalone.port },
      cluster: master === undefined ? { host: '127.0.0.1', port: 0 } : { host: master.host, port: master.port },
      stop,
    };
    await seed(new Redis({ host: servers.standalone.host, port: servers.standalone.port }));
    if (master !== undefined) await seed(new Cluster([{ host: master.host, port: master.port }]));
    return servers;
  } catch (err) {
    await stop();
    throw err;
  }
}

async function seed(client: Redis | Cluster): Promise<void> {
  try {
    await Promise.all([...KEYS, ...PIPELINE_KEYS].map((k) => client.set(k, VALUE)));
    await client.set(BIG_KEY, Buffer.alloc(BIG_BYTES, 0x61));
    await client.del(LIST_KEY);
    await client.del(HASH_KEY);
    const items = Array.from({ length: LIST_LENGTH }, (_, i) => `item:${i}`);
    for (let i = 0; i < items.length; i += 1000) await client.rpush(LIST_KEY, ...items.slice(i, i + 1000));
    const fields: Record<string, string> = {};
    for (let i = 0; i < HASH_FIELDS; i++) fields[`field:${i}`] = `value:${i}`;
    await client.hset(HASH_KEY, fields);
  } finally {
    await client.quit();
  }
}
