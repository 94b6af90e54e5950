/**
 * Redis Cluster: keys spread over slots and nodes; hash tags keep related keys together; multi-key commands are split
 * by slot for you. `tsx examples/cluster.ts [host:port]`
 */
import { type StartupNode, StrictRedisCluster } from '../src/index.js';
import { runWithCluster, startupNodes, type Target } from './support.js';

export async function main(target: Target | StartupNode[]): Promise<void> {
  const rc = new StrictRedisCluster({ startup_nodes: startupNodes(target) });
  try {
    for (const key of ['ex:cl:a', 'ex:cl:b', 'ex:cl:{user42}:profile', 'ex:cl:{user42}:cart']) {
      const node = await rc.nodeForKey(key);
      console.log(`${key} -> slot ${rc.keyslot(key)} on port ${node?.port}`);
    }
    // Keys in different slots: mset/mget are split per slot and the replies put back in order.
    await rc.mset({ 'ex:cl:a': '1', 'ex:cl:b': '2' });
    console.log('mget across slots ->', await rc.mget('ex:cl:a', 'ex:cl:b'));
    // A transaction needs one slot: hash tags ({user42}) put both keys there.
    const tx = rc.pipeline({ transaction: true });
    tx.set('ex:cl:{user42}:profile', 'ann').rpush('ex:cl:{user42}:cart', 'book');
    console.log('transaction on one slot ->', await tx.execute());
    // Keyless commands go to every primary; the reply is per node.
    const sizes = (await rc.execute_command('DBSIZE', { target_nodes: 'primaries' })) as unknown;
    console.log('dbsize per primary ->', sizes);
    console.log('delete ->', await rc.delete('ex:cl:a', 'ex:cl:b', 'ex:cl:{user42}:profile', 'ex:cl:{user42}:cart'));
  } finally {
    await rc.close();
  }
}

runWithCluster(import.meta.url, main);
