/** Scripting: EVAL, EVALSHA (and their _RO forms), FCALL, SCRIPT …. Function libraries are in functions.ts. */

import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { textList } from './admin-args.js';
import { wordArg } from './argument-checks.js';
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
  const what = command.startsWith('FCALL') ? 'function' : command.startsWith('EVALSHA') ? 'sha' : 'script';
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
    throw new DataError(`${command}: the ${what} must be a string or Buffer`);
  }
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

/** Caches a script on the server and returns its SHA1. In a cluster: on every master, so EVALSHA works anywhere. */
export const SCRIPT_LOAD = defineCommand({
  name: 'SCRIPT LOAD',
  maxArgs: 1,
  build: (script: string | Buffer) => {
    if (typeof script !== 'string' && !Buffer.isBuffer(script)) {
      throw new DataError('SCRIPT LOAD: the script must be a string or Buffer');
    }
    return ['SCRIPT', 'LOAD', script];
  },
  transform: asStatus,
  flags: IDEMPOTENT,
  route: 'primaries-all-ok',
});

/** Whether each script is cached. In a cluster: on every master (true only where all of them have it). */
export const SCRIPT_EXISTS = defineCommand({
  name: 'SCRIPT EXISTS',
  maxArgs: 'variadic',
  build: (...shas: Array<string | readonly string[]>) => {
    const list = shas.flat();
    if (list.length === 0) throw new DataError('SCRIPT EXISTS needs at least one sha');
    return ['SCRIPT', 'EXISTS', ...textList('SCRIPT EXISTS', 'sha', list)];
  },
  transform: asBooleanArray,
  flags: READ_ONLY,
  route: 'primaries-and',
});

/**
 * Stops the Lua script running now, if it has not written anything (else only SHUTDOWN NOSAVE stops it); true.
 * In a cluster: every master, true when one of them had a script to kill.
 */
export const SCRIPT_KILL = defineCommand({
  name: 'SCRIPT KILL',
  maxArgs: 0,
  build: () => ['SCRIPT', 'KILL'],
  transform: asOk,
  // A second kill finds nothing to kill (NOTBUSY): not resent.
  flags: WRITE,
  route: 'primaries-any-ok',
});

/** SCRIPT FLUSH / FUNCTION FLUSH mode. */
export type FlushMode = 'ASYNC' | 'SYNC' | 'async' | 'sync';

/** The ASYNC/SYNC argument of SCRIPT FLUSH and FUNCTION FLUSH, in any case; none when `mode` is undefined or null. */
export const flushArgs = (command: string, mode?: FlushMode | Buffer | null): RedisArg[] =>
  mode === undefined || mode === null ? [] : [wordArg(command, 'mode', mode, ['ASYNC', 'SYNC'] as const)];

/** Empties the script cache; in a cluster on every master. */
export const SCRIPT_FLUSH = defineCommand({
  name: 'SCRIPT FLUSH',
  maxArgs: 1,
  build: (sync_type?: FlushMode | null) => ['SCRIPT', 'FLUSH', ...flushArgs('SCRIPT FLUSH', sync_type)],
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
  /** SCRIPT LOAD: caches `script` on the server (every master in a cluster); resolves to its SHA1. */
  script_load: SCRIPT_LOAD,
  /** Alias of {@link script_load}. */
  scriptLoad: SCRIPT_LOAD,
  /** SCRIPT EXISTS: for each SHA1 given (arguments or one array), whether the script is cached (on every master). */
  script_exists: SCRIPT_EXISTS,
  /** Alias of {@link script_exists}. */
  scriptExists: SCRIPT_EXISTS,
  /** SCRIPT FLUSH: empties the script cache (every master in a cluster); `sync_type` `'ASYNC'`/`'SYNC'`; true. */
  script_flush: SCRIPT_FLUSH,
  /** Alias of {@link script_flush}. */
  scriptFlush: SCRIPT_FLUSH,
  /** SCRIPT KILL: stops the running Lua script if it has not written yet (every master in a cluster); true. */
  script_kill: SCRIPT_KILL,
};
