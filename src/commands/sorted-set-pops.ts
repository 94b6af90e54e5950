/** Sorted-set pops: ZPOPMIN/ZPOPMAX, their blocking forms, and ZMPOP/BZMPOP in redis-py's `(numkeys, keys)` form. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { countedKeys, integerAtLeast, optionalIntegerArg } from './argument-checks.js';
import { BLOCKING, defineCommand, FIRST_KEY, KEYS_BEFORE_LAST, listArg, WRITE } from './define.js';
import { numkeysAt } from './sets.js';
import { asNumber, asScoredMembers, toArray } from './transforms.js';
import type { Bulk, KeyArg } from './types.js';

function popArgs(command: string, name: KeyArg, count?: number): RedisArg[] {
  return count === undefined ? [command, name] : [command, name, integerAtLeast(command, 'count', count)];
}

function pop(command: 'ZPOPMIN' | 'ZPOPMAX') {
  return defineCommand({
    name: command,
    maxArgs: 2,
    build: (name: KeyArg, count?: number) => popArgs(command, name, count),
    transform: asScoredMembers,
    keys: FIRST_KEY,
    flags: WRITE,
  });
}

export const ZPOPMIN = pop('ZPOPMIN');
export const ZPOPMAX = pop('ZPOPMAX');

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
    // redis-py reads a timeout of None as 0 (wait forever); null does the same here.
    build: (keys: KeyArg | readonly KeyArg[], timeout: number | null = 0): RedisArg[] => [
      name,
      ...listArg(name, 'key', [keys]),
      timeout ?? 0,
    ],
    transform: asKeyMemberScore,
    keys: KEYS_BEFORE_LAST,
    flags: WRITE | BLOCKING,
    blockingTimeoutMs: (_keys: KeyArg | readonly KeyArg[], timeout: number | null = 0) => secondsToMs(timeout ?? 0),
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

/** `numkeys key… MIN|MAX [COUNT n]`, checked as redis-py does (exactly one of min and max) and more (numkeys). */
function mpopArgs(command: string, numkeys: number, keys: KeyArg | readonly KeyArg[], options: ZmpopOptions) {
  const list = countedKeys(command, numkeys, keys);
  if (Boolean(options.min) === Boolean(options.max)) throw new DataError(`${command} needs exactly one of min or max`);
  const args: RedisArg[] = [numkeys, ...list, options.min ? 'MIN' : 'MAX'];
  const count = optionalIntegerArg(command, 'count', options.count, 1);
  if (count !== undefined) args.push('COUNT', count);
  return args;
}

/** ZMPOP/BZMPOP: `[key, [[member, score], …]]`, or null when nothing was popped. */
function asKeyAndScoredMembers(reply: RespValue): [Bulk, Array<[Bulk, number]>] | null {
  if (reply === null) return null;
  const parts = toArray(reply);
  return [parts[0] as unknown as Bulk, asScoredMembers(parts[1])];
}

const MPOP_OPTIONS = optionKeys<ZmpopOptions>({ min: true, max: true, count: true });

export const ZMPOP = defineCommand({
  name: 'ZMPOP',
  maxArgs: 3,
  options: MPOP_OPTIONS,
  build: (num_keys: number, keys: KeyArg | readonly KeyArg[], options: ZmpopOptions = {}) => [
    'ZMPOP',
    ...mpopArgs('ZMPOP', num_keys, keys, options),
  ],
  transform: asKeyAndScoredMembers,
  keys: numkeysAt(1),
  flags: WRITE,
  sameSlot: true,
});

export const BZMPOP = defineCommand({
  name: 'BZMPOP',
  maxArgs: 4,
  options: MPOP_OPTIONS,
  build: (timeout: number, numkeys: number, keys: KeyArg | readonly KeyArg[], options: ZmpopOptions = {}) => [
    'BZMPOP',
    timeout,
    ...mpopArgs('BZMPOP', numkeys, keys, options),
  ],
  transform: asKeyAndScoredMembers,
  keys: numkeysAt(2),
  flags: WRITE | BLOCKING,
  blockingTimeoutMs: (timeout: number) => secondsToMs(timeout),
  sameSlot: true,
});

export const sortedSetPopCommands = {
  /** ZPOPMIN: removes the lowest-scored member (or `count` of them); `[member, score]` pairs, [] when empty. */
  zpopmin: ZPOPMIN,
  /** ZPOPMAX: removes the highest-scored member (or `count` of them); `[member, score]` pairs, [] when empty. */
  zpopmax: ZPOPMAX,
  /** BZPOPMIN: `[key, member, score]`, lowest of the first non-empty `keys`; null after `timeout` s (0: forever). */
  bzpopmin: BZPOPMIN,
  /** BZPOPMAX: `[key, member, score]`, highest of the first non-empty `keys`; null after `timeout` s (0: forever). */
  bzpopmax: BZPOPMAX,
  /** ZMPOP: `[key, [member, score] pairs]` from the first non-empty of `num_keys` `keys` (`min`/`max`, `count`) or null. */
  zmpop: ZMPOP,
  /** BZMPOP: as {@link zmpop} (`timeout` s first, 0 = forever, then `numkeys`, `keys`); null when it timed out. */
  bzmpop: BZMPOP,
};
