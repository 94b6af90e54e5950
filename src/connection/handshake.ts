/**
 * The handshake every new socket runs before any queued command (HELLO/AUTH, SETNAME, SELECT, READONLY, session
 * commands, then CLIENT SETINFO and the resolver's check in the same write), and what its failures mean. Runs once per
 * connect attempt: nothing here is on the per-command path.
 */
import {
  AuthenticationError,
  AuthenticationReplyError,
  BusyLoadingError,
  ConnectionError,
  ResponseError,
} from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import { Command, CommandFlags } from './command.js';
import { type Address, handshakeExtras } from './connect-hooks.js';
import type { CredentialEntry } from './credentials.js';
import type { ConnectionConfig } from './options.js';

/**
 * The commands that configure a new socket (and restore a RESET one). Their arguments never reach an error message.
 * @param credentials a credential provider's, which replace the configured username and password.
 * @param sessionCommands sent last, e.g. `CLIENT TRACKING ON` for a client-side cache.
 */
export function handshakeCommands(
  config: ConnectionConfig,
  credentials: CredentialEntry | undefined,
  sessionCommands: readonly (readonly RedisArg[])[],
): RedisArg[][] {
  const commands: RedisArg[][] = [];
  const { username, password } = credentials ?? config;
  if (config.protocol === 3) {
    const hello: RedisArg[] = ['HELLO', '3'];
    if (password !== undefined) hello.push('AUTH', username ?? 'default', password);
    if (config.clientName !== undefined) hello.push('SETNAME', config.clientName);
    commands.push(hello);
  } else {
    if (password !== undefined) {
      commands.push(username !== undefined ? ['AUTH', username, password] : ['AUTH', password]);
    }
    if (config.clientName !== undefined) commands.push(['CLIENT', 'SETNAME', config.clientName]);
  }
  if (config.db !== 0) commands.push(['SELECT', config.db]);
  if (config.readOnly) commands.push(['READONLY']);
  for (const args of sessionCommands) commands.push([...args]);
  return commands;
}

/** The handshake of one socket: the commands to write in one batch, and the replies it is ready after. */
export interface Handshake {
  commands: Command[];
  waits: Promise<unknown>[];
}

export function buildHandshake(
  config: ConnectionConfig,
  credentials: CredentialEntry | undefined,
  sessionCommands: readonly (readonly RedisArg[])[],
  address: Address | undefined,
): Handshake {
  const commands = handshakeCommands(config, credentials, sessionCommands).map(
    (args) => new Command(args, false, undefined, CommandFlags.NoRetry),
  );
  // A TCP connect proves nothing on a half-open path (a proxy or a stalled VM accepts and never answers): the
  // connection is ready only once the server has answered something it must answer.
  if (commands.length === 0) commands.push(new Command(['PING'], false, undefined, CommandFlags.NoRetry));
  const waits = commands.map((c) => c.promise);
  // CLIENT SETINFO and the resolver's check (ROLE) ride in the same write (see connect-hooks.ts).
  const extras = handshakeExtras(config, address);
  commands.push(...extras.commands);
  if (extras.checked !== undefined) waits.push(extras.checked);
  return { commands, waits };
}

/** A buggy or hostile server may echo the password in an error reply: it must never reach an error's text. */
export function redactPasswords(
  err: unknown,
  config: ConnectionConfig,
  credentials: CredentialEntry | undefined,
): void {
  if (!(err instanceof Error)) return;
  for (const password of [config.password, credentials?.password]) {
    if (password === undefined || password.length === 0) continue;
    err.message = err.message.split(password).join('***');
    if (err.stack !== undefined) err.stack = err.stack.split(password).join('***');
  }
}

/**
 * What a refused handshake means: the error to report, and whether reconnecting is pointless (`giveUp`; left as it
 * was when undefined).
 */
export interface HandshakeFailure {
  error: Error;
  giveUp: boolean | undefined;
}

/**
 * @param attempts reconnect attempts made so far: a provider's credentials that fail on the first attempt may have
 *   been rotated between fetching and AUTH, so they get one more attempt with fresh ones.
 */
export function classifyHandshakeFailure(
  err: unknown,
  endpoint: string,
  config: ConnectionConfig,
  attempts: number,
): HandshakeFailure {
  if (err instanceof AuthenticationReplyError || (err instanceof ResponseError && err.command === 'AUTH')) {
    // Wrong credentials do not get better by retrying: fail everything waiting and wait for the next command.
    const error = new AuthenticationError(`authentication with ${endpoint} failed: ${err.message}`, { cause: err });
    return { error, giveUp: config.credentials === undefined || attempts > 0 };
  }
  const error = err instanceof Error ? err : new ConnectionError(String(err));
  // LOADING and other transient replies: reconnect with backoff.
  return { error, giveUp: err instanceof BusyLoadingError ? undefined : err instanceof ResponseError };
}
