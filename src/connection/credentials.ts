/**
 * Credential providers (redis-py's `credential_provider`): credentials that change while the client runs, such as
 * short-lived IAM or Entra ID tokens.
 *
 * One {@link CredentialSource} serves every connection of a client — the shared one, pooled ones, pub/sub, every node
 * of a cluster (their configs are copies that share this object). The provider is asked for each new connection, as
 * redis-py does. When credentials say when they expire, or when a streaming provider announces new ones, every live
 * connection is sent `AUTH` with the new credentials before the old ones expire. AUTH goes through the connection's
 * queue like any command, so commands before it get their replies as usual and nothing in flight fails. A connection
 * lent out for a transaction or a blocking command gets its AUTH when it comes back (AUTH inside MULTI would be queued
 * into the transaction); a RESP2 subscriber cannot run AUTH at all and keeps its session (RESP3 subscribers can).
 *
 * Failures (the provider throws, the server refuses AUTH) are emitted as AuthenticationError events; a refused re-AUTH
 * leaves the connection logged in as before. Credentials never appear in errors, logs or `inspect` output.
 */
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { AuthenticationError, DataError } from '../errors.js';
import { Command, CommandFlags } from './command.js';
import type { Connection } from './connection.js';

/** Credentials as a provider returns them. */
export interface ProvidedCredentials {
  /** An ACL user; without it AUTH logs in as `default`. */
  username?: string | null;
  password: string;
  /** When these credentials stop working (a Date or ms since the epoch): live connections re-authenticate before. */
  expires_at?: Date | number;
  expiresAt?: Date | number;
}

/** What `get_credentials()` may return: an object, or redis-py's tuples `[password]` / `[username, password]`. */
export type CredentialsResult =
  | ProvidedCredentials
  | readonly [password: string]
  | readonly [username: string, password: string];

/** redis-py's CredentialProvider; `on_next`/`on_error` make it a streaming provider (redis-py's names). */
export interface CredentialProvider {
  get_credentials(): CredentialsResult | Promise<CredentialsResult>;
  /** Called once with a listener that the provider calls with every new set of credentials. */
  on_next?(listener: (credentials: CredentialsResult) => void): void;
  /** Called once with a listener for the provider's background failures. */
  on_error?(listener: (error: Error) => void): void;
}

/** The `credential_provider` option: a provider object, or a (possibly async) function returning credentials. */
export type CredentialProviderOption = CredentialProvider | (() => CredentialsResult | Promise<CredentialsResult>);

/** Re-authenticate when this share of the credentials' lifetime has passed. */
const REFRESH_AT = 0.75;
/** Never refresh more often than this (ms), whatever the provider says. */
const MIN_REFRESH_MS = 100;
/** After a failed refresh, try again this soon (ms), or sooner when the credentials expire before. */
const RETRY_MS = 1000;

/** One set of credentials. Its `inspect`/JSON forms never show the password. */
export class CredentialEntry {
  constructor(
    readonly username: string | undefined,
    readonly password: string,
    /** Expiry in ms since the epoch; undefined when the provider gave none. */
    readonly expiresAt: number | undefined,
    readonly fetchedAt: number,
    /** Increases with every set fetched: a connection on an older one is re-authenticated. */
    readonly generation: number,
  ) {}

  /** When to re-authenticate connections that use these credentials (ms since the epoch), if ever. */
  get refreshAt(): number | undefined {
    if (this.expiresAt === undefined) return undefined;
    return this.fetchedAt + Math.max(MIN_REFRESH_MS, (this.expiresAt - this.fetchedAt) * REFRESH_AT);
  }

  [inspect.custom](): string {
    return `CredentialEntry { username: ${this.username ?? '(default)'}, password: '***' }`;
  }

  toJSON(): { username: string | undefined; password: string } {
    return { username: this.username, password: '***' };
  }
}

function expiryOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new AuthenticationError('credential_provider: expires_at must be a Date or a number of ms since the epoch');
  }
  return ms;
}

/** Checks what a provider returned; messages name what is wrong, never a value. */
function toEntry(result: unknown, generation: number): CredentialEntry {
  const now = Date.now();
  if (Array.isArray(result)) {
    const [a, b] = result as unknown[];
    if (result.length === 1 && typeof a === 'string')
      return new CredentialEntry(undefined, a, undefined, now, generation);
    if (result.length === 2 && typeof a === 'string' && typeof b === 'string') {
      return new CredentialEntry(a, b, undefined, now, generation);
    }
    throw new AuthenticationError(
      'credential_provider returned a tuple that is not [password] or [username, password]',
    );
  }
  if (typeof result !== 'object' || result === null) {
    throw new AuthenticationError('credential_provider returned no credentials ({ username?, password } expected)');
  }
  const { username, password, expires_at, expiresAt } = result as ProvidedCredentials;
  if (typeof password !== 'string') throw new AuthenticationError('credential_provider returned no password');
  if (username !== undefined && username !== null && typeof username !== 'string') {
    throw new AuthenticationError('credential_provider returned a username that is not a string');
  }
  return new CredentialEntry(username ?? undefined, password, expiryOf(expires_at ?? expiresAt), now, generation);
}

/** The provider's failure as an AuthenticationError whose text is the provider's (it knows no secret of ours). */
function providerFailure(err: unknown): AuthenticationError {
  if (err instanceof AuthenticationError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new AuthenticationError(`credential_provider failed: ${detail}`, { cause: err });
}

export interface CredentialSourceEvents {
  error: [AuthenticationError];
}

/** Connections lent out (transactions, blocking commands): their AUTH waits until they come back. */
const held = new WeakSet<Connection>();
const deferred = new WeakMap<Connection, CredentialEntry>();

export class CredentialSource extends EventEmitter<CredentialSourceEvents> {
  readonly #call: () => CredentialsResult | Promise<CredentialsResult>;
  /** Ready connections and the credentials each is logged in with. */
  readonly #live = new Map<Connection, CredentialEntry>();
  #generation = 0;
  #newest: CredentialEntry | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #refreshing = false;

  constructor(provider: CredentialProviderOption) {
    super();
    if (typeof provider === 'function') this.#call = provider;
    else if (typeof provider === 'object' && provider !== null && typeof provider.get_credentials === 'function') {
      this.#call = () => provider.get_credentials();
      provider.on_next?.((credentials) => {
        try {
          this.#install(toEntry(credentials, ++this.#generation));
        } catch (err) {
          this.#fail(providerFailure(err));
        }
      });
      provider.on_error?.((err) => this.#fail(providerFailure(err)));
    } else {
      throw new DataError('credential_provider must be a function or an object with get_credentials()');
    }
  }

  /** Credentials for a new connection: the provider is asked every time. Rejects with AuthenticationError. */
  async fetch(): Promise<CredentialEntry> {
    let entry: CredentialEntry;
    try {
      entry = toEntry(await this.#call(), ++this.#generation);
    } catch (err) {
      throw providerFailure(err);
    }
    if (this.#newest === undefined || entry.generation > this.#newest.generation) this.#newest = entry;
    return entry;
  }

  /** A connection became ready with `entry`: it is re-authenticated from now on (at once, if newer ones exist). */
  attach(connection: Connection, entry: CredentialEntry): void {
    this.#live.set(connection, entry);
    const newest = this.#newest;
    if (newest !== undefined && newest.generation > entry.generation && newest.refreshAt !== undefined) {
      this.#reauthenticate(connection, newest);
    }
    this.#schedule(entry.refreshAt);
  }

  detach(connection: Connection): void {
    this.#live.delete(connection);
    deferred.delete(connection);
    if (this.#live.size === 0) this.#cancel();
  }

  /** Connections logged in through this source now. */
  get liveCount(): number {
    return this.#live.size;
  }

  /** Asks the provider now and re-authenticates every live connection (also what the refresh timer does). */
  async refresh(): Promise<void> {
    if (this.#refreshing) return;
    this.#refreshing = true;
    try {
      this.#install(await this.fetch());
    } catch (err) {
      this.#fail(providerFailure(err));
      const newest = this.#newest;
      const left = newest?.expiresAt === undefined ? RETRY_MS : (newest.expiresAt - Date.now()) / 2;
      this.#schedule(Date.now() + Math.max(MIN_REFRESH_MS, Math.min(RETRY_MS, left)));
    } finally {
      this.#refreshing = false;
    }
  }

  #install(entry: CredentialEntry): void {
    if (this.#newest === undefined || entry.generation >= this.#newest.generation) this.#newest = entry;
    for (const [connection, current] of this.#live) {
      if (current.generation < entry.generation) this.#reauthenticate(connection, entry);
    }
    this.#cancel();
    this.#schedule(entry.refreshAt);
  }

  #reauthenticate(connection: Connection, entry: CredentialEntry): void {
    if (connection.status !== 'ready') return; // its next handshake fetches fresh credentials anyway
    if (connection.subscriberMode && connection.config.protocol === 2) return; // RESP2 subscribers cannot AUTH
    if (held.has(connection)) {
      deferred.set(connection, entry);
      return;
    }
    const args = entry.username === undefined ? ['AUTH', entry.password] : ['AUTH', entry.username, entry.password];
    const command = new Command(args, false, undefined, CommandFlags.NoRetry);
    command.secrets = [entry.password];
    connection.send(command).then(
      () => {
        if (this.#live.has(connection)) this.#live.set(connection, entry);
        connection.credentials = entry;
      },
      (err: unknown) => {
        // The connection stays logged in as before; the next refresh tries again.
        if (connection.status !== 'ready') return;
        const detail = err instanceof Error ? err.message : String(err);
        this.#fail(
          new AuthenticationError(`re-authentication with ${connection.endpoint} failed: ${detail}`, { cause: err }),
        );
      },
    );
  }

  #fail(error: AuthenticationError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  #schedule(at: number | undefined): void {
    if (at === undefined || this.#live.size === 0 || at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = Number.POSITIVE_INFINITY;
        void this.refresh();
      },
      Math.max(0, at - Date.now()),
    );
    this.#timer.unref();
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  /** @internal The pool lends `connection` out: a re-AUTH waits for {@link resumeReauthentication}. */
  static hold(connection: Connection): void {
    if (connection.config.credentials !== undefined) held.add(connection);
  }

  /** @internal The connection came back to the pool: send the AUTH it missed, ahead of its next borrower's commands. */
  static resume(connection: Connection): void {
    held.delete(connection);
    const entry = deferred.get(connection);
    if (entry === undefined) return;
    deferred.delete(connection);
    const source = connection.config.credentials;
    if (source !== undefined) source.#reauthenticate(connection, entry);
  }

  [inspect.custom](): string {
    return `CredentialSource { connections: ${this.#live.size} }`;
  }

  toJSON(): { connections: number } {
    return { connections: this.#live.size };
  }
}
