/** Keys: existence, types, expiry, renaming, iterating with SCAN. `tsx examples/keys.ts [redis://url | host:port]` */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  try {
    await r.set('ex:keys:a', '1');
    await r.rpush('ex:keys:list', 'x');
    console.log('exists a, list, missing ->', await r.exists('ex:keys:a', 'ex:keys:list', 'ex:keys:missing'));
    console.log('type of list ->', await r.type('ex:keys:list'));
    console.log('expire a 100 ->', await r.expire('ex:keys:a', 100), 'ttl ->', await r.ttl('ex:keys:a'));
    console.log('persist a ->', await r.persist('ex:keys:a'), 'ttl ->', await r.ttl('ex:keys:a')); // -1: no expiry
    console.log('rename a -> b ->', await r.rename('ex:keys:a', 'ex:keys:b'));
    const found: string[] = [];
    for await (const key of r.scan_iter({ match: 'ex:keys:*' })) found.push(key);
    console.log('scan ex:keys:* ->', found.sort());
    console.log('delete ->', await r.delete('ex:keys:b', 'ex:keys:list'));
  } finally {
    await r.close();
  }
}

runWithServer(import.meta.url, main);
