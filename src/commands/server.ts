/** Server and connection commands. */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import {
  asBulk,
  asBulkOrNull,
  asInfo,
  asInteger,
  asIntegerOrNull,
  asOk,
  asRecord,
  asStatus,
  text,
  toArray,
} from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

export const PING = defineCommand({
  name: 'PING',
  build: (message?: ValueArg): RedisArg[] => (message === undefined ? ['PING'] : ['PING', message]),
  transform: (reply: never) => (reply === 'PONG' ? true : (asStatus(reply) as string | true)),
  flags: READ_ONLY,
  route: 'random',
});

export const ECHO = defineCommand({
  name: 'ECHO',
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
  build: (options?: FlushOptions) => ['FLUSHDB', ...flushMode(options)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const FLUSHALL = defineCommand({
  name: 'FLUSHALL',
  build: (options?: FlushOptions) => ['FLUSHALL', ...flushMode(options)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const DBSIZE = defineCommand({
  name: 'DBSIZE',
  build: () => ['DBSIZE'],
  transform: asInteger,
  flags: READ_ONLY,
  route: 'primaries-sum',
});

export const INFO = defineCommand({
  name: 'INFO',
  build: (...sections: string[]) => ['INFO', ...sections],
  transform: asInfo,
  flags: READ_ONLY,
  route: 'all-map',
});

export const SELECT = defineCommand({
  name: 'SELECT',
  build: (db: number) => ['SELECT', db],
  transform: asOk,
  flags: WRITE,
});

/** `[seconds, microseconds]` of the server's clock. */
export const TIME = defineCommand({
  name: 'TIME',
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
  build: () => ['LASTSAVE'],
  transform: (reply: RespValue) => new Date(asInteger(reply) * 1000),
  flags: READ_ONLY,
  route: 'random',
});

/** Parameters matching the glob `pattern`, as a null-prototype object. In a cluster: one node's view. */
export const CONFIG_GET = defineCommand({
  name: 'CONFIG GET',
  build: (pattern: string = '*') => ['CONFIG', 'GET', pattern],
  transform: asRecord,
  flags: READ_ONLY,
  route: 'random',
});

/** In a cluster: every master (replicas keep their own configuration). */
export const CONFIG_SET = defineCommand({
  name: 'CONFIG SET',
  build: (name: string, value: ValueArg) => ['CONFIG', 'SET', name, value],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

/** The id of the connection the command ran on (the shared connection, for ordinary commands). */
export const CLIENT_ID = defineCommand({
  name: 'CLIENT ID',
  build: () => ['CLIENT', 'ID'],
  transform: asInteger,
  flags: READ_ONLY,
});

export const CLIENT_GETNAME = defineCommand({
  name: 'CLIENT GETNAME',
  build: () => ['CLIENT', 'GETNAME'],
  transform: asBulkOrNull,
  flags: READ_ONLY,
});

/** Names the shared connection only (pooled connections for blocking commands keep the configured name). */
export const CLIENT_SETNAME = defineCommand({
  name: 'CLIENT SETNAME',
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
  /** Whether the calling connection may be killed too (server default: skipped). */
  skipme?: boolean;
}

/**
 * `client_kill('ip:port')` (true) or `client_kill({ id, addr, laddr, user, type, skipme })` (how many were closed).
 */
export const CLIENT_KILL = defineCommand({
  name: 'CLIENT KILL',
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
  build: () => ['COMMAND', 'COUNT'],
  transform: asInteger,
  flags: READ_ONLY,
});

/** Bytes a key and its value take, or null for a missing key. */
export const MEMORY_USAGE = defineCommand({
  name: 'MEMORY USAGE',
  build: (key: KeyArg, samples?: number): RedisArg[] =>
    samples === undefined ? ['MEMORY', 'USAGE', key] : ['MEMORY', 'USAGE', key, 'SAMPLES', samples],
  transform: asIntegerOrNull,
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
  build: (numreplicas: number, timeout: number) => ['WAIT', numreplicas, timeout],
  transform: asInteger,
  flags: WRITE,
  route: 'random',
});

export const serverCommands = {
  ping: PING,
  echo: ECHO,
  flushdb: FLUSHDB,
  flushall: FLUSHALL,
  dbsize: DBSIZE,
  info: INFO,
  time: TIME,
  lastsave: LASTSAVE,
  config_get: CONFIG_GET,
  configGet: CONFIG_GET,
  config_set: CONFIG_SET,
  configSet: CONFIG_SET,
  client_id: CLIENT_ID,
  clientId: CLIENT_ID,
  client_getname: CLIENT_GETNAME,
  clientGetname: CLIENT_GETNAME,
  client_setname: CLIENT_SETNAME,
  clientSetname: CLIENT_SETNAME,
  client_list: CLIENT_LIST,
  clientList: CLIENT_LIST,
  client_kill: CLIENT_KILL,
  clientKill: CLIENT_KILL,
  command_count: COMMAND_COUNT,
  commandCount: COMMAND_COUNT,
  memory_usage: MEMORY_USAGE,
  memoryUsage: MEMORY_USAGE,
  wait: WAIT,
};
