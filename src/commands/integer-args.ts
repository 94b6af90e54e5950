/**
 * Checks for integer arguments (counts, limits, idle times, key counts): a value the server would misread or refuse
 * raises DataError before anything is sent. Messages name the command and the parameter, never the value.
 */
import { DataError } from '../errors.js';

/** `value` as it is when it is a safe integer of at least `min` (`-Infinity`: any integer); DataError otherwise. */
export function integerArg(command: string, what: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const bound =
      min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : min < 0 ? 'an integer' : `>= ${min}`;
    throw new DataError(`${command}: ${what} must be ${bound}`);
  }
  return value;
}

/** {@link integerArg} for an optional parameter: undefined stays undefined. */
export function optionalIntegerArg(command: string, what: string, value: unknown, min = 0): number | undefined {
  return value === undefined ? undefined : integerArg(command, what, value, min);
}

/** A boolean flag: true, false or absent; anything else is a mistake (`{ justid: 'yes' }`). */
export function flagArg(command: string, what: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new DataError(`${command}: ${what} must be a boolean`);
  return value;
}

/**
 * The keys of a `numkeys key…` command given redis-py's way, `(numkeys, keys)`: numkeys must be the number of keys,
 * so a call whose count and list disagree never reaches the server half-read.
 */
export function countedKeys<K>(command: string, numkeys: unknown, keys: K | readonly K[]): K[] {
  const list = Array.isArray(keys) ? [...(keys as readonly K[])] : [keys as K];
  if (list.length === 0) throw new DataError(`${command} needs at least one key`);
  if (integerArg(command, 'numkeys', numkeys, 1) !== list.length) {
    throw new DataError(`${command}: numkeys does not match the number of keys`);
  }
  return list;
}
