/** Sorted-set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { countedKeys, optionalIntegerArg } from './argument-checks.js';
import { atLeastOne, defineCommand, IDEMPOTENT, READ_ONLY } from './define.js';
import { numkeysAt } from './sets.js';
import { type ScoreCastOption, scoreCast, scoredPairs } from './sorted-set-scores.js';
import type { WithScoresOption } from './sorted-sets.js';
import { asBulkArray, asInt, asScoredMembers, text } from './transforms.js';
import type { KeyArg } from './types.js';

/** Keys for ZUNION/ZINTER(STORE): a list, or `{ key: weight }` / Map / pairs to weight each one (redis-py). */
export type WeightedKeys =
  | KeyArg
  | readonly KeyArg[]
  | Record<string, number>
  | Map<KeyArg, number>
  | ReadonlyArray<readonly [KeyArg, number]>;

/** How ZUNION/ZINTER combine the scores of a member: SUM, MIN or MAX (any case; a Buffer too). */
export type Aggregate = 'SUM' | 'MIN' | 'MAX' | 'sum' | 'min' | 'max' | Buffer;

/** The `aggregate` option of ZUNION, ZINTER and their STORE forms. */
export interface AggregateOption {
  aggregate?: Aggregate;
}

function weightedKeys(command: string, keys: WeightedKeys): { names: KeyArg[]; weights: number[] | undefined } {
  if (typeof keys === 'string' || typeof keys === 'number' || Buffer.isBuffer(keys)) {
    return { names: [keys], weights: undefined };
  }
  let pairs: Array<readonly [KeyArg, number]> | undefined;
  if (keys instanceof Map) pairs = [...keys];
  else if (Array.isArray(keys)) {
    if (keys.length > 0 && Array.isArray(keys[0])) pairs = keys as Array<readonly [KeyArg, number]>;
  } else pairs = Object.keys(keys).map((k) => [k, (keys as Record<string, number>)[k]] as const);
  const names = pairs === undefined ? [...(keys as readonly KeyArg[])] : pairs.map((p) => p[0]);
  atLeastOne(command, 'key', names);
  return { names, weights: pairs?.map((p) => p[1]) };
}

/** `numkeys key… [WEIGHTS w…] [AGGREGATE SUM|MIN|MAX]`. */
function combineArgs(command: string, keys: WeightedKeys, options: AggregateOption): RedisArg[] {
  const { names, weights } = weightedKeys(command, keys);
  const args: RedisArg[] = [names.length, ...names];
  if (weights !== undefined) args.push('WEIGHTS', ...weights);
  if (options.aggregate !== undefined) {
    const given = options.aggregate;
    const aggregate = typeof given === 'string' || Buffer.isBuffer(given) ? text(given).toUpperCase() : '';
    if (aggregate !== 'SUM' && aggregate !== 'MIN' && aggregate !== 'MAX') {
      throw new DataError(`${command}: aggregate must be SUM, MIN or MAX`);
    }
    args.push('AGGREGATE', aggregate);
  }
  return args;
}

/** `numkeys key…` of ZDIFF/ZDIFFSTORE, which take neither weights nor an aggregate. */
function diffArgs(command: string, keys: WeightedKeys): RedisArg[] {
  const { names, weights } = weightedKeys(command, keys);
  if (weights !== undefined) throw new DataError(`${command} takes no weights`);
  return [names.length, ...names];
}

/** Options of ZUNION. */
export interface ZunionOptions extends AggregateOption, WithScoresOption, ScoreCastOption {}
/** Options of ZINTER (redis-py's `zinter` has no `score_cast_func`). */
export interface ZinterOptions extends AggregateOption, WithScoresOption {}

export const ZUNION = defineCommand({
  name: 'ZUNION',
  maxArgs: 2,
  options: optionKeys<ZunionOptions>({ aggregate: true, withscores: true, score_cast_func: true }),
  build: (keys: WeightedKeys, options: ZunionOptions = {}) => {
    scoreCast('ZUNION', options.score_cast_func, Boolean(options.withscores));
    const args: RedisArg[] = ['ZUNION', ...combineArgs('ZUNION', keys, options)];
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  transform: asBulkArray,
  transformFor: (_keys: WeightedKeys, options?: ZunionOptions) =>
    options?.withscores ? scoredPairs(options.score_cast_func) : undefined,
  keys: numkeysAt(1),
  flags: READ_ONLY,
  sameSlot: true,
});

export const ZINTER = defineCommand({
  name: 'ZINTER',
  maxArgs: 2,
  options: optionKeys<ZinterOptions>({ aggregate: true, withscores: true }),
  build: (keys: WeightedKeys, options: ZinterOptions = {}) => {
    const args: RedisArg[] = ['ZINTER', ...combineArgs('ZINTER', keys, options)];
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  transform: asBulkArray,
  transformFor: (_keys: WeightedKeys, options?: ZinterOptions) => (options?.withscores ? asScoredMembers : undefined),
  keys: numkeysAt(1),
  flags: READ_ONLY,
  sameSlot: true,
});

export const ZDIFF = defineCommand({
  name: 'ZDIFF',
  maxArgs: 2,
  options: optionKeys<WithScoresOption>({ withscores: true }),
  build: (keys: KeyArg | readonly KeyArg[], options: WithScoresOption = {}) => {
    const args: RedisArg[] = ['ZDIFF', ...diffArgs('ZDIFF', keys)];
    if (options.withscores) args.push('WITHSCORES');
    return args;
  },
  transform: asBulkArray,
  transformFor: (_keys: KeyArg | readonly KeyArg[], options?: WithScoresOption) =>
    options?.withscores ? asScoredMembers : undefined,
  keys: numkeysAt(1),
  flags: READ_ONLY,
  sameSlot: true,
});

function combineStore(name: 'ZUNIONSTORE' | 'ZINTERSTORE') {
  return defineCommand({
    name,
    maxArgs: 3,
    options: optionKeys<AggregateOption>({ aggregate: true }),
    build: (dest: KeyArg, keys: WeightedKeys, options: AggregateOption = {}) => [
      name,
      dest,
      ...combineArgs(name, keys, options),
    ],
    transform: asInt,
    keys: numkeysAt(2, [1]),
    // dest is replaced by the result: an absolute state.
    flags: IDEMPOTENT,
    sameSlot: true,
  });
}

export const ZUNIONSTORE = combineStore('ZUNIONSTORE');
export const ZINTERSTORE = combineStore('ZINTERSTORE');

export const ZDIFFSTORE = defineCommand({
  name: 'ZDIFFSTORE',
  maxArgs: 2,
  build: (dest: KeyArg, keys: KeyArg | readonly KeyArg[]) => ['ZDIFFSTORE', dest, ...diffArgs('ZDIFFSTORE', keys)],
  transform: asInt,
  keys: numkeysAt(2, [1]),
  flags: IDEMPOTENT,
  sameSlot: true,
});

/** Options of ZINTERCARD. */
export interface ZintercardOptions {
  /** Stop counting at this many (0, the default, counts them all). */
  limit?: number;
}

export const ZINTERCARD = defineCommand({
  name: 'ZINTERCARD',
  maxArgs: 3,
  options: optionKeys<ZintercardOptions>({ limit: true }),
  build: (numkeys: number, keys: KeyArg | readonly KeyArg[], options: ZintercardOptions = {}) => {
    const args: RedisArg[] = ['ZINTERCARD', numkeys, ...countedKeys('ZINTERCARD', numkeys, keys)];
    const limit = optionalIntegerArg('ZINTERCARD', 'limit', options.limit);
    if (limit !== undefined) args.push('LIMIT', limit);
    return args;
  },
  transform: asInt,
  keys: numkeysAt(1),
  flags: READ_ONLY,
  sameSlot: true,
});

export const sortedSetAlgebraCommands = {
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
  /** ZINTERCARD: the size of the intersection of `numkeys` `keys`; `limit` stops counting at that many (0: all). */
  zintercard: ZINTERCARD,
};
