/**
 * Connection commands: PING, ECHO, AUTH, SELECT, RESET and HELLO. QUIT is the client's `quit()` (= `close()`).
 *
 * AUTH, SELECT and RESET change the connection they run on; their declarations say how (`session`), so StrictRedis
 * keeps its reconnect handshake in step and everything else (pipelines, transactions, cluster clients) refuses them.
 */

import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { scalar, scalarRecord } from './command-introspection.js';
import { defineCommand, READ_ONLY, WRITE } from './define.js';
import { asBulk, asInteger, asOk, asStatus, entries, setField, text, toArray } from './transforms.js';
import type { SessionEffect, ValueArg } from './types.js';

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

/** A password or user name: text (a Buffer is read as UTF-8, as the handshake sends text). */
function credential(what: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  throw new DataError(`AUTH: the ${what} must be a string`);
}

export const AUTH = defineCommand({
  name: 'AUTH',
  maxArgs: 2,
  build: (password: string, username?: string | null): RedisArg[] => {
    const pass = credential('password', password);
    if (username === undefined || username === null) return ['AUTH', pass];
    return ['AUTH', credential('username', username), pass];
  },
  transform: asOk,
  flags: WRITE,
  session: (password: string, username?: string | null): SessionEffect => ({
    kind: 'auth',
    password: credential('password', password),
    username: username === undefined || username === null ? undefined : credential('username', username),
  }),
});

function dbIndex(index: unknown): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new DataError('SELECT: the database index must be a non-negative integer');
  }
  return index;
}

/** SELECT on StrictRedis: every connection of the client, and every reconnect, uses the database from now on. */
export const SELECT = defineCommand({
  name: 'SELECT',
  maxArgs: 1,
  build: (index: number) => ['SELECT', dbIndex(index)],
  transform: asOk,
  flags: WRITE,
  session: (index: number): SessionEffect => ({ kind: 'select', db: dbIndex(index) }),
});

/**
 * RESET: the shared connection drops its server-side state (tracking, CLIENT NO-EVICT/NO-TOUCH, its name…), then the
 * client's own handshake runs again on it at once, so its user, database and name stay as configured.
 */
export const RESET = defineCommand({
  name: 'RESET',
  maxArgs: 0,
  build: () => ['RESET'],
  transform: asStatus,
  flags: WRITE,
  session: (): SessionEffect => ({ kind: 'reset' }),
});

/** What HELLO reports about the server and the connection. */
export interface HelloInfo {
  server: string;
  version: string;
  /** The protocol of the connection: 2 or 3 (the client's `protocol` option). */
  proto: number;
  /** The connection's id (as CLIENT ID). */
  id: number;
  mode: string;
  role: string;
  /** The loaded modules, each as an ordinary record of its fields. */
  modules: Array<Record<string, string | number>>;
}

function parseHello(reply: RespValue): HelloInfo {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries(reply)) {
    const key = text(k);
    if (key === 'modules') out.modules = toArray(v).map(scalarRecord);
    else if (key === 'proto' || key === 'id') out[key] = asInteger(v);
    else setField(out, key, scalar(v));
  }
  return out as unknown as HelloInfo;
}

/**
 * HELLO without arguments: the server's and the connection's description. Switching the protocol, authenticating or
 * naming the connection with HELLO is left to the client's options (`protocol`, `username`/`password`,
 * `client_name`), which the handshake sends on every connection; redis-py does not offer HELLO at all.
 */
export const HELLO = defineCommand({
  name: 'HELLO',
  maxArgs: 0,
  build: () => ['HELLO'],
  transform: parseHello,
  flags: READ_ONLY,
});

export const connectionCommands = {
  /** PING: true (the server's PONG); with `message`, that message back as a string (true if it is `'PONG'`). */
  ping: PING,
  /** ECHO: `value` as the server sends it back. */
  echo: ECHO,
  /**
   * AUTH: authenticates the client as `username` (default user when omitted) with `password`; true. StrictRedis only:
   * its reconnects and new pooled connections authenticate the same way. A refusal raises AuthenticationError.
   */
  auth: AUTH,
  /** SELECT: switches every connection of this StrictRedis (reconnects too) to database `index`; true. */
  select: SELECT,
  /** RESET: clears the shared connection's server-side state, then restores the client's user, db and name; 'RESET'. */
  reset: RESET,
  /** HELLO: the server's description (`server`, `version`, `proto`, `id`, `mode`, `role`, `modules`). */
  hello: HELLO,
};
