/** Function libraries (Redis 7): FUNCTION LOAD / DELETE / FLUSH / LIST / DUMP / RESTORE / KILL / STATS. FCALL is in scripting.ts. */
import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { text as textArg } from './admin-args.js';
import { flagArg, wordArg } from './argument-checks.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { type FlushMode, flushArgs } from './scripting.js';
import { asInteger, asOk, asStatus, entries, setField, text, toArray } from './transforms.js';
import type { Bulk } from './types.js';

/** Options of FUNCTION LOAD. */
export interface FunctionLoadOptions {
  /** Replace a library of the same name. */
  replace?: boolean;
}

function libraryCode(command: string, code: unknown): string | Buffer {
  if (typeof code !== 'string' && !Buffer.isBuffer(code))
    throw new DataError(`${command}: the code must be a string or Buffer`);
  return code;
}

/**
 * redis-py's `function_load(code, replace=False)`: loads a library and returns its name. In a cluster it is loaded on
 * every master (functions must exist wherever FCALL may be routed).
 */
export const FUNCTION_LOAD = defineCommand({
  name: 'FUNCTION LOAD',
  maxArgs: 2,
  options: optionKeys<FunctionLoadOptions>({ replace: true }),
  build: (code: string | Buffer, options: FunctionLoadOptions = {}) =>
    flagArg('FUNCTION LOAD', 'replace', options.replace)
      ? ['FUNCTION', 'LOAD', 'REPLACE', libraryCode('FUNCTION LOAD', code)]
      : ['FUNCTION', 'LOAD', libraryCode('FUNCTION LOAD', code)],
  transform: asStatus,
  // Without REPLACE a repetition fails: the library exists.
  flags: WRITE,
  route: 'primaries-all-ok',
});

export const FUNCTION_DELETE = defineCommand({
  name: 'FUNCTION DELETE',
  maxArgs: 1,
  build: (library: string | Buffer) => ['FUNCTION', 'DELETE', textArg('FUNCTION DELETE', 'library', library)],
  transform: asOk,
  flags: WRITE,
  route: 'primaries-all-ok',
});

/** redis-py's `function_flush(mode='SYNC')`. */
export const FUNCTION_FLUSH = defineCommand({
  name: 'FUNCTION FLUSH',
  maxArgs: 1,
  build: (mode: FlushMode | Buffer = 'SYNC') => ['FUNCTION', 'FLUSH', ...flushArgs('FUNCTION FLUSH', mode)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

/** One function of a library. */
export interface FunctionInfo {
  name: Bulk;
  description: Bulk | null;
  /** `no-writes`, `allow-oom`, `allow-stale`, `no-cluster`, `allow-cross-slot-keys`. */
  flags: Bulk[];
}

/** One library of FUNCTION LIST; `library_code` only with `withcode`. */
export interface LibraryInfo {
  library_name: Bulk;
  engine: Bulk;
  functions: FunctionInfo[];
  library_code?: Bulk;
}

function fields(reply: RespValue): Map<string, RespValue> {
  return new Map(entries(reply).map(([k, v]) => [text(k), v]));
}

/**
 * Function flags come as simple strings, which decode as text even for a Buffer client: as Buffers there, like the
 * library's other strings (`like` is the library name, a Buffer exactly when the client wants Buffers).
 */
const flagText = (flag: RespValue, like: RespValue): Bulk =>
  (Buffer.isBuffer(like) && typeof flag === 'string' ? Buffer.from(flag) : flag) as unknown as Bulk;

function asLibraries(reply: RespValue): LibraryInfo[] {
  return toArray(reply).map((raw) => {
    const lib = fields(raw);
    const like = lib.get('library_name') ?? null;
    const info: LibraryInfo = {
      library_name: lib.get('library_name') as unknown as Bulk,
      engine: lib.get('engine') as unknown as Bulk,
      functions: toArray(lib.get('functions') ?? null).map((f) => {
        const fn = fields(f);
        return {
          name: fn.get('name') as unknown as Bulk,
          description: (fn.get('description') ?? null) as unknown as Bulk | null,
          // RESP3 sends the flags as a set: a list either way.
          flags: toArray(fn.get('flags') ?? null).map((f) => flagText(f, like)),
        };
      }),
    };
    if (lib.has('library_code')) info.library_code = lib.get('library_code') as unknown as Bulk;
    return info;
  });
}

/** Options of FUNCTION LIST. */
export interface FunctionListOptions {
  /** Include each library's source code (`library_code`). */
  withcode?: boolean;
}

/**
 * redis-py's `function_list(library='*', withcode=False)`: the libraries whose name matches the glob `library`. In a
 * cluster: per master.
 */
export const FUNCTION_LIST = defineCommand({
  name: 'FUNCTION LIST',
  maxArgs: 2,
  options: optionKeys<FunctionListOptions>({ withcode: true }),
  build: (library: string | Buffer | null = '*', options: FunctionListOptions = {}) => {
    const args: RedisArg[] = ['FUNCTION', 'LIST', 'LIBRARYNAME', textArg('FUNCTION LIST', 'library', library ?? '*')];
    if (flagArg('FUNCTION LIST', 'withcode', options.withcode)) args.push('WITHCODE');
    return args;
  },
  transform: asLibraries,
  flags: READ_ONLY,
  route: 'primaries-map',
});

/** Every library, serialized (a Buffer whatever decode_responses says), for FUNCTION RESTORE. */
export const FUNCTION_DUMP = defineCommand({
  name: 'FUNCTION DUMP',
  maxArgs: 0,
  build: () => ['FUNCTION', 'DUMP'],
  transform: (reply: RespValue) => reply as Buffer,
  wantsBuffers: true,
  flags: READ_ONLY,
  route: 'random',
});

/** How FUNCTION RESTORE treats libraries that already exist. */
export type RestorePolicy = 'APPEND' | 'FLUSH' | 'REPLACE' | 'append' | 'flush' | 'replace';

/**
 * redis-py's `function_restore(payload, policy='APPEND')`: APPEND fails on a library that exists, REPLACE overwrites
 * it, FLUSH deletes every library first. In a cluster: every master.
 */
export const FUNCTION_RESTORE = defineCommand({
  name: 'FUNCTION RESTORE',
  maxArgs: 2,
  build: (payload: Buffer | string, policy: RestorePolicy | Buffer = 'APPEND') => [
    'FUNCTION',
    'RESTORE',
    libraryCode('FUNCTION RESTORE', payload),
    wordArg('FUNCTION RESTORE', 'policy', policy, ['APPEND', 'FLUSH', 'REPLACE'] as const),
  ],
  transform: asOk,
  flags: WRITE,
  flagsFor: (_payload, policy: RestorePolicy | Buffer = 'APPEND') =>
    String(policy).toUpperCase() === 'APPEND' ? WRITE : IDEMPOTENT,
  route: 'primaries-all-ok',
});

/** Stops the running function if it has not written yet; true. In a cluster: true when one master had one to kill. */
export const FUNCTION_KILL = defineCommand({
  name: 'FUNCTION KILL',
  maxArgs: 0,
  build: () => ['FUNCTION', 'KILL'],
  transform: asOk,
  flags: WRITE,
  route: 'primaries-any-ok',
});

/** FUNCTION STATS: the function running now (if any) and, per engine, how many libraries and functions it holds. */
export interface FunctionStats {
  running_script: { name: Bulk; command: Bulk[]; duration_ms: number } | null;
  engines: Record<string, { libraries_count: number; functions_count: number }>;
}

function asFunctionStats(reply: RespValue): FunctionStats {
  const top = fields(reply);
  const running = top.get('running_script') ?? null;
  const engines: FunctionStats['engines'] = {};
  for (const [engine, counts] of entries(top.get('engines') ?? null)) {
    const c = fields(counts);
    setField(engines, text(engine), {
      libraries_count: asInteger(c.get('libraries_count') ?? 0),
      functions_count: asInteger(c.get('functions_count') ?? 0),
    });
  }
  let running_script: FunctionStats['running_script'] = null;
  if (running !== null) {
    const r = fields(running);
    running_script = {
      name: r.get('name') as unknown as Bulk,
      command: toArray(r.get('command') ?? null) as unknown as Bulk[],
      duration_ms: asInteger(r.get('duration_ms') ?? 0),
    };
  }
  return { running_script, engines };
}

export const FUNCTION_STATS = defineCommand({
  name: 'FUNCTION STATS',
  maxArgs: 0,
  build: () => ['FUNCTION', 'STATS'],
  transform: asFunctionStats,
  flags: READ_ONLY,
  route: 'primaries-map',
});

export const functionCommands = {
  /** FUNCTION LOAD: loads library `code` (`replace` to overwrite); its name (every master in a cluster). */
  function_load: FUNCTION_LOAD,
  /** Alias of {@link function_load}. */
  functionLoad: FUNCTION_LOAD,
  /** FUNCTION DELETE: deletes the function library `library` (every master in a cluster); resolves to true. */
  function_delete: FUNCTION_DELETE,
  /** Alias of {@link function_delete}. */
  functionDelete: FUNCTION_DELETE,
  /** FUNCTION FLUSH: deletes every function library (every master in a cluster); `mode` `'SYNC'` (default)/`'ASYNC'`. */
  function_flush: FUNCTION_FLUSH,
  /** Alias of {@link function_flush}. */
  functionFlush: FUNCTION_FLUSH,
  /** FUNCTION LIST: `{ library_name, engine, functions, library_code? }` per library matching `library` (per master). */
  function_list: FUNCTION_LIST,
  /** FUNCTION DUMP: every library serialized, as a Buffer (for function_restore). */
  function_dump: FUNCTION_DUMP,
  /** FUNCTION RESTORE: loads a function_dump `payload`; `policy` APPEND (default), REPLACE or FLUSH; true. */
  function_restore: FUNCTION_RESTORE,
  /** FUNCTION KILL: stops the running function if it has not written yet; true. */
  function_kill: FUNCTION_KILL,
  /** FUNCTION STATS: `{ running_script, engines }` (per master in a cluster). */
  function_stats: FUNCTION_STATS,
};
