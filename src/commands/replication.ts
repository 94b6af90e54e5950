/** Replication and high availability: ROLE, REPLICAOF/SLAVEOF, FAILOVER, WAIT, WAITAOF, and MIGRATE. */
import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { endpoint, text as textArg } from './admin-args.js';
import { flagArg, integerAtLeast } from './argument-checks.js';
import { defineCommand, flatten, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asInt, asIntArray, asInteger, asOk, asStatus, toArray } from './transforms.js';
import type { Bulk, KeyArg } from './types.js';

/**
 * ROLE as the server sends it: `['master', offset, [[ip, port, offset], …]]`, `['slave', host, port, state, offset]`
 * or `['sentinel', [master names]]` (redis-py returns the same lists).
 */
export type RoleReply = [Bulk, number, Array<[Bulk, Bulk, Bulk]>] | [Bulk, Bulk, number, Bulk, number] | [Bulk, Bulk[]];

function asRole(reply: RespValue): RoleReply {
  const walk = (value: RespValue): unknown =>
    Array.isArray(value)
      ? value.map(walk)
      : typeof value === 'number' || typeof value === 'bigint'
        ? asInteger(value)
        : value;
  return toArray(reply).map(walk) as RoleReply;
}

export const ROLE = defineCommand({
  name: 'ROLE',
  maxArgs: 0,
  build: () => ['ROLE'],
  transform: asRole,
  flags: READ_ONLY,
  route: 'all-map',
});

/** `()` or `('NO', 'ONE')` → NO ONE; `(host, port)` → that master. */
function replicationTarget(command: string, host: unknown, port: unknown): RedisArg[] {
  if (host === undefined && port === undefined) return ['NO', 'ONE'];
  const isNo = (v: unknown, word: string) =>
    (typeof v === 'string' || Buffer.isBuffer(v)) && v.toString().toUpperCase() === word;
  if (isNo(host, 'NO') && isNo(port, 'ONE')) return ['NO', 'ONE'];
  if (port === undefined) throw new DataError(`${command}: give a host and a port, 'NO', 'ONE', or nothing`);
  return endpoint(command, host, port);
}

/**
 * redis-py's `replicaof(*args)`: `replicaof(host, port)` follows that master; `replicaof('NO', 'ONE')` or
 * `replicaof()` promotes the server to a master. Refused in a cluster (CLUSTER REPLICATE does that there).
 */
export const REPLICAOF = defineCommand({
  name: 'REPLICAOF',
  maxArgs: 2,
  build: (host?: string | Buffer, port?: number | string) => [
    'REPLICAOF',
    ...replicationTarget('REPLICAOF', host, port),
  ],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'not-in-cluster',
});

/** redis-py's `slaveof(host=None, port=None)`: the deprecated spelling of {@link REPLICAOF}. */
export const SLAVEOF = defineCommand({
  name: 'SLAVEOF',
  maxArgs: 2,
  build: (host?: string | Buffer, port?: number | string) => ['SLAVEOF', ...replicationTarget('SLAVEOF', host, port)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'not-in-cluster',
});

/** Options of FAILOVER. */
export interface FailoverOptions {
  /** The replica to hand over to (TO host port); the server picks one when omitted. */
  to?: { host: string; port: number };
  /** With `to` and `timeout`: fail over to `to` even if it did not catch up in time (FORCE). */
  force?: boolean;
  /** Cancel a failover in progress (ABORT); combines with no other option. */
  abort?: boolean;
  /** Milliseconds to wait for the replica to catch up before giving up (or forcing). */
  timeout?: number;
}

function failoverArgs(options: FailoverOptions = {}): RedisArg[] {
  const args: RedisArg[] = ['FAILOVER'];
  const force = flagArg('FAILOVER', 'force', options.force);
  const abort = flagArg('FAILOVER', 'abort', options.abort);
  if (options.to !== undefined) {
    if (typeof options.to !== 'object' || options.to === null) throw new DataError("FAILOVER: 'to' is { host, port }");
    args.push('TO', ...endpoint('FAILOVER', options.to.host, options.to.port));
  }
  if (force) {
    if (options.to === undefined || options.timeout === undefined) {
      throw new DataError("FAILOVER: 'force' needs both 'to' and 'timeout'");
    }
    args.push('FORCE');
  }
  if (options.timeout !== undefined) args.push('TIMEOUT', integerAtLeast('FAILOVER', 'timeout', options.timeout, 1));
  if (abort) {
    if (args.length > 1) throw new DataError("FAILOVER: 'abort' combines with no other option");
    args.push('ABORT');
  }
  return args;
}

/**
 * Hands the master role to a replica in a coordinated way (Redis 6.2): writes pause, the replica catches up, then the
 * two swap roles. Resolves to true once the failover started; `abort` cancels one. redis-py refuses FAILOVER; this
 * client offers it. Not in a cluster (CLUSTER FAILOVER, on the replica, does that there).
 */
export const FAILOVER = defineCommand({
  name: 'FAILOVER',
  maxArgs: 1,
  options: optionKeys<FailoverOptions>({ to: true, force: true, abort: true, timeout: true }),
  build: failoverArgs,
  transform: asOk,
  flags: WRITE,
  route: 'not-in-cluster',
});

/**
 * Waits until `num_replicas` replicas acknowledged the writes made before it on the same connection, or `timeout` ms
 * (0: forever); returns how many did. Ordinary commands share one connection, so it covers this client's earlier
 * writes. In a cluster every master runs it on the connection that carried this client's writes to it, and the
 * smallest count comes back (the server's own policy for WAIT).
 */
export const WAIT = defineCommand({
  name: 'WAIT',
  maxArgs: 2,
  build: (num_replicas: number, timeout: number) => [
    'WAIT',
    integerAtLeast('WAIT', 'num_replicas', num_replicas),
    integerAtLeast('WAIT', 'timeout', timeout),
  ],
  transform: asInt,
  flags: WRITE,
  route: 'primaries-min',
});

/**
 * Redis 7.2: waits until this connection's earlier writes were fsynced to the local AOF (`num_local`: 0 or 1) and to
 * the AOF of `num_replicas` replicas, or `timeout` ms; returns `[local, replicas]` reached. In a cluster: the smallest
 * of each over the masters.
 */
export const WAITAOF = defineCommand({
  name: 'WAITAOF',
  maxArgs: 3,
  build: (num_local: number, num_replicas: number, timeout: number) => {
    const local = integerAtLeast('WAITAOF', 'num_local', num_local);
    if (Number(local) > 1) throw new DataError("WAITAOF: 'num_local' is 0 or 1");
    return [
      'WAITAOF',
      local,
      integerAtLeast('WAITAOF', 'num_replicas', num_replicas),
      integerAtLeast('WAITAOF', 'timeout', timeout),
    ];
  },
  transform: asIntArray,
  flags: WRITE,
  route: 'primaries-min',
});

/** Options of MIGRATE, redis-py's keyword arguments. */
export interface MigrateOptions {
  /** Keep the keys on this server too (COPY). */
  copy?: boolean;
  /** Overwrite keys that exist on the target (REPLACE). */
  replace?: boolean;
  /** The target's password (AUTH). It never appears in an error message. */
  auth?: string | Buffer;
}

/** MIGRATE's keys: the single-key form's key, or everything after the KEYS token (AUTH's password skipped). */
export function migrateKeys(args: readonly RedisArg[]): number[] {
  const single = args[3];
  if (single === undefined) return [];
  const empty = (typeof single === 'string' || single instanceof Uint8Array) && single.length === 0;
  if (!empty) return [3];
  for (let i = 6; i < args.length; i++) {
    const word = typeof args[i] === 'string' ? (args[i] as string).toUpperCase() : '';
    if (word === 'AUTH') i += 1;
    else if (word === 'AUTH2') i += 2;
    else if (word === 'KEYS') return Array.from({ length: args.length - i - 1 }, (_, k) => i + 1 + k);
  }
  return [];
}

/**
 * redis-py's `migrate(host, port, keys, destination_db, timeout, copy=False, replace=False, auth=None)`: moves `keys`
 * (one or a list) to database `destination_db` of another server, `timeout` ms of idle time at most; `'OK'`, or
 * `'NOKEY'` when none of the keys exists. In a cluster the keys must share a slot.
 */
export const MIGRATE = defineCommand({
  name: 'MIGRATE',
  maxArgs: 6,
  options: optionKeys<MigrateOptions>({ copy: true, replace: true, auth: true }),
  build: (
    host: string,
    port: number,
    keys: KeyArg | readonly KeyArg[],
    destination_db: number,
    timeout: number,
    options: MigrateOptions = {},
  ) => {
    const list = flatten<KeyArg>([keys as KeyArg | KeyArg[]]);
    if (list.length === 0) throw new DataError('MIGRATE requires at least one key');
    const args: RedisArg[] = [
      'MIGRATE',
      ...endpoint('MIGRATE', host, port),
      '',
      integerAtLeast('MIGRATE', 'destination_db', destination_db),
      integerAtLeast('MIGRATE', 'timeout', timeout),
    ];
    if (flagArg('MIGRATE', 'copy', options.copy)) args.push('COPY');
    if (flagArg('MIGRATE', 'replace', options.replace)) args.push('REPLACE');
    if (options.auth !== undefined && options.auth !== null)
      args.push('AUTH', textArg('MIGRATE', 'auth', options.auth));
    args.push('KEYS', ...list);
    return args;
  },
  transform: asStatus,
  // The password must never reach an error message, whatever the server says back.
  secrets: (_host, _port, _keys, _db, _timeout, options) =>
    options?.auth === undefined || options.auth === null ? [] : [options.auth.toString()],
  keys: migrateKeys,
  sameSlot: true,
  flags: WRITE,
});

export const replicationCommands = {
  /** ROLE: `['master', offset, replicas]`, `['slave', host, port, state, offset]` or `['sentinel', names]`. */
  role: ROLE,
  /** REPLICAOF: `(host, port)` follows that master; `()` or `('NO', 'ONE')` promotes to master; true. */
  replicaof: REPLICAOF,
  /** SLAVEOF: as {@link replicaof} (the deprecated name). */
  slaveof: SLAVEOF,
  /** FAILOVER: coordinated hand-over to a replica (`to`, `force`, `timeout`), or `abort`; true. */
  failover: FAILOVER,
  /** WAIT: how many replicas acknowledged this client's earlier writes, waiting for `num_replicas` or `timeout` ms. */
  wait: WAIT,
  /** WAITAOF (Redis 7.2): `[local, replicas]` that fsynced this client's earlier writes to their AOF. */
  waitaof: WAITAOF,
  /** MIGRATE: moves `keys` to `destination_db` on `host:port` (`copy`, `replace`, `auth`); `'OK'` or `'NOKEY'`. */
  migrate: MIGRATE,
};
