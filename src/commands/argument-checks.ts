/**
 * Checks shared by the command declarations: integers where the server wants one (any integer, or a bounded count,
 * limit or key count), boolean flags, words from a fixed set (in any case, as text or bytes), and whether two keys
 * name the same key. Each raises DataError naming the command and the argument, never its value.
 */
import { DataError } from '../errors.js';
import type { KeyArg } from './types.js';

/** An integer argument: a number without a fraction, a bigint, or a string of decimal digits (optionally signed). */
export type IntegerArg = number | bigint | string;

const DIGITS = /^[0-9]+$/;
const SIGNED_DIGITS = /^-?[0-9]+$/;

/** A string of digits as a number when it fits one exactly, else as a bigint (both are sent as their digits). */
function digitsValue(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/**
 * `value` as an integer to send. Numbers must have no fraction; strings are accepted when `strings` allows them:
 * `'unsigned'` only digits (redis-py's `str.isdigit()`), `'signed'` an optional minus sign too, `'none'` not at all.
 */
export function integerArg(
  command: string,
  what: string,
  value: unknown,
  strings: 'unsigned' | 'signed' | 'none' = 'signed',
): number | bigint {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && strings !== 'none') {
    if ((strings === 'unsigned' ? DIGITS : SIGNED_DIGITS).test(value)) return digitsValue(value);
  }
  const accepted = strings === 'none' ? 'an integer' : 'an integer (or a string of digits)';
  throw new DataError(`${command}: ${what} must be ${accepted}`);
}

/** True for the integer 1 in any of the forms {@link integerArg} accepts. */
export function isOne(value: IntegerArg): boolean {
  return value === 1 || value === 1n || value === '1';
}

/** The text of a word given as a string or bytes, or undefined for anything else. */
function wordText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString();
  return undefined;
}

/** One of `allowed` (upper case), given in any case as a string or bytes; DataError listing the allowed words. */
export function wordArg<const W extends string>(
  command: string,
  what: string,
  value: unknown,
  allowed: readonly W[],
): W {
  const upper = wordText(value)?.toUpperCase();
  if (upper !== undefined && (allowed as readonly string[]).includes(upper)) return upper as W;
  throw new DataError(`${command}: ${what} must be one of ${allowed.join(', ')} (in any case)`);
}

/** The bytes a key is sent as, for comparing keys given in different forms. */
function keyBytes(key: KeyArg): Buffer {
  return Buffer.isBuffer(key) ? key : Buffer.from(String(key));
}

/** True when `a` and `b` are the same key (`'1'`, `1` and `Buffer.from('1')` are). */
export function sameKey(a: KeyArg, b: KeyArg): boolean {
  return keyBytes(a).equals(keyBytes(b));
}

/** `value` as it is when it is a safe integer of at least `min` (`-Infinity`: any integer); DataError otherwise. */
export function integerAtLeast(command: string, what: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const bound =
      min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : min < 0 ? 'an integer' : `>= ${min}`;
    throw new DataError(`${command}: ${what} must be ${bound}`);
  }
  return value;
}

/** {@link integerAtLeast} for an optional parameter: undefined stays undefined. */
export function optionalIntegerArg(command: string, what: string, value: unknown, min = 0): number | undefined {
  return value === undefined ? undefined : integerAtLeast(command, what, value, min);
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
  if (integerAtLeast(command, 'numkeys', numkeys, 1) !== list.length) {
    throw new DataError(`${command}: numkeys does not match the number of keys`);
  }
  return list;
}
