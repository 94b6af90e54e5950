/**
 * redis-py's COMMAND and connection tests (test_command*, test_echo, test_ping, test_quit, test_reset, test_select,
 * test_hello_*), mirrored in RESP2 and RESP3 — COMMAND, COMMAND DOCS and HELLO must have one shape for both — plus the
 * connection-state rules: RESET restores the client's user, db and name; pipelines and transactions refuse AUTH,
 * SELECT, CLIENT SETNAME and RESET.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClientClosedError, DataError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const clients: Record<number, StrictRedis> = {};

beforeAll(async () => {
  for (const protocol of [2, 3] as const) {
    clients[protocol] = new StrictRedis({ host: standalone.host, port: standalone.port, protocol }) as StrictRedis;
  }
});
afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.close()));
});

describe.each([2, 3] as const)('COMMAND and connection commands, RESP%i', (protocol) => {
  const r = () => clients[protocol];

  it('test_command_count', async () => {
    expect(await r().command_count()).toBeGreaterThanOrEqual(100);
  });

  it('test_command: records by name, flags and categories as Sets', async () => {
    const res = await r().command();
    expect(Object.keys(res).length).toBeGreaterThanOrEqual(100);
    expect(Object.keys(res)).toEqual(expect.arrayContaining(['set', 'get']));
    const get = res.get;
    expect(get.arity).toBe(2);
    expect(get.flags.has('readonly')).toBe(true);
    expect(get.acl_categories.has('@read')).toBe(true);
    expect([get.first_key_pos, get.last_key_pos, get.step_count]).toEqual([1, 1, 1]);
    expect(get.key_specifications[0].begin_search).toEqual({ type: 'index', spec: { index: 1 } });
    expect(res.config.subcommands.map((s) => s.name)).toContain('config|get');
  });

  it('command_info: the same records for the named commands; unknown names are left out', async () => {
    const info = await r().command_info('get', 'no-such-command');
    expect(Object.keys(info)).toEqual(['get']);
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
  });

  it('test_command_docs: offered, by name', async () => {
    const docs = await r().command_docs('set', 'client');
    expect(docs.set.group).toBe('string');
    expect(typeof docs.set.summary).toBe('string');
    expect(docs.set.arguments?.[0]).toMatchObject({ name: 'key', type: 'key', key_spec_index: 0 });
    expect(docs.set.history?.[0]).toHaveLength(2);
    expect(Object.keys(docs.client.subcommands ?? {})).toContain('client|kill');
  });

  it('test_command_list', async () => {
    expect((await r().command_list()).length).toBeGreaterThan(200);
    expect(await r().command_list({ module: 'fakemod' })).toHaveLength(0);
    expect((await r().command_list({ category: 'list' })).length).toBeGreaterThan(15);
    expect(await r().command_list({ pattern: 'l*' })).toContain('lpop');
    await expect(r().command_list({ category: 'list', pattern: 'l*' })).rejects.toBeInstanceOf(DataError);
  });

  it('test_command_getkeys', async () => {
    expect(await r().command_getkeys('MSET', 'a', 'b', 'c', 'd', 'e', 'f')).toEqual(['a', 'c', 'e']);
    // biome-ignore format: redis-py's call
    expect(await r().command_getkeys('EVAL', '"not consulted"', '3', 'key1', 'key2', 'key3', 'arg1', 'arg2', 'arg3', 'argN')).toEqual(['key1', 'key2', 'key3']);
    await expect(r().command_getkeys()).rejects.toBeInstanceOf(DataError);
  });

  it('test_command_getkeysandflags', async () => {
    expect(await r().command_getkeysandflags('LMOVE', 'mylist1', 'mylist2', 'left', 'left')).toEqual([
      ['mylist1', ['RW', 'access', 'delete']],
      ['mylist2', ['RW', 'insert']],
    ]);
  });

  it('test_echo / test_ping', async () => {
    expect(await r().echo('foo bar')).toBe('foo bar');
    expect(await r().ping()).toBe(true);
  });

  it('test_hello_not_implemented in redis-py: here HELLO describes the server and the connection', async () => {
    const hello = await r().hello();
    expect(hello.server).toBe('redis');
    expect(hello.proto).toBe(protocol);
    expect(hello.id).toBe(await r().client_id());
    expect(hello.modules).toEqual([]);
    expect(typeof hello.version).toBe('string');
  });

  it('test_select', async () => {
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
    try {
      expect(await c.select(5)).toBe(true);
      expect(await c.select(2)).toBe(true);
      expect(await c.select(9)).toBe(true);
      expect((await c.client_info()).db).toBe(9);
      await expect(c.select(-1)).rejects.toBeInstanceOf(DataError);
      await expect(c.select('1' as never)).rejects.toBeInstanceOf(DataError);
    } finally {
      await c.close();
    }
  });

  it('test_quit: true, and the client is closed', async () => {
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
    expect(await c.ping()).toBe(true);
    expect(await c.quit()).toBe(true);
    await expect(c.ping()).rejects.toBeInstanceOf(ClientClosedError);
  });

  it("test_reset: 'RESET', and the client keeps its user, db and name", async () => {
    const user = `redis-py-reset-${RUN}-${protocol}`;
    await r().acl_setuser(user, { enabled: true, reset: true, nopass: true, categories: ['+@all'], keys: ['*'] });
    // biome-ignore format: one client
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, db: 6, client_name: user, username: user, password: 'any' });
    try {
      expect(await c.client_tracking_on()).toBe(true);
      // Issued in the same tick as RESET: it runs after the handshake was restored.
      const [reset, whoami, info] = await Promise.all([c.reset(), c.acl_whoami(), c.client_info()]);
      expect(reset).toBe('RESET');
      expect(whoami).toBe(user);
      expect(info.db).toBe(6);
      expect(info.name).toBe(user);
      expect(info.resp).toBe(String(protocol));
      expect((await c.client_trackinginfo()).flags).toEqual(['off']);
    } finally {
      await c.close();
      await r().acl_deluser(user);
    }
  });

  it('AUTH, SELECT, CLIENT SETNAME and RESET are refused in pipelines and transactions', async () => {
    type Any = Record<string, (...args: unknown[]) => unknown>;
    const pipe = r().pipeline() as unknown as Any;
    expect(() => pipe.select(1)).toThrow(DataError);
    expect(() => pipe.auth('pw')).toThrow(DataError);
    expect(() => pipe.client_setname('x')).toThrow(DataError);
    const error = await r()
      .transaction(async (watching) => {
        await (watching as unknown as Any).select(2);
      }, `${process.pid}:session-refused`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain('SELECT changes the state of the connection');
    // The pipeline's own reset() still drops what it queued, as in redis-py.
    const queued = r().pipeline();
    queued.ping();
    queued.reset();
    expect(queued.length).toBe(0);
  });
});

it('COMMAND and COMMAND DOCS have the same shape in RESP2 and RESP3', async () => {
  const [two, three] = await Promise.all([
    clients[2].command_info('set', 'xadd'),
    clients[3].command_info('set', 'xadd'),
  ]);
  expect(three).toEqual(two);
  const [d2, d3] = await Promise.all([
    clients[2].command_docs('xadd', 'config'),
    clients[3].command_docs('xadd', 'config'),
  ]);
  expect(d3).toEqual(d2);
  const [h2, h3] = await Promise.all([clients[2].hello(), clients[3].hello()]);
  expect(Object.keys(h3).sort()).toEqual(Object.keys(h2).sort());
});
