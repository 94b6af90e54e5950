/**
 * Puts one method per declared command on a client class. The methods are thin: they hand the declaration and the
 * caller's arguments to the class's `runSpec`, which decides where the command goes.
 */

import { COMMAND_SPECS } from '../commands/registry.js';
import type { AnyCommandSpec } from '../commands/types.js';
import { Command, type CommandFailureHandler, CommandFlags } from '../connection/command.js';
import { ClientClosedError, ConnectionError, DataError } from '../errors.js';
import { checkOptions, isPlainObject } from '../option-keys.js';
import { assertValidArgs } from '../protocol/encoder.js';
import { attachCall, needsCall, takeCallOptions } from './call-options.js';

export interface SpecRunner {
  runSpec(spec: AnyCommandSpec, args: unknown[]): unknown;
}

/**
 * Defines `method(...args) { return this.runSpec(spec, args) }` for every command not already defined by the class;
 * for declarations with a `builder`, a method returning the builder, which runs the declaration on the same object.
 */
export function installCommandMethods(prototype: object): void {
  for (const method of Object.keys(COMMAND_SPECS)) {
    if (Object.hasOwn(prototype, method)) continue;
    const spec = COMMAND_SPECS[method];
    const builder = spec.builder;
    const value =
      builder === undefined
        ? function (this: SpecRunner, ...args: unknown[]) {
            return this.runSpec(spec, args);
          }
        : function (this: SpecRunner, ...args: unknown[]) {
            return builder((...specArgs: unknown[]) => this.runSpec(spec, specArgs), args);
          };
    // Stack frames then read `StrictRedisClient.lpush` (capture_call_site shows them).
    Object.defineProperty(value, 'name', { value: method });
    Object.defineProperty(prototype, method, { value, writable: true, configurable: true });
  }
}

const SPEC_BY_NAME = new Map<string, AnyCommandSpec>();
for (const spec of Object.values(COMMAND_SPECS)) {
  if (!SPEC_BY_NAME.has(spec.name)) SPEC_BY_NAME.set(spec.name, spec);
}

/**
 * The declaration for a raw argument vector (`execute_command('SET', …)`), matched on the command name and, for
 * container commands such as `CLIENT LIST`, on the subcommand too.
 */
export function specForArgs(args: readonly unknown[]): AnyCommandSpec | undefined {
  const first = args[0];
  if (typeof first !== 'string') return undefined;
  const name = first.toUpperCase();
  const second = args[1];
  if (typeof second === 'string') {
    const container = SPEC_BY_NAME.get(`${name} ${second.toUpperCase()}`);
    if (container !== undefined) return container;
  }
  return SPEC_BY_NAME.get(name);
}

/**
 * Builds the command object for a declaration and arguments. Throws DataError (before anything is sent) for
 * arguments the declaration or the encoder rejects.
 */
export function buildCommand(
  spec: AnyCommandSpec,
  args: unknown[],
  wantsBuffers: boolean,
  extraFlags = 0,
  /** True only for StrictRedis's own methods, which keep the client in step with a connection-state change. */
  allowSession = false,
): Command {
  const call = takeCallOptions(spec, args);
  checkArguments(spec, args);
  if (spec.emptyResponse !== undefined) {
    const known = spec.emptyResponse(...args);
    if (known !== undefined) {
      const local = new Command([spec.name], wantsBuffers, undefined, spec.flags | extraFlags | CommandFlags.Local);
      local.resolve(known.value as never);
      return local;
    }
  }
  const argv = spec.build(...args);
  if (!allowSession && spec.session?.(...args) !== undefined) throw sessionRefused(spec.name);
  assertValidArgs(argv);
  const transform = spec.transformFor?.(...args) ?? spec.transform;
  const flags = spec.flagsFor === undefined ? spec.flags : (spec.flagsFor(...args) ?? spec.flags);
  const buffers = wantsBuffers || spec.wantsBuffers === true;
  const command = new Command(argv, buffers, transform as Command['transform'], flags | extraFlags);
  if (spec.secrets !== undefined) command.secrets = spec.secrets(...args);
  if (spec.closesConnection === true) command.failureHandler = CLOSED_IS_SUCCESS;
  if (needsCall(call, command.flags)) attachCall(command, call, buildCommand);
  return command;
}

/**
 * AUTH, SELECT, CLIENT SETNAME and RESET change the connection they run on. StrictRedis's own methods follow the
 * change (its reconnect handshake and pooled connections do the same); a pipeline, a transaction or a cluster client
 * would leave one connection different from the others, and from what a reconnect restores.
 */
function sessionRefused(name: string): DataError {
  return new DataError(
    `${name} changes the state of the connection it runs on: call it as a method of a StrictRedis client, which ` +
      'keeps its other connections and its reconnects in step; pipelines, transactions and StrictRedisCluster ' +
      'refuse it (give the client its credentials, name or db as options instead)',
  );
}

/**
 * For commands after whose success the server closes the connection (SHUTDOWN), as redis-py treats them: a
 * connection lost once the command was written means it worked (null); any other failure stays a failure.
 */
const CLOSED_IS_SUCCESS: CommandFailureHandler = {
  commandFailed(command, error) {
    // Closing the client ourselves proves nothing about the server.
    const closed = error instanceof ConnectionError && error.outcomeUnknown && !(error instanceof ClientClosedError);
    command.adopt(closed ? Promise.resolve(null) : Promise.reject(error));
  },
};

/**
 * The checks every declaration shares: no more arguments than the method has parameters (a redis-py call passing
 * what this method takes as an option positionally must fail, not lose the argument), and an options object holding
 * only the names the declaration lists.
 */
export function checkArguments(spec: AnyCommandSpec, args: readonly unknown[]): void {
  const max = spec.maxArgs;
  if (max !== 'variadic' && args.length > max) {
    // Trailing undefineds are what optional parameters look like when a wrapper forwards them.
    let given = args.length;
    while (given > max && args[given - 1] === undefined) given--;
    if (given > max) {
      throw new DataError(
        `${spec.name}: takes at most ${max} argument${max === 1 ? '' : 's'}, got ${given}` +
          (spec.options !== undefined ? '; options go in the last argument, as an object' : ''),
      );
    }
  }
  const known = spec.options;
  if (known === undefined || args.length === 0) return;
  if (max === 'variadic') {
    const last = args[args.length - 1];
    if (isPlainObject(last)) checkOptions(spec.name, last, known);
  } else if (args.length >= max) {
    checkOptions(spec.name, args[max - 1], known);
  }
}

/**
 * A command for `execute_command`: raw reply, flags taken from the declaration when there is one. Where the options
 * decide whether a repeat is safe (`flagsFor`), raw arguments can't be read that way, so the command is not resent.
 */
export function buildRawCommand(args: unknown[], wantsBuffers: boolean, extraFlags = 0): Command {
  const call = takeCallOptions(undefined, args);
  assertValidArgs(args);
  const spec = specForArgs(args);
  let flags = spec?.flags ?? 0;
  if (spec?.flagsFor !== undefined) flags &= ~CommandFlags.Idempotent;
  const command = new Command(args, wantsBuffers, undefined, flags | (extraFlags & ~CommandFlags.BigIntegers));
  if (needsCall(call, command.flags)) attachCall(command, call, buildRawCommand);
  return command;
}
