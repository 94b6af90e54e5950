/**
 * Scores in sorted-set replies, and redis-py's `score_cast_func`: a function applied to each score of a reply that
 * carries scores. As in redis-py's unified replies, it receives the score as a number (RESP2's text is parsed first,
 * RESP3 sends a double), so what it returns never depends on the protocol.
 */
import { DataError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';
import { asNumber, asScoredMembers } from './transforms.js';
import type { Bulk } from './types.js';

/** Turns each score (a number) into what the reply holds instead, e.g. `Math.round`, `String` or `BigInt`. */
export type ScoreCast = (score: number) => unknown;

/** redis-py's `score_cast_func` option. */
export interface ScoreCastOption {
  /** Applied to every score of the reply (default: the score as a number). Needs a reply with scores. */
  score_cast_func?: ScoreCast;
}

/** A score as the reply holds it: a number, or what `score_cast_func` returns (see `methods.ts`). */
export type CastScore<O> = O extends { score_cast_func: (score: number) => infer T } ? T : number;

/**
 * The cast a call asked for, checked: it must be a function, and the reply must carry scores (`scored`), else the
 * option would have nothing to act on and is refused rather than ignored.
 */
export function scoreCast(command: string, cast: unknown, scored: boolean): ScoreCast | undefined {
  if (cast === undefined) return undefined;
  if (typeof cast !== 'function') throw new DataError(`${command}: score_cast_func must be a function`);
  if (!scored) throw new DataError(`${command}: score_cast_func needs a reply with scores (withscores)`);
  return cast as ScoreCast;
}

/** `[member, score]` pairs (RESP2 flat or RESP3 nested), each score cast when a cast is given. */
export function castPairs(reply: RespValue, cast: ScoreCast | undefined): Array<[Bulk, unknown]> {
  const pairs: Array<[Bulk, unknown]> = asScoredMembers(reply);
  if (cast !== undefined) for (const pair of pairs) pair[1] = cast(pair[1] as number);
  return pairs;
}

/** A transform giving `[member, score]` pairs with `cast` applied; the shared one when there is no cast. */
export function scoredPairs(cast: ScoreCast | undefined): (reply: RespValue) => Array<[Bulk, unknown]> {
  return cast === undefined ? asScoredMembers : (reply) => castPairs(reply, cast);
}

/** One score, cast when a cast is given. */
export function castScore(value: RespValue, cast: ScoreCast | undefined): unknown {
  const score = asNumber(value);
  return cast === undefined ? score : cast(score);
}
