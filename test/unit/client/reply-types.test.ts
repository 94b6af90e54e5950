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
