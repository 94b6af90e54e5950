/** Sorted sets: a leaderboard. `tsx examples/sorted-sets.ts [redis://url | host:port]` */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  try {
    const key = 'ex:zset:board';
    console.log('zadd ->', await r.zadd(key, { alice: 30, bob: 10, carol: 20 }));
    console.log('zincrby bob 25 ->', await r.zincrby(key, 25, 'bob'));
    console.log('zrange withscores ->', await r.zrange(key, 0, -1, { withscores: true }));
    console.log('zrevrange top 2 ->', await r.zrevrange(key, 0, 1));
    console.log('zscore carol ->', await r.zscore(key, 'carol'), 'zrank carol ->', await r.zrank(key, 'carol'));
    console.log('zrangebyscore 15..40 ->', await r.zrangebyscore(key, 15, 40));
    console.log('zcard ->', await r.zcard(key));
    await r.delete(key);
  } finally {
    await r.close();
  }
}

runWithServer(import.meta.url, main);
