/**
 * LCS, with one reply shape whatever the protocol: with `idx`, redis-py's unified `{ matches, len }` (RESP2 sends a
 * flat `[matches, …, len, …]` array and RESP3 a map; both become the same object).
 */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, FIRST_TWO_KEYS, READ_ONLY } from './define.js';
import { asBulk, asInt, asInteger, entries, text, toArray } from './transforms.js';
import type { KeyArg } from './types.js';

/** Options of LCS. */
export interface LcsOptions {
  /** Return the length of the match only. */
  len?: boolean;
  /** Return the match positions: `{ matches, len }`. */
  idx?: boolean;
  /** With idx: only matches at least this long (0 or absent: all). */
  minmatchlen?: number;
  /** With idx: each match also carries its length, as a third element. */
  withmatchlen?: boolean;
}

/** A range `[start, end]` (inclusive) in one of the two strings. */
export type LcsRange = [start: number, end: number];
/** One match: its range in the first string, in the second, and with `withmatchlen` its length. */
export type LcsMatch = [first: LcsRange, second: LcsRange] | [first: LcsRange, second: LcsRange, length: number];

/** LCS with `idx`: the matches, longest first, and the length of the whole common subsequence. */
export interface LcsIdxResult<M extends LcsMatch = LcsMatch> {
  matches: M[];
  len: number;
}

function range(value: RespValue): LcsRange {
  const [start, end] = toArray(value);
  return [asInteger(start), asInteger(end)];
}

function match(value: RespValue): LcsMatch {
  const [first, second, length] = toArray(value);
  return length === undefined ? [range(first), range(second)] : [range(first), range(second), asInteger(length)];
}

/** `{ matches, len }` from RESP2's `['matches', [...], 'len', n]` or RESP3's map. */
export function asLcsIdx(reply: RespValue): LcsIdxResult {
  const result: LcsIdxResult = { matches: [], len: 0 };
  for (const [field, value] of entries(reply)) {
    const name = text(field);
    if (name === 'matches') result.matches = toArray(value).map(match);
    else if (name === 'len') result.len = asInteger(value);
  }
  return result;
}

export const LCS = defineCommand({
  name: 'LCS',
  maxArgs: 3,
  options: optionKeys<LcsOptions>({ len: true, idx: true, minmatchlen: true, withmatchlen: true }),
  build: (key1: KeyArg, key2: KeyArg, options: LcsOptions = {}) => {
    if (options.len && options.idx) throw new DataError('LCS takes len or idx, not both');
    const args: RedisArg[] = ['LCS', key1, key2];
    if (options.len) args.push('LEN');
    if (options.idx) args.push('IDX');
    // As redis-py: a minmatchlen of 0 (every match) is not sent.
    if (options.minmatchlen != null && options.minmatchlen !== 0) args.push('MINMATCHLEN', options.minmatchlen);
    if (options.withmatchlen) args.push('WITHMATCHLEN');
    return args;
  },
  transform: asBulk,
  transformFor: (_k1: KeyArg, _k2: KeyArg, options?: LcsOptions) =>
    options?.len ? asInt : options?.idx ? asLcsIdx : undefined,
  keys: FIRST_TWO_KEYS,
  flags: READ_ONLY,
});
