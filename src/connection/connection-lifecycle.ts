/**
 * The life of a {@link Connection}'s socket, apart from the commands it carries: connecting (through a resolver and a
 * credential provider when there are some), the handshake, reconnecting with backoff after a loss, moving to another
 * server after a failover, and closing. Connection extends this class and adds the per-command path (queueing,
 * writing, matching replies); the two meet in the abstract methods below and in the shared queues and state, which
 * both read directly so that no command pays for an indirection.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import Denque from 'denque';
import {
  AuthenticationError,
  type ClientClosedError,
  ConnectionError,
  type ProtocolError,
  TimeoutError,
} from '../errors.js';
import { RespDecoder } from '../protocol/decoder.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import type { Command } from './command.js';
import { type Address, attachConnection, detachConnection, needsPreparation, prepareConnect } from './connect-hooks.js';
import type { Connection } from './connection.js';
import type { CredentialEntry } from './credentials.js';
import { DeadlineSweep } from './deadline-sweep.js';
import { buildHandshake, classifyHandshakeFailure, redactPasswords } from './handshake.js';
import { HealthCheck } from './health-check.js';
import { type ConnectionConfig, describeEndpoint, nextReconnectDelay } from './options.js';
import { PendingCommands } from './pending-commands.js';
import { connectSocket, createSocket } from './socket.js';
import { NodeStats, ReplyClock } from './stats.js';

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closing' | 'closed';

export interface ConnectionEvents {
  connect: [];
  ready: [];
  error: [Error];
  close: [];
  reconnecting: [{ attempt: number; delayMs: number; error?: Error }];
  end: [];
  push: [RespValue[]];
  /** The server-side session ended (see {@link Connection.session}): what was learned in it no longer holds. */
  'session-end': [];
}

const NO_COMMANDS: readonly (readonly RedisArg[])[] = Object.freeze([]);

export abstract class ConnectionLifecycle extends EventEmitter<ConnectionEvents> {
  /** `host:port` for messages; with an endpoint resolver, the address it resolved last. */
  endpoint: string;
  /** The credentials this connection logged in with, when a credential provider supplies them. */
  credentials: CredentialEntry | undefined;
  /**
   * Set by retarget() on a connection that does not reconnect (a pooled one): its server is no longer the one wanted.
   * It is not cut off under its borrower (a WATCH would silently end); the pool retires it when it comes back.
   */
  stale = false;
  /** The statistics of this server (shared with the other connections to it when the config carries them). */
  readonly stats: NodeStats;
  /**
   * Commands sent at the end of every handshake, e.g. `CLIENT TRACKING ON` for a client-side cache: the connection is
   * ready only once they succeeded, and RESET's restore sends them again. Set before the connection is first used.
   */
  sessionCommands: readonly (readonly RedisArg[])[] = NO_COMMANDS;
  /**
   * Numbers the server-side sessions of this connection: it grows when the socket is lost, when RESET is sent and when
   * the connection closes, so whatever was learned in one session (keys the server tracks for it) is told from the next.
   */
  session = 0;

  protected readonly clock: ReplyClock;
  protected state: ConnectionState = 'idle';
  protected socket: Socket | undefined;
  protected readonly unsent = new Denque<Command>();
  protected readonly inflight = new Denque<Command>();
  protected readonly decoder: RespDecoder;
  protected readonly pending: PendingCommands;
  protected readonly deadlines: DeadlineSweep;
  protected waitingForDrain = false;
  protected lastError: Error | undefined;
  /** Set when the server broke the protocol: everything in flight rejects with it rather than being resent. */
  protected protocolFailure: ProtocolError | undefined;
  /** Resolves of graceful close() calls waiting for the pending commands to settle. */
  protected idleWaiters: Array<() => void> = [];
  /** Chunks received (a counter, so that the health check needs no clock on the data path). */
  protected chunksSeen = 0;
  /** Set by retarget(): write nothing more, let what is in flight finish, then reconnect at once (see retarget). */
  protected moving = false;

  private readonly health: HealthCheck;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private moveTimer: NodeJS.Timeout | undefined;
  /** Set when the last failure should not be retried by reconnecting (bad credentials, bad db number). */
  private giveUp = false;
  /** The address a resolver chose for the current socket. */
  private resolved: Address | undefined;
  /** Numbers connect attempts, so that a late answer from a resolver or provider for an abandoned one is dropped. */
  private attemptSeq = 0;

  constructor(readonly config: ConnectionConfig) {
    super();
    this.endpoint = config.endpointResolver?.description ?? describeEndpoint(config);
    this.stats = config.stats ?? new NodeStats();
    this.clock = new ReplyClock(this.stats);
    this.decoder = new RespDecoder(
      {
        wantsBuffers: () => this.nextWantsBuffers(),
        onReply: (value) => this.handleReply(value),
        onPush: (frame) => this.handlePush(frame),
      },
      config.decoderLimits,
    );
    this.pending = new PendingCommands(this.unsent, this.inflight, config, this.stats, () => this.checkIdle());
    this.deadlines = new DeadlineSweep(this.unsent, this.inflight, config, {
      endpoint: () => this.endpoint,
      isReady: () => this.state === 'ready',
      lastError: () => this.lastError,
      fail: (command, error) => this.pending.fail(command, error),
      settled: () => this.checkIdle(),
      stoppedAnswering: (error) => {
        if (this.socket === undefined) return;
        this.lastError = error;
        this.socket.destroy(error);
      },
    });
    this.health = new HealthCheck(config, {
      endpoint: () => this.endpoint,
      serving: (socket) => this.socket === socket && this.state === 'ready',
      chunksSeen: () => this.chunksSeen,
      send: (command, timeoutMs) => this.send(command, timeoutMs),
      unanswered: (socket, error) => {
        if (this.socket !== socket) return;
        this.lastError = error;
        socket.destroy(error);
      },
    });
  }

  /** Queues a command; see Connection.send. */
  abstract send(command: Command, timeoutMs?: number): Promise<unknown>;
  /** Writes the queued commands (when ready). */
  protected abstract flush(): void;
  /** Writes these commands now, ahead of the queue (the handshake, QUIT). */
  protected abstract writeBatch(batch: readonly Command[]): void;
  protected abstract handleData(socket: Socket, chunk: Buffer): void;
  protected abstract handleReply(value: RespValue): void;
  protected abstract handlePush(frame: RespValue[]): void;
  protected abstract nextWantsBuffers(): boolean;

  get status(): ConnectionState {
    return this.state;
  }

  /** The address this connection reached through its resolver, while connected. */
  get resolvedAddress(): Address | undefined {
    return this.state === 'ready' ? this.resolved : undefined;
  }

  /** This object as resolvers, credential sources and observers know it: Connection is the only subclass. */
  private get connection(): Connection {
    return this as unknown as Connection;
  }

  protected open(): void {
    this.state = 'connecting';
    this.moving = false;
    if (!needsPreparation(this.config)) {
      this.openSocket(undefined, undefined);
      return;
    }
    // Ask the resolver and the credential provider first; the connect timeout covers that wait too.
    const attempt = ++this.attemptSeq;
    const current = () => attempt === this.attemptSeq && this.state === 'connecting';
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      if (current()) this.failBeforeSocket(new TimeoutError(`connecting to ${this.endpoint} timed out`));
    }, this.config.connectTimeoutMs);
    prepareConnect(this.config).then(
      (target) => {
        if (current()) this.openSocket(target.address, target.credentials);
      },
      (err: unknown) => {
        if (current()) this.failBeforeSocket(err instanceof Error ? err : new ConnectionError(String(err)));
      },
    );
  }

  /** A connect attempt failed before it had a socket (no address, no credentials): handled as a failed connect. */
  private failBeforeSocket(error: Error): void {
    this.attemptSeq++;
    this.lastError = error;
    this.connectionLost(error, false);
  }

  private openSocket(address: Address | undefined, credentials: CredentialEntry | undefined): void {
    const { config } = this;
    this.credentials = credentials;
    this.resolved = address;
    if (address !== undefined) this.endpoint = describeEndpoint({ ...address, path: undefined });
    const socket = createSocket(config, address);
    this.socket = socket;
    this.decoder.reset();
    this.waitingForDrain = false;
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      socket.destroy(new TimeoutError(`connecting to ${this.endpoint} timed out after ${config.connectTimeoutMs} ms`));
    }, config.connectTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.handleData(socket, chunk));
    socket.on('error', (err) => {
      this.lastError = err;
    });
    socket.on('drain', () => {
      this.waitingForDrain = false;
      this.flush();
    });
    socket.once('close', () => this.handleClose(socket));
    connectSocket(socket, config, address, () => {
      if (this.socket !== socket) return;
      this.emit('connect');
      this.handshake(socket);
    });
  }

  private handshake(socket: Socket): void {
    const { commands, waits } = buildHandshake(this.config, this.credentials, this.sessionCommands, this.resolved);
    for (const command of commands) this.inflight.push(command);
    this.writeBatch(commands);
    Promise.all(waits).then(
      () => {
        if (this.socket !== socket) return;
        clearTimeout(this.connectTimer);
        this.state = 'ready';
        this.attempts = 0;
        this.lastError = undefined;
        this.health.start(socket);
        attachConnection(this.connection, this.credentials);
        this.emit('ready');
        this.flush();
      },
      (err: unknown) => {
        if (this.socket !== socket) return;
        redactPasswords(err, this.config, this.credentials);
        const failure = classifyHandshakeFailure(err, this.endpoint, this.config, this.attempts);
        this.lastError = failure.error;
        if (failure.giveUp !== undefined) this.giveUp = failure.giveUp;
        socket.destroy(failure.error);
      },
    );
  }

  private handleClose(socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.endSession();
    this.health.stop();
    const cause = this.lastError ?? new ConnectionError(`connection to ${this.endpoint} closed`);
    this.connectionLost(cause, true);
  }

  /** After a socket closed or a connect attempt failed before it had one: settle what was sent, then reconnect. */
  private connectionLost(cause: Error, hadSocket: boolean): void {
    clearTimeout(this.connectTimer);
    clearTimeout(this.moveTimer);
    detachConnection(this.connection);
    if (hadSocket) {
      const authFailed = cause instanceof AuthenticationError && this.giveUp;
      this.pending.failInflight({ cause, protocolFailure: this.protocolFailure, authFailed }, this.endpoint);
    }
    this.clock.reset();
    this.protocolFailure = undefined;
    this.checkIdle();
    if (this.state === 'closed' || this.state === 'closing') return;
    if (this.pending.applyOfflineDeadlines()) this.deadlines.start();
    const wasReady = this.state === 'ready';
    if (this.listenerCount('error') > 0 && this.lastError !== undefined) this.emit('error', this.lastError);
    this.emit('close');
    const { reconnect } = this.config;
    const delayMs =
      reconnect.enabled && !this.giveUp && (wasReady || this.unsent.length > 0 || this.attempts > 0)
        ? this.moving
          ? 0
          : nextReconnectDelay(this.attempts, reconnect, this.lastError)
        : undefined;
    if (delayMs !== undefined) {
      this.attempts++;
      this.state = 'reconnecting';
      this.emit('reconnecting', { attempt: this.attempts, delayMs, error: this.lastError });
      this.reconnectTimer = setTimeout(() => {
        if (this.state === 'reconnecting') this.open();
      }, delayMs);
      return;
    }
    this.state = 'idle';
    this.attempts = 0;
    this.giveUp = false;
    const error =
      cause instanceof ConnectionError || cause instanceof TimeoutError
        ? cause
        : new ConnectionError(`could not connect to ${this.endpoint}: ${cause.message}`, { cause });
    this.pending.rejectUnsent(error);
    this.emit('end');
  }

  /** Closes for good: stops every timer, rejects everything pending with `error`. */
  protected shutdown(error: ClientClosedError): void {
    this.state = 'closed';
    this.stats.detach(this.connection);
    this.endSession();
    this.health.stop();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.moveTimer);
    detachConnection(this.connection);
    this.config.endpointResolver?.untrack?.(this.connection);
    this.deadlines.stop();
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    this.pending.rejectAll(error);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.emit('end');
  }

  /**
   * Moves the connection to the address its resolver gives now (a failover was announced): one waiting to reconnect
   * reconnects at once; one connecting starts over; a ready one writes nothing more, lets the replies in flight arrive
   * (for a bounded time), then closes and reconnects at once, so no outcome becomes unknown unless the old server
   * stops answering. Commands issued meanwhile wait and go to the new address. Does nothing without a resolver.
   */
  retarget(): void {
    if (this.config.endpointResolver === undefined) return;
    if (!this.config.reconnect.enabled) {
      this.stale = true;
      return;
    }
    if (this.state === 'reconnecting') {
      clearTimeout(this.reconnectTimer);
      this.open();
    } else if (this.state === 'connecting') {
      this.moving = true;
      if (this.socket !== undefined) this.dropSocket();
      else this.open();
    } else if (this.state === 'ready' && !this.moving) {
      this.moving = true;
      if (this.inflight.length === 0) this.dropSocket();
      else {
        const graceMs = Math.max(1000, this.config.commandTimeoutMs);
        this.moveTimer = setTimeout(() => this.dropSocket(), graceMs);
      }
    }
  }

  /** Closes the socket on purpose (a move): not an error; the reconnect follows at once. */
  protected dropSocket(): void {
    this.lastError = undefined;
    this.socket?.destroy();
  }

  /**
   * A master reached through a resolver answered READONLY: it was demoted by a failover. The connection moves; the
   * command, refused before it ran, is sent again after the move (by connections that reconnect, within maxResends).
   */
  protected reroute(command: Command): boolean {
    if (this.config.endpointResolver?.followReadOnly !== true) return false;
    this.retarget();
    return this.pending.reroute(command);
  }

  protected endSession(): void {
    this.session++;
    if (this.listenerCount('session-end') > 0) this.emit('session-end');
  }

  /** Wakes a graceful close() once nothing is pending. */
  protected checkIdle(): void {
    if (this.idleWaiters.length > 0 && !this.pending.hasUnsettled()) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
