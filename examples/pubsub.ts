/** Publish/subscribe: a subscriber on its own connection, a publisher, and pattern subscriptions.
 * `tsx examples/pubsub.ts [redis://url | host:port]` */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  const p = r.pubsub({ ignore_subscribe_messages: true });
  try {
    await p.subscribe('ex:news');
    await p.psubscribe('ex:alerts:*');
    console.log('publish news ->', await r.publish('ex:news', 'hello subscribers')); // receivers: 1
    await r.publish('ex:alerts:disk', 'disk almost full');
    for (let i = 0; i < 2; i++) {
      const m = await p.get_message({ timeout: 2 });
      console.log('received ->', m?.type, m?.channel, m?.data);
    }
  } finally {
    await p.close();
    await r.close();
  }
}

runWithServer(import.meta.url, main);
