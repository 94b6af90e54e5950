/**
 * redis-py's CLIENT tests (tests/test_commands.py: test_client_*, and the cluster ones of tests/test_cluster.py),
 * mirrored against the shared servers in RESP2 and RESP3, with the DataError cases of redis-py and those of the shared
 * connection (CLIENT REPLY OFF/SKIP).
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, StrictRedis, StrictRedisCluster } from '../../src/index.js';
import { itSince } from '../harness/server-version.js';

const topology = inject('redis');
const { standalone } = topology;
const RUN = `${process.pid}-${Date.now().toString(36)}`;

describe.each([2, 3] as const)('CLIENT commands, RESP%i', (protocol) => {
  let r: StrictRedis;
  const extra: StrictRedis[] = [];
  const c1 = `redis-py-c1-${RUN}-${protocol}`;
  const c2 = `redis-py-c2-${RUN}-${protocol}`;

  function another(): StrictRedis {
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, protocol }) as StrictRedis;
    extra.push(c);
    return c;
  }

  /** Our two named clients, by name, as CLIENT LIST shows them. */
  async function named(): Promise<Map<string, Record<string, string>>> {
    const clients = (await r.client_list()).filter((c) => c.name === c1 || c.name === c2);
    return new Map(clients.map((c) => [c.name, c]));
  }

  beforeAll(async () => {
    r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
    await r.connect();
  });
  afterEach(() => {
    for (const c of extra.splice(0)) c.disconnect();
  });
  afterAll(async () => {
    await r.client_setname('');
    await r.close();
  });

  it('test_client_list / test_client_info', async () => {
    const clients = await r.client_list();
    expect(clients[0]).toHaveProperty('addr');
    expect(Object.getPrototypeOf(clients[0])).toBe(Object.prototype);
    const info = await r.client_info();
    expect(info).toHaveProperty('addr');
    expect(info.id).toBe(await r.client_id());
    expect(typeof info.age).toBe('number');
    expect(typeof info.db).toBe('number');
    expect(info.resp).toBe(String(protocol));
  });

  it('test_client_list_types_not_replica / test_client_list_replica', async () => {
    await expect(r.client_list({ _type: 'not a client type' as never })).rejects.toBeInstanceOf(DataError);
    for (const type of ['normal', 'master', 'pubsub', 'replica'] as const) {
      expect(Array.isArray(await r.client_list({ _type: type }))).toBe(true);
    }
    expect((await r.client_list({ type: Buffer.from('NORMAL') })).length).toBeGreaterThan(0);
    await expect(r.client_list({ _type: 'normal', type: 'normal' })).rejects.toBeInstanceOf(DataError);
  });

  it('test_client_list_client_id', async () => {
    const first = (await r.client_list())[0];
    const clients = await r.client_list({ client_id: [first.id] });
    expect(clients).toHaveLength(1);
    expect(clients[0]).toHaveProperty('addr');
    const ids = await Promise.all([another(), another(), another()].map(async (c) => String(await c.client_id())));
    expect(await r.client_list({ client_id: ids })).toHaveLength(3);
    await expect(r.client_list({ client_id: 5 as never })).rejects.toBeInstanceOf(DataError);
  });

  it('test_client_id / test_client_getredir', async () => {
    expect(await r.client_id()).toBeGreaterThan(0);
    expect(await r.client_getredir()).toBe(-1);
  });

  it('test_client_trackinginfo: { flags, redirect, prefixes } in both protocols', async () => {
    const info = await r.client_trackinginfo();
    expect(Object.keys(info).sort()).toEqual(['flags', 'prefixes', 'redirect']);
    expect(info.flags).toEqual(['off']);
    expect(info.redirect).toBe(-1);
    expect(info.prefixes).toEqual([]);
  });

  it('test_client_tracking', async () => {
    const c = another();
    expect(await c.client_tracking_on()).toBe(true);
    expect(await c.client_tracking_off()).toBe(true);
    const own = await c.client_id();
    expect(await c.client_tracking_on(own)).toBe(true);
    expect(await c.client_tracking_off(own)).toBe(true);
    const other = another();
    const otherId = await other.client_id();
    expect(await c.client_tracking_on(otherId)).toBe(true);
    expect((await c.client_trackinginfo()).redirect).toBe(otherId);
    expect(await c.client_tracking_off(otherId)).toBe(true);
    await expect(c.client_tracking_on({ prefix: ['foo', 'bar', 'blee'] })).rejects.toBeInstanceOf(DataError);
    // bcast with prefixes, options first when there is no client id
    expect(await c.client_tracking_on(otherId, { prefix: ['foo', 'bar'], bcast: true })).toBe(true);
    const info = await c.client_trackinginfo();
    expect(info.flags).toEqual(expect.arrayContaining(['on', 'bcast']));
    expect(new Set(info.prefixes)).toEqual(new Set(['foo', 'bar']));
    expect(await c.client_tracking(false)).toBe(true);
    await expect(c.client_tracking_on({ optin: true, optout: true })).rejects.toBeInstanceOf(DataError);
    await expect(c.client_tracking_on({ bcats: true } as never)).rejects.toBeInstanceOf(DataError);
    await expect(c.client_tracking('on' as never)).rejects.toBeInstanceOf(DataError);
  });

  it('test_client_unblock', async () => {
    const myid = await r.client_id();
    expect(await r.client_unblock(myid)).toBe(false);
    expect(await r.client_unblock(myid, { error: true })).toBe(false);
    expect(await r.client_unblock(myid, { error: false })).toBe(false);
    // redis-py's keyword is an option here: a bare boolean in its place is refused.
    await expect(r.client_unblock(myid, true as never)).rejects.toBeInstanceOf(DataError);
  });

  it('test_client_getname / test_client_setname / test_client_list_after_client_setname', async () => {
    expect(await another().client_getname()).toBeNull();
    expect(await r.client_setname(c1)).toBe(true);
    expect(await r.client_getname()).toBe(c1);
    expect((await r.client_list()).map((c) => c.name)).toContain(c1);
    const raw = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, decode_responses: false });
    try {
      await raw.client_setname(c2);
      expect(await raw.client_getname()).toBe(c2);
    } finally {
      await raw.close();
    }
  });

  itSince('7.2', 'test_client_setinfo', async () => {
    expect(await r.client_setinfo('lib-name', 'test')).toBe(true);
    expect(await r.client_setinfo('LIB-VER', '123')).toBe(true);
    const info = await r.client_info();
    expect(info['lib-name']).toBe('test');
    expect(info['lib-ver']).toBe('123');
  });

  it('client_setinfo refuses attributes other than lib-name and lib-ver', async () => {
    await expect(r.client_setinfo('name' as never, 'x')).rejects.toBeInstanceOf(DataError);
  });

  it('test_client_kill (by address)', async () => {
    const r2 = another();
    await r.client_setname(c1);
    await r2.client_setname(c2);
    expect((await named()).size).toBe(2);
    expect(await r.client_kill((await named()).get(c2)!.addr)).toBe(true);
    expect([...(await named()).keys()]).toEqual([c1]);
  });

  it('test_client_kill_filter_invalid_params / accepts_replica_type', async () => {
    await expect(r.client_kill_filter()).rejects.toBeInstanceOf(DataError);
    await expect(r.client_kill_filter({ skipme: 'yeah' as never })).rejects.toBeInstanceOf(DataError);
    await expect(r.client_kill_filter({ _type: 'caster' as never })).rejects.toBeInstanceOf(DataError);
    await expect(r.client_kill_filter({ _id: 1, id: 1 })).rejects.toBeInstanceOf(DataError);
    await expect(r.client_kill_filter({ maxage: 1.5 })).rejects.toBeInstanceOf(DataError);
    expect(await r.client_kill_filter({ _type: 'REPLICA' as never })).toBe(0);
    await expect(r.client_kill(5 as never)).rejects.toBeInstanceOf(DataError);
  });

  it.each(['_id', 'addr', 'laddr'] as const)('test_client_kill_filter_by_%s', async (filter) => {
    const r2 = another();
    await r.client_setname(c1);
    await r2.client_setname(c2);
    const victim = (await named()).get(c2)!;
    const value = filter === '_id' ? victim.id : victim[filter];
    expect(await r.client_kill_filter({ [filter]: value })).toBe(1);
    expect([...(await named()).keys()]).toEqual([c1]);
  });

  it('test_client_kill_filter_by_user', async () => {
    const killuser = `user_to_kill_${RUN}_${protocol}`;
    // biome-ignore format: redis-py's call
    await r.acl_setuser(killuser, { enabled: true, reset: true, commands: ['+get', '+set', '+select', '+cluster', '+command', '+info'], keys: ['cache:*'], nopass: true });
    try {
      const victim = new StrictRedis({
        host: standalone.host,
        port: standalone.port,
        username: killuser,
        password: 'x',
      });
      extra.push(victim as StrictRedis);
      await victim.get('cache:x');
      expect(await r.client_kill_filter({ user: killuser, skipme: true })).toBe(1);
      for (const c of await r.client_list()) expect(c.user).not.toBe(killuser);
    } finally {
      await r.acl_deluser(killuser);
    }
  });

  itSince('7.4', 'test_client_kill_filter_by_maxage', async () => {
    const r2 = another();
    await r2.client_setname(c2);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await r.client_kill_filter({ maxage: 2 });
    expect((await r.client_list()).map((c) => c.name)).not.toContain(c2);
  });

  it('test_client_pause / test_client_pause_all / test_client_unpause', async () => {
    expect(await r.client_pause(1)).toBe(true);
    await expect(r.client_pause('not an integer' as never)).rejects.toBeInstanceOf(DataError);
    await expect(r.client_pause(1, { all: 'no' as never })).rejects.toBeInstanceOf(DataError);
    const r2 = another();
    const key = `client-pause:${RUN}:${protocol}`;
    expect(await r.client_pause(1, { all: false })).toBe(true);
    expect(await r2.set(key, 'bar')).toBe(true);
    expect(await r.get(key)).toBe('bar');
    await r.delete(key);
    expect(await r.client_unpause()).toBe(true);
  });

  it('test_client_no_evict', async () => {
    const c = another();
    expect(await c.client_no_evict('ON')).toBe(true);
    expect(await c.client_no_evict('off')).toBe(true);
    await expect((c.client_no_evict as () => Promise<unknown>)()).rejects.toBeInstanceOf(DataError);
    await expect(c.client_no_evict('maybe' as never)).rejects.toBeInstanceOf(DataError);
  });

  itSince('7.2', 'test_client_no_touch', async () => {
    const c = another();
    expect(await c.client_no_touch('ON')).toBe(true);
    expect(await c.client_no_touch('OFF')).toBe(true);
    await expect((c.client_no_touch as () => Promise<unknown>)()).rejects.toBeInstanceOf(DataError);
  });

  it('test_client_reply: ON works; OFF and SKIP are refused before anything is sent', async () => {
    const key = `client-reply:${RUN}:${protocol}`;
    expect(await r.client_reply('ON')).toBe(true);
    await expect(r.client_reply('OFF')).rejects.toBeInstanceOf(DataError);
    await expect(r.client_reply('SKIP')).rejects.toBeInstanceOf(DataError);
    await expect(r.client_reply('MAYBE' as never)).rejects.toBeInstanceOf(DataError);
    expect(() => r.pipeline().client_reply('SKIP')).toThrow(DataError);
    expect(await r.set(key, 'bar')).toBe(true);
    expect(await r.get(key)).toBe('bar');
    await r.delete(key);
  });
});

describe('CLIENT and ACL commands on a cluster (redis-py: one node, or every primary for ACL changes)', () => {
  let rc: StrictRedisCluster;
  const user = `redis-py-cluster-user-${RUN}`;

  beforeAll(() => {
    const seed = topology.cluster.nodes[0];
    rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
  });
  afterAll(async () => {
    await rc.acl_deluser(user);
    await rc.close();
  });

  it('client_id, client_info, client_getredir and client_trackinginfo answer for one node', async () => {
    expect(await rc.client_id()).toBeGreaterThan(0);
    expect(await rc.client_info()).toHaveProperty('addr');
    expect(await rc.client_getredir()).toBe(-1);
    expect((await rc.client_trackinginfo()).flags).toEqual(['off']);
    expect(await rc.client_unblock(await rc.client_id())).toBe(false);
  });

  it('acl_setuser and acl_deluser reach every primary', async () => {
    expect(await rc.acl_setuser(user, { reset: true, keys: ['{cache}:*'] })).toBe(true);
    const perNode = (await rc.execute_command('ACL', 'GETUSER', user, { target_nodes: 'primaries' })) as Map<
      string,
      unknown
    >;
    expect(perNode.size).toBeGreaterThanOrEqual(3);
    for (const reply of perNode.values()) expect(reply).not.toBeNull();
    expect((await rc.acl_getuser(user))!.keys).toEqual(['~{cache}:*']);
    expect(await rc.acl_deluser(user)).toBe(1);
    expect(await rc.acl_getuser(user)).toBeNull();
  });

  it('AUTH, SELECT, CLIENT SETNAME and RESET are refused: they would change one node connection only', async () => {
    await expect(rc.client_setname('x')).rejects.toBeInstanceOf(DataError);
    await expect(rc.auth('pw')).rejects.toBeInstanceOf(DataError);
    await expect(rc.select(1)).rejects.toBeInstanceOf(DataError);
    await expect(rc.reset()).rejects.toBeInstanceOf(DataError);
    await expect(rc.client_reply('OFF')).rejects.toBeInstanceOf(DataError);
  });
});
