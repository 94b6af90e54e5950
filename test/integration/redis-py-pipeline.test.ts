/**
 * redis-py's tests/test_pipeline.py, in this project's terms: pipelines, WATCH/MULTI/EXEC with immediate commands
 * before multi(), transaction() with value_from_callable, and errors that name their command's place.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, ResponseError, StrictRedis, WatchError, WrongTypeError } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `rp-pipe:${process.pid}:`;
const k = (name: string) => `${P}${name}`;
let r: StrictRedis;
let other: StrictRedis;

beforeAll(() => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
  other = new StrictRedis({ host: standalone.host, port: standalone.port });
});
afterEach(async () => {
  const keys = (await r.keys(`${P}*`)) as string[];
  if (keys.length > 0) await r.delete(keys);
});
afterAll(async () => {
  await Promise.all([r.close(), other.close()]);
});

describe('pipelines', () => {
  it('test_pipeline: chained commands, results in order', async () => {
    const pipe = r.pipeline();
    pipe.set(k('a'), 'a1').get(k('a')).zadd(k('z'), { z1: 1 }).zadd(k('z'), { z2: 4 }).zincrby(k('z'), 1, 'z1');
    expect(await pipe.execute()).toEqual([true, 'a1', 1, 1, 2]);
  });

  it('test_pipeline_length: execute() empties the pipeline', async () => {
    const pipe = r.pipeline();
    expect(pipe.length).toBe(0);
    pipe.set(k('a'), 'a1').set(k('b'), 'b1').set(k('c'), 'c1');
    expect(pipe.length).toBe(3);
    await pipe.execute();
    expect(pipe.length).toBe(0);
  });

  it('test_pipeline_no_transaction', async () => {
    const pipe = r.pipeline({ transaction: false });
    pipe.set(k('a'), 'a1').set(k('b'), 'b1').set(k('c'), 'c1');
    expect(await pipe.execute()).toEqual([true, true, true]);
    expect(await r.mget(k('a'), k('b'), k('c'))).toEqual(['a1', 'b1', 'c1']);
  });

  it('test_exec_error_in_response: raise_on_error false puts the error in place; the others ran', async () => {
    await r.set(k('c'), 'a');
    const pipe = r.pipeline();
    pipe.set(k('a'), 1).set(k('b'), 2).lpush(k('c'), 3).set(k('d'), 4);
    const result = await pipe.execute({ raise_on_error: false });
    expect(result[0]).toBe(true);
    expect(result[1]).toBe(true);
    expect(result[2]).toBeInstanceOf(ResponseError);
    expect(result[3]).toBe(true);
    expect(await r.mget(k('a'), k('b'), k('c'), k('d'))).toEqual(['1', '2', 'a', '4']);
    expect(await pipe.set(k('z'), 'zzz').execute()).toEqual([true]);
  });

  it('test_exec_error_raised: the error names the command and its place, never its arguments', async () => {
    await r.set(k('c'), 'a');
    const pipe = r.pipeline();
    pipe.set(k('a'), 1).set(k('b'), 2).lpush(k('c'), 3).set(k('d'), 4);
    const err = await pipe.execute().then(
      () => undefined,
      (e: unknown) => e as ResponseError,
    );
    expect(err).toBeInstanceOf(WrongTypeError);
    expect(err?.message.startsWith('command #3 (LPUSH) of the pipeline: WRONGTYPE')).toBe(true);
    expect(err?.message).not.toContain(k('c'));
    expect(err?.command).toBe('LPUSH');
    expect(await pipe.set(k('z'), 'zzz').execute()).toEqual([true]);
  });

  it('test_exec_error_in_no_transaction_pipeline: the failing command is named, the others ran', async () => {
    await r.set(k('a'), 1);
    const pipe = r.pipeline({ transaction: false });
    pipe.llen(k('a')).expire(k('a'), 100);
    await expect(pipe.execute()).rejects.toThrow(/^command #1 \(LLEN\) of the pipeline: WRONGTYPE/);
    expect(await r.get(k('a'))).toBe('1');
    expect(await r.ttl(k('a'))).toBeGreaterThan(0);
  });

  it('test_transaction_with_empty_error_command / test_pipeline_with_empty_error_command: mget([]) is []', async () => {
    for (const transaction of [true, false]) {
      for (const raise_on_error of [true, false]) {
        const pipe = r.pipeline({ transaction });
        pipe.set(k('a'), 1).mget([]).set(k('c'), 3);
        expect(await pipe.execute({ raise_on_error })).toEqual([true, [], true]);
      }
    }
  });

  it('test_parse_error_raised: a command without its arguments is refused when queued (redis-py: by the server)', () => {
    const pipe = r.pipeline();
    pipe.set(k('a'), 1);
    expect(() => pipe.zrem(k('b'))).toThrow(DataError);
    expect(pipe.length).toBe(1);
  });

  it('test_send_set_commands_over_pipeline', async () => {
    const pipe = r.pipeline();
    pipe.hset(k('hash'), 'foo', 'bar').hset(k('hash'), 'bar', 'foo').hset(k('hash'), 'baz', 'bar').hgetall(k('hash'));
    const [a, b, c, all] = await pipe.execute();
    expect([a, b, c]).toEqual([1, 1, 1]);
    expect({ ...(all as object) }).toEqual({ bar: 'foo', baz: 'bar', foo: 'bar' });
  });

  it('refuses unknown pipeline and execute options', async () => {
    expect(() => r.pipeline({ transacton: false } as never)).toThrow(/did you mean 'transaction'/);
    await expect(r.pipeline().execute({ raise_on_errors: false } as never)).rejects.toThrow(DataError);
  });
});

describe('WATCH, MULTI and EXEC', () => {
  it('test_pipeline_no_transaction_watch: commands run at once while watching, then MULTI/EXEC', async () => {
    await r.set(k('a'), 0);
    const pipe = r.pipeline({ transaction: false });
    const w = await pipe.watch(k('a'));
    const a = await w.get(k('a'));
    w.multi().set(k('a'), Number(a) + 1);
    expect(await pipe.execute()).toEqual([true]);
    expect(await r.get(k('a'))).toBe('1');
  });

  it('test_pipeline_no_transaction_watch_failure: WatchError and nothing written', async () => {
    await r.set(k('a'), 0);
    const pipe = r.pipeline({ transaction: false });
    const w = await pipe.watch(k('a'));
    const a = await w.get(k('a'));
    await other.set(k('a'), 'bad');
    w.multi().set(k('a'), Number(a) + 1);
    await expect(pipe.execute()).rejects.toBeInstanceOf(WatchError);
    expect(await r.get(k('a'))).toBe('bad');
  });

  it('test_watch_succeed: watching until execute()', async () => {
    await r.mset({ [k('a')]: 1, [k('b')]: 2 });
    const pipe = r.pipeline();
    const w = await pipe.watch(k('a'), k('b'));
    expect(pipe.watching).toBe(true);
    expect(await w.get(k('a'))).toBe('1');
    expect(await w.get(k('b'))).toBe('2');
    w.multi().set(k('c'), 3);
    expect(await pipe.execute()).toEqual([true]);
    expect(pipe.watching).toBe(false);
  });

  it('test_watch_failure', async () => {
    await r.mset({ [k('a')]: 1, [k('b')]: 2 });
    const pipe = r.pipeline();
    await pipe.watch(k('a'), k('b'));
    await other.set(k('b'), 3);
    pipe.multi().get(k('a'));
    await expect(pipe.execute()).rejects.toBeInstanceOf(WatchError);
    expect(pipe.watching).toBe(false);
  });

  it('test_watch_failure_in_empty_transaction: WatchError even when nothing was queued', async () => {
    await r.mset({ [k('a')]: 1, [k('b')]: 2 });
    const pipe = r.pipeline();
    await pipe.watch(k('a'), k('b'));
    await other.set(k('b'), 3);
    pipe.multi();
    await expect(pipe.execute()).rejects.toBeInstanceOf(WatchError);
    expect(pipe.watching).toBe(false);
  });

  it('test_unwatch: after unwatch() commands queue again', async () => {
    await r.mset({ [k('a')]: 1, [k('b')]: 2 });
    const pipe = r.pipeline();
    await pipe.watch(k('a'), k('b'));
    await other.set(k('b'), 3);
    expect(await pipe.unwatch()).toBe(true);
    expect(pipe.watching).toBe(false);
    pipe.get(k('a'));
    expect(await pipe.execute()).toEqual(['1']);
  });

  it('test_watch_reset_unwatch: reset() forgets the watch and gives the connection back', async () => {
    await r.set(k('a'), 1);
    const pipe = r.pipeline();
    await pipe.watch(k('a'));
    expect(pipe.watching).toBe(true);
    await pipe.reset();
    expect(pipe.watching).toBe(false);
    await other.set(k('a'), 2);
    expect(await pipe.set(k('b'), 1).execute()).toEqual([true]);
  });

  it('multi() refuses to nest and refuses commands queued before it; WATCH after MULTI is refused', async () => {
    const pipe = r.pipeline();
    pipe.multi();
    expect(() => pipe.multi()).toThrow(DataError);
    await expect(pipe.watch(k('a'))).rejects.toThrow(/WATCH after MULTI/);
    const queued = r.pipeline();
    queued.get(k('a'));
    expect(() => queued.multi()).toThrow(/already queued/);
  });

  it('test_parse_error_raised_transaction: an explicit multi() then a refused command', async () => {
    const pipe = r.pipeline();
    pipe.multi();
    pipe.set(k('a'), 1);
    expect(() => pipe.zrem(k('b'))).toThrow(DataError);
    expect(await pipe.set(k('b'), 2).execute()).toEqual([true, true]);
  });
});

describe('transaction()', () => {
  it('test_transaction_callable: reads at once, runs again after a conflicting write', async () => {
    await r.mset({ [k('a')]: 1, [k('b')]: 2 });
    let hasRun = false;
    const result = await r.transaction(
      async (pipe) => {
        const a = await pipe.get(k('a'));
        expect(['1', '2']).toContain(a);
        const b = await pipe.get(k('b'));
        expect(b).toBe('2');
        if (!hasRun) {
          await other.incr(k('a'));
          hasRun = true;
        }
        pipe.multi();
        pipe.set(k('c'), Number(a) + Number(b));
      },
      k('a'),
      k('b'),
    );
    expect(result).toEqual([true]);
    expect(await r.get(k('c'))).toBe('4');
  });

  it('test_transaction_callable_returns_value_from_callable', async () => {
    expect(await r.transaction(() => 'a', k('my-key'), { value_from_callable: true })).toBe('a');
  });

  it('a watched key changed while nothing was queued: runs again instead of returning []', async () => {
    await r.set(k('w'), 0);
    let attempts = 0;
    const result = await r.transaction(
      async (pipe) => {
        attempts++;
        await pipe.get(k('w'));
        if (attempts === 1) await other.set(k('w'), 1);
      },
      k('w'),
      { watch_delay: 0.01 },
    );
    expect(attempts).toBe(2);
    expect(result).toEqual([]);
  });

  it('without watched keys commands queue as in a plain transaction', async () => {
    expect(await r.transaction((pipe) => void pipe.set(k('n'), 1).get(k('n')))).toEqual([true, '1']);
  });

  it('refuses unknown options and values that are neither keys nor options', async () => {
    await expect(r.transaction(() => {}, k('a'), { value_from_callabel: true } as never)).rejects.toThrow(
      /did you mean 'value_from_callable'/,
    );
    await expect(r.transaction(() => {}, [k('a')] as never)).rejects.toThrow(DataError);
  });
});
