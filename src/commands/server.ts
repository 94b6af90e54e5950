/** Server and connection commands. */

import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asInfo, asInt, asInteger, asIntOrNull, asOk, asRecord, text, toArray } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

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

/** Parameters matching the glob `pattern`, as an ordinary object. In a cluster: one node's view. */
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
  /** CONFIG GET: the parameters matching glob `pattern` (default `'*'`) as an ordinary object; one node's. */
  config_get: CONFIG_GET,
  /** Alias of {@link config_get}. */
  configGet: CONFIG_GET,
  /** CONFIG SET: sets parameter `name` to `value` (on every master in a cluster); resolves to true. */
  config_set: CONFIG_SET,
  /** Alias of {@link config_set}. */
  configSet: CONFIG_SET,
  /** MEMORY USAGE: the bytes `key` and its value take (`samples`: nested values to sample), or null if missing. */
  memory_usage: MEMORY_USAGE,
  /** Alias of {@link memory_usage}. */
  memoryUsage: MEMORY_USAGE,
  /** WAIT: how many replicas acknowledged this client's earlier writes, waiting for `numreplicas` or `timeout` ms. */
  wait: WAIT,
};
