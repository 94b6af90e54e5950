/** Sets: unordered unique members. `tsx examples/sets.ts [redis://url | host:port]` */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  try {
    console.log('sadd ->', await r.sadd('ex:set:a', 'redis', 'python', 'node'));
    await r.sadd('ex:set:b', 'node', 'go');
    console.log('smembers a ->', [...(await r.smembers('ex:set:a'))].sort());
    console.log('sismember a node ->', await r.sismember('ex:set:a', 'node'));
    console.log('scard a ->', await r.scard('ex:set:a'));
    console.log('sinter a b ->', [...(await r.sinter(['ex:set:a', 'ex:set:b']))]);
    console.log('srem a python ->', await r.srem('ex:set:a', 'python'));
    await r.delete('ex:set:a', 'ex:set:b');
  } finally {
    await r.close();
  }
}

runWithServer(import.meta.url, main);
