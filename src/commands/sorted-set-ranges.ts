/** Sorted set ranges (by rank, score or lex; reading, storing and removing); set algebra has a file of its own. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { cacheable, defineCommand, FIRST_KEY, FIRST_TWO_KEYS, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { sortedSetAlgebraCommands } from './sorted-set-algebra.js';
import { type ScoreCastOption, scoreCast, scoredPairs } from './sorted-set-scores.js';
import type { WithScoresOption } from './sorted-sets.js';
import { asBulkArray, asInt } from './transforms.js';
import type { KeyArg, ScoreArg, ValueArg } from './types.js';

/** Options of ZRANGE (redis-py's keyword arguments). */
export interface ZrangeOptions extends ScoreCastOption {
  /** Highest first (REV). */
  desc?: boolean;
  /** Return `[member, score]` pairs. */
  withscores?: boolean;
  /** start/end are scores (BYSCORE). */
  byscore?: boolean;
  /** start/end are lexicographic bounds such as `'[a'`, `'(b'`, `'-'`, `'+'` (BYLEX). */
  bylex?: boolean;
  /** With byscore/bylex: skip this many (LIMIT offset num). */
  offset?: number;
  num?: number;
}

/** `name start end [BYSCORE|BYLEX] [REV] [LIMIT offset num] [WITHSCORES]`, with redis-py's checks and more. */
function zrangeTail(command: string, name: KeyArg, start: ScoreArg, end: ScoreArg, options: ZrangeOptions) {
  if (options.byscore && options.bylex) throw new DataError(`${command} takes byscore or bylex, not both`);
  if ((options.offset === undefined) !== (options.num === undefined)) {
    throw new DataError(`${command} needs both offset and num, or neither`);
  }
  if (options.bylex && options.withscores) throw new DataError(`${command} bylex cannot return scores`);
  if (options.offset !== undefined && !options.byscore && !options.bylex) {
    throw new DataError(`${command} offset and num need byscore or bylex`);
  }
  scoreCast(command, options.score_cast_func, Boolean(options.withscores));
  const args: RedisArg[] = [name, start, end];
  if (options.byscore) args.push('BYSCORE');
  if (options.bylex) args.push('BYLEX');
  if (options.desc) args.push('REV');
  if (options.offset !== undefined && options.num !== undefined) args.push('LIMIT', options.offset, options.num);
  if (options.withscores) args.push('WITHSCORES');
  return args;
}

/** The reply transform for options that may ask for scores: pairs (cast as asked) with `withscores`. */
const scoredIf = (options?: WithScoresOption & ScoreCastOption) =>
  options?.withscores ? scoredPairs(options.score_cast_func) : undefined;

export const ZRANGE = defineCommand({
  name: 'ZRANGE',
  cacheable: true,
  maxArgs: 4,
  options: optionKeys<ZrangeOptions>({
    desc: true,
    withscores: true,
    score_cast_func: true,
    byscore: true,
    bylex: true,
    offset: true,
    num: true,
  }),
  build: (name: KeyArg, start: ScoreArg, end: ScoreArg, options: ZrangeOptions = {}) => [
    'ZRANGE',
    ...zrangeTail('ZRANGE', name, start, end, options),
  ],
  transform: asBulkArray,
  transformFor: (_n: KeyArg, _s: ScoreArg, _e: ScoreArg, options?: ZrangeOptions) => scoredIf(options),
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of ZRANGESTORE: ZRANGE's, without scores. */
export type ZrangestoreOptions = Omit<ZrangeOptions, 'withscores' | 'score_cast_func'>;

export const ZRANGESTORE = defineCommand({
  name: 'ZRANGESTORE',
  maxArgs: 5,
  options: optionKeys<ZrangestoreOptions>({ byscore: true, bylex: true, desc: true, offset: true, num: true }),
  build: (dest: KeyArg, name: KeyArg, start: ScoreArg, end: ScoreArg, options: ZrangestoreOptions = {}) => [
    'ZRANGESTORE',
    dest,
    ...zrangeTail('ZRANGESTORE', name, start, end, options),
  ],
  transform: asInt,
  keys: FIRST_TWO_KEYS,
  // dest is replaced with the range: an absolute state.
  flags: IDEMPOTENT,
  sameSlot: true,
});

/** A LIMIT offset and count (redis-py's `start` and `num`). */
export interface LimitOptions {
  /** LIMIT offset (needs num). */
  start?: number;
  num?: number;
}

function limitArgs(command: string, options: LimitOptions): RedisArg[] {
  if ((options.start === undefined) !== (options.num === undefined)) {
    throw new DataError(`${command} needs both start and num, or neither`);
  }
  return options.start !== undefined && options.num !== undefined ? ['LIMIT', options.start, options.num] : [];
}

/** Options of ZRANGEBYSCORE and ZREVRANGEBYSCORE. */
export interface ZrangeByScoreOptions extends LimitOptions, WithScoresOption, ScoreCastOption {}

function rangeByScore(name: 'ZRANGEBYSCORE' | 'ZREVRANGEBYSCORE') {
  return defineCommand({
    name,
    maxArgs: 4,
    options: optionKeys<ZrangeByScoreOptions>({ start: true, num: true, withscores: true, score_cast_func: true }),
    // ZREVRANGEBYSCORE takes the bounds high first: (name, max, min).
    build: (key: KeyArg, from: ScoreArg, to: ScoreArg, options: ZrangeByScoreOptions = {}) => {
      const args: RedisArg[] = [name, key, from, to, ...limitArgs(name, options)];
      scoreCast(name, options.score_cast_func, Boolean(options.withscores));
      if (options.withscores) args.push('WITHSCORES');
      return args;
    },
    transform: asBulkArray,
    transformFor: (_k: KeyArg, _f: ScoreArg, _t: ScoreArg, options?: ZrangeByScoreOptions) => scoredIf(options),
    keys: FIRST_KEY,
    flags: READ_ONLY,
  });
}

export const ZRANGEBYSCORE = cacheable(rangeByScore('ZRANGEBYSCORE'));
export const ZREVRANGEBYSCORE = cacheable(rangeByScore('ZREVRANGEBYSCORE'));

/** Options of ZREVRANGE. */
export interface ZrevrangeOptions extends WithScoresOption, ScoreCastOption {}

export const ZREVRANGE = defineCommand({
  name: 'ZREVRANGE',
  cacheable: true,
  maxArgs: 4,
  options: optionKeys<ZrevrangeOptions>({ withscores: true, score_cast_func: true }),
  build: (name: KeyArg, start: number, end: number, options: ZrevrangeOptions = {}) => {
    scoreCast('ZREVRANGE', options.score_cast_func, Boolean(options.withscores));
    return options.withscores ? ['ZREVRANGE', name, start, end, 'WITHSCORES'] : ['ZREVRANGE', name, start, end];
  },
  transform: asBulkArray,
  transformFor: (_n: KeyArg, _s: number, _e: number, options?: ZrevrangeOptions) => scoredIf(options),
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZRANGEBYLEX = defineCommand({
  name: 'ZRANGEBYLEX',
  cacheable: true,
  maxArgs: 4,
  options: optionKeys<LimitOptions>({ start: true, num: true }),
  build: (name: KeyArg, min: ValueArg, max: ValueArg, options: LimitOptions = {}) => [
    'ZRANGEBYLEX',
    name,
    min,
    max,
    ...limitArgs('ZRANGEBYLEX', options),
  ],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZREVRANGEBYLEX = defineCommand({
  name: 'ZREVRANGEBYLEX',
  cacheable: true,
  maxArgs: 4,
  options: optionKeys<LimitOptions>({ start: true, num: true }),
  build: (name: KeyArg, max: ValueArg, min: ValueArg, options: LimitOptions = {}) => [
    'ZREVRANGEBYLEX',
    name,
    max,
    min,
    ...limitArgs('ZREVRANGEBYLEX', options),
  ],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZREMRANGEBYSCORE = defineCommand({
  name: 'ZREMRANGEBYSCORE',
  maxArgs: 3,
  build: (name: KeyArg, min: ScoreArg, max: ScoreArg) => ['ZREMRANGEBYSCORE', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const ZREMRANGEBYRANK = defineCommand({
  name: 'ZREMRANGEBYRANK',
  maxArgs: 3,
  build: (name: KeyArg, min: number, max: number) => ['ZREMRANGEBYRANK', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  // Ranks shift after removal, so a repetition removes more.
  flags: WRITE,
});

export const ZREMRANGEBYLEX = defineCommand({
  name: 'ZREMRANGEBYLEX',
  maxArgs: 3,
  build: (name: KeyArg, min: ValueArg, max: ValueArg) => ['ZREMRANGEBYLEX', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const sortedSetRangeCommands = {
  /** ZRANGE: members `start`..`end` (ranks; scores or lex with `byscore`/`bylex`); pairs with `withscores: true`. */
  zrange: ZRANGE,
  /** ZRANGESTORE: stores ZRANGE's result for `name` (same options, no scores) in `dest`; resolves to its size. */
  zrangestore: ZRANGESTORE,
  /** ZRANGEBYSCORE: members with scores `min`..`max`, lowest first; `start`/`num` page; pairs with `withscores`. */
  zrangebyscore: ZRANGEBYSCORE,
  /** ZREVRANGEBYSCORE: members from `max` down to `min`; `start`/`num` page; pairs with `withscores: true`. */
  zrevrangebyscore: ZREVRANGEBYSCORE,
  /** ZREVRANGE: members ranked `start`..`end`, highest score first; pairs with `withscores: true`. */
  zrevrange: ZREVRANGE,
  /** ZRANGEBYLEX: members between the lex bounds `min` and `max`, in order; `start`/`num` page. */
  zrangebylex: ZRANGEBYLEX,
  /** ZREVRANGEBYLEX: members between the lex bounds `max` and `min`, in reverse order; `start`/`num` page. */
  zrevrangebylex: ZREVRANGEBYLEX,
  /** ZREMRANGEBYSCORE: removes the members with scores `min`..`max`; resolves to how many were removed. */
  zremrangebyscore: ZREMRANGEBYSCORE,
  /** ZREMRANGEBYRANK: removes the members ranked `min`..`max` (negative from the end); how many were removed. */
  zremrangebyrank: ZREMRANGEBYRANK,
  /** ZREMRANGEBYLEX: removes the members between the lex bounds `min` and `max`; how many were removed. */
  zremrangebylex: ZREMRANGEBYLEX,
  ...sortedSetAlgebraCommands,
};
