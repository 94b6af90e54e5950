/**
 * What a connection may be given besides a fixed address and password, and the few steps of connecting that use it:
 *
 * - an {@link EndpointResolver} that says where to connect before every connect attempt (Sentinel asks its sentinels
 *   for the current master), with a command pipelined behind the handshake whose reply must prove the server is the
 *   one wanted (ROLE), and a way to move live connections at once when the address changes (a failover notice);
 * - a {@link CredentialSource} that supplies credentials for every new connection and re-authenticates live ones;
 * - `CLIENT SETINFO` (library name and version), pipelined with the handshake; servers before Redis 7.2 answer it with
 *   an error, which is ignored.
 *
 * The connection calls these at connect time only: nothing here is on the per-command path.
 */
import { NoPermissionError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { Command, CommandFlags } from './command.js';
import type { Connection } from './connection.js';
import type { CredentialEntry } from './credentials.js';
import type { ConnectionConfig } from './options.js';

export interface Address {
  host: string;
  port: number;
}

/** Where a connection goes when its address is not fixed, and how it checks it arrived at the right server. */
export interface EndpointResolver {
  /** Names the endpoint in messages until an address is known, e.g. `mymaster (master, via Sentinel)`. */
  readonly description: string;
  /** The address to connect to now. A rejection fails this connect attempt (retried with the reconnect backoff). */
  resolve(): Promise<Address>;
  /**
   * A command pipelined right behind the handshake, and a check of its reply: an Error means "wrong server" (a
   * demoted master, a replica that lost its link) and fails the attempt, so the next one resolves again.
   */
  readonly verify?: {
    readonly args: readonly RedisArg[];
    check(reply: RespValue, address: Address): Error | undefined;
  };
  /**
   * True for a master: a READONLY reply means the server was demoted under us. The command was refused before it ran,
   * so it is sent again once the connection has moved (Connection.retarget) to the address resolved next.
   */
  readonly followReadOnly?: boolean;
  /**
   * Told about every connection made with it (from its construction until it is closed for good, whatever its state
   * in between), so that a failover notice can move them all at once (Connection.retarget).
   */
  track?(connection: Connection): void;
  untrack?(connection: Connection): void;
}

/** What the asynchronous step before a connect attempt found: the address and the credentials to use. */
export interface ConnectTarget {
  address: Address | undefined;
  credentials: CredentialEntry | undefined;
}

/** True when a connect attempt has to ask someone first (a resolver or a credential provider). */
export function needsPreparation(config: ConnectionConfig): boolean {
  return config.endpointResolver !== undefined || config.credentials !== undefined;
}

/** Resolves the address and fetches the credentials of one connect attempt, both at once. */
export async function prepareConnect(config: ConnectionConfig): Promise<ConnectTarget> {
  const [address, credentials] = await Promise.all([config.endpointResolver?.resolve(), config.credentials?.fetch()]);
  return { address, credentials };
}

/** A server whose ACL forbids the check command (ROLE is @dangerous) cannot be checked: it is accepted. */
function acceptUnverifiable(err: unknown): void {
  if (!(err instanceof NoPermissionError)) throw err;
}

/**
 * What goes behind the handshake in the same write: `CLIENT SETINFO` (replies ignored: Redis before 7.2 answers with an
 * error, and nothing waits for them), then the resolver's check, whose outcome (`checked`) the handshake awaits.
 */
export function handshakeExtras(
  config: ConnectionConfig,
  address: Address | undefined,
): { commands: Command[]; checked: Promise<unknown> | undefined } {
  const commands: Command[] = [];
  const add = (args: readonly RedisArg[], transform?: Command['transform'], flags = 0) => {
    const command = new Command(args, false, transform, CommandFlags.NoRetry | flags);
    commands.push(command);
    return command.promise;
  };
  const ignored = CommandFlags.ErrorIgnored;
  if (config.libName !== undefined)
    add(['CLIENT', 'SETINFO', 'LIB-NAME', config.libName], undefined, ignored).catch(() => {});
  if (config.libVersion !== undefined)
    add(['CLIENT', 'SETINFO', 'LIB-VER', config.libVersion], undefined, ignored).catch(() => {});
  const verify = config.endpointResolver?.verify;
  if (verify === undefined || address === undefined) return { commands, checked: undefined };
  const checked = add(verify.args, (reply) => {
    const wrong = verify.check(reply, address);
    if (wrong !== undefined) throw wrong;
    return reply;
  }).catch(acceptUnverifiable);
  return { commands, checked };
}

/** A connection that just became ready with provider credentials is re-authenticated from now on. */
export function attachConnection(connection: Connection, credentials: CredentialEntry | undefined): void {
  if (credentials !== undefined) connection.config.credentials?.attach(connection, credentials);
}

/** A connection lost its socket: nothing to re-authenticate until it is ready again. */
export function detachConnection(connection: Connection): void {
  connection.config.credentials?.detach(connection);
}
