/**
 * redis-py's consumer-group tests (tests/test_commands.py: test_xack, test_xgroup_*, test_xreadgroup, test_xpending*,
 * test_xclaim*, test_xautoclaim*) in redis-py's call forms, on RESP2 and RESP3 clients alike.
 */
import { describe, expect, it } from 'vitest';
import { DataError, ResponseError, type StrictRedis } from '../../src/index.js';
import { record } from '../harness/declarations.js';
import { useRespClients } from '../harness/resp-clients.js';

const P = `redis-py-stream-groups:${process.pid}:`;
const clients = useRespClients(P);

/** A redis-py test body on a RESP2 and a RESP3 client, each with a stream key of its own. */
const onBoth = (body: (c: StrictRedis, stream: string) => Promise<void>) =>
  clients.onBoth((c, prefix) => body(c, `${prefix}stream`));

/** redis-py's get_stream_message: the entry with that ID. */
async function message(c: StrictRedis, stream: string, id: string) {
  return (await c.xrange(stream, id, id))[0];
}

describe('consumer groups', () => {
  it('test_xack', () =>
    onBoth(async (c, stream) => {
      expect(await c.xack(stream, 'group', '0-0')).toBe(0);
      const m1 = (await c.xadd(stream, { one: 'one' })) as string;
      const m2 = (await c.xadd(stream, { two: 'two' })) as string;
      const m3 = (await c.xadd(stream, { three: 'three' })) as string;
      expect(await c.xack(stream, 'group', m1)).toBe(0);
      await c.xgroup_create(stream, 'group', 0);
      await c.xreadgroup('group', 'consumer', { [stream]: '>' });
      expect(await c.xack(stream, 'group', m1)).toBe(1);
      expect(await c.xack(stream, 'group', m2, m3)).toBe(2);
    }));

  it('test_xgroup_create, test_xgroup_create_mkstream, test_xgroup_create_entriesread (xinfo_groups)', () =>
    onBoth(async (c, stream) => {
      await expect(c.xgroup_create(stream, 'group', 0)).rejects.toBeInstanceOf(ResponseError);
      expect(await c.xgroup_create(stream, 'group', 0, { mkstream: true })).toBe(true);
      expect(await c.xinfo_groups(stream)).toEqual([
        record({ name: 'group', consumers: 0, pending: 0, 'last-delivered-id': '0-0', 'entries-read': null, lag: 0 }),
      ]);
      await c.xadd(stream, { foo: 'bar' });
      expect(await c.xgroup_create(stream, 'g7', 0, { entries_read: 7 })).toBe(true);
      const g7 = (await c.xinfo_groups(stream)).find((g) => g.name === 'g7');
      // redis-py expects lag 1 from Redis 7.2 on; 7.0 computes it as entries-added minus entries-read.
      expect(g7).toMatchObject({ name: 'g7', consumers: 0, pending: 0, 'last-delivered-id': '0-0', 'entries-read': 7 });
      expect(typeof g7?.lag).toBe('number');
    }));

  it('test_xgroup_delconsumer, test_xgroup_createconsumer, test_xgroup_destroy, test_xgroup_setid', () =>
    onBoth(async (c, stream) => {
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      await c.xadd(stream, { foo: 'bar' });
      expect(await c.xgroup_destroy(stream, 'group')).toBe(false);
      await c.xgroup_create(stream, 'group', 0);
      expect(await c.xgroup_delconsumer(stream, 'group', 'consumer')).toBe(0);
      expect(await c.xgroup_createconsumer(stream, 'group', 'consumer')).toBe(1);
      await c.xreadgroup('group', 'consumer', { [stream]: '>' });
      expect(await c.xgroup_delconsumer(stream, 'group', 'consumer')).toBe(2);
      expect(await c.xgroup_setid(stream, 'group', m1, { entries_read: 2 })).toBe(true);
      expect((await c.xinfo_groups(stream))[0]).toMatchObject({ 'last-delivered-id': m1, 'entries-read': 2 });
      expect(await c.xgroup_destroy(stream, 'group')).toBe(true);
    }));

  it('test_xreadgroup (noack, and deleted entries read back as [id, {}])', () =>
    onBoth(async (c, stream) => {
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const m2 = (await c.xadd(stream, { bing: 'baz' })) as string;
      await c.xgroup_create(stream, 'group', 0);
      const entries = [await message(c, stream, m1), await message(c, stream, m2)];
      expect(await c.xreadgroup('group', 'consumer', { [stream]: '>' })).toEqual(record({ [stream]: entries }));
      await c.xgroup_destroy(stream, 'group');
      await c.xgroup_create(stream, 'group', 0);
      expect(await c.xreadgroup('group', 'consumer', { [stream]: '>' }, { count: 1 })).toEqual(
        record({ [stream]: [entries[0]] }),
      );
      await c.xgroup_destroy(stream, 'group');
      await c.xgroup_create(stream, 'group', '$');
      expect(await c.xreadgroup('group', 'consumer', { [stream]: '>' })).toEqual({});
      await c.xgroup_destroy(stream, 'group');
      await c.xgroup_create(stream, 'group', '0');
      const res = await c.xreadgroup('group', 'consumer', { [stream]: '>' }, { noack: true });
      expect(res[stream]).toHaveLength(2);
      expect((await c.xreadgroup('group', 'consumer', { [stream]: '0' }))[stream]).toHaveLength(0);
      await c.xgroup_destroy(stream, 'group');
      await c.xgroup_create(stream, 'group', '0');
      await c.xreadgroup('group', 'consumer', { [stream]: '>' });
      await c.xtrim(stream, 0);
      expect(await c.xreadgroup('group', 'consumer', { [stream]: '0' })).toEqual(
        record({
          [stream]: [
            [m1, record({})],
            [m2, record({})],
          ],
        }),
      );
    }));

  it('test_xpending', () =>
    onBoth(async (c, stream) => {
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const m2 = (await c.xadd(stream, { foo: 'bar' })) as string;
      await c.xgroup_create(stream, 'group', 0);
      expect(await c.xpending(stream, 'group')).toEqual({ pending: 0, min: null, max: null, consumers: [] });
      await c.xreadgroup('group', 'consumer1', { [stream]: '>' }, { count: 1 });
      await c.xreadgroup('group', 'consumer2', { [stream]: '>' }, { count: 1 });
      expect(await c.xpending(stream, 'group')).toEqual({
        pending: 2,
        min: m1,
        max: m2,
        consumers: [
          { name: 'consumer1', pending: 1 },
          { name: 'consumer2', pending: 1 },
        ],
      });
    }));

  it('test_xpending_range, test_xpending_range_idle, test_xpending_range_negative', () =>
    onBoth(async (c, stream) => {
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const m2 = (await c.xadd(stream, { foo: 'bar' })) as string;
      await c.xgroup_create(stream, 'group', 0);
      expect(await c.xpending_range(stream, 'group', '-', '+', 5)).toEqual([]);
      await c.xreadgroup('group', 'consumer1', { [stream]: '>' }, { count: 1 });
      await c.xreadgroup('group', 'consumer2', { [stream]: '>' }, { count: 1 });
      const response = await c.xpending_range(stream, 'group', '-', '+', 5);
      expect(response.map((e) => [e.message_id, e.consumer, e.times_delivered])).toEqual([
        [m1, 'consumer1', 1],
        [m2, 'consumer2', 1],
      ]);
      expect(typeof response[0].time_since_delivered).toBe('number');
      const mine = await c.xpending_range(stream, 'group', '-', '+', 5, { consumername: 'consumer1' });
      expect(mine.map((e) => [e.message_id, e.consumer])).toEqual([[m1, 'consumer1']]);
      expect(await c.xpending_range(stream, 'group', '-', '+', 5, { idle: 1000 })).toHaveLength(0);
      for (const bad of [
        () => c.xpending_range(stream, 'group', '-', '+', undefined as never),
        () => c.xpending_range(stream, 'group', '-', '+', 'one' as never),
        () => c.xpending_range(stream, 'group', '-', '+', -1),
        () => c.xpending_range(stream, 'group', '-', '+', 5, { idle: 'one' as never }),
        () => c.xpending_range(stream, 'group', '-', '+', 5, { idle: 1.5 }),
        () => c.xpending_range(stream, 'group', '-', '+', 5, { idle: -1 }),
        () => c.xpending_range(stream, 'group', null as never, null as never, null as never, { idle: 0 }),
      ]) {
        await expect(bad()).rejects.toBeInstanceOf(DataError);
      }
    }));

  it('test_xclaim, test_xclaim_trimmed', () =>
    onBoth(async (c, stream) => {
      const id = (await c.xadd(stream, { john: 'wick' })) as string;
      const msg = await message(c, stream, id);
      await c.xgroup_create(stream, 'group', 0);
      expect(await c.xclaim(stream, 'group', 'consumer2', 0, [id])).toEqual([]);
      await c.xreadgroup('group', 'consumer1', { [stream]: '>' });
      expect((await c.xclaim(stream, 'group', 'consumer2', 0, [id]))[0]).toEqual(msg);
      expect(await c.xclaim(stream, 'group', 'consumer1', 0, [id], { justid: true })).toEqual([id]);
      await expect(c.xclaim(stream, 'group', 'consumer1', -1, [id])).rejects.toBeInstanceOf(DataError);
      await expect(c.xclaim(stream, 'group', 'consumer1', 0, [])).rejects.toBeInstanceOf(DataError);

      const trimmed = `${stream}:trimmed`;
      await c.xgroup_create(trimmed, 'group', '$', { mkstream: true });
      const sid1 = (await c.xadd(trimmed, { item: 0 })) as string;
      const sid2 = (await c.xadd(trimmed, { item: 0 })) as string;
      await c.xreadgroup('group', 'consumer1', { [trimmed]: '>' });
      await c.xadd(trimmed, { item: 3 }, '*', { maxlen: 2, approximate: false });
      const items = await c.xclaim(trimmed, 'group', 'consumer2', 0, [sid1, sid2]);
      expect(items).toHaveLength(1);
      expect(items[0][0]).toBe(sid2);
    }));

  it('test_xautoclaim, test_xautoclaim_negative (justid gives only the IDs, as in redis-py)', () =>
    onBoth(async (c, stream) => {
      const id1 = (await c.xadd(stream, { john: 'wick' })) as string;
      const id2 = (await c.xadd(stream, { johny: 'deff' })) as string;
      const msg = await message(c, stream, id1);
      await c.xgroup_create(stream, 'group', 0);
      expect(await c.xautoclaim(stream, 'group', 'consumer2', 0)).toEqual(['0-0', [], []]);
      await c.xreadgroup('group', 'consumer1', { [stream]: '>' });
      expect((await c.xautoclaim(stream, 'group', 'consumer2', 0, undefined, { count: 1 }))[1]).toEqual([msg]);
      expect(await c.xautoclaim(stream, 'group', 'consumer1', 0, 0, { justid: true })).toEqual([id1, id2]);
      expect(await c.xautoclaim(stream, 'group', 'consumer1', 0, id2, { justid: true })).toEqual([id2]);
      await expect(c.xautoclaim(stream, 'group', 'consumer', -1)).rejects.toBeInstanceOf(DataError);
      await expect(c.xautoclaim(stream, 'group', 'consumer', 'wrong' as never)).rejects.toBeInstanceOf(DataError);
      await expect(c.xautoclaim(stream, 'group', 'consumer', 0, '0-0', { count: -1 })).rejects.toThrow(DataError);
    }));
});
