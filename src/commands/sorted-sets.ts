/** Sorted set commands. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import {
  BLOCKING,
  defineCommand,
  FIRST_KEY,
  IDEMPOTENT,
  KEYS_BEFORE_LAST,
  listArg,
  READ_ONLY,
  WRITE,
} from './define.js';
import { numkeysAt, type ScanOptions, scanArgs, scanCursor } from './sets.js';
import {
  asInt,
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
  maxArgs: 2,
  build: (name: KeyArg, member: ValueArg) => ['ZSCORE', name, member],
  transform: asNumberOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZREM = defineCommand({
  name: 'ZREM',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...members: Array<ValueArg | readonly ValueArg[]>) => [
    'ZREM',
    name,
    ...listArg('ZREM', 'member', members),
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
  maxArgs: 1,
  build: (name: KeyArg) => ['ZCARD', name],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZCOUNT = defineCommand({
  name: 'ZCOUNT',
  maxArgs: 3,
  build: (name: KeyArg, min: ScoreArg, max: ScoreArg) => ['ZCOUNT', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZLEXCOUNT = defineCommand({
  name: 'ZLEXCOUNT',
  maxArgs: 3,
  build: (name: KeyArg, min: ValueArg, max: ValueArg) => ['ZLEXCOUNT', name, min, max],
  transform: asInt,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZRANK = defineCommand({
  name: 'ZRANK',
  maxArgs: 2,
  build: (name: KeyArg, value: ValueArg) => ['ZRANK', name, value],
  transform: asIntOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZREVRANK = defineCommand({
  name: 'ZREVRANK',
  maxArgs: 2,
  build: (name: KeyArg, value: ValueArg) => ['ZREVRANK', name, value],
  transform: asIntOrNull,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

function popArgs(command: string, name: KeyArg, count?: number): RedisArg[] {
  return count === undefined ? [command, name] : [command, name, count];
}

export const ZPOPMIN = defineCommand({
  name: 'ZPOPMIN',
  maxArgs: 2,
  build: (name: KeyArg, count?: number) => popArgs('ZPOPMIN', name, count),
  transform: asScoredMembers,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const ZPOPMAX = defineCommand({
  name: 'ZPOPMAX',
  maxArgs: 2,
  build: (name: KeyArg, count?: number) => popArgs('ZPOPMAX', name, count),
  transform: asScoredMembers,
  keys: FIRST_KEY,
  flags: WRITE,
});

/** BZPOPMIN/BZPOPMAX: `[key, member, score]`, or null when the timeout passed. */
function asKeyMemberScore(reply: RespValue): [Bulk, Bulk, number] | null {
  if (reply === null) return null;
  const parts = toArray(reply);
  return [parts[0] as unknown as Bulk, parts[1] as unknown as Bulk, asNumber(parts[2])];
}

/** Seconds (fractions allowed, 0 = forever) as the client's wait in ms. */
const secondsToMs = (timeout: number) => Math.ceil(timeout * 1000);

function blockingPop(name: 'BZPOPMIN' | 'BZPOPMAX') {
  return defineCommand({
    name,
    maxArgs: 2,
    build: (keys: KeyArg | readonly KeyArg[], timeout: number = 0): RedisArg[] => [
      name,
      ...listArg(name, 'key', [keys]),
      timeout,
    ],
    transform: asKeyMemberScore,
    keys: KEYS_BEFORE_LAST,
    flags: WRITE | BLOCKING,
    blockingTimeoutMs: (_keys: KeyArg | readonly KeyArg[], timeout: number = 0) => secondsToMs(timeout),
    sameSlot: true,
  });
}

export const BZPOPMIN = blockingPop('BZPOPMIN');
export const BZPOPMAX = blockingPop('BZPOPMAX');

/** Options of ZMPOP and BZMPOP. */
export interface ZmpopOptions {
  /** Pop the lowest scores (MIN)… */
  min?: boolean;
  /** …or the highest (MAX): exactly one of the two. */
  max?: boolean;
  /** How many to pop (default 1). */
  count?: number;
}

function mpopTail(command: string, options: ZmpopOptions): RedisArg[] {
  if (Boolean(options.min) === Boolean(options.max)) throw new DataError(`${command} needs exactly one of min or max`);
  const args: RedisArg[] = [options.min ? 'MIN' : 'MAX'];
  if (options.count !== undefined) args.push('COUNT', options.count);
  return args;
}

/** ZMPOP/BZMPOP: `[key, [[member, score], …]]`, or null when nothing was popped. */
function asKeyAndScoredMembers(reply: RespValue): [Bulk, Array<[Bulk, number]>] | null {
  if (reply === null) return null;
  const parts = toArray(reply);
  return [parts[0] as unknown as Bulk, asScoredMembers(parts[1])];
}

export const ZMPOP = defineCommand({
  name: 'ZMPOP',
  maxArgs: 2,
  options: optionKeys<ZmpopOptions>({ min: true, max: true, count: true }),
  build: (keys: KeyArg | readonly KeyArg[], options: ZmpopOptions) => {
    const list = listArg('ZMPOP', 'key', [keys]);
    return ['ZMPOP', list.length, ...list, ...mpopTail('ZMPOP', options)];
  },
  transform: asKeyAndScoredMembers,
  keys: numkeysAt(1),
  flags: WRITE,
  sameSlot: true,
});

export const BZMPOP = defineCommand({
  name: 'BZMPOP',
  maxArgs: 3,
  options: optionKeys<ZmpopOptions>({ min: true, max: true, count: true }),
  build: (timeout: number, keys: KeyArg | readonly KeyArg[], options: ZmpopOptions) => {
    const list = listArg('BZMPOP', 'key', [keys]);
    return ['BZMPOP', timeout, list.length, ...list, ...mpopTail('BZMPOP', options)];
  },
  transform: asKeyAndScoredMembers,
  keys: numkeysAt(2),
  flags: WRITE | BLOCKING,
  blockingTimeoutMs: (timeout: number) => secondsToMs(timeout),
  sameSlot: true,
});

export const ZMSCORE = defineCommand({
  name: 'ZMSCORE',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...members: Array<ValueArg | readonly ValueArg[]>) => [
    'ZMSCORE',
    name,
    ...listArg('ZMSCORE', 'member', members),
  ],
  transform: asNumberOrNullArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const ZSCAN = defineCommand({
  name: 'ZSCAN',
  maxArgs: 3,
  options: optionKeys<ScanOptions>({ match: true, count: true }),
  build: (name: KeyArg, cursor: number | string = 0, options: ScanOptions = {}) =>
    scanArgs('ZSCAN', name, cursor, options),
  transform: (reply: RespValue): [number, Array<[Bulk, number]>] => {
    const { cursor, items } = scanCursor(reply);
    return [cursor, asScoredMembers(items)];
  },
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const sortedSetCommands = {
  /** ZADD: how many `mapping` members were added (or changed, with `ch`); with `incr: true` the new score or null. */
  zadd: ZADD,
  /** ZSCORE: the score of `member` as a number, or null when the member or the key does not exist. */
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
  /** ZRANK: the 0-based rank of `value` by ascending score, or null when it is not a member. */
  zrank: ZRANK,
  /** ZREVRANK: the 0-based rank of `value` by descending score, or null when it is not a member. */
  zrevrank: ZREVRANK,
  /** ZPOPMIN: removes the lowest-scored member (or `count` of them); `[member, score]` pairs, [] when empty. */
  zpopmin: ZPOPMIN,
  /** ZPOPMAX: removes the highest-scored member (or `count` of them); `[member, score]` pairs, [] when empty. */
  zpopmax: ZPOPMAX,
  /** BZPOPMIN: `[key, member, score]`, lowest of the first non-empty `keys`; null after `timeout` s (0: forever). */
  bzpopmin: BZPOPMIN,
  /** BZPOPMAX: `[key, member, score]`, highest of the first non-empty `keys`; null after `timeout` s (0: forever). */
  bzpopmax: BZPOPMAX,
  /** ZMPOP: `[key, [member, score] pairs]` popped from the first non-empty `keys` (`min`/`max`, `count`), or null. */
  zmpop: ZMPOP,
  /** BZMPOP: as {@link zmpop}, waiting up to `timeout` s (0 = forever, the first argument); null when it timed out. */
  bzmpop: BZMPOP,
  /** ZMSCORE: the scores of the members given after `name`, in order, as numbers (null for non-members). */
  zmscore: ZMSCORE,
  /** ZSCAN: one step from `cursor` (default 0; `match`, `count`): `[next cursor, [member, score] pairs]`. */
  zscan: ZSCAN,
};
