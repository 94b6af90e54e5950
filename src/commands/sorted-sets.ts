/** Sorted set commands: adding, scores, counts, ranks, random members and ZSCAN (pops and ranges have files of their own). */

import { DataError } from '../errors.js';
import { isPlainObject, optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { integerAtLeast } from './argument-checks.js';
import { cacheable, defineCommand, FIRST_KEY, IDEMPOTENT, listArg, READ_ONLY, WRITE } from './define.js';
import { type ScanOptions, scanArgs, scanCursor } from './sets.js';
import { sortedSetPopCommands } from './sorted-set-pops.js';
import { castPairs, castScore, type ScoreCast, type ScoreCastOption, scoreCast } from './sorted-set-scores.js';
import {
  asBulkArray,
  asBulkOrNull,
  asInt,
  asInteger,
  asIntOrNull,
  asNumber,
  asNumberOrNull,
  asNumberOrNullArray,
  asScoredMembers,
  toArray,
} from './transforms.js';
import type { Bulk, KeyArg, ScoreArg, ValueArg } from './types.js';

/** Options of ZADD. */
export interface ZaddOptions {
  nx?: boolean;
  xx?: boolean;
  gt?: boolean;
  lt?: boolean;
  /** Count changed elements, not only added ones. */
  ch?: boolean;
  /** Increment the score of one member (like ZINCRBY); returns the new score, or null when NX/XX prevented it. */
  incr?: boolean;
}

/** Members with their scores: `{ member: score }`, a Map, or `[member, score]` pairs. */
export type ScoreMapping =
  | Record<string, ScoreArg>
  | Map<KeyArg, ScoreArg>
  | ReadonlyArray<readonly [KeyArg, ScoreArg]>;

/** The `[member, score]` pairs of a mapping; DataError for anything that is not a mapping (a string, a Buffer…). */
function scorePairs(mapping: ScoreMapping): Array<readonly [KeyArg, ScoreArg]> {
  if (mapping instanceof Map) return [...mapping];
  if (Array.isArray(mapping)) {
    for (const pair of mapping) {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new DataError('ZADD: a list mapping holds [member, score] pairs');
    }
    return [...mapping];
  }
  if (isPlainObject(mapping)) return Object.keys(mapping).map((m) => [m, (mapping as Record<string, ScoreArg>)[m]]);
  throw new DataError('ZADD needs a mapping of members to scores (a plain object, a Map or [member, score] pairs)');
}

function zaddArgs(name: KeyArg, mapping: ScoreMapping, options: ZaddOptions = {}): RedisArg[] {
  const pairs = scorePairs(mapping);
  // redis-py's checks, in its order.
  if (pairs.length === 0) throw new DataError('ZADD needs at least one member/score pair');
  if (options.nx && options.xx) throw new DataError('ZADD takes nx or xx, not both');
  if (options.gt && options.lt) throw new DataError('ZADD takes gt or lt, not both');
  if (options.incr && pairs.length !== 1) throw new DataError('ZADD with incr takes exactly one member');
  if (options.nx && (options.gt || options.lt)) throw new DataError('ZADD takes only one of nx, gt and lt');
  const args: RedisArg[] = ['ZADD', name];
  if (options.nx) args.push('NX');
  if (options.xx) args.push('XX');
  if (options.ch) args.push('CH');
  if (options.incr) args.push('INCR');
  if (options.gt) args.push('GT');
  if (options.lt) args.push('LT');
  for (const [member, score] of pairs) args.push(score, member);
  return args;
}

export const ZADD = defineCommand({
  name: 'ZADD',
  maxArgs: 3,
  options: optionKeys<ZaddOptions>({ nx: true, xx: true, gt: true, lt: true, ch: true, incr: true }),
  build: zaddArgs,
  transform: asInt,
  transformFor: (_name: KeyArg, _mapping: ScoreMapping, options?: ZaddOptions) =>
    options?.incr ? asNumberOrNull : undefined,
  keys: FIRST_KEY,
  // With INCR a repetition adds again, so ZADD as a whole is not declared resend-safe.
  flags: WRITE,
});

export const ZSCORE = defineCommand({
  name: 'ZSCORE',
  cacheable: true,
  maxArgs: 2,
  build: (name: KeyArg, value: ValueArg) => ['ZSCORE', name, value],
  transform: asNumberOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZREM = defineCommand({
  name: 'ZREM',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...values: Array<ValueArg | readonly ValueArg[]>) => [
    'ZREM',
    name,
    ...listArg('ZREM', 'member', values),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const ZINCRBY = defineCommand({
  name: 'ZINCRBY',
  maxArgs: 3,
  build: (name: KeyArg, amount: number, value: ValueArg) => ['ZINCRBY', name, amount, value],
  transform: asNumber,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const ZCARD = defineCommand({
  name: 'ZCARD',
  cacheable: true,
  maxArgs: 1,
  build: (name: KeyArg) => ['ZCARD', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZCOUNT = defineCommand({
  name: 'ZCOUNT',
  cacheable: true,
  maxArgs: 3,
  build: (name: KeyArg, min: ScoreArg, max: ScoreArg) => ['ZCOUNT', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZLEXCOUNT = defineCommand({
  name: 'ZLEXCOUNT',
  cacheable: true,
  maxArgs: 3,
  build: (name: KeyArg, min: ValueArg, max: ValueArg) => ['ZLEXCOUNT', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of ZRANK and ZREVRANK. */
export interface ZrankOptions extends ScoreCastOption {
  /** Also return the member's score: `[rank, score]` (WITHSCORE, Redis 7.2). */
  withscore?: boolean;
}

/** ZRANK/ZREVRANK WITHSCORE: `[rank, score]` (the score cast when asked), or null for a non-member. */
function rankWithScore(cast: ScoreCast | undefined) {
  return (reply: RespValue): [number, unknown] | null => {
    if (reply === null) return null;
    const [rank, score] = toArray(reply);
    return [asInteger(rank), castScore(score, cast)];
  };
}

function rank(name: 'ZRANK' | 'ZREVRANK') {
  return defineCommand({
    name,
    maxArgs: 3,
    options: optionKeys<ZrankOptions>({ withscore: true, score_cast_func: true }),
    build: (key: KeyArg, value: ValueArg, options: ZrankOptions = {}): RedisArg[] => {
      scoreCast(name, options.score_cast_func, Boolean(options.withscore));
      return options.withscore ? [name, key, value, 'WITHSCORE'] : [name, key, value];
    },
    transform: asIntOrNull,
    transformFor: (_key: KeyArg, _value: ValueArg, options?: ZrankOptions) =>
      options?.withscore ? rankWithScore(options.score_cast_func) : undefined,
    keys: FIRST_KEY,
    flags: READ_ONLY,
  });
}

export const ZRANK = cacheable(rank('ZRANK'));
export const ZREVRANK = cacheable(rank('ZREVRANK'));

export const ZMSCORE = defineCommand({
  name: 'ZMSCORE',
  cacheable: true,
  maxArgs: 'variadic',
  build: (key: KeyArg, ...members: Array<ValueArg | readonly ValueArg[]>) => [
    'ZMSCORE',
    key,
    ...listArg('ZMSCORE', 'member', members),
  ],
  transform: asNumberOrNullArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of ZSCAN (and `zscan_iter`). */
export interface ZscanOptions extends ScanOptions, ScoreCastOption {}

export const ZSCAN = defineCommand({
  name: 'ZSCAN',
  maxArgs: 3,
  options: optionKeys<ZscanOptions>({ match: true, count: true, score_cast_func: true }),
  build: (name: KeyArg, cursor: number | string = 0, options: ZscanOptions = {}) => {
    scoreCast('ZSCAN', options.score_cast_func, true);
    return scanArgs('ZSCAN', name, cursor, options);
  },
  transform: (reply: RespValue): [number, Array<[Bulk, number]>] => {
    const { cursor, items } = scanCursor(reply);
    return [cursor, asScoredMembers(items)];
  },
  transformFor: (_name: KeyArg, _cursor?: number | string, options?: ZscanOptions) => {
    const cast = options?.score_cast_func;
    if (cast === undefined) return undefined;
    return (reply: RespValue): [number, Array<[Bulk, unknown]>] => {
      const { cursor, items } = scanCursor(reply);
      return [cursor, castPairs(items, cast)];
    };
  },
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Asks for `[member, score]` pairs instead of members. */
export interface WithScoresOption {
  /** Return `[member, score]` pairs. */
  withscores?: boolean;
}

export const ZRANDMEMBER = defineCommand({
  name: 'ZRANDMEMBER',
  maxArgs: 3,
  options: optionKeys<WithScoresOption>({ withscores: true }),
  build: (key: KeyArg, count?: number, options: WithScoresOption = {}) => {
    if (count === undefined) {
      if (options.withscores) throw new DataError('ZRANDMEMBER withscores needs a count');
      return ['ZRANDMEMBER', key];
    }
    const args: RedisArg[] = ['ZRANDMEMBER', key, integerAtLeast('ZRANDMEMBER', 'count', count, -Infinity)];
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  transform: asBulkOrNull,
  transformFor: (_key: KeyArg, count?: number, options?: WithScoresOption) =>
    count === undefined ? undefined : options?.withscores ? asScoredMembers : asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const sortedSetCommands = {
  /** ZADD: how many `mapping` members were added (or changed, with `ch`); with `incr: true` the new score or null. */
  zadd: ZADD,
  /** ZSCORE: the score of `value` as a number, or null when the member or the key does not exist. */
  zscore: ZSCORE,
  /** ZREM: removes the members given after `name` (arguments or one array); resolves to how many were removed. */
  zrem: ZREM,
  /** ZINCRBY: adds `amount` to the score of `value` (a new member starts at 0); resolves to the new score. */
  zincrby: ZINCRBY,
  /** ZCARD: the number of members of the sorted set at `name` (0 for a missing key). */
  zcard: ZCARD,
  /** ZCOUNT: how many members have scores `min`..`max` (bounds such as `'(1'` or `'-inf'` allowed). */
  zcount: ZCOUNT,
  /** ZLEXCOUNT: how many members lie between the lex bounds `min` and `max` (`'[a'`, `'(b'`, `'-'`, `'+'`). */
  zlexcount: ZLEXCOUNT,
  /** ZRANK: the 0-based rank of `value` by ascending score, or null; `[rank, score]` with `withscore` (Redis 7.2). */
  zrank: ZRANK,
  /** ZREVRANK: the 0-based rank of `value` by descending score, or null; `[rank, score]` with `withscore`. */
  zrevrank: ZREVRANK,
  /** ZMSCORE: the scores of the members given after `key` (arguments or one array), null for non-members. */
  zmscore: ZMSCORE,
  /** ZSCAN: one step from `cursor` (default 0; `match`, `count`, `score_cast_func`): `[next cursor, pairs]`. */
  zscan: ZSCAN,
  /** ZRANDMEMBER: a random member or null; with `count` a list (negative may repeat), pairs with `withscores: true`. */
  zrandmember: ZRANDMEMBER,
  ...sortedSetPopCommands,
};
