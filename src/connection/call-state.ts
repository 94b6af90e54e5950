/**
 * What one call carries besides its command: the caller's AbortSignal, its trace context and the stack of the line
 * that issued it (`capture_call_site`). Made only when one of them is in use, so an ordinary call allocates nothing
 * here; a command holds it in one field (`Command.call`).
 */
import { abortError } from './abort.js';
import type { Command } from './command.js';

/** Options of one call, given after a method's own arguments: `r.get(key, { signal })`. */
export interface CallOptions {
  /** Cancels the call: before it is written it is never sent; after, the caller stops waiting (outcome unknown). */
  signal?: AbortSignal;
}

/** What a tracer needs to hear from the cluster's retry loop about a traced command. */
export interface CallTrace {
  /** The command (or a copy of it) is about to be sent to this node. */
  sentTo(host: string, port: number): void;
  /** The node answered MOVED or ASK. */
  redirected(): void;
}

/** Errors whose stack already shows a call site: an error shared by many commands keeps the first. */
const withCallSite = new WeakSet<Error>();

export class CallState {
  signal: AbortSignal | undefined = undefined;
  trace: CallTrace | undefined = undefined;
  /** Holds the stack captured when the call was issued (`Error.captureStackTrace`). */
  callSite: { stack?: string } | undefined = undefined;
  private listener: (() => void) | undefined = undefined;

  /** @param command the command as first built: the one the abort listener rejects. */
  constructor(readonly command: Command) {}

  /** Rejects the command when `signal` fires: with `outcomeUnknown` when it had been written. */
  watch(signal: AbortSignal): void {
    this.signal = signal;
    const listener = () => {
      this.listener = undefined;
      const command = this.command;
      if (!command.settled) command.reject(abortError(command.name, signal, command.written));
    };
    this.listener = listener;
    signal.addEventListener('abort', listener, { once: true });
  }

  /** Records the caller's stack, leaving out `above` and the frames it called. */
  captureCallSite(above: (...args: never[]) => unknown): void {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, above);
    this.callSite = holder;
  }

  /** The command settled for its caller (`error` undefined on success): stop listening, point the error at the caller. */
  finish(error: unknown): void {
    if (this.listener !== undefined) {
      this.signal?.removeEventListener('abort', this.listener);
      this.listener = undefined;
    }
    if (error instanceof Error && this.callSite !== undefined) applyCallSite(error, this.callSite);
  }

  /** The outcome of a retried command (the cluster's loop), with {@link finish} applied. */
  follow(outcome: Promise<unknown>): Promise<unknown> {
    return outcome.then(
      (value) => {
        this.finish(undefined);
        return value;
      },
      (err: unknown) => {
        this.finish(err);
        throw err;
      },
    );
  }
}

/** Replaces an error's stack frames (socket and decoder internals) with those of the line that issued the call. */
function applyCallSite(error: Error, site: { stack?: string }): void {
  if (withCallSite.has(error)) return;
  const captured = site.stack;
  if (captured === undefined) return;
  const frames = captured.indexOf('\n');
  if (frames < 0) return;
  withCallSite.add(error);
  error.stack = `${error.name}: ${error.message}${captured.slice(frames)}`;
}
