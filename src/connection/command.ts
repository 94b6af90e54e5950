/**
 * One command on its way through a connection: its arguments, how its reply is to be decoded and transformed, and
 * the promise its caller awaits. A plain class (not closures) keeps the per-command cost to two objects: this and the
 * promise.
 */
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import type { CallState } from './call-state.js';

/** How a command's reply becomes the value its caller sees. */
export type ReplyTransform = (reply: RespValue, command: Command) => unknown;

/** What the connection needs to know about a command to retry it safely (bit flags). */
export const CommandFlags = {
  None: 0,
  /** Reads only: resending after an unknown outcome cannot change data. */
  ReadOnly: 1,
  /** Sets an absolute state (SET, DEL, HSET, EXPIREAT…): running it twice has the same effect as once. */
  Idempotent: 2,
  /** Blocks the connection (BLPOP…): runs on an exclusive connection. */
  Blocking: 4,
  /** Never resend, whatever the other flags say (part of a MULTI/EXEC block). */
  NoRetry: 8,
  /** The server sends no reply of its own (SUBSCRIBE in subscriber mode: confirmations arrive as pub/sub frames). */
  NoReply: 16,
  /** The client wants integer replies as bigints (`integer_replies: 'bigint'`); read by the reply transforms. */
  BigIntegers: 32,
  /**
   * Answered without the server (MGET of no keys is `[]`, as redis-py's EMPTY_RESPONSE has it): the command is
   * settled when built and never written; every path that would send it hands back its promise instead.
   */
  Local: 64,
  /** The client captures the caller's stack when a command is issued (`capture_call_site`). */
  CaptureCallSite: 128,
  /** Traces show the command's arguments (`trace_arguments`; secrets stay masked). */
  TraceArguments: 256,
  /** An error reply is expected and ignored (CLIENT SETINFO before Redis 7.2): not counted in stats(). */
  ErrorIgnored: 512,
} as const;

/**
 * Takes over a command's failure instead of rejecting its promise (the cluster executor retries, then settles the
 * promise with the outcome through {@link Command.adopt}). One object per owner, not per command.
 */
export interface CommandFailureHandler {
  commandFailed(command: Command, error: unknown): void;
}

const WRITTEN = 1;
const TIMED_OUT = 2;
const SETTLED = 4;

export class Command {
  /** written / timedOut / settled as bits of one field: three booleans would cost three words per command. */
  private state = 0;
  /** Absolute time (ms) after which the caller stops waiting; 0 for none. */
  deadline = 0;
  /** The caller's own timeout in ms (0 for none); a deadline imposed by the offline queue is dropped once written. */
  timeoutMs = 0;
  /** How many times the command was sent again after its connection was lost. */
  resends = 0;
  /** When set, `reject()` hands the error to it rather than to the caller. */
  failureHandler: CommandFailureHandler | undefined = undefined;
  /** The hash slot a cluster client routed the command by (-1: none); lets a failure handler retry it. */
  slot = -1;
  /** Argument text the server may echo in an error reply (ACL SETUSER passwords): masked in every rejection. */
  secrets: readonly string[] | undefined = undefined;
  /** The caller's signal, trace and call site, when any is in use (call-state.ts); undefined for a plain call. */
  call: CallState | undefined = undefined;
  readonly promise: Promise<unknown>;
  private resolveFn!: (value: unknown) => void;
  private rejectFn!: (reason: unknown) => void;

  constructor(
    /** The full argument vector, command name first. */
    readonly args: readonly RedisArg[],
    /** True to receive bulk strings as Buffers rather than strings. */
    readonly wantsBuffers: boolean,
    readonly transform: ReplyTransform | undefined,
    readonly flags: number,
    /** Extra data a transform may need (e.g. which options were given). */
    readonly context?: unknown,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  /** Set once the command's bytes have been handed to the socket. */
  get written(): boolean {
    return (this.state & WRITTEN) !== 0;
  }
  set written(value: boolean) {
    this.state = value ? this.state | WRITTEN : this.state & ~WRITTEN;
  }

  /** Set when the caller gave up waiting; its reply, if it ever comes, is read and dropped. */
  get timedOut(): boolean {
    return (this.state & TIMED_OUT) !== 0;
  }
  set timedOut(value: boolean) {
    this.state = value ? this.state | TIMED_OUT : this.state & ~TIMED_OUT;
  }

  /** Set when the command was settled (resolved or rejected). */
  get settled(): boolean {
    return (this.state & SETTLED) !== 0;
  }
  set settled(value: boolean) {
    this.state = value ? this.state | SETTLED : this.state & ~SETTLED;
  }

  /** The command name for messages: the first argument, upper-cased (never the other arguments). */
  get name(): string {
    const first = this.args[0];
    return typeof first === 'string' ? first.toUpperCase() : String(first);
  }

  /** Safe to resend after its connection died with the outcome unknown. */
  get resendable(): boolean {
    return (
      (this.flags & CommandFlags.NoRetry) === 0 &&
      (this.flags & (CommandFlags.ReadOnly | CommandFlags.Idempotent)) !== 0
    );
  }

  resolve(reply: RespValue): void {
    if (this.settled) return;
    this.settled = true;
    if (this.call !== undefined) this.call.finish(undefined);
    if (this.transform === undefined) {
      this.resolveFn(reply);
      return;
    }
    let value: unknown;
    try {
      value = this.transform(reply, this);
    } catch (err) {
      if (this.call !== undefined) this.call.finish(err);
      this.rejectFn(err);
      return;
    }
    this.resolveFn(value);
  }

  reject(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (this.secrets !== undefined) maskSecrets(error, this.secrets);
    const handler = this.failureHandler;
    if (handler !== undefined) {
      this.failureHandler = undefined;
      handler.commandFailed(this, error);
      return;
    }
    if (this.call !== undefined) this.call.finish(error);
    this.rejectFn(error);
  }

  /** Settles the promise of a command whose failure a {@link CommandFailureHandler} took over, with `outcome`. */
  adopt(outcome: Promise<unknown>): void {
    this.resolveFn(this.call === undefined ? outcome : this.call.follow(outcome));
  }
}

/** Replaces every non-empty secret in an error's message and stack (and its causes') with `***`. */
export function maskSecrets(error: unknown, secrets: readonly string[]): void {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    for (const secret of secrets) {
      if (secret.length === 0) continue;
      e.message = e.message.split(secret).join('***');
      if (e.stack !== undefined) e.stack = e.stack.split(secret).join('***');
    }
  }
}
