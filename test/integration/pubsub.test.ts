/** StrictRedis pub/sub against a real server: RESP2 and RESP3, text and binary, handlers, iterator, reconnects. */
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PubSubMessage } from '../../src/client/pubsub.js';
import { ConnectionError, NoPermissionError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `ps:${process.pid}:`;
let r: StrictRedis;

beforeAll(async () => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  await r.connect();
});
afterAll(async () => {
  await r.close();
});

/** Publishes until someone receives it (a subscription on another connection becomes visible asynchronously). */
async function publishUntilReceived(channel: string | Buffer, message: string | Buffer, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await r.publish(channel, message)) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no subscriber received the message in time');
}

for (const protocol of [2, 3] as const) {
  describe(`RESP${protocol}`, () => {
    const Q = `${P}r${protocol}:`;
    let sub: StrictRedis;
    let bin: StrictRedis<Buffer>;

    beforeAll(() => {
      sub = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      bin = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, decode_responses: false });
    });
    afterAll(async () => {
      await sub.close();
      await bin.close();
    });

    it('subscribes, confirms, receives messages and unsubscribes', async () => {
      const ps = sub.pubsub();
      await ps.subscribe(`${Q}a`, `${Q}b`);
      expect(ps.subscribed).toBe(true);
      const confirmations = [await ps.get_message(), await ps.get_message()];
      expect(confirmations).toEqual([
        { type: 'subscribe', pattern: null, channel: `${Q}a`, data: 1 },
        { type: 'subscribe', pattern: null, channel: `${Q}b`, data: 2 },
      ]);
      expect(await r.publish(`${Q}a`, 'hello')).toBe(1);
      expect(await ps.get_message({ timeout: 2 })).toEqual({
        type: 'message',
        pattern: null,
        channel: `${Q}a`,
        data: 'hello',
      });
      await ps.unsubscribe(`${Q}a`);
      expect(await ps.get_message({ timeout: 2 })).toMatchObject({ type: 'unsubscribe', channel: `${Q}a`, data: 1 });
      expect(await r.publish(`${Q}a`, 'lost')).toBe(0);
      expect(await ps.get_message({ timeout: 0.1 })).toBeNull();
      expect(ps.channels).toEqual([`${Q}b`]);
      await ps.unsubscribe();
      expect(ps.subscribed).toBe(false);
      await ps.close();
    });

    it('matches patterns and calls per-channel handlers', async () => {
      const ps = sub.pubsub({ ignore_subscribe_messages: true });
      const handled: PubSubMessage<string>[] = [];
      await ps.psubscribe(`${Q}news.*`);
      await ps.subscribe({ [`${Q}h`]: (m) => handled.push(m) });
      await r.publish(`${Q}news.sport`, 'goal');
      await r.publish(`${Q}h`, 'to-handler');
      expect(await ps.get_message({ timeout: 2 })).toEqual({
        type: 'pmessage',
        pattern: `${Q}news.*`,
        channel: `${Q}news.sport`,
        data: 'goal',
      });
      await expect.poll(() => handled.length).toBe(1);
      expect(handled[0]).toMatchObject({ type: 'message', channel: `${Q}h`, data: 'to-handler' });
      // The handler consumed it: nothing is left for get_message.
      expect(await ps.get_message({ timeout: 0.1 })).toBeNull();
      await ps.punsubscribe();
      expect(ps.patterns).toEqual([]);
      await ps.close();
    });

    it('is binary-safe with decode_responses false', async () => {
      const ps = bin.pubsub({ ignoreSubscribeMessages: true });
      const channel = Buffer.concat([Buffer.from(`${Q}bin:`), Buffer.from([0xff, 0x00, 0xfe])]);
      const payload = Buffer.from([0, 1, 2, 0xc3, 0x28, 0xff]);
      await ps.subscribe(channel);
      await r.publish(channel, payload);
      const message = await ps.getMessage({ timeout: 2 });
      if (message === null) throw new Error('no message');
      expect(message.type).toBe('message');
      expect(Buffer.isBuffer(message.channel)).toBe(true);
      expect(message.channel.equals(channel)).toBe(true);
      expect((message.data as Buffer).equals(payload)).toBe(true);
      await ps.close();
    });

    it('iterates with for await and emits events; close ends the loop', async () => {
      const ps = sub.pubsub({ ignore_subscribe_messages: true });
      await ps.subscribe(`${Q}iter`);
      for (let i = 0; i < 3; i++) await r.publish(`${Q}iter`, `m${i}`);
      const seen: string[] = [];
      for await (const message of ps) {
        seen.push(message.data as string);
        if (seen.length === 3) break;
      }
      expect(seen).toEqual(['m0', 'm1', 'm2']);
      // With a listener attached, messages are emitted and not buffered as well.
      const events: string[] = [];
      ps.on('message', (m: PubSubMessage<string>) => events.push(m.data as string));
      await r.publish(`${Q}iter`, 'e1');
      await expect.poll(() => events).toEqual(['e1']);
      expect(await ps.get_message({ timeout: 0.05 })).toBeNull();
      const loop = (async () => {
        const rest: unknown[] = [];
        for await (const m of ps.listen()) rest.push(m);
        return rest;
      })();
      await ps.close();
      expect(await loop).toEqual([]);
    });

    it('subscribes again after the connection is killed', async () => {
      const ps = sub.pubsub({ ignore_subscribe_messages: true });
      const resubscribed = new Promise<void>((resolve) => ps.once('resubscribe', () => resolve()));
      await ps.subscribe(`${Q}rc`);
      await ps.psubscribe(`${Q}rcp.*`);
      await publishUntilReceived(`${Q}rc`, 'before');
      expect((await ps.get_message({ timeout: 2 }))?.data).toBe('before');
      const killer = new StrictRedis({ host: standalone.host, port: standalone.port });
      const killed = (await killer.execute_command('CLIENT', 'KILL', 'TYPE', 'pubsub')) as number;
      await killer.close();
      expect(killed).toBeGreaterThanOrEqual(1);
      await resubscribed;
      await publishUntilReceived(`${Q}rc`, 'after');
      await publishUntilReceived(`${Q}rcp.x`, 'after-pattern');
      const got: unknown[] = [];
      for (let i = 0; i < 2; i++) got.push((await ps.get_message({ timeout: 2 }))?.data);
      expect(got).toEqual(['after', 'after-pattern']);
      await ps.close();
    });
  });
}

describe('publish and introspection', () => {
  it('counts receivers and lists channels', async () => {
    const ps = r.pubsub();
    await ps.subscribe(`${P}intro`);
    expect(await r.pubsub_channels(`${P}intro*`)).toEqual([`${P}intro`]);
    expect(await r.pubsub_numsub(`${P}intro`, `${P}nobody`)).toEqual([
      [`${P}intro`, 1],
      [`${P}nobody`, 0],
    ]);
    expect(typeof (await r.pubsub_numpat())).toBe('number');
    expect(await r.publish(`${P}intro`, 'x')).toBe(1);
    await ps.close();
  });

  it('rejects a refused subscription and keeps the connection for the others', async () => {
    const user = `ps-user-${process.pid}`;
    await r.execute_command('ACL', 'SETUSER', user, 'on', '>pw', '~*', 'resetchannels', `&${P}ok:*`, '+@all');
    try {
      const limited = new StrictRedis({ host: standalone.host, port: standalone.port, username: user, password: 'pw' });
      const ps = limited.pubsub({ ignore_subscribe_messages: true });
      const errors: Error[] = [];
      ps.on('error', (err: Error) => errors.push(err));
      await ps.subscribe(`${P}ok:1`);
      await expect(ps.subscribe(`${P}forbidden`)).rejects.toThrow(NoPermissionError);
      expect(ps.channels).toEqual([`${P}ok:1`]);
      expect(errors).toHaveLength(1);
      expect(await r.publish(`${P}ok:1`, 'still here')).toBe(1);
      expect((await ps.get_message({ timeout: 2 }))?.data).toBe('still here');
      await ps.close();
      await limited.close();
    } finally {
      await r.execute_command('ACL', 'DELUSER', user);
    }
  });

  it('rejects a subscribe call that cannot reach the server within the offline-queue timeout', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const down = new StrictRedis({ host: '127.0.0.1', port, offline_queue_timeout: 0.3 });
    const ps = down.pubsub();
    const started = Date.now();
    await expect(ps.subscribe(`${P}unreachable`)).rejects.toBeInstanceOf(ConnectionError);
    expect(Date.now() - started).toBeLessThan(5000);
    // Still registered: it is subscribed once a connection comes up (unless unsubscribed or closed).
    expect(ps.channels).toEqual([`${P}unreachable`]);
    await ps.close();
    await down.close();
  });

  it('rejects subscribe calls without channels and after close', async () => {
    const ps = r.pubsub();
    await expect(ps.subscribe()).rejects.toThrow(/at least one channel/);
    await ps.close();
    await expect(ps.subscribe(`${P}late`)).rejects.toThrow(/closed/);
  });
});
