/**
 * ACL commands, with redis-py's reply shapes (the same for RESP2 and RESP3). ACL SETUSER is in acl-setuser.ts.
 *
 * In a cluster every node keeps its own users: the commands that change them (SETUSER, DELUSER, LOAD, SAVE, LOG
 * RESET) go to every master, the others to one master (redis-py's cluster client sends all of them to its default
 * node, so a user created there would be unknown to the other nodes).
 */

import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { ACL_SETUSER } from './acl-setuser.js';
import { parseClientInfo } from './client-info.js';
import { defineCommand, IDEMPOTENT, listArg, READ_ONLY, WRITE } from './define.js';
import { asBulk, asInt, asInteger, asNumber, asOk, entries, setField, text, toArray } from './transforms.js';
import type { ValueArg } from './types.js';

/** A list of names as strings (redis-py decodes these whatever decode_responses says). */
export const asTextArray = (reply: RespValue): string[] => toArray(reply).map(text);

export const ACL_CAT = defineCommand({
  name: 'ACL CAT',
  maxArgs: 1,
  build: (category?: string | null): RedisArg[] =>
    category === undefined || category === null || category === '' ? ['ACL', 'CAT'] : ['ACL', 'CAT', category],
  transform: asTextArray,
  flags: READ_ONLY,
  route: 'random',
});

/** `'OK'` when the user may run the command, else the server's explanation (as redis-py returns it). */
export const ACL_DRYRUN = defineCommand({
  name: 'ACL DRYRUN',
  maxArgs: 'variadic',
  build: (username: string, ...args: ValueArg[]): RedisArg[] => {
    if (args.length === 0) throw new DataError('ACL DRYRUN needs the command to simulate');
    return ['ACL', 'DRYRUN', username, ...args];
  },
  transform: asBulk,
  flags: READ_ONLY,
  route: 'random',
});

export const ACL_DELUSER = defineCommand({
  name: 'ACL DELUSER',
  maxArgs: 'variadic',
  build: (...username: Array<string | readonly string[]>) => [
    'ACL',
    'DELUSER',
    ...listArg('ACL DELUSER', 'user name', username),
  ],
  transform: asInt,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const ACL_GENPASS = defineCommand({
  name: 'ACL GENPASS',
  maxArgs: 1,
  build: (bits?: number | null): RedisArg[] => {
    if (bits === undefined || bits === null) return ['ACL', 'GENPASS'];
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 0 || bits > 4096) {
      throw new DataError('ACL GENPASS optionally accepts a bits argument, an integer between 0 and 4096');
    }
    return ['ACL', 'GENPASS', bits];
  },
  transform: text,
  flags: READ_ONLY,
  route: 'random',
});

/** A user as ACL GETUSER describes it, in redis-py's shape. Fields the server adds later are passed through as sent. */
export interface AclUser {
  /** `on`/`off`, `nopass`, `allkeys`… */
  flags: string[];
  /** SHA-256 hashes of the user's passwords. */
  passwords: string[];
  /** Command rules (`+get`, `-hset`), without the category rules. */
  commands: string[];
  /** Category rules (`-@all`, `+@hash`). */
  categories: string[];
  /** Key patterns with their prefix (`~cache:*`, `%R~ro:*`). */
  keys: string[];
  /** Channel patterns (`&message:*`). */
  channels: string[];
  /** Redis 7 selectors, each as `{ commands, keys, channels }`. */
  selectors: Array<Record<string, string>>;
  /** True when the user is `on`. */
  enabled: boolean;
}

/** `~a ~b` (RESP2, Redis 7) or a list (Redis 6) as a list of patterns; an empty string is no patterns. */
function patterns(value: RespValue): string[] {
  if (Array.isArray(value)) return value.map(text);
  const all = text(value);
  return all === '' ? [] : all.split(' ');
}

function parseAclUser(reply: RespValue): AclUser | null {
  if (reply === null) return null;
  const user: Record<string, unknown> = {};
  for (const [k, v] of entries(reply)) {
    const key = text(k);
    switch (key) {
      case 'flags':
      case 'passwords':
        user[key] = toArray(v).map(text);
        break;
      case 'commands':
        user[key] = text(v);
        break;
      case 'keys':
      case 'channels':
        user[key] = patterns(v);
        break;
      case 'selectors':
        user[key] = toArray(v).map((selector) => {
          const out: Record<string, string> = {};
          for (const [sk, sv] of entries(selector)) setField(out, text(sk), text(sv));
          return out;
        });
        break;
      default:
        setField(user, key, v);
    }
  }
  const rules = typeof user.commands === 'string' ? user.commands.split(' ').filter((r) => r !== '') : [];
  user.commands = rules.filter((rule) => !rule.includes('@'));
  user.categories = rules.filter((rule) => rule.includes('@'));
  user.keys ??= [];
  user.channels ??= [];
  user.selectors ??= [];
  user.flags ??= [];
  user.passwords ??= [];
  user.enabled = (user.flags as string[]).includes('on');
  return user as unknown as AclUser;
}

export const ACL_GETUSER = defineCommand({
  name: 'ACL GETUSER',
  maxArgs: 1,
  build: (username: string) => ['ACL', 'GETUSER', username],
  transform: parseAclUser,
  flags: READ_ONLY,
  route: 'random',
});

export const ACL_HELP = defineCommand({
  name: 'ACL HELP',
  maxArgs: 0,
  build: () => ['ACL', 'HELP'],
  transform: asTextArray,
  flags: READ_ONLY,
  route: 'random',
});

export const ACL_LIST = defineCommand({
  name: 'ACL LIST',
  maxArgs: 0,
  build: () => ['ACL', 'LIST'],
  transform: asTextArray,
  flags: READ_ONLY,
  route: 'random',
});

/** One ACL LOG entry: texts as strings, counts and times as numbers, `client-info` parsed as CLIENT INFO. */
export type AclLogEntry = Record<string, string | number | Record<string, string | number>>;

function parseAclLog(reply: RespValue): AclLogEntry[] {
  return toArray(reply).map((entry) => {
    const out: AclLogEntry = {};
    for (const [k, v] of entries(entry)) {
      const key = text(k);
      if (key === 'age-seconds') out[key] = asNumber(v);
      else if (key === 'client-info') out[key] = parseClientInfo(v);
      else setField(out, key, typeof v === 'number' ? v : typeof v === 'bigint' ? asInteger(v) : text(v));
    }
    return out;
  });
}

export const ACL_LOG = defineCommand({
  name: 'ACL LOG',
  maxArgs: 1,
  build: (count?: number | null): RedisArg[] => {
    if (count === undefined || count === null) return ['ACL', 'LOG'];
    if (typeof count !== 'number' || !Number.isInteger(count)) throw new DataError('ACL LOG count must be an integer');
    return ['ACL', 'LOG', count];
  },
  transform: parseAclLog,
  flags: READ_ONLY,
  route: 'random',
});

export const ACL_LOG_RESET = defineCommand({
  name: 'ACL LOG',
  maxArgs: 0,
  build: () => ['ACL', 'LOG', 'RESET'],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const ACL_LOAD = defineCommand({
  name: 'ACL LOAD',
  maxArgs: 0,
  build: () => ['ACL', 'LOAD'],
  transform: asOk,
  flags: WRITE,
  route: 'primaries-all-ok',
});

export const ACL_SAVE = defineCommand({
  name: 'ACL SAVE',
  maxArgs: 0,
  build: () => ['ACL', 'SAVE'],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const ACL_USERS = defineCommand({
  name: 'ACL USERS',
  maxArgs: 0,
  build: () => ['ACL', 'USERS'],
  transform: asTextArray,
  flags: READ_ONLY,
  route: 'random',
});

/** The user the connection is authenticated as (the shared connection's, for StrictRedis). */
export const ACL_WHOAMI = defineCommand({
  name: 'ACL WHOAMI',
  maxArgs: 0,
  build: () => ['ACL', 'WHOAMI'],
  transform: text,
  flags: READ_ONLY,
});

export const aclCommands = {
  /** ACL CAT: the categories, or with `category` the commands in it, as strings. */
  acl_cat: ACL_CAT,
  /** ACL DRYRUN: `'OK'` when `username` may run the command `...args`, else the server's explanation. */
  acl_dryrun: ACL_DRYRUN,
  /** ACL DELUSER: how many of the users were deleted (on every master in a cluster). */
  acl_deluser: ACL_DELUSER,
  /** ACL GENPASS: a random password as hex text; `bits` (0–4096) sets its strength. */
  acl_genpass: ACL_GENPASS,
  /** ACL GETUSER: `{ flags, passwords, commands, categories, keys, channels, selectors, enabled }`, or null. */
  acl_getuser: ACL_GETUSER,
  /** ACL HELP: the server's help lines. */
  acl_help: ACL_HELP,
  /** ACL LIST: every user's rules as ACL file lines. */
  acl_list: ACL_LIST,
  /** ACL LOG: the newest `count` (default 10) security events, each a record; `client-info` parsed. */
  acl_log: ACL_LOG,
  /** ACL LOG RESET: empties the log; true. */
  acl_log_reset: ACL_LOG_RESET,
  /** ACL LOAD: reloads the users from the configured ACL file; true. */
  acl_load: ACL_LOAD,
  /** ACL SAVE: writes the users to the configured ACL file; true. */
  acl_save: ACL_SAVE,
  /** ACL SETUSER: creates or changes a user from redis-py's keyword options (`enabled` defaults to false); true. */
  acl_setuser: ACL_SETUSER,
  /** ACL USERS: the user names. */
  acl_users: ACL_USERS,
  /** ACL WHOAMI: the user the shared connection is authenticated as. */
  acl_whoami: ACL_WHOAMI,
};
