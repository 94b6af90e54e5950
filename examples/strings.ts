/** Strings: SET/GET with options, counters, several keys at once. `tsx examples/strings.ts [redis://url | host:port]` */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  try {
    console.log('set name itheima ->', await r.set('ex:str:name', 'itheima')); // true, as in redis-py
    console.log('get name ->', await r.get('ex:str:name'));
    console.log('set nx (exists) ->', await r.set('ex:str:name', 'other', { nx: true })); // not set: the key exists
    console.log('set with ex=60 ->', await r.set('ex:str:session', 'token', { ex: 60 }));
    console.log('incr visits ->', await r.incr('ex:str:visits'), await r.incrby('ex:str:visits', 10));
    console.log('append ->', await r.append('ex:str:name', '-edu'), await r.get('ex:str:name'));
    await r.mset({ 'ex:str:a': '1', 'ex:str:b': '2' });
    console.log('mget a b missing ->', await r.mget('ex:str:a', 'ex:str:b', 'ex:str:missing'));
    await r.delete('ex:str:name', 'ex:str:session', 'ex:str:visits', 'ex:str:a', 'ex:str:b');
  } finally {
    await r.close();
  }
}

runWithServer(import.meta.url, main);
