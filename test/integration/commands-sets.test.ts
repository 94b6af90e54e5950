/** Set commands against a real server: redis-py return semantics, options and edge cases. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CrossSlotError, WrongTypeError } from '../../src/errors.js';
import { DataError, StrictRedis, StrictRedisCluster } from '../../src/index.js';

const { standalone, cluster } = inject('redis');
const P = `cmd-sets:${process.pid}:`;
let r: StrictRedis;

beforeAll(async () => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  await r.connect();
});
afterAll(async () => {
  const keys = (await r.execute_command('KEYS', `${P}*`)) as string[];
  if (keys.length > 0) await r.execute_command('DEL', ...keys);
  await r.close();
});

describe('membership', () => {
  it('sismember and smismember answer booleans, false for missing keys', async () => {
    await r.sadd(`${P}m`, 'a', 'b');
    expect(await r.sismember(`${P}m`, 'a')).toBe(true);
    expect(await r.sismember(`${P}m`, 'z')).toBe(false);
    expect(await r.sismember(`${P}missing`, 'a')).toBe(false);
    expect(await r.smismember(`${P}m`, ['a', 'z', 'b'])).toEqual([true, false, true]);
    expect(await r.smismember(`${P}m`, 'b', 'a')).toEqual([true, true]);
    expect(await r.smismember(`${P}missing`, 'a')).toEqual([false]);
  });

  it('scard counts members, 0 for a missing key, WrongTypeError for a string', async () => {
    await r.sadd(`${P}c`, [1, 2, 3]);
    expect(await r.scard(`${P}c`)).toBe(3);
    expect(await r.scard(`${P}missing`)).toBe(0);
    await r.execute_command('SET', `${P}str`, 'x');
    await expect(r.scard(`${P}str`)).rejects.toBeInstanceOf(WrongTypeError);
  });

  it('rejects an empty member list before sending', async () => {
    await expect(r.smismember(`${P}m`, [])).rejects.toBeInstanceOf(DataError);
  });
});

describe('spop and srandmember', () => {
  it('spop without count gives one member or null; with count a list', async () => {
    await r.sadd(`${P}p`, 'a', 'b', 'c');
    const one = await r.spop(`${P}p`);
    expect(['a', 'b', 'c']).toContain(one);
    const rest = await r.spop(`${P}p`, 5);
    expect(rest.sort()).toEqual(['a', 'b', 'c'].filter((m) => m !== one));
    expect(await r.spop(`${P}p`)).toBeNull();
    expect(await r.spop(`${P}p`, 2)).toEqual([]);
  });

  it('srandmember leaves the set alone; negative counts may repeat', async () => {
    await r.sadd(`${P}rm`, 'a', 'b');
    expect(['a', 'b']).toContain(await r.srandmember(`${P}rm`));
    expect((await r.srandmember(`${P}rm`, 5)).sort()).toEqual(['a', 'b']);
    const repeated = await r.srandmember(`${P}rm`, -6);
    expect(repeated).toHaveLength(6);
    expect(await r.scard(`${P}rm`)).toBe(2);
    expect(await r.srandmember(`${P}missing`)).toBeNull();
    expect(await r.srandmember(`${P}missing`, 3)).toEqual([]);
  });
});

describe('smove and set algebra', () => {
  it('smove returns true when moved, false when the member was not there', async () => {
    await r.sadd(`${P}src`, 'a', 'b');
    expect(await r.smove(`${P}src`, `${P}dst`, 'a')).toBe(true);
    expect(await r.smove(`${P}src`, `${P}dst`, 'a')).toBe(false);
    expect(await r.smembers(`${P}dst`)).toEqual(new Set(['a']));
    expect(await r.smembers(`${P}src`)).toEqual(new Set(['b']));
  });

  it('sinter/sunion/sdiff return Sets; keys as a list or as arguments', async () => {
    await r.sadd(`${P}x`, 'a', 'b', 'c');
    await r.sadd(`${P}y`, 'b', 'c', 'd');
    expect(await r.sinter([`${P}x`, `${P}y`])).toEqual(new Set(['b', 'c']));
    expect(await r.sunion(`${P}x`, `${P}y`)).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(await r.sdiff(`${P}x`, `${P}y`)).toEqual(new Set(['a']));
    expect(await r.sinter(`${P}x`, `${P}missing`)).toEqual(new Set());
  });

  it('the store forms return the size and replace the destination', async () => {
    await r.sadd(`${P}s1`, 'a', 'b', 'c');
    await r.sadd(`${P}s2`, 'c');
    await r.sadd(`${P}out`, 'old');
    expect(await r.sinterstore(`${P}out`, `${P}s1`, `${P}s2`)).toBe(1);
    expect(await r.smembers(`${P}out`)).toEqual(new Set(['c']));
    expect(await r.sunionstore(`${P}out`, [`${P}s1`, `${P}s2`])).toBe(3);
    expect(await r.sdiffstore(`${P}out`, `${P}s1`, `${P}s2`)).toBe(2);
    expect(await r.smembers(`${P}out`)).toEqual(new Set(['a', 'b']));
    expect(await r.sdiffstore(`${P}out`, `${P}missing`)).toBe(0);
    expect(await r.execute_command('EXISTS', `${P}out`)).toBe(0);
  });

  it('sintercard counts the intersection, stopping at limit', async () => {
    await r.sadd(`${P}i1`, 'a', 'b', 'c', 'd');
    await r.sadd(`${P}i2`, 'a', 'b', 'c');
    expect(await r.sintercard(2, [`${P}i1`, `${P}i2`])).toBe(3);
    expect(await r.sintercard(2, [`${P}i1`, `${P}i2`], { limit: 2 })).toBe(2);
    expect(await r.sintercard(2, [`${P}i1`, `${P}missing`])).toBe(0);
  });
});

describe('sscan', () => {
  it('one call returns [cursor, members]; iterating to cursor 0 sees every member', async () => {
    const members = Array.from({ length: 300 }, (_, i) => `m${i}`);
    await r.sadd(`${P}scan`, members);
    const seen = new Set<string>();
    let cursor = 0;
    let calls = 0;
    do {
      const [next, batch] = await r.sscan(`${P}scan`, cursor, { count: 50 });
      expect(typeof next).toBe('number');
      for (const m of batch) seen.add(m);
      cursor = next;
      calls++;
    } while (cursor !== 0);
    expect(calls).toBeGreaterThan(1);
    expect(seen.size).toBe(300);
  });

  it('match filters; a missing key gives [0, []]', async () => {
    await r.sadd(`${P}scan2`, 'apple', 'avocado', 'banana');
    const [cursor, found] = await r.sscan(`${P}scan2`, 0, { match: 'a*' });
    expect(cursor).toBe(0);
    expect(found.sort()).toEqual(['apple', 'avocado']);
    expect(await r.sscan(`${P}missing`)).toEqual([0, []]);
  });
});

describe('in a cluster', () => {
  it('rejects multi-key set commands whose keys span slots before sending', async () => {
    const seed = cluster.nodes[0];
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    try {
      await expect(rc.smove(`${P}a`, `${P}b`, 'm')).rejects.toBeInstanceOf(CrossSlotError);
      await expect(rc.sinterstore(`${P}a`, `${P}b`)).rejects.toBeInstanceOf(CrossSlotError);
      await expect(rc.sintercard(2, [`${P}a`, `${P}b`])).rejects.toBeInstanceOf(CrossSlotError);
      const tag = `{${P}t}`;
      await rc.sadd(`${tag}a`, 'x', 'y');
      await rc.sadd(`${tag}b`, 'y');
      expect(await rc.sintercard(2, [`${tag}a`, `${tag}b`])).toBe(1);
      expect(await rc.sunion(`${tag}a`, `${tag}b`)).toEqual(new Set(['x', 'y']));
      await rc.execute_command('DEL', `${tag}a`, `${tag}b`);
    } finally {
      await rc.close();
    }
  });
});
