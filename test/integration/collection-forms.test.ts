/**
 * redis-py's forms of the list, set and hash methods, and the mistakes that raise DataError before anything is sent:
 * numkeys that disagree with the keys, directions that are not LEFT/RIGHT/BEFORE/AFTER, keyword arguments passed
 * positionally, options a Redis 7.2 server does not have. A call either does what redis-py does or fails here.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CrossSlotError, DataError, StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { b, deleteUnder, untyped } from '../harness/redis-py-targets.js';
import { itSince } from '../harness/server-version.js';

const { standalone } = inject('redis');
const P = `collection-forms:${process.pid}:`;
const k = (name: string) => `${P}${name}`;
let r: StrictRedis;
/** The same client without parameter types, for the calls TypeScript refuses. */
let loose: ReturnType<typeof untyped>;

beforeAll(() => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  loose = untyped(r);
});
afterAll(async () => {
  await deleteUnder(r, P);
  await r.close();
});

/** Each call rejects with DataError, and the key it would have touched is still missing. */
async function refused(key: string, ...calls: Array<() => Promise<unknown>>): Promise<void> {
  for (const call of calls) await expect(call()).rejects.toBeInstanceOf(DataError);
  expect(await r.exists(key)).toBe(0);
}

describe('lmpop and blmpop', () => {
  itSince(
    '7.0',
    'take redis-py form: num_keys, the keys as arguments (or one array), then { direction, count }',
    async () => {
      const [a, c] = [k('mp:a'), k('mp:c')];
      await r.rpush(c, '1', '2', '3', '4');
      expect(await r.lmpop(2, a, c, { direction: 'LEFT' })).toEqual([c, ['1']]);
      expect(await r.lmpop('2', [a, c], { direction: b('right'), count: 2 })).toEqual([c, ['4', '3']]);
      expect(await r.blmpop(1, 1, c, { direction: 'Left', count: 5 })).toEqual([c, ['2']]);
      expect(await r.lmpop(1, c, { direction: 'LEFT' })).toBeNull();
    },
  );

  it('refuse the old (num_keys, [keys], direction, count) form and every mix of the two', async () => {
    const [a, c] = [k('mpx:a'), k('mpx:c')];
    await refused(
      a,
      () => loose.lmpop(2, [a, c], 'LEFT'),
      () => loose.lmpop(2, [a, c], 'LEFT', 2),
      () => loose.lmpop(2, a, c),
      () => loose.lmpop(3, [a, c], 'LEFT', { direction: 'LEFT' }),
      () => loose.lmpop(2, [a], c, { direction: 'LEFT' }),
      () => loose.blmpop(1, 2, [a, c], 'RIGHT'),
      () => loose.blmpop(1, 2, a, c, { count: 2 }),
    );
  });

  it('refuse a num_keys that disagrees with the keys, bad directions, unknown options and bad timeouts', async () => {
    const [a, c] = [k('mpy:a'), k('mpy:c')];
    await refused(
      a,
      () => r.lmpop(3, a, c, { direction: 'LEFT' }),
      () => r.lmpop(1, a, c, { direction: 'LEFT' }),
      () => loose.lmpop('two', a, c, { direction: 'LEFT' }),
      () => loose.lmpop(1.5, a, { direction: 'LEFT' }),
      () => loose.lmpop(0, { direction: 'LEFT' }),
      () => loose.lmpop(1, a, { direction: 'up' }),
      () => loose.lmpop(1, a, { direction: b('UP') }),
      () => loose.lmpop(1, a, { direction: 1 }),
      () => loose.lmpop(1, a, { direction: 'LEFT', cnt: 2 }),
      // blmpop(numkeys, ...keys, …) without the timeout: the first key lands where numkeys goes.
      () => loose.blmpop(2, a, c, { direction: 'LEFT' }),
      () => r.blmpop(-1, 1, a, { direction: 'LEFT' }),
      () => loose.blmpop('soon', 1, a, { direction: 'LEFT' }),
    );
  });
});

describe('directions: strings or Buffers in any case, anything else refused', () => {
  it('lmove, blmove and linsert accept Buffers and any case', async () => {
    const [src, dst] = [k('dir:src'), k('dir:dst')];
    await r.rpush(src, 'a', 'b', 'c', 'd');
    expect(await r.lmove(src, dst, b('LEFT'), b('right'))).toBe('a');
    expect(await r.lmove(src, dst, 'Right', 'left')).toBe('d');
    expect(await r.blmove(src, dst, 1, b('left'), b('LEFT'))).toBe('b');
    expect(await r.lrange(dst, 0, -1)).toEqual(['b', 'd', 'a']);
    expect(await r.linsert(dst, b('after'), 'd', 'e')).toBe(4);
    expect(await r.linsert(dst, b('BEFORE'), 'b', 'z')).toBe(5);
    expect(await r.linsert(dst, 'After', 'a', 'y')).toBe(6);
    expect(await r.lrange(dst, 0, -1)).toEqual(['z', 'b', 'd', 'e', 'a', 'y']);
  });

  it('anything else is a DataError', async () => {
    const [src, dst] = [k('dirx:src'), k('dirx:dst')];
    await refused(
      src,
      () => loose.lmove(src, dst, 'UP'),
      () => loose.lmove(src, dst, 'LEFT', 'LEFTX'),
      () => loose.lmove(src, dst, b('sideways')),
      () => loose.lmove(src, dst, 1, 'LEFT'),
      () => loose.lmove(src, dst, ''),
      () => loose.lmove(src, dst, null),
      () => loose.blmove(src, dst, 1, 'UP'),
      // redis-py's blmove(first, second, timeout, …): a direction in the timeout's place, or no timeout.
      () => loose.blmove(src, dst, 'LEFT'),
      () => loose.blmove(src, dst),
      () => loose.linsert(src, 'middle', 'a', 'b'),
      () => loose.linsert(src, b('UNDER'), 'a', 'b'),
      () => loose.linsert(src, 0, 'a', 'b'),
    );
  });
});

describe('lists: blpop, lpos, lpop', () => {
  it('blpop/brpop/brpoplpush read a null timeout as 0, like redis-py', async () => {
    await r.rpush(k('bp'), '1', '2', '3');
    expect(await r.blpop(k('bp'), null)).toEqual([k('bp'), '1']);
    expect(await r.brpop([k('bp')], null)).toEqual([k('bp'), '3']);
    expect(await r.brpoplpush(k('bp'), k('bp:dst'), null)).toBe('2');
  });

  it('refuses extra keys after the list, negative or non-numeric timeouts, and an empty key list', async () => {
    const a = k('bpx');
    await refused(
      a,
      () => loose.blpop(a, k('bpx:2'), 1),
      () => r.blpop(a, -1),
      () => loose.brpop(a, 'one'),
      () => r.blpop([], 1),
      () => loose.brpoplpush(a, k('bpx:2'), -0.5),
    );
  });

  it("lpos takes rank, count and maxlen as options; positional ones are refused; null lpop count is redis-py's None", async () => {
    await r.rpush(k('pos'), 'a', 'b', 'a');
    expect(await r.lpos(k('pos'), 'a', { rank: 2 })).toBe(2);
    await expect(loose.lpos(k('pos'), 'a', 2)).rejects.toBeInstanceOf(DataError);
    await expect(loose.lpos(k('pos'), 'a', { ranks: 2 })).rejects.toThrow(/did you mean 'rank'/);
    expect(await r.lpop(k('pos'), null)).toBe('a');
    expect(await r.rpop(k('pos'), null)).toBe('a');
  });
});

describe('sintercard(numkeys, keys, { limit })', () => {
  itSince('7.0', 'counts the intersection of the keys given, numkeys first as in redis-py', async () => {
    const [a, c, d] = [k('ic:a'), k('ic:c'), k('ic:d')];
    await r.sadd(a, 1, 2, 3);
    await r.sadd(c, 1, 2, 3);
    await r.sadd(d, 1, 3, 4);
    expect(await r.sintercard(3, [a, c, d])).toBe(2);
    expect(await r.sintercard('3', [a, c, d], { limit: 1 })).toBe(1);
    expect(await r.sintercard(1, a)).toBe(3);
  });

  it('refuses the keys without numkeys, a numkeys that disagrees, and a positional limit', async () => {
    const [a, c] = [k('icx:a'), k('icx:c')];
    await refused(
      a,
      () => loose.sintercard([a, c]),
      () => loose.sintercard([a, c], { limit: 1 }),
      () => r.sintercard(3, [a, c]),
      () => r.sintercard(1, [a, c]),
      () => loose.sintercard(2, [a, c], 1),
      () => loose.sintercard(2, [a, c], { limt: 1 }),
      () => r.sintercard(0, []),
    );
  });
});

describe('scans', () => {
  it('sscan and hscan refuse a pattern in the cursor place and options they do not have', async () => {
    await refused(
      k('scan'),
      () => loose.sscan(k('scan'), 'm*'),
      () => loose.sscan(k('scan'), 0, 'm*'),
      () => loose.hscan(k('scan'), 'f*'),
      () => loose.hscan(k('scan'), -1),
      // Redis 7.4's NOVALUES: not on the servers this client targets.
      () => loose.hscan(k('scan'), 0, { no_values: true }),
    );
  });

  it('hscan_iter and sscan_iter check their arguments when called, before the first page', () => {
    expect(() => untyped(r).hscan_iter(k('scan'), 'f*')).toThrow(DataError);
    expect(() => untyped(r).sscan_iter(k('scan'), 'm*', 10)).toThrow(DataError);
    expect(() => untyped(r).hscan_iter(k('scan'), { match: 'f*', no_values: true })).toThrow(DataError);
    expect(() => untyped(r).sscan_iter(k('scan'), { type: 'set' })).toThrow(/did you mean|unknown option 'type'/);
    expect(() => untyped(r).sscan_iter(k('scan'), {}, { count: 10 })).toThrow(DataError);
    expect(() => untyped(r).hscan_iter({ match: 'f*' })).toThrow(DataError);
  });

  it('null options mean "not given", as None does in redis-py', async () => {
    await r.sadd(k('nul'), 'a', 'b');
    const seen: string[] = [];
    const nulls = { match: null, count: null } as never;
    for await (const m of r.sscan_iter(k('nul'), nulls)) seen.push(m);
    expect(seen.sort()).toEqual(['a', 'b']);
    expect((await r.sscan(k('nul'), 0, nulls))[1].sort()).toEqual(['a', 'b']);
  });
});

describe("hset(name, key, value, mapping, items): redis-py's form", () => {
  it('numbers as fields and values, a mapping, flat items, and all of them together', async () => {
    const h = k('hset');
    expect(await r.hset(h, 0, 10)).toBe(1);
    expect(await r.hset(h, 42, 43)).toBe(1);
    expect(await r.hset(h, 'n', 1.5)).toBe(1);
    expect(await r.hset(h, new Uint8Array([65, 66]), new Uint8Array([67]))).toBe(1);
    expect(await r.hset(h, 'f', 'v', { m: 1 }, ['i', 2])).toBe(3);
    // An empty mapping next to other data is skipped, as redis-py skips it.
    expect(await r.hset(h, 'g', 'w', {})).toBe(1);
    expect(await r.hset(h, { shorthand: 's' })).toBe(1);
    expect(await r.hgetall(h)).toEqual({
      '0': '10',
      '42': '43',
      n: '1.5',
      AB: 'C',
      i: '2',
      f: 'v',
      m: '1',
      g: 'w',
      shorthand: 's',
    });
  });

  it('refuses a field without a value (a Uint8Array alone is a field), a value without a field and no data', async () => {
    const h = k('hsetx');
    await refused(
      h,
      () => r.hset(h),
      () => r.hset(h, new Uint8Array([65, 66])),
      () => r.hset(h, b('field')),
      () => r.hset(h, 'f'),
      () => r.hset(h, null, 'v'),
      () => r.hset(h, {}),
      () => r.hset(h, null, null, {}, []),
      () => loose.hset(h, { a: 1 }, 'v'),
      () => loose.hset(h, null, null, null, ['odd', 'length', 'list']),
      () => loose.hset(h, null, null, null, { not: 'a list' }),
      () => loose.hset(h, null, null, null, [['pair', 'in a list']]),
      () => loose.hset(h, null, null, b('not a mapping')),
    );
  });

  it('hrandfield takes withvalues as an option; a positional boolean is refused', async () => {
    await r.hset(k('rand'), 'f', 'v');
    expect(await r.hrandfield(k('rand'), 1, { withvalues: true })).toEqual([['f', 'v']]);
    expect(await r.hrandfield(k('rand'), null)).toBe('f');
    await expect(loose.hrandfield(k('rand'), 1, true)).rejects.toBeInstanceOf(DataError);
    await expect(loose.hrandfield(k('rand'), { withvalues: true })).rejects.toBeInstanceOf(DataError);
    await expect(r.hrandfield(k('rand'), undefined, { withvalues: true })).rejects.toBeInstanceOf(DataError);
  });

  it('spop and srandmember read a null count as none given', async () => {
    await r.sadd(k('pop'), 'only');
    expect(await r.srandmember(k('pop'), null)).toBe('only');
    expect(await r.spop(k('pop'), null)).toBe('only');
  });
});

describe('cluster pipelines', () => {
  it("run the multi-key set and list commands redis-py's cluster pipeline refuses, when their keys share a slot", async () => {
    const { cluster } = inject('redis');
    const rc = new StrictRedisCluster({
      startup_nodes: [{ host: cluster.nodes[0].host, port: cluster.nodes[0].port }],
    });
    const t = `{${P}pipe}`;
    try {
      await rc.sadd(`${t}a`, '1', '2', '3');
      await rc.sadd(`${t}b`, '2', '3');
      await rc.rpush(`${t}l`, 'x', 'y');
      const pipe = rc.pipeline();
      pipe.sinter(`${t}a`, `${t}b`).sunionstore(`${t}u`, `${t}a`, `${t}b`).sdiffstore(`${t}d`, `${t}a`, `${t}b`);
      pipe.smove(`${t}a`, `${t}b`, '1').rpoplpush(`${t}l`, `${t}m`).brpoplpush(`${t}l`, `${t}m`, 1);
      expect(await pipe.execute()).toEqual([new Set(['2', '3']), 3, 1, true, 'y', 'x']);
      // Keys across slots are refused at the call that queues them.
      const crossing = rc.pipeline();
      expect(() => crossing.smove(`${P}x`, `${P}y`, '1')).toThrow(CrossSlotError);
      expect(crossing.length).toBe(0);
    } finally {
      await rc.delete(`${t}a`, `${t}b`, `${t}l`, `${t}m`, `${t}u`, `${t}d`);
      await rc.close();
    }
  });
});
