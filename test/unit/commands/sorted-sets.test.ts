/**
 * Sorted-set declarations without a server: redis-py's argument forms (and the DataErrors for the wrong ones, raised
 * before anything is sent), score_cast_func, and replies built from RESP2 and RESP3 alike — ZRANK WITHSCORE (Redis
 * 7.2) included, which the test server (7.0) cannot produce.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { DataError } from '../../../src/errors.js';
import { build, fails, keysOf, replyOf } from '../../harness/declarations.js';

describe('zmpop, bzmpop and zintercard take redis-py’s (numkeys, keys) form', () => {
  it('builds numkeys, the keys, MIN/MAX and COUNT; the keys are what follows numkeys', () => {
    expect(build('zmpop', 2, ['b', 'a'], { min: true, count: 2 })).toEqual(['ZMPOP', 2, 'b', 'a', 'MIN', 'COUNT', 2]);
    expect(build('zmpop', 1, 'a', { max: true })).toEqual(['ZMPOP', 1, 'a', 'MAX']);
    expect(build('bzmpop', 1, 2, ['b', 'a'], { max: true })).toEqual(['BZMPOP', 1, 2, 'b', 'a', 'MAX']);
    expect(build('zintercard', 3, ['a', 'b', 'c'])).toEqual(['ZINTERCARD', 3, 'a', 'b', 'c']);
    expect(build('zintercard', 2, ['a', 'b'], { limit: 1 })).toEqual(['ZINTERCARD', 2, 'a', 'b', 'LIMIT', 1]);
    expect(keysOf('zmpop', 2, ['b', 'a'], { min: true, count: 2 })).toEqual(['b', 'a']);
    expect(keysOf('bzmpop', 0, 1, ['a'], { min: true })).toEqual(['a']);
    expect(keysOf('zintercard', 2, ['a', 'b'], { limit: 1 })).toEqual(['a', 'b']);
    expect(COMMAND_SPECS.bzmpop.blockingTimeoutMs?.(0.25, 1, ['a'], { min: true })).toBe(250);
  });

  it('refuses a numkeys that disagrees with the keys, and the old keys-first form', () => {
    expect(fails('zmpop', 3, ['b', 'a'], { min: true })).toThrow(/ZMPOP: numkeys does not match/);
    expect(fails('bzmpop', 1, 1, ['b', 'a'], { min: true })).toThrow(DataError);
    expect(fails('zintercard', 1, ['a', 'b'])).toThrow(/ZINTERCARD: numkeys/);
    expect(fails('zmpop', ['b', 'a'], { min: true })).toThrow(/numkeys must be a positive integer/);
    expect(fails('bzmpop', 1, ['a'], { min: true })).toThrow(DataError);
    expect(fails('zmpop', 0, [], { min: true })).toThrow(DataError);
  });

  it('needs exactly one of min and max; count and limit must be integers', () => {
    expect(fails('zmpop', 2, ['b', 'a'], { count: 2 })).toThrow(/exactly one of min or max/);
    expect(fails('zmpop', 1, ['a'])).toThrow(/exactly one of min or max/);
    expect(fails('bzmpop', 1, 1, ['a'], { min: true, max: true })).toThrow(DataError);
    expect(fails('zmpop', 1, ['a'], { min: true, count: 0 })).toThrow(/count must be a positive integer/);
    expect(fails('zintercard', 1, ['a'], { limit: -1 })).toThrow(DataError);
    expect(fails('zintercard', 1, ['a'], 1)).toThrow(/expected an options object/);
  });

  it('replies [key, [member, score] pairs] from RESP2 and RESP3 alike; null when nothing was popped', () => {
    const expected = [
      'a',
      [
        ['a1', 1],
        ['a2', 2],
      ],
    ];
    expect(
      replyOf(
        'zmpop',
        [2, ['b', 'a'], { min: true }],
        [
          'a',
          [
            ['a1', '1'],
            ['a2', '2'],
          ],
        ],
      ),
    ).toEqual(expected);
    expect(
      replyOf(
        'zmpop',
        [2, ['b', 'a'], { min: true }],
        [
          'a',
          [
            ['a1', 1],
            ['a2', 2],
          ],
        ],
      ),
    ).toEqual(expected);
    expect(replyOf('bzmpop', [1, 1, ['a'], { max: true }], null)).toBeNull();
  });
});

describe('score_cast_func', () => {
  const big = '1.7732526297292595e+18';

  it('is applied to every score of RESP2 (text) and RESP3 (double) replies, as a number', () => {
    const seen: unknown[] = [];
    const cast = (s: number) => {
      seen.push(s);
      return String(s);
    };
    const options = { withscores: true, score_cast_func: cast };
    expect(replyOf('zrange', ['z', 0, 1, options], ['a1', '1', 'a2', '2.5'])).toEqual([
      ['a1', '1'],
      ['a2', '2.5'],
    ]);
    expect(
      replyOf(
        'zrange',
        ['z', 0, 1, options],
        [
          ['a1', 1],
          ['a2', 2.5],
        ],
      ),
    ).toEqual([
      ['a1', '1'],
      ['a2', '2.5'],
    ]);
    expect(seen).toEqual([1, 2.5, 1, 2.5]);
  });

  it('reads scientific notation (redis-py test_*_score_cast_scientific_notation)', () => {
    const toBigInt = { score_cast_func: BigInt };
    expect(replyOf('zrange', ['z', 0, 1, { withscores: true, ...toBigInt }], ['member1', big])).toEqual([
      ['member1', 1773252629729259520n],
    ]);
    expect(replyOf('zrangebyscore', ['z', 0, 1, { withscores: true, ...toBigInt }], ['a1', big, 'a2', '2'])).toEqual([
      ['a1', 1773252629729259520n],
      ['a2', 2n],
    ]);
    expect(replyOf('zrevrank', ['z', 'm', { withscore: true, ...toBigInt }], [2, big])).toEqual([
      2,
      1773252629729259520n,
    ]);
    expect(replyOf('zscan', ['z', 0, toBigInt], ['0', ['member1', big]])).toEqual([
      0,
      [['member1', 1773252629729259520n]],
    ]);
    expect(replyOf('zrange', ['z', 0, 1, { withscores: true }], ['member1', big])).toEqual([
      ['member1', 1.7732526297292595e18],
    ]);
  });

  it('is accepted by every method redis-py gives it to, and refused elsewhere or where there are no scores', () => {
    const cast = { score_cast_func: Math.round };
    for (const [method, args] of [
      ['zrange', ['z', 0, 1, { withscores: true, ...cast }]],
      ['zrevrange', ['z', 0, 1, { withscores: true, ...cast }]],
      ['zrangebyscore', ['z', 0, 1, { withscores: true, ...cast }]],
      ['zrevrangebyscore', ['z', 1, 0, { withscores: true, ...cast }]],
      ['zunion', [['a', 'b'], { withscores: true, ...cast }]],
      ['zrank', ['z', 'm', { withscore: true, ...cast }]],
      ['zrevrank', ['z', 'm', { withscore: true, ...cast }]],
      ['zscan', ['z', 0, cast]],
    ] as const) {
      expect(() => build(method, ...args), method).not.toThrow();
    }
    expect(fails('zrange', 'z', 0, 1, cast)).toThrow(/score_cast_func needs a reply with scores/);
    expect(fails('zrank', 'z', 'm', cast)).toThrow(DataError);
    expect(fails('zrange', 'z', 0, 1, { withscores: true, score_cast_func: 'int' })).toThrow(/must be a function/);
    expect(fails('zinter', ['a', 'b'], { withscores: true, ...cast })).toThrow(/unknown option 'score_cast_func'/);
    expect(fails('zpopmin', 'z', cast)).toThrow(DataError);
  });
});

describe('zrank and zrevrank with withscore (Redis 7.2)', () => {
  it('send WITHSCORE and give [rank, score] from RESP2 and RESP3, null for a non-member', () => {
    expect(build('zrank', 'z', 'a3', { withscore: true })).toEqual(['ZRANK', 'z', 'a3', 'WITHSCORE']);
    expect(build('zrevrank', 'z', 'a3')).toEqual(['ZREVRANK', 'z', 'a3']);
    expect(replyOf('zrank', ['z', 'a3', { withscore: true }], [2, '3'])).toEqual([2, 3]);
    expect(replyOf('zrank', ['z', 'a3', { withscore: true }], [2, 3])).toEqual([2, 3]);
    expect(replyOf('zrank', ['z', 'a6', { withscore: true }], null)).toBeNull();
    expect(replyOf('zrank', ['z', 'a3', { withscore: true, score_cast_func: String }], [2, '3'])).toEqual([2, '3']);
  });
});

describe('sorted-set argument checks', () => {
  it('bzpopmin/bzpopmax read a null timeout as 0 (wait forever), as redis-py reads None', () => {
    expect(build('bzpopmin', ['a', 'b'], null)).toEqual(['BZPOPMIN', 'a', 'b', 0]);
    expect(COMMAND_SPECS.bzpopmax.blockingTimeoutMs?.('a', null)).toBe(0);
  });

  it('zadd refuses what is not a mapping, and redis-py’s flag combinations', () => {
    expect(fails('zadd', 'z', 'a1')).toThrow(/ZADD needs a mapping/);
    expect(fails('zadd', 'z', Buffer.from('a'))).toThrow(DataError);
    expect(fails('zadd', 'z', {})).toThrow(DataError);
    expect(fails('zadd', 'z', [['a', 1, 2]])).toThrow(DataError);
    expect(fails('zadd', 'z', { a: 1 }, { nx: true, lt: true })).toThrow(DataError);
    expect(build('zadd', 'z', new Map([['a', 1]]), { xx: true, ch: true })).toEqual(['ZADD', 'z', 'XX', 'CH', 1, 'a']);
  });

  it('aggregate is SUM, MIN or MAX in any case (a Buffer too); zdiff takes no weights, zdiffstore no options', () => {
    expect(build('zunion', ['a', 'b'], { aggregate: Buffer.from('max') })).toEqual([
      'ZUNION',
      2,
      'a',
      'b',
      'AGGREGATE',
      'MAX',
    ]);
    expect(fails('zinter', ['a', 'b'], { aggregate: 'foo' })).toThrow(/aggregate must be SUM, MIN or MAX/);
    expect(fails('zdiff', { a: 1, b: 2 })).toThrow(/ZDIFF takes no weights/);
    expect(fails('zdiff', ['a', 'b'], { aggregate: 'sum' })).toThrow(/unknown option 'aggregate'/);
    expect(fails('zdiffstore', 'd', ['a', 'b'], { aggregate: 'sum' })).toThrow(/takes at most 2 arguments/);
    expect(fails('zrandmember', 'z', 1.5)).toThrow(/count must be an integer/);
    expect(fails('zpopmin', 'z', -1)).toThrow(DataError);
  });
});
