/**
 * Argument checks shared by the server-administration declarations. Each raises DataError before anything is sent
 * and names the command and the parameter, never the value (a value may be a password).
 */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';

/** A flag-like option: undefined (false) or a boolean. `'yes'` or `1` is a mistake, not a truthy value. */
export function flag(command: string, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new DataError(`${command}: '${name}' must be a boolean`);
  return value;
}

/** A whole number, at least `min`; bigints are accepted as they are. */
export function integer(command: string, name: string, value: unknown, min = 0): number | bigint {
  if (typeof value === 'bigint' && value >= BigInt(min)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  throw new DataError(`${command}: '${name}' must be an integer${min === 0 ? ' ≥ 0' : min > 0 ? ` ≥ ${min}` : ''}`);
}

/** Text or bytes (a name, a path, a host): not a number, an object or an empty string. */
export function text(command: string, name: string, value: unknown): string | Buffer {
  if ((typeof value === 'string' && value.length > 0) || (Buffer.isBuffer(value) && value.length > 0)) return value;
  throw new DataError(`${command}: '${name}' must be a non-empty string or Buffer`);
}

/** A list of strings/Buffers given as one array or as separate arguments (`f([a, b])` or `f(a, b)`). */
export function textList(command: string, name: string, items: readonly unknown[]): Array<string | Buffer> {
  const list = items.length === 1 && Array.isArray(items[0]) ? (items[0] as unknown[]) : items;
  return list.map((item) => text(command, name, item));
}

/** One of `choices` (upper case), given in any case as a string or Buffer; returns the upper-case token. */
export function token<T extends string>(command: string, name: string, value: unknown, choices: readonly T[]): T {
  const raw = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('latin1') : undefined;
  const upper = raw?.toUpperCase();
  if (upper !== undefined && (choices as readonly string[]).includes(upper)) return upper as T;
  throw new DataError(`${command}: '${name}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}`);
}

/** `[host, port]` of another server. */
export function endpoint(command: string, host: unknown, port: unknown): RedisArg[] {
  const p = integer(command, 'port', typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port, 1);
  if (Number(p) > 65535) throw new DataError(`${command}: 'port' must be between 1 and 65535`);
  return [text(command, 'host', host), p];
}
