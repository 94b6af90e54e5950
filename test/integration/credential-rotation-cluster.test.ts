/**
 * The rotation test on a cluster of this file's own: the ACL user exists on every node, its password is rotated
 * every 2 s for 20 s on all of them, and a StrictRedisCluster with a credential provider runs commands on every
 * master, transactions on pooled connections, sharded pub/sub, and new cluster clients keep connecting. No command
 * may fail, and every master's connection must re-authenticate.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StrictRedisCluster } from '../../src/index.js';
import { runLoad } from '../harness/load.js';
import { type PrivateCluster, startPrivateCluster } from '../harness/local-backend.js';
import { rawCommand, rawInfo } from '../harness/raw.js';
import { PasswordRotation } from '../harness/rotation.js';

const P = 'cred-rotation-cluster:';
let cluster: PrivateCluster;

beforeAll(async () => {
  cluster = await startPrivateCluster();
});

afterAll(async () => {
  await cluster?.stop();
});

async function authCalls(port: number): Promise<number> {
  const stats = await rawInfo(port, ['INFO', 'commandstats']);
  return Number(/calls=(\d+)/.exec(stats.cmdstat_auth ?? '')?.[1] ?? 0);
}

it('cluster: 0 failed commands over 20 s of rotations on every node; every master re-authenticates', async () => {
  const rotation = new PasswordRotation(async (args) => {
    await Promise.all(cluster.nodes.map(async (n) => expect(await rawCommand(n.port, args)).toBe('OK')));
  });
  await rotation.create();
  const seed = cluster.nodes[0];
  const options = { startup_nodes: [{ host: seed.host, port: seed.port }], credential_provider: rotation.provider };
  const rc = new StrictRedisCluster(options);
  const events: Error[] = [];
  rc.on('error', (err) => events.push(err));
  await rc.connect();
  const masters = cluster.nodes.filter((n) => n.role === 'master');
  const before = await Promise.all(masters.map((m) => authCalls(m.port)));
  const keys = Array.from({ length: 96 }, (_, i) => `${P}k:${i}`);
  let received = 0;
  const pubsub = rc.pubsub();
  await pubsub.ssubscribe({ [`${P}{shard}`]: () => received++ });
  let published = 0;

  const loads = [
    runLoad(16, (w, n) => {
      const key = keys[(w * 7 + n) % keys.length];
      return n % 3 === 0 ? rc.incr(key) : n % 3 === 1 ? rc.get(key) : rc.set(key, String(n));
    }),
    runLoad(2, (w) => rc.pipeline({ transaction: true }).incr(`${P}{tx}:${w}`).get(`${P}{tx}:${w}`).execute()),
    runLoad(1, async () => {
      await rc.spublish(`${P}{shard}`, 'm');
      published++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }),
    // New clients keep connecting (HELLO 3, so that the AUTH counts below are the main client's).
    runLoad(1, async () => {
      const fresh = new StrictRedisCluster({ ...options, protocol: 3 });
      try {
        await fresh.set(`${P}fresh`, '1');
      } finally {
        await fresh.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }),
  ];

  await rotation.run(20_000, 2000);
  const results = await Promise.all(loads.map((l) => l.stop()));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = await Promise.all(masters.map((m) => authCalls(m.port)));
  const ops = results.reduce((sum, r) => sum + r.ops, 0);
  const errors = results.flatMap((r) => r.errors);
  console.log(
    `cluster rotation: ${rotation.rotations} rotations, ${ops} commands, ${errors.length} failed, provider asked ` +
      `${rotation.calls} times, AUTH per master ${after.map((a, i) => a - before[i]).join('/')}, ` +
      `${received}/${published} messages`,
  );

  expect(rotation.rotations).toBe(10);
  expect(errors).toEqual([]);
  expect(events).toEqual([]);
  expect(ops).toBeGreaterThan(1000);
  expect(received).toBe(published);
  // Every master's shared connection re-authenticated on every rotation (a few more AUTHs are handshakes).
  for (let i = 0; i < masters.length; i++) expect(after[i] - before[i]).toBeGreaterThanOrEqual(rotation.rotations);
  await rc.delete(...keys, `${P}{tx}:0`, `${P}{tx}:1`, `${P}fresh`);
  await pubsub.close();
  await rc.close();
}, 120_000);
