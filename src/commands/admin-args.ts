/**
 * Argument checks of the server-administration declarations (integers, flags and enum words use the shared checks in
 * integer-args.ts and define.ts). Each raises DataError before anything is sent and names the command and the
 * parameter, never the value (a value may be a password).
 */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import { integerAtLeast } from './argument-checks.js';

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

/** `[host, port]` of another server; the port may be given as decimal text. */
export function endpoint(command: string, host: unknown, port: unknown): RedisArg[] {
  const p = integerAtLeast(command, 'port', typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port, 1);
  if (p > 65535) throw new DataError(`${command}: 'port' must be between 1 and 65535`);
  return [text(command, 'host', host), p];
}
