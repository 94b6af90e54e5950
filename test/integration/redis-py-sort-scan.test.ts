/**
 * redis-py's SORT, SCAN, KEYS and RANDOMKEY tests (tests/test_commands.py: test_sort_*, test_scan*, test_keys,
 * test_randomkey), in RESP2 and RESP3. The tests that need an empty keyspace run in database 6 (RESP2) and 7
 * (RESP3), which nothing else uses; the others work under a key prefix.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');

for (const protocol of [2, 3] as const) {
  describe(`redis-py sort and scan tests, RESP${protocol}`, () => {
    const P = `rp-sort:${process.pid}:${protocol}:`;
    const k = (name: string) => `${P}${name}`;
    let r: StrictRedis;
    /** A database of this file's own, empty at the start. */
    let empty: StrictRedis;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      empty = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, db: protocol === 2 ? 6 : 7 });
      await empty.flushdb();
    });
    afterAll(async () => {
      const keys = await r.keys(`${P}*`);
      if (keys.length > 0) await r.delete(keys);
      await empty.flushdb();
      await Promise.all([r.close(), empty.close()]);
    });

    async function users(): Promise<void> {
      await r.mset({ [k('user:1')]: 'u1', [k('user:2')]: 'u2', [k('user:3')]: 'u3' });
    }

    it('test_sort_basic, test_sort_limited, test_sort_desc, test_sort_alpha', async () => {
      await r.rpush(k('basic'), '3', '2', '1', '4');
      expect(await r.sort(k('basic'))).toEqual(['1', '2', '3', '4']);
      expect(await r.sort(k('basic'), { start: 1, num: 2 })).toEqual(['2', '3']);
      await r.rpush(k('desc'), '2', '3', '1');
      expect(await r.sort(k('desc'), { desc: true })).toEqual(['3', '2', '1']);
      await r.rpush(k('alpha'), 'e', 'c', 'b', 'd', 'a');
      expect(await r.sort(k('alpha'), { alpha: true })).toEqual(['a', 'b', 'c', 'd', 'e']);
      await expect(r.sort(k('basic'), { start: 1 })).rejects.toBeInstanceOf(DataError);
      await expect(r.sort(k('basic'), { num: 1 })).rejects.toBeInstanceOf(DataError);
    });

    it('test_sort_by', async () => {
      await r.mset({ [k('score:1')]: 8, [k('score:2')]: 3, [k('score:3')]: 5 });
      await r.rpush(k('by'), '3', '2', '1');
      expect(await r.sort(k('by'), { by: k('score:*') })).toEqual(['2', '3', '1']);
    });

    it('test_sort_get and test_sort_get_multi', async () => {
      await users();
      await r.rpush(k('get'), '2', '3', '1');
      expect(await r.sort(k('get'), { get: k('user:*') })).toEqual(['u1', 'u2', 'u3']);
      expect(await r.sort(k('get'), { get: Buffer.from(k('user:*')) })).toEqual(['u1', 'u2', 'u3']);
      expect(await r.sort(k('get'), { get: [k('user:*'), '#'] })).toEqual(['u1', '1', 'u2', '2', 'u3', '3']);
    });

    it('test_sort_get_groups_two and test_sort_groups_three_gets', async () => {
      await users();
      await r.mset({ [k('door:1')]: 'd1', [k('door:2')]: 'd2', [k('door:3')]: 'd3' });
      await r.rpush(k('groups'), '2', '3', '1');
      expect(await r.sort(k('groups'), { get: [k('user:*'), '#'], groups: true })).toEqual([
        ['u1', '1'],
        ['u2', '2'],
        ['u3', '3'],
      ]);
      expect(await r.sort(k('groups'), { get: [k('user:*'), k('door:*'), '#'], groups: true })).toEqual([
        ['u1', 'd1', '1'],
        ['u2', 'd2', '2'],
        ['u3', 'd3', '3'],
      ]);
      // Missing GET targets stay null inside the groups; groups: false is the flat list.
      expect(await r.sort(k('groups'), { get: [k('nothing:*'), '#'], groups: true })).toEqual([
        [null, '1'],
        [null, '2'],
        [null, '3'],
      ]);
      expect(await r.sort(k('groups'), { get: [k('user:*'), '#'], groups: false })).toHaveLength(6);
    });

    it('test_sort_groups_string_get, test_sort_groups_just_one_get, test_sort_groups_no_get', async () => {
      await r.rpush(k('groups-bad'), '2', '3', '1');
      await expect(r.sort(k('groups-bad'), { get: k('user:*'), groups: true })).rejects.toBeInstanceOf(DataError);
      await expect(r.sort(k('groups-bad'), { get: [k('user:*')], groups: true })).rejects.toBeInstanceOf(DataError);
      await expect(r.sort(k('groups-bad'), { groups: true })).rejects.toBeInstanceOf(DataError);
      // There is no list to group once the result is stored.
      await expect(
        r.sort(k('groups-bad'), { get: [k('user:*'), '#'], groups: true, store: k('dst') }),
      ).rejects.toBeInstanceOf(DataError);
      expect(await r.exists(k('dst'))).toBe(0);
    });

    it('test_sort_store', async () => {
      await r.rpush(k('store'), '2', '3', '1');
      expect(await r.sort(k('store'), { store: k('sorted_values') })).toBe(3);
      expect(await r.lrange(k('sorted_values'), 0, -1)).toEqual(['1', '2', '3']);
    });

    it('test_sort_all_options', async () => {
      const names = ['zeus', 'titan', 'hermes', 'hercules', 'apollo', 'athena', 'hades', 'dionysus'];
      const drinks = ['yuengling', 'rum', 'vodka', 'milk', 'pinot noir', 'water', 'gin', 'apple juice'];
      const mapping: Record<string, string> = {};
      names.forEach((name, i) => {
        mapping[k(`user:${i + 1}:username`)] = name;
        mapping[k(`user:${i + 1}:favorite_drink`)] = drinks[i];
      });
      await r.mset(mapping);
      await r.rpush(k('gods'), '5', '8', '3', '1', '2', '7', '6', '4');
      const num = await r.sort(k('gods'), {
        start: 2,
        num: 4,
        by: k('user:*:username'),
        get: k('user:*:favorite_drink'),
        desc: true,
        alpha: true,
        store: k('sorted'),
      });
      expect(num).toBe(4);
      expect(await r.lrange(k('sorted'), 0, 10)).toEqual(['vodka', 'milk', 'gin', 'apple juice']);
    });

    it('test_sort_ro', async () => {
      await r.mset({ [k('ro-score:1')]: 8, [k('ro-score:2')]: 3, [k('ro-score:3')]: 5 });
      await r.rpush(k('ro-a'), '3', '2', '1');
      expect(await r.sort_ro(k('ro-a'), { by: k('ro-score:*') })).toEqual(['2', '3', '1']);
      await r.rpush(k('ro-b'), '2', '3', '1');
      expect(await r.sort_ro(k('ro-b'), { desc: true })).toEqual(['3', '2', '1']);
      await expect(r.sort_ro(k('ro-b'), { store: k('x') } as object)).rejects.toBeInstanceOf(DataError);
      await expect(r.sort_ro(k('ro-b'), { groups: true } as object)).rejects.toBeInstanceOf(DataError);
    });

    it('test_sort_issue_924', async () => {
      await r.execute_command('SADD', k('issue#924'), 1);
      expect(await r.execute_command('SORT', k('issue#924'))).toEqual(['1']);
      expect(await r.sort(k('issue#924'))).toEqual(['1']);
    });

    it('test_keys and test_randomkey (an empty database)', async () => {
      expect(await empty.keys()).toEqual([]);
      expect(await empty.randomkey()).toBeNull();
      for (const key of ['test_a', 'test_b', 'testc']) await empty.set(key, 1);
      expect((await empty.keys('test_*')).sort()).toEqual(['test_a', 'test_b']);
      expect((await empty.keys('test*')).sort()).toEqual(['test_a', 'test_b', 'testc']);
      expect(['test_a', 'test_b', 'testc']).toContain(await empty.randomkey());
      await empty.flushdb();
    });

    it('test_scan, test_scan_type and test_scan_iter', async () => {
      await empty.set('a', 1);
      await empty.set('b', 2);
      await empty.set('c', 3);
      const [cursor, keys] = await empty.scan();
      expect(cursor).toBe(0);
      expect(keys.sort()).toEqual(['a', 'b', 'c']);
      expect((await empty.scan(0, { match: 'a' }))[1]).toEqual(['a']);
      const all: string[] = [];
      for await (const key of empty.scan_iter()) all.push(key);
      expect(all.sort()).toEqual(['a', 'b', 'c']);
      const matched: string[] = [];
      for await (const key of empty.scan_iter({ match: 'a' })) matched.push(key);
      expect(matched).toEqual(['a']);
      await empty.flushdb();
      await empty.sadd('a-set', 1);
      await empty.hset('a-hash', 'foo', 2);
      await empty.lpush('a-list', 'aux', 3);
      expect((await empty.scan(0, { match: 'a*', _type: 'SET' }))[1]).toEqual(['a-set']);
      expect((await empty.scan(0, { match: 'a*', type: 'hash' }))[1]).toEqual(['a-hash']);
      const lists: string[] = [];
      for await (const key of empty.scan_iter({ match: 'a*', _type: 'LIST' })) lists.push(key);
      expect(lists).toEqual(['a-list']);
      await empty.flushdb();
    });

    it('scan and scan_iter refuse _type with type, and unknown options', async () => {
      await expect(empty.scan(0, { _type: 'set', type: 'set' })).rejects.toBeInstanceOf(DataError);
      expect(() => empty.scan_iter({ _type: 'set', type: 'list' })).toThrow(DataError);
      expect(() => empty.scan_iter({ matchh: 'a*' } as object)).toThrow(/did you mean 'match'/);
    });
  });
}
