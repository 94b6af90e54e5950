/**
 * redis-py's bitmap and HyperLogLog tests (tests/test_commands.py: test_bitcount*, test_bitop*, test_bitpos*,
 * test_get_set_bit, test_bitfield_operations, test_bitfield_ro, test_pfadd, test_pfcount, test_pfmerge; and
 * tests/test_cluster.py: test_cluster_bitop_*, test_cluster_pfcount, test_cluster_pfmerge), in RESP2 and RESP3, with
 * the builder of `bitfield()` on every kind of client and pipeline, and the DataError cases.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BitFieldOperation, CrossSlotError, DataError, StrictRedis, StrictRedisCluster } from '../../src/index.js';

const { standalone, cluster } = inject('redis');
const hex = (value: Buffer | null) => (value === null ? null : value.toString('hex'));

for (const protocol of [2, 3] as const) {
  describe(`redis-py bitmap and HyperLogLog tests, RESP${protocol}`, () => {
    const P = `rp-bits:${process.pid}:${protocol}:`;
    const k = (name: string) => `${P}${name}`;
    let r: StrictRedis;
    let bytes: StrictRedis<Buffer>;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      bytes = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, decode_responses: false });
      await r.connect();
    });
    afterAll(async () => {
      const keys = await r.keys(`${P}*`);
      if (keys.length > 0) await r.delete(keys);
      await Promise.all([r.close(), bytes.close()]);
    });

    it('test_bitcount', async () => {
      const a = k('bitcount');
      await r.setbit(a, 5, true);
      expect(await r.bitcount(a)).toBe(1);
      await r.setbit(a, 6, true);
      expect(await r.bitcount(a)).toBe(2);
      await r.setbit(a, 5, false);
      expect(await r.bitcount(a)).toBe(1);
      for (const offset of [9, 17, 25, 33]) await r.setbit(a, offset, 1);
      expect(await r.bitcount(a)).toBe(5);
      expect(await r.bitcount(a, 0, -1)).toBe(5);
      expect(await r.bitcount(a, 2, 3)).toBe(2);
      expect(await r.bitcount(a, 2, -1)).toBe(3);
      expect(await r.bitcount(a, -2, -1)).toBe(2);
      expect(await r.bitcount(a, 1, 1)).toBe(1);
      // redis-py: "Both start and end must be specified".
      await expect(r.bitcount(a, 1)).rejects.toBeInstanceOf(DataError);
      await expect(r.bitcount(a, undefined, 1)).rejects.toBeInstanceOf(DataError);
    });

    it('test_bitcount_mode (a misspelt mode is a DataError here, the server’s error in redis-py)', async () => {
      const a = k('mykey');
      await r.set(a, 'foobar');
      expect(await r.bitcount(a)).toBe(26);
      expect(await r.bitcount(a, 1, 1, 'byte')).toBe(6);
      expect(await r.bitcount(a, 5, 30, 'bit')).toBe(17);
      expect(await r.bitcount(a, 5, 30, Buffer.from('BIT'))).toBe(17);
      await expect(r.bitcount(a, 5, 30, 'but' as 'bit')).rejects.toBeInstanceOf(DataError);
      await expect(r.bitcount(a, null, null, 'bit')).rejects.toBeInstanceOf(DataError);
    });

    it('test_bitop_not_empty_string, test_bitop_not, test_bitop_not_in_place', async () => {
      await r.set(k('empty'), '');
      expect(await r.bitop('not', k('r'), k('empty'))).toBe(0);
      expect(await r.get(k('r'))).toBeNull();
      await r.set(k('a'), Buffer.from('aa00ff55', 'hex'));
      expect(await r.bitop('not', k('r'), k('a'))).toBe(4);
      expect(hex(await bytes.get(k('r')))).toBe('55ff00aa');
      await r.bitop('NOT', k('a'), k('a'));
      expect(hex(await bytes.get(k('a')))).toBe('55ff00aa');
      // NOT takes exactly one source; unknown operations are refused.
      await expect(r.bitop('not', k('r'), k('a'), k('b'))).rejects.toBeInstanceOf(DataError);
      await expect(r.bitop('nand' as 'and', k('r'), k('a'))).rejects.toBeInstanceOf(DataError);
      await expect(r.bitop('and', k('r'))).rejects.toBeInstanceOf(DataError);
    });

    it('test_bitop_single_string and test_bitop_string_operands', async () => {
      const single = Buffer.from('0102ff', 'hex');
      await r.set(k('single'), single);
      await r.bitop('and', k('res1'), k('single'));
      await r.bitop('or', k('res2'), k('single'));
      await r.bitop('xor', k('res3'), [k('single')]);
      expect(await bytes.mget(k('res1'), k('res2'), k('res3'))).toEqual([single, single, single]);
      await r.set(k('oa'), Buffer.from('0102ffff', 'hex'));
      await r.set(k('ob'), Buffer.from('0102ff', 'hex'));
      expect(await r.bitop('and', k('res1'), k('oa'), k('ob'))).toBe(4);
      await r.bitop(Buffer.from('or'), k('res2'), k('oa'), k('ob'));
      await r.bitop('xor', k('res3'), [k('oa'), k('ob')]);
      expect(hex(await bytes.get(k('res1')))).toBe('0102ff00');
      expect(hex(await bytes.get(k('res2')))).toBe('0102ffff');
      expect(hex(await bytes.get(k('res3')))).toBe('000000ff');
    });

    it('test_bitpos and test_bitpos_wrong_arguments', async () => {
      const key = k('bitpos');
      await r.set(key, Buffer.from('fff000', 'hex'));
      expect(await r.bitpos(key, 0)).toBe(12);
      expect(await r.bitpos(key, 0, 2, -1)).toBe(16);
      expect(await r.bitpos(key, 0, -2, -1)).toBe(12);
      await r.set(key, Buffer.from('00fff0', 'hex'));
      expect(await r.bitpos(key, 1, 0)).toBe(8);
      expect(await r.bitpos(key, true, 1)).toBe(8);
      await r.set(key, Buffer.from('000000', 'hex'));
      expect(await r.bitpos(key, 1)).toBe(-1);
      await expect(r.bitpos(key, 0, undefined, 1)).rejects.toBeInstanceOf(DataError);
      await expect(r.bitpos(key, 7 as 1)).rejects.toBeInstanceOf(DataError);
    });

    it('test_bitpos_mode', async () => {
      const key = k('bitpos-mode');
      await r.set(key, Buffer.from('00fff0', 'hex'));
      expect(await r.bitpos(key, 1, 0)).toBe(8);
      expect(await r.bitpos(key, 1, 2, -1, 'byte')).toBe(16);
      expect(await r.bitpos(key, 0, 7, 15, 'bit')).toBe(7);
      await expect(r.bitpos(key, 1, 7, 15, 'bite' as 'bit')).rejects.toBeInstanceOf(DataError);
      await expect(r.bitpos(key, 1, 7, undefined, 'bit')).rejects.toBeInstanceOf(DataError);
    });

    it('test_get_set_bit', async () => {
      const a = k('getsetbit');
      expect(await r.getbit(a, 5)).toBe(0);
      expect(await r.setbit(a, 5, true)).toBe(0);
      expect(await r.getbit(a, 5)).toBe(1);
      expect(await r.setbit(a, 4, false)).toBe(0);
      expect(await r.getbit(a, 4)).toBe(0);
      expect(await r.setbit(a, 4, true)).toBe(0);
      expect(await r.getbit(a, 4)).toBe(1);
      expect(await r.setbit(a, 5, true)).toBe(1);
      expect(await r.getbit(a, 5)).toBe(1);
      await expect(r.setbit(a, 5, 2 as 1)).rejects.toBeInstanceOf(DataError);
      await expect(r.setbit(a, 5, '1' as unknown as 1)).rejects.toBeInstanceOf(DataError);
    });

    it('test_bitfield_operations', async () => {
      const a = k('bitfield');
      const bf = r.bitfield(a);
      expect(bf).toBeInstanceOf(BitFieldOperation);
      expect(await bf.set('u8', 8, 255).get('u8', 0).get('u4', 8).get('u4', 12).get('u4', 13).execute()).toEqual([
        0, 0, 15, 15, 14,
      ]);
      expect(await bf.set('u8', 4, 1).get('u16', 0).set('u16', 0, 0).execute()).toEqual([15, 31, 31]);
      expect(await bf.incrby('u8', 8, 254).incrby('u8', 8, 1).get('u16', 0).execute()).toEqual([254, 255, 255]);
      await r.delete(a);
      expect(
        await bf
          .set('u8', 8, 254)
          .overflow('fail')
          .incrby('u8', 8, 2)
          .incrby('u8', 8, 1)
          .incrby('u8', 8, 1)
          .get('u16', 0)
          .execute(),
      ).toEqual([0, null, 255, null, 255]);
      await r.delete(a);
      expect(
        await bf
          .set('u8', 8, 255)
          .incrby('u8', 8, 1)
          .set('u8', 8, 255)
          .incrby('u8', 8, 1, 'FAIL')
          .incrby('u8', 8, 1)
          .get('u16', 0)
          .execute(),
      ).toEqual([0, 0, 0, null, null, 255]);
      await r.delete(a);
      const failing = r.bitfield(a, 'FAIL');
      expect(await failing.set('u8', 8, 255).incrby('u8', 8, 1).get('u16', 0).execute()).toEqual([0, null, 255]);
    });

    it('bitfield: command, reset(), offsets with #, 64-bit values and the argument checks', async () => {
      const a = k('bitfield-more');
      const bf = r.bitfield(a, 'sat');
      expect(bf.command).toEqual(['BITFIELD', a, 'OVERFLOW', 'SAT']);
      bf.set('i8', '#1', -5).incrby('u8', 0, 300).overflow('sat').overflow(Buffer.from('wrap'));
      expect(bf.command).toEqual([
        'BITFIELD',
        a,
        'OVERFLOW',
        'SAT',
        'SET',
        'i8',
        '#1',
        -5,
        'INCRBY',
        'u8',
        0,
        300,
        'OVERFLOW',
        'WRAP',
      ]);
      bf.reset();
      expect(bf.command).toEqual(['BITFIELD', a, 'OVERFLOW', 'SAT']);
      expect(await bf.set('i8', '#1', -5).get('i8', 8).incrby('u8', 0, 300).execute()).toEqual([0, -5, 255]);
      expect(bf.operations).toEqual([['OVERFLOW', 'SAT']]);
      const big = new StrictRedis({
        host: standalone.host,
        port: standalone.port,
        protocol,
        integer_replies: 'bigint',
      });
      try {
        const max = 2n ** 63n - 1n;
        expect(await big.bitfield(k('i64')).set('i64', 0, max).get('i64', 0).execute()).toEqual([0n, max]);
      } finally {
        await big.close();
      }
      expect(() => bf.get('u64', 0)).toThrow(DataError);
      expect(() => bf.get('x8' as 'u8', 0)).toThrow(DataError);
      expect(() => bf.get('u8', -1)).toThrow(DataError);
      expect(() => bf.get('u8', 1.5)).toThrow(DataError);
      expect(() => bf.set('u8', 0, 1.5)).toThrow(DataError);
      expect(() => bf.incrby('u8', 0, 1, 'saturate' as 'sat')).toThrow(DataError);
      expect(() => bf.overflow('none' as 'sat')).toThrow(DataError);
      expect(() => r.bitfield(a, 'crash' as 'fail')).toThrow(DataError);
      expect(bf.operations).toEqual([['OVERFLOW', 'SAT']]);
    });

    it('bitfield in pipelines and transactions: one BITFIELD through the pipeline it came from', async () => {
      const a = k('bitfield-pipe');
      for (const transaction of [false, true]) {
        await r.delete(a);
        const pipe = r.pipeline({ transaction });
        const returned = pipe.bitfield(a).set('u8', 8, 255).get('u16', 0).execute();
        expect(returned).toBe(pipe);
        expect(pipe.length).toBe(1);
        expect(await pipe.strlen(a).bitfield(a, 'FAIL').incrby('u8', 8, 1).execute().execute()).toEqual([
          [0, 255],
          2,
          [null],
        ]);
      }
      const results = await r.transaction(async (pipe) => {
        const [before] = await pipe.bitfield(a).get('u8', 8).execute();
        pipe
          .multi()
          .bitfield(a)
          .set('u8', 8, Number(before) - 1)
          .execute();
      }, a);
      expect(results).toEqual([[255]]);
      expect(await r.bitfield_ro(a, 'u8', 8)).toEqual([254]);
    });

    it('test_pipeline_with_bitfield (tests/test_pipeline.py)', async () => {
      const pipe = r.pipeline();
      pipe.set(k('pa'), '1');
      const bf = pipe.bitfield(k('pb'));
      const pipe2 = bf.set('u8', 8, 255).get('u8', 0).get('u4', 8).get('u4', 12).get('u4', 13).execute();
      pipe.get(k('pa'));
      expect(pipe2).toBe(pipe);
      expect(await pipe.execute()).toEqual([true, [0, 0, 15, 15, 14], '1']);
    });

    it('test_bitfield_ro', async () => {
      const a = k('bitfield-ro');
      expect(await r.bitfield(a).set('u8', 8, 255).execute()).toEqual([0]);
      expect(await r.bitfield_ro(a, 'u8', 0)).toEqual([0]);
      expect(
        await r.bitfield_ro(a, 'u8', 0, [
          ['u4', 8],
          ['u4', 12],
          ['u4', 13],
        ]),
      ).toEqual([0, 15, 15, 14]);
      await expect(r.bitfield_ro(a, 'u99' as 'u8', 0)).rejects.toBeInstanceOf(DataError);
    });

    it('test_pfadd', async () => {
      const members = ['1', '2', '3'];
      expect(await r.pfadd(k('hll'), ...members)).toBe(1);
      expect(await r.pfadd(k('hll'), members)).toBe(0);
      expect(await r.pfcount(k('hll'))).toBe(members.length);
    });

    it('test_pfcount', async () => {
      await r.pfadd(k('pfa'), '1', '2', '3');
      expect(await r.pfcount(k('pfa'))).toBe(3);
      await r.pfadd(k('pfb'), '2', '3', '4');
      expect(await r.pfcount(k('pfb'))).toBe(3);
      expect(await r.pfcount(k('pfa'), k('pfb'))).toBe(4);
      expect(await r.pfcount([k('pfa'), k('pfb')])).toBe(4);
      await expect(r.pfcount()).rejects.toBeInstanceOf(DataError);
    });

    it('test_pfmerge', async () => {
      await r.pfadd(k('ma'), '1', '2', '3');
      await r.pfadd(k('mb'), '2', '3', '4');
      await r.pfadd(k('mc'), '5', '6', '7');
      expect(await r.pfmerge(k('md'), k('mc'), k('ma'))).toBe(true);
      expect(await r.pfcount(k('md'))).toBe(6);
      expect(await r.pfmerge(k('md'), k('mb'))).toBe(true);
      expect(await r.pfcount(k('md'))).toBe(7);
    });
  });
}

describe('bitmaps and HyperLogLog on StrictRedisCluster: one slot, CrossSlotError otherwise', () => {
  const P = `rp-bits:${process.pid}:cluster:`;
  const k = (name: string) => `${P}{foo}${name}`;
  let rc: StrictRedisCluster<string>;
  let bytes: StrictRedisCluster<Buffer>;

  beforeAll(async () => {
    const startup_nodes = [{ host: cluster.nodes[0].host, port: cluster.nodes[0].port }];
    rc = new StrictRedisCluster({ startup_nodes });
    bytes = new StrictRedisCluster({ startup_nodes, decode_responses: false });
    await rc.connect();
  });
  afterAll(async () => {
    const keys: string[] = [];
    for await (const key of rc.scan_iter({ match: `${P}*` })) keys.push(key);
    if (keys.length > 0) await rc.delete(keys);
    await Promise.all([rc.close(), bytes.close()]);
  });

  it('test_cluster_bitop_not_empty_string, _not, _not_in_place, _single_string, _string_operands', async () => {
    await rc.set(k('empty'), '');
    await rc.bitop('not', k('r'), k('empty'));
    expect(await rc.get(k('r'))).toBeNull();
    await rc.set(k('a'), Buffer.from('aa00ff55', 'hex'));
    await rc.bitop('not', k('r'), k('a'));
    expect(hex(await bytes.get(k('r')))).toBe('55ff00aa');
    await rc.bitop('not', k('a'), k('a'));
    expect(hex(await bytes.get(k('a')))).toBe('55ff00aa');
    await rc.set(k('oa'), Buffer.from('0102ffff', 'hex'));
    await rc.set(k('ob'), Buffer.from('0102ff', 'hex'));
    await rc.bitop('and', k('res1'), k('oa'), k('ob'));
    await rc.bitop('or', k('res2'), k('oa'), k('ob'));
    await rc.bitop('xor', k('res3'), k('oa'), k('ob'));
    expect((await bytes.mget(k('res1'), k('res2'), k('res3'))).map(hex)).toEqual(['0102ff00', '0102ffff', '000000ff']);
    await expect(rc.bitop('and', `${P}{a}dest`, `${P}{b}src`)).rejects.toBeInstanceOf(CrossSlotError);
    await expect(rc.bitop('or', k('dest'), k('oa'), `${P}{b}src`)).rejects.toBeInstanceOf(CrossSlotError);
    expect(await rc.exists(k('dest'))).toBe(0);
  });

  it('test_cluster_pfcount and test_cluster_pfmerge', async () => {
    await rc.pfadd(k('hll-a'), '1', '2', '3');
    expect(await rc.pfcount(k('hll-a'))).toBe(3);
    await rc.pfadd(k('hll-b'), '2', '3', '4');
    expect(await rc.pfcount(k('hll-b'))).toBe(3);
    expect(await rc.pfcount(k('hll-a'), k('hll-b'))).toBe(4);
    await rc.pfadd(k('hll-c'), '5', '6', '7');
    expect(await rc.pfmerge(k('hll-d'), k('hll-c'), k('hll-a'))).toBe(true);
    expect(await rc.pfcount(k('hll-d'))).toBe(6);
    expect(await rc.pfmerge(k('hll-d'), k('hll-b'))).toBe(true);
    expect(await rc.pfcount(k('hll-d'))).toBe(7);
    await expect(rc.pfcount(k('hll-a'), `${P}{bar}b`)).rejects.toBeInstanceOf(CrossSlotError);
    await expect(rc.pfmerge(`${P}{bar}d`, k('hll-a'))).rejects.toBeInstanceOf(CrossSlotError);
    // Queued in a cluster pipeline, keys across slots are refused at once.
    expect(() => rc.pipeline().pfcount(k('hll-a'), `${P}{bar}b`)).toThrow(CrossSlotError);
  });

  it('bitfield on the cluster, its pipelines and transactions', async () => {
    const a = k('bf');
    expect(await rc.bitfield(a).set('u8', 8, 255).get('u8', 8).execute()).toEqual([0, 255]);
    const pipe = rc.pipeline();
    expect(pipe.bitfield(a, 'FAIL').incrby('u8', 8, 1).execute()).toBe(pipe);
    expect(await pipe.bitfield_ro(a, 'u8', 8).execute()).toEqual([[null], [255]]);
    const tx = rc.pipeline({ transaction: true });
    tx.bitfield(a).set('u8', 8, 1).execute();
    expect(await tx.get(k('none')).bitfield_ro(a, 'u8', 8).execute()).toEqual([[255], null, [1]]);
    expect(await rc.setbit(a, 0, 1)).toBe(0);
    expect(await rc.getbit(a, 0)).toBe(1);
    expect(await rc.bitcount(a)).toBe(2);
    expect(await rc.bitpos(a, 1)).toBe(0);
  });
});
