/**
 * A hostile or broken server (scripted, see test/harness/fake-server.ts): every case must end in a typed error
 * reaching the caller, in bounded time and memory, without a crash, a hang, an unhandled rejection, a leaked password
 * or a connection to an address outside the cluster.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ClientClosedError,
  ConnectionError,
  DataError,
  ProtocolError,
  RedisError,
  ResponseError,
  StrictRedis,
  StrictRedisCluster,
  TimeoutError,
  TooManyRedirectionsError,
} from '../../src/index.js';
import { bulk, type FakeScript, FakeServer, standardReply } from '../harness/fake-server.js';

const SECRET = 'S3cr3t-hostile-pw';
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

const servers: FakeServer[] = [];
const clients: Array<{ disconnect(): void }> = [];

async function fake(script: FakeScript): Promise<FakeServer> {
  const server = await FakeServer.start(script);
  servers.push(server);
  return server;
}

/** A server that answers the handshake normally and every other command with `reply`. */
function answering(reply: string | ((args: string[]) => string | null | 'close')): Promise<FakeServer> {
  return fake((args) => standardReply(args) ?? (typeof reply === 'string' ? reply : reply(args)));
}

function client(server: FakeServer, options: ConstructorParameters<typeof StrictRedis>[0] = {}): StrictRedis {
  const c = new StrictRedis({ host: server.host, port: server.port, ...options }) as StrictRedis;
  clients.push(c);
  return c;
}

/** What the server received besides the CLIENT SETINFO commands every handshake sends. */
function userCommands(server: FakeServer): string[][] {
  // The handshake's PING (proof that the server answers) and CLIENT SETINFO are the client's own.
  return server.commands.filter((c) => !(c[0] === 'CLIENT' && c[1] === 'SETINFO') && c[0] !== 'PING');
}

/** The error a promise (or a function that may throw at once) ends with, and how long it took. */
async function failure(run: () => unknown): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await run();
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}

/** Every text a user or a logger could see about an error, its causes included. */
function errorTexts(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 20, showHidden: true })];
  let current: unknown = error;
  for (let i = 0; i < 20 && current instanceof Error; i++) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(current));
    current = current.cause;
  }
  return parts.join('\n');
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('protocol violations end in ProtocolError and reject everything pending', () => {
  const cases: Array<[string, string]> = [
    ['a bulk length beyond the cap', '$99999999999\r\n'],
    ['an array length beyond 2^32-1', '*4294967296\r\n'],
    ['a negative bulk length other than -1', '$-2\r\n'],
    ['a negative array length other than -1', '*-7\r\n'],
    ['a non-numeric bulk length', '$abc\r\n'],
    ['a non-numeric array length', '*1x\r\n'],
    ['a non-numeric integer', ':12a\r\n'],
    ['an empty length', '$\r\n'],
    ['an unknown type byte', '?what\r\n'],
    ['a NUL type byte', '\x00\r\n'],
    ['a bulk longer than declared', '$3\r\nabcdef\r\n'],
    ['200k levels of nesting', `${'*1\r\n'.repeat(200_000)}:1\r\n`],
  ];
  it.each(cases)('%s', async (_name, reply) => {
    const server = await answering(reply);
    const c = client(server, { retry: false });
    const before = process.memoryUsage();
    const results = await Promise.allSettled([c.get('a'), c.get('b'), c.incr('c')]);
    const after = process.memoryUsage();
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ProtocolError);
    }
    // Nothing sized from a header was allocated.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
  });

  it.each([
    ['array', `*4294967295\r\n${':1\r\n'.repeat(1000)}`],
    ['bulk just under the cap', `$536870000\r\n${'x'.repeat(1000)}`],
    ['map', `%2147483647\r\n${':1\r\n'.repeat(1000)}`],
  ])('a huge %s header followed by silence: bounded memory, then TimeoutError', async (_name, reply) => {
    const server = await answering(reply);
    const c = client(server, { socket_timeout: 0.2, retry: false });
    const before = process.memoryUsage();
    const { error, ms } = await failure(() => c.get('a'));
    const after = process.memoryUsage();
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).written).toBe(true);
    expect(ms).toBeLessThan(2000);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
  });

  it.each([true, false])('a large honest bulk arriving in pieces is intact (decode_responses %s)', async (decode) => {
    const body = Buffer.alloc(9 * 1024 * 1024 + 7);
    for (let i = 0; i < body.length; i += 4096) body.write(`${i};`, i, 'latin1');
    const server = await fake((args, socket) => {
      if (args[0] !== 'GET') return standardReply(args) ?? '+OK\r\n';
      socket.write(`$${body.length}\r\n`);
      // Uneven pieces, each in its own turn of the event loop, so the client sees many chunks.
      let at = 0;
      const step = () => {
        const next = Math.min(body.length, at + 700_001);
        socket.write(body.subarray(at, next));
        at = next;
        if (at < body.length) setImmediate(step);
        else socket.write('\r\n');
      };
      step();
      return null;
    });
    const c = client(server, { decode_responses: decode });
    const value = await c.get('big');
    if (decode) expect(value).toBe(body.toString('utf8'));
    else expect(Buffer.compare(value as unknown as Buffer, body)).toBe(0);
  });

  it('a reply when no command is pending destroys the connection; the client reconnects and goes on', async () => {
    let first = true;
    const server = await answering(() => {
      const extra = first ? '+UNSOLICITED\r\n' : '';
      first = false;
      return `${bulk('v')}${extra}`;
    });
    const c = client(server, { retry: { min_delay: 0.01 } });
    const errors: Error[] = [];
    c.on('error', (e: Error) => errors.push(e));
    expect(await c.get('a')).toBe('v');
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    expect(await c.get('b')).toBe('v');
    expect(server.connections).toBe(2);
  });
});

describe('lost and silent servers', () => {
  it('a connection closed mid-reply: a non-idempotent command rejects with outcomeUnknown', async () => {
    const server = await answering('$10\r\nabc');
    server.script = (args, socket) => {
      if (standardReply(args) !== undefined) return standardReply(args) ?? null;
      socket.write('$10\r\nabc');
      return 'close';
    };
    const c = client(server, { retry: { min_delay: 0.01, max_attempts: 3 } });
    const { error } = await failure(() => c.incr('n'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).outcomeUnknown).toBe(true);
    // A read is resent a bounded number of times, then fails too.
    const read = await failure(() => c.get('a'));
    expect(read.error).toBeInstanceOf(ConnectionError);
    expect(read.ms).toBeLessThan(5000);
  });

  it('a server that never answers: the command timeout gives TimeoutError', async () => {
    const server = await answering(() => null);
    const c = client(server, { socket_timeout: 0.15 });
    const { error, ms } = await failure(() => c.get('a'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).written).toBe(true);
    expect(ms).toBeLessThan(1500);
  });

  it('without a timeout the command stays pending, and disconnect() rejects it at once', async () => {
    const server = await answering(() => null);
    const c = client(server);
    let settled = false;
    const pending = c.get('a').finally(() => {
      settled = true;
    });
    pending.catch(() => {});
    await expect.poll(() => userCommands(server).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    c.disconnect();
    const { error, ms } = await failure(() => pending);
    expect(error).toBeInstanceOf(ClientClosedError);
    expect((error as ClientClosedError).outcomeUnknown).toBe(true);
    expect(ms).toBeLessThan(100);
  });

  it('a handshake that is never answered ends with the connect timeout', async () => {
    const server = await fake(() => null);
    const c = client(server, { password: SECRET, socket_connect_timeout: 0.2, retry: false });
    const { error, ms } = await failure(() => c.get('a'));
    expect(error).toBeInstanceOf(RedisError);
    expect(error instanceof TimeoutError || error instanceof ConnectionError).toBe(true);
    expect(ms).toBeLessThan(2000);
    expect(errorTexts(error)).not.toContain(SECRET);
    expect(inspect(c, { depth: 20 })).not.toContain(SECRET);
  });
});

describe('authentication failures keep the password secret', () => {
  const replies: Array<[string, string]> = [
    ['WRONGPASS', '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
    ['a server echoing the password', `-WRONGPASS the password ${SECRET} is wrong\r\n`],
    ['an ERR reply to AUTH', `-ERR AUTH ${SECRET} failed\r\n`],
  ];
  it.each(replies)('RESP2 AUTH answered with %s gives AuthenticationError', async (_name, reply) => {
    const server = await fake((args) => (args[0] === 'AUTH' ? reply : (standardReply(args) ?? '+OK\r\n')));
    const c = client(server, { password: SECRET, username: 'app', retry: false });
    const events: Error[] = [];
    c.on('error', (e: Error) => events.push(e));
    const { error } = await failure(() => c.get('a'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.commands[0]).toEqual(['AUTH', 'app', SECRET]);
    expect(errorTexts(error)).not.toContain(SECRET);
    expect(inspect(c, { depth: 20, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(c)).not.toContain(SECRET);
    expect(String(c)).not.toContain(SECRET);
    for (const e of events) expect(errorTexts(e)).not.toContain(SECRET);
  });

  it('RESP3 HELLO AUTH refused gives AuthenticationError', async () => {
    const server = await fake((args) =>
      args[0] === 'HELLO' ? `-WRONGPASS nope ${SECRET}\r\n` : (standardReply(args) ?? '+OK\r\n'),
    );
    const c = client(server, { password: SECRET, protocol: 3, retry: false });
    const { error } = await failure(() => c.get('a'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.commands[0]).toEqual(['HELLO', '3', 'AUTH', 'default', SECRET]);
    expect(errorTexts(error)).not.toContain(SECRET);
  });
});

describe('server-controlled names never reach prototypes', () => {
  const evil = ['__proto__', '{"polluted":1}', 'constructor', 'x', 'prototype', 'y', 'polluted', 'z'];
  const flat = `*${evil.length}\r\n${evil.map(bulk).join('')}`;
  const map = `%${evil.length / 2}\r\n${evil.map(bulk).join('')}`;
  it.each([
    [2, flat],
    [3, map],
  ] as const)('HGETALL over RESP%i', async (protocol, reply) => {
    const server = await fake((args) => {
      if (args[0] === 'HELLO') return `%1\r\n${bulk('server')}${bulk('redis')}`;
      if (args[0] === 'HGETALL') return reply;
      return standardReply(args) ?? '+OK\r\n';
    });
    const c = client(server, { protocol });
    const result = (await c.hgetall('h')) as Record<string, string>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result).sort()).toEqual(['__proto__', 'constructor', 'polluted', 'prototype']);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('{"polluted":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

/** A one-node "cluster" that owns every slot and answers GET with `redirect`. */
async function fakeCluster(redirect: (args: string[]) => string): Promise<FakeServer> {
  let port = 0;
  const server = await fake((args) => {
    const name = args[0]?.toUpperCase();
    if (name === 'CLUSTER' && args[1]?.toUpperCase() === 'SHARDS') return '-ERR unknown subcommand\r\n';
    if (name === 'CLUSTER' && args[1]?.toUpperCase() === 'SLOTS') {
      return `*1\r\n*3\r\n:0\r\n:16383\r\n*3\r\n${bulk('127.0.0.1')}:${port}\r\n${bulk('a'.repeat(40))}`;
    }
    if (name === 'GET' || name === 'SET') return redirect(args);
    return standardReply(args) ?? '+OK\r\n';
  });
  port = server.port;
  return server;
}

describe('bogus redirects to StrictRedisCluster', () => {
  it.each([
    ['MOVED __proto__ x:1', '-MOVED __proto__ x:1\r\n'],
    ['MOVED 99999 h:1', '-MOVED 99999 h:1\r\n'],
    ['MOVED 1 h:0', '-MOVED 1 h:0\r\n'],
    ['MOVED 1 h:99999', '-MOVED 1 h:99999\r\n'],
    ['ASK x y', '-ASK x y\r\n'],
    ['MOVED without an address', '-MOVED 12\r\n'],
  ])('%s ends as a typed error without a new connection', async (_name, reply) => {
    const outsider = await fake(() => '+OK\r\n');
    const server = await fakeCluster(() => reply);
    const c = new StrictRedisCluster({ startup_nodes: [{ host: server.host, port: server.port }] });
    clients.push(c);
    const { error, ms } = await failure(() => c.get('k'));
    expect(error).toBeInstanceOf(ResponseError);
    expect(ms).toBeLessThan(3000);
    expect(server.connections).toBe(1);
    expect(outsider.connections).toBe(0);
    expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('x');
    expect(Object.getPrototypeOf([])).toBe(Array.prototype);
  });

  it.each([
    ['MOVED', 'MOVED'],
    ['ASK', 'ASK'],
  ])('a well-formed %s to a non-member is never followed', async (_name, code) => {
    const outsider = await fake(() => '+OK\r\n');
    const server = await fakeCluster(() => `-${code} 5 127.0.0.1:${outsider.port}\r\n`);
    const c = new StrictRedisCluster({
      startup_nodes: [{ host: server.host, port: server.port }],
      max_redirections: 4,
    });
    clients.push(c);
    const { error, ms } = await failure(() => c.get('k'));
    // The target never joins the map, so the command stays with the slot owner until redirections run out.
    expect(error).toBeInstanceOf(TooManyRedirectionsError);
    expect((error as TooManyRedirectionsError).causes).toHaveLength(5);
    expect(ms).toBeLessThan(5000);
    expect(outsider.connections).toBe(0);
  });
});

describe('hostile topologies and cluster credentials', () => {
  it.each([
    ['a node host named __proto__ on port 0', `*1\r\n*3\r\n:0\r\n:16383\r\n*2\r\n${bulk('__proto__')}:0\r\n`],
    ['a slot range past 16383', `*1\r\n*3\r\n:0\r\n:99999\r\n*2\r\n${bulk('127.0.0.1')}:1\r\n`],
    ['a map instead of an array', `*1\r\n*3\r\n:0\r\n:16383\r\n${bulk('x')}`],
  ])('CLUSTER SLOTS with %s ends in a typed error', async (_name, reply) => {
    const server = await fake((args) => {
      if (args[0] === 'CLUSTER' && args[1] === 'SHARDS') return '-ERR unknown subcommand\r\n';
      if (args[0] === 'CLUSTER' && args[1] === 'SLOTS') return reply;
      return standardReply(args) ?? '+OK\r\n';
    });
    const c = new StrictRedisCluster({ startup_nodes: [{ host: server.host, port: server.port }] });
    clients.push(c);
    const { error, ms } = await failure(() => c.get('k'));
    expect(error).toBeInstanceOf(RedisError);
    expect(ms).toBeLessThan(3000);
    expect(server.connections).toBe(1);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('0');
  });

  it('a cluster node refusing the password: typed error, no password anywhere', async () => {
    const server = await fake((args) =>
      args[0] === 'AUTH' ? `-WRONGPASS bad ${SECRET}\r\n` : (standardReply(args) ?? '+OK\r\n'),
    );
    const c = new StrictRedisCluster({
      startup_nodes: [{ host: server.host, port: server.port }],
      password: SECRET,
      retry: false,
    });
    clients.push(c);
    const events: Error[] = [];
    c.on('error', (e: Error) => events.push(e));
    const { error } = await failure(() => c.get('k'));
    expect(error).toBeInstanceOf(RedisError);
    const causes = [...((error as { causes?: Map<string, Error> }).causes?.values() ?? [])];
    expect(error instanceof AuthenticationError || causes.some((e) => e instanceof AuthenticationError)).toBe(true);
    expect(errorTexts(error)).not.toContain(SECRET);
    expect(inspect(c, { depth: 20, showHidden: true })).not.toContain(SECRET);
    for (const e of events) expect(errorTexts(e)).not.toContain(SECRET);
  });

  it('a pipeline hit by a protocol violation rejects every queued command', async () => {
    const server = await answering('$-5\r\n');
    const c = client(server, { retry: false });
    const results = await c
      .pipeline()
      .get('a')
      .incr('b')
      .set('c', '1')
      .execute({ raise_on_error: false })
      .catch((e: unknown) => [e]);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r).toBeInstanceOf(ProtocolError);
  });
});

describe('bad arguments reject with DataError before anything is sent', () => {
  const bad: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['an object', { a: 1 }],
    ['an array of objects', [{}]],
    ['a boolean', true],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a symbol', Symbol('s')],
    ['a function', () => 1],
  ];
  type Loose = Record<string, (...args: unknown[]) => unknown>;

  it('StrictRedis methods, execute_command and pipelines', async () => {
    const server = await answering('+OK\r\n');
    const c = client(server);
    const loose = c as unknown as Loose;
    for (const [, value] of bad) {
      // Command methods reject (they never throw synchronously); pipelines refuse at queueing time.
      for (const method of [
        () => loose.set('k', value),
        () => loose.get(value),
        () => loose.execute_command('SET', 'k', value),
      ]) {
        const result = method();
        expect(result).toBeInstanceOf(Promise);
        await expect(result).rejects.toBeInstanceOf(DataError);
      }
      for (const run of [
        () => (c.pipeline() as unknown as Loose).set('k', value),
        () => (c.pipeline().set('ok', '1') as unknown as Loose).set(value, 'v'),
      ]) {
        const { error } = await failure(run);
        expect(error).toBeInstanceOf(DataError);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.receivedBytes).toBe(0);
    // The recorder works: a valid call does arrive.
    await c.set('k', 'v');
    expect(userCommands(server)).toEqual([['SET', 'k', 'v']]);
  });

  it('StrictRedisCluster methods, execute_command and pipelines', async () => {
    const server = await fakeCluster(() => '+OK\r\n');
    const c = new StrictRedisCluster({ startup_nodes: [{ host: server.host, port: server.port }] });
    clients.push(c);
    await c.connect();
    server.resetRecords();
    const loose = c as unknown as Loose;
    for (const [, value] of bad) {
      // Command methods reject (they never throw synchronously); pipelines refuse at queueing time.
      for (const method of [
        () => loose.set('k', value),
        () => loose.get(value),
        () => loose.execute_command('SET', 'k', value),
      ]) {
        const result = method();
        expect(result).toBeInstanceOf(Promise);
        await expect(result).rejects.toBeInstanceOf(DataError);
      }
      for (const run of [() => (c.pipeline() as unknown as Loose).set('k', value)]) {
        const { error } = await failure(run);
        expect(error).toBeInstanceOf(DataError);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.commands).toEqual([]);
    await c.set('k', 'v');
    expect(userCommands(server)).toEqual([['SET', 'k', 'v']]);
  });
});

describe('process health', () => {
  it('saw no unhandled rejection and no client left pending', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
