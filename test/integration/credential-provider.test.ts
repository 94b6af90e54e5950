/**
 * credential_provider in detail, on a server of this file's own with two ACL users (and scripted servers for the
 * exact handshake): the forms a provider may take, re-authentication of live connections (a provider that switches
 * users proves it: ACL WHOAMI changes on the same connection), connections lent to a transaction re-authenticated only
 * once they are back, streaming providers, and failures reported as AuthenticationError events that never show a
 * password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisProcess } from '../../src/admin/redis-process.js';
import {
  AuthenticationError,
  type CredentialsResult,
  DataError,
  type ProvidedCredentials,
  StrictRedis,
  StrictRedisCluster,
} from '../../src/index.js';
import { FakeServer, standardReply } from '../harness/fake-server.js';
import { rawCommand, waitFor } from '../harness/raw.js';

const PASSWORD_A = 'alpha-secret-1';
const PASSWORD_B = 'bravo-secret-2';
let dir: string;
let server: RedisProcess;
const clients: Array<{ close(): Promise<unknown> }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sr-credentials-'));
  server = await RedisProcess.start({ dir });
  for (const [user, pass] of [
    ['alpha', PASSWORD_A],
    ['bravo', PASSWORD_B],
  ]) {
    expect(await rawCommand(server.port, ['ACL', 'SETUSER', user, 'on', `>${pass}`, '~*', '&*', '+@all'])).toBe('OK');
  }
});

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function client(options: ConstructorParameters<typeof StrictRedis>[0]): StrictRedis {
  const c = new StrictRedis({ host: server.host, port: server.port, ...options }) as StrictRedis;
  clients.push(c);
  return c;
}

/** A streaming provider: `push` announces new credentials, `fail` a background failure. */
function streaming(first: CredentialsResult) {
  let current = first;
  let next: ((c: CredentialsResult) => void) | undefined;
  let error: ((e: Error) => void) | undefined;
  return {
    provider: {
      get_credentials: () => current,
      on_next: (listener: (c: CredentialsResult) => void) => {
        next = listener;
      },
      on_error: (listener: (e: Error) => void) => {
        error = listener;
      },
    },
    push(credentials: CredentialsResult) {
      current = credentials;
      next?.(credentials);
    },
    fail(e: Error) {
      error?.(e);
    },
  };
}

describe('provider forms and the handshake', () => {
  it.each([
    [
      'a function returning { username, password }',
      () => ({ username: 'app', password: 'pw-1' }),
      ['AUTH', 'app', 'pw-1'],
    ],
    ['an async function', async () => ({ username: 'app', password: 'pw-2' }), ['AUTH', 'app', 'pw-2']],
    [
      'get_credentials() returning [username, password]',
      { get_credentials: () => ['app', 'pw-3'] as const },
      ['AUTH', 'app', 'pw-3'],
    ],
    ['get_credentials() returning [password]', { get_credentials: () => ['pw-4'] as const }, ['AUTH', 'pw-4']],
  ])('%s', async (_name, provider, expected) => {
    const fake = await FakeServer.start((args) => standardReply(args) ?? '+OK\r\n');
    const c = new StrictRedis({ host: fake.host, port: fake.port, credential_provider: provider });
    try {
      expect(await c.set('k', 'v')).toBe(true);
      expect(fake.commands[0]).toEqual(expected);
    } finally {
      c.disconnect();
      await fake.close();
    }
  });

  it('refuses username/password together with a provider, and a provider of the wrong shape', () => {
    expect(() => new StrictRedis({ password: 'x', credential_provider: () => ({ password: 'y' }) })).toThrow(DataError);
    expect(
      () => new StrictRedis({ credential_provider: { credentials: 1 } as unknown as () => ProvidedCredentials }),
    ).toThrow(DataError);
  });

  it('asks the provider for every new connection', async () => {
    let calls = 0;
    const c = client({
      credential_provider: () => {
        calls++;
        return { username: 'alpha', password: PASSWORD_A };
      },
    });
    await c.ping();
    await c.pipeline({ transaction: true }).ping().execute(); // a pooled connection
    expect(calls).toBe(2);
  });
});

describe('re-authentication of live connections', () => {
  it('before the credentials expire: the same connection switches to what the provider says now', async () => {
    let user = { username: 'alpha', password: PASSWORD_A };
    const c = client({ credential_provider: () => ({ ...user, expires_at: Date.now() + 400 }) });
    expect(await c.acl_whoami()).toBe('alpha');
    const id = await c.client_id();
    user = { username: 'bravo', password: PASSWORD_B };
    await waitFor('re-authentication as bravo', async () => (await c.acl_whoami()) === 'bravo', 5000);
    expect(await c.client_id()).toBe(id);
  });

  it('a streaming provider: at once, on every connection including a RESP3 subscriber', async () => {
    const stream = streaming({ username: 'alpha', password: PASSWORD_A });
    const c = client({ credential_provider: stream.provider, protocol: 3 });
    const pubsub = c.pubsub();
    const messages: string[] = [];
    await pubsub.subscribe({ 'cred:ch': (m) => messages.push(String(m.data)) });
    expect(await c.acl_whoami()).toBe('alpha');
    const before = await rawCommand(server.port, ['CLIENT', 'LIST', 'TYPE', 'pubsub']);
    expect(String(before)).toContain('user=alpha');
    stream.push({ username: 'bravo', password: PASSWORD_B });
    expect(await c.acl_whoami()).toBe('bravo');
    await waitFor('the subscriber to re-authenticate', async () =>
      String(await rawCommand(server.port, ['CLIENT', 'LIST', 'TYPE', 'pubsub'])).includes('user=bravo'),
    );
    await c.publish('cred:ch', 'after');
    await waitFor('the message', async () => messages.includes('after'));
    await pubsub.close();
  });

  it('a connection lent to a transaction gets its AUTH only once it is back (never inside MULTI)', async () => {
    const stream = streaming({ username: 'alpha', password: PASSWORD_A });
    const c = client({ credential_provider: stream.provider, max_connections: 1 });
    await c.transaction(async (pipe) => {
      expect(await pipe.acl_whoami()).toBe('alpha');
      stream.push({ username: 'bravo', password: PASSWORD_B });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await pipe.acl_whoami()).toBe('alpha');
      pipe.multi();
      pipe.set('cred:tx', '1');
    }, 'cred:tx');
    // The same pooled connection (max_connections 1), now re-authenticated.
    await c.transaction(async (pipe) => {
      expect(await pipe.acl_whoami()).toBe('bravo');
      pipe.multi();
      pipe.delete('cred:tx');
    }, 'cred:tx');
  });
});

describe('failures are AuthenticationError events, without the password', () => {
  it('a refused re-AUTH: an error event; the connection stays logged in and keeps working', async () => {
    const stream = streaming({ username: 'alpha', password: PASSWORD_A });
    const c = client({ credential_provider: stream.provider });
    const events: Error[] = [];
    c.on('error', (err) => events.push(err));
    expect(await c.acl_whoami()).toBe('alpha');
    stream.push({ username: 'bravo', password: 'not-the-password' });
    await waitFor('the error event', async () => events.length > 0, 5000);
    expect(events[0]).toBeInstanceOf(AuthenticationError);
    expect(inspect(events[0], { depth: 10 })).not.toContain('not-the-password');
    expect(events[0].message).not.toContain('not-the-password');
    expect(await c.acl_whoami()).toBe('alpha');
  });

  it('a provider that throws: an error event (streaming) or a failed connect (AuthenticationError)', async () => {
    const stream = streaming({ username: 'alpha', password: PASSWORD_A });
    const c = client({ credential_provider: stream.provider });
    const events: Error[] = [];
    c.on('error', (err) => events.push(err));
    await c.ping();
    stream.fail(new Error('token service unavailable'));
    expect(events[0]).toBeInstanceOf(AuthenticationError);
    expect(events[0].message).toContain('token service unavailable');
    expect(await c.ping()).toBe(true);

    const broken = client({
      credential_provider: () => {
        throw new Error('no token');
      },
      retry: false,
    });
    const error = await broken.ping().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('no token');
  });

  it('nothing shows the credentials: client, errors, JSON', async () => {
    const c = client({ credential_provider: () => ({ username: 'alpha', password: PASSWORD_A }) });
    await c.ping();
    expect(inspect(c, { depth: 20, showHidden: true })).not.toContain(PASSWORD_A);
    expect(JSON.stringify(c)).not.toContain(PASSWORD_A);
    const wrong = client({ credential_provider: () => ({ username: 'alpha', password: 'wrong-one' }), retry: false });
    const error = await wrong.ping().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(inspect(error, { depth: 20 })).not.toContain('wrong-one');
  });

  it('cluster clients accept the option and refuse it with username/password', () => {
    expect(
      () =>
        new StrictRedisCluster({
          startup_nodes: [{ host: '127.0.0.1', port: 7000 }],
          username: 'u',
          credential_provider: () => ({ password: 'p' }),
        }),
    ).toThrow(DataError);
  });
});
