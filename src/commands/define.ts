/** Helpers for writing command declarations. */
import { CommandFlags } from '../connection/command.js';
import { DataError } from '../errors.js';
import { isPlainObject } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { CommandSpec, KeyArg, KeyPositions } from './types.js';

/** Declares a command; the identity function, there so TypeScript infers the argument and reply types. */
export function defineCommand<A extends unknown[], R>(spec: CommandSpec<A, R>): CommandSpec<A, R> {
  return spec;
}

export const READ_ONLY = CommandFlags.ReadOnly;
/** A write that sets an absolute state: safe to resend when its outcome is unknown. */
export const IDEMPOTENT = CommandFlags.Idempotent;
/** A write whose repetition changes the result (INCR, LPUSH…): never resent after an unknown outcome. */
export const WRITE = CommandFlags.None;
export const BLOCKING = CommandFlags.Blocking;

export const NO_KEYS: KeyPositions | undefined = undefined;
export const FIRST_KEY: KeyPositions = { first: 1, last: 1, step: 1 };
export const FIRST_TWO_KEYS: KeyPositions = { first: 1, last: 2, step: 1 };
export const ALL_KEYS: KeyPositions = { first: 1, last: -1, step: 1 };
export const KEY_VALUE_PAIRS: KeyPositions = { first: 1, last: -1, step: 2 };
/** Keys from the first argument up to (not including) the last one: BLPOP k1 k2 timeout. */
export const KEYS_BEFORE_LAST: KeyPositions = { first: 1, last: -2, step: 1 };

/** Argument indexes holding keys, for a declaration's key positions and one argument vector. */
export function keyIndexes(keys: KeyPositions | undefined, args: readonly RedisArg[]): number[] {
  if (keys === undefined) return [];
  if (typeof keys === 'function') return keys(args);
  const last = keys.last < 0 ? args.length + keys.last : keys.last;
  const out: number[] = [];
  for (let i = keys.first; i <= last && i < args.length; i += keys.step) out.push(i);
  return out;
}

/** Marks a declaration as a client-side cacheable read (see `CommandSpec.cacheable`). */
export function cacheable<S extends { readonly flags: number }>(spec: S): S & { readonly cacheable: true } {
  return { ...spec, cacheable: true };
}

/** A command taking one key and nothing else (GET, TTL, STRLEN…): `method(key)`, the reply through `transform`. */
export function singleKeyCommand<R>(name: string, transform: (reply: never, command: never) => R, flags: number) {
  return defineCommand({
    name,
    maxArgs: 1,
    build: (key: KeyArg) => [name, key],
    transform,
    keys: FIRST_KEY,
    flags,
  });
}

/** Accepts `f([a, b])` as well as `f(a, b)`, as redis-py does for MGET, HMGET, DELETE and friends. */
export function flatten<T>(items: ReadonlyArray<T | readonly T[]>): T[] {
  if (items.length === 1 && Array.isArray(items[0])) return [...(items[0] as readonly T[])];
  const out: T[] = [];
  for (const item of items) {
    if (Array.isArray(item)) out.push(...(item as readonly T[]));
    else out.push(item as T);
  }
  return out;
}

/** Rejects an empty list where the server needs at least one element. */
export function atLeastOne<T>(command: string, what: string, items: readonly T[]): readonly T[] {
  if (items.length === 0) throw new DataError(`${command} needs at least one ${what}`);
  return items;
}

/** A non-empty list given either way `flatten` accepts: `f([a, b])` or `f(a, b)`; DataError when it is empty. */
export function listArg<T>(command: string, what: string, items: ReadonlyArray<T | readonly T[]>): T[] {
  const list = flatten(items);
  if (list.length === 0) throw new DataError(`${command} needs at least one ${what}`);
  return list;
}

/** A mapping given as an object, a Map or a list of pairs, as flat `[k, v, k, v]` arguments. */
export type Mapping<V = RedisArg> = Record<string, V> | Map<KeyArg, V> | ReadonlyArray<readonly [KeyArg, V]>;

export function mappingArgs(command: string, mapping: Mapping): RedisArg[] {
  const out: RedisArg[] = [];
  if (mapping instanceof Map) {
    for (const [k, v] of mapping as Map<KeyArg, RedisArg>) out.push(k, v);
  } else if (Array.isArray(mapping)) {
    for (const pair of mapping as ReadonlyArray<readonly [KeyArg, RedisArg]>) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new DataError(`${command}: a list mapping holds [key, value] pairs`);
      }
      out.push(pair[0], pair[1]);
    }
  } else if (isPlainObject(mapping)) {
    for (const k of Object.keys(mapping)) out.push(k, (mapping as Record<string, RedisArg>)[k]);
  } else {
    // Buffers, typed arrays, Dates and class instances have keys too, but none of them is a mapping.
    throw new DataError(`${command} needs a mapping (a plain object, a Map or a list of [key, value] pairs)`);
  }
  if (out.length === 0) throw new DataError(`${command} needs a non-empty mapping`);
  return out;
}

/** Seconds (number) or a Date → whole seconds since the epoch, as redis-py accepts for EXPIREAT. */
export function unixSeconds(when: number | Date): number {
  return when instanceof Date ? Math.floor(when.getTime() / 1000) : when;
}

export function unixMilliseconds(when: number | Date): number {
  return when instanceof Date ? when.getTime() : when;
}
