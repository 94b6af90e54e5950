/**
 * The reply types a client's options select. These assertions are checked by `npm run typecheck` (tsc over test/);
 * the runtime part checks the option values the types are derived from are the ones the clients accept.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError, StrictRedis, StrictRedisCluster } from '../../../src/index.js';

const startup_nodes = [{ host: '127.0.0.1', port: 1 }];

describe('reply types follow the options', () => {
  it('decode_responses selects string or Buffer, integer_replies number or bigint', () => {
    const plain = new StrictRedis({ port: 1 });
    const bytes = new StrictRedis({ port: 1, decode_responses: false });
    const big = new StrictRedis({ port: 1, integer_replies: 'bigint' });
    const camel = new StrictRedis({ port: 1, decodeResponses: false, integerReplies: 'bigint' });
    const none = new StrictRedis();
    expectTypeOf(plain.get).returns.resolves.toEqualTypeOf<string | null>();
    expectTypeOf(plain.incr).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(none.get).returns.resolves.toEqualTypeOf<string | null>();
    expectTypeOf(bytes.get).returns.resolves.toEqualTypeOf<Buffer | null>();
    expectTypeOf(big.incr).returns.resolves.toEqualTypeOf<bigint>();
    expectTypeOf(big.get).returns.resolves.toEqualTypeOf<string | null>();
    expectTypeOf(camel.get).returns.resolves.toEqualTypeOf<Buffer | null>();
    expectTypeOf(camel.strlen).returns.resolves.toEqualTypeOf<bigint>();
    const rc = new StrictRedisCluster({ startup_nodes, integer_replies: 'bigint', decode_responses: false });
    expectTypeOf(rc.incrby).returns.resolves.toEqualTypeOf<bigint>();
    expectTypeOf(rc.get).returns.resolves.toEqualTypeOf<Buffer | null>();
    const rcDefault = new StrictRedisCluster({ startup_nodes });
    expectTypeOf(rcDefault.dbsize).returns.resolves.toEqualTypeOf<number>();
    for (const client of [plain, bytes, big, camel, none]) client.disconnect();
    rc.disconnect();
    rcDefault.disconnect();
    expect(() => new StrictRedis({ integer_replies: 'float' as 'number' })).toThrow(DataError);
  });
});

/** Checked by the compiler (tsc covers test/); never called, so nothing is sent. */
async function pipelineTypes(r: StrictRedis, big: StrictRedis<Buffer, bigint>, rc: StrictRedisCluster): Promise<void> {
  expectTypeOf(r.pipeline().set('a', '1').get('a').execute()).resolves.toEqualTypeOf<[boolean, string | null]>();
  expectTypeOf(r.pipeline({ transaction: false }).set('a', '1').get('a').exec()).resolves.toEqualTypeOf<
    [boolean, string | null]
  >();
  expectTypeOf(rc.pipeline().set('a', '1').get('a').execute()).resolves.toEqualTypeOf<[boolean, string | null]>();
  expectTypeOf(rc.pipeline({ transaction: true }).incr('{t}a').get('{t}b').execute()).resolves.toEqualTypeOf<
    [number, string | null]
  >();
  expectTypeOf(big.pipeline().incr('a').get('a').set('a', 'b', { get: true }).execute()).resolves.toEqualTypeOf<
    [bigint, Buffer | null, Buffer | null]
  >();
  expectTypeOf(r.pipeline().zrange('z', 0, -1, { withscores: true }).execute()).resolves.toEqualTypeOf<
    [Array<[string, number]>]
  >();
  // raise_on_error: false puts errors in their places.
  expectTypeOf(r.pipeline().incr('a').get('a').execute({ raise_on_error: false })).resolves.toEqualTypeOf<
    [number | Error, string | null | Error]
  >();
  // Commands queued in statements of their own are not in the pipeline's type: unknown[], as before.
  const loose = r.pipeline();
  loose.incr('a');
  expectTypeOf(loose.execute()).resolves.toEqualTypeOf<unknown[]>();
  expectTypeOf(r.pipeline().execute_command('PING').execute()).resolves.toEqualTypeOf<[unknown]>();
  // watch(): immediate commands until multi(), then a typed chain.
  const watching = await r.pipeline().watch('k');
  expectTypeOf(watching.get('k')).resolves.toEqualTypeOf<string | null>();
  expectTypeOf(watching.multi().incr('k').get('k').execute()).resolves.toEqualTypeOf<[number, string | null]>();
  await r.transaction(async (pipe) => {
    expectTypeOf(pipe.get('k')).resolves.toEqualTypeOf<string | null>();
    expectTypeOf(pipe.multi().incr('k').execute()).resolves.toEqualTypeOf<[number]>();
  }, 'k');
  await rc.transaction(async (pipe) => {
    expectTypeOf(pipe.multi().incr('{t}k').execute()).resolves.toEqualTypeOf<[number]>();
  }, '{t}k');
  expectTypeOf(r.ping()).resolves.toEqualTypeOf<true>();
  expectTypeOf(r.ping('hello')).resolves.toEqualTypeOf<string | true>();
  expectTypeOf(rc.quit()).resolves.toEqualTypeOf<true>();
}

describe('pipeline types', () => {
  it('are checked by the compiler', () => {
    expect(pipelineTypes).toBeTypeOf('function');
  });
});
