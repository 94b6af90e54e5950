/**
 * redis-py's hash tests (tests/test_commands.py, test_hget_and_hset …, test_hset_with_multi_key_values,
 * test_hset_with_key_values_passed_as_list, test_hset_without_data, test_hdel … test_hstrlen, test_hrandfield,
 * test_hscan, test_hscan_iter; test_pipeline.py's test_send_set_commands_over_pipeline), asserting the same results on
 * a standalone server in RESP2 and RESP3 (where HGETALL answers a map and HRANDFIELD pairs) and on the cluster.
 * redis-py's `hset(name, key, value, mapping, items)` keywords are positional here.
 */
import { expect, it } from 'vitest';
import { DataError } from '../../src/index.js';
import { b, describeRedisPy } from '../harness/redis-py-targets.js';

describeRedisPy('hashs', ({ target, r, k }) => {
  it('test_hget_and_hset: numbers and empty strings as fields', async () => {
    const a = k('hs');
    await r.hset(a, null, null, { '1': 1, '2': 2, '3': 3 });
    expect(await r.hget(a, '1')).toBe('1');
    expect(await r.hget(a, '2')).toBe('2');
    expect(await r.hget(a, '3')).toBe('3');
    expect(await r.hset(a, '2', 5)).toBe(0);
    expect(await r.hget(a, '2')).toBe('5');
    expect(await r.hset(a, '4', 4)).toBe(1);
    expect(await r.hget(a, '4')).toBe('4');
    expect(await r.hget(a, 'b')).toBeNull();
    expect(await r.hset(a, 0, 10)).toBe(1);
    expect(await r.hset(a, '', 10)).toBe(1);
    expect(await r.hget(a, 0)).toBe('10');
  });

  it('test_hget_and_hset_with_encodable_fields_and_values: Buffers, Uint8Arrays, text, integers, floats', async () => {
    const h = k('encodable-hash');
    const cases: Array<[Buffer | Uint8Array | string | number, Buffer | Uint8Array | string | number, string]> = [
      [b('field-bytes'), b('value-bytes'), 'value-bytes'],
      [new Uint8Array(b('field-bytearray')), new Uint8Array(b('value-bytearray')), 'value-bytearray'],
      ['field-str', 'value-str', 'value-str'],
      [42, 43, '43'],
      [1.25, 2.5, '2.5'],
    ];
    for (const [field, value, expected] of cases) {
      expect(await r.hset(h, field, value)).toBe(1);
      expect(await r.hget(h, field)).toBe(expected);
      expect(await r.hmget(h, field)).toEqual([expected]);
    }
    expect(await r.hmget(h, new Uint8Array(b('field-bytes')))).toEqual(['value-bytes']);
  });

  it('test_hset_with_multi_key_values: a mapping, and a field with a mapping', async () => {
    await r.hset(k('multi:a'), null, null, { '1': 1, '2': 2, '3': 3 });
    expect(await r.hmget(k('multi:a'), '1', '2', '3')).toEqual(['1', '2', '3']);
    expect(await r.hset(k('multi:b'), 'foo', 'bar', { '1': 1, '2': 2 })).toBe(3);
    expect(await r.hgetall(k('multi:b'))).toEqual({ foo: 'bar', '1': '1', '2': '2' });
  });

  it('test_hset_with_key_values_passed_as_list: items, alone and with a field', async () => {
    await r.hset(k('items:a'), null, null, null, ['1', 1, '2', 2, '3', 3]);
    expect(await r.hmget(k('items:a'), '1', '2', '3')).toEqual(['1', '2', '3']);
    expect(await r.hset(k('items:b'), 'foo', 'bar', undefined, ['1', 1, '2', 2])).toBe(3);
    expect(await r.hgetall(k('items:b'))).toEqual({ '1': '1', '2': '2', foo: 'bar' });
  });

  it('test_hset_without_data', async () => {
    await expect(r.hset(k('x'))).rejects.toBeInstanceOf(DataError);
  });

  it('test_hdel, test_hexists, test_hlen', async () => {
    const a = k('del');
    await r.hset(a, { '1': 1, '2': 2, '3': 3 });
    expect(await r.hexists(a, '1')).toBe(true);
    expect(await r.hexists(a, '4')).toBe(false);
    expect(await r.hlen(a)).toBe(3);
    expect(await r.hdel(a, '2')).toBe(1);
    expect(await r.hget(a, '2')).toBeNull();
    expect(await r.hdel(a, '1', '3')).toBe(2);
    expect(await r.hlen(a)).toBe(0);
  });

  it('test_hgetall, test_hkeys, test_hvals', async () => {
    const h = { a1: '1', a2: '2', a3: '3' };
    await r.hset(k('all'), null, null, h);
    const all = await r.hgetall(k('all'));
    expect(all).toEqual(h);
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect((await r.hkeys(k('all'))).sort()).toEqual(Object.keys(h).sort());
    expect((await r.hvals(k('all'))).sort()).toEqual(Object.values(h).sort());
    expect(await r.hgetall(k('missing'))).toEqual({});
  });

  it('test_hincrby, test_hincrbyfloat', async () => {
    expect(await r.hincrby(k('incr'), '1')).toBe(1);
    expect(await r.hincrby(k('incr'), '1', 2)).toBe(3);
    expect(await r.hincrby(k('incr'), '1', -2)).toBe(1);
    expect(await r.hincrbyfloat(k('incrf'), '1')).toBe(1.0);
    expect(await r.hincrbyfloat(k('incrf'), '1')).toBe(2.0);
    expect(await r.hincrbyfloat(k('incrf'), '1', 1.2)).toBe(3.2);
  });

  it('test_hmget, test_hmset', async () => {
    expect(await r.hset(k('mget'), { a: 1, b: 2, c: 3 })).toBe(3);
    expect(await r.hmget(k('mget'), 'a', 'b', 'c')).toEqual(['1', '2', '3']);
    const h = { a: '1', b: '2', c: '3' };
    expect(await r.hmset(k('mset'), h)).toBe(true);
    expect(await r.hgetall(k('mset'))).toEqual(h);
  });

  it('test_hsetnx, test_hstrlen', async () => {
    expect(await r.hsetnx(k('nx'), '1', 1)).toBe(true);
    expect(await r.hget(k('nx'), '1')).toBe('1');
    expect(await r.hsetnx(k('nx'), '1', 2)).toBe(false);
    expect(await r.hget(k('nx'), '1')).toBe('1');
    await r.hset(k('strlen'), { '1': '22', '2': '333' });
    expect(await r.hstrlen(k('strlen'), '1')).toBe(2);
    expect(await r.hstrlen(k('strlen'), '2')).toBe(3);
  });

  it('test_hrandfield: null, one, a count, [field, value] pairs', async () => {
    const key = k('rand');
    expect(await r.hrandfield(key)).toBeNull();
    await r.hset(key, null, null, { a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(await r.hrandfield(key)).not.toBeNull();
    expect(await r.hrandfield(key, 2)).toHaveLength(2);
    const pairs = await r.hrandfield(key, 2, { withvalues: true });
    // redis-py's unified shape: a list of [field, value] pairs, whatever the protocol.
    expect(pairs).toHaveLength(2);
    for (const [field, value] of pairs) expect(value).toBe(String(' abcde'.indexOf(field)));
    expect(await r.hrandfield(key, 10)).toHaveLength(5);
    expect(await r.hrandfield(key, -10)).toHaveLength(10);
  });

  it('test_hscan: [cursor, { field: value }]', async () => {
    await r.hset(k('scan'), null, null, { a: 1, b: 2, c: 3 });
    const [cursor, dic] = await r.hscan(k('scan'));
    expect(cursor).toBe(0);
    expect(dic).toEqual({ a: '1', b: '2', c: '3' });
    expect((await r.hscan(k('scan'), 0, { match: 'a' }))[1]).toEqual({ a: '1' });
    expect((await r.hscan(k('a_notset')))[1]).toEqual({});
  });

  it('test_hscan_iter: [field, value] pairs', async () => {
    await r.hset(k('iter'), null, null, { a: 1, b: 2, c: 3 });
    const collect = async (name: string, options = {}) => {
      const out: Record<string, string> = {};
      for await (const [field, value] of r.hscan_iter(name, options)) out[field] = value;
      return out;
    };
    expect(await collect(k('iter'))).toEqual({ a: '1', b: '2', c: '3' });
    expect(await collect(k('iter'), { match: 'a' })).toEqual({ a: '1' });
    expect(await collect(k('a_notset'))).toEqual({});
  });

  it('test_send_set_commands_over_pipeline: hset and hgetall in a pipeline', async () => {
    const pipe = r.pipeline({ transaction: !target.cluster });
    pipe.hset(k('hash:1'), 'foo', 'bar');
    pipe.hset(k('hash:1'), 'bar', 'foo');
    pipe.hset(k('hash:1'), 'baz', 'bar');
    pipe.hgetall(k('hash:1'));
    expect(await pipe.execute()).toEqual([1, 1, 1, { bar: 'foo', baz: 'bar', foo: 'bar' }]);
  });

  it('Buffer replies: values as Buffers, fields as text in records, Buffers in pairs', async () => {
    const bytes = target.connectBytes();
    try {
      await bytes.hset(b(k('bin')), b('f'), b('v'));
      expect(await bytes.hget(b(k('bin')), b('f'))).toEqual(b('v'));
      expect(await bytes.hgetall(b(k('bin')))).toEqual({ f: b('v') });
      expect(await bytes.hrandfield(b(k('bin')), 1, { withvalues: true })).toEqual([[b('f'), b('v')]]);
      const pairs: Array<[Buffer, Buffer]> = [];
      for await (const pair of bytes.hscan_iter(b(k('bin')))) pairs.push(pair);
      expect(pairs).toEqual([[b('f'), b('v')]]);
    } finally {
      await bytes.close();
    }
  });
});
