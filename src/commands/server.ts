/** Connection commands: PING, ECHO, SELECT, CLIENT …, COMMAND COUNT. Server administration is in files of its own. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asBulk, asBulkOrNull, asInt, asOk, asStatus, text } from './transforms.js';
import type { ValueArg } from './types.js';

export const PING = defineCommand({
  name: 'PING',
  maxArgs: 1,
  build: (message?: ValueArg): RedisArg[] => (message === undefined ? ['PING'] : ['PING', message]),
  transform: (reply: never) => (reply === 'PONG' ? true : (asStatus(reply) as string | true)),
  flags: READ_ONLY,
  route: 'random',
});

export const ECHO = defineCommand({
  name: 'ECHO',
  maxArgs: 1,
  build: (message: ValueArg) => ['ECHO', message],
  transform: asBulk,
  flags: READ_ONLY,
});

export const SELECT = defineCommand({
  name: 'SELECT',
  maxArgs: 1,
  build: (db: number) => ['SELECT', db],
  transform: asOk,
  flags: WRITE,
});

/** The id of the connection the command ran on (the shared connection, for ordinary commands). */
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
  transform: asBulkOrNull,
  flags: READ_ONLY,
});

/** Names the shared connection only (pooled connections for blocking commands keep the configured name). */
export const CLIENT_SETNAME = defineCommand({
  name: 'CLIENT SETNAME',
  maxArgs: 1,
  build: (name: string) => ['CLIENT', 'SETNAME', name],
  transform: asOk,
  flags: IDEMPOTENT,
});

/** One client of CLIENT LIST / CLIENT INFO, field by field. */
export type ClientInfo = Record<string, string>;

/** CLIENT LIST / CLIENT INFO text: one `k=v k=v` line per connection, each a null-prototype record. */
export function parseClientList(reply: RespValue): ClientInfo[] {
  const out: ClientInfo[] = [];
  for (const line of text(reply).split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length === 0) continue;
    const client: ClientInfo = Object.create(null);
    for (const field of trimmed.split(' ')) {
      const eq = field.indexOf('=');
      if (eq > 0) client[field.slice(0, eq)] = field.slice(eq + 1);
    }
    out.push(client);
  }
  return out;
}

/** Options of CLIENT LIST. */
export interface ClientListOptions {
  /** Only clients of this type. */
  _type?: 'normal' | 'master' | 'replica' | 'pubsub';
  type?: 'normal' | 'master' | 'replica' | 'pubsub';
  /** Only these client ids. */
  client_id?: ReadonlyArray<number | string>;
}

export const CLIENT_LIST = defineCommand({
  name: 'CLIENT LIST',
  maxArgs: 1,
  options: optionKeys<ClientListOptions>({ _type: true, type: true, client_id: true }),
  build: (options: ClientListOptions = {}) => {
    const args: RedisArg[] = ['CLIENT', 'LIST'];
    const type = options.type ?? options._type;
    if (type !== undefined) args.push('TYPE', type);
    if (options.client_id !== undefined && options.client_id.length > 0) args.push('ID', ...options.client_id);
    return args;
  },
  transform: parseClientList,
  flags: READ_ONLY,
});

/** The filter form of CLIENT KILL. */
export interface ClientKillFilter {
  _id?: number;
  id?: number;
  addr?: string;
  laddr?: string;
  user?: string;
  _type?: 'normal' | 'master' | 'replica' | 'pubsub';
  type?: 'normal' | 'master' | 'replica' | 'pubsub';
  /** `true` (the server's default) spares the calling connection; `false` lets it be killed too. */
  skipme?: boolean;
}

/**
 * `client_kill('ip:port')` (true) or `client_kill({ id, addr, laddr, user, type, skipme })` (how many were closed).
 */
export const CLIENT_KILL = defineCommand({
  name: 'CLIENT KILL',
  maxArgs: 1,
  build: (target: string | ClientKillFilter) => {
    if (typeof target === 'string') return ['CLIENT', 'KILL', target];
    const args: RedisArg[] = ['CLIENT', 'KILL'];
    const id = target.id ?? target._id;
    const type = target.type ?? target._type;
    if (id !== undefined) args.push('ID', id);
    if (type !== undefined) args.push('TYPE', type);
    if (target.addr !== undefined) args.push('ADDR', target.addr);
    if (target.laddr !== undefined) args.push('LADDR', target.laddr);
    if (target.user !== undefined) args.push('USER', target.user);
    if (target.skipme !== undefined) args.push('SKIPME', target.skipme ? 'yes' : 'no');
    if (args.length === 2) throw new DataError('CLIENT KILL needs an address or at least one filter');
    return args;
  },
  transform: (reply: RespValue): boolean | number => (typeof reply === 'number' ? reply : asOk(reply)),
  flags: WRITE,
});

export const COMMAND_COUNT = defineCommand({
  name: 'COMMAND COUNT',
  maxArgs: 0,
  build: () => ['COMMAND', 'COUNT'],
  transform: asInt,
  flags: READ_ONLY,
});

export const serverCommands = {
  /** PING: true (the server's PONG); with `message`, that message back as a string (true if it is `'PONG'`). */
  ping: PING,
  /** ECHO: `message` as the server sends it back. */
  echo: ECHO,
  /** CLIENT ID: the id of the connection the command ran on (the shared one), as a number. */
  client_id: CLIENT_ID,
  /** Alias of {@link client_id}. */
  clientId: CLIENT_ID,
  /** CLIENT GETNAME: the shared connection's name, or null when it has none. */
  client_getname: CLIENT_GETNAME,
  /** Alias of {@link client_getname}. */
  clientGetname: CLIENT_GETNAME,
  /** CLIENT SETNAME: names the shared connection `name` (pooled ones keep the configured name); true. */
  client_setname: CLIENT_SETNAME,
  /** Alias of {@link client_setname}. */
  clientSetname: CLIENT_SETNAME,
  /** CLIENT LIST: one null-prototype record of fields per connection; filters `type` (or `_type`), `client_id`. */
  client_list: CLIENT_LIST,
  /** Alias of {@link client_list}. */
  clientList: CLIENT_LIST,
  /** CLIENT KILL: `true` for the `'ip:port'` form; with a filter object, the number of closed connections. */
  client_kill: CLIENT_KILL,
  /** Alias of {@link client_kill}. */
  clientKill: CLIENT_KILL,
  /** COMMAND COUNT: the number of commands the server knows. */
  command_count: COMMAND_COUNT,
  /** Alias of {@link command_count}. */
  commandCount: COMMAND_COUNT,
};
