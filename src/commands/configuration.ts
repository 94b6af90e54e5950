/** Server configuration and modules: CONFIG …, MODULE …, TIME, LOLWUT. */
import { DataError } from '../errors.js';
import { isPlainObject } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { text as textArg, textList } from './admin-args.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asBulk, asInteger, asOk, entries, setField, text, toArray } from './transforms.js';
import type { Bulk, ValueArg } from './types.js';

/** CONFIG GET's parameters by name. Names and values are always strings, as redis-py decodes them. */
export type ConfigValues = Record<string, string>;

function asConfig(reply: RespValue): ConfigValues {
  const out: ConfigValues = {};
  for (const [name, value] of entries(reply)) setField(out, text(name), value === null ? '' : text(value));
  return out;
}

/**
 * redis-py's `config_get(pattern='*', *args)`: every parameter matching one of the glob patterns (several need Redis
 * 7). In a cluster: one node's (CONFIG SET goes to every node).
 */
export const CONFIG_GET = defineCommand({
  name: 'CONFIG GET',
  maxArgs: 'variadic',
  build: (...patterns: Array<string | Buffer>) => [
    'CONFIG',
    'GET',
    ...(patterns.length === 0 ? ['*'] : textList('CONFIG GET', 'pattern', patterns)),
  ],
  transform: asConfig,
  flags: READ_ONLY,
  route: 'random',
});

/**
 * redis-py's `config_set(name, value, *args)`: `args` holds more name/value pairs (Redis 7), all set at once or none.
 * In a cluster: every node, replicas too (each keeps its own configuration).
 */
export const CONFIG_SET = defineCommand({
  name: 'CONFIG SET',
  maxArgs: 'variadic',
  build: (name: string | Buffer, value: ValueArg, ...more: Array<string | Buffer | ValueArg>) => {
    if (more.length % 2 !== 0) throw new DataError('CONFIG SET: more parameters come as name, value pairs');
    const args: RedisArg[] = ['CONFIG', 'SET'];
    const pairs = [name, value, ...more];
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] === undefined || pairs[i + 1] === null) throw new DataError('CONFIG SET: a value is missing');
      args.push(textArg('CONFIG SET', 'name', pairs[i]), pairs[i + 1] as RedisArg);
    }
    return args;
  },
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'all-all-ok',
});

/** Resets INFO's statistics (commandstats, errorstats, keyspace hits…); every node in a cluster. */
export const CONFIG_RESETSTAT = defineCommand({
  name: 'CONFIG RESETSTAT',
  maxArgs: 0,
  build: () => ['CONFIG', 'RESETSTAT'],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'all-all-ok',
});

/** Writes the running configuration to the server's config file (an error when it was started without one). */
export const CONFIG_REWRITE = defineCommand({
  name: 'CONFIG REWRITE',
  maxArgs: 0,
  build: () => ['CONFIG', 'REWRITE'],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'all-all-ok',
});

/** `[seconds, microseconds]` of the server's clock. */
export const TIME = defineCommand({
  name: 'TIME',
  maxArgs: 0,
  build: () => ['TIME'],
  transform: (reply: RespValue): [number, number] => {
    const [s, us] = toArray(reply);
    return [Number.parseInt(text(s), 10), Number.parseInt(text(us), 10)];
  },
  flags: READ_ONLY,
  route: 'random',
});

/** redis-py's `lolwut(*version_numbers)`: LOLWUT, or LOLWUT VERSION v … with numbers given. */
export const LOLWUT = defineCommand({
  name: 'LOLWUT',
  maxArgs: 'variadic',
  build: (...version_numbers: Array<number | string>): RedisArg[] => {
    if (version_numbers.length === 0) return ['LOLWUT'];
    for (const v of version_numbers) {
      if (!(typeof v === 'number' && Number.isFinite(v)) && !(typeof v === 'string' && /^\d+(\.\d+)?$/.test(v))) {
        throw new DataError('LOLWUT: version numbers must be numbers');
      }
    }
    return ['LOLWUT', 'VERSION', ...version_numbers];
  },
  transform: asBulk,
  flags: READ_ONLY,
  route: 'random',
});

/** One loaded module: `name`, `ver`, `path`, `args` (fields as the server names them). */
export type ModuleInfo = Record<string, Bulk | number | Bulk[]>;

const asModules = (reply: RespValue): ModuleInfo[] =>
  toArray(reply).map((module) => {
    const out: ModuleInfo = {};
    for (const [name, value] of entries(module)) {
      setField(out, text(name), (typeof value === 'number' ? asInteger(value) : value) as ModuleInfo[string]);
    }
    return out;
  });

/** The loaded modules. In a cluster: per node (a module must be loaded on every node). */
export const MODULE_LIST = defineCommand({
  name: 'MODULE LIST',
  maxArgs: 0,
  build: () => ['MODULE', 'LIST'],
  transform: asModules,
  flags: READ_ONLY,
  route: 'all-map',
});

/** redis-py's `module_load(path, *args)`: `args` go to the module. ModuleError when the file cannot be loaded. */
export const MODULE_LOAD = defineCommand({
  name: 'MODULE LOAD',
  maxArgs: 'variadic',
  build: (path: string | Buffer, ...args: ValueArg[]) => [
    'MODULE',
    'LOAD',
    textArg('MODULE LOAD', 'path', path),
    ...args,
  ],
  transform: asOk,
  flags: WRITE,
  route: 'all-all-ok',
});

/** MODULE LOADEX's configuration: `['name', 'value', …]` as redis-py takes it, or `{ name: value }`. */
export type ModuleConfigs = ReadonlyArray<string | Buffer | number> | Record<string, string | Buffer | number>;

function moduleConfigs(configs: ModuleConfigs): RedisArg[] {
  if (isPlainObject(configs)) {
    const out: RedisArg[] = [];
    for (const [name, value] of Object.entries(configs)) out.push(name, value as RedisArg);
    return out;
  }
  if (!Array.isArray(configs) || configs.length % 2 !== 0) {
    throw new DataError("MODULE LOADEX: 'options' holds name, value pairs (a list of even length, or an object)");
  }
  return [...(configs as RedisArg[])];
}

/**
 * redis-py's `module_loadex(path, options=None, args=None)`: `options` are module configuration pairs (CONFIG),
 * `args` the module's arguments (ARGS).
 */
export const MODULE_LOADEX = defineCommand({
  name: 'MODULE LOADEX',
  maxArgs: 3,
  build: (path: string | Buffer, options?: ModuleConfigs | null, args?: ReadonlyArray<ValueArg> | null) => {
    const out: RedisArg[] = ['MODULE', 'LOADEX', textArg('MODULE LOADEX', 'path', path)];
    if (options !== undefined && options !== null) out.push('CONFIG', ...moduleConfigs(options));
    if (args !== undefined && args !== null) {
      if (!Array.isArray(args)) throw new DataError("MODULE LOADEX: 'args' must be a list");
      out.push('ARGS', ...(args as RedisArg[]));
    }
    return out;
  },
  transform: asOk,
  flags: WRITE,
  route: 'all-all-ok',
});

/** Unloads module `name`; ModuleError when no such module is loaded. */
export const MODULE_UNLOAD = defineCommand({
  name: 'MODULE UNLOAD',
  maxArgs: 1,
  build: (name: string | Buffer) => ['MODULE', 'UNLOAD', textArg('MODULE UNLOAD', 'name', name)],
  transform: asOk,
  flags: WRITE,
  route: 'all-all-ok',
});

export const configurationCommands = {
  /** CONFIG GET: parameters matching any of the glob `patterns` (default `'*'`) as a ordinary object of strings. */
  config_get: CONFIG_GET,
  /** Alias of {@link config_get}. */
  configGet: CONFIG_GET,
  /** CONFIG SET: sets `name` to `value` (more name, value pairs may follow); every node in a cluster; true. */
  config_set: CONFIG_SET,
  /** Alias of {@link config_set}. */
  configSet: CONFIG_SET,
  /** CONFIG RESETSTAT: resets the statistics INFO reports (every node in a cluster); true. */
  config_resetstat: CONFIG_RESETSTAT,
  /** CONFIG REWRITE: writes the running configuration to the config file (every node in a cluster); true. */
  config_rewrite: CONFIG_REWRITE,
  /** TIME: the server's clock as `[seconds, microseconds]` numbers. */
  time: TIME,
  /** LOLWUT: the server version and a piece of generative art; numbers select the art's version and parameters. */
  lolwut: LOLWUT,
  /** MODULE LIST: one ordinary record (`name`, `ver`, `path`, `args`) per loaded module (per node in a cluster). */
  module_list: MODULE_LIST,
  /** MODULE LOAD: loads the module at `path` with `args`; true (ModuleError when it cannot be loaded). */
  module_load: MODULE_LOAD,
  /** MODULE LOADEX: loads the module at `path` with configuration pairs `options` and arguments `args`; true. */
  module_loadex: MODULE_LOADEX,
  /** MODULE UNLOAD: unloads module `name`; true (ModuleError when no such module is loaded). */
  module_unload: MODULE_UNLOAD,
};
