/** StrictRedisCluster pub/sub on the shared cluster: classic channels, sharded channels across slots, reconnects. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PubSubMessage } from '../../src/client/pubsub.js';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { keySlot } from '../../src/cluster/slot.js';
import { rawCommand } from '../harness/raw.js';

const { cluster } = inject('redis');
const P = `cps:${process.pid}:`;
const startup_nodes = cluster.nodes.map((n) => ({ host: n.host, port: n.port }));
let rc: StrictRedisCluster<string>;

beforeAll(async () => {
  rc = new StrictRedisCluster({ startup_nodes });
  await rc.connect();
});
afterAll(async () => {
  await rc.close();
});

/** SPUBLISH until the owner reports a receiver: a fresh subscription becomes visible asynchronously. */
async function spublishUntilReceived(channel: string, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await rc.spublish(channel, message)) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no subscriber received the sharded message in time');
}

async function drain(
  ps: { get_message(o: { timeout: number }): Promise<PubSubMessage<string> | null> },
  n: number,
): Promise<PubSubMessage<string>[]> {
  const out: PubSubMessage<string>[] = [];
  while (out.length < n) {
    const message = await ps.get_message({ timeout: 3 });
    if (message === null) break;
    out.push(message);
  }
  return out;
}

describe('classic pub/sub on a cluster', () => {
  it('receives messages published through any node', async () => {
    const ps = rc.pubsub({ ignore_subscribe_messages: true });
    await ps.subscribe(`${P}news`);
    await ps.psubscribe(`${P}p.*`);
    expect(ps.classicEndpoint).toBeDefined();
    // PUBLISH counts only the receiving node's subscribers; the cluster bus carries it to the others.
    await rc.publish(`${P}news`, 'hello');
    await rc.publish(`${P}p.x`, 'pattern');
    const got = await drain(ps, 2);
    expect(got.map((m) => [m.type, m.channel, m.data])).toEqual([
      ['message', `${P}news`, 'hello'],
      ['pmessage', `${P}p.x`, 'pattern'],
    ]);
    await ps.close();
  });
});

describe('sharded pub/sub on a cluster', () => {
  const channels = Array.from({ length: 12 }, (_, i) => `${P}shard:${i}`);

  it('subscribes each channel on its slot owner and receives SPUBLISHed messages', async () => {
    expect(new Set(channels.map((c) => keySlot(c))).size).toBe(channels.length);
    const ps = rc.pubsub({ ignore_subscribe_messages: true });
    await ps.ssubscribe(...channels);
    expect(ps.shardEndpoints.length).toBeGreaterThan(1);
    for (const channel of channels) expect(await rc.spublish(channel, `to:${channel}`)).toBe(1);
    const got = await drain(ps, channels.length);
    expect(got.every((m) => m.type === 'smessage')).toBe(true);
    expect(got.map((m) => m.data).sort()).toEqual(channels.map((c) => `to:${c}`).sort());
    await ps.sunsubscribe(channels[0]);
    expect(await rc.spublish(channels[0], 'lost')).toBe(0);
    await ps.sunsubscribe();
    expect(await rc.spublish(channels[1], 'lost')).toBe(0);
    await ps.close();
  });

  it('calls handlers and resubscribes after the subscriber connections are killed', async () => {
    const ps = rc.pubsub({ ignore_subscribe_messages: true });
    const handled: string[] = [];
    await ps.ssubscribe({ [channels[2]]: (m) => handled.push(m.data as string) }, channels[3]);
    await rc.spublish(channels[2], 'h1');
    await expect.poll(() => handled).toEqual(['h1']);
    const masters = cluster.nodes.filter((n) => n.role === 'master');
    for (const m of masters) await rawCommand(m.port, ['CLIENT', 'KILL', 'TYPE', 'pubsub']);
    await spublishUntilReceived(channels[2], 'h2');
    await spublishUntilReceived(channels[3], 'after');
    await expect.poll(() => handled).toEqual(['h1', 'h2']);
    const got = await drain(ps, 1);
    expect(got.map((m) => m.data)).toEqual(['after']);
    await ps.close();
  });

  it('works with RESP3 and Buffers', async () => {
    const bin = new StrictRedisCluster({ startup_nodes, protocol: 3, decode_responses: false });
    const ps = bin.pubsub({ ignore_subscribe_messages: true });
    const channel = Buffer.concat([Buffer.from(`${P}bin:`), Buffer.from([0xff, 0x00])]);
    const payload = Buffer.from([0xc3, 0x28, 0x00, 0xff]);
    await ps.ssubscribe(channel);
    expect(await bin.spublish(channel, payload)).toBe(1);
    const message = await ps.get_message({ timeout: 3 });
    if (message === null) throw new Error('no message');
    expect(message.type).toBe('smessage');
    expect(message.channel.equals(channel)).toBe(true);
    expect((message.data as Buffer).equals(payload)).toBe(true);
    await ps.close();
    await bin.close();
  });
});
