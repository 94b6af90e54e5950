/** Option spellings, URLs, bad options, and keeping passwords out of everything printable. */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthenticationError, DataError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `sr-opt:${process.pid}:`;
const USER = `sr_opt_user_${process.pid}`;
const PASSWORD = `pw-${process.pid}-S3cr3t!x`;
let admin: StrictRedis;

beforeAll(async () => {
  admin = new StrictRedis({ host: standalone.host, port: standalone.port });
  expect(await admin.execute_command('ACL', 'SETUSER', USER, 'on', `>${PASSWORD}`, '~*', '&*', '+@all')).toBe('OK');
});
afterAll(async () => {
  await admin.execute_command('ACL', 'DELUSER', USER);
  const keys = await admin.keys(`${P}*`);
  if (keys.length > 0) await admin.delete(keys);
  await admin.close();
});

/** Everything a user might print about an error. */
function printed(err: unknown): string {
  const e = err as Error;
  return [e.message, e.stack ?? '', inspect(e, { depth: 5 }), String(e.cause ?? '')].join('\n');
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('option spellings', () => {
  it('accepts snake_case, camelCase and numeric-string ports', async () => {
    const snake = new StrictRedis({ host: standalone.host, port: String(standalone.port), client_name: `${P}snake` });
    const camel = new StrictRedis({
      host: standalone.host,
      port: `${standalone.port}`,
      clientName: `${P}camel`,
      socketTimeout: 5,
      socketConnectTimeout: 5,
      maxOfflineQueue: 10,
    });
    try {
      expect(await snake.execute_command('CLIENT', 'GETNAME')).toBe(`${P}snake`);
      expect(await camel.execute_command('CLIENT', 'GETNAME')).toBe(`${P}camel`);
      expect(camel.normalized.connection.commandTimeoutMs).toBe(5000);
      expect(camel.normalized.connection.maxOfflineQueue).toBe(10);
    } finally {
      await Promise.all([snake.close(), camel.close()]);
    }
  });

  it('rejects bad options with DataError', () => {
    const bad: Array<Record<string, unknown>> = [
      { port: 'abc' },
      { port: 70000 },
      { port: '12.5' },
      { db: -1 },
      { db: 'x' },
      { socket_timeout: -1 },
      { socket_timeout: 'x' },
      { protocol: 4 },
      { max_connections: 0 },
      { encoding: 'latin1' },
      { socket_timeout: 1, socketTimeout: 2 },
      { retry: { min_delay: -1 } },
    ];
    for (const options of bad) {
      expect(() => new StrictRedis(options), JSON.stringify(options)).toThrow(DataError);
    }
  });
});

describe('fromUrl', () => {
  it('reads user, password, host, port, db and query options', async () => {
    const url = `redis://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${standalone.port}/2?client_name=${P}url&socket_timeout=4`;
    const c = StrictRedis.fromUrl(url);
    try {
      expect(c.normalized.connection.db).toBe(2);
      expect(c.normalized.connection.commandTimeoutMs).toBe(4000);
      expect(await c.execute_command('ACL', 'WHOAMI')).toBe(USER);
      expect(await c.execute_command('CLIENT', 'GETNAME')).toBe(`${P}url`);
      await c.set(`${P}url-db2`, 'v');
      expect(await admin.get(`${P}url-db2`)).toBeNull();
      const list = (await admin.execute_command('CLIENT', 'LIST')) as string;
      const line = list.split('\n').find((l) => l.includes(`name=${P}url`));
      expect(line).toContain(' db=2 ');
      await c.delete(`${P}url-db2`);
      expect(inspect(c)).not.toContain(PASSWORD);
      expect(inspect(c)).toContain('***');
    } finally {
      await c.close();
    }
    const buffers = StrictRedis.fromUrl(`redis://127.0.0.1:${standalone.port}/0?decode_responses=false`);
    try {
      await buffers.set(`${P}url-buf`, 'x');
      expect(Buffer.isBuffer(await buffers.get(`${P}url-buf`))).toBe(true);
    } finally {
      await buffers.close();
    }
  });

  it('rejects bad URLs with DataError that never repeats the URL', () => {
    for (const url of ['not a url', `http://u:${PASSWORD}@h:1`, `redis://u:${PASSWORD}@h:1/notadb`]) {
      const err = (() => {
        try {
          StrictRedis.fromUrl(url);
        } catch (e) {
          return e;
        }
      })();
      expect(err, url).toBeInstanceOf(DataError);
      expect(printed(err)).not.toContain(PASSWORD);
    }
  });
});

describe('credentials', () => {
  it('authenticates an ACL user with username and password', async () => {
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, username: USER, password: PASSWORD });
    try {
      expect(await c.execute_command('ACL', 'WHOAMI')).toBe(USER);
      expect(inspect(c)).not.toContain(PASSWORD);
      expect(inspect(c, { showHidden: true, depth: 10 })).not.toContain(PASSWORD);
      expect(JSON.stringify(c)).not.toContain(PASSWORD);
      expect(JSON.stringify({ client: c })).toContain('***');
      expect(String(c)).not.toContain(PASSWORD);
    } finally {
      await c.close();
    }
  });

  it('rejects a wrong password with AuthenticationError that never shows a password', async () => {
    for (const protocol of [2, 3] as const) {
      const wrong = `${PASSWORD}-wrong`;
      const c = new StrictRedis({
        host: standalone.host,
        port: standalone.port,
        username: USER,
        password: wrong,
        protocol,
      });
      const errors: unknown[] = [];
      c.on('error', (e) => errors.push(e));
      try {
        const err = await rejection(c.get(`${P}x`));
        expect(err).toBeInstanceOf(AuthenticationError);
        expect(printed(err)).not.toContain(wrong);
        expect(printed(err)).not.toContain(PASSWORD);
        const connectErr = await rejection(c.connect());
        expect(connectErr).toBeInstanceOf(AuthenticationError);
        expect(printed(connectErr)).not.toContain(PASSWORD);
        expect(inspect(c, { showHidden: true, depth: 10 })).not.toContain(PASSWORD);
        for (const e of errors) expect(printed(e)).not.toContain(PASSWORD);
      } finally {
        c.disconnect();
      }
    }
  });

  it('rejects a wrong password on exclusive (pooled) connections too', async () => {
    const wrong = `${PASSWORD}-pooled`;
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, username: USER, password: wrong });
    try {
      const err = await rejection(c.execute_command('BLPOP', `${P}never`, 1));
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(printed(err)).not.toContain(wrong);
      const txErr = await rejection(c.pipeline().set(`${P}x`, 'v').execute());
      expect(txErr).toBeInstanceOf(AuthenticationError);
      expect(printed(txErr)).not.toContain(wrong);
    } finally {
      c.disconnect();
    }
  });
});
