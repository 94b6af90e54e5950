/**
 * redis-py's ACL tests (tests/test_commands.py: test_acl_*), mirrored: on the shared standalone server with users
 * unique to this run (deleted afterwards), in RESP2 and RESP3 (the shapes must not differ), plus redis-py's DataError
 * cases and the masking of passwords the server quotes in its error replies.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, ResponseError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const HASH = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: Error) => e,
  );
}

function texts(error: unknown): string {
  const parts = [inspect(error, { depth: 20, showHidden: true })];
  for (let e = error; e instanceof Error; e = e.cause) parts.push(e.message, e.stack ?? '');
  return parts.join('\n');
}

/** redis-py's expected categories; Redis 7.0 drops `-@geo` after `-@all` as redundant, later versions keep it. */
function expectCategories(categories: string[]): void {
  const withoutGeo = categories.filter((c) => c !== '-@geo');
  expect(new Set(withoutGeo)).toEqual(new Set(['+@hash', '+@set', '-@all']));
}

describe.each([2, 3] as const)('ACL commands, RESP%i', (protocol) => {
  const user = `redis-py-user-${RUN}-${protocol}`;
  const bogus = Array.from({ length: 5 }, (_, i) => `bogususer_${RUN}_${protocol}_${i}`);
  let r: StrictRedis;

  beforeAll(async () => {
    r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
  });
  afterAll(async () => {
    await r.acl_deluser(user, ...bogus);
    await r.close();
  });

  it('test_acl_cat_no_category / test_acl_cat_with_category', async () => {
    const categories = await r.acl_cat();
    expect(Array.isArray(categories)).toBe(true);
    expect(categories).toContain('read');
    expect(await r.acl_cat('read')).toContain('get');
  });

  it('test_acl_dryrun', async () => {
    expect(await r.acl_setuser(user, { keys: ['*'], commands: ['+set'] })).toBe(true);
    expect(await r.acl_dryrun(user, 'set', 'key', 'value')).toBe('OK');
    expect(await r.acl_dryrun(user, 'get', 'key')).toContain('user has no permissions to run the');
    await expect(r.acl_dryrun(user)).rejects.toBeInstanceOf(DataError);
  });

  it('test_acl_deluser', async () => {
    await r.acl_deluser(user);
    expect(await r.acl_deluser(user)).toBe(0);
    expect(await r.acl_setuser(user, { enabled: false, reset: true })).toBe(true);
    expect(await r.acl_deluser(user)).toBe(1);
    for (const u of bogus) await r.acl_setuser(u, { enabled: false, reset: true });
    expect(await r.acl_deluser(...bogus)).toBeGreaterThan(1);
    for (const u of bogus) expect(await r.acl_getuser(u)).toBeNull();
    // A list works as in redis-py's *args; an empty call is refused before sending.
    expect(await r.acl_deluser(bogus)).toBe(0);
    await expect(r.acl_deluser()).rejects.toBeInstanceOf(DataError);
  });

  it('test_acl_genpass', async () => {
    expect(typeof (await r.acl_genpass())).toBe('string');
    for (const bits of ['value', -5, 5555, 1.5]) {
      await expect(r.acl_genpass(bits as number)).rejects.toBeInstanceOf(DataError);
    }
    const password = await r.acl_genpass(555);
    expect(password).toHaveLength(139);
  });

  it('test_acl_getuser_setuser', async () => {
    expect(await r.acl_setuser(user, { enabled: false, reset: true })).toBe(true);
    let acl = (await r.acl_getuser(user))!;
    expect(acl.categories).toEqual(['-@all']);
    expect(acl.commands).toEqual([]);
    expect(acl.keys).toEqual([]);
    expect(acl.passwords).toEqual([]);
    expect(acl.flags).toContain('off');
    expect(acl.enabled).toBe(false);

    expect(await r.acl_setuser(user, { enabled: true, reset: true, nopass: true })).toBe(true);
    acl = (await r.acl_getuser(user))!;
    expect(acl.categories).toEqual(['-@all']);
    expect(acl.flags).toEqual(expect.arrayContaining(['on', 'nopass']));
    expect(acl.enabled).toBe(true);

    // biome-ignore format: the options read best as redis-py writes them
    expect(await r.acl_setuser(user, { enabled: true, reset: true, passwords: ['+pass1', '+pass2'], categories: ['+set', '+@hash', '-@geo'], commands: ['+get', '+mget', '-hset'], keys: ['cache:*', 'objects:*'] })).toBe(true);
    acl = (await r.acl_getuser(user))!;
    expectCategories(acl.categories);
    expect(new Set(acl.commands)).toEqual(new Set(['+get', '+mget', '-hset']));
    expect(acl.enabled).toBe(true);
    expect(new Set(acl.keys)).toEqual(new Set(['~cache:*', '~objects:*']));
    expect(acl.passwords).toHaveLength(2);

    // reset=false keeps the existing rules and adds the new ones
    // biome-ignore format: as above
    await r.acl_setuser(user, { enabled: true, reset: true, passwords: ['+pass1'], categories: ['+@set'], commands: ['+get'], keys: ['cache:*'] });
    // biome-ignore format: as above
    await r.acl_setuser(user, { enabled: true, passwords: ['+pass2'], categories: ['+@hash'], commands: ['+mget'], keys: ['objects:*'] });
    acl = (await r.acl_getuser(user))!;
    expect(new Set(acl.commands)).toEqual(new Set(['+get', '+mget']));
    expect(new Set(acl.keys)).toEqual(new Set(['~cache:*', '~objects:*']));
    expect(acl.passwords).toHaveLength(2);

    // removing passwords
    await r.acl_setuser(user, { enabled: true, reset: true, passwords: ['+pass1', '+pass2'] });
    expect((await r.acl_getuser(user))!.passwords).toHaveLength(2);
    expect(await r.acl_setuser(user, { enabled: true, passwords: ['-pass2'] })).toBe(true);
    expect((await r.acl_getuser(user))!.passwords).toHaveLength(1);

    // hashed passwords, added and removed; a single string works like a one-element list
    await r.acl_setuser(user, { enabled: true, reset: true, hashed_passwords: [`+${HASH}`] });
    expect((await r.acl_getuser(user))!.passwords).toEqual([HASH]);
    await r.acl_setuser(user, { enabled: true, reset: true, hashed_passwords: `+${HASH}`, passwords: '+pass1' });
    expect((await r.acl_getuser(user))!.passwords).toHaveLength(2);
    await r.acl_setuser(user, { enabled: true, hashed_passwords: [`-${HASH}`] });
    expect((await r.acl_getuser(user))!.passwords).toHaveLength(1);

    // selectors and channels: the same shape in RESP2 and RESP3
    // biome-ignore format: as above
    await r.acl_setuser(user, { enabled: true, reset: true, passwords: ['+pass1', '+pass2'], categories: ['+set', '+@hash', '-geo'], commands: ['+get', '+mget', '-hset'], keys: ['cache:*', 'objects:*'], channels: ['message:*'], selectors: [['+set', '%W~app*']] });
    acl = (await r.acl_getuser(user))!;
    expectCategories(acl.categories);
    expect(new Set(acl.commands)).toEqual(new Set(['+get', '+mget', '-hset']));
    expect(acl.passwords).toHaveLength(2);
    expect(acl.channels).toEqual(['&message:*']);
    expect(acl.selectors).toEqual([{ commands: '-@all +set', keys: '%W~app*', channels: '' }]);
    expect(Object.getPrototypeOf(acl.selectors[0])).toBe(Object.prototype);

    // reset_keys, reset_channels, reset_passwords
    // biome-ignore format: as above
    await r.acl_setuser(user, { enabled: true, reset_keys: true, reset_channels: true, reset_passwords: true, keys: ['only:*'] });
    acl = (await r.acl_getuser(user))!;
    expect(acl.keys).toEqual(['~only:*']);
    expect(acl.channels).toEqual([]);
    expect(acl.passwords).toEqual([]);
  });

  it('acl_getuser is null for a missing user; names are strings even without decode_responses', async () => {
    expect(await r.acl_getuser(`${user}-missing`)).toBeNull();
    const raw = new StrictRedis({ host: standalone.host, port: standalone.port, protocol, decode_responses: false });
    try {
      await raw.acl_setuser(user, { reset: true, keys: ['k:*'] });
      const acl = (await raw.acl_getuser(user))!;
      expect(acl.keys).toEqual(['~k:*']);
      expect(acl.flags).toContain('off');
      expect(await raw.acl_users()).toContain(user);
      expect(await raw.acl_whoami()).toBe('default');
      expect(typeof (await raw.acl_cat())[0]).toBe('string');
      expect(typeof (await raw.acl_genpass())).toBe('string');
    } finally {
      await raw.close();
    }
  });

  it('test_acl_help', async () => {
    const help = await r.acl_help();
    expect(help.length).toBeGreaterThan(0);
    expect(typeof help[0]).toBe('string');
  });

  it('test_acl_list', async () => {
    await r.acl_deluser(user);
    const start = await r.acl_list();
    expect(await r.acl_setuser(user, { enabled: false, reset: true })).toBe(true);
    const users = await r.acl_list();
    expect(users.length).toBe(start.length + 1);
    expect(users.some((line) => line.startsWith(`user ${user} off`))).toBe(true);
  });

  it('test_acl_setuser_categories_without_prefix_fails / commands / passwords and nopass', async () => {
    await expect(r.acl_setuser(user, { categories: ['list'] })).rejects.toBeInstanceOf(DataError);
    await expect(r.acl_setuser(user, { commands: ['get'] })).rejects.toBeInstanceOf(DataError);
    await expect(r.acl_setuser(user, { passwords: '+mypass', nopass: true })).rejects.toBeInstanceOf(DataError);
    await expect(r.acl_setuser(user, { selectors: [['set', '~k']] })).rejects.toBeInstanceOf(DataError);
    await expect(r.acl_setuser(user, { enabled: 'yes' as unknown as boolean })).rejects.toBeInstanceOf(DataError);
    const unknown = await failure(r.acl_setuser(user, { password: ['+x'] } as never));
    expect(unknown).toBeInstanceOf(DataError);
    expect(unknown.message).toContain("did you mean 'passwords'");
  });

  it('passwords never show in errors: ours name a position, the server quotes are masked', async () => {
    const secret = `Sup3r-secret-${RUN}`;
    const mine = await failure(r.acl_setuser(user, { passwords: ['+ok-password', secret] }));
    expect(mine).toBeInstanceOf(DataError);
    expect(mine.message).toContain('password 1');
    expect(texts(mine)).not.toContain(secret);
    // The server refuses removing a password the user does not have, quoting the rule: '<password'.
    await r.acl_setuser(user, { reset: true });
    const server = await failure(r.acl_setuser(user, { passwords: [`-${secret}`] }));
    expect(server).toBeInstanceOf(ResponseError);
    expect(server.message).toContain('***');
    expect(texts(server)).not.toContain(secret);
    const hashed = await failure(r.acl_setuser(user, { hashed_passwords: [`+${secret}`] }));
    expect(hashed).toBeInstanceOf(ResponseError);
    expect(texts(hashed)).not.toContain(secret);
  });

  it('test_acl_users / test_acl_whoami', async () => {
    const users = await r.acl_users();
    expect(users.length).toBeGreaterThan(0);
    expect(users).toContain('default');
    expect(await r.acl_whoami()).toBe('default');
  });

  it('acl_load and acl_save need an ACL file: the server says so', async () => {
    await expect(r.acl_load()).rejects.toBeInstanceOf(ResponseError);
    await expect(r.acl_save()).rejects.toBeInstanceOf(ResponseError);
  });

  it('acl_log count must be an integer', async () => {
    await expect(r.acl_log('1' as unknown as number)).rejects.toBeInstanceOf(DataError);
    await expect(r.acl_log(1.5)).rejects.toBeInstanceOf(DataError);
    expect(Array.isArray(await r.acl_log(1))).toBe(true);
  });
});
