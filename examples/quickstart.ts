/**
 * The quick start: StrictRedisCluster with startup nodes, as in redis-py-cluster. `npm run demo` runs it against a
 * throwaway local cluster; `tsx examples/quickstart.ts host:port` runs it against yours.
 */
import { type StartupNode, StrictRedisCluster } from '../src/index.js';
import { runWithCluster, startupNodes, type Target } from './support.js';

export async function main(target: Target | StartupNode[]): Promise<void> {
  const rc = new StrictRedisCluster({ startup_nodes: startupNodes(target) });
  try {
    console.log("rc.set('name', 'itheima') ->", await rc.set('name', 'itheima'));
    console.log("rc.get('name') ->", await rc.get('name'));
    const where = await rc.nodeForKey('name');
    console.log(`'name' lives in slot ${where?.slot} on ${where?.host}:${where?.port}`);

    console.log("rc.hset('qs:user', …) ->", await rc.hset('qs:user', { name: 'itheima', lang: 'typescript' }));
    console.log("rc.hgetall('qs:user') ->", await rc.hgetall('qs:user'));
    console.log("rc.rpush('qs:list', 'a', 'b', 'c') ->", await rc.rpush('qs:list', 'a', 'b', 'c'));
    console.log("rc.lrange('qs:list', 0, -1) ->", await rc.lrange('qs:list', 0, -1));
    console.log("rc.sadd('qs:set', 'x', 'y') ->", await rc.sadd('qs:set', 'x', 'y'));
    console.log("rc.smembers('qs:set') ->", [...(await rc.smembers('qs:set'))].sort());
    console.log("rc.zadd('qs:zset', { a: 1, b: 2 }) ->", await rc.zadd('qs:zset', { a: 1, b: 2 }));
    console.log("rc.zrange('qs:zset', 0, -1, withscores) ->", await rc.zrange('qs:zset', 0, -1, { withscores: true }));
    console.log('delete ->', await rc.delete('name', 'qs:user', 'qs:list', 'qs:set', 'qs:zset'));
  } finally {
    await rc.close();
  }
}

runWithCluster(import.meta.url, main);
