/**
 * The workloads, written once against {@link Adapter}. Each `step` does a fixed chunk of work and returns how many
 * operations it completed; the worker repeats steps for a fixed duration. The data they read is seeded by
 * `seed.ts` before any worker starts, with the names and sizes below.
 */
import type { Adapter } from './adapters.js';

export const VALUE = 'v'.repeat(64);
/** 1000 keys without hash tags, so they spread over many slots (and all three masters) in the cluster. */
export const KEYS: readonly string[] = Array.from({ length: 1000 }, (_, i) => `bench:k:${i}`);
/** One hash tag: node-redis and ioredis can only pipeline keys of one slot / node in a cluster. */
export const PIPELINE_KEYS: readonly string[] = Array.from({ length: 50 }, (_, i) => `{bench:p}:${i}`);
export const MGET_KEYS: readonly string[] = KEYS.slice(0, 100);
export const BIG_KEY = 'bench:big';
export const BIG_BYTES = 1024 * 1024;
export const LIST_KEY = 'bench:list';
export const LIST_LENGTH = 10_000;
export const HASH_KEY = 'bench:hash';
export const HASH_FIELDS = 1000;

export type WorkloadName = 'burst' | 'seq' | 'pipeline' | 'big' | 'lrange' | 'hgetall' | 'mget';
/** `burst` first: the peak RSS reported for it is the process's peak right after it, before the large replies. */
export const WORKLOADS: readonly WorkloadName[] = ['burst', 'seq', 'pipeline', 'big', 'lrange', 'hgetall', 'mget'];

export interface Workload {
  /** One chunk of work; resolves with the operations it completed. */
  step(client: Adapter): Promise<number>;
  /** Throws when a reply is not what the seeded data says it must be (run once before measuring). */
  check(client: Adapter): Promise<void>;
  /** What one operation is, for the report. */
  unit: string;
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`unexpected reply: ${what}`);
}

let cursor = 0;
function nextKey(): string {
  cursor = (cursor + 1) % KEYS.length;
  return KEYS[cursor];
}

const BURST = 1000;

export const workloads: Record<WorkloadName, Workload> = {
  seq: {
    unit: 'command (SET then GET, each awaited)',
    async step(c) {
      for (let i = 0; i < 50; i++) {
        const key = nextKey();
        await c.set(key, VALUE);
        await c.get(key);
      }
      return 100;
    },
    async check(c) {
      await c.set(KEYS[0], VALUE);
      expect((await c.get(KEYS[0])) === VALUE, 'seq GET');
    },
  },
  burst: {
    unit: 'command (1000 in flight, SET/GET alternating over 1000 keys)',
    async step(c) {
      const pending: Promise<unknown>[] = new Array(BURST);
      for (let i = 0; i < BURST; i++) {
        const key = nextKey();
        pending[i] = (i & 1) === 0 ? c.set(key, VALUE) : c.get(key);
      }
      await Promise.all(pending);
      return BURST;
    },
    async check(c) {
      const replies = await Promise.all(KEYS.slice(0, 10).map((k) => c.get(k)));
      expect(
        replies.every((r) => r === VALUE),
        'burst GET',
      );
    },
  },
  pipeline: {
    unit: 'command (pipelines of 50 SET + 50 GET, non-transactional)',
    async step(c) {
      await c.pipeline(PIPELINE_KEYS, PIPELINE_KEYS, VALUE);
      return PIPELINE_KEYS.length * 2;
    },
    async check(c) {
      const replies = await c.pipeline(PIPELINE_KEYS, PIPELINE_KEYS, VALUE);
      expect(replies.length === PIPELINE_KEYS.length * 2, 'pipeline length');
    },
  },
  big: {
    unit: 'GET of a 1 MiB value as a Buffer (4 in flight)',
    async step(c) {
      await Promise.all([c.getBuffer(BIG_KEY), c.getBuffer(BIG_KEY), c.getBuffer(BIG_KEY), c.getBuffer(BIG_KEY)]);
      return 4;
    },
    async check(c) {
      const value = await c.getBuffer(BIG_KEY);
      expect(Buffer.isBuffer(value) && value.length === BIG_BYTES, 'big GET');
    },
  },
  lrange: {
    unit: 'LRANGE 0 -1 of a 10k-element list',
    async step(c) {
      await c.lrange(LIST_KEY);
      return 1;
    },
    async check(c) {
      expect((await c.lrange(LIST_KEY)).length === LIST_LENGTH, 'lrange length');
    },
  },
  hgetall: {
    unit: 'HGETALL of a 1k-field hash',
    async step(c) {
      await c.hgetall(HASH_KEY);
      return 1;
    },
    async check(c) {
      expect(Object.keys(await c.hgetall(HASH_KEY)).length === HASH_FIELDS, 'hgetall size');
    },
  },
  mget: {
    unit: 'MGET of 100 keys (cluster: across slots)',
    async step(c) {
      await c.mget(MGET_KEYS);
      return 1;
    },
    async check(c) {
      const replies = await c.mget(MGET_KEYS);
      expect(replies.length === MGET_KEYS.length && replies.every((r) => r === VALUE), 'mget values');
    },
  },
};
