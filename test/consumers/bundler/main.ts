import { StrictRedis, StrictRedisCluster } from 'strict-redis';
import { parseClusterNodes } from 'strict-redis/admin';

const port = Number(process.env.REDIS_PORT);
const clusterPort = Number(process.env.REDIS_CLUSTER_PORT);

const r = new StrictRedis({ port });
const rc = new StrictRedisCluster({ startup_nodes: [{ host: '127.0.0.1', port: clusterPort }] });
try {
  const tuple: [boolean, string | null] = await r
    .pipeline()
    .set('consumer:bundler', 'v')
    .get('consumer:bundler')
    .execute();
  const clusterTuple: [number, string | null] = await rc
    .pipeline({ transaction: true })
    .incr('{consumer:bundler}n')
    .get('{consumer:bundler}n')
    .execute();
  const nodes = parseClusterNodes((await rc.execute_command('CLUSTER', 'NODES', { target_nodes: 'random' })) as string);
  await r.delete('consumer:bundler');
  await rc.delete('{consumer:bundler}n');
  console.log(JSON.stringify({ tuple, clusterTuple, nodes: nodes.length }));
} finally {
  await r.close();
  await rc.close();
}
