import { StrictRedis } from 'strict-redis';

const r = new StrictRedis({ port: Number(process.env.REDIS_PORT) });
try {
  console.log(JSON.stringify({ pong: await r.ping() }));
} finally {
  await r.close();
}
