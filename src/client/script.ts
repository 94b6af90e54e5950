/**
 * redis-py's `register_script`: a Lua script called by its SHA1 (EVALSHA), falling back to EVAL when the server does
 * not have it cached — after a restart, a SCRIPT FLUSH, or on a cluster node that never saw it. EVAL caches the
 * script as a side effect, so the next call is an EVALSHA again.
 */
import { createHash } from 'node:crypto';
import { EVAL, EVALSHA } from '../commands/scripting.js';
import type { KeyArg, ValueArg } from '../commands/types.js';
import { NoScriptError } from '../errors.js';
import { Pipeline } from './pipeline.js';
import type { SpecRunner } from './runner.js';

/** The keys and arguments of one call of a registered script. */
export interface ScriptCall {
  keys?: readonly KeyArg[];
  args?: readonly ValueArg[];
  /** Run on this client (or pipeline-free connection client) instead of the one that registered the script. */
  client?: SpecRunner;
}

/** A registered script: call it as a function, or with `call(keys, args, client?)`. */
export interface Script {
  (options?: ScriptCall): Promise<unknown>;
  /** SHA1 of the script, as EVALSHA and SCRIPT EXISTS know it. */
  readonly sha: string;
  readonly script: string | Buffer;
  call(keys?: readonly KeyArg[], args?: readonly ValueArg[], client?: SpecRunner): Promise<unknown>;
}

async function run(
  host: SpecRunner,
  sha: string,
  script: string | Buffer,
  keys: readonly KeyArg[],
  args: readonly ValueArg[],
): Promise<unknown> {
  const tail = [keys.length, ...keys, ...args];
  if (host instanceof Pipeline) {
    // Queued rather than sent: the pipeline loads the script where missing before it sends EVALSHA.
    const queued = host.queueScript(sha, script, () => host.runSpec(EVALSHA, [sha, ...tail]));
    if (queued !== undefined) return queued;
  }
  try {
    return await host.runSpec(EVALSHA, [sha, ...tail]);
  } catch (err) {
    // NOSCRIPT is answered before anything runs, so sending the body is safe.
    if (!(err instanceof NoScriptError)) throw err;
    return host.runSpec(EVAL, [script, ...tail]);
  }
}

/** Registers a Lua script with any client (StrictRedis, StrictRedisCluster or a transaction's connection client); see {@link Script}. */
export function registerScript(host: SpecRunner, script: string | Buffer): Script {
  const sha = createHash('sha1').update(script).digest('hex');
  const callable = (options: ScriptCall = {}) =>
    run(options.client ?? host, sha, script, options.keys ?? [], options.args ?? []);
  Object.defineProperties(callable, {
    sha: { value: sha, enumerable: true },
    script: { value: script, enumerable: true },
    call: {
      value: (keys: readonly KeyArg[] = [], args: readonly ValueArg[] = [], client?: SpecRunner) =>
        run(client ?? host, sha, script, keys, args),
    },
  });
  return callable as unknown as Script;
}
