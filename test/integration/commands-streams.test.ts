/** Stream commands against a real server: entries, reads (blocking too), consumer groups, XINFO; RESP2 and RESP3. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CrossSlotError, ResponseError } from '../../src/errors.js';
import { DataError, StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { rawInfo, waitFor } from '../harness/raw.js';

const { standalone, cluster } = inject('redis');
const P = `cmd-streams:${process.pid}:`;
let r: StrictRedis;
let r3: StrictRedis;

beforeAll(async () => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  r3 = new StrictRedis({ host: standalone.host, port: standalone.port, protocol: 3 });
  await Promise.all([r.connect(), r3.connect()]);
});
afterAll(async () => {
  const keys = (await r.execute_command('KEYS', `${P}*`)) as string[];
  if (keys.length > 0) await r.execute_command('DEL', ...keys);
  await Promise.all([r.close(), r3.close()]);
});

const both = () =>
  [
    ['RESP2', r],
    ['RESP3', r3],
  ] as const;

const record = <T>(fields: Record<string, T>): Record<string, T> => Object.assign(Object.create(null), fields);

describe('adding, ranges, trimming', () => {
  it('xadd returns the id; explicit ids; nomkstream gives null for a missing stream', async () => {
    const k = `${P}add`;
    const id = await r.xadd(k, { a: '1' });
    expect(id).toMatch(/^\d+-\d+$/);
    expect(await r.xadd(k, new Map([['b', 2]]), '99999999999999-1')).toBe('99999999999999-1');
    await expect(r.xadd(k, { c: '3' }, '1-1')).rejects.toBeInstanceOf(ResponseError);
    expect(await r.xadd(`${P}nomk`, { a: '1' }, '*', { nomkstream: true })).toBeNull();
    expect(await r.execute_command('EXISTS', `${P}nomk`)).toBe(0);
    expect(await r.xlen(k)).toBe(2);
    expect(await r.xlen(`${P}missing`)).toBe(0);
    await expect(r.xadd(k, {})).rejects.toBeInstanceOf(DataError);
  });

  it('xadd with maxlen trims exactly when approximate is false', async () => {
    const k = `${P}cap`;
    for (let i = 0; i < 5; i++) await r.xadd(k, { i }, '*', { maxlen: 3, approximate: false });
    expect(await r.xlen(k)).toBe(3);
    await expect(r.xadd(k, { i: 9 }, '*', { maxlen: 1, minid: '0' })).rejects.toBeInstanceOf(DataError);
  });

  it('xrange/xrevrange give [id, ordinary record] entries, with count', async () => {
    const k = `${P}range`;
    await r.xadd(
      k,
      new Map([
        ['__proto__', 'p'],
        ['f', 'a'],
      ]),
      '1-1',
    );
    await r.xadd(k, { f: 'b' }, '2-1');
    await r.xadd(k, { f: 'c' }, '3-1');
    for (const [, c] of both()) {
      const all = await c.xrange(k);
      expect(all.map(([id]) => id)).toEqual(['1-1', '2-1', '3-1']);
      expect(Object.getPrototypeOf(all[0][1])).toBe(Object.prototype);
      // A field named __proto__ is an ordinary field of the record, never its prototype.
      expect(Object.hasOwn(all[0][1], '__proto__')).toBe(true);
      expect(all[0][1].f).toBe('a');
      expect(all[1][1]).toEqual(record({ f: 'b' }));
      expect(await c.xrange(k, '2-0', '+', { count: 1 })).toEqual([['2-1', record({ f: 'b' })]]);
      expect((await c.xrevrange(k, '+', '-', { count: 2 })).map(([id]) => id)).toEqual(['3-1', '2-1']);
      expect(await c.xrange(`${P}missing`)).toEqual([]);
    }
  });

  it('xdel and xtrim return counts', async () => {
    const k = `${P}trim`;
    for (let i = 1; i <= 6; i++) await r.xadd(k, { i }, `${i}-0`);
    expect(await r.xdel(k, '1-0', '42-0')).toBe(1);
    expect(await r.xtrim(k, 3, { approximate: false })).toBe(2);
    expect(await r.xtrim(k, null, { minid: '5-0', approximate: false })).toBe(1);
    expect((await r.xrange(k)).map(([id]) => id)).toEqual(['5-0', '6-0']);
    await expect(r.xtrim(k)).rejects.toBeInstanceOf(DataError);
    // redis-py's xtrim(name, maxlen, …): an options object where maxlen goes is refused, not sent.
    await expect(r.xtrim(k, { maxlen: 3 } as never)).rejects.toBeInstanceOf(DataError);
  });
});

describe('xread', () => {
  it('reads several streams in RESP2 and RESP3 alike, by stream; {} when nothing is new', async () => {
    await r.xadd(`${P}rd1`, { a: '1' }, '1-0');
    await r.xadd(`${P}rd1`, { a: '2' }, '2-0');
    await r.xadd(`${P}rd2`, { b: '1' }, '5-0');
    for (const [, c] of both()) {
      const reply = await c.xread({ [`${P}rd1`]: '1-0', [`${P}rd2`]: '0' });
      expect(Object.getPrototypeOf(reply)).toBe(Object.prototype);
      expect(Object.keys(reply)).toEqual([`${P}rd1`, `${P}rd2`]);
      expect(reply).toEqual(
        record({
          [`${P}rd1`]: [['2-0', record({ a: '2' })]],
          [`${P}rd2`]: [['5-0', record({ b: '1' })]],
        }),
      );
      expect(await c.xread(new Map([[`${P}rd1`, '0']]), { count: 1 })).toEqual(
        record({ [`${P}rd1`]: [['1-0', record({ a: '1' })]] }),
      );
      expect(await c.xread({ [`${P}rd1`]: '2-0' })).toEqual({});
    }
  });

  it('with block, times out with {}, and a push from another client serves it', async () => {
    const k = `${P}blk`;
    expect(await r.xread({ [k]: '$' }, { block: 100 })).toEqual({});
    // An ID below the one added next, not '$': a read that reaches the server after the XADD (its pooled
    // connection may still be connecting) then returns the entry at once instead of waiting for a later one.
    const waiting = r.xread({ [k]: '6-0' }, { block: 5000 });
    const waiting3 = r3.xread({ [k]: '6-0' }, { block: 5000 });
    // Usually both are blocked by now; give them a moment so the push is what serves them.
    await waitFor(
      'the reads to block',
      async () => Number((await rawInfo(standalone.port, ['INFO', 'clients'])).blocked_clients) >= 2,
      2000,
    ).catch(() => {});
    const other = new StrictRedis({ host: standalone.host, port: standalone.port });
    try {
      await other.xadd(k, { hello: 'world' }, '7-0');
    } finally {
      await other.close();
    }
    const expected = record({ [k]: [['7-0', record({ hello: 'world' })]] });
    expect(await waiting).toEqual(expected);
    expect(await waiting3).toEqual(expected);
  });
});

describe('consumer groups', () => {
  it('create, read, pending, ack, claim, autoclaim, setid, consumers, destroy', async () => {
    const k = `${P}grp`;
    expect(await r.xgroup_create(k, 'g', '0', { mkstream: true })).toBe(true);
    await expect(r.xgroupCreate(k, 'g')).rejects.toBeInstanceOf(ResponseError);
    await r.xadd(k, { n: '1' }, '1-0');
    await r.xadd(k, { n: '2' }, '2-0');
    await r.xadd(k, { n: '3' }, '3-0');

    expect(await r.xreadgroup('g', 'alice', { [k]: '>' }, { count: 2 })).toEqual(
      record({
        [k]: [
          ['1-0', record({ n: '1' })],
          ['2-0', record({ n: '2' })],
        ],
      }),
    );
    expect(await r3.xreadgroup('g', 'bob', { [k]: '>' })).toEqual(record({ [k]: [['3-0', record({ n: '3' })]] }));
    expect(await r.xreadgroup('g', 'bob', { [k]: '>' })).toEqual({});

    expect(await r.xpending(k, 'g')).toEqual({
      pending: 3,
      min: '1-0',
      max: '3-0',
      consumers: [
        { name: 'alice', pending: 2 },
        { name: 'bob', pending: 1 },
      ],
    });
    const range = await r.xpending_range(k, 'g', '-', '+', 10, { consumername: 'alice' });
    expect(range.map((e) => [e.message_id, e.consumer, e.times_delivered])).toEqual([
      ['1-0', 'alice', 1],
      ['2-0', 'alice', 1],
    ]);
    expect(typeof range[0].time_since_delivered).toBe('number');
    expect(await r3.xpendingRange(k, 'g', '3-0', '+', 5)).toHaveLength(1);

    // A deleted entry still pending shows as [id, {}] on re-reading the history (redis-py: `(id, {})`).
    await r.xdel(k, '2-0');
    for (const [, c] of both()) {
      expect(await c.xreadgroup('g', 'alice', { [k]: '0' })).toEqual(
        record({
          [k]: [
            ['1-0', record({ n: '1' })],
            ['2-0', record({})],
          ],
        }),
      );
    }

    expect(await r.xack(k, 'g', '1-0', '99-0')).toBe(1);
    expect(await r.xclaim(k, 'g', 'bob', 0, ['3-0'], { justid: true })).toEqual(['3-0']);
    expect(await r.xclaim(k, 'g', 'carol', 0, '3-0')).toEqual([['3-0', record({ n: '3' })]]);
    expect(await r.xautoclaim(k, 'g', 'dave', 0, '0-0', { count: 10 })).toEqual([
      '0-0',
      [['3-0', record({ n: '3' })]],
      ['2-0'],
    ]);
    // With justid redis-py returns only the claimed IDs.
    expect(await r3.xautoclaim(k, 'g', 'erin', 0, '0-0', { justid: true })).toEqual(['3-0']);

    expect(await r.xgroup_createconsumer(k, 'g', 'frank')).toBe(1);
    expect(await r.xgroupCreateconsumer(k, 'g', 'frank')).toBe(0);
    expect(await r.xgroup_delconsumer(k, 'g', 'erin')).toBe(1);
    expect(await r.xgroup_setid(k, 'g', '0')).toBe(true);
    expect(await r.xreadgroup('g', 'alice', { [k]: '>' }, { noack: true, count: 1 })).toEqual(
      record({ [k]: [['1-0', record({ n: '1' })]] }),
    );
    expect(await r.xgroup_destroy(k, 'g')).toBe(true);
    expect(await r.xgroupDestroy(k, 'g')).toBe(false);
  });

  it('xreadgroup with block times out with {} and is served by a push', async () => {
    const k = `${P}grp-blk`;
    await r.xgroup_create(k, 'g', '$', { mkstream: true });
    expect(await r.xreadgroup('g', 'c', { [k]: '>' }, { block: 100 })).toEqual({});
    const waiting = r.xreadgroup('g', 'c', { [k]: '>' }, { block: 5000 });
    expect(await r.ping()).toBe(true);
    await r.xadd(k, { x: '1' }, '1-0');
    expect(await waiting).toEqual(record({ [k]: [['1-0', record({ x: '1' })]] }));
  });
});

describe('xinfo', () => {
  it('xinfo_stream, xinfo_groups, xinfo_consumers as ordinary records in RESP2 and RESP3', async () => {
    const k = `${P}info`;
    await r.xadd(k, { a: '1' }, '1-0');
    await r.xadd(k, { a: '2' }, '2-0');
    await r.xgroup_create(k, 'g', '0');
    await r.xreadgroup('g', 'alice', { [k]: '>' }, { count: 1 });
    for (const [, c] of both()) {
      const info = await c.xinfo_stream(k);
      expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
      expect(info.length).toBe(2);
      expect(info.groups).toBe(1);
      expect(info['last-generated-id']).toBe('2-0');
      expect(info['first-entry']).toEqual(['1-0', record({ a: '1' })]);
      expect(info['last-entry']).toEqual(['2-0', record({ a: '2' })]);

      const groups = await c.xinfoGroups(k);
      expect(groups).toHaveLength(1);
      expect(Object.getPrototypeOf(groups[0])).toBe(Object.prototype);
      expect(groups[0].name).toBe('g');
      expect(groups[0].consumers).toBe(1);
      expect(groups[0].pending).toBe(1);
      expect(groups[0]['last-delivered-id']).toBe('1-0');

      const consumers = await c.xinfo_consumers(k, 'g');
      expect(consumers).toHaveLength(1);
      expect(consumers[0].name).toBe('alice');
      expect(consumers[0].pending).toBe(1);
      expect(typeof consumers[0].idle).toBe('number');

      const full = await c.xinfoStream(k, { full: true });
      expect(full.length).toBe(2);
      // As in redis-py, FULL gives the entries by ID and the groups (with their consumers) as records.
      expect(full.entries).toEqual(record({ '1-0': record({ a: '1' }), '2-0': record({ a: '2' }) }));
      const fullGroups = full.groups as Array<Record<string, unknown>>;
      expect(Object.getPrototypeOf(fullGroups[0])).toBe(Object.prototype);
      expect(fullGroups[0].name).toBe('g');
      expect(fullGroups[0]['pel-count']).toBe(1);
      const fullConsumers = fullGroups[0].consumers as Array<Record<string, unknown>>;
      expect(fullConsumers[0].name).toBe('alice');
      expect((fullConsumers[0].pending as unknown[][])[0][0]).toBe('1-0');
      expect(await c.xinfo_stream(k, { full: true, count: 1 })).toMatchObject({
        entries: record({ '1-0': record({ a: '1' }) }),
      });
    }
    await expect(r.xinfo_stream(`${P}missing`)).rejects.toBeInstanceOf(ResponseError);
  });
});

describe('decode_responses: false', () => {
  it('gives Buffers for ids, stream names and values, text field names, in RESP2 and RESP3', async () => {
    const k = `${P}bin`;
    await r.xadd(k, { f: Buffer.from([0xff, 0x00]) }, '1-0');
    for (const protocol of [2, 3] as const) {
      const rb = new StrictRedis({ host: standalone.host, port: standalone.port, decode_responses: false, protocol });
      try {
        const [entry] = await rb.xrange(k);
        expect(entry[0]).toEqual(Buffer.from('1-0'));
        expect(entry[1].f).toEqual(Buffer.from([0xff, 0x00]));
        // Stream names are the record's keys (text); entries keep Buffers.
        const read = await rb.xread({ [k]: '0' });
        expect(Object.keys(read)).toEqual([k]);
        expect(read[k][0][0]).toEqual(Buffer.from('1-0'));
        expect(read[k][0][1].f).toEqual(Buffer.from([0xff, 0x00]));
      } finally {
        await rb.close();
      }
    }
  });
});

describe('in a cluster', () => {
  it('routes by stream key and rejects reads spanning slots', async () => {
    const seed = cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    try {
      await expect(rc.xread({ [`${P}a`]: '0', [`${P}b`]: '0' })).rejects.toBeInstanceOf(CrossSlotError);
      const k = `${P}c-stream`;
      await rc.xadd(k, { a: '1' }, '1-0');
      expect(await rc.xread({ [k]: '0' })).toEqual(record({ [k]: [['1-0', record({ a: '1' })]] }));
      expect(await rc.xgroup_create(k, 'g', '0')).toBe(true);
      expect((await rc.xinfo_groups(k))[0].name).toBe('g');
      expect(await rc.xread({ [k]: '1-0' }, { block: 50 })).toEqual({});
      await rc.execute_command('DEL', k);
    } finally {
      await rc.close();
    }
  });
});
