/**
 * ACL users on the shared standalone server: typed NOPERM errors for denied commands and keys, AUTH with a username
 * over RESP2 (AUTH user pass) and RESP3 (HELLO 3 AUTH user pass), and authentication failures that never show the
 * password. Users are unique to this run and deleted afterwards.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthenticationError, NoPermissionError, StrictRedis } from '../../src/index.js';

const P = 'acl-test:';
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const USER = `acl-test-user-${RUN}`;
const OFF_USER = `acl-test-off-${RUN}`;
const PASSWORD = `S3cr3t-acl-pw-${RUN}`;
const { host, port } = inject('redis').standalone;

let admin: StrictRedis;
const opened: StrictRedis[] = [];

function client(options: ConstructorParameters<typeof StrictRedis>[0]): StrictRedis {
  const c = new StrictRedis({ host, port, retry: false, ...options }) as StrictRedis;
  opened.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

function texts(error: unknown): string {
  const parts = [inspect(error, { depth: 20, showHidden: true })];
  for (let e = error; e instanceof Error; e = e.cause) parts.push(e.message, e.stack ?? '');
  return parts.join('\n');
}

beforeAll(async () => {
  admin = new StrictRedis({ host, port }) as StrictRedis;
  // biome-ignore format: one ACL rule per word reads best on a line
  await admin.execute_command('ACL', 'SETUSER', USER, 'reset', 'on', `>${PASSWORD}`, `~${P}*`, '+get', '+set', '+ping', '+acl|whoami', '-del');
  await admin.execute_command('ACL', 'SETUSER', OFF_USER, 'reset', 'off', `>${PASSWORD}`, `~${P}*`, '+get');
});

afterAll(async () => {
  for (const c of opened) c.disconnect();
  await admin?.execute_command('ACL', 'DELUSER', USER, OFF_USER);
  await admin?.close();
});

describe.each([2, 3] as const)('RESP%i', (protocol) => {
  it('authenticates with username and password and runs permitted commands', async () => {
    const c = client({ username: USER, password: PASSWORD, protocol });
    expect(await c.set(`${P}k${protocol}`, 'v')).toBe(true);
    expect(await c.get(`${P}k${protocol}`)).toBe('v');
    expect(await c.execute_command('ACL', 'WHOAMI')).toBe(USER);
    expect(inspect(c)).not.toContain(PASSWORD);
  });

  it('a denied command rejects with NoPermissionError and the connection goes on', async () => {
    const c = client({ username: USER, password: PASSWORD, protocol });
    const error = await failure(c.delete(`${P}k${protocol}`));
    expect(error).toBeInstanceOf(NoPermissionError);
    expect((error as NoPermissionError).code).toBe('NOPERM');
    expect(await c.ping()).toBe(true);
  });

  it('a denied key rejects with NoPermissionError', async () => {
    const c = client({ username: USER, password: PASSWORD, protocol });
    const error = await failure(c.get(`elsewhere:${protocol}`));
    expect(error).toBeInstanceOf(NoPermissionError);
    expect(texts(error)).not.toContain(PASSWORD);
  });

  it('a wrong password gives AuthenticationError that never shows a password', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const c = client({ username: USER, password: wrong, protocol });
    const events: Error[] = [];
    c.on('error', (e: Error) => events.push(e));
    const error = await failure(c.get(`${P}k`));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(texts(error)).not.toContain(wrong);
    expect(texts(error)).not.toContain(PASSWORD);
    expect(inspect(c, { depth: 20 })).not.toContain(PASSWORD);
    for (const e of events) expect(texts(e)).not.toContain(PASSWORD);
  });

  it('a disabled user gives AuthenticationError', async () => {
    const c = client({ username: OFF_USER, password: PASSWORD, protocol });
    const error = await failure(c.get(`${P}k`));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(texts(error)).not.toContain(PASSWORD);
  });
});
