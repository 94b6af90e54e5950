/**
 * One socket to one server, shared by many callers. Commands are queued, written in batches (everything issued in one
 * tick goes out in one write), and matched to replies first-in-first-out. The handshake (HELLO/AUTH, SELECT, SETNAME,
 * READONLY) runs before any queued command, again after every reconnect.
 *
 * This file holds the per-command path (send, flush, reply matching) and the API callers use; the socket's life
 * (connecting, handshake, reconnecting, moving after a failover, closing) is the base class, ConnectionLifecycle.
 *
 * Invariants that keep callers from ever receiving someone else's reply:
 * - a command that was written stays in `inflight` until its reply arrives or the socket dies, even when its caller
 *   timed out (the late reply is read and dropped);
 * - a connection that stops answering long after a timeout is destroyed rather than trusted.
 */
import type { Socket } from 'node:net';
import {
  ClientClosedError,
  ConnectionError,
  nameCommand,
  ProtocolError,
  ReadOnlyError,
  RedisError,
  ResponseError,
} from '../errors.js';
import { CommandEncoder, type RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { Command, CommandFlags } from './command.js';
import { observeConnection } from './connection-events.js';
import { ConnectionLifecycle, type ConnectionState } from './connection-lifecycle.js';
import { handshakeCommands, redactPasswords } from './handshake.js';
import type { ConnectionConfig } from './options.js';
import { isPubSubFrame } from './pubsub-frames.js';
import type { QueueGauge } from './stats.js';

export type { ConnectionEvents, ConnectionState } from './connection-lifecycle.js';

/** Commands written per socket write at most; bounds the size of one encoded batch. */
const MAX_BATCH = 2048;

export class Connection extends ConnectionLifecycle implements QueueGauge {
  /** In subscriber mode, pub/sub frames are routed to `onPush` instead of being matched with commands. */
  subscriberMode = false;
  /** Receives RESP3 push frames and, in subscriber mode, RESP2 pub/sub frames. */
  onPush: ((frame: RespValue[]) => void) | undefined;
  /**
   * Receives replies that no command is waiting for, instead of failing the connection: what MONITOR streams after
   * its `+OK`. Only a connection dedicated to such a stream sets it.
   */
  onUnsolicited: ((reply: RespValue) => void) | undefined;
  /** Decode pub/sub frames as Buffers (binary channels and messages); RESP3 push frames follow it too. */
  get pushBuffers(): boolean {
    return this.decoder.pushBuffers;
  }
  set pushBuffers(value: boolean) {
    this.decoder.pushBuffers = value;
  }

  private readonly encoder = new CommandEncoder();
  private flushScheduled = false;
  private readonly flushCallback = () => this.flush();

  constructor(config: ConnectionConfig) {
    super(config);
    config.endpointResolver?.track?.(this);
    this.stats.attach(this);
    observeConnection(this);
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
      this.pending.fail(
        command,
        new ConnectionError(`${command.name}: not connected to ${this.endpoint}`, { cause: this.lastError }),
      );
      return command.promise;
    }
    if (this.state !== 'ready' && this.unsent.length >= this.config.maxOfflineQueue) {
      this.pending.fail(
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
    if (command.deadline !== 0) this.deadlines.start();
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
    const restore = handshakeCommands(this.config, this.credentials, this.sessionCommands).map((args) =>
      this.send(new Command(args, false, undefined, CommandFlags.NoRetry)),
    );
    if (restore.length === 0) return reply;
    const restored = Promise.all(restore).catch((err: unknown) => {
      redactPasswords(err, this.config, this.credentials);
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
    if (this.state !== 'closing' && this.pending.hasUnsettled()) {
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

  protected nextWantsBuffers(): boolean {
    if (this.subscriberMode) return this.pushBuffers;
    const head = this.inflight.peekFront();
    return head !== undefined ? head.wantsBuffers : this.pushBuffers;
  }

  protected handleData(socket: Socket, chunk: Buffer): void {
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

  protected handleReply(value: RespValue): void {
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

  protected handlePush(frame: RespValue[]): void {
    if (this.onPush !== undefined) this.onPush(frame);
    else if (this.listenerCount('push') > 0) this.emit('push', frame);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(this.flushCallback);
  }

  protected flush(): void {
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

  protected writeBatch(batch: readonly Command[]): void {
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
}
