/**
 * Reply transforms shared by the command declarations. Each accepts both the RESP2 and the RESP3 shape of its reply,
 * and none of them turns server-controlled text into keys of an ordinary object.
 */
import { type Command, CommandFlags } from '../connection/command.js';
import { DataError, UnsafeIntegerError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';
import type { Bulk, Int } from './types.js';

function unexpected(what: string, reply: unknown): never {
  throw new DataError(`unexpected reply: expected ${what}, got ${reply === null ? 'null' : typeof reply}`);
}

/** Text of a bulk or simple string, whatever the decode mode. */
export function text(value: RespValue): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return unexpected('a string', value);
}

export const asIs = (reply: RespValue): unknown => reply;
export const asBulk = (reply: RespValue): Bulk => reply as unknown as Bulk;
export const asBulkOrNull = (reply: RespValue): Bulk | null => reply as unknown as Bulk | null;
export const asBulkArray = (reply: RespValue): Bulk[] => toArray(reply) as unknown as Bulk[];
export const asNullableBulkArray = (reply: RespValue): (Bulk | null)[] => toArray(reply) as unknown as (Bulk | null)[];

/** `+OK` (and the other status replies) as `true`. */
export const asOk = (reply: RespValue): true => {
  if (reply === null) return unexpected('OK', reply);
  return true;
};

/** `+OK` → true, nil → false: writes that NX/XX prevented. */
export const asOkOrFalse = (reply: RespValue): boolean => reply !== null;

/** A simple-string status such as `PONG` or `string`, as text. */
export const asStatus = (reply: RespValue): string => text(reply);

/**
 * An integer inside a structured reply, as a number. Such fields (counts, lengths, times) never approach 2^53; should
 * one ever exceed it, {@link UnsafeIntegerError} carries the exact value rather than a rounded one.
 */
export function asInteger(reply: RespValue): number {
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') throw new UnsafeIntegerError('reply', reply);
  return unexpected('an integer', reply);
}

export const asIntegerOrNull = (reply: RespValue): number | null => (reply === null ? null : asInteger(reply));

/**
 * An integer reply in the client's integer type ({@link Int}): a number by default — and UnsafeIntegerError, with the
 * exact value, when it does not fit one — or always a bigint for clients made with `integer_replies: 'bigint'`.
 */
export function asInt(reply: RespValue, command?: Command): Int {
  const big = command !== undefined && (command.flags & CommandFlags.BigIntegers) !== 0;
  if (typeof reply === 'number') return (big ? BigInt(reply) : reply) as unknown as Int;
  if (typeof reply === 'bigint') {
    if (big) return reply as unknown as Int;
    throw new UnsafeIntegerError(command?.name ?? 'reply', reply);
  }
  return unexpected('an integer', reply);
}

export const asIntOrNull = (reply: RespValue, command?: Command): Int | null =>
  reply === null ? null : asInt(reply, command);

/** A list of integer replies, each in the client's integer type. */
export const asIntArray = (reply: RespValue, command?: Command): Int[] =>
  toArray(reply).map((item) => asInt(item, command));

/** Integer 1/0 (or RESP3 boolean) as a boolean. */
export const asBoolean = (reply: RespValue): boolean => reply === 1 || reply === true;

export const asBooleanArray = (reply: RespValue): boolean[] => toArray(reply).map(asBoolean);

/** A score or float reply: RESP2 sends text, RESP3 a double. */
export function asNumber(reply: RespValue): number {
  if (typeof reply === 'number') return reply;
  const t = text(reply);
  if (t === 'inf' || t === '+inf') return Number.POSITIVE_INFINITY;
  if (t === '-inf') return Number.NEGATIVE_INFINITY;
  const n = Number(t);
  if (Number.isNaN(n) && t !== 'nan') unexpected('a number', reply);
  return n;
}

export const asNumberOrNull = (reply: RespValue): number | null => (reply === null ? null : asNumber(reply));
export const asNumberOrNullArray = (reply: RespValue): (number | null)[] => toArray(reply).map(asNumberOrNull);

export function toArray(reply: RespValue): RespValue[] {
  if (Array.isArray(reply)) return reply;
  if (reply instanceof Set) return [...reply];
  if (reply === null) return [];
  return unexpected('an array', reply);
}

/** A RESP2 flat `[k, v, k, v]` array or a RESP3 map, as entries. */
export function entries(reply: RespValue): Array<[RespValue, RespValue]> {
  if (reply instanceof Map) return [...reply.entries()];
  const flat = toArray(reply);
  const out: Array<[RespValue, RespValue]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/**
 * Stores `value` under a name that came from the server, in an ordinary object. Every name becomes an own data
 * property: `__proto__`, whose assignment would replace the object's prototype, is defined instead, so no reply can
 * change a prototype; `constructor`, `toString` and the like are own fields that shadow the inherited ones.
 */
export function setField(target: object, name: string, value: unknown): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  } else (target as Record<string, unknown>)[name] = value;
}

/**
 * A hash (HGETALL, CONFIG GET…) as an ordinary object (`deepStrictEqual` with a literal holds, `console.log` prints
 * it plainly); field names are stored with {@link setField}, so `__proto__` or `constructor` stay fields.
 */
export function asRecord(reply: RespValue): Record<string, Bulk> {
  const out: Record<string, Bulk> = {};
  if (reply instanceof Map) {
    for (const [field, value] of reply) setField(out, text(field), value as unknown as Bulk);
    return out;
  }
  const flat = toArray(reply);
  for (let i = 0; i + 1 < flat.length; i += 2) setField(out, text(flat[i]), flat[i + 1] as unknown as Bulk);
  return out;
}

export function asSet(reply: RespValue): Set<Bulk> {
  if (reply instanceof Set) return reply as unknown as Set<Bulk>;
  return new Set(toArray(reply) as unknown as Bulk[]);
}

/** WITHSCORES replies: RESP2 `[m, s, m, s]`, RESP3 `[[m, s], …]`; scores as numbers. */
export function asScoredMembers(reply: RespValue): Array<[Bulk, number]> {
  const items = toArray(reply);
  const out: Array<[Bulk, number]> = [];
  if (items.length > 0 && Array.isArray(items[0])) {
    for (const pair of items as RespValue[][]) out.push([pair[0] as unknown as Bulk, asNumber(pair[1])]);
    return out;
  }
  for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i] as unknown as Bulk, asNumber(items[i + 1])]);
  return out;
}
