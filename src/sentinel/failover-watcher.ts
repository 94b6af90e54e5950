/**
 * Listens for `+switch-master` on every known sentinel (one subscriber connection each, resubscribing after
 * reconnects) and tells the endpoints of that service where the master went. Several sentinels announce the same
 * failover; moving is idempotent (a connection already at the new master stays), so duplicates cost nothing.
 *
 * Endpoints are held weakly: a client the program dropped without closing it does not stay alive through here.
 */
import type { PubSub, PubSubMessage } from '../client/pubsub.js';
import type { StrictRedis } from '../client/strict-redis.js';
import type { Address } from './replies.js';
import { parseSwitchMaster } from './replies.js';

export interface SwitchListener {
  readonly service: string;
  switched(master: Address): void;
}

export class FailoverWatcher {
  private readonly subscribers = new Map<StrictRedis, PubSub<string>>();
  private readonly listeners = new Set<WeakRef<SwitchListener>>();
  private started = false;
  private closed = false;

  /** Registers an endpoint to be told about failovers of its service. */
  add(listener: SwitchListener): void {
    // Now and then, forget the endpoints of clients that are gone.
    if (this.listeners.size % 64 === 63) for (const ref of this.listeners) if (!ref.deref()) this.listeners.delete(ref);
    this.listeners.add(new WeakRef(listener));
  }

  /** Subscribes on these sentinels (the first call starts watching; later calls add new sentinels). */
  watch(sentinels: readonly StrictRedis[]): void {
    if (this.closed) return;
    this.started = true;
    for (const sentinel of sentinels) {
      if (this.subscribers.has(sentinel)) continue;
      const pubsub = sentinel.pubsub() as PubSub<string>;
      // A sentinel that is down now is subscribed to when it comes back (PubSub resubscribes on reconnect).
      pubsub.on('error', () => {});
      pubsub.subscribe({ '+switch-master': (message) => this.onSwitch(message) }).catch(() => {});
      this.subscribers.set(sentinel, pubsub);
    }
  }

  /** True once watching started: sentinels discovered later are subscribed to as well. */
  get watching(): boolean {
    return this.started && !this.closed;
  }

  private onSwitch(message: PubSubMessage<string>): void {
    const notice = parseSwitchMaster(message.data);
    if (notice === undefined) return;
    for (const ref of this.listeners) {
      const listener = ref.deref();
      if (listener === undefined) this.listeners.delete(ref);
      else if (listener.service === notice.service) listener.switched(notice.to);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const subscribers = [...this.subscribers.values()];
    this.subscribers.clear();
    await Promise.all(subscribers.map((pubsub) => pubsub.close()));
  }
}
