import { ConnectionError, RedisError, StrictRedis, StrictRedisCluster } from 'strict-redis';
import { ClusterAdminError, checkCluster } from 'strict-redis/admin';
import type { DockerCluster } from 'strict-redis/testing';

const port = Number(process.env.REDIS_PORT);
const clusterPort = Number(process.env.REDIS_CLUSTER_PORT);

const r = new StrictRedis({ port });
const rc = new StrictRedisCluster({ startup_nodes: [{ host: '127.0.0.1', port: clusterPort }] });
try {
  const tuple: [boolean, string | null] = await r
    .pipeline()
    .set('consumer:nodenext', 'v')
    .get('consumer:nodenext')
    .execute();
  const clusterTuple: [boolean, string | null] = await rc
    .pipeline()
    .set('consumer:nodenext', 'c')
    .get('consumer:nodenext')
    .execute();
  await r.hset('consumer:nodenext:h', { name: 'ann' });
  const hash: Record<string, string> = await r.hgetall('consumer:nodenext:h');
  const report = await checkCluster({ host: '127.0.0.1', port: clusterPort });
  const docker: DockerCluster | undefined = undefined;
  await r.delete('consumer:nodenext', 'consumer:nodenext:h');
  await rc.delete('consumer:nodenext');
  console.log(
    JSON.stringify({
      tuple,
      clusterTuple,
      hash,
      plainObject: Object.getPrototypeOf(hash) === Object.prototype,
      clusterOk: report.ok,
      errors: new ClusterAdminError('x') instanceof RedisError && typeof ConnectionError === 'function',
      docker: docker === undefined,
    }),
  );
} finally {
  await r.close();
  await rc.close();
}
