/**
 * One socket to one server, shared by many callers. Commands are queued, written in batches (everything issued in one
 * tick goes out in one write), and matched to replies first-in-first-out. The handshake (HELLO/AUTH, SELECT, SETNAME,
 * READONLY) runs before any queued command, again after every reconnect.
 *
 * Invariants that keep callers from ever receiving someone else's reply:
 * - a command that was written stays in `inflight` until its reply arrives or the socket dies, even when its caller
 *   timed out (the late reply is read and dropped);
 * - a connection that stops answering long after a timeout is destroyed rather than trusted.
 */
import { EventEmitter } from 'node:events';
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import Denque from 'denque';
import {
  AuthenticationError,
  AuthenticationReplyError,
  BusyLoadingError,
  ClientClosedError,
  ConnectionError,
  nameCommand,
  ProtocolError,
  ReadOnlyError,
  RedisError,
  ResponseError,
  TimeoutError,
} from '../errors.js';
import { RespDecoder } from '../protocol/decoder.js';
import { CommandEncoder, type RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { Command, CommandFlags } from './command.js';
import {
  type Address,
  attachConnection,
  type ConnectTarget,
  detachConnection,
  handshakeExtras,
  needsPreparation,
  prepareConnect,
} from './connect-hooks.js';
import { observeConnection } from './connection-events.js';
import type { CredentialEntry } from './credentials.js';
import { type ConnectionConfig, describeEndpoint, nextReconnectDelay } from './options.js';
import { isPubSubFrame } from './pubsub-frames.js';
import { NodeStats, type QueueGauge, ReplyClock } from './stats.js';

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closing' | 'closed';

/** Commands written per socket write at most; bounds the size of one encoded batch. */
const MAX_BATCH = 2048;

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

export class Connection extends EventEmitter<ConnectionEvents> implements QueueGauge {
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
  private readonly clock: ReplyClock;
  /** In subscriber mode, pub/sub frames are routed to `onPush` instead of being matched with commands. */
  subscriberMode = false;
  /** Receives RESP3 push frames and, in subscriber mode, RESP2 pub/sub frames. */
  onPush: ((frame: RespValue[]) => void) | undefined;
  /**
   * Receives replies that no command is waiting for, instead of failing the connection: what MONITOR streams after
   * its `+OK`. Only a connection dedicated to such a stream sets it.
   */
  onUnsolicited: ((reply: RespValue) => void) | undefined;
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
  /** Decode pub/sub frames as Buffers (binary channels and messages); RESP3 push frames follow it too. */
  get pushBuffers(): boolean {
    return this.decoder.pushBuffers;
  }
  set pushBuffers(value: boolean) {
    this.decoder.pushBuffers = value;
  }

  private state: ConnectionState = 'idle';
  private socket: Socket | undefined;
  private readonly unsent = new Denque<Command>();
  private readonly inflight = new Denque<Command>();
  private readonly encoder = new CommandEncoder();
  private readonly decoder: RespDecoder;
  private flushScheduled = false;
  private waitingForDrain = false;
  private attempts = 0;
  private lastError: Error | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Set when the last failure should not be retried by reconnecting (bad credentials, bad db number). */
  private giveUp = false;
  /** Set when the server broke the protocol: everything in flight rejects with it rather than being resent. */
  private protocolFailure: ProtocolError | undefined;
  private readonly flushCallback = () => this.flush();
  /** `health_check_interval`: a timer that PINGs the connection when it has been silent that long. */
  private healthTimer: NodeJS.Timeout | undefined;
  /** Chunks received since the health timer last looked (a counter, so the data path reads no clock). */
  private chunksSeen = 0;
  private healthPingPending = false;
  /** The address a resolver chose for the current socket. */
  private resolved: Address | undefined;
  /** Numbers connect attempts, so that a late answer from a resolver or provider for an abandoned one is dropped. */
  private attemptSeq = 0;
  /** Set by retarget(): write nothing more, let what is in flight finish, then reconnect at once (see retarget). */
  private moving = false;
  private moveTimer: NodeJS.Timeout | undefined;
  /** Commands a demoted master refused with READONLY, in order: sent again once the connection has moved. */
  private readonly rerouted: Command[] = [];

  constructor(readonly config: ConnectionConfig) {
    super();
    this.endpoint = config.endpointResolver?.description ?? describeEndpoint(config);
    config.endpointResolver?.track?.(this);
    this.stats = config.stats ?? new NodeStats();
    this.clock = new ReplyClock(this.stats);
    this.stats.attach(this);
    observeConnection(this);
    this.decoder = new RespDecoder(
      {
        wantsBuffers: () => this.nextWantsBuffers(),
        onReply: (value) => this.handleReply(value),
        onPush: (frame) => this.handlePush(frame),
      },
      config.decoderLimits,
    );
  }

  get status(): ConnectionState {
    return this.state;
  }

  /** Commands queued or awaiting replies. */
  get pendingCount(): number {
    return this.unsent.length + this.inflight.length;
  }

  /** Commands written and waiting for their replies. */
  get inflightCount(): number {
    return this.inflight.length;
  }

  /** Commands waiting to be written. */
  get unsentCount(): number {
    return this.unsent.length;
  }

  /** Connects now (instead of on the first command) and resolves once the handshake is done. */
  connect(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.state === 'closed' || this.state === 'closing') {
      return Promise.reject(new ClientClosedError(`connection to ${this.endpoint} is closed`));
    }
    return new Promise((resolve, reject) => {
      const onReady = () => {
        this.off('end', onEnd);
        resolve();
      };
      const onEnd = () => {
        this.off('ready', onReady);
        if (this.state === 'closed') {
          reject(new ClientClosedError(`connection to ${this.endpoint} was closed while connecting`));
          return;
        }
        // Typed errors as they are (AuthenticationError, TimeoutError); socket errors wrapped as ConnectionError.
        const last = this.lastError;
        reject(
          last instanceof RedisError
            ? last
            : new ConnectionError(`could not connect to ${this.endpoint}${last ? `: ${last.message}` : ''}`, {
                cause: last,
              }),
        );
      };
      this.once('ready', onReady);
      this.once('end', onEnd);
      if (this.state === 'idle') this.open();
    });
  }

  /**
   * Queues a command. Its promise settles with the transformed reply or a typed error.
   * @param timeoutMs overrides the configured command timeout (0 disables it for this command).
   */
  send(command: Command, timeoutMs = this.config.commandTimeoutMs): Promise<unknown> {
    if ((command.flags & CommandFlags.Local) !== 0) return command.promise;
    if (this.state === 'closed' || this.state === 'closing') {
      command.reject(new ClientClosedError(`${command.name}: the connection to ${this.endpoint} is closed`));
      return command.promise;
    }
    if (this.state === 'reconnecting' && this.config.failFast) {
      this.fail(
        command,
        new ConnectionError(`${command.name}: not connected to ${this.endpoint}`, { cause: this.lastError }),
      );
      return command.promise;
    }
    if (this.state !== 'ready' && this.unsent.length >= this.config.maxOfflineQueue) {
      this.fail(
        command,
        new ConnectionError(`${command.name}: offline queue for ${this.endpoint} is full`, { cause: this.lastError }),
      );
      return command.promise;
    }
    command.timeoutMs = timeoutMs;
    if (timeoutMs > 0) command.deadline = Date.now() + timeoutMs;
    if (this.state !== 'ready') {
      const offline = Date.now() + this.config.offlineQueueTimeoutMs;
      if (command.deadline === 0 || command.deadline > offline) command.deadline = offline;
    }
    this.unsent.push(command);
    if (command.deadline !== 0) this.startSweep();
    if (this.state === 'ready') this.scheduleFlush();
    else if (this.state === 'idle') this.open();
    return command.promise;
  }

  /**
   * Sends a command that returns the connection to the server's defaults (RESET) and, queued right behind it so that
   * nothing can run in between, this connection's handshake again (AUTH, SETNAME, SELECT, READONLY, HELLO 3): the
   * commands after it run as the client was configured. Resolves with the command's own reply; when the handshake is
   * refused the socket is dropped, so the reconnect reports the failure instead of a half-configured connection.
   */
  sendAndRestore(command: Command): Promise<unknown> {
    this.endSession();
    const reply = this.send(command);
    const restore = this.handshakeCommands().map((args) =>
      this.send(new Command(args, false, undefined, CommandFlags.NoRetry)),
    );
    if (restore.length === 0) return reply;
    const restored = Promise.all(restore).catch((err: unknown) => {
      this.redactPassword(err);
      this.socket?.destroy(err instanceof Error ? err : undefined);
      throw err;
    });
    return Promise.all([reply, restored]).then(([value]) => value);
  }

  /** Sends a command built from raw arguments and resolves with its untransformed reply. */
  call(args: readonly RedisArg[], wantsBuffers = false): Promise<unknown> {
    return this.send(new Command(args, wantsBuffers, undefined, CommandFlags.None));
  }

  /** Waits for every pending reply, sends QUIT and closes. Later commands reject with ClientClosedError. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    // Commands issued before close() get their replies: also those still waiting for the connection to come up
    // (their offline deadline bounds the wait when it never does).
    if (this.state !== 'closing' && this.hasUnsettled()) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    // disconnect() may have run while this close() waited.
    if ((this.state as ConnectionState) === 'closed') return;
    const socket = this.socket;
    const wasReady = this.state === 'ready';
    this.state = 'closing';
    if (socket !== undefined && wasReady) {
      const quit = new Command(['QUIT'], false, undefined, CommandFlags.NoRetry);
      quit.promise.catch(() => {});
      this.inflight.push(quit);
      this.writeBatch([quit]);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => socket.destroy(), 1000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      });
    }
    this.shutdown(new ClientClosedError(`connection to ${this.endpoint} was closed`));
  }

  /** Closes at once; everything pending rejects with ClientClosedError. */
  disconnect(): void {
    if (this.state === 'closed') return;
    this.shutdown(new ClientClosedError(`connection to ${this.endpoint} was closed`));
  }

  private shutdown(error: ClientClosedError): void {
    this.state = 'closed';
    this.stats.detach(this);
    this.endSession();
    this.stopHealthChecks();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.moveTimer);
    detachConnection(this);
    this.config.endpointResolver?.untrack?.(this);
    this.stopSweep();
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    this.rejectAll(error, true);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.emit('end');
  }

  private open(): void {
    this.state = 'connecting';
    this.moving = false;
    if (!needsPreparation(this.config)) {
      this.openSocket(undefined);
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
        if (current()) this.openSocket(target);
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

  private openSocket(target: ConnectTarget | undefined): void {
    const { config } = this;
    this.credentials = target?.credentials;
    this.resolved = target?.address;
    if (this.resolved !== undefined) this.endpoint = describeEndpoint({ ...this.resolved, path: undefined });
    const host = this.resolved?.host ?? config.host;
    const port = this.resolved?.port ?? config.port;
    const socket =
      config.tls !== undefined
        ? tlsConnect({
            ...config.tls,
            host,
            port,
            servername: config.tls.servername ?? (isIP(host) === 0 ? host : undefined),
            lookup: config.lookup,
          })
        : new Socket();
    this.socket = socket;
    this.decoder.reset();
    this.waitingForDrain = false;
    socket.setNoDelay(true);
    if (config.keepAliveMs > 0) socket.setKeepAlive(true, config.keepAliveMs);
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
    const onConnected = () => {
      if (this.socket !== socket) return;
      this.emit('connect');
      this.handshake(socket);
    };
    if (config.tls !== undefined) socket.once('secureConnect', onConnected);
    else {
      socket.once('connect', onConnected);
      if (config.path !== undefined && this.resolved === undefined) socket.connect(config.path);
      else socket.connect({ port, host, lookup: config.lookup });
    }
  }

  /** The commands every new socket sends before anything else. Their arguments never reach an error message. */
  private handshakeCommands(): RedisArg[][] {
    const { config } = this;
    const commands: RedisArg[][] = [];
    // A credential provider's credentials replace the configured ones.
    const { username, password } = this.credentials ?? config;
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
    for (const args of this.sessionCommands) commands.push([...args]);
    return commands;
  }

  private handshake(socket: Socket): void {
    const commands = this.handshakeCommands().map((args) => new Command(args, false, undefined, CommandFlags.NoRetry));
    // A TCP connect proves nothing on a half-open path (a proxy or a stalled VM accepts and never answers): the
    // connection is ready only once the server has answered something it must answer.
    if (commands.length === 0) commands.push(new Command(['PING'], false, undefined, CommandFlags.NoRetry));
    const waits = commands.map((c) => c.promise);
    // CLIENT SETINFO and the resolver's check (ROLE) ride in the same write (see connect-hooks.ts).
    const extras = handshakeExtras(this.config, this.resolved);
    commands.push(...extras.commands);
    if (extras.checked !== undefined) waits.push(extras.checked);
    for (const command of commands) this.inflight.push(command);
    this.writeBatch(commands);
    Promise.all(waits).then(
      () => {
        if (this.socket !== socket) return;
        clearTimeout(this.connectTimer);
        this.state = 'ready';
        this.attempts = 0;
        this.lastError = undefined;
        this.startHealthChecks(socket);
        attachConnection(this, this.credentials);
        this.emit('ready');
        this.flush();
      },
      (err: unknown) => {
        if (this.socket !== socket) return;
        this.failHandshake(socket, err);
      },
    );
  }

  private failHandshake(socket: Socket, err: unknown): void {
    this.redactPassword(err);
    if (err instanceof AuthenticationReplyError || (err instanceof ResponseError && err.command === 'AUTH')) {
      // Wrong credentials do not get better by retrying: fail everything waiting and wait for the next command. A
      // provider's may have been rotated between fetching and AUTH: those get one more attempt, with fresh ones.
      const authError = new AuthenticationError(`authentication with ${this.endpoint} failed: ${err.message}`, {
        cause: err,
      });
      this.lastError = authError;
      this.giveUp = this.config.credentials === undefined || this.attempts > 0;
      socket.destroy(authError);
      return;
    }
    this.lastError = err instanceof Error ? err : new ConnectionError(String(err));
    // LOADING and other transient replies: reconnect with backoff.
    if (!(err instanceof BusyLoadingError)) this.giveUp = err instanceof ResponseError;
    socket.destroy(this.lastError);
  }

  /** A buggy or hostile server may echo the password in an error reply: it must never reach an error's text. */
  private redactPassword(err: unknown): void {
    if (!(err instanceof Error)) return;
    for (const password of [this.config.password, this.credentials?.password]) {
      if (password === undefined || password.length === 0) continue;
      err.message = err.message.split(password).join('***');
      if (err.stack !== undefined) err.stack = err.stack.split(password).join('***');
    }
  }

  private nextWantsBuffers(): boolean {
    if (this.subscriberMode) return this.pushBuffers;
    const head = this.inflight.peekFront();
    return head !== undefined ? head.wantsBuffers : this.pushBuffers;
  }

  private handleData(socket: Socket, chunk: Buffer): void {
    if (this.socket !== socket) return;
    this.chunksSeen++;
    this.clock.chunk();
    try {
      this.decoder.feed(chunk);
    } catch (err) {
      const error =
        err instanceof ProtocolError ? err : new ProtocolError(`invalid reply from ${this.endpoint}: ${String(err)}`);
      this.lastError = error;
      this.protocolFailure = error;
      socket.destroy(error);
    }
  }

  private handleReply(value: RespValue): void {
    if (this.subscriberMode && isPubSubFrame(value)) {
      this.onPush?.(value as RespValue[]);
      return;
    }
    const command = this.inflight.shift();
    if (command === undefined && this.onUnsolicited !== undefined) {
      this.onUnsolicited(value);
      return;
    }
    if (command === undefined && this.subscriberMode && value instanceof ResponseError) {
      // A refused SUBSCRIBE (NOPERM, CROSSSLOT) sent without a reply slot: the subscriber hears about it, the
      // connection stays (tearing it down would resubscribe and be refused again, forever).
      if (this.listenerCount('error') > 0) this.emit('error', value);
      return;
    }
    if (command === undefined) throw new ProtocolError(`reply from ${this.endpoint} without a pending command`);
    this.clock.reply();
    if (!command.settled) {
      if (value instanceof ResponseError) {
        // A demoted master's READONLY: kept to be sent again after the move (see reroute).
        if (!(value instanceof ReadOnlyError) || !this.reroute(command)) {
          if ((command.flags & CommandFlags.ErrorIgnored) === 0) this.stats.failed(value);
          nameCommand(value, command.name);
          command.reject(value);
        }
      } else command.resolve(value);
    }
    if (this.idleWaiters.length > 0) this.checkIdle();
    if (this.moving && this.inflight.length === 0) this.dropSocket();
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

  /** The address this connection reached through its resolver, while connected. */
  get resolvedAddress(): Address | undefined {
    return this.state === 'ready' ? this.resolved : undefined;
  }

  /** Closes the socket on purpose (a move): not an error; the reconnect follows at once. */
  private dropSocket(): void {
    this.lastError = undefined;
    this.socket?.destroy();
  }

  /**
   * A master reached through a resolver answered READONLY: it was demoted by a failover. The connection moves; the
   * command, refused before it ran, is sent again after the move (by connections that reconnect, within maxResends).
   */
  private reroute(command: Command): boolean {
    if (this.config.endpointResolver?.followReadOnly !== true) return false;
    this.retarget();
    const { config } = this;
    if (!config.reconnect.enabled || (command.flags & CommandFlags.NoRetry) !== 0) return false;
    if (command.resends >= config.maxResends) return false;
    command.resends++;
    command.written = false;
    this.rerouted.push(command);
    return true;
  }

  /** Wakes a graceful close() once nothing is pending. */
  private checkIdle(): void {
    if (this.idleWaiters.length > 0 && !this.hasUnsettled()) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /**
   * True while a command still waits for its reply. Settled commands can linger in the queues (a timed-out one keeps
   * its place until its reply is read), so the queues' lengths alone would keep a closing client waiting for nothing.
   */
  private hasUnsettled(): boolean {
    for (let i = 0; i < this.inflight.length; i++) if (!this.inflight.peekAt(i)!.settled) return true;
    for (let i = 0; i < this.unsent.length; i++) if (!this.unsent.peekAt(i)!.settled) return true;
    return false;
  }

  private endSession(): void {
    this.session++;
    if (this.listenerCount('session-end') > 0) this.emit('session-end');
  }

  private handlePush(frame: RespValue[]): void {
    if (this.onPush !== undefined) this.onPush(frame);
    else if (this.listenerCount('push') > 0) this.emit('push', frame);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(this.flushCallback);
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.state === 'ready' && !this.waitingForDrain && !this.moving && this.unsent.length > 0) {
      // Encoded as they are taken: a batch array would cost ~30 bytes per command in growth alone.
      let count = 0;
      let answered = 0;
      while (count < MAX_BATCH && this.unsent.length > 0) {
        const command = this.unsent.shift()!;
        if (command.settled) continue;
        if (command.timeoutMs === 0) command.deadline = 0;
        if ((command.flags & CommandFlags.NoReply) !== 0) command.resolve(null);
        else {
          this.inflight.push(command);
          answered++;
        }
        command.written = true;
        this.encoder.add(command.args);
        count++;
      }
      if (count > 0) {
        this.clock.batch(answered, count);
        this.writeEncoded();
      }
    }
  }

  private writeBatch(batch: readonly Command[]): void {
    for (let i = 0; i < batch.length; i++) {
      batch[i].written = true;
      this.encoder.add(batch[i].args);
    }
    this.clock.batch(batch.length, batch.length);
    this.writeEncoded();
  }

  /** Writes what the encoder holds in one go. */
  private writeEncoded(): void {
    const socket = this.socket!;
    const buffers = this.encoder.finish();
    let ok = true;
    if (buffers.length === 1) ok = socket.write(buffers[0]);
    else {
      socket.cork();
      for (const buffer of buffers) ok = socket.write(buffer);
      socket.uncork();
    }
    if (!ok) this.waitingForDrain = true;
  }

  private handleClose(socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.endSession();
    this.stopHealthChecks();
    const cause = this.lastError ?? new ConnectionError(`connection to ${this.endpoint} closed`);
    this.connectionLost(cause, true);
  }

  /** After a socket closed or a connect attempt failed before it had one: settle what was sent, then reconnect. */
  private connectionLost(cause: Error, hadSocket: boolean): void {
    clearTimeout(this.connectTimer);
    clearTimeout(this.moveTimer);
    detachConnection(this);
    if (hadSocket) this.failInflight(cause);
    this.clock.reset();
    this.protocolFailure = undefined;
    this.checkIdle();
    if (this.state === 'closed' || this.state === 'closing') return;
    this.applyOfflineDeadlines();
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
    this.rejectUnsent(error);
    this.emit('end');
  }

  /** Settles what was written to a socket that died: resend what is safe to resend, report the rest as unknown. */
  private failInflight(cause: Error): void {
    // Commands a demoted master refused went out before everything still in flight: they go first again.
    const resend: Command[] = this.rerouted.splice(0);
    while (this.inflight.length > 0) {
      const command = this.inflight.shift()!;
      if (command.settled) continue;
      if (this.protocolFailure !== undefined) this.fail(command, this.protocolFailure);
      else if (cause instanceof AuthenticationError && this.giveUp) this.fail(command, cause);
      else if (command.resendable && command.resends < this.config.maxResends) {
        command.resends++;
        command.written = false;
        resend.push(command);
      } else {
        this.fail(
          command,
          new ConnectionError(
            `${command.name}: the connection to ${this.endpoint} was lost after the command was sent; its outcome is unknown`,
            { cause, outcomeUnknown: true },
          ),
        );
      }
    }
    for (let i = resend.length - 1; i >= 0; i--) this.unsent.unshift(resend[i]);
    if (cause instanceof AuthenticationError && this.giveUp) this.rejectUnsent(cause);
    else if (this.config.failFast && this.unsent.length > 0) {
      // Nothing here reached the server (or it is safe to repeat): the owner may send it elsewhere at once.
      this.rejectUnsent(new ConnectionError(`connection to ${this.endpoint} lost before the reply`, { cause }));
    }
  }

  /** Commands waiting for a connection may wait `offlineQueueTimeoutMs` at most, whatever their own timeout. */
  private applyOfflineDeadlines(): void {
    const limit = Date.now() + this.config.offlineQueueTimeoutMs;
    for (let i = 0; i < this.unsent.length; i++) {
      const command = this.unsent.peekAt(i)!;
      if (command.deadline === 0 || command.deadline > limit) command.deadline = limit;
    }
    if (this.unsent.length > 0) this.startSweep();
  }

  private rejectUnsent(error: Error): void {
    while (this.unsent.length > 0) this.fail(this.unsent.shift()!, error);
    this.checkIdle();
  }

  /** Rejects a command and counts the failure in the statistics. */
  private fail(command: Command, error: Error): void {
    if (command.settled) return;
    this.stats.failed(error);
    command.reject(error);
  }

  private rejectAll(error: ClientClosedError, includeInflight: boolean): void {
    // Refused by a demoted master, so they never ran.
    for (const command of this.rerouted.splice(0)) command.reject(error);
    if (includeInflight) {
      while (this.inflight.length > 0) {
        const command = this.inflight.shift()!;
        command.reject(
          command.written ? new ClientClosedError(error.message, { cause: error, outcomeUnknown: true }) : error,
        );
      }
    }
    this.rejectUnsent(error);
  }

  /**
   * redis-py's `health_check_interval`: a connection silent for that long is PINGed; one whose PING goes unanswered is
   * torn down (and reconnected) rather than trusted with the next command.
   */
  private startHealthChecks(socket: Socket): void {
    const interval = this.config.healthCheckIntervalMs ?? 0;
    if (interval <= 0) return;
    this.stopHealthChecks();
    let seen = this.chunksSeen;
    this.healthTimer = setInterval(() => {
      if (this.socket !== socket || this.state !== 'ready') return;
      const quiet = this.chunksSeen === seen;
      seen = this.chunksSeen;
      if (!quiet || this.healthPingPending) return;
      this.healthPingPending = true;
      const ping = new Command(['PING'], false, undefined, CommandFlags.NoRetry);
      const timeoutMs = this.config.commandTimeoutMs > 0 ? this.config.commandTimeoutMs : interval;
      this.send(ping, timeoutMs).then(
        () => {
          this.healthPingPending = false;
        },
        (err: unknown) => {
          this.healthPingPending = false;
          if (err instanceof TimeoutError && this.socket === socket) {
            this.lastError = new TimeoutError(`${this.endpoint} did not answer a health-check PING`, true);
            socket.destroy(this.lastError);
          }
        },
      );
    }, interval);
    this.healthTimer.unref();
  }

  private stopHealthChecks(): void {
    clearInterval(this.healthTimer);
    this.healthTimer = undefined;
    this.healthPingPending = false;
  }

  private startSweep(): void {
    if (this.sweepTimer !== undefined) return;
    const { commandTimeoutMs, offlineQueueTimeoutMs } = this.config;
    const base = commandTimeoutMs > 0 ? Math.min(commandTimeoutMs, offlineQueueTimeoutMs) : offlineQueueTimeoutMs;
    const interval = Math.max(10, Math.min(250, Math.floor(base / 10)));
    this.sweepTimer = setInterval(() => this.sweep(), interval);
    this.sweepTimer.unref();
  }

  private stopSweep(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** Expires commands past their deadline and destroys a socket whose replies stopped coming. */
  private sweep(): void {
    if (this.pendingCount === 0) {
      this.stopSweep();
      return;
    }
    const now = Date.now();
    for (let i = 0; i < this.unsent.length; i++) {
      const command = this.unsent.peekAt(i)!;
      if (command.settled || command.deadline === 0 || command.deadline > now) continue;
      this.fail(
        command,
        this.state === 'ready'
          ? new TimeoutError(`${command.name} timed out before it could be sent to ${this.endpoint}`, false)
          : new ConnectionError(`${command.name}: not connected to ${this.endpoint} in time`, {
              cause: this.lastError,
            }),
      );
    }
    for (let i = 0; i < this.inflight.length; i++) {
      const command = this.inflight.peekAt(i)!;
      if (command.settled || command.deadline === 0 || command.deadline > now) continue;
      command.timedOut = true;
      this.fail(command, new TimeoutError(`${command.name} timed out waiting for ${this.endpoint}`, true));
    }
    if (this.idleWaiters.length > 0) this.checkIdle();
    const head = this.inflight.peekFront();
    const grace = Math.max(1000, this.config.commandTimeoutMs);
    if (head?.timedOut && now - head.deadline > grace && this.socket !== undefined) {
      // The server has not answered for a whole extra timeout: trust nothing more from this socket.
      this.lastError = new TimeoutError(`${this.endpoint} stopped answering`, true);
      this.socket.destroy(this.lastError);
    }
  }
}
