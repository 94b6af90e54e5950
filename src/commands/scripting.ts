/** Scripting and functions: EVAL, EVALSHA, SCRIPT …, FCALL. */
import { DataError } from '../errors.js';
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
  build: (script: string | Buffer) => ['SCRIPT', 'LOAD', script],
  transform: asStatus,
  flags: IDEMPOTENT,
});

export const SCRIPT_EXISTS = defineCommand({
  name: 'SCRIPT EXISTS',
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
 * Loads a function library and returns its name. In a cluster it is loaded on every master and resolves to `true`
 * (functions must exist wherever FCALL may be routed).
 */
export const FUNCTION_LOAD = defineCommand({
  name: 'FUNCTION LOAD',
  build: (code: string | Buffer, options: FunctionLoadOptions = {}) =>
    options.replace ? ['FUNCTION', 'LOAD', 'REPLACE', code] : ['FUNCTION', 'LOAD', code],
  transform: asStatus,
  // Without REPLACE a repetition fails: the library exists.
  flags: WRITE,
  route: 'primaries-all-ok',
});

export const FUNCTION_DELETE = defineCommand({
  name: 'FUNCTION DELETE',
  build: (library: string) => ['FUNCTION', 'DELETE', library],
  transform: asOk,
  flags: WRITE,
  route: 'primaries-all-ok',
});

export const FUNCTION_FLUSH = defineCommand({
  name: 'FUNCTION FLUSH',
  build: (mode?: FlushMode) => ['FUNCTION', 'FLUSH', ...flushArgs('FUNCTION FLUSH', mode)],
  transform: asOk,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

export const scriptingCommands = {
  eval: EVAL,
  evalsha: EVALSHA,
  eval_ro: EVAL_RO,
  evalRo: EVAL_RO,
  evalsha_ro: EVALSHA_RO,
  evalshaRo: EVALSHA_RO,
  fcall: FCALL,
  fcall_ro: FCALL_RO,
  fcallRo: FCALL_RO,
  script_load: SCRIPT_LOAD,
  scriptLoad: SCRIPT_LOAD,
  script_exists: SCRIPT_EXISTS,
  scriptExists: SCRIPT_EXISTS,
  script_flush: SCRIPT_FLUSH,
  scriptFlush: SCRIPT_FLUSH,
  function_load: FUNCTION_LOAD,
  functionLoad: FUNCTION_LOAD,
  function_delete: FUNCTION_DELETE,
  functionDelete: FUNCTION_DELETE,
  function_flush: FUNCTION_FLUSH,
  functionFlush: FUNCTION_FLUSH,
};
