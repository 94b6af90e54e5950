/**
 * redis-py's stream tests (tests/test_commands.py: test_xadd … test_xtrim, test_xrange, test_xread, test_xinfo*) in
 * redis-py's call forms, on RESP2 and RESP3 clients: the replies must be redis-py's unified shapes (XREAD as entries
 * by stream, XINFO STREAM FULL's entries by ID…) whatever the protocol. Consumer groups: redis-py-stream-groups.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DataError, ResponseError, type StrictRedis } from '../../src/index.js';
import { record } from '../harness/declarations.js';
import { useRespClients } from '../harness/resp-clients.js';
import { itSince } from '../harness/server-version.js';

const P = `redis-py-streams:${process.pid}:`;
const clients = useRespClients(P);

/** A redis-py test body on a RESP2 and a RESP3 client, each with a stream key of its own. */
const onBoth = (body: (c: StrictRedis, stream: string) => Promise<void>) =>
  clients.onBoth((c, prefix) => body(c, `${prefix}stream`));

/** redis-py's get_stream_message: the entry with that ID. */
async function message(c: StrictRedis, stream: string, id: string) {
  return (await c.xrange(stream, id, id))[0];
}

const ids = (entries: Array<[string, unknown]>) => entries.map(([id]) => id);

describe('adding, deleting, trimming', () => {
  it('test_xadd, test_xadd_explicit_ms, test_xlen', () =>
    onBoth(async (c, stream) => {
      expect(await c.xlen(stream)).toBe(0);
      expect(await c.xadd(stream, { foo: 'bar' })).toMatch(/^[0-9]+-[0-9]+$/);
      expect(await c.xadd(stream, { foo: 'bar' }, '9999999999999999999-0')).toBe('9999999999999999999-0');
      await c.xadd(stream, { foo: 'bar' }, '*', { maxlen: 2, approximate: false });
      expect(await c.xlen(stream)).toBe(2);
      const other = `${stream}:ms`;
      const id = await c.xadd(other, { foo: 'bar' }, '9999999999999999999-*');
      expect(id?.split('-')[0]).toBe('9999999999999999999');
      // The old options-first form is refused, not sent with the options as the ID.
      await expect(c.xadd(stream, { foo: 'bar' }, { maxlen: 2 } as never)).rejects.toBeInstanceOf(DataError);
    }));

  it('test_xadd_nomkstream', () =>
    onBoth(async (c, stream) => {
      await c.xadd(stream, { foo: 'bar' });
      await c.xadd(stream, { some: 'other' }, '*', { nomkstream: false });
      expect(await c.xlen(stream)).toBe(2);
      await c.xadd(stream, { some: 'other' }, '*', { nomkstream: true });
      expect(await c.xlen(stream)).toBe(3);
      expect(await c.xadd(`${stream}:none`, { a: '1' }, '*', { nomkstream: true })).toBeNull();
    }));

  it('test_xadd_minlen_and_limit', () =>
    onBoth(async (c, stream) => {
      for (let i = 0; i < 4; i++) await c.xadd(stream, { foo: 'bar' });
      // redis-py sends these and gets ResponseError; they are refused before sending here.
      await expect(c.xadd(stream, { foo: 'bar' }, '*', { maxlen: 3, approximate: false, limit: 2 })).rejects.toThrow(
        DataError,
      );
      await expect(c.xadd(stream, { foo: 'bar' }, '*', { limit: 2 })).rejects.toBeInstanceOf(DataError);
      expect(await c.xadd(stream, { foo: 'bar' }, '*', { maxlen: 3, approximate: true, limit: 2 })).toBeTruthy();
      await c.delete(stream);
      await expect(c.xadd(stream, { foo: 'bar' }, '*', { maxlen: 3, minid: 'sometestvalue' })).rejects.toThrow(
        DataError,
      );
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      for (let i = 0; i < 3; i++) await c.xadd(stream, { foo: 'bar' });
      expect(await c.xadd(stream, { foo: 'bar' }, '*', { approximate: true, minid: m1, limit: 3 })).toBeTruthy();
      for (let i = 0; i < 3; i++) await c.xadd(stream, { foo: 'bar' });
      const m4 = (await c.xadd(stream, { foo: 'bar' })) as string;
      expect(await c.xadd(stream, { foo: 'bar' }, '*', { approximate: false, minid: m4 })).toBeTruthy();
      expect(await c.xlen(stream)).toBe(2);
    }));

  it('test_xdel', () =>
    onBoth(async (c, stream) => {
      expect(await c.xdel(stream, 1)).toBe(0);
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const m2 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const m3 = (await c.xadd(stream, { foo: 'bar' })) as string;
      expect(await c.xdel(stream, m1)).toBe(1);
      expect(await c.xdel(stream, m2, m3)).toBe(2);
    }));

  it('test_xtrim', () =>
    onBoth(async (c, stream) => {
      expect(await c.xtrim(stream, 1000)).toBe(0);
      for (let i = 0; i < 4; i++) await c.xadd(stream, { foo: 'bar' });
      expect(await c.xtrim(stream, 5, { approximate: false })).toBe(0);
      expect(await c.xtrim(stream, 3, { approximate: false })).toBe(1);
    }));

  it('test_xtrim_minlen_and_length_args', () =>
    onBoth(async (c, stream) => {
      for (let i = 0; i < 4; i++) await c.xadd(stream, { foo: 'bar' });
      await expect(c.xtrim(stream, 3, { approximate: false, limit: 2 })).rejects.toBeInstanceOf(DataError);
      expect(await c.xtrim(stream, 3, { approximate: true, limit: 2 })).toBe(0);
      await c.delete(stream);
      await expect(c.xtrim(stream, 3, { minid: 'sometestvalue' })).rejects.toBeInstanceOf(DataError);
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      for (let i = 0; i < 3; i++) await c.xadd(stream, { foo: 'bar' });
      expect(await c.xtrim(stream, null, { approximate: true, minid: m1, limit: 3 })).toBe(0);
      for (let i = 0; i < 3; i++) await c.xadd(stream, { foo: 'bar' });
      const m4 = (await c.xadd(stream, { foo: 'bar' })) as string;
      expect(await c.xtrim(stream, null, { approximate: false, minid: m4 })).toBe(7);
      await c.xadd(stream, { foo: 'bar' });
      await c.xadd(stream, { foo: 'bar' });
      const m3 = (await c.xadd(stream, { foo: 'bar' })) as string;
      await c.xadd(stream, { foo: 'bar' });
      expect(await c.xtrim(stream, null, { approximate: true, minid: m3 })).toBe(0);
    }));

  it('xsetid (no redis-py method): sets the last ID and the counters XINFO STREAM shows', () =>
    onBoth(async (c, stream) => {
      await c.xadd(stream, { foo: 'bar' }, '5-0');
      expect(await c.xsetid(stream, '10-0', { entries_added: 7, max_deleted_id: '3-0' })).toBe(true);
      const info = await c.xinfo_stream(stream);
      expect(info['last-generated-id']).toBe('10-0');
      expect(info['entries-added']).toBe(7);
      expect(info['max-deleted-entry-id']).toBe('3-0');
      await expect(c.xsetid(stream, '1-0')).rejects.toBeInstanceOf(ResponseError);
      expect(await c.xadd(stream, { foo: 'bar' })).not.toBe('10-0');
    }));
});

describe('ranges and reads', () => {
  it('test_xrange, test_xrevrange', () =>
    onBoth(async (c, stream) => {
      const m: string[] = [];
      for (let i = 0; i < 4; i++) m.push((await c.xadd(stream, { foo: 'bar' })) as string);
      expect(ids(await c.xrange(stream, m[0]))).toEqual(m);
      expect(ids(await c.xrange(stream, m[1], m[2]))).toEqual([m[1], m[2]]);
      expect(ids(await c.xrange(stream, '-', m[2]))).toEqual(m.slice(0, 3));
      expect(ids(await c.xrange(stream, '-', m[1], { count: 1 }))).toEqual([m[0]]);
      expect(ids(await c.xrevrange(stream, m[3]))).toEqual([...m].reverse());
      expect(ids(await c.xrevrange(stream, m[2], m[1]))).toEqual([m[2], m[1]]);
      expect(ids(await c.xrevrange(stream, '+', m[2]))).toEqual([m[3], m[2]]);
      expect(ids(await c.xrevrange(stream, '+', m[1], { count: 1 }))).toEqual([m[3]]);
    }));

  it('test_xread: entries by stream ({stream: entries}), {} when there is nothing new', () =>
    onBoth(async (c, stream) => {
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const m2 = (await c.xadd(stream, { bing: 'baz' })) as string;
      const both = [await message(c, stream, m1), await message(c, stream, m2)];
      expect(both[0]).toEqual([m1, record({ foo: 'bar' })]);
      expect(await c.xread({ [stream]: 0 })).toEqual(record({ [stream]: both }));
      expect(await c.xread({ [stream]: 0 }, { count: 1 })).toEqual(record({ [stream]: [both[0]] }));
      expect(await c.xread({ [stream]: m1 })).toEqual(record({ [stream]: [both[1]] }));
      expect(await c.xread({ [stream]: m2 })).toEqual({});
      await expect(c.xread({ [stream]: 0 }, { count: 0 })).rejects.toBeInstanceOf(DataError);
      await expect(c.xread({})).rejects.toBeInstanceOf(DataError);
    }));
});

describe('xinfo', () => {
  it('test_xinfo_stream', () =>
    onBoth(async (c, stream) => {
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const m2 = (await c.xadd(stream, { foo: 'bar' })) as string;
      const info = await c.xinfo_stream(stream);
      expect(info.length).toBe(2);
      expect(info['first-entry']).toEqual(await message(c, stream, m1));
      expect(info['last-entry']).toEqual(await message(c, stream, m2));
      expect(info['max-deleted-entry-id']).toBe('0-0');
      expect(info['entries-added']).toBe(2);
      expect(info['recorded-first-entry-id']).toBe(m1);
      await c.xtrim(stream, 0);
      const empty = await c.xinfo_stream(stream);
      expect(empty.length).toBe(0);
      expect(empty['first-entry']).toBeNull();
      expect(empty['last-entry']).toBeNull();
    }));

  it('test_xinfo_stream_full: entries by ID, groups and consumers as records', () =>
    onBoth(async (c, stream) => {
      const m1 = (await c.xadd(stream, { foo: 'bar' })) as string;
      let info = await c.xinfo_stream(stream, { full: true });
      expect(info.length).toBe(1);
      expect(info.groups).toEqual([]);
      await c.xgroup_create(stream, 'group', 0);
      info = await c.xinfo_stream(stream, { full: true });
      expect(Object.keys(info.entries as object)).toContain(m1);
      expect(info.groups).toHaveLength(1);
      await c.xreadgroup('group', 'consumer', { [stream]: '>' });
      info = await c.xinfo_stream(stream, { full: true });
      const [group] = info.groups as Array<Record<string, unknown>>;
      const [consumer] = group.consumers as Array<Record<string, unknown>>;
      expect(Object.getPrototypeOf(consumer)).toBe(Object.prototype);
      expect(consumer.name).toBe('consumer');
    }));

  it('test_xinfo_consumers (idle; inactive needs Redis 7.2, below)', () =>
    onBoth(async (c, stream) => {
      for (let i = 0; i < 3; i++) await c.xadd(stream, { foo: 'bar' });
      await c.xgroup_create(stream, 'group', 0);
      await c.xreadgroup('group', 'consumer1', { [stream]: '>' }, { count: 1 });
      await c.xreadgroup('group', 'consumer2', { [stream]: '>' });
      const info = await c.xinfo_consumers(stream, 'group');
      expect(info).toHaveLength(2);
      for (const consumer of info) {
        expect(typeof consumer.idle).toBe('number');
        delete consumer.idle;
        delete consumer.inactive;
      }
      expect(info).toEqual([record({ name: 'consumer1', pending: 1 }), record({ name: 'consumer2', pending: 2 })]);
    }));

  itSince('7.2', 'test_xinfo_consumers: inactive', () =>
    onBoth(async (c, stream) => {
      await c.xadd(stream, { foo: 'bar' });
      await c.xgroup_create(stream, 'group', 0);
      await c.xreadgroup('group', 'consumer1', { [stream]: '>' });
      const [consumer] = await c.xinfo_consumers(stream, 'group');
      expect(typeof consumer.inactive).toBe('number');
    }),
  );
});
