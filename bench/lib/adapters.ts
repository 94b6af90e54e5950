/**
 * One small interface over every client the benchmark compares, so that each workload is written once and runs the
 * same calls against all of them. Each adapter uses the idiomatic call of its library (ioredis `getBuffer`, node-redis
 * type mapping, strict-redis `decode_responses: false`) — what a user of that library would write.
 */
import diagnostics from 'node:diagnostics_channel';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster, RESP_TYPES } from 'redis';
import { StrictRedis } from '../../src/client/strict-redis.js';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';

export type LibraryName = 'strict-redis' | 'ioredis' | 'ioredis-auto' | 'node-redis';
export const CLIENTS: readonly LibraryName[] = ['strict-redis', 'ioredis', 'ioredis-auto', 'node-redis'];

/**
 * strict-redis itself in other configurations, run in the same interleaved rounds to measure what observability
 * costs: with a subscriber on `strict-redis:command`, with `capture_call_site`, and — when BENCH_BASELINE names a
 * checkout of an earlier commit (e.g. a `git worktree`) — that commit's client, without any of it.
 */
export type VariantName = 'strict-redis:traced' | 'strict-redis:call-site' | 'strict-redis:baseline';
export const VARIANTS: readonly VariantName[] = [
  'strict-redis:traced',
  'strict-redis:call-site',
  ...(process.env.BENCH_BASELINE ? (['strict-redis:baseline'] as const) : []),
];

export type ClientName = LibraryName | VariantName;

type StandaloneClass = typeof StrictRedis;
type ClusterClass = typeof StrictRedisCluster;

/** The client classes of the BENCH_BASELINE checkout. */
async function baselineClasses(): Promise<[StandaloneClass, ClusterClass]> {
  const dir = process.env.BENCH_BASELINE;
  if (!dir) throw new Error('strict-redis:baseline needs BENCH_BASELINE (a checkout of the commit to compare with)');
  const standalone = await import(`${dir}/src/client/strict-redis.ts`);
  const cluster = await import(`${dir}/src/cluster/cluster-client.ts`);
  return [standalone.StrictRedis, cluster.StrictRedisCluster];
}

/** A subscriber doing what a tracer minimally does: keep the context from start to asyncEnd. */
function subscribeTracer(): void {
  const open = new Set<object>();
  diagnostics.tracingChannel<object>('strict-redis:command').subscribe({
    start: (context) => {
      open.add(context);
    },
    end: () => {},
    asyncStart: () => {},
    asyncEnd: (context) => {
      open.delete(context);
    },
    error: () => {},
  });
}

export interface Endpoint {
  host: string;
  port: number;
}

export interface Adapter {
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  getBuffer(key: string): Promise<Buffer | null>;
  incr(key: string): Promise<unknown>;
  lrange(key: string): Promise<unknown[]>;
  hgetall(key: string): Promise<Record<string, string>>;
  /** Standalone: one MGET. Cluster: strict-redis splits MGET by slot; the others send per-key GETs in parallel. */
  mget(keys: readonly string[]): Promise<unknown[]>;
  /** An explicit, non-transactional pipeline: SET for each `sets` entry, then GET for each `gets` key. */
  pipeline(sets: readonly string[], gets: readonly string[], value: string): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function createAdapter(name: ClientName, mode: 'standalone' | 'cluster', at: Endpoint): Promise<Adapter> {
  if (name === 'strict-redis') return mode === 'cluster' ? strictCluster(at) : strictStandalone(at);
  if (name === 'strict-redis:traced') subscribeTracer();
  if (name === 'strict-redis:traced' || name === 'strict-redis:call-site') {
    const extra = name === 'strict-redis:call-site' ? { capture_call_site: true } : {};
    return mode === 'cluster' ? strictCluster(at, StrictRedisCluster, extra) : strictStandalone(at, StrictRedis, extra);
  }
  if (name === 'strict-redis:baseline') {
    const [Standalone, ClusterClient] = await baselineClasses();
    return mode === 'cluster' ? strictCluster(at, ClusterClient) : strictStandalone(at, Standalone);
  }
  if (name === 'node-redis') return mode === 'cluster' ? nodeRedisCluster(at) : nodeRedisStandalone(at);
  return ioredis(mode, at, name === 'ioredis-auto');
}

async function strictStandalone(at: Endpoint, Client: StandaloneClass = StrictRedis, extra = {}): Promise<Adapter> {
  const client = new Client({ host: at.host, port: at.port, ...extra });
  const binary = new Client({ host: at.host, port: at.port, decode_responses: false, ...extra });
  await Promise.all([client.connect(), binary.connect()]);
  return {
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => binary.get(k),
    incr: (k) => client.incr(k),
    lrange: (k) => client.lrange(k, 0, -1),
    hgetall: (k) => client.hgetall(k),
    mget: (keys) => client.mget(...keys),
    pipeline: (sets, gets, value) => {
      const pipe = client.pipeline({ transaction: false });
      for (const k of sets) pipe.set(k, value);
      for (const k of gets) pipe.get(k);
      return pipe.execute();
    },
    close: async () => {
      await Promise.all([client.close(), binary.close()]);
    },
  };
}

async function strictCluster(at: Endpoint, Client: ClusterClass = StrictRedisCluster, extra = {}): Promise<Adapter> {
  const startup_nodes = [{ host: at.host, port: at.port }];
  const client = new Client({ startup_nodes, ...extra });
  const binary = new Client({ startup_nodes, decode_responses: false, ...extra });
  await Promise.all([client.connect(), binary.connect()]);
  return {
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k) as Promise<string | null>,
    getBuffer: (k) => binary.get(k) as Promise<Buffer | null>,
    incr: (k) => client.incr(k),
    lrange: (k) => client.lrange(k, 0, -1),
    hgetall: (k) => client.hgetall(k) as Promise<Record<string, string>>,
    mget: (keys) => client.mget(...keys),
    pipeline: (sets, gets, value) => {
      const pipe = client.pipeline();
      for (const k of sets) pipe.set(k, value);
      for (const k of gets) pipe.get(k);
      return pipe.execute();
    },
    close: async () => {
      await Promise.all([client.close(), binary.close()]);
    },
  };
}

async function ioredis(mode: 'standalone' | 'cluster', at: Endpoint, auto: boolean): Promise<Adapter> {
  const client =
    mode === 'cluster'
      ? new Cluster([{ host: at.host, port: at.port }], { enableAutoPipelining: auto })
      : new Redis({ host: at.host, port: at.port, enableAutoPipelining: auto, lazyConnect: true });
  if (mode === 'cluster') await new Promise<void>((resolve) => client.once('ready', () => resolve()));
  else await client.connect();
  return {
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => client.getBuffer(k),
    incr: (k) => client.incr(k),
    lrange: (k) => client.lrange(k, 0, -1),
    hgetall: (k) => client.hgetall(k),
    mget:
      mode === 'cluster'
        ? (keys) => Promise.all(keys.map((k) => client.get(k)))
        : (keys) => client.mget(keys as string[]),
    pipeline: async (sets, gets, value) => {
      const pipe = client.pipeline();
      for (const k of sets) pipe.set(k, value);
      for (const k of gets) pipe.get(k);
      return (await pipe.exec()) ?? [];
    },
    close: async () => {
      await client.quit();
    },
  };
}

async function nodeRedisStandalone(at: Endpoint): Promise<Adapter> {
  const client = createClient({ socket: { host: at.host, port: at.port } });
  client.on('error', () => {});
  await client.connect();
  const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return {
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => binary.get(k),
    incr: (k) => client.incr(k),
    lrange: (k) => client.lRange(k, 0, -1),
    hgetall: (k) => client.hGetAll(k),
    mget: (keys) => client.mGet(keys as string[]),
    pipeline: (sets, gets, value) => {
      const multi = client.multi();
      for (const k of sets) multi.set(k, value);
      for (const k of gets) multi.get(k);
      return multi.execAsPipeline() as Promise<unknown[]>;
    },
    close: async () => {
      await client.close();
    },
  };
}

async function nodeRedisCluster(at: Endpoint): Promise<Adapter> {
  const client = createCluster({ rootNodes: [{ url: `redis://${at.host}:${at.port}` }] });
  client.on('error', () => {});
  await client.connect();
  const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return {
    set: (k, v) => client.set(k, v),
    get: (k) => client.get(k),
    getBuffer: (k) => binary.get(k),
    incr: (k) => client.incr(k),
    lrange: (k) => client.lRange(k, 0, -1),
    hgetall: (k) => client.hGetAll(k),
    mget: (keys) => Promise.all(keys.map((k) => client.get(k))),
    pipeline: (sets, gets, value) => {
      // node-redis routes a cluster pipeline by its first key: every key must share one slot (the workload's do).
      const multi = client.multi(sets[0] ?? gets[0]);
      for (const k of sets) multi.set(k, value);
      for (const k of gets) multi.get(k);
      return multi.execAsPipeline() as Promise<unknown[]>;
    },
    close: async () => {
      await client.close();
    },
  };
}
