/** Server and connection commands. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import {
  asBulk,
  asBulkOrNull,
  asInfo,
  asInt,
  asInteger,
  asIntOrNull,
  asOk,
  asRecord,
  asStatus,
  text,
  toArray,
} from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

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

/** Options of FLUSHDB and FLUSHALL. */
export interface FlushOptions {
  /** Flush in the background (ASYNC) or not (SYNC); the server's default when omitted. */
  asynchronous?: boolean;
}

const flushMode = (options?: FlushOptions): RedisArg[] =>
  options?.asynchronous === undefined ? [] : [options.asynchronous ? 'ASYNC' : 'SYNC'];

export const FLUSHDB = defineCommand({
  name: 'FLUSHDB',
  maxArgs: 1,
  options: optionKeys<FlushOptions>({ asynchronous: true }),
  build: (options?: FlushOptions) => ['FLUSHDB', ...flushMode(options)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const FLUSHALL = defineCommand({
  name: 'FLUSHALL',
  maxArgs: 1,
  options: optionKeys<FlushOptions>({ asynchronous: true }),
  build: (options?: FlushOptions) => ['FLUSHALL', ...flushMode(options)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const DBSIZE = defineCommand({
  name: 'DBSIZE',
  maxArgs: 0,
  build: () => ['DBSIZE'],
  transform: asInt,
  flags: READ_ONLY,
  route: 'primaries-sum',
});

export const INFO = defineCommand({
  name: 'INFO',
  maxArgs: 'variadic',
  build: (...sections: string[]) => ['INFO', ...sections],
  transform: asInfo,
  flags: READ_ONLY,
  route: 'all-map',
});

export const SELECT = defineCommand({
  name: 'SELECT',
  maxArgs: 1,
  build: (db: number) => ['SELECT', db],
  transform: asOk,
  flags: WRITE,
});

/** `[seconds, microseconds]` of the server's clock. */
export const TIME = defineCommand({
  name: 'TIME',
  maxArgs: 0,
  build: () => ['TIME'],
  transform: (reply: RespValue): [number, number] => {
    const [s, us] = toArray(reply);
    return [Number(text(s)), Number(text(us))];
  },
  flags: READ_ONLY,
  route: 'random',
});

/** When the last successful save to disk happened (redis-py returns a datetime). */
export const LASTSAVE = defineCommand({
  name: 'LASTSAVE',
  maxArgs: 0,
  build: () => ['LASTSAVE'],
  transform: (reply: RespValue) => new Date(asInteger(reply) * 1000),
  flags: READ_ONLY,
  route: 'random',
});

/** Parameters matching the glob `pattern`, as a null-prototype object. In a cluster: one node's view. */
export const CONFIG_GET = defineCommand({
  name: 'CONFIG GET',
  maxArgs: 1,
  build: (pattern: string = '*') => ['CONFIG', 'GET', pattern],
  transform: asRecord,
  flags: READ_ONLY,
  route: 'random',
});

/** In a cluster: every master (replicas keep their own configuration). */
export const CONFIG_SET = defineCommand({
  name: 'CONFIG SET',
  maxArgs: 2,
  build: (name: string, value: ValueArg) => ['CONFIG', 'SET', name, value],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
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

/** Bytes a key and its value take, or null for a missing key. */
export const MEMORY_USAGE = defineCommand({
  name: 'MEMORY USAGE',
  maxArgs: 2,
  build: (key: KeyArg, samples?: number): RedisArg[] =>
    samples === undefined ? ['MEMORY', 'USAGE', key] : ['MEMORY', 'USAGE', key, 'SAMPLES', samples],
  transform: asIntOrNull,
  keys: { first: 2, last: 2, step: 1 },
  flags: READ_ONLY,
});

/**
 * Waits until `numreplicas` replicas acknowledged the writes made before it on the same connection, or `timeout` ms;
 * returns how many did. Ordinary commands share one connection, so it covers this client's earlier writes. In a
 * cluster it goes to one master at random, which only helps when that master took the writes: prefer
 * `execute_command('WAIT', n, ms, { target_nodes: node })` there.
 */
export const WAIT = defineCommand({
  name: 'WAIT',
  maxArgs: 2,
  build: (numreplicas: number, timeout: number) => ['WAIT', numreplicas, timeout],
  transform: asInt,
  flags: WRITE,
  route: 'random',
});

export const serverCommands = {
  /** PING: true (the server's PONG); with `message`, that message back as a string (true if it is `'PONG'`). */
  ping: PING,
  /** ECHO: `message` as the server sends it back. */
  echo: ECHO,
  /** FLUSHDB: empties the current database (every master in a cluster); `asynchronous` picks ASYNC or SYNC; true. */
  flushdb: FLUSHDB,
  /** FLUSHALL: empties every database (every master in a cluster); `asynchronous` picks ASYNC or SYNC; true. */
  flushall: FLUSHALL,
  /** DBSIZE: the number of keys in the current database (summed over the masters in a cluster). */
  dbsize: DBSIZE,
  /** INFO: the `sections` (default the server's) by lower-case name; numbers as numbers, `k=v` lists as objects. */
  info: INFO,
  /** TIME: the server's clock as `[seconds, microseconds]` numbers. */
  time: TIME,
  /** LASTSAVE: when the last successful save to disk happened, as a Date. */
  lastsave: LASTSAVE,
  /** CONFIG GET: the parameters matching glob `pattern` (default `'*'`) as a null-prototype object; one node's. */
  config_get: CONFIG_GET,
  /** Alias of {@link config_get}. */
  configGet: CONFIG_GET,
  /** CONFIG SET: sets parameter `name` to `value` (on every master in a cluster); resolves to true. */
  config_set: CONFIG_SET,
  /** Alias of {@link config_set}. */
  configSet: CONFIG_SET,
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
  /** MEMORY USAGE: the bytes `key` and its value take (`samples`: nested values to sample), or null if missing. */
  memory_usage: MEMORY_USAGE,
  /** Alias of {@link memory_usage}. */
  memoryUsage: MEMORY_USAGE,
  /** WAIT: how many replicas acknowledged this client's earlier writes, waiting for `numreplicas` or `timeout` ms. */
  wait: WAIT,
};
