/** SORT and SORT_RO, with redis-py's `sort(..., groups=True)`. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, FIRST_KEY, IDEMPOTENT, READ_ONLY } from './define.js';
import { asInt, asNullableBulkArray } from './transforms.js';
import type { Bulk, Int, KeyArg } from './types.js';

/** Options of SORT_RO (and SORT, without `store` and `groups`). */
export interface SortRoOptions {
  /** With `num`: skip this many elements (LIMIT start num). */
  start?: number;
  /** With `start`: return at most this many elements. */
  num?: number;
  /** Sort by the values of keys named by this pattern (`weight_*`), or `nosort`. */
  by?: string | Buffer;
  /** Return the values of keys named by this pattern, or these patterns (`#` for the element itself). */
  get?: string | Buffer | ReadonlyArray<string | Buffer>;
  desc?: boolean;
  /** Sort lexicographically. */
  alpha?: boolean;
}

/** Options of SORT. */
export interface SortOptions extends SortRoOptions {
  /** Store the result in this key; the reply is then its length. */
  store?: KeyArg;
  /** With two or more `get` patterns: the result as one array per element, holding its `get` values in order. */
  groups?: boolean;
}

/** The `get` patterns as a list: one pattern (text or bytes) or several. */
function getPatterns(get: SortRoOptions['get']): ReadonlyArray<string | Buffer> {
  if (get === undefined || get === null) return [];
  return typeof get === 'string' || Buffer.isBuffer(get) ? [get] : get;
}

function sortArgs(command: 'SORT' | 'SORT_RO', name: KeyArg, options: SortOptions = {}): RedisArg[] {
  if ((options.start == null) !== (options.num == null)) throw new DataError(`${command} takes start and num together`);
  const args: RedisArg[] = [command, name];
  if (options.by != null) args.push('BY', options.by);
  if (options.start != null && options.num != null) args.push('LIMIT', options.start, options.num);
  const gets = getPatterns(options.get);
  for (const pattern of gets) args.push('GET', pattern);
  if (options.desc) args.push('DESC');
  if (options.alpha) args.push('ALPHA');
  if (options.store != null) args.push('STORE', options.store);
  if (options.groups) {
    // redis-py: groups needs get as a list of at least two patterns (a single string does not count).
    const list = options.get !== undefined && typeof options.get !== 'string' && !Buffer.isBuffer(options.get);
    if (!list || gets.length < 2) throw new DataError(`${command}: groups needs get with at least two patterns`);
    if (options.store != null) throw new DataError(`${command}: groups and store exclude each other`);
  }
  return args;
}

/** The sorted key, plus the STORE destination when there is one. */
function sortKeys(args: readonly RedisArg[]): number[] {
  const out = [1];
  for (let i = 2; i < args.length - 1; i++) {
    const arg = args[i];
    const word = typeof arg === 'string' ? arg.toUpperCase() : '';
    if (word === 'STORE') out.push(i + 1);
    if (word === 'STORE' || word === 'BY' || word === 'GET') i++;
    else if (word === 'LIMIT') i += 2;
  }
  return out;
}

/** A flat SORT reply cut into arrays of `size` (redis-py's `sort_return_tuples`). */
function grouped(size: number) {
  return (reply: RespValue): Array<Array<Bulk | null>> => {
    const flat = asNullableBulkArray(reply);
    const out: Array<Array<Bulk | null>> = [];
    for (let i = 0; i + size <= flat.length; i += size) out.push(flat.slice(i, i + size));
    return out;
  };
}

const SORT_RO_OPTIONS = optionKeys<SortRoOptions>({
  start: true,
  num: true,
  by: true,
  get: true,
  desc: true,
  alpha: true,
});

export const SORT = defineCommand({
  name: 'SORT',
  maxArgs: 2,
  options: [...SORT_RO_OPTIONS, ...optionKeys<Omit<SortOptions, keyof SortRoOptions>>({ store: true, groups: true })],
  build: (name: KeyArg, options?: SortOptions) => sortArgs('SORT', name, options),
  transform: (reply: never, command: never): (Bulk | null)[] | Int | Array<Array<Bulk | null>> =>
    typeof reply === 'number' || typeof reply === 'bigint' ? asInt(reply, command) : asNullableBulkArray(reply),
  transformFor: (_name: KeyArg, options?: SortOptions) =>
    options?.groups ? grouped(getPatterns(options.get).length) : undefined,
  keys: sortKeys,
  // A read, or with STORE an absolute write of the sorted result: either way safe to repeat.
  flags: IDEMPOTENT,
  sameSlot: true,
});

export const SORT_RO = defineCommand({
  name: 'SORT_RO',
  maxArgs: 2,
  options: SORT_RO_OPTIONS,
  build: (key: KeyArg, options?: SortRoOptions) => sortArgs('SORT_RO', key, options),
  transform: asNullableBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const sortCommands = {
  /**
   * SORT: the sorted elements of `name` (null for missing `get` targets); with `store`, the stored list's length;
   * with `groups`, one array of `get` values per element.
   */
  sort: SORT,
  /** SORT_RO: the read-only {@link sort} (no `store`): the sorted elements, null for missing `get` targets. */
  sort_ro: SORT_RO,
  /** Alias of {@link sort_ro}. */
  sortRo: SORT_RO,
};
