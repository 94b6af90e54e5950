/**
 * Scripting and functions. Flushing the script or function cache is done on a private server: other files share the
 * standard one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisProcess } from '../../src/admin/redis-process.js';
import { registerScript } from '../../src/client/script.js';
import {
  CrossSlotError,
  DataError,
  NoScriptError,
  ResponseError,
  StrictRedis,
  StrictRedisCluster,
} from '../../src/index.js';

const { standalone } = inject('redis');
const P = `cmd-script:${process.pid}:`;
const LIBRARY = `cmdscript${process.pid}`;

describe('scripting on the shared server', () => {
  let r: StrictRedis;

  beforeAll(async () => {
    r = new StrictRedis({ host: standalone.host, port: standalone.port });
    await r.connect();
  });
  afterAll(async () => {
    const keys = await r.keys(`${P}*`);
    if (keys.length > 0) await r.delete(keys);
    await r.function_delete(LIBRARY).catch(() => {});
    await r.close();
  });

  it('eval passes keys and arguments by numkeys and returns the script reply', async () => {
    const script = "redis.call('SET', KEYS[1], ARGV[1]); return {KEYS[1], ARGV[2], 42}";
    expect(await r.eval(script, 1, `${P}k`, 'value', 'extra')).toEqual([`${P}k`, 'extra', 42]);
    expect(await r.get(`${P}k`)).toBe('value');
    expect(await r.eval('return nil', 0)).toBeNull();
    await expect(r.eval('return 1', 2, 'only-one')).rejects.toBeInstanceOf(DataError);
    await expect(r.eval('return redis.call("NOPE")', 0)).rejects.toBeInstanceOf(ResponseError);
  });

  it('script_load, evalsha, script_exists', async () => {
    const sha = await r.script_load(`return 'loaded-${process.pid}'`);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await r.evalsha(sha, 0)).toBe(`loaded-${process.pid}`);
    expect(await r.script_exists(sha, '0'.repeat(40))).toEqual([true, false]);
    await expect(r.evalsha('0'.repeat(40), 0)).rejects.toBeInstanceOf(NoScriptError);
  });

  it('eval_ro and evalsha_ro read, and refuse writes', async () => {
    await r.set(`${P}ro`, 'readable');
    expect(await r.eval_ro("return redis.call('GET', KEYS[1])", 1, `${P}ro`)).toBe('readable');
    const sha = await r.scriptLoad("return redis.call('GET', KEYS[1])");
    expect(await r.evalsha_ro(sha, 1, `${P}ro`)).toBe('readable');
    const err = await r.eval_ro("return redis.call('SET', KEYS[1], 'x')", 1, `${P}ro`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseError);
  });

  it('register_script runs by sha, falls back to EVAL, and exposes sha', async () => {
    const lua = `return {KEYS[1], ARGV[1], '${process.pid}'}`;
    const script = r.register_script(lua);
    expect(script.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await r.script_exists(script.sha)).toEqual([false]);
    expect(await script({ keys: [`${P}a`], args: ['x'] })).toEqual([`${P}a`, 'x', String(process.pid)]);
    // The fallback EVAL cached it under the same sha.
    expect(await r.script_exists(script.sha)).toEqual([true]);
    expect(await script.call([`${P}b`], ['y'])).toEqual([`${P}b`, 'y', String(process.pid)]);
    expect(r.registerScript(lua).sha).toBe(script.sha);
  });

  it('fcall and fcall_ro call a loaded library; function_load replace; function_delete', async () => {
    const code = (reply: string) =>
      `#!lua name=${LIBRARY}\n` +
      `redis.register_function('${LIBRARY}_set', function(keys, args) redis.call('SET', keys[1], args[1]); return '${reply}' end)\n` +
      `redis.register_function{function_name='${LIBRARY}_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}`;
    expect(await r.function_load(code('one'))).toBe(LIBRARY);
    await expect(r.function_load(code('two'))).rejects.toBeInstanceOf(ResponseError);
    expect(await r.functionLoad(code('two'), { replace: true })).toBe(LIBRARY);
    expect(await r.fcall(`${LIBRARY}_set`, 1, `${P}f`, 'hello')).toBe('two');
    expect(await r.fcall_ro(`${LIBRARY}_get`, 1, `${P}f`)).toBe('hello');
    await expect(r.fcall_ro(`${LIBRARY}_set`, 1, `${P}f`, 'x')).rejects.toBeInstanceOf(ResponseError);
    expect(await r.function_delete(LIBRARY)).toBe(true);
    await expect(r.fcall(`${LIBRARY}_get`, 1, `${P}f`)).rejects.toBeInstanceOf(ResponseError);
  });
});

describe('script and function caches flushed (private server)', () => {
  let server: RedisProcess;
  let dir: string;
  let r: StrictRedis;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cmd-script-'));
    server = await RedisProcess.start({ dir });
    r = new StrictRedis({ host: '127.0.0.1', port: server.port });
  });
  afterAll(async () => {
    await r?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('register_script keeps working after SCRIPT FLUSH', async () => {
    const script = r.register_script("return redis.call('INCR', KEYS[1])");
    expect(await script({ keys: ['counter'] })).toBe(1);
    expect(await r.script_exists(script.sha)).toEqual([true]);
    expect(await r.script_flush()).toBe(true);
    expect(await r.script_exists(script.sha)).toEqual([false]);
    expect(await script({ keys: ['counter'] })).toBe(2);
    expect(await r.scriptFlush('SYNC')).toBe(true);
    expect(await script.call(['counter'])).toBe(3);
    await expect(r.script_flush('LATER' as 'SYNC')).rejects.toBeInstanceOf(DataError);
  });

  it('function_flush removes every library', async () => {
    await r.function_load("#!lua name=flushme\nredis.register_function('flushme_f', function() return 1 end)");
    expect(await r.fcall('flushme_f', 0)).toBe(1);
    expect(await r.function_flush('ASYNC')).toBe(true);
    await expect(r.fcall('flushme_f', 0)).rejects.toBeInstanceOf(ResponseError);
  });
});

describe('registered scripts on the cluster client', () => {
  const seed = inject('redis').cluster.nodes[0];
  let rc: StrictRedisCluster<string>;

  beforeAll(async () => {
    rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }], decode_responses: true });
    await rc.connect();
  });
  afterAll(async () => {
    await rc.delete(`${P}{c}1`, `${P}{c}2`).catch(() => {});
    await rc.close();
  });

  it('runs by sha on the key owner, loading it there by EVAL when missing, and refuses keys across slots', async () => {
    const script = registerScript(rc, `return redis.call('INCRBY', KEYS[1], ARGV[1]) + ${process.pid} * 0`);
    expect(await script({ keys: [`${P}{c}1`], args: [5] })).toBe(5);
    expect(await script.call([`${P}{c}1`], [2])).toBe(7);
    await expect(script({ keys: [`${P}{c}1`, `${P}{d}2`] })).rejects.toBeInstanceOf(CrossSlotError);
    await expect(rc.eval('return 1', 2, `${P}{c}1`, `${P}{d}2`)).rejects.toBeInstanceOf(CrossSlotError);
  });
});
