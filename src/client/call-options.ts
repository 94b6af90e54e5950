/**
 * Call options (`{ signal }`) given to a command method, `execute_command` or a watching pipeline's immediate call.
 * Arguments stay strict: only a trailing plain object holding nothing but call options, or a `signal` key inside the
 * method's own options object, is taken as call options — and stripped before the declaration sees the arguments.
 */
import type { AnyCommandSpec } from '../commands/types.js';
import { isAbortSignal, throwIfAborted } from '../connection/abort.js';
import { type CallOptions, CallState } from '../connection/call-state.js';
import { type Command, CommandFlags } from '../connection/command.js';
import { DataError } from '../errors.js';
import { isPlainObject, optionKeys } from '../option-keys.js';

export type { CallOptions };

/** The names a call options object may hold. */
export const CALL_OPTION_KEYS = optionKeys<CallOptions>({ signal: true });

/**
 * Takes the call options out of `args` (which it shortens or whose options object it replaces by a copy without
 * them); undefined when there are none. The common case — no trailing object with a `signal` — reads one argument.
 */
export function takeCallOptions(spec: AnyCommandSpec | undefined, args: unknown[]): CallOptions | undefined {
  const n = args.length;
  if (n === 0) return undefined;
  const last = args[n - 1];
  if (typeof last !== 'object' || last === null || !isPlainObject(last) || !('signal' in last)) return undefined;
  const onlyCallOptions = Object.keys(last).every((k) => CALL_OPTION_KEYS.includes(k));
  const inOwnOptions = spec?.options !== undefined && (spec.maxArgs === 'variadic' || n === spec.maxArgs);
  if (!onlyCallOptions && !inOwnOptions) return undefined;
  const signal = last.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new DataError(`${spec?.name ?? commandName(args)}: signal must be an AbortSignal`);
  }
  if (onlyCallOptions) {
    // Nothing but call options: an object after the method's arguments (or where its options go).
    args.length = n - 1;
  } else {
    // `signal` inside the method's own options object: the declaration sees a copy without it.
    const { signal: _taken, ...rest } = last;
    args[n - 1] = rest;
  }
  throwIfAborted(signal, spec?.name ?? commandName(args));
  return { signal };
}

function commandName(args: readonly unknown[]): string {
  return typeof args[0] === 'string' ? args[0].toUpperCase() : 'execute_command';
}

/**
 * Gives a command what its call needs beyond the arguments: the abort listener, and the caller's stack when the
 * client captures call sites (`above`: the frame to start below, so the stack begins at the client's method).
 */
export function attachCall(
  command: Command,
  options: CallOptions | undefined,
  above: (...args: never[]) => unknown,
): void {
  const call = new CallState(command);
  command.call = call;
  if ((command.flags & CommandFlags.CaptureCallSite) !== 0) call.captureCallSite(above);
  if (options?.signal !== undefined) call.watch(options.signal);
}

/** Makes each command of a plain pipeline follow `signal`: unsent ones are never sent, written ones drop replies. */
export function watchAll(commands: readonly Command[], signal: AbortSignal): void {
  for (const command of commands) {
    if (command.settled) continue;
    const call = command.call ?? new CallState(command);
    command.call = call;
    call.watch(signal);
  }
}

/** Queued pipeline commands follow the pipeline's signal (`execute({ signal })`), not one of their own. */
export function refuseQueuedSignal(command: Command): void {
  if (command.call?.signal !== undefined) {
    command.call.finish(undefined);
    throw new DataError(`${command.name}: a queued pipeline command takes no signal; pass { signal } to execute()`);
  }
}

/** True when a built command needs {@link attachCall}. */
export function needsCall(options: CallOptions | undefined, flags: number): boolean {
  return options !== undefined || (flags & CommandFlags.CaptureCallSite) !== 0;
}
