/** Hashes: one object per key. `tsx examples/hashes.ts [redis://url | host:port]` */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  try {
    const key = 'ex:hash:user:1';
    console.log('hset mapping ->', await r.hset(key, { name: 'itheima', city: 'Beijing' }));
    console.log('hset field ->', await r.hset(key, 'age', 18));
    console.log('hget name ->', await r.hget(key, 'name'));
    console.log('hmget name age missing ->', await r.hmget(key, ['name', 'age', 'missing']));
    console.log('hincrby age 1 ->', await r.hincrby(key, 'age', 1));
    console.log('hgetall ->', await r.hgetall(key));
    console.log('hkeys ->', await r.hkeys(key), 'hlen ->', await r.hlen(key));
    console.log('hdel city ->', await r.hdel(key, 'city'));
    await r.delete(key);
  } finally {
    await r.close();
  }
}

runWithServer(import.meta.url, main);
