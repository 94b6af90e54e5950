/** decode_responses: false gives Buffers (and Buffer types); text round-trips as UTF-8 with decoding on. */
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `sr-bin:${process.pid}:`;
let text: StrictRedis;
let bytes: StrictRedis<Buffer>;

const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0xc3, 0x28, 0x80, 0x0d, 0x0a, 0x24, 0x2a, 0x00]);

beforeAll(() => {
  text = new StrictRedis({ host: standalone.host, port: standalone.port });
  bytes = new StrictRedis({ host: standalone.host, port: standalone.port, decode_responses: false });
});
afterAll(async () => {
  const keys = await text.keys(`${P}*`);
  if (keys.length > 0) await text.delete(keys);
  await Promise.all([text.close(), bytes.close()]);
});

describe('decode_responses: false', () => {
  it('round-trips arbitrary bytes, including invalid UTF-8, as Buffers', async () => {
    const all = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) all[i] = i;
    expect(await bytes.set(`${P}all`, all)).toBe(true);
    const back = await bytes.get(`${P}all`);
    expect(Buffer.isBuffer(back)).toBe(true);
    expect(back?.equals(all)).toBe(true);
    await bytes.set(Buffer.concat([Buffer.from(P), BINARY]), BINARY);
    const [got] = await bytes.mget([Buffer.concat([Buffer.from(P), BINARY])]);
    expect(got?.equals(BINARY)).toBe(true);
    expect(await bytes.get(`${P}missing`)).toBeNull();
  });

  it('returns Buffers from collection commands and keeps scores numeric', async () => {
    await bytes.hset(`${P}h`, { f: BINARY });
    const h = await bytes.hgetall(`${P}h`);
    expect(Buffer.isBuffer(h.f)).toBe(true);
    expect(h.f.equals(BINARY)).toBe(true);
    await bytes.rpush(`${P}l`, BINARY, 'x');
    const list = await bytes.lrange(`${P}l`, 0, -1);
    expect(list.map((b) => b.toString('hex'))).toEqual([BINARY.toString('hex'), '78']);
    await bytes.sadd(`${P}s`, BINARY);
    const set = await bytes.smembers(`${P}s`);
    expect([...set][0].equals(BINARY)).toBe(true);
    await bytes.zadd(`${P}z`, [[BINARY, 2.5]]);
    const scored = await bytes.zrange(`${P}z`, 0, -1, { withscores: true });
    expect(scored[0][0].equals(BINARY)).toBe(true);
    expect(scored[0][1]).toBe(2.5);
    expect(await bytes.set(`${P}all`, 'n', { get: true })).toBeInstanceOf(Buffer);
  });

  it('types the replies as Buffer, and as string for the default client', () => {
    expectTypeOf(bytes.get).returns.resolves.toEqualTypeOf<Buffer | null>();
    expectTypeOf(bytes.lrange).returns.resolves.toEqualTypeOf<Buffer[]>();
    expectTypeOf(bytes.hgetall).returns.resolves.toEqualTypeOf<Record<string, Buffer>>();
    expectTypeOf(text.get).returns.resolves.toEqualTypeOf<string | null>();
    expectTypeOf(text.smembers).returns.resolves.toEqualTypeOf<Set<string>>();
    expectTypeOf(new StrictRedis({ decodeResponses: false })).toEqualTypeOf<StrictRedis<Buffer>>();
    expectTypeOf(new StrictRedis()).toEqualTypeOf<StrictRedis<string>>();
    const check = async () => {
      // @ts-expect-error a Buffer client never resolves GET with a string
      const s: string | null = await bytes.get('k');
      return s;
    };
    expect(typeof check).toBe('function');
  });
});

describe('decode_responses: true', () => {
  it('round-trips emoji and CJK text', async () => {
    const value = '🚀 雷迪斯 こんにちは 👩‍👩‍👧 é';
    await text.set(`${P}utf8:键`, value);
    expect(await text.get(`${P}utf8:键`)).toBe(value);
    expect(await text.keys(`${P}utf8:*`)).toEqual([`${P}utf8:键`]);
    expect(await text.hset(`${P}utf8h`, '字段', value)).toBe(1);
    expect(await text.hgetall(`${P}utf8h`)).toEqual(Object.assign(Object.create(null), { 字段: value }));
    const raw = await bytes.get(`${P}utf8:键`);
    expect(raw?.equals(Buffer.from(value, 'utf8'))).toBe(true);
  });
});
