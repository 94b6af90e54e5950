/**
 * Every error strict-redis raises. Error replies from the server are classified here, once, by the decoder
 * (see {@link classifyErrorReply}); nothing above the protocol layer looks at error text.
 *
 * Messages name the command (never its arguments), so keys, values and passwords stay out of logs.
 */

/** Base class of every error raised by strict-redis. */
export class RedisError extends Error {
  override name = 'RedisError';
}

/** The connection could not be made, was lost, or the client was closed. */
export class ConnectionError extends RedisError {
  override name = 'ConnectionError';
  /**
   * True when the command had already been written to the socket before the connection failed: the server may or may
   * not have executed it. Such a command is never resent automatically unless it is read-only or sets an absolute state.
   */
  readonly outcomeUnknown: boolean;
  constructor(message: string, options?: { cause?: unknown; outcomeUnknown?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
}

/** The client was closed with `close()`/`disconnect()` and no longer accepts commands. */
export class ClientClosedError extends ConnectionError {
  override name = 'ClientClosedError';
}

/** AUTH failed, or the server demanded authentication (NOAUTH, WRONGPASS). The password is never part of the text. */
export class AuthenticationError extends ConnectionError {
  override name = 'AuthenticationError';
}

/** No sentinel named a master for the service (Sentinel's `discover_master`, `master_for`). */
export class MasterNotFoundError extends ConnectionError {
  override name = 'MasterNotFoundError';
}

/** Neither a healthy replica nor the master of the service could be reached (Sentinel's `slave_for`). */
export class SlaveNotFoundError extends ConnectionError {
  override name = 'SlaveNotFoundError';
}

/** redis-py's newer name for {@link SlaveNotFoundError} (the same class). */
export const ReplicaNotFoundError = SlaveNotFoundError;
export type ReplicaNotFoundError = SlaveNotFoundError;

/**
 * A connect or command timeout elapsed. `written` tells whether the command had reached the socket: if it had, the
 * server may still run it (`outcomeUnknown`, as for a ConnectionError).
 */
export class TimeoutError extends RedisError {
  override name = 'TimeoutError';
  readonly written: boolean;
  constructor(message: string, written = false) {
    super(message);
    this.written = written;
  }

  /** True when the command was written before the timeout: it may or may not have run. */
  get outcomeUnknown(): boolean {
    return this.written;
  }
}

/**
 * The caller's `AbortSignal` fired (`{ signal }` on a command, `execute_command` or a pipeline's `execute()`); `cause`
 * is the signal's reason. `outcomeUnknown` is false when the command was never sent (it will not be), true when it had
 * been written: the server may run it; its reply is read and dropped when it arrives.
 */
export class AbortError extends RedisError {
  override name = 'AbortError';
  readonly outcomeUnknown: boolean;
  constructor(message: string, options: { cause?: unknown; outcomeUnknown: boolean }) {
    super(message, { cause: options.cause });
    this.outcomeUnknown = options.outcomeUnknown;
  }
}

/** The server broke the RESP protocol (or exceeded a decoder limit). The connection is destroyed. */
export class ProtocolError extends RedisError {
  override name = 'ProtocolError';
}

/** Bad input from the caller, detected before anything was sent. */
export class DataError extends RedisError {
  override name = 'DataError';
}

/**
 * An integer reply does not fit a JavaScript number exactly (beyond ±(2^53 − 1)) and the client was made with
 * `integer_replies: 'number'` (the default). Nothing is rounded: the exact value is in {@link value}, and a client made
 * with `integer_replies: 'bigint'` receives every integer reply as a bigint. The command itself did run.
 */
export class UnsafeIntegerError extends RedisError {
  override name = 'UnsafeIntegerError';
  /** The exact integer the server sent. */
  readonly value: bigint;
  constructor(command: string, value: bigint) {
    super(
      `${command}: the integer reply is beyond Number.MAX_SAFE_INTEGER and would be rounded; ` +
        "the exact value is in error.value (or create the client with integer_replies: 'bigint')",
    );
    this.value = value;
  }
}

/** A WATCHed key changed, so EXEC was aborted (EXEC replied nil). */
export class WatchError extends RedisError {
  override name = 'WatchError';
}

/** The server answered with an error reply. `code` is its first word (`ERR`, `WRONGTYPE`, …). */
export class ResponseError extends RedisError {
  override name = 'ResponseError';
  /** The error prefix the server sent, e.g. `ERR`, `WRONGTYPE`, `NOSCRIPT`. */
  readonly code: string;
  /** The command this reply answered, when known (name only, never arguments). */
  command?: string;
  constructor(message: string, code = 'ERR') {
    super(message);
    this.code = code;
  }
}

/**
 * Names the command an error reply answered: `command` holds the name and the message starts with it
 * (`LPUSH: WRONGTYPE Operation against a key holding the wrong kind of value`), as every other error of the client
 * does. Only the name: arguments can hold values that must not reach logs. Done once per error.
 */
export function nameCommand(error: ResponseError, name: string): void {
  if (error.command !== undefined) return;
  error.command = name;
  // The stack is formatted when first read, with the message as it is then: no need to touch it here.
  error.message = `${name}: ${error.message}`;
}

/** The server's own text of an error reply, without the command name {@link nameCommand} put before it. */
export function replyText(error: Error): string {
  const name = error instanceof ResponseError ? error.command : undefined;
  return name !== undefined && error.message.startsWith(`${name}: `)
    ? error.message.slice(name.length + 2)
    : error.message;
}

/** WRONGTYPE: the key holds a value of another type. */
export class WrongTypeError extends ResponseError {
  override name = 'WrongTypeError';
}
/** A write reached a read-only replica (READONLY). */
export class ReadOnlyError extends ResponseError {
  override name = 'ReadOnlyError';
}
/** NOSCRIPT: EVALSHA of a script the server does not have. */
export class NoScriptError extends ResponseError {
  override name = 'NoScriptError';
}
/** The server is loading its dataset into memory (LOADING). */
export class BusyLoadingError extends ResponseError {
  override name = 'BusyLoadingError';
}
/** A script or function is running too long (BUSY). */
export class BusyError extends ResponseError {
  override name = 'BusyError';
}
/** EXECABORT: a command of a transaction was refused while queueing; nothing ran. */
export class ExecAbortError extends ResponseError {
  override name = 'ExecAbortError';
}
/** The ACL user lacks permission for the command or key (NOPERM). */
export class NoPermissionError extends ResponseError {
  override name = 'NoPermissionError';
}
/** The server asked for authentication (NOAUTH) or rejected the credentials (WRONGPASS), as a reply. */
export class AuthenticationReplyError extends ResponseError {
  override name = 'AuthenticationReplyError';
}
/** MASTERDOWN: a replica lost its link to the master and `replica-serve-stale-data` is off. */
export class MasterDownError extends ResponseError {
  override name = 'MasterDownError';
}

/** MODULE LOAD / LOADEX / UNLOAD failed: no loadable module at the path, or no such module to unload. */
export class ModuleError extends ResponseError {
  override name = 'ModuleError';
}

/** Marker carried by every cluster-related error, also those that are server replies. */
const CLUSTER_ERROR = Symbol.for('strict-redis.cluster-error');

/**
 * Base of the cluster errors. Server replies about the cluster (MOVED, ASK, TRYAGAIN, CLUSTERDOWN, CROSSSLOT) are
 * {@link ResponseError}s too; `err instanceof ClusterError` is true for all of them.
 */
export class ClusterError extends RedisError {
  override name = 'ClusterError';
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses inherit this static method: only ClusterError itself widens the check to the marked replies.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was called on, subclass or not
    if (this !== ClusterError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      typeof value === 'object' && value !== null && (value as { [CLUSTER_ERROR]?: boolean })[CLUSTER_ERROR] === true
    );
  }
  get [CLUSTER_ERROR](): boolean {
    return true;
  }
}

/** A redirection reply: the slot is served by `host:port` (an empty host means the host that sent the reply). */
export class MovedError extends ResponseError {
  override name = 'MovedError';
  readonly slot: number;
  readonly host: string;
  readonly port: number;
  constructor(message: string, slot: number, host: string, port: number, code = 'MOVED') {
    super(message, code);
    this.slot = slot;
    this.host = host;
    this.port = port;
  }
  get [CLUSTER_ERROR](): boolean {
    return true;
  }
}
/** ASK: the key is being migrated; ask the target once, after ASKING. */
export class AskError extends MovedError {
  override name = 'AskError';
}
/** TRYAGAIN: a multi-key command hit a slot in the middle of a migration. */
export class TryAgainError extends ResponseError {
  override name = 'TryAgainError';
  get [CLUSTER_ERROR](): boolean {
    return true;
  }
}
/** CLUSTERDOWN: the cluster is failed or the slot is not served. */
export class ClusterDownError extends ResponseError {
  override name = 'ClusterDownError';
  get [CLUSTER_ERROR](): boolean {
    return true;
  }
}
/** Keys of one command (or transaction) hash to different slots; raised before sending, or by the server. */
export class CrossSlotError extends ResponseError {
  override name = 'CrossSlotError';
  constructor(message: string, code = 'CROSSSLOT') {
    super(message, code);
  }
  get [CLUSTER_ERROR](): boolean {
    return true;
  }
}
/** Redirections or retries ran out; `cause` holds the last one and `causes` all of them. */
export class TooManyRedirectionsError extends ClusterError {
  override name = 'TooManyRedirectionsError';
  readonly causes: readonly Error[];
  constructor(message: string, causes: readonly Error[]) {
    super(message, { cause: causes[causes.length - 1] });
    this.causes = causes;
  }
}
/** No startup or known node could provide the cluster topology; `causes` maps each address to why it failed. */
export class ClusterAllFailedError extends ClusterError {
  override name = 'ClusterAllFailedError';
  readonly causes: ReadonlyMap<string, Error>;
  constructor(message: string, causes: ReadonlyMap<string, Error>) {
    super(message, { cause: [...causes.values()][0] });
    this.causes = causes;
  }
}
/** No node serves the slot of this key in the current slot map. */
export class SlotNotCoveredError extends ClusterError {
  override name = 'SlotNotCoveredError';
}

const MAX_SLOT = 16383;

function parseDecimal(text: string, from: number, to: number): number {
  if (to <= from || to - from > 5) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Parses `MOVED <slot> <host>:<port>` (or ASK); returns an invalid-redirect ResponseError when malformed. */
function redirectError(message: string, code: 'MOVED' | 'ASK'): ResponseError {
  const slotStart = code.length + 1;
  const slotEnd = message.indexOf(' ', slotStart);
  const colon = message.lastIndexOf(':');
  const slot = slotEnd < 0 ? -1 : parseDecimal(message, slotStart, slotEnd);
  const port = colon <= slotEnd ? -1 : parseDecimal(message, colon + 1, message.length);
  if (slot < 0 || slot > MAX_SLOT || port < 1 || port > 65535) {
    return new ResponseError(`invalid ${code} redirect from server`, code);
  }
  let host = message.slice(slotEnd + 1, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return code === 'ASK'
    ? new AskError(message, slot, host, port, code)
    : new MovedError(message, slot, host, port, code);
}

/** Turns the text of an error reply (`-…` or `!…`) into the typed error for its prefix. */
export function classifyErrorReply(message: string): ResponseError {
  const space = message.indexOf(' ');
  const code = space < 0 ? message : message.slice(0, space);
  switch (code) {
    case 'MOVED':
    case 'ASK':
      return redirectError(message, code);
    case 'WRONGTYPE':
      return new WrongTypeError(message, code);
    case 'READONLY':
      return new ReadOnlyError(message, code);
    case 'NOSCRIPT':
      return new NoScriptError(message, code);
    case 'LOADING':
      return new BusyLoadingError(message, code);
    case 'BUSY':
      return new BusyError(message, code);
    case 'EXECABORT':
      return new ExecAbortError(message, code);
    case 'NOPERM':
      return new NoPermissionError(message, code);
    case 'NOAUTH':
    case 'WRONGPASS':
      return new AuthenticationReplyError(message, code);
    case 'MASTERDOWN':
      return new MasterDownError(message, code);
    case 'TRYAGAIN':
      return new TryAgainError(message, code);
    case 'CLUSTERDOWN':
      return new ClusterDownError(message, code);
    case 'CROSSSLOT':
      return new CrossSlotError(message, code);
    case 'ERR':
      // MODULE LOAD/UNLOAD failures carry the ERR prefix; redis-py tells them apart by their text too.
      if (message.startsWith('ERR Error loading the extension') || message.startsWith('ERR Error unloading module')) {
        return new ModuleError(message, code);
      }
      // AUTH with a password when the default user has none: redis-py raises AuthenticationError for it too.
      if (message.startsWith('ERR AUTH <password> called without any password configured')) {
        return new AuthenticationReplyError(message, code);
      }
      return new ResponseError(message, code);
    default:
      return new ResponseError(message, code.length > 0 && code.length <= 32 ? code : 'ERR');
  }
}
