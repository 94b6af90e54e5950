/**
 * redis-py's PubSub: subscriptions on a connection of their own. The connection is made here rather than taken from the
 * client's pool because pooled connections never reconnect: this one does, and after every reconnect it subscribes
 * again to every channel, pattern and shard channel still active, so a subscriber outlives server restarts and kills.
 *
 * Messages go, in this order of preference, to the handler given for their channel/pattern, else to a reader waiting
 * in `get_message()`/`listen()`, else to the buffer those read — unless an event listener for their type (`message`,
 * `pmessage`, `smessage`, `subscribe`…) is attached: every message is emitted, and one that a listener received is not
 * buffered too, so that an event-only subscriber does not accumulate an unread buffer.
 */
import { EventEmitter } from 'node:events';
import { keySlot } from '../cluster/slot.js';
import { Command, CommandFlags } from '../connection/command.js';
import { Connection } from '../connection/connection.js';
import type { ConnectionConfig } from '../connection/options.js';
import { frameKind } from '../connection/pubsub-frames.js';
import { ClientClosedError, ConnectionError, DataError, MovedError, ResponseError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';

/** A channel or pattern name: text (UTF-8) or bytes. */
export type ChannelArg = string | Buffer;

/** One message as redis-py returns it: `data` is the payload, or the subscription count for (un)subscribe kinds. */
export interface PubSubMessage<V = string | Buffer> {
  type: string;
  pattern: V | null;
  channel: V;
  data: V | number;
}

/** A callback given to `subscribe({ channel: handler })`: receives that channel's messages instead of the queue. */
export type MessageHandler<V> = (message: PubSubMessage<V>) => void;

/** Options of `get_message()`. */
export interface GetMessageOptions {
  /** Seconds to wait for a message (default 0: return at once). */
  timeout?: number;
  /** Skip subscribe/unsubscribe confirmations. */
  ignore_subscribe_messages?: boolean;
  ignoreSubscribeMessages?: boolean;
}

/** Options of `pubsub()`. */
export interface PubSubOptions {
  /** Never buffer or emit subscribe/unsubscribe confirmations. */
  ignore_subscribe_messages?: boolean;
  ignoreSubscribeMessages?: boolean;
}

export type SubscriptionKind = 'channel' | 'pattern' | 'shard';
type Kind = SubscriptionKind;

const SUBSCRIBE: Record<Kind, string> = { channel: 'SUBSCRIBE', pattern: 'PSUBSCRIBE', shard: 'SSUBSCRIBE' };
const UNSUBSCRIBE: Record<Kind, string> = { channel: 'UNSUBSCRIBE', pattern: 'PUNSUBSCRIBE', shard: 'SUNSUBSCRIBE' };
const CONFIRM_KIND: Record<string, Kind> = {
  subscribe: 'channel',
  unsubscribe: 'channel',
  psubscribe: 'pattern',
  punsubscribe: 'pattern',
  ssubscribe: 'shard',
  sunsubscribe: 'shard',
};

/** Identity of a channel whatever its spelling: its bytes, as a latin1 string (text channels are sent as UTF-8). */
export function channelKey(channel: RespValue | ChannelArg): string {
  if (Buffer.isBuffer(channel)) return channel.toString('latin1');
  return Buffer.from(String(channel), 'utf8').toString('latin1');
}

interface Waiter {
  kind: Kind;
  subscribing: boolean;
  remaining: Set<string>;
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Splits `subscribe('a', 'b', { c: handler })` into names and handlers. */
export function parseTargets<V>(
  command: string,
  args: ReadonlyArray<ChannelArg | Record<string, MessageHandler<V>>>,
): Array<[ChannelArg, MessageHandler<V> | undefined]> {
  const out: Array<[ChannelArg, MessageHandler<V> | undefined]> = [];
  for (const arg of args) {
    if (typeof arg === 'string' || Buffer.isBuffer(arg)) out.push([arg, undefined]);
    else if (Array.isArray(arg)) for (const name of arg as ChannelArg[]) out.push([name, undefined]);
    else if (typeof arg === 'object' && arg !== null) {
      for (const [name, handler] of Object.entries(arg)) {
        if (typeof handler !== 'function') throw new DataError(`${command}: a handler must be a function`);
        out.push([name, handler]);
      }
    } else throw new DataError(`${command} needs channel names (strings or Buffers)`);
  }
  if (out.length === 0) throw new DataError(`${command} needs at least one channel`);
  return out;
}

/**
 * Buffers messages for `get_message()` and `listen()`. PubSub is one; the cluster's pub/sub, which merges several
 * subscriber connections, is another.
 */
export class MessageStream<V = string | Buffer> extends EventEmitter {
  protected readonly buffered: PubSubMessage<V>[] = [];
  private readers: Array<(message: PubSubMessage<V> | null) => void> = [];
  protected ended = false;
  protected ignoreSubscribeMessages: boolean;

  constructor(options: PubSubOptions = {}) {
    super();
    this.ignoreSubscribeMessages = options.ignore_subscribe_messages ?? options.ignoreSubscribeMessages ?? false;
  }

  /** @internal Hands a message to a waiting reader or buffers it. */
  enqueue(message: PubSubMessage<V>): void {
    const isConfirmation = CONFIRM_KIND[message.type] !== undefined;
    if (isConfirmation && this.ignoreSubscribeMessages) return;
    const heard = this.emit(message.type, message);
    const reader = this.readers.shift();
    if (reader !== undefined) reader(message);
    else if (!heard) this.buffered.push(message);
  }

  /**
   * The next message, or null when none arrives within `timeout` seconds (default 0: only what is already buffered).
   * As in redis-py, a handler-consumed message is never returned here.
   */
  async get_message(options: GetMessageOptions = {}): Promise<PubSubMessage<V> | null> {
    const skipConfirmations = options.ignore_subscribe_messages ?? options.ignoreSubscribeMessages ?? false;
    const deadline = Date.now() + (options.timeout ?? 0) * 1000;
    for (;;) {
      const message = this.buffered.shift() ?? (await this.nextMessage(deadline - Date.now()));
      if (message === null) return null;
      if (skipConfirmations && CONFIRM_KIND[message.type] !== undefined) continue;
      return message;
    }
  }

  /** Alias of {@link get_message}. */
  getMessage(options: GetMessageOptions = {}): Promise<PubSubMessage<V> | null> {
    return this.get_message(options);
  }

  private nextMessage(waitMs: number): Promise<PubSubMessage<V> | null> {
    if (this.ended || waitMs <= 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.readers = this.readers.filter((r) => r !== reader);
        resolve(null);
      }, waitMs);
      const reader = (message: PubSubMessage<V> | null) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.readers.push(reader);
    });
  }

  /** Every message until `close()`: `for await (const message of pubsub.listen())`. */
  async *listen(): AsyncGenerator<PubSubMessage<V>, void, undefined> {
    for (;;) {
      const message =
        this.buffered.shift() ??
        (this.ended ? null : await new Promise<PubSubMessage<V> | null>((resolve) => this.readers.push(resolve)));
      if (message === null) return;
      yield message;
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<PubSubMessage<V>, void, undefined> {
    return this.listen();
  }

  /** Wakes every reader with "no more messages". */
  protected endStream(): void {
    this.ended = true;
    for (const reader of this.readers.splice(0)) reader(null);
  }
}

export interface PubSubInit extends PubSubOptions {
  /** Where the subscriber connection goes; its reconnect setting is forced on. */
  config: ConnectionConfig;
  wantsBuffers: boolean;
  /** Deliver messages without a handler here instead of to this object's own buffer (cluster pub/sub). */
  sink?: MessageStream<string | Buffer>;
}

/** Subscriptions on one server. Create it with `client.pubsub()`. */
export class PubSub<V = string | Buffer> extends MessageStream<V> {
  private connection: Connection | undefined;
  private readonly active: Record<Kind, Map<string, { name: ChannelArg; handler?: MessageHandler<V> }>> = {
    channel: new Map(),
    pattern: new Map(),
    shard: new Map(),
  };
  private waiters: Waiter[] = [];
  private readyOnce = false;
  /** Set when a queued command expired before the connection came up: the next `ready` must subscribe again. */
  private lostCommands = false;
  private closed = false;

  constructor(private readonly init: PubSubInit) {
    super(init);
  }

  /** The subscriber connection's endpoint (`host:port`). */
  get endpoint(): string {
    return `${this.init.config.host}:${this.init.config.port}`;
  }

  /** True while at least one channel, pattern or shard channel is subscribed. */
  get subscribed(): boolean {
    return this.active.channel.size + this.active.pattern.size + this.active.shard.size > 0;
  }

  /** The subscribed channels (as given). */
  get channels(): ChannelArg[] {
    return [...this.active.channel.values()].map((e) => e.name);
  }

  get patterns(): ChannelArg[] {
    return [...this.active.pattern.values()].map((e) => e.name);
  }

  get shardChannels(): ChannelArg[] {
    return [...this.active.shard.values()].map((e) => e.name);
  }

  /** @internal What is subscribed, with handlers: for moving subscriptions to another node. */
  entries(kind: Kind): Array<[ChannelArg, MessageHandler<V> | undefined]> {
    return [...this.active[kind].values()].map((e) => [e.name, e.handler]);
  }

  /** SUBSCRIBE; resolves once the server confirmed every channel. `{ channel: handler }` routes that channel's messages. */
  subscribe(...channels: Array<ChannelArg | ChannelArg[] | Record<string, MessageHandler<V>>>): Promise<void> {
    return this.add('channel', channels as Array<ChannelArg | Record<string, MessageHandler<V>>>);
  }

  /** PSUBSCRIBE with glob-style patterns; `{ pattern: handler }` routes that pattern's messages. */
  psubscribe(...patterns: Array<ChannelArg | ChannelArg[] | Record<string, MessageHandler<V>>>): Promise<void> {
    return this.add('pattern', patterns as Array<ChannelArg | Record<string, MessageHandler<V>>>);
  }

  /** SSUBSCRIBE (Redis 7): sharded channels. On a cluster, use the cluster client's `pubsub().ssubscribe()`. */
  ssubscribe(...channels: Array<ChannelArg | ChannelArg[] | Record<string, MessageHandler<V>>>): Promise<void> {
    return this.add('shard', channels as Array<ChannelArg | Record<string, MessageHandler<V>>>);
  }

  /** UNSUBSCRIBE the given channels, or all of them. */
  unsubscribe(...channels: Array<ChannelArg | ChannelArg[]>): Promise<void> {
    return this.remove('channel', channels.flat());
  }

  punsubscribe(...patterns: Array<ChannelArg | ChannelArg[]>): Promise<void> {
    return this.remove('pattern', patterns.flat());
  }

  sunsubscribe(...channels: Array<ChannelArg | ChannelArg[]>): Promise<void> {
    return this.remove('shard', channels.flat());
  }

  /** Closes the subscriber connection; `listen()` loops end and pending subscribe calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    for (const kind of ['channel', 'pattern', 'shard'] as const) this.active[kind].clear();
    this.failWaiters(new ClientClosedError('the pub/sub connection was closed'));
    this.endStream();
    connection?.disconnect();
  }

  /** Alias of {@link close}, as in redis-py. */
  reset(): Promise<void> {
    return this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private add(kind: Kind, args: Array<ChannelArg | Record<string, MessageHandler<V>>>): Promise<void> {
    const command = SUBSCRIBE[kind];
    if (this.closed) return Promise.reject(new ClientClosedError(`${command}: the pub/sub object is closed`));
    let targets: Array<[ChannelArg, MessageHandler<V> | undefined]>;
    try {
      targets = parseTargets(command, args);
    } catch (err) {
      return Promise.reject(err);
    }
    const remaining = new Set<string>();
    for (const [name, handler] of targets) {
      const key = channelKey(name);
      remaining.add(key);
      this.active[kind].set(key, { name, handler });
    }
    const waiter = this.wait(kind, true, remaining);
    this.sendGrouped(
      kind,
      command,
      targets.map(([name]) => name),
      waiter,
    );
    return waiter.promise;
  }

  private remove(kind: Kind, names: ChannelArg[]): Promise<void> {
    const command = UNSUBSCRIBE[kind];
    if (this.closed || this.connection === undefined) return Promise.resolve();
    const keys = names.length > 0 ? names.map(channelKey) : [...this.active[kind].keys()];
    // Forget them now, so that a reconnect in between does not subscribe to them again.
    for (const key of keys) this.active[kind].delete(key);
    const waiter = keys.length > 0 ? this.wait(kind, false, new Set(keys)) : undefined;
    if (names.length === 0) this.send([command], waiter);
    else this.sendGrouped(kind, command, names, waiter);
    return waiter?.promise ?? Promise.resolve();
  }

  /**
   * One command for all names, except for shard channels: a cluster rejects SSUBSCRIBE/SUNSUBSCRIBE across slots
   * (CROSSSLOT), so those go as one command per slot.
   */
  private sendGrouped(kind: Kind, command: string, names: ChannelArg[], waiter?: Waiter): void {
    if (kind !== 'shard') {
      this.send([command, ...names], waiter);
      return;
    }
    const bySlot = new Map<number, ChannelArg[]>();
    for (const name of names) {
      const slot = keySlot(name);
      const list = bySlot.get(slot);
      if (list === undefined) bySlot.set(slot, [name]);
      else list.push(name);
    }
    for (const group of bySlot.values()) this.send([command, ...group], waiter);
  }

  private wait(kind: Kind, subscribing: boolean, remaining: Set<string>): Waiter {
    const waiter = { kind, subscribing, remaining } as Waiter;
    waiter.promise = new Promise((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
    });
    this.waiters.push(waiter);
    return waiter;
  }

  /**
   * Queues a command. One that never reaches the server (not connected within the offline-queue timeout) rejects its
   * caller; what it subscribed to stays registered and is subscribed to once the connection is up.
   */
  private send(args: ChannelArg[], waiter?: Waiter): void {
    const command = new Command(args, this.init.wantsBuffers, undefined, CommandFlags.NoReply);
    command.promise.catch((err: unknown) => {
      if (this.closed) return;
      this.lostCommands = true;
      if (waiter !== undefined && this.waiters.includes(waiter)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.reject(err instanceof Error ? err : new ConnectionError(String(err)));
      }
    });
    this.ensureConnection().send(command, 0);
  }

  private ensureConnection(): Connection {
    if (this.connection !== undefined) return this.connection;
    const config = this.init.config;
    const connection = new Connection({ ...config, reconnect: { ...config.reconnect, enabled: true } });
    connection.subscriberMode = true;
    connection.pushBuffers = this.init.wantsBuffers;
    connection.onPush = (frame) => this.handleFrame(frame);
    connection.on('ready', () => this.resubscribe());
    // Connection errors are retried by the connection itself; listeners may watch them.
    connection.on('error', (err) => {
      if (err instanceof ResponseError) this.refused(err);
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
    connection.on('reconnecting', (info) => this.emit('reconnecting', info));
    this.connection = connection;
    return connection;
  }

  /** After a reconnect the server knows nothing of us: subscribe again to everything still active. */
  private resubscribe(): void {
    if (!this.readyOnce && !this.lostCommands) {
      // The first connect sends the commands queued by subscribe() itself (unless they expired waiting for it).
      this.readyOnce = true;
      return;
    }
    this.readyOnce = true;
    this.lostCommands = false;
    this.emit('resubscribe');
    for (const kind of ['channel', 'pattern', 'shard'] as const) {
      const names = [...this.active[kind].values()].map((e) => e.name);
      if (names.length > 0) this.sendGrouped(kind, SUBSCRIBE[kind], names);
    }
  }

  /**
   * The server refused a (un)subscribe command (NOPERM…). Replies come in order, so it belongs to the oldest call
   * still waiting: that call rejects, and channels it was adding are forgotten rather than retried after reconnects.
   */
  private refused(err: ResponseError): void {
    if (err instanceof MovedError) {
      // A cluster node no longer owns a shard channel's slot: the owner of this object moves it (see cluster-pubsub).
      this.emit('slot-moved', err);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter === undefined) return;
    if (waiter.subscribing) for (const key of waiter.remaining) this.active[waiter.kind].delete(key);
    waiter.reject(err);
  }

  private failWaiters(err: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(err);
  }

  private handleFrame(frame: RespValue[]): void {
    const type = frameKind(frame);
    if (type === undefined) return;
    const kind = CONFIRM_KIND[type];
    if (kind !== undefined) {
      this.confirm(kind, type.endsWith('unsubscribe') === false, frame[1]);
      this.deliver({ type, pattern: null, channel: frame[1] as V, data: Number(frame[2]) }, undefined);
      return;
    }
    if (type === 'message' || type === 'smessage') {
      const handler = this.active[type === 'message' ? 'channel' : 'shard'].get(channelKey(frame[1]))?.handler;
      this.deliver({ type, pattern: null, channel: frame[1] as V, data: frame[2] as V }, handler);
    } else if (type === 'pmessage') {
      const handler = this.active.pattern.get(channelKey(frame[1]))?.handler;
      this.deliver({ type, pattern: frame[1] as V, channel: frame[2] as V, data: frame[3] as V }, handler);
    }
  }

  private confirm(kind: Kind, subscribing: boolean, channel: RespValue): void {
    if (channel === null || channel === undefined) return;
    const key = channelKey(channel);
    this.waiters = this.waiters.filter((w) => {
      if (w.kind !== kind || w.subscribing !== subscribing) return true;
      w.remaining.delete(key);
      if (w.remaining.size > 0) return true;
      w.resolve();
      return false;
    });
    // A shard channel whose slot moved away is unsubscribed by the server itself (Redis 7): tell the owner.
    if (kind === 'shard' && !subscribing && this.active.shard.has(key)) {
      this.emit('shard-moved', this.active.shard.get(key)!.name);
    }
  }

  private deliver(message: PubSubMessage<V>, handler: MessageHandler<V> | undefined): void {
    if (handler !== undefined) {
      handler(message);
      return;
    }
    if (this.init.sink !== undefined) this.init.sink.enqueue(message as PubSubMessage<string | Buffer>);
    else this.enqueue(message);
  }
}
