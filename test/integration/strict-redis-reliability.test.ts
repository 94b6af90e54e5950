/**
 * Reconnects, the unknown-outcome rule, offline-queue bounds, timeouts and closing, against a private server (so
 * DEBUG SLEEP, CLIENT PAUSE and stopping the server never disturb the shared ones).
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisProcess } from '../../src/admin/redis-process.js';
import { ClientClosedError, ConnectionError, StrictRedis, TimeoutError } from '../../src/index.js';

const P = 'sr-rel:';
let server: RedisProcess;
let admin: StrictRedis;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

function client(options: ConstructorParameters<typeof StrictRedis>[0] = {}): StrictRedis {
  return new StrictRedis({ host: server.host, port: server.port, ...options }) as StrictRedis;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

beforeAll(async () => {
  server = await RedisProcess.start({
    dir: mkdtempSync(join(tmpdir(), 'sr-rel-')),
    extraArgs: ['--enable-debug-command', 'yes'],
  });
  admin = client();
});
afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

describe('reconnect', () => {
  it('redoes the handshake after CLIENT KILL: db and name survive, events fire', async () => {
    const c = client({ db: 3, client_name: `${P}reconnect` });
    const events: string[] = [];
    for (const e of ['connect', 'ready', 'close', 'reconnecting'] as const) c.on(e, () => events.push(e));
    try {
      await c.set(`${P}db3`, 'three');
      const id = (await c.execute_command('CLIENT', 'ID')) as number;
      expect(await admin.execute_command('CLIENT', 'KILL', 'ID', id)).toBe(1);
      expect(await c.get(`${P}db3`)).toBe('three');
      expect(await c.execute_command('CLIENT', 'ID')).not.toBe(id);
      expect(await c.execute_command('CLIENT', 'GETNAME')).toBe(`${P}reconnect`);
      expect(await c.execute_command('CLIENT', 'INFO')).toContain(' db=3 ');
      expect(events).toEqual(['connect', 'ready', 'close', 'reconnecting', 'connect', 'ready']);
      // a later select() is what the next handshake selects
      expect(await c.select(4)).toBe(true);
      await admin.execute_command('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes');
      expect(await c.get(`${P}db3`)).toBeNull();
      expect(await c.execute_command('CLIENT', 'INFO')).toContain(' db=4 ');
      expect(c.status).toBe('ready');
    } finally {
      await c.close();
    }
  });
});

describe('unknown outcome', () => {
  it('rejects an in-flight INCR with outcomeUnknown and resends an in-flight GET', async () => {
    const c = client();
    try {
      await c.set(`${P}counter`, '5');
      await c.set(`${P}readme`, 'value');
      const id = (await c.execute_command('CLIENT', 'ID')) as number;
      // Writes wait while paused, so both commands are written and unanswered when the connection is killed.
      await admin.execute_command('CLIENT', 'PAUSE', 2000, 'WRITE');
      const incr = rejection(c.execute_command('INCR', `${P}counter`));
      const get = c.get(`${P}readme`);
      // SET sets an absolute state: resent too, and applied once the pause ends
      const set = c.set(`${P}absolute`, 'x');
      await sleep(100);
      await admin.execute_command('CLIENT', 'KILL', 'ID', id);
      const err = await incr;
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).outcomeUnknown).toBe(true);
      expect((err as Error).message).toContain('INCR');
      expect((err as Error).message).not.toContain(`${P}counter`);
      expect(await get).toBe('value');
      await admin.execute_command('CLIENT', 'UNPAUSE');
      expect(await set).toBe(true);
      expect(await c.get(`${P}absolute`)).toBe('x');
      expect(await c.get(`${P}counter`)).toBe('5');
    } finally {
      await admin.execute_command('CLIENT', 'UNPAUSE');
      await c.close();
    }
  });
});

describe('unknown outcome depends on the options', () => {
  it('resends a plain SET, but not SET with nx or get, nor a raw SET whose options it does not read', async () => {
    const c = client();
    try {
      await c.delete(`${P}lock`, `${P}swap`, `${P}plain`, `${P}raw`);
      await c.set(`${P}swap`, 'old');
      const id = (await c.execute_command('CLIENT', 'ID')) as number;
      await admin.execute_command('CLIENT', 'PAUSE', 2000, 'WRITE');
      // Repeated after a lost reply, SET NX would answer false for a lock this caller holds: it must not be resent.
      const lock = rejection(c.set(`${P}lock`, 'me', { nx: true, px: 10_000 }));
      const swap = rejection(c.set(`${P}swap`, 'new', { get: true }));
      const raw = rejection(c.execute_command('SET', `${P}raw`, 'r', 'NX'));
      const plain = c.set(`${P}plain`, 'p', { ex: 60 });
      await sleep(100);
      await admin.execute_command('CLIENT', 'KILL', 'ID', id);
      for (const err of [await lock, await swap, await raw]) {
        expect(err).toBeInstanceOf(ConnectionError);
        expect((err as ConnectionError).outcomeUnknown).toBe(true);
        expect((err as Error).message).toContain('SET');
      }
      await admin.execute_command('CLIENT', 'UNPAUSE');
      expect(await plain).toBe(true);
      expect(await c.get(`${P}plain`)).toBe('p');
      // The paused writes never ran: the lock is free, the old value still there.
      expect(await c.get(`${P}lock`)).toBeNull();
      expect(await c.get(`${P}swap`)).toBe('old');
    } finally {
      await admin.execute_command('CLIENT', 'UNPAUSE');
      await c.close();
    }
  });
});

describe('pooled connection lost', () => {
  it('rejects an in-flight BLPOP with outcomeUnknown and opens a fresh connection next time', async () => {
    const c = client({ client_name: `${P}pooled` });
    try {
      const blocked = rejection(c.execute_command('BLPOP', `${P}pooled-list`, 5));
      await sleep(100);
      const list = (await admin.execute_command('CLIENT', 'LIST')) as string;
      const line = list.split('\n').find((l) => l.includes(`name=${P}pooled`) && l.includes('cmd=blpop'));
      const id = /\bid=(\d+)/.exec(line ?? '')?.[1];
      expect(id).toBeDefined();
      await admin.execute_command('CLIENT', 'KILL', 'ID', id ?? '0');
      const err = await blocked;
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).outcomeUnknown).toBe(true);
      await admin.rpush(`${P}pooled-list`, 'v');
      expect(await c.execute_command('BLPOP', `${P}pooled-list`, 1)).toEqual([`${P}pooled-list`, 'v']);
    } finally {
      await c.close();
    }
  });
});

describe('offline queue', () => {
  it('bounds the queue by length and by time while the server is unreachable', async () => {
    const c = new StrictRedis({
      host: '127.0.0.1',
      port: await closedPort(),
      max_offline_queue: 5,
      offline_queue_timeout: 0.3,
    });
    try {
      const started = Date.now();
      const queued = [0, 1, 2, 3, 4].map((i) => rejection(c.get(`${P}q${i}`)).then((e) => [e, Date.now() - started]));
      const sixth = await rejection(c.get(`${P}q5`));
      expect(sixth).toBeInstanceOf(ConnectionError);
      expect(Date.now() - started).toBeLessThan(100);
      for (const [err, ms] of await Promise.all(queued)) {
        expect(err).toBeInstanceOf(ConnectionError);
        expect(ms).toBeGreaterThanOrEqual(250);
        expect(ms).toBeLessThan(1000);
      }
    } finally {
      c.disconnect();
    }
  });

  it('connect() rejects after a failed first attempt instead of waiting forever', async () => {
    const c = new StrictRedis({ host: '127.0.0.1', port: await closedPort() });
    try {
      const started = Date.now();
      const err = await rejection(c.connect());
      expect(err).toBeInstanceOf(ConnectionError);
      expect(Date.now() - started).toBeLessThan(500);
      expect(c.status).toBe('idle');
    } finally {
      c.disconnect();
    }
  });

  it('rejects at once with retry: false', async () => {
    const c = new StrictRedis({ host: '127.0.0.1', port: await closedPort(), retry: false });
    try {
      const started = Date.now();
      expect(await rejection(c.get(`${P}x`))).toBeInstanceOf(ConnectionError);
      expect(await rejection(c.connect())).toBeInstanceOf(ConnectionError);
      expect(await rejection(c.execute_command('BLPOP', `${P}x`, 1))).toBeInstanceOf(ConnectionError);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      c.disconnect();
    }
  });
});

describe('command timeout', () => {
  it('rejects with TimeoutError (written) and never hands the late reply to the next command', async () => {
    const c = client({ socket_timeout: 0.2 });
    try {
      await c.ping();
      const started = Date.now();
      const err = await rejection(c.execute_command('DEBUG', 'SLEEP', '0.5'));
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as TimeoutError).written).toBe(true);
      expect(Date.now() - started).toBeLessThan(450);
      await sleep(350);
      expect(await c.echo('after')).toBe('after');
      expect(await c.ping()).toBe(true);
    } finally {
      await c.close();
    }
  });
});

describe('closing', () => {
  it('close() waits for pending replies; later commands reject with ClientClosedError', async () => {
    const c = client();
    await c.ping();
    const pending = c.execute_command('DEBUG', 'SLEEP', '0.1');
    const get = c.echo('x');
    await c.close();
    expect(await pending).toBe('OK');
    expect(await get).toBe('x');
    expect(await rejection(c.get(`${P}x`))).toBeInstanceOf(ClientClosedError);
    expect(await rejection(c.execute_command('BLPOP', `${P}x`, 1))).toBeInstanceOf(ClientClosedError);
    expect(await rejection(c.pipeline().set(`${P}x`, 'v').execute())).toBeInstanceOf(ClientClosedError);
  });

  it('disconnect() rejects pending commands with ClientClosedError', async () => {
    const c = client();
    await c.ping();
    const pending = rejection(c.execute_command('DEBUG', 'SLEEP', '0.2'));
    const blocked = rejection(c.execute_command('BLPOP', `${P}never`, 5));
    await sleep(50);
    const started = Date.now();
    c.disconnect();
    expect(await pending).toBeInstanceOf(ClientClosedError);
    expect(await blocked).toBeInstanceOf(ClientClosedError);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('supports await using', async () => {
    let leaked: StrictRedis | undefined;
    {
      await using c = client();
      leaked = c;
      expect(await c.ping()).toBe(true);
    }
    expect(leaked.status).toBe('closed');
  });
});

describe('server down', () => {
  it('does not crash without error listeners; commands reject and the client recovers', async () => {
    const own = await RedisProcess.start({ dir: mkdtempSync(join(tmpdir(), 'sr-rel-down-')) });
    const c = new StrictRedis({
      host: own.host,
      port: own.port,
      offline_queue_timeout: 0.3,
      retry: { max_delay: 0.1 },
    });
    try {
      expect(await c.ping()).toBe(true);
      await own.stop();
      const err = await rejection(c.get(`${P}x`));
      expect(err).toBeInstanceOf(ConnectionError);
      await sleep(300);
      expect(c.listenerCount('error')).toBe(0);
      // the same port comes back: the client reconnects on its own
      const again = await RedisProcess.start({ dir: mkdtempSync(join(tmpdir(), 'sr-rel-up-')), port: own.port });
      try {
        expect(await c.ping()).toBe(true);
      } finally {
        c.disconnect();
        await again.stop();
      }
    } finally {
      c.disconnect();
      await own.stop();
    }
  });
});
