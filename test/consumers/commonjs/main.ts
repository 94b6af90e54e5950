import { RedisError, StrictRedis } from 'strict-redis';
import { ClusterAdminError, formatRanges } from 'strict-redis/admin';
import type { DockerOptions } from 'strict-redis/testing';

async function main(): Promise<void> {
  const r = new StrictRedis({ port: Number(process.env.REDIS_PORT) });
  try {
    const tuple: [number, string | null] = await r.pipeline().incr('consumer:cjs').get('consumer:cjs').execute();
    await r.delete('consumer:cjs');
    const options: DockerOptions = { network: 'host' };
    console.log(
      JSON.stringify({
        tuple,
        ranges: formatRanges([[0, 5]]),
        errors: new ClusterAdminError('x') instanceof RedisError,
        network: options.network,
      }),
    );
  } finally {
    await r.close();
  }
}

void main();
