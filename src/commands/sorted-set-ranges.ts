/** Sorted set ranges (by rank, score or lex; reading, storing and removing), set algebra and ZRANDMEMBER. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { atLeastOne, defineCommand, FIRST_KEY, FIRST_TWO_KEYS, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { numkeysAt } from './sets.js';
import { asBulkArray, asBulkOrNull, asInt, asScoredMembers } from './transforms.js';
import type { KeyArg, ScoreArg, ValueArg } from './types.js';

/** Options of ZRANGE. */
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
  maxArgs: 4,
  options: optionKeys<ZrangeOptions>({
    desc: true,
    withscores: true,
    byscore: true,
    bylex: true,
    offset: true,
    num: true,
  }),
  build: zrangeArgs,
  transform: asBulkArray,
  transformFor: (_n: KeyArg, _s: ScoreArg, _e: ScoreArg, options?: ZrangeOptions) =>
    options?.withscores ? asScoredMembers : undefined,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** Options of ZRANGEBYSCORE and ZREVRANGEBYSCORE. */
export interface ZrangeByScoreOptions {
  /** LIMIT offset (needs num). */
  start?: number;
  num?: number;
  withscores?: boolean;
}

export const ZRANGEBYSCORE = defineCommand({
  name: 'ZRANGEBYSCORE',
  maxArgs: 4,
  options: optionKeys<ZrangeByScoreOptions>({ start: true, num: true, withscores: true }),
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

export const ZREMRANGEBYSCORE = defineCommand({
  name: 'ZREMRANGEBYSCORE',
  maxArgs: 3,
  build: (name: KeyArg, min: ScoreArg, max: ScoreArg) => ['ZREMRANGEBYSCORE', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

/** Asks for `[member, score]` pairs instead of members. */
export interface WithScoresOption {
  /** Return `[member, score]` pairs. */
  withscores?: boolean;
}

const scoredIf = (options?: WithScoresOption) => (options?.withscores ? asScoredMembers : undefined);

export const ZREVRANGE = defineCommand({
  name: 'ZREVRANGE',
  maxArgs: 4,
  options: optionKeys<WithScoresOption>({ withscores: true }),
  build: (name: KeyArg, start: number, end: number, options: WithScoresOption = {}) => {
    const args: RedisArg[] = ['ZREVRANGE', name, start, end];
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  transform: asBulkArray,
  transformFor: (_n: KeyArg, _s: number, _e: number, options?: WithScoresOption) => scoredIf(options),
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZREVRANGEBYSCORE = defineCommand({
  name: 'ZREVRANGEBYSCORE',
  maxArgs: 4,
  options: optionKeys<ZrangeByScoreOptions>({ start: true, num: true, withscores: true }),
  build: (name: KeyArg, max: ScoreArg, min: ScoreArg, options: ZrangeByScoreOptions = {}) => {
    const args: RedisArg[] = ['ZREVRANGEBYSCORE', name, max, min];
    if (options.withscores) args.push('WITHSCORES');
    args.push(...limitArgs('ZREVRANGEBYSCORE', options));
    return args;
  },
  transform: asBulkArray,
  transformFor: (_n: KeyArg, _max: ScoreArg, _min: ScoreArg, options?: ZrangeByScoreOptions) => scoredIf(options),
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

/** A LIMIT offset and count. */
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

export const ZRANGEBYLEX = defineCommand({
  name: 'ZRANGEBYLEX',
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

/** Options of ZRANGESTORE. */
export type ZrangestoreOptions = Omit<ZrangeOptions, 'withscores'>;

export const ZRANGESTORE = defineCommand({
  name: 'ZRANGESTORE',
  maxArgs: 5,
  options: optionKeys<ZrangestoreOptions>({ num: true, desc: true, byscore: true, bylex: true, offset: true }),
  build: (dest: KeyArg, name: KeyArg, start: ScoreArg, end: ScoreArg, options: ZrangestoreOptions = {}) => {
    const args = zrangeArgs(name, start, end, { ...options, withscores: false });
    return ['ZRANGESTORE', dest, ...args.slice(1)];
  },
  transform: asInt,
  keys: FIRST_TWO_KEYS,
  // dest is replaced with the range: an absolute state.
  flags: IDEMPOTENT,
  sameSlot: true,
});

/** Keys for ZUNION/ZINTER/ZDIFF(STORE): a list, or `{ key: weight }` / Map / pairs to weight each one (redis-py). */
export type WeightedKeys =
  | KeyArg
  | readonly KeyArg[]
  | Record<string, number>
  | Map<KeyArg, number>
  | ReadonlyArray<readonly [KeyArg, number]>;

/** How ZUNION/ZINTER combine the scores of a member. */
export type Aggregate = 'SUM' | 'MIN' | 'MAX' | 'sum' | 'min' | 'max';

/** Options of ZUNION and ZINTER. */
export interface ZcombineOptions extends WithScoresOption {
  aggregate?: Aggregate;
}

function weightedKeys(command: string, keys: WeightedKeys): { names: KeyArg[]; weights: number[] | undefined } {
  if (typeof keys === 'string' || Buffer.isBuffer(keys)) return { names: [keys], weights: undefined };
  let pairs: Array<readonly [KeyArg, number]> | undefined;
  if (keys instanceof Map) pairs = [...keys];
  else if (Array.isArray(keys)) {
    if (keys.length > 0 && Array.isArray(keys[0])) pairs = keys as Array<readonly [KeyArg, number]>;
  } else pairs = Object.keys(keys).map((k) => [k, (keys as Record<string, number>)[k]] as const);
  const names = pairs === undefined ? [...(keys as readonly KeyArg[])] : pairs.map((p) => p[0]);
  atLeastOne(command, 'key', names);
  return { names, weights: pairs?.map((p) => p[1]) };
}

function combineArgs(command: string, keys: WeightedKeys, options: ZcombineOptions, weightsAllowed: boolean) {
  const { names, weights } = weightedKeys(command, keys);
  const args: RedisArg[] = [names.length, ...names];
  if (weights !== undefined) {
    if (!weightsAllowed) throw new DataError(`${command} takes no weights`);
    args.push('WEIGHTS', ...weights);
  }
  if (options.aggregate !== undefined) {
    const aggregate = options.aggregate.toUpperCase();
    if (aggregate !== 'SUM' && aggregate !== 'MIN' && aggregate !== 'MAX') {
      throw new DataError(`${command}'s aggregate must be SUM, MIN or MAX`);
    }
    if (!weightsAllowed) throw new DataError(`${command} takes no aggregate`);
    args.push('AGGREGATE', aggregate);
  }
  return args;
}

function combine(name: 'ZUNION' | 'ZINTER' | 'ZDIFF') {
  const weighted = name !== 'ZDIFF';
  return defineCommand({
    name,
    maxArgs: 2,
    options: optionKeys<ZcombineOptions>({ aggregate: true, withscores: true }),
    build: (keys: WeightedKeys, options: ZcombineOptions = {}) => {
      const args: RedisArg[] = [name, ...combineArgs(name, keys, options, weighted)];
      if (options.withscores) args.push('WITHSCORES');
      return args;
    },
    transform: asBulkArray,
    transformFor: (_keys: WeightedKeys, options?: ZcombineOptions) => scoredIf(options),
    keys: numkeysAt(1),
    flags: READ_ONLY,
    sameSlot: true,
  });
}

/** Options of ZUNIONSTORE and ZINTERSTORE. */
export type ZstoreOptions = Omit<ZcombineOptions, 'withscores'>;

function combineStore(name: 'ZUNIONSTORE' | 'ZINTERSTORE' | 'ZDIFFSTORE') {
  const weighted = name !== 'ZDIFFSTORE';
  return defineCommand({
    name,
    maxArgs: 3,
    options: optionKeys<ZstoreOptions>({ aggregate: true }),
    build: (dest: KeyArg, keys: WeightedKeys, options: ZstoreOptions = {}) => [
      name,
      dest,
      ...combineArgs(name, keys, options, weighted),
    ],
    transform: asInt,
    keys: numkeysAt(2, [1]),
    // dest is replaced by the result: an absolute state.
    flags: IDEMPOTENT,
    sameSlot: true,
  });
}

export const ZUNION = combine('ZUNION');
export const ZINTER = combine('ZINTER');
export const ZDIFF = combine('ZDIFF');
export const ZUNIONSTORE = combineStore('ZUNIONSTORE');
export const ZINTERSTORE = combineStore('ZINTERSTORE');
export const ZDIFFSTORE = combineStore('ZDIFFSTORE');

export const ZRANDMEMBER = defineCommand({
  name: 'ZRANDMEMBER',
  maxArgs: 3,
  options: optionKeys<WithScoresOption>({ withscores: true }),
  build: (name: KeyArg, count?: number, options: WithScoresOption = {}) => {
    if (count === undefined) {
      if (options.withscores) throw new DataError('ZRANDMEMBER withscores needs a count');
      return ['ZRANDMEMBER', name];
    }
    const args: RedisArg[] = ['ZRANDMEMBER', name, count];
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  transform: asBulkOrNull,
  transformFor: (_name: KeyArg, count?: number, options?: WithScoresOption) =>
    count === undefined ? undefined : (scoredIf(options) ?? asBulkArray),
  keys: FIRST_KEY,
  flags: READ_ONLY,
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
  /** ZRANGEBYSCORE: members with scores `min`..`max`, lowest first; `start`/`num` page; pairs with `withscores`. */
  zrangebyscore: ZRANGEBYSCORE,
  /** ZREMRANGEBYSCORE: removes the members with scores `min`..`max`; resolves to how many were removed. */
  zremrangebyscore: ZREMRANGEBYSCORE,
  /** ZREVRANGE: members ranked `start`..`end`, highest score first; pairs with `withscores: true`. */
  zrevrange: ZREVRANGE,
  /** ZREVRANGEBYSCORE: members from `max` down to `min`; `start`/`num` page; pairs with `withscores: true`. */
  zrevrangebyscore: ZREVRANGEBYSCORE,
  /** ZRANGEBYLEX: members between the lex bounds `min` and `max`, in order; `start`/`num` page. */
  zrangebylex: ZRANGEBYLEX,
  /** ZREVRANGEBYLEX: members between the lex bounds `max` and `min`, in reverse order; `start`/`num` page. */
  zrevrangebylex: ZREVRANGEBYLEX,
  /** ZRANGESTORE: stores ZRANGE's result for `name` (same options, no scores) in `dest`; resolves to its size. */
  zrangestore: ZRANGESTORE,
  /** ZUNION: the union of `keys` (`{ key: weight }` for weights; `aggregate`); members, or pairs with `withscores`. */
  zunion: ZUNION,
  /** ZINTER: the intersection of `keys`; weights, `aggregate` and `withscores` as {@link zunion}. */
  zinter: ZINTER,
  /** ZDIFF: members of the first of `keys` in none of the others (no weights); pairs with `withscores: true`. */
  zdiff: ZDIFF,
  /** ZUNIONSTORE: stores the union of `keys` (weights, `aggregate`) in `dest`; resolves to its size. */
  zunionstore: ZUNIONSTORE,
  /** ZINTERSTORE: stores the intersection of `keys` (weights, `aggregate`) in `dest`; resolves to its size. */
  zinterstore: ZINTERSTORE,
  /** ZDIFFSTORE: stores the first of `keys` minus the others in `dest` (no weights); resolves to its size. */
  zdiffstore: ZDIFFSTORE,
  /** ZRANDMEMBER: a random member or null; with `count` a list (negative may repeat), pairs with `withscores: true`. */
  zrandmember: ZRANDMEMBER,
  /** ZREMRANGEBYRANK: removes the members ranked `min`..`max` (negative from the end); how many were removed. */
  zremrangebyrank: ZREMRANGEBYRANK,
  /** ZREMRANGEBYLEX: removes the members between the lex bounds `min` and `max`; how many were removed. */
  zremrangebylex: ZREMRANGEBYLEX,
};
