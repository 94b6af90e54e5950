/**
 * redis-py's test_auth and test_acl_log, and ACL LOAD/SAVE, on a private server: they change the default user's
 * password and reset the ACL log, which the shared test servers must never see. Also what strict-redis adds: AUTH,
 * SELECT and CLIENT SETNAME survive reconnects, and pooled connections follow them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisProcess } from '../../src/admin/redis-process.js';
import { AuthenticationError, NoPermissionError, StrictRedis } from '../../src/index.js';

let server: RedisProcess;
let dir: string;
const opened: StrictRedis[] = [];

function client(options: ConstructorParameters<typeof StrictRedis>[0] = {}): StrictRedis {
  const c = new StrictRedis({ host: '127.0.0.1', port: server.port, ...options }) as StrictRedis;
  opened.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e,
  );
}

/** Kills the client's shared connection from another connection, so the next command reconnects. */
async function killSharedConnection(admin: StrictRedis, victim: StrictRedis): Promise<void> {
  const id = await victim.client_id();
  expect(await admin.client_kill_filter({ _id: id })).toBe(1);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redis-py-auth-'));
  const aclfile = join(dir, 'users.acl');
  await writeFile(aclfile, 'user default on nopass ~* &* +@all\n');
  server = await RedisProcess.start({ dir, extraArgs: ['--aclfile', aclfile] });
});

afterAll(async () => {
  for (const c of opened) c.disconnect();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe.each([2, 3] as const)('on a private server, RESP%i', (protocol) => {
  it('test_auth: AuthenticationError without a configured password, then default and named users', async () => {
    const r = client({ protocol });
    await expect(r.auth('some_password')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(r.auth('some_password', 'some_user')).rejects.toBeInstanceOf(AuthenticationError);
    const tempPass = `temp_pass_${protocol}`;
    const username = `redis-py-auth-${protocol}`;
    expect(await r.config_set('requirepass', tempPass)).toBe(true);
    try {
      expect(await r.auth(tempPass, 'default')).toBe(true);
      expect(await r.auth(tempPass)).toBe(true);
      // biome-ignore format: redis-py's call
      expect(await r.acl_setuser(username, { enabled: true, passwords: ['+strong_password'], commands: ['+acl'] })).toBe(true);
      expect(await r.auth('strong_password', username)).toBe(true);
      expect(await r.acl_whoami()).toBe(username);
      const wrong = await failure(r.auth('wrong_password', username));
      expect(wrong).toBeInstanceOf(AuthenticationError);
      expect(`${wrong.message}${wrong.stack}${inspect(wrong)}`).not.toContain('wrong_password');
      // A refused AUTH leaves the connection as it was.
      expect(await r.acl_whoami()).toBe(username);
      expect(inspect(r)).not.toContain('strong_password');
    } finally {
      const admin = client({ protocol, password: tempPass });
      await admin.config_set('requirepass', '');
      await admin.acl_deluser(username);
    }
  });

  it('AUTH on the client changes what reconnects and pooled connections authenticate as', async () => {
    const username = `redis-py-reauth-${protocol}`;
    const admin = client({ protocol });
    // biome-ignore format: one rule set
    await admin.acl_setuser(username, { enabled: true, reset: true, passwords: ['+pw1'], categories: ['+@all'], keys: ['*'] });
    try {
      const r = client({ protocol });
      expect(await r.acl_whoami()).toBe('default');
      expect(await r.auth('pw1', username)).toBe(true);
      await killSharedConnection(admin, r);
      expect(await r.acl_whoami()).toBe(username);
      // A blocking command takes a pooled connection: it authenticates as the same user.
      expect(await r.blpop(`auth-test-${protocol}`, 0.05)).toBeNull();
      const users = (await admin.client_list()).filter((c) => c.user === username);
      expect(users.length).toBeGreaterThanOrEqual(2);
      // Back to the default user (nopass accepts any password).
      expect(await r.auth('anything', 'default')).toBe(true);
      await killSharedConnection(admin, r);
      expect(await r.acl_whoami()).toBe('default');
    } finally {
      await admin.acl_deluser(username);
    }
  });

  it('test_acl_log (filtered to this server), the same shape in RESP2 and RESP3', async () => {
    const r = client({ protocol });
    const username = `redis-py-log-${protocol}`;
    // biome-ignore format: redis-py's call
    await r.acl_setuser(username, { enabled: true, reset: true, commands: ['+get', '+set', '+select'], keys: ['cache:*'], nopass: true });
    try {
      expect(await r.acl_log_reset()).toBe(true);
      const userClient = client({ protocol, username, password: 'any' });
      expect(await userClient.set('cache:0', 1)).toBe(true);
      expect(await userClient.get('cache:0')).toBe('1');
      await expect(userClient.get('violated_cache:0')).rejects.toBeInstanceOf(NoPermissionError);
      await expect(userClient.hset('cache:0', 'hkey', 'hval')).rejects.toBeInstanceOf(NoPermissionError);
      // redis-py counts 3 entries: its handshake's CLIENT SETINFO is refused too; this client's handshake sends none.
      const log = await r.acl_log();
      expect(log).toHaveLength(2);
      expect(await r.acl_log(1)).toHaveLength(1);
      const [entry] = await r.acl_log(1);
      expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
      expect(entry.username).toBe(username);
      expect(entry.count).toBe(1);
      expect(typeof entry['age-seconds']).toBe('number');
      expect(['command', 'key']).toContain(entry.reason);
      const info = entry['client-info'] as Record<string, string | number>;
      expect(typeof info.id).toBe('number');
      expect(info.user).toBe(username);
      expect(log.map((e) => `${e.reason} ${e.object}`).sort()).toEqual(['command hset', 'key violated_cache:0']);
    } finally {
      await r.acl_deluser(username);
    }
  });

  it('acl_save and acl_load with an ACL file', async () => {
    const r = client({ protocol });
    const username = `redis-py-saved-${protocol}`;
    await r.acl_setuser(username, { reset: true, keys: ['saved:*'] });
    expect(await r.acl_save()).toBe(true);
    await r.acl_deluser(username);
    expect(await r.acl_getuser(username)).toBeNull();
    expect(await r.acl_load()).toBe(true);
    expect((await r.acl_getuser(username))!.keys).toEqual(['~saved:*']);
    await r.acl_deluser(username);
    expect(await r.acl_save()).toBe(true);
  });

  it('client_setname and select survive reconnects and reach pooled connections', async () => {
    const admin = client({ protocol });
    const r = client({ protocol });
    const name = `renamed-${protocol}`;
    expect(await r.client_setname(name)).toBe(true);
    expect(await r.select(3)).toBe(true);
    await r.set('db3-key', 'here');
    await killSharedConnection(admin, r);
    expect(await r.client_getname()).toBe(name);
    expect(await r.get('db3-key')).toBe('here');
    expect((await r.client_info()).db).toBe(3);
    expect(await r.blpop('nothing-here', 0.05)).toBeNull();
    expect((await admin.client_list()).filter((c) => c.name === name).length).toBeGreaterThanOrEqual(2);
    // '' removes the name, for reconnects too.
    expect(await r.client_setname('')).toBe(true);
    await killSharedConnection(admin, r);
    expect(await r.client_getname()).toBeNull();
    await r.delete('db3-key');
  });
});
