/** Scripting and functions: EVAL, EVALSHA, SCRIPT …, FCALL. */

import { DataError } from '../errors.js';
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asBooleanArray, asIs, asOk, asStatus } from './transforms.js';
import type { ValueArg } from './types.js';

/** Keys of `EVAL script numkeys key… arg…` (and EVALSHA, FCALL): the `numkeys` arguments after the count. */
export function numkeysKeys(args: readonly RedisArg[]): number[] {
  const n = Number(args[2]);
  const out: number[] = [];
  if (!Number.isSafeInteger(n) || n <= 0) return out;
  for (let i = 3; i < 3 + n && i < args.length; i++) out.push(i);
  return out;
}

function scriptCall(command: string, body: RedisArg, numkeys: number, keysAndArgs: readonly ValueArg[]): RedisArg[] {
  if (!Number.isSafeInteger(numkeys) || numkeys < 0 || numkeys > keysAndArgs.length) {
    throw new DataError(`${command}: numkeys must be between 0 and the number of keys and arguments given`);
  }
  return [command, body, numkeys, ...keysAndArgs];
}

/** The script's reply as the server sent it (decoded per decode_responses). */
const scriptReply = asIs as (reply: RespValue) => unknown;

const scriptCommand = (command: 'EVAL' | 'EVALSHA' | 'EVAL_RO' | 'EVALSHA_RO' | 'FCALL' | 'FCALL_RO') =>
  defineCommand({
    name: command,
    maxArgs: 'variadic',
    /** redis-py's `eval(script, numkeys, *keys_and_args)`. */
    build: (script: string | Buffer, numkeys: number, ...keysAndArgs: ValueArg[]) =>
      scriptCall(command, script, numkeys, keysAndArgs),
    transform: scriptReply,
    keys: numkeysKeys,
    // A script's effects are unknown to the client: never resent after an unknown outcome, unless declared read-only.
    flags: command.endsWith('_RO') ? READ_ONLY : WRITE,
  });

export const EVAL = scriptCommand('EVAL');
export const EVALSHA = scriptCommand('EVALSHA');
export const EVAL_RO = scriptCommand('EVAL_RO');
export const EVALSHA_RO = scriptCommand('EVALSHA_RO');
export const FCALL = scriptCommand('FCALL');
export const FCALL_RO = scriptCommand('FCALL_RO');

/** Caches a script on the server and returns its SHA1. In a cluster: one node (a `Script` falls back to EVAL). */
export const SCRIPT_LOAD = defineCommand({
  name: 'SCRIPT LOAD',
  maxArgs: 1,
  build: (script: string | Buffer) => ['SCRIPT', 'LOAD', script],
  transform: asStatus,
  flags: IDEMPOTENT,
});

export const SCRIPT_EXISTS = defineCommand({
  name: 'SCRIPT EXISTS',
  maxArgs: 'variadic',
  build: (...shas: Array<string | readonly string[]>) => {
    const list = shas.flat();
    if (list.length === 0) throw new DataError('SCRIPT EXISTS needs at least one sha');
    return ['SCRIPT', 'EXISTS', ...list];
  },
  transform: asBooleanArray,
  flags: READ_ONLY,
});

/** SCRIPT FLUSH / FUNCTION FLUSH mode. */
export type FlushMode = 'ASYNC' | 'SYNC' | 'async' | 'sync';

const flushArgs = (command: string, mode?: FlushMode): RedisArg[] => {
  if (mode === undefined) return [];
  const upper = mode.toUpperCase();
  if (upper !== 'ASYNC' && upper !== 'SYNC') throw new DataError(`${command} takes 'ASYNC' or 'SYNC'`);
  return [upper];
};

/** Empties the script cache; in a cluster on every master. */
export const SCRIPT_FLUSH = defineCommand({
  name: 'SCRIPT FLUSH',
  maxArgs: 1,
  build: (sync_type?: FlushMode) => ['SCRIPT', 'FLUSH', ...flushArgs('SCRIPT FLUSH', sync_type)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

/** Options of FUNCTION LOAD. */
export interface FunctionLoadOptions {
  /** Replace a library of the same name. */
  replace?: boolean;
}

/**
 * Loads a function library and returns its name. In a cluster it is loaded on every master (functions must exist
 * wherever FCALL may be routed).
 */
export const FUNCTION_LOAD = defineCommand({
  name: 'FUNCTION LOAD',
  maxArgs: 2,
  options: optionKeys<FunctionLoadOptions>({ replace: true }),
  build: (code: string | Buffer, options: FunctionLoadOptions = {}) =>
    options.replace ? ['FUNCTION', 'LOAD', 'REPLACE', code] : ['FUNCTION', 'LOAD', code],
  transform: asStatus,
  // Without REPLACE a repetition fails: the library exists.
  flags: WRITE,
  route: 'primaries-all-ok',
});

export const FUNCTION_DELETE = defineCommand({
  name: 'FUNCTION DELETE',
  maxArgs: 1,
  build: (library: string) => ['FUNCTION', 'DELETE', library],
  transform: asOk,
  flags: WRITE,
  route: 'primaries-all-ok',
});

export const FUNCTION_FLUSH = defineCommand({
  name: 'FUNCTION FLUSH',
  maxArgs: 1,
  build: (mode?: FlushMode) => ['FUNCTION', 'FLUSH', ...flushArgs('FUNCTION FLUSH', mode)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const scriptingCommands = {
  /** EVAL: runs Lua `script`, the first `numkeys` of `keysAndArgs` as KEYS, the rest ARGV; its reply as sent. */
  eval: EVAL,
  /** EVALSHA: as {@link eval}, with the SHA1 of a cached script as `script` (NOSCRIPT error if not cached). */
  evalsha: EVALSHA,
  /** EVAL_RO: as {@link eval}, for a script that does not write (the server refuses writes). */
  eval_ro: EVAL_RO,
  /** Alias of {@link eval_ro}. */
  evalRo: EVAL_RO,
  /** EVALSHA_RO: as {@link evalsha}, for a script that does not write (the server refuses writes). */
  evalsha_ro: EVALSHA_RO,
  /** Alias of {@link evalsha_ro}. */
  evalshaRo: EVALSHA_RO,
  /** FCALL: calls the function named `script`, the first `numkeys` of `keysAndArgs` as keys; its reply as sent. */
  fcall: FCALL,
  /** FCALL_RO: as {@link fcall}, for a function declared `no-writes`. */
  fcall_ro: FCALL_RO,
  /** Alias of {@link fcall_ro}. */
  fcallRo: FCALL_RO,
  /** SCRIPT LOAD: caches `script` on the server (one node in a cluster); resolves to its SHA1. */
  script_load: SCRIPT_LOAD,
  /** Alias of {@link script_load}. */
  scriptLoad: SCRIPT_LOAD,
  /** SCRIPT EXISTS: for each SHA1 given (arguments or one array), whether the script is cached: booleans. */
  script_exists: SCRIPT_EXISTS,
  /** Alias of {@link script_exists}. */
  scriptExists: SCRIPT_EXISTS,
  /** SCRIPT FLUSH: empties the script cache (every master in a cluster); `sync_type` `'ASYNC'`/`'SYNC'`; true. */
  script_flush: SCRIPT_FLUSH,
  /** Alias of {@link script_flush}. */
  scriptFlush: SCRIPT_FLUSH,
  /** FUNCTION LOAD: loads library `code` (`replace` to overwrite); its name, or true in a cluster (every master). */
  function_load: FUNCTION_LOAD,
  /** Alias of {@link function_load}. */
  functionLoad: FUNCTION_LOAD,
  /** FUNCTION DELETE: deletes the function library `library` (every master in a cluster); resolves to true. */
  function_delete: FUNCTION_DELETE,
  /** Alias of {@link function_delete}. */
  functionDelete: FUNCTION_DELETE,
  /** FUNCTION FLUSH: deletes every function library (every master in a cluster); `mode` `'ASYNC'`/`'SYNC'`; true. */
  function_flush: FUNCTION_FLUSH,
  /** Alias of {@link function_flush}. */
  functionFlush: FUNCTION_FLUSH,
};
