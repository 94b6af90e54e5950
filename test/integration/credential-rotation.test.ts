/**
 * An ACL user's password is rotated every 2 s for 20 s (new password added, provider switched, old one removed a
 * second later) while a client using a credential provider runs ordinary commands, transactions and blocking
 * commands on pooled connections, pub/sub, and new clients keep connecting: no command may fail, and live
 * connections must re-authenticate (the provider's credentials expire after 2 s). On a server of this file's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisProcess } from '../../src/admin/redis-process.js';
import { StrictRedis } from '../../src/index.js';
import { runLoad } from '../harness/load.js';
import { rawCommand, rawInfo } from '../harness/raw.js';
import { PasswordRotation } from '../harness/rotation.js';

const P = 'cred-rotation:';
let dir: string;
let server: RedisProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sr-rotation-'));
  server = await RedisProcess.start({ dir });
});

afterAll(async () => {
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function authCalls(port: number): Promise<number> {
  const stats = await rawInfo(port, ['INFO', 'commandstats']);
  return Number(/calls=(\d+)/.exec(stats.cmdstat_auth ?? '')?.[1] ?? 0);
}

it('standalone: 0 failed commands over 20 s of rotations; live connections re-authenticate', async () => {
  const rotation = new PasswordRotation(async (args) => {
    expect(await rawCommand(server.port, args)).toBe('OK');
  });
  await rotation.create();
  const address = { host: server.host, port: server.port };
  // RESP2 for the main client: its handshakes and re-authentications are AUTH commands, counted below.
  const client = new StrictRedis({ ...address, credential_provider: rotation.provider });
  const subscriber = new StrictRedis({ ...address, protocol: 3, credential_provider: rotation.provider });
  const events: Error[] = [];
  client.on('error', (err) => events.push(err));
  subscriber.on('error', (err) => events.push(err));
  let received = 0;
  const pubsub = subscriber.pubsub();
  await pubsub.subscribe({ [`${P}channel`]: () => received++ });
  const authBefore = await authCalls(server.port);
  let published = 0;

  const loads = [
    // Ordinary commands on the shared connection.
    runLoad(16, (w, n) => {
      const key = `${P}k:${(w * 7 + n) % 64}`;
      return n % 3 === 0 ? client.incr(key) : n % 3 === 1 ? client.get(key) : client.set(key, String(n));
    }),
    // Transactions and blocking commands: pooled connections (their re-AUTH waits until they are returned).
    runLoad(2, (w) => client.pipeline({ transaction: true }).incr(`${P}tx:${w}`).get(`${P}tx:${w}`).execute()),
    runLoad(2, (w) => client.blpop(`${P}list:${w}`, 0.05)),
    runLoad(1, async () => {
      await client.publish(`${P}channel`, 'm');
      published++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }),
    // New clients keep connecting with whatever the provider says now (HELLO, so AUTH counts stay the main client's).
    runLoad(1, async () => {
      const fresh = new StrictRedis({ ...address, protocol: 3, credential_provider: rotation.provider });
      try {
        await fresh.ping();
      } finally {
        await fresh.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }),
  ];

  await rotation.run(20_000, 2000);
  const results = await Promise.all(loads.map((l) => l.stop()));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const authAfter = await authCalls(server.port);
  const ops = results.reduce((sum, r) => sum + r.ops, 0);
  const errors = results.flatMap((r) => r.errors);
  console.log(
    `rotation: ${rotation.rotations} rotations, ${ops} commands, ${errors.length} failed, provider asked ` +
      `${rotation.calls} times, ${authAfter - authBefore} AUTH commands, ${received}/${published} messages`,
  );

  expect(rotation.rotations).toBe(10);
  expect(errors).toEqual([]);
  expect(events).toEqual([]);
  expect(ops).toBeGreaterThan(1000);
  // The subscriber never lost its connection: every message arrived.
  expect(received).toBe(published);
  // Re-authentication of live connections, at least the shared one on every rotation (a handful of AUTHs are the
  // handshakes of pooled connections).
  expect(authAfter - authBefore).toBeGreaterThanOrEqual(rotation.rotations + 8);
  // The connections still work with the newest password, and no password shows in what a log would print.
  expect(await client.acl_whoami()).toBe(rotation.username);
  for (const password of rotation.issued) {
    expect(inspect(client, { depth: 20 })).not.toContain(password);
    expect(JSON.stringify(client)).not.toContain(password);
  }
  await client.delete(...Array.from({ length: 64 }, (_, i) => `${P}k:${i}`), `${P}tx:0`, `${P}tx:1`);
  await pubsub.close();
  await Promise.all([client.close(), subscriber.close()]);
}, 90_000);
