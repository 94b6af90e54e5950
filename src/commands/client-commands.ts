/**
 * CLIENT commands in redis-py's forms. On StrictRedis they run on the shared connection, so CLIENT ID, GETNAME, INFO
 * and the connection switches (NO-EVICT, NO-TOUCH, SETINFO, TRACKING) are about that connection. CLIENT SETNAME also
 * renames the client's other and future connections (its declaration says so; elsewhere it is refused).
 *
 * CLIENT REPLY OFF/SKIP are refused: every reply on a shared connection is matched to the command that is waiting for
 * it, in order, so a command without a reply would hand the next reply to the wrong caller. CLIENT CACHING is not
 * offered for the same reason (it applies to whichever command the connection sends next, another caller's perhaps).
 */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { integerArg, wordArg } from './argument-checks.js';
import { parseClientInfo, parseClientList } from './client-info.js';
import {
  CLIENT_NO_EVICT,
  CLIENT_NO_TOUCH,
  CLIENT_PAUSE,
  CLIENT_SETINFO,
  CLIENT_UNBLOCK,
  CLIENT_UNPAUSE,
} from './client-modes.js';
import { CLIENT_TRACKING, CLIENT_TRACKING_OFF, CLIENT_TRACKING_ON, CLIENT_TRACKINGINFO } from './client-tracking.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asInt, asOk, text } from './transforms.js';
import type { SessionEffect } from './types.js';

/** A client type as CLIENT LIST and CLIENT KILL take it, in any case. */
export type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

/** The connection's id (the shared connection's, for ordinary commands). */
export const CLIENT_ID = defineCommand({
  name: 'CLIENT ID',
  maxArgs: 0,
  build: () => ['CLIENT', 'ID'],
  transform: asInt,
  flags: READ_ONLY,
});

export const CLIENT_GETNAME = defineCommand({
  name: 'CLIENT GETNAME',
  maxArgs: 0,
  build: () => ['CLIENT', 'GETNAME'],
  transform: (reply: RespValue): string | null => (reply === null ? null : text(reply)),
  flags: READ_ONLY,
});

/** Names the connection; on StrictRedis every connection of the client, reconnects included. `''` removes it. */
export const CLIENT_SETNAME = defineCommand({
  name: 'CLIENT SETNAME',
  maxArgs: 1,
  build: (name: string) => {
    if (typeof name !== 'string') throw new DataError('CLIENT SETNAME: the name must be a string');
    return ['CLIENT', 'SETNAME', name];
  },
  transform: asOk,
  flags: IDEMPOTENT,
  session: (name: string): SessionEffect => ({ kind: 'setname', name: name === '' ? undefined : name }),
});

/** Options of CLIENT LIST (redis-py's keyword arguments). */
export interface ClientListOptions {
  /** Only clients of this type: normal, master, replica or pubsub. */
  _type?: ClientType | Buffer;
  /** Alias of `_type`. */
  type?: ClientType | Buffer;
  /** Only these client ids (a list, as in redis-py). */
  client_id?: ReadonlyArray<number | string | bigint>;
}

const LIST_TYPES = ['NORMAL', 'MASTER', 'REPLICA', 'PUBSUB'];

/** Exactly one of two spellings of an option (`_type`/`type`, `_id`/`id`); DataError when both are given. */
function either<T>(command: string, a: T | undefined, b: T | undefined, name: string): T | undefined {
  if (a !== undefined && b !== undefined) throw new DataError(`${command}: give ${name} once (_${name} or ${name})`);
  return a ?? b;
}

export const CLIENT_LIST = defineCommand({
  name: 'CLIENT LIST',
  maxArgs: 1,
  options: optionKeys<ClientListOptions>({ _type: true, type: true, client_id: true }),
  build: (options: ClientListOptions = {}) => {
    const args: RedisArg[] = ['CLIENT', 'LIST'];
    const type = either('CLIENT LIST', options._type, options.type, 'type');
    if (type !== undefined) args.push('TYPE', wordArg('CLIENT LIST', 'type', type, LIST_TYPES).toLowerCase());
    const ids = options.client_id;
    if (ids !== undefined) {
      if (!Array.isArray(ids)) throw new DataError('CLIENT LIST: client_id must be a list');
      if (ids.length > 0) args.push('ID', ...ids);
    }
    return args;
  },
  transform: parseClientList,
  flags: READ_ONLY,
});

/** The calling connection as CLIENT LIST describes it; counters (`id`, `age`, `db`, …) as numbers. */
export const CLIENT_INFO = defineCommand({
  name: 'CLIENT INFO',
  maxArgs: 0,
  build: () => ['CLIENT', 'INFO'],
  transform: parseClientInfo,
  flags: READ_ONLY,
});

/** The filters of redis-py's `client_kill_filter` (`id`/`type` are accepted for `_id`/`_type`). */
export interface ClientKillFilter {
  _id?: number | string | bigint;
  id?: number | string | bigint;
  _type?: ClientType | 'slave' | Buffer;
  type?: ClientType | 'slave' | Buffer;
  /** `ip:port` of the client. */
  addr?: string;
  /** `ip:port` of the local (server) side of the connection. */
  laddr?: string;
  /** Connections authenticated as this user. */
  user?: string;
  /** `true` (the server's default) spares the calling connection; `false` lets it be killed too. */
  skipme?: boolean;
  /** Connections older than this many seconds (Redis 7.4). */
  maxage?: number;
}

const KILL_FILTERS = optionKeys<ClientKillFilter>({
  _id: true,
  id: true,
  _type: true,
  type: true,
  addr: true,
  laddr: true,
  user: true,
  skipme: true,
  maxage: true,
});
const KILL_TYPES = ['NORMAL', 'MASTER', 'SLAVE', 'REPLICA', 'PUBSUB'];

function killFilterArgs(filter: ClientKillFilter = {}): RedisArg[] {
  const args: RedisArg[] = ['CLIENT', 'KILL'];
  const type = either('CLIENT KILL', filter._type, filter.type, 'type');
  if (type !== undefined) args.push('TYPE', wordArg('CLIENT KILL', 'type', type, KILL_TYPES).toLowerCase());
  if (filter.skipme !== undefined) {
    if (typeof filter.skipme !== 'boolean') throw new DataError('CLIENT KILL: skipme must be a boolean');
    args.push('SKIPME', filter.skipme ? 'YES' : 'NO');
  }
  const id = either('CLIENT KILL', filter._id, filter.id, 'id');
  if (id !== undefined) args.push('ID', id);
  if (filter.addr !== undefined) args.push('ADDR', filter.addr);
  if (filter.laddr !== undefined) args.push('LADDR', filter.laddr);
  if (filter.user !== undefined) args.push('USER', filter.user);
  if (filter.maxage !== undefined) args.push('MAXAGE', integerArg('CLIENT KILL', 'maxage', filter.maxage, 'none'));
  if (args.length === 2) throw new DataError('CLIENT KILL: the filter form needs at least one filter');
  return args;
}

/** The number of connections closed. */
export const CLIENT_KILL_FILTER = defineCommand({
  name: 'CLIENT KILL',
  maxArgs: 1,
  options: KILL_FILTERS,
  build: killFilterArgs,
  transform: asInt,
  flags: WRITE,
});

/**
 * `client_kill('ip:port')`: true. A filter object is also accepted and works as {@link CLIENT_KILL_FILTER} (the number
 * of connections closed).
 */
export const CLIENT_KILL = defineCommand({
  name: 'CLIENT KILL',
  maxArgs: 1,
  build: (address: string | ClientKillFilter) => {
    if (typeof address === 'string') return ['CLIENT', 'KILL', address];
    if (typeof address === 'object' && address !== null && !Array.isArray(address) && !Buffer.isBuffer(address)) {
      return killFilterArgs(address);
    }
    throw new DataError("CLIENT KILL: give the client's 'ip:port', or a filter object");
  },
  transform: (reply: RespValue): boolean | number => (typeof reply === 'number' ? reply : asOk(reply)),
  flags: WRITE,
});

/** The id of the client tracking invalidations are redirected to: -1 for none, 0 when tracking is off. */
export const CLIENT_GETREDIR = defineCommand({
  name: 'CLIENT GETREDIR',
  maxArgs: 0,
  build: () => ['CLIENT', 'GETREDIR'],
  transform: asInt,
  flags: READ_ONLY,
});

/**
 * CLIENT REPLY ON only (a no-op on a connection that has replies on): OFF and SKIP would leave the commands that
 * follow without replies, and on a shared, pipelined connection the next replies would go to the wrong callers.
 */
export const CLIENT_REPLY = defineCommand({
  name: 'CLIENT REPLY',
  maxArgs: 1,
  build: (reply: 'ON' | 'OFF' | 'SKIP') => {
    const mode = wordArg('CLIENT REPLY', 'reply', reply, ['ON', 'OFF', 'SKIP']);
    if (mode !== 'ON') {
      throw new DataError(
        `CLIENT REPLY ${mode} is refused: replies are matched to commands in order on a shared, pipelined ` +
          'connection, so commands without replies would hand the next replies to the wrong callers',
      );
    }
    return ['CLIENT', 'REPLY', 'ON'];
  },
  transform: asOk,
  flags: IDEMPOTENT,
});

export const clientCommands = {
  /** CLIENT ID: the id of the connection the command ran on (the shared one), as a number. */
  client_id: CLIENT_ID,
  /** Alias of {@link client_id}. */
  clientId: CLIENT_ID,
  /** CLIENT GETNAME: the shared connection's name as a string, or null when it has none. */
  client_getname: CLIENT_GETNAME,
  /** Alias of {@link client_getname}. */
  clientGetname: CLIENT_GETNAME,
  /** CLIENT SETNAME: names every connection of this StrictRedis, reconnects included (`''` removes it); true. */
  client_setname: CLIENT_SETNAME,
  /** Alias of {@link client_setname}. */
  clientSetname: CLIENT_SETNAME,
  /** CLIENT LIST: one ordinary record of fields per connection; options `_type` (or `type`), `client_id`. */
  client_list: CLIENT_LIST,
  /** Alias of {@link client_list}. */
  clientList: CLIENT_LIST,
  /** CLIENT INFO: the shared connection's fields; `id`, `age`, `idle`, `db` and the other counters as numbers. */
  client_info: CLIENT_INFO,
  /** CLIENT KILL: `true` for the `'ip:port'` form; with a filter object, the number of closed connections. */
  client_kill: CLIENT_KILL,
  /** Alias of {@link client_kill}. */
  clientKill: CLIENT_KILL,
  /** CLIENT KILL with filters `_id`, `_type`, `addr`, `laddr`, `user`, `skipme`, `maxage`: how many were closed. */
  client_kill_filter: CLIENT_KILL_FILTER,
  /** CLIENT GETREDIR: the client id tracking invalidations go to (-1 none, 0 tracking off). */
  client_getredir: CLIENT_GETREDIR,
  /** CLIENT REPLY: `'ON'` only (true); OFF and SKIP raise DataError, they would desynchronise the shared connection. */
  client_reply: CLIENT_REPLY,
  /** CLIENT TRACKING: `on` (default true), `clientid` to redirect to, `{ prefix, bcast, optin, optout, noloop }`; true. */
  client_tracking: CLIENT_TRACKING,
  /** CLIENT TRACKING ON: `clientid` to redirect to, `{ prefix, bcast, optin, optout, noloop }`; true. */
  client_tracking_on: CLIENT_TRACKING_ON,
  /** CLIENT TRACKING OFF; true. */
  client_tracking_off: CLIENT_TRACKING_OFF,
  /** CLIENT TRACKINGINFO: `{ flags, redirect, prefixes }`. */
  client_trackinginfo: CLIENT_TRACKINGINFO,
  /** CLIENT UNBLOCK: true when client `client_id` was blocked; `{ error: true }` unblocks it with an error. */
  client_unblock: CLIENT_UNBLOCK,
  /** CLIENT PAUSE: pauses clients for `timeout` ms (`{ all: false }`: writes only); true. */
  client_pause: CLIENT_PAUSE,
  /** CLIENT UNPAUSE: true. */
  client_unpause: CLIENT_UNPAUSE,
  /** CLIENT NO-EVICT: `'ON'`/`'OFF'` for the shared connection; true. */
  client_no_evict: CLIENT_NO_EVICT,
  /** CLIENT NO-TOUCH (Redis 7.2): `'ON'`/`'OFF'` for the shared connection; true. */
  client_no_touch: CLIENT_NO_TOUCH,
  /** CLIENT SETINFO (Redis 7.2): sets `'lib-name'` or `'lib-ver'` of the shared connection; true. */
  client_setinfo: CLIENT_SETINFO,
};
