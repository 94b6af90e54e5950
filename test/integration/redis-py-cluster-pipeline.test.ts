/**
 * redis-py's TestClusterPipeline (tests/test_cluster.py), in this project's terms. redis-py refuses multi-key commands
 * in cluster pipelines ("disabled"); here a non-transactional cluster pipeline routes every command on its own, so
 * those whose keys share a slot run, commands that split by slot (MGET, MSET, DEL, UNLINK…) run across slots, and
 * atomic multi-key commands across slots raise CrossSlotError when queued — documented in docs/migration.md.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { CrossSlotError, ResponseError, StrictRedisCluster, WrongTypeError } from '../../src/index.js';

const { cluster } = inject('redis');
const P = `rp-cpipe:${process.pid}:`;
/** Keys in one slot (a hash tag) and keys that land in different slots. */
const same = (name: string) => `{${P}t}:${name}`;
const spread = (name: string) => `${P}${name}`;
let rc: StrictRedisCluster;

beforeAll(async () => {
  rc = new StrictRedisCluster({ startup_nodes: cluster.nodes.map((n) => ({ host: n.host, port: n.port })) });
  await rc.connect();
});
afterEach(async () => {
  const keys = [...'abcdefgh'].flatMap((c) => [same(c), spread(c)]);
  await rc.delete(keys);
});
afterAll(async () => {
  await rc.close();
});

describe('TestClusterPipeline', () => {
  it('test_redis_cluster_pipeline', async () => {
    expect(await rc.pipeline().set(spread('a'), 'bar').get(spread('a')).execute()).toEqual([true, 'bar']);
  });

  it('test_mget_disabled / test_mset_disabled: here MSET and MGET split by slot and run', async () => {
    expect(rc.keyslot(spread('a'))).not.toBe(rc.keyslot(spread('b')));
    const results = await rc
      .pipeline()
      .mset({ [spread('a')]: '1', [spread('b')]: '2' })
      .mget([spread('a'), spread('b'), spread('c')])
      .execute();
    expect(results).toEqual([true, ['1', '2', null]]);
  });

  it('test_rename_disabled / test_renamenx_disabled: across slots CrossSlotError when queued; in one slot they run', async () => {
    const pipe = rc.pipeline();
    expect(() => pipe.rename(spread('a'), spread('b'))).toThrow(CrossSlotError);
    expect(() => pipe.renamenx(spread('a'), spread('b'))).toThrow(CrossSlotError);
    expect(pipe.length).toBe(0);
    await rc.set(same('a'), '1');
    expect(await pipe.rename(same('a'), same('b')).renamenx(same('b'), same('c')).execute()).toEqual([true, true]);
  });

  it('test_delete_single / test_unlink_single', async () => {
    await rc.set(spread('a'), '1');
    await rc.set(spread('b'), '1');
    expect(await rc.pipeline().delete(spread('a')).unlink(spread('b')).execute()).toEqual([1, 1]);
  });

  it('test_multi_delete_unsupported_cross_slot / test_multi_unlink_unsupported: here they split and sum', async () => {
    await rc.mset({ [spread('a')]: '1', [spread('b')]: '2', [spread('c')]: '3' });
    expect(await rc.pipeline().delete(spread('a'), spread('b')).unlink(spread('c'), spread('d')).execute()).toEqual([
      2, 1,
    ]);
  });

  it('test_multi_delete_supported_single_slot (in a transaction)', async () => {
    await rc.mset({ [same('a')]: '1', [same('b')]: '2' });
    expect(await rc.pipeline({ transaction: true }).delete(same('a'), same('b')).execute()).toEqual([2]);
  });

  it('the *_disabled commands: CrossSlotError across slots, a result in one slot', async () => {
    const crossSlot: Array<(p: ReturnType<StrictRedisCluster['pipeline']>) => unknown> = [
      (p) => p.brpoplpush(spread('a'), spread('b'), 0.01),
      (p) => p.rpoplpush(spread('a'), spread('b')),
      (p) => p.sort(spread('a'), { store: spread('b') }),
      (p) => p.sdiff(spread('a'), spread('b')),
      (p) => p.sdiffstore(spread('c'), spread('a'), spread('b')),
      (p) => p.sinter(spread('a'), spread('b')),
      (p) => p.sinterstore(spread('c'), spread('a'), spread('b')),
      (p) => p.smove(spread('a'), spread('b'), 'x'),
      (p) => p.sunion(spread('a'), spread('b')),
      (p) => p.sunionstore(spread('c'), spread('a'), spread('b')),
      (p) => p.pfmerge(spread('c'), spread('a'), spread('b')),
    ];
    for (const queue of crossSlot) expect(() => queue(rc.pipeline())).toThrow(CrossSlotError);
    await rc.sadd(same('a'), 'x', 'y');
    await rc.sadd(same('b'), 'y', 'z');
    const results = await rc
      .pipeline()
      .sinter(same('a'), same('b'))
      .sunionstore(same('c'), same('a'), same('b'))
      .smove(same('a'), same('b'), 'x')
      .rpoplpush(same('d'), same('e'))
      .execute();
    expect(results).toEqual([new Set(['y']), 3, true, null]);
  });

  it('test_multi_key_operation_with_a_single_slot and _with_multi_slots', async () => {
    const single = await rc.pipeline().set(same('a'), 1).set(same('b'), 2).set(same('c'), 3).get(same('a')).execute();
    expect(single).toEqual([true, true, true, '1']);
    const multi = await rc
      .pipeline()
      .set(spread('a'), 1)
      .set(spread('b'), 2)
      .set(spread('c'), 3)
      .get(spread('a'))
      .get(spread('b'))
      .get(spread('c'))
      .execute();
    expect(multi).toEqual([true, true, true, '1', '2', '3']);
  });

  it('test_empty_stack', async () => {
    expect(await rc.pipeline().execute()).toEqual([]);
    expect(await rc.pipeline({ transaction: true }).execute()).toEqual([]);
  });

  it('test_exec_error_in_response: raise_on_error false keeps every reply in place', async () => {
    await rc.set(spread('c'), 'a');
    const results = await rc
      .pipeline()
      .set(spread('a'), 1)
      .set(spread('b'), 2)
      .lpush(spread('c'), 3)
      .set(spread('d'), 4)
      .execute({ raise_on_error: false });
    expect(results[0]).toBe(true);
    expect(results[1]).toBe(true);
    expect(results[2]).toBeInstanceOf(ResponseError);
    expect(results[3]).toBe(true);
    expect(await rc.mget(spread('a'), spread('b'), spread('c'), spread('d'))).toEqual(['1', '2', 'a', '4']);
  });

  it('test_exec_error_in_no_transaction_pipeline: the failing command is named with its place', async () => {
    await rc.set(spread('a'), 1);
    const error = await rc
      .pipeline()
      .llen(spread('a'))
      .expire(spread('a'), 100)
      .execute()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongTypeError);
    expect((error as Error).message).toMatch(/^command #1 \(LLEN\) of the pipeline: WRONGTYPE/);
    expect(await rc.get(spread('a'))).toBe('1');
  });

  it('test_pipeline_discard: reset() drops what was queued', async () => {
    const pipe = rc.pipeline();
    pipe.set(spread('a'), 'someval').set(spread('b'), 'val');
    pipe.reset();
    expect(pipe.length).toBe(0);
    expect(await pipe.set(spread('c'), 'bar').execute()).toEqual([true]);
    expect(await rc.get(spread('a'))).toBeNull();
  });

  it('test_pipeline_readonly: reads of a replica-reading client in a pipeline', async () => {
    const ro = new StrictRedisCluster({
      startup_nodes: cluster.nodes.map((n) => ({ host: n.host, port: n.port })),
      read_from_replicas: true,
    });
    try {
      await rc.set(spread('a'), 'bar');
      await rc.wait(1, 1000);
      const [value] = await ro.pipeline().get(spread('a')).execute();
      expect([null, 'bar']).toContain(value);
      // The write goes to the primary, the read to a replica that may not have it yet (no read-your-writes there).
      const [written, read] = await ro.pipeline().set(spread('b'), 'w').get(spread('b')).execute();
      expect(written).toBe(true);
      expect([null, 'w']).toContain(read);
    } finally {
      await ro.close();
    }
  });
});
