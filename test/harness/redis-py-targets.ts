/**
 * Where the tests mirrored from redis-py's test suite run: a standalone server in RESP2 and in RESP3 (where reply
 * shapes could differ), and the cluster. Every key of such a test file lives under one hash-tagged prefix, so the same
 * multi-key calls work on the cluster too, as redis-py's `{foo}` cluster tests do.
 */
import { afterAll, describe, inject } from 'vitest';
import { StrictRedis, StrictRedisCluster } from '../../src/index.js';

export interface RedisPyTarget {
  /** `standalone RESP2`, `standalone RESP3`, `cluster RESP3`. */
  readonly label: string;
  readonly cluster: boolean;
  readonly protocol: 2 | 3;
  /** A client for this target (text replies). */
  connect(): StrictRedis;
  /** A client for this target with `decode_responses: false` (Buffer replies, as redis-py's default bytes). */
  connectBytes(): StrictRedis<Buffer>;
}

/** The three targets. Cluster clients are typed as StrictRedis: the command methods are the same. */
export function redisPyTargets(): RedisPyTarget[] {
  const { standalone, cluster } = inject('redis');
  const seed = cluster.nodes[0];
  const single = (protocol: 2 | 3): RedisPyTarget => ({
    label: `standalone RESP${protocol}`,
    cluster: false,
    protocol,
    connect: () => new StrictRedis({ host: standalone.host, port: standalone.port, protocol }),
    connectBytes: () =>
      new StrictRedis({ host: standalone.host, port: standalone.port, protocol, decode_responses: false }),
  });
  const startup_nodes = [{ host: seed.host, port: seed.port }];
  return [
    single(2),
    single(3),
    {
      label: 'cluster RESP3',
      cluster: true,
      protocol: 3,
      connect: () => new StrictRedisCluster({ startup_nodes, protocol: 3 }) as unknown as StrictRedis,
      connectBytes: () =>
        new StrictRedisCluster({
          startup_nodes,
          protocol: 3,
          decode_responses: false,
        }) as unknown as StrictRedis<Buffer>,
    },
  ];
}

/** Deletes every key under `prefix` (one hash tag: one slot on a cluster). */
export async function deleteUnder(r: StrictRedis, prefix: string): Promise<void> {
  const keys = await r.keys(`${prefix}*`);
  if (keys.length > 0) await r.delete(keys);
}

/** What a mirrored test file's body gets for one target. */
export interface RedisPyContext {
  readonly target: RedisPyTarget;
  /** A client for the target (connected on its first command, closed after the file's tests). */
  readonly r: StrictRedis;
  /** A key under the file's hash-tagged prefix (deleted after the tests). */
  k(name: string): string;
}

/** One `describe` per target, named `redis-py <group> tests, <target>`, with a client and a key prefix of its own. */
export function describeRedisPy(group: string, body: (context: RedisPyContext) => void): void {
  for (const target of redisPyTargets()) {
    describe(`redis-py ${group} tests, ${target.label}`, () => {
      const prefix = `{rpy-${group}:${process.pid}:${target.label}}:`;
      const r = target.connect();
      afterAll(async () => {
        await deleteUnder(r, prefix);
        await r.close();
      });
      body({ target, r, k: (name) => `${prefix}${name}` });
    });
  }
}

/** A client's methods without their parameter types, to make the calls TypeScript would refuse (wrong forms). */
export function untyped(client: object): Record<string, (...args: unknown[]) => Promise<unknown>> {
  return client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
}

/** Text as the Buffer a `decode_responses: false` client returns. */
export const b = (text: string): Buffer => Buffer.from(text);
