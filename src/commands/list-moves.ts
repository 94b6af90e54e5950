/**
 * List commands that move elements between lists or pop from the first non-empty of several keys: LMOVE, BLMOVE,
 * RPOPLPUSH, BRPOPLPUSH, BLPOP, BRPOP, LMPOP, BLMPOP; and the checks they share (list ends, blocking timeouts).
 */

import { DataError } from '../errors.js';
import { isPlainObject, optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { BLOCKING, defineCommand, FIRST_TWO_KEYS, KEYS_BEFORE_LAST, listArg, WRITE } from './define.js';
import { checkedNumkeys, numkeysAt } from './sets.js';
import { asBulkArray, asBulkOrNull, toArray } from './transforms.js';
import type { Bulk, KeyArg } from './types.js';

/**
 * A keyword argument such as LEFT or BEFORE: text or bytes, in any case, sent in upper case. Anything else raises
 * DataError, whose message names the command and the choices (never the value given).
 */
export function keyword<T extends string>(command: string, what: string, value: unknown, choices: readonly T[]): T {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (value instanceof Uint8Array && value.length <= 16) text = Buffer.from(value).toString('latin1');
  if (text !== undefined && /^[a-z]+$/i.test(text)) {
    const upper = text.toUpperCase();
    for (const choice of choices) if (choice === upper) return choice;
  }
  const listed = choices.map((choice) => `'${choice}'`).join(' or ');
  throw new DataError(`${command}: ${what} must be ${listed} (a string or Buffer, in any case)`);
}

/** A list end for LMOVE, BLMOVE, LMPOP, BLMPOP: 'LEFT' or 'RIGHT' in any case, as a string or bytes. */
export type ListEnd = 'LEFT' | 'RIGHT' | 'left' | 'right' | 'Left' | 'Right' | Uint8Array;

const ENDS = ['LEFT', 'RIGHT'] as const;

/**
 * A blocking timeout in seconds (fractions allowed, 0 = forever; a numeric string is read as its number). `null` and
 * `undefined` mean 0 where redis-py's parameter defaults to 0 (`timeout=0`, and None read as 0); where redis-py has
 * no default they are a DataError, like a negative or non-numeric timeout.
 */
export function blockingSeconds(command: string, timeout: unknown, optional: boolean): number {
  if (timeout == null && optional) return 0;
  const seconds = typeof timeout === 'string' && timeout.trim() !== '' ? Number(timeout) : timeout;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new DataError(`${command}: timeout must be a number of seconds, 0 or more (0 waits forever)`);
  }
  return seconds;
}

/** How long the server may block, in ms, for the client's own deadline: 0 = forever. */
const blockingMs = (seconds: number): number => (seconds > 0 ? Math.ceil(seconds * 1000) : 0);

/** redis-py's `lmove(first_list, second_list, src='LEFT', dest='RIGHT')`. */
export const LMOVE = defineCommand({
  name: 'LMOVE',
  maxArgs: 4,
  build: (first_list: KeyArg, second_list: KeyArg, src: ListEnd = 'LEFT', dest: ListEnd = 'RIGHT') => [
    'LMOVE',
    first_list,
    second_list,
    keyword('LMOVE', 'src', src, ENDS),
    keyword('LMOVE', 'dest', dest, ENDS),
  ],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE,
  sameSlot: true,
});

/** redis-py's `blmove(first_list, second_list, timeout, src='LEFT', dest='RIGHT')`. */
export const BLMOVE = defineCommand({
  name: 'BLMOVE',
  maxArgs: 5,
  build: (first_list: KeyArg, second_list: KeyArg, timeout: number, src: ListEnd = 'LEFT', dest: ListEnd = 'RIGHT') => [
    'BLMOVE',
    first_list,
    second_list,
    keyword('BLMOVE', 'src', src, ENDS),
    keyword('BLMOVE', 'dest', dest, ENDS),
    blockingSeconds('BLMOVE', timeout, false),
  ],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE | BLOCKING,
  sameSlot: true,
  blockingTimeoutMs: (_a: KeyArg, _b: KeyArg, timeout: number) => blockingMs(blockingSeconds('BLMOVE', timeout, false)),
});

export const RPOPLPUSH = defineCommand({
  name: 'RPOPLPUSH',
  maxArgs: 2,
  build: (src: KeyArg, dst: KeyArg) => ['RPOPLPUSH', src, dst],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE,
  sameSlot: true,
});

/** redis-py's `brpoplpush(src, dst, timeout=0)`. */
export const BRPOPLPUSH = defineCommand({
  name: 'BRPOPLPUSH',
  maxArgs: 3,
  build: (src: KeyArg, dst: KeyArg, timeout: number | null = 0) => [
    'BRPOPLPUSH',
    src,
    dst,
    blockingSeconds('BRPOPLPUSH', timeout, true),
  ],
  transform: asBulkOrNull,
  keys: FIRST_TWO_KEYS,
  flags: WRITE | BLOCKING,
  sameSlot: true,
  blockingTimeoutMs: (_a: KeyArg, _b: KeyArg, timeout: number | null = 0) =>
    blockingMs(blockingSeconds('BRPOPLPUSH', timeout, true)),
});

/** `[key, value]` from BLPOP/BRPOP, or null when the timeout expired. */
const asKeyValueOrNull = (reply: RespValue) => (reply === null ? null : (toArray(reply) as unknown as [Bulk, Bulk]));

const blockingPop = (command: 'BLPOP' | 'BRPOP') =>
  defineCommand({
    name: command,
    maxArgs: 2,
    /** redis-py's `blpop(keys, timeout=0)`: one key or a list, and seconds to wait (0 or null: forever). */
    build: (keys: KeyArg | readonly KeyArg[], timeout: number | null = 0) => [
      command,
      ...listArg(command, 'key', [keys]),
      blockingSeconds(command, timeout, true),
    ],
    transform: asKeyValueOrNull,
    keys: KEYS_BEFORE_LAST,
    flags: WRITE | BLOCKING,
    sameSlot: true,
    blockingTimeoutMs: (_keys: KeyArg | readonly KeyArg[], timeout: number | null = 0) =>
      blockingMs(blockingSeconds(command, timeout, true)),
  });

export const BLPOP = blockingPop('BLPOP');
export const BRPOP = blockingPop('BRPOP');

/** The keyword arguments of redis-py's `lmpop` and `blmpop`, as the trailing options object. */
export interface LmpopOptions {
  /** Which end to pop from: 'LEFT' or 'RIGHT' (any case, string or Buffer). Required. */
  direction: ListEnd;
  /** Pop up to this many elements (default 1). */
  count?: number;
}

/** The arguments after the count: the keys (as arguments or one array), then `{ direction, count }`. */
type MpopRest = [...keys: Array<KeyArg | readonly KeyArg[]>, options: LmpopOptions];

const MPOP_OPTIONS = optionKeys<LmpopOptions>({ direction: true, count: true });

/**
 * `num_keys, ...keys, { direction, count }` (redis-py's `num_keys, *args, direction=…, count=…`) as the server's
 * `numkeys key… LEFT|RIGHT [COUNT n]`. The keys go either as arguments or as one array; `num_keys` must match them.
 */
function mpopArgs(command: string, num_keys: unknown, rest: readonly unknown[]): RedisArg[] {
  const options = rest[rest.length - 1];
  if (rest.length < 2 || !isPlainObject(options)) {
    throw new DataError(
      `${command}: the keys follow num_keys, then an options object with the direction: ` +
        `${command.toLowerCase()}(…, num_keys, ...keys, { direction: 'LEFT', count })`,
    );
  }
  const given = rest.slice(0, -1);
  const keys = (given.length === 1 && Array.isArray(given[0]) ? given[0] : given) as unknown[];
  if (keys.some((key) => Array.isArray(key))) {
    throw new DataError(`${command}: the keys go either as arguments or as one array, not both`);
  }
  const { direction, count } = options as Partial<LmpopOptions>;
  const args: RedisArg[] = [
    checkedNumkeys(command, num_keys, keys.length),
    ...(keys as RedisArg[]),
    keyword(command, 'direction', direction, ENDS),
  ];
  if (count != null) args.push('COUNT', count);
  return args;
}

/** `[key, elements]` from LMPOP/BLMPOP, or null when nothing was popped. */
const asMpop = (reply: RespValue) => {
  if (reply === null) return null;
  const [key, items] = toArray(reply);
  return [key as unknown as Bulk, asBulkArray(items)] as [Bulk, Bulk[]];
};

/** redis-py's `lmpop(num_keys, *args, direction, count=1)`: `lmpop(2, 'a', 'b', { direction: 'LEFT' })`. */
export const LMPOP = defineCommand({
  name: 'LMPOP',
  maxArgs: 'variadic',
  options: MPOP_OPTIONS,
  build: (num_keys: number | string, ...rest: MpopRest) => ['LMPOP', ...mpopArgs('LMPOP', num_keys, rest)],
  transform: asMpop,
  keys: numkeysAt(1),
  flags: WRITE,
  sameSlot: true,
});

/** redis-py's `blmpop(timeout, numkeys, *args, direction, count=1)`. */
export const BLMPOP = defineCommand({
  name: 'BLMPOP',
  maxArgs: 'variadic',
  options: MPOP_OPTIONS,
  build: (timeout: number, numkeys: number | string, ...rest: MpopRest) => [
    'BLMPOP',
    blockingSeconds('BLMPOP', timeout, false),
    ...mpopArgs('BLMPOP', numkeys, rest),
  ],
  transform: asMpop,
  keys: numkeysAt(2),
  flags: WRITE | BLOCKING,
  sameSlot: true,
  blockingTimeoutMs: (timeout: number, ..._rest: unknown[]) => blockingMs(blockingSeconds('BLMPOP', timeout, false)),
});

export const listMoveCommands = {
  /** LMOVE: moves an element from the `src` end of `first_list` to the `dest` end of `second_list`; it, or null. */
  lmove: LMOVE,
  /** BLMOVE: {@link lmove}, waiting up to `timeout` seconds (0: forever); the element, or null on timeout. */
  blmove: BLMOVE,
  /** RPOPLPUSH: moves the last element of `src` to the head of `dst`; the element, or null when `src` is empty. */
  rpoplpush: RPOPLPUSH,
  /** BRPOPLPUSH: {@link rpoplpush}, waiting up to `timeout` seconds (default 0: forever); the element or null. */
  brpoplpush: BRPOPLPUSH,
  /** BLPOP: pops the head of the first non-empty of `keys`, waiting `timeout` s (0: forever); `[key, value]`/null. */
  blpop: BLPOP,
  /** BRPOP: pops the tail of the first non-empty of `keys`, waiting `timeout` s (0: forever); `[key, value]`/null. */
  brpop: BRPOP,
  /** LMPOP: `(num_keys, ...keys, { direction, count })` pops from the first non-empty list; `[key, elements]`/null. */
  lmpop: LMPOP,
  /** BLMPOP: `(timeout, numkeys, ...keys, { direction, count })`: {@link lmpop}, waiting; `[key, elements]`/null. */
  blmpop: BLMPOP,
};
