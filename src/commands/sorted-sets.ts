/** Sorted set commands. */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import { atLeastOne, defineCommand, FIRST_KEY, flatten, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asBulkArray, asInteger, asNumberOrNull, asScoredMembers } from './transforms.js';
import type { KeyArg, ScoreArg, ValueArg } from './types.js';

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
export type ScoreMapping = Record<string, number> | Map<KeyArg, number> | ReadonlyArray<readonly [KeyArg, number]>;

function zaddArgs(name: KeyArg, mapping: ScoreMapping, options: ZaddOptions = {}): RedisArg[] {
  const args: RedisArg[] = ['ZADD', name];
  if (options.nx && options.xx) throw new DataError('ZADD takes nx or xx, not both');
  if (options.gt && options.lt) throw new DataError('ZADD takes gt or lt, not both');
  if (options.nx && (options.gt || options.lt)) throw new DataError('ZADD cannot combine nx with gt or lt');
  if (options.nx) args.push('NX');
  if (options.xx) args.push('XX');
  if (options.gt) args.push('GT');
  if (options.lt) args.push('LT');
  if (options.ch) args.push('CH');
  if (options.incr) args.push('INCR');
  const pairs: Array<readonly [KeyArg, number]> =
    mapping instanceof Map || Array.isArray(mapping)
      ? [...(mapping as Iterable<readonly [KeyArg, number]>)]
      : Object.keys(mapping).map((m) => [m, (mapping as Record<string, number>)[m]] as const);
  if (pairs.length === 0) throw new DataError('ZADD needs at least one member');
  if (options.incr && pairs.length !== 1) throw new DataError('ZADD with incr takes exactly one member');
  for (const [member, score] of pairs) args.push(score, member);
  return args;
}

export const ZADD = defineCommand({
  name: 'ZADD',
  build: zaddArgs,
  transform: asInteger,
  transformFor: (_name: KeyArg, _mapping: ScoreMapping, options?: ZaddOptions) =>
    options?.incr ? asNumberOrNull : undefined,
  keys: FIRST_KEY,
  // With INCR a repetition adds again, so ZADD as a whole is not declared resend-safe.
  flags: WRITE,
});

export interface ZrangeOptions {
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

function zrangeArgs(name: KeyArg, start: ScoreArg, end: ScoreArg, options: ZrangeOptions = {}): RedisArg[] {
  if (options.byscore && options.bylex) throw new DataError('ZRANGE takes byscore or bylex, not both');
  if ((options.offset === undefined) !== (options.num === undefined)) {
    throw new DataError('ZRANGE needs both offset and num, or neither');
  }
  if (options.offset !== undefined && !options.byscore && !options.bylex) {
    throw new DataError('ZRANGE offset and num need byscore or bylex');
  }
  if (options.bylex && options.withscores) throw new DataError('ZRANGE bylex cannot return scores');
  const args: RedisArg[] = ['ZRANGE', name, start, end];
  if (options.byscore) args.push('BYSCORE');
  if (options.bylex) args.push('BYLEX');
  if (options.desc) args.push('REV');
  if (options.offset !== undefined && options.num !== undefined) args.push('LIMIT', options.offset, options.num);
  if (options.withscores) args.push('WITHSCORES');
  return args;
}

export const ZRANGE = defineCommand({
  name: 'ZRANGE',
  build: zrangeArgs,
  transform: asBulkArray,
  transformFor: (_n: KeyArg, _s: ScoreArg, _e: ScoreArg, options?: ZrangeOptions) =>
    options?.withscores ? asScoredMembers : undefined,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export interface ZrangeByScoreOptions {
  /** LIMIT offset (needs num). */
  start?: number;
  num?: number;
  withscores?: boolean;
}

export const ZRANGEBYSCORE = defineCommand({
  name: 'ZRANGEBYSCORE',
  build: (name: KeyArg, min: ScoreArg, max: ScoreArg, options: ZrangeByScoreOptions = {}) => {
    if ((options.start === undefined) !== (options.num === undefined)) {
      throw new DataError('ZRANGEBYSCORE needs both start and num, or neither');
    }
    const args: RedisArg[] = ['ZRANGEBYSCORE', name, min, max];
    if (options.withscores) args.push('WITHSCORES');
    if (options.start !== undefined && options.num !== undefined) args.push('LIMIT', options.start, options.num);
    return args;
  },
  transform: asBulkArray,
  transformFor: (_n: KeyArg, _min: ScoreArg, _max: ScoreArg, options?: ZrangeByScoreOptions) =>
    options?.withscores ? asScoredMembers : undefined,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZSCORE = defineCommand({
  name: 'ZSCORE',
  build: (name: KeyArg, member: ValueArg) => ['ZSCORE', name, member],
  transform: asNumberOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZREM = defineCommand({
  name: 'ZREM',
  build: (name: KeyArg, ...members: Array<ValueArg | readonly ValueArg[]>) => [
    'ZREM',
    name,
    ...atLeastOne('ZREM', 'member', flatten(members)),
  ],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const ZREMRANGEBYSCORE = defineCommand({
  name: 'ZREMRANGEBYSCORE',
  build: (name: KeyArg, min: ScoreArg, max: ScoreArg) => ['ZREMRANGEBYSCORE', name, min, max],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const sortedSetCommands = {
  zadd: ZADD,
  zrange: ZRANGE,
  zrangebyscore: ZRANGEBYSCORE,
  zscore: ZSCORE,
  zrem: ZREM,
  zremrangebyscore: ZREMRANGEBYSCORE,
};
