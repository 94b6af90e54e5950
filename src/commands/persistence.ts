/** Persistence and the keyspace as a whole: SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE, SHUTDOWN, DBSIZE, FLUSH…, SWAPDB. */
import { DataError, RedisError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { flagArg, integerAtLeast } from './argument-checks.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asInt, asInteger, asOk } from './transforms.js';

/** Saves the dataset in the foreground; in a cluster on every node (each keeps its own file). */
export const SAVE = defineCommand({
  name: 'SAVE',
  maxArgs: 0,
  build: () => ['SAVE'],
  transform: asOk,
  // A second save writes the same data again.
  flags: IDEMPOTENT,
  route: 'all-all-ok',
});

/** redis-py's `bgsave(schedule=True)`: with `schedule` (the default) the save waits for a running AOF rewrite. */
export const BGSAVE = defineCommand({
  name: 'BGSAVE',
  maxArgs: 1,
  build: (schedule: boolean = true): RedisArg[] =>
    flagArg('BGSAVE', 'schedule', schedule) ? ['BGSAVE', 'SCHEDULE'] : ['BGSAVE'],
  // "Background saving started" or "… scheduled": redis-py answers True to both.
  transform: asOk,
  // A repeat while the first one runs is refused: not resent.
  flags: WRITE,
  route: 'all-all-ok',
});

export const BGREWRITEAOF = defineCommand({
  name: 'BGREWRITEAOF',
  maxArgs: 0,
  build: () => ['BGREWRITEAOF'],
  transform: asOk,
  flags: WRITE,
  route: 'all-all-ok',
});

/** When the last successful save to disk happened (redis-py returns a datetime). In a cluster: per node. */
export const LASTSAVE = defineCommand({
  name: 'LASTSAVE',
  maxArgs: 0,
  build: () => ['LASTSAVE'],
  transform: (reply: RespValue) => new Date(asInteger(reply) * 1000),
  flags: READ_ONLY,
  route: 'all-map',
});

/** Options of SHUTDOWN, redis-py's keyword arguments. */
export interface ShutdownOptions {
  /** Save the dataset even when no save points are configured (SAVE). */
  save?: boolean;
  /** Do not save even when save points are configured (NOSAVE). */
  nosave?: boolean;
  /** Do not wait for lagging replicas (NOW, Redis 7). */
  now?: boolean;
  /** Exit even when saving or the AOF fail (FORCE, Redis 7). */
  force?: boolean;
  /** Cancel a shutdown waiting for replicas (ABORT, Redis 7); combines with no other option. */
  abort?: boolean;
}

const SHUTDOWN_OPTIONS = optionKeys<ShutdownOptions>({ save: true, nosave: true, now: true, force: true, abort: true });

function shutdownArgs(options: ShutdownOptions = {}): RedisArg[] {
  const args: RedisArg[] = ['SHUTDOWN'];
  for (const name of SHUTDOWN_OPTIONS as ReadonlyArray<keyof ShutdownOptions>) {
    if (flagArg('SHUTDOWN', name, options[name])) args.push(name.toUpperCase());
  }
  if (options.save && options.nosave) throw new DataError('SHUTDOWN: save and nosave cannot both be set');
  if (options.abort && args.length > 2) throw new DataError('SHUTDOWN: abort combines with no other option');
  return args;
}

/** Any reply but an error means the server is still up: SHUTDOWN did not happen (redis-py raises the same). */
const shutdownFailed = (): never => {
  throw new RedisError('SHUTDOWN seems to have failed');
};

/**
 * Stops the server. As in redis-py, the connection closing is the success: the call resolves to null. With `abort`,
 * true once the pending shutdown was cancelled. Refused in a cluster: send it to the node you mean with
 * `execute_command('SHUTDOWN', …, { target_nodes: node })`.
 */
export const SHUTDOWN = defineCommand({
  name: 'SHUTDOWN',
  maxArgs: 1,
  options: SHUTDOWN_OPTIONS,
  build: shutdownArgs,
  transform: (reply: RespValue): true | null => (reply === null ? null : shutdownFailed()),
  transformFor: (options?: ShutdownOptions) => (options?.abort === true ? asOk : undefined),
  closesConnection: true,
  flags: WRITE,
  route: 'not-in-cluster',
});

export const DBSIZE = defineCommand({
  name: 'DBSIZE',
  maxArgs: 0,
  build: () => ['DBSIZE'],
  transform: asInt,
  flags: READ_ONLY,
  route: 'primaries-sum',
});

/** Options of FLUSHDB and FLUSHALL. */
export interface FlushOptions {
  /** Flush in the background (ASYNC); otherwise as the server's `lazyfree-lazy-user-flush` says, as in redis-py. */
  asynchronous?: boolean;
}

const flushArgs = (command: 'FLUSHDB' | 'FLUSHALL', options: FlushOptions = {}): RedisArg[] =>
  flagArg(command, 'asynchronous', options.asynchronous) ? [command, 'ASYNC'] : [command];

export const FLUSHDB = defineCommand({
  name: 'FLUSHDB',
  maxArgs: 1,
  options: optionKeys<FlushOptions>({ asynchronous: true }),
  build: (options?: FlushOptions) => flushArgs('FLUSHDB', options),
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const FLUSHALL = defineCommand({
  name: 'FLUSHALL',
  maxArgs: 1,
  options: optionKeys<FlushOptions>({ asynchronous: true }),
  build: (options?: FlushOptions) => flushArgs('FLUSHALL', options),
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

/** Swaps two databases (every client of either sees the other's data at once). A cluster has database 0 only. */
export const SWAPDB = defineCommand({
  name: 'SWAPDB',
  maxArgs: 2,
  build: (first: number, second: number) => [
    'SWAPDB',
    integerAtLeast('SWAPDB', 'first', first),
    integerAtLeast('SWAPDB', 'second', second),
  ],
  transform: asOk,
  // Swapping twice swaps back.
  flags: WRITE,
  route: 'not-in-cluster',
});

export const persistenceCommands = {
  /** SAVE: saves the dataset to disk, blocking the server until done (every node in a cluster); true. */
  save: SAVE,
  /** BGSAVE: starts a background save (`schedule`, default true: after a running AOF rewrite); true. */
  bgsave: BGSAVE,
  /** BGREWRITEAOF: starts rewriting the append-only file in the background (every node in a cluster); true. */
  bgrewriteaof: BGREWRITEAOF,
  /** LASTSAVE: when the last successful save to disk happened, as a Date (per node in a cluster). */
  lastsave: LASTSAVE,
  /** SHUTDOWN: stops the server (`save`, `nosave`, `now`, `force`); null once it closed the connection; `abort`: true. */
  shutdown: SHUTDOWN,
  /** DBSIZE: the number of keys in the current database (summed over the masters in a cluster). */
  dbsize: DBSIZE,
  /** FLUSHDB: empties the current database (every master in a cluster); `asynchronous` frees in the background; true. */
  flushdb: FLUSHDB,
  /** FLUSHALL: empties every database (every master in a cluster); `asynchronous` frees in the background; true. */
  flushall: FLUSHALL,
  /** SWAPDB: swaps databases `first` and `second`; true. Not in a cluster. */
  swapdb: SWAPDB,
};
