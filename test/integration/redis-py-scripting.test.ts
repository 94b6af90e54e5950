/**
 * redis-py's tests/test_scripting.py and tests/test_function.py, plus SCRIPT KILL, FUNCTION KILL and FUNCTION STATS
 * against a busy script, in both protocols. Everything flushes caches, so it runs on a server of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusyError, DataError, NoScriptError, ResponseError, StrictRedis } from '../../src/index.js';
import { type PrivateRedis, startPrivateRedis } from '../harness/private-redis.js';

const MULTIPLY = "local value = redis.call('GET', KEYS[1])\nvalue = tonumber(value)\nreturn value * ARGV[1]";
const MSGPACK_HELLO = "local message = cmsgpack.unpack(ARGV[1])\nlocal name = message['name']\nreturn 'hello ' .. name";
const MSGPACK_BROKEN =
  "local message = cmsgpack.unpack(ARGV[1])\nlocal names = message['name']\nreturn 'hello ' .. name";
/** msgpack.dumps({"name": "Joe"}) */
const MSGPACK_JOE = Buffer.from([0x81, 0xa4, 0x6e, 0x61, 0x6d, 0x65, 0xa3, 0x4a, 0x6f, 0x65]);

const lib = 'mylib';
const lib2 = 'mylib2';
const FUNCTION =
  "redis.register_function{function_name='myfunc', callback=function(keys, args) return args[1] end, flags={ 'no-writes' }}";
const SET_FUNCTION =
  "redis.register_function('set', function(keys, args) return redis.call('SET', keys[1], args[1]) end)";
const GET_FUNCTION = "redis.register_function('get', function(keys, args) return redis.call('GET', keys[1]) end)";
const code = (name: string, body: string) => `#!lua name=${name} \n ${body}`;

let server: PrivateRedis;
beforeAll(async () => {
  server = await startPrivateRedis(['--busy-reply-threshold', '100']);
});
afterAll(async () => {
  await server?.stop();
});

for (const protocol of [2, 3] as const)
  describe(`RESP${protocol}`, () => {
    let r: StrictRedis;
    let rb: StrictRedis<Buffer>;
    beforeAll(() => {
      r = new StrictRedis({ host: server.host, port: server.port, protocol });
      rb = new StrictRedis({ host: server.host, port: server.port, protocol, decode_responses: false });
    });
    afterAll(async () => {
      await r.close();
      await rb.close();
    });

    describe('test_scripting', () => {
      beforeAll(async () => {
        await r.script_flush();
      });

      it('test_eval_multiply / test_eval_same_slot / test_eval_msgpack', async () => {
        await r.set('a', 2);
        expect(await r.eval(MULTIPLY, 1, 'a', 3)).toBe(6);
        await r.set('A{foo}', 2);
        await r.set('B{foo}', 4);
        const product = "return redis.call('GET', KEYS[1]) * redis.call('GET', KEYS[2])";
        expect(await r.eval(product, 2, 'A{foo}', 'B{foo}')).toBe(8);
        expect(await r.eval(MSGPACK_HELLO, 0, MSGPACK_JOE)).toBe('hello Joe');
      });

      it('test_eval_ro / test_evalsha_ro', async () => {
        await r.set('a', 'b');
        expect(await r.eval_ro("return redis.call('GET', KEYS[1])", 1, 'a')).toBe('b');
        await expect(r.eval_ro("return redis.call('DEL', KEYS[1])", 1, 'a')).rejects.toBeInstanceOf(ResponseError);
        const getSha = await r.script_load("return redis.call('GET', KEYS[1])");
        const delSha = await r.script_load("return redis.call('DEL', KEYS[1])");
        expect(await r.evalsha_ro(getSha, 1, 'a')).toBe('b');
        await expect(r.evalsha_ro(delSha, 1, 'a')).rejects.toBeInstanceOf(ResponseError);
        // Wrong forms fail before anything is sent.
        await expect(r.eval_ro('return 1', 2, 'a')).rejects.toBeInstanceOf(DataError);
        await expect(r.evalsha_ro(5 as never, 0)).rejects.toBeInstanceOf(DataError);
      });

      it('test_script_flush_620 / test_script_flush / test_flush_response', async () => {
        await r.script_load(MULTIPLY);
        expect(await r.script_flush('ASYNC')).toBe(true);
        await r.script_load(MULTIPLY);
        expect(await r.script_flush('SYNC')).toBe(true);
        await r.script_load(MULTIPLY);
        expect(await r.script_flush()).toBe(true);
        expect(await r.script_flush(null)).toBe(true);
        await expect(r.script_flush('NOTREAL' as 'SYNC')).rejects.toBeInstanceOf(DataError);
      });

      it('test_evalsha / test_evalsha_script_not_loaded / test_script_loading', async () => {
        await r.set('a', 2);
        const sha = await r.script_load(MULTIPLY);
        expect(await r.evalsha(sha, 1, 'a', 3)).toBe(6);
        await r.script_flush();
        await expect(r.evalsha(sha, 1, 'a', 3)).rejects.toBeInstanceOf(NoScriptError);
        expect(await r.script_exists(sha)).toEqual([false]);
        expect(await r.script_load(MULTIPLY)).toBe(sha);
        expect(await r.script_exists(sha)).toEqual([true]);
        expect(await r.script_exists([sha, '0'.repeat(40)])).toEqual([true, false]);
      });

      it('test_script_object / test_script_object_in_pipeline / test_eval_msgpack_pipeline_error_in_lua', async () => {
        await r.script_flush();
        await r.set('a', 2);
        const multiply = r.register_script(MULTIPLY);
        const sha = multiply.sha;
        expect(await r.script_exists(sha)).toEqual([false]);
        expect(await multiply({ keys: ['a'], args: [3] })).toBe(6);
        expect(await r.script_exists(sha)).toEqual([true]);
        expect(multiply.sha).toBe(sha);
        expect(await multiply({ keys: ['a'], args: [3] })).toBe(6);

        await r.script_flush();
        const pipe = r.pipeline();
        pipe.set('a', 2).get('a');
        multiply({ keys: ['a'], args: [3], client: pipe });
        expect(await r.script_exists(sha)).toEqual([false]);
        expect(await pipe.execute()).toEqual([true, '2', 6]);
        expect(await r.script_exists(sha)).toEqual([true]);

        const hello = r.register_script(MSGPACK_HELLO);
        const pipe2 = r.pipeline();
        hello({ args: [MSGPACK_JOE], client: pipe2 });
        expect((await pipe2.execute())[0]).toBe('hello Joe');
        const broken = r.register_script(MSGPACK_BROKEN);
        const pipe3 = r.pipeline();
        broken({ args: [MSGPACK_JOE], client: pipe3 });
        await expect(pipe3.execute()).rejects.toBeInstanceOf(ResponseError);
      });

      it('script_kill stops a busy script; NOTBUSY when none runs; test_script_debug is not offered', async () => {
        await expect(r.script_kill()).rejects.toBeInstanceOf(ResponseError);
        const other = new StrictRedis({ host: server.host, port: server.port });
        try {
          const busy = other.eval('local i = 0 while true do i = i + 1 end', 0).catch((err: unknown) => err);
          await waitBusy(r);
          expect(await r.script_kill()).toBe(true);
          expect(await busy).toBeInstanceOf(ResponseError);
        } finally {
          await r.script_kill().catch(() => {});
          other.disconnect();
        }
        expect((r as unknown as Record<string, unknown>).script_debug).toBeUndefined();
      });
    });

    describe('test_function', () => {
      beforeAll(async () => {
        await r.function_flush();
      });

      it('test_function_load', async () => {
        await r.function_flush();
        expect(await r.function_load(code(lib, FUNCTION))).toBe(lib);
        expect(await r.function_load(code(lib, FUNCTION), { replace: true })).toBe(lib);
        await expect(r.function_load(code(lib, FUNCTION))).rejects.toBeInstanceOf(ResponseError);
        await expect(r.function_load(code(lib2, FUNCTION))).rejects.toBeInstanceOf(ResponseError);
        expect(await rb.function_load(code(lib, FUNCTION), { replace: true })).toBe(lib);
      });

      it('test_function_delete / test_function_flush', async () => {
        await r.function_flush();
        await r.function_load(code(lib, SET_FUNCTION));
        await expect(r.function_load(code(lib, SET_FUNCTION))).rejects.toBeInstanceOf(ResponseError);
        expect(await r.fcall('set', 1, 'foo', 'bar')).toBe('OK');
        expect(await r.function_delete('mylib')).toBe(true);
        await expect(r.fcall('set', 1, 'foo', 'bar')).rejects.toBeInstanceOf(ResponseError);
        await r.function_load(code(lib, FUNCTION));
        expect(await r.fcall('myfunc', 0, 'hello')).toBe('hello');
        expect(await r.function_flush()).toBe(true);
        await expect(r.fcall('myfunc', 0, 'hello')).rejects.toBeInstanceOf(ResponseError);
        await expect(r.function_flush('ABC' as 'SYNC')).rejects.toBeInstanceOf(DataError);
        expect(await r.function_flush('async')).toBe(true);
      });

      it('test_function_list: the same records in both protocols', async () => {
        await r.function_flush();
        await r.function_load(code(lib, FUNCTION));
        const expected = [
          {
            library_name: 'mylib',
            engine: 'LUA',
            functions: [{ name: 'myfunc', description: null, flags: ['no-writes'] }],
          },
        ];
        expect(await r.function_list()).toEqual(expected);
        expect(await r.function_list('*lib')).toEqual(expected);
        expect(await r.function_list('nomatch*')).toEqual([]);
        expect(await r.function_list(undefined, { withcode: true })).toEqual([
          { ...expected[0], library_code: code(lib, FUNCTION) },
        ]);
        const binary = await rb.function_list();
        expect(binary[0].library_name).toEqual(Buffer.from('mylib'));
        expect(binary[0].functions[0].flags).toEqual([Buffer.from('no-writes')]);
      });

      it('test_fcall / test_fcall_ro', async () => {
        await r.function_flush();
        await r.function_load(code(lib, SET_FUNCTION));
        await r.function_load(code(lib2, GET_FUNCTION));
        expect(await r.fcall('set', 1, 'foo', 'bar')).toBe('OK');
        expect(await r.fcall('get', 1, 'foo')).toBe('bar');
        await expect(r.fcall('myfunc', 0, 'hello')).rejects.toBeInstanceOf(ResponseError);
        await r.function_flush();
        await r.function_load(code(lib, FUNCTION));
        expect(await r.fcall_ro('myfunc', 0, 'hello')).toBe('hello');
        await r.function_load(code(lib2, SET_FUNCTION));
        await expect(r.fcall_ro('set', 1, 'foo', 'bar')).rejects.toBeInstanceOf(ResponseError);
        await expect(r.fcall_ro('set', 2, 'foo')).rejects.toBeInstanceOf(DataError);
      });

      it('test_function_dump_restore', async () => {
        await r.function_flush();
        await r.function_load(code(lib, SET_FUNCTION));
        const payload = await r.function_dump();
        expect(Buffer.isBuffer(payload)).toBe(true);
        expect(await r.fcall('set', 1, 'foo', 'bar')).toBe('OK');
        await r.function_delete('mylib');
        await expect(r.fcall('set', 1, 'foo', 'bar')).rejects.toBeInstanceOf(ResponseError);
        expect(await r.function_restore(payload)).toBe(true);
        expect(await r.fcall('set', 1, 'foo', 'bar')).toBe('OK');
        await r.function_load(code(lib2, GET_FUNCTION));
        expect(await r.fcall('get', 1, 'foo')).toBe('bar');
        await r.function_delete('mylib');
        expect(await r.function_restore(payload, 'FLUSH')).toBe(true);
        await expect(r.fcall('get', 1, 'foo')).rejects.toBeInstanceOf(ResponseError);
        await expect(r.function_restore(payload)).rejects.toBeInstanceOf(ResponseError);
        expect(await r.function_restore(payload, 'replace')).toBe(true);
      });

      it('function_stats and function_kill against a busy function', async () => {
        await r.function_flush();
        await r.function_load(
          code(
            lib,
            "redis.register_function{function_name='spin', callback=function() while true do end end, flags={'no-writes'}}",
          ),
        );
        const idle = await r.function_stats();
        expect(idle).toEqual({ running_script: null, engines: { LUA: { libraries_count: 1, functions_count: 1 } } });
        await expect(r.function_kill()).rejects.toBeInstanceOf(ResponseError);
        const other = new StrictRedis({ host: server.host, port: server.port });
        try {
          const busy = other.fcall_ro('spin', 0).catch((err: unknown) => err);
          await waitBusy(r);
          const stats = await r.function_stats();
          expect(stats.running_script?.name).toBe('spin');
          expect(stats.running_script?.command).toEqual(['FCALL_RO', 'spin', '0']);
          expect(typeof stats.running_script?.duration_ms).toBe('number');
          expect(await r.function_kill()).toBe(true);
          expect(await busy).toBeInstanceOf(ResponseError);
        } finally {
          await r.function_kill().catch(() => {});
          other.disconnect();
        }
      });
    });
  });

/** Waits until the server answers BUSY (a script or function is running past busy-reply-threshold). */
async function waitBusy(r: StrictRedis): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const err = await r.ping().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (err instanceof BusyError) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the script never became busy');
}
