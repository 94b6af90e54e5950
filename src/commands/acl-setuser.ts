/**
 * ACL SETUSER in redis-py's form: `acl_setuser(username, { enabled, nopass, passwords, hashed_passwords, categories,
 * commands, keys, channels, selectors, reset, reset_keys, reset_channels, reset_passwords })`, with redis-py's checks.
 * Passwords never appear in an error: DataError names a rule by its position, and the server's own error replies
 * (which quote the failing rule) are masked before they reach the caller.
 */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { defineCommand, WRITE } from './define.js';
import { asOk } from './transforms.js';
import type { KeyArg } from './types.js';

/** A rule, pattern or password: text or bytes. */
export type RuleArg = string | Buffer;

/** The keyword arguments of redis-py's `acl_setuser`. */
export interface AclSetuserOptions {
  /** `on` (true) or `off` (false, the default as in redis-py: a user is created disabled unless told otherwise). */
  enabled?: boolean;
  /** The user may authenticate with any password; not together with `passwords`/`hashed_passwords`. */
  nopass?: boolean;
  /** Plain-text passwords, each prefixed `+` (add) or `-` (remove); one string or a list. */
  passwords?: RuleArg | readonly RuleArg[];
  /** SHA-256 hex digests of passwords, each prefixed `+` (add) or `-` (remove); one string or a list. */
  hashed_passwords?: RuleArg | readonly RuleArg[];
  /** Categories, each prefixed `+`/`-` (`+@` and `-@` work too): `['+@hash', '-geo']`. */
  categories?: RuleArg | readonly RuleArg[];
  /** Commands, each prefixed `+`/`-`: `['+get', '-hset']`. */
  commands?: RuleArg | readonly RuleArg[];
  /** Key patterns; `~` is added unless the pattern starts with `~` or `%` (`%R~ro:*`). */
  keys?: KeyArg | readonly KeyArg[];
  /** Pub/sub channel patterns (`&` is added). */
  channels?: RuleArg | readonly RuleArg[];
  /** Redis 7 selectors as `[command rule, key pattern]` pairs: `[['+set', '%W~app*']]`. */
  selectors?: ReadonlyArray<readonly [RuleArg, KeyArg]>;
  /** Start from a blank user (`reset`). */
  reset?: boolean;
  /** Drop the key patterns first (`resetkeys`). */
  reset_keys?: boolean;
  /** Drop the channel patterns first (`resetchannels`). */
  reset_channels?: boolean;
  /** Drop the passwords and `nopass` first (`resetpass`). */
  reset_passwords?: boolean;
}

function bytesOf(value: unknown, what: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'number' && what === 'key pattern') return Buffer.from(String(value), 'utf8');
  throw new DataError(`ACL SETUSER: each ${what} must be a string or a Buffer`);
}

/** One value or a list of them (a string is one value, never its characters). */
function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' || Buffer.isBuffer(value) || typeof value === 'number') return [value];
  throw new DataError(`ACL SETUSER: ${what} must be a list or a single value`);
}

function flag(options: AclSetuserOptions, name: keyof AclSetuserOptions): boolean {
  const value = options[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new DataError(`ACL SETUSER: ${name} must be a boolean`);
  return value;
}

function prefixed(prefix: string, rest: Buffer): Buffer {
  return Buffer.concat([Buffer.from(prefix, 'latin1'), rest]);
}

/** `+x` → `<add>x`, `-x` → `<remove>x`; anything else is refused, naming the password by its position only. */
function passwordRules(values: unknown[], add: string, remove: string, what: string): Buffer[] {
  return values.map((value, i) => {
    const bytes = bytesOf(value, what);
    if (bytes[0] === 0x2b) return prefixed(add, bytes.subarray(1));
    if (bytes[0] === 0x2d) return prefixed(remove, bytes.subarray(1));
    throw new DataError(`ACL SETUSER: ${what} ${i} must be prefixed with "+" to add or "-" to remove`);
  });
}

function categoryRule(value: unknown, i: number): Buffer {
  const bytes = bytesOf(value, 'category');
  const at = bytes[1] === 0x40;
  if (bytes[0] === 0x2b || bytes[0] === 0x2d)
    return at ? bytes : Buffer.concat([bytes.subarray(0, 1), Buffer.from('@'), bytes.subarray(1)]);
  throw new DataError(`ACL SETUSER: category ${i} must be prefixed with "+" or "-"`);
}

function commandRule(value: unknown, i: number, where = 'command'): Buffer {
  const bytes = bytesOf(value, 'command');
  if (bytes[0] === 0x2b || bytes[0] === 0x2d) return bytes;
  throw new DataError(`ACL SETUSER: ${where} ${i} must be prefixed with "+" or "-"`);
}

function keyPattern(value: unknown): Buffer {
  const bytes = bytesOf(value, 'key pattern');
  return bytes[0] === 0x25 || bytes[0] === 0x7e ? bytes : prefixed('~', bytes);
}

function selectorRule(pair: unknown, i: number): Buffer {
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new DataError('ACL SETUSER: selectors must be [command rule, key pattern] pairs');
  }
  const command = commandRule(pair[0], i, 'selector command');
  return Buffer.concat([Buffer.from('('), command, Buffer.from(' '), keyPattern(pair[1]), Buffer.from(')')]);
}

function buildSetuser(username: string, options: AclSetuserOptions = {}): RedisArg[] {
  const args: RedisArg[] = ['ACL', 'SETUSER', username];
  if (flag(options, 'reset')) args.push('reset');
  if (flag(options, 'reset_keys')) args.push('resetkeys');
  if (flag(options, 'reset_channels')) args.push('resetchannels');
  if (flag(options, 'reset_passwords')) args.push('resetpass');
  args.push(flag(options, 'enabled') ? 'on' : 'off');
  const passwords = list(options.passwords, 'passwords');
  const hashed = list(options.hashed_passwords, 'hashed_passwords');
  const nopass = flag(options, 'nopass');
  if (nopass && (passwords.length > 0 || hashed.length > 0)) {
    throw new DataError("ACL SETUSER: cannot set 'nopass' and supply 'passwords' or 'hashed_passwords'");
  }
  args.push(...passwordRules(passwords, '>', '<', 'password'));
  args.push(...passwordRules(hashed, '#', '!', 'hashed password'));
  if (nopass) args.push('nopass');
  args.push(...list(options.categories, 'categories').map(categoryRule));
  args.push(...list(options.commands, 'commands').map((c, i) => commandRule(c, i)));
  for (const key of list(options.keys, 'keys')) args.push(keyPattern(key));
  for (const channel of list(options.channels, 'channels')) args.push(prefixed('&', bytesOf(channel, 'channel')));
  if (options.selectors !== undefined && options.selectors !== null) {
    if (!Array.isArray(options.selectors)) throw new DataError('ACL SETUSER: selectors must be a list of pairs');
    args.push(...options.selectors.map(selectorRule));
  }
  return args;
}

/** The passwords (and hashes) of a call, as text: the server quotes a refused rule in its error reply. */
function setuserSecrets(_username: string, options: AclSetuserOptions = {}): string[] {
  const out: string[] = [];
  for (const value of [...list(options.passwords, 'passwords'), ...list(options.hashed_passwords, 'hashed')]) {
    const secret = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    if (secret.length > 1) out.push(secret.slice(1));
  }
  return out;
}

/**
 * Creates or changes user `username`: true. As in redis-py, `enabled` defaults to false (`off`) and the rules are
 * added to the user's existing ones unless `reset` is set. In a cluster: on every master.
 */
export const ACL_SETUSER = defineCommand({
  name: 'ACL SETUSER',
  maxArgs: 2,
  options: optionKeys<AclSetuserOptions>({
    enabled: true,
    nopass: true,
    passwords: true,
    hashed_passwords: true,
    categories: true,
    commands: true,
    keys: true,
    channels: true,
    selectors: true,
    reset: true,
    reset_keys: true,
    reset_channels: true,
    reset_passwords: true,
  }),
  build: buildSetuser,
  transform: asOk,
  // Not resent after an unknown outcome: removing a password twice fails the second time.
  flags: WRITE,
  route: 'primaries-all-ok',
  secrets: setuserSecrets,
});
