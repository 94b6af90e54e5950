/**
 * Expiry: EXPIRE and friends, TTL/PTTL, PERSIST, EXPIRETIME, and the expiry arguments SET, GETEX, SETEX and PSETEX
 * share. The accepted forms are redis-py's: whole seconds or milliseconds as integers (a `timedelta` there is a
 * number here), absolute times as Unix integers or a `Date` (redis-py's `datetime`). Anything else — `10.5`, `'10.5'`,
 * `true` — raises DataError before anything is sent.
 */
import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { integerArg } from './argument-checks.js';
import {
  defineCommand,
  FIRST_KEY,
  IDEMPOTENT,
  READ_ONLY,
  singleKeyCommand,
  unixMilliseconds,
  unixSeconds,
  WRITE,
} from './define.js';
import { asBoolean, asInt } from './transforms.js';
import type { KeyArg } from './types.js';

/** A relative expiry: whole seconds (or milliseconds) as a number without a fraction, a bigint or a digit string. */
export type Expiry = number | bigint | string;
/** An absolute expiry: a `Date`, or Unix time in whole seconds (or milliseconds). */
export type AbsoluteExpiry = number | bigint | string | Date;

/**
 * A relative expiry to send. `strings` says which strings redis-py lets through: `'unsigned'` for SET's `ex` (it
 * checks `str.isdigit()`), `'none'` for SET's `px` (it refuses strings), `'signed'` where it passes the value on
 * unchecked and the server reads it (EXPIRE, SETEX…: a negative time deletes the key there).
 */
export function relativeExpiry(
  command: string,
  what: string,
  value: unknown,
  strings: 'unsigned' | 'signed' | 'none' = 'signed',
): number | bigint {
  return integerArg(command, what, value, strings);
}

/** An absolute expiry to send: a Date in the command's unit, or an integer (Unix seconds or milliseconds). */
export function absoluteExpiry(command: string, what: string, value: unknown, unit: 's' | 'ms'): number | bigint {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DataError(`${command}: ${what} is an invalid Date`);
    return unit === 's' ? unixSeconds(value) : unixMilliseconds(value);
  }
  return integerArg(command, what, value, 'signed');
}

/** The expiry options of SET and GETEX (redis-py's `ex`, `px`, `exat`, `pxat`). */
export interface ExpiryOptions {
  /** Expire after this many seconds: an integer or a string of digits (a redis-py `timedelta`: its seconds). */
  ex?: number | bigint | string;
  /** Expire after this many milliseconds: an integer (a redis-py `timedelta`: its milliseconds). */
  px?: number | bigint;
  /** Expire at this Unix time in seconds, or at a Date. */
  exat?: AbsoluteExpiry;
  /** Expire at this Unix time in milliseconds, or at a Date. */
  pxat?: AbsoluteExpiry;
}

const given = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * `EX n` / `PX n` / `EXAT t` / `PXAT t` for SET and GETEX, after redis-py's checks: at most one of them and `other`
 * (`keepttl` for SET, `persist` for GETEX) — a zero counts as given, as `ex=0` does in redis-py — and each in a form
 * redis-py accepts. `null` means absent, as `None` does.
 */
export function expiryArgs(command: string, options: ExpiryOptions, other: 'keepttl' | 'persist', otherSet: boolean) {
  const count =
    (given(options.ex) ? 1 : 0) +
    (given(options.px) ? 1 : 0) +
    (given(options.exat) ? 1 : 0) +
    (given(options.pxat) ? 1 : 0) +
    (otherSet ? 1 : 0);
  if (count > 1) throw new DataError(`${command}: ex, px, exat, pxat and ${other} are mutually exclusive`);
  const args: RedisArg[] = [];
  if (given(options.ex)) args.push('EX', relativeExpiry(command, 'ex', options.ex, 'unsigned'));
  else if (given(options.px)) args.push('PX', relativeExpiry(command, 'px', options.px, 'none'));
  else if (given(options.exat)) args.push('EXAT', absoluteExpiry(command, 'exat', options.exat, 's'));
  else if (given(options.pxat)) args.push('PXAT', absoluteExpiry(command, 'pxat', options.pxat, 'ms'));
  return args;
}

/** Conditions for EXPIRE and friends (Redis 7.0+): only if no expiry, has one, greater or less than the current one. */
export interface ExpireOptions {
  nx?: boolean;
  xx?: boolean;
  gt?: boolean;
  lt?: boolean;
}

const EXPIRE_OPTIONS = optionKeys<ExpireOptions>({ nx: true, xx: true, gt: true, lt: true });

/** `NX`, `XX`, `GT` or `LT`; DataError when more than one is set (the server would refuse the combination). */
export function expireConditionArgs(command: string, options: ExpireOptions = {}): RedisArg[] {
  const set = (['nx', 'xx', 'gt', 'lt'] as const).filter((o) => options[o]);
  if (set.length > 1) throw new DataError(`${command} takes only one of nx, xx, gt and lt`);
  return set.length === 1 ? [set[0].toUpperCase()] : [];
}

/** EXPIRE and friends: `toArg` checks and converts the time; the reply is true, or false when nothing was set. */
function expireCommand<T>(name: string, toArg: (time: unknown) => number | bigint, flags: number) {
  return defineCommand({
    name,
    maxArgs: 3,
    options: EXPIRE_OPTIONS,
    build: (key: KeyArg, time: T, options?: ExpireOptions) => [
      name,
      key,
      toArg(time),
      ...expireConditionArgs(name, options),
    ],
    transform: asBoolean,
    keys: FIRST_KEY,
    flags,
  });
}

// A relative expiry restarts the clock when repeated (not resend-safe); an absolute one sets the same state again.
export const EXPIRE = expireCommand<Expiry>('EXPIRE', (t) => relativeExpiry('EXPIRE', 'time', t), WRITE);
export const PEXPIRE = expireCommand<Expiry>('PEXPIRE', (t) => relativeExpiry('PEXPIRE', 'time', t), WRITE);
export const EXPIREAT = expireCommand<AbsoluteExpiry>(
  'EXPIREAT',
  (t) => absoluteExpiry('EXPIREAT', 'when', t, 's'),
  IDEMPOTENT,
);
export const PEXPIREAT = expireCommand<AbsoluteExpiry>(
  'PEXPIREAT',
  (t) => absoluteExpiry('PEXPIREAT', 'when', t, 'ms'),
  IDEMPOTENT,
);

// TTL, PTTL, EXPIRETIME, PEXPIRETIME: one integer about the key's expiry; -1 without one, -2 for a missing key.
export const TTL = singleKeyCommand('TTL', asInt, READ_ONLY);
export const PTTL = singleKeyCommand('PTTL', asInt, READ_ONLY);
export const EXPIRETIME = singleKeyCommand('EXPIRETIME', asInt, READ_ONLY);
export const PEXPIRETIME = singleKeyCommand('PEXPIRETIME', asInt, READ_ONLY);
export const PERSIST = singleKeyCommand('PERSIST', asBoolean, IDEMPOTENT);

export const keyExpiryCommands = {
  /** EXPIRE: sets a time to live of `time` seconds on `name`; false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  expire: EXPIRE,
  /** PEXPIRE: sets a time to live of `time` milliseconds on `name`; false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  pexpire: PEXPIRE,
  /** EXPIREAT: expires `name` at `when` (Unix seconds or a Date); false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  expireat: EXPIREAT,
  /** PEXPIREAT: expires `name` at `when` (Unix ms or a Date); false if missing or `nx`/`xx`/`gt`/`lt` said no. */
  pexpireat: PEXPIREAT,
  /** TTL: the time to live of `name` in seconds; -1 when it has no expiry, -2 when the key does not exist. */
  ttl: TTL,
  /** PTTL: the time to live of `name` in milliseconds; -1 when it has no expiry, -2 when the key does not exist. */
  pttl: PTTL,
  /** EXPIRETIME: the Unix time (seconds) at which `name` expires; -1 without an expiry, -2 for a missing key. */
  expiretime: EXPIRETIME,
  /** PEXPIRETIME: the Unix time (milliseconds) at which `name` expires; -1 without an expiry, -2 for a missing key. */
  pexpiretime: PEXPIRETIME,
  /** PERSIST: removes the expiry of `name`; true, or false when the key is missing or had no expiry. */
  persist: PERSIST,
};
