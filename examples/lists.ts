/** Lists: queues and stacks. `tsx examples/lists.ts [redis://url | host:port]` */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  try {
    const key = 'ex:list:queue';
    console.log('rpush a b c ->', await r.rpush(key, 'a', 'b', 'c'));
    console.log('lpush z ->', await r.lpush(key, 'z'));
    console.log('lrange 0 -1 ->', await r.lrange(key, 0, -1));
    console.log('linsert before b ->', await r.linsert(key, 'BEFORE', 'b', 'a2'));
    console.log('lindex 1 ->', await r.lindex(key, 1), 'llen ->', await r.llen(key));
    console.log('lpop ->', await r.lpop(key), 'rpop ->', await r.rpop(key));
    console.log('ltrim 0 1 ->', await r.ltrim(key, 0, 1), await r.lrange(key, 0, -1));
    await r.delete(key);
  } finally {
    await r.close();
  }
}

runWithServer(import.meta.url, main);
