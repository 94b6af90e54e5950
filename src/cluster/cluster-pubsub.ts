/**
 * Pub/sub on a cluster. Classic channels and patterns live on one subscriber connection to a random primary (PUBLISH
 * is broadcast to every node, so any node hears everything); when that node stays unreachable the subscriptions move
 * to another primary. Sharded channels (SSUBSCRIBE, Redis 7) live on the primary that owns each channel's slot, one
 * subscriber connection per such node; they follow their slot when it moves: the server unsubscribes them itself
 * (an unasked `sunsubscribe`), a topology refresh shows a new owner, or the node's connection fails — each makes the
 * client look up the owner again and subscribe there.
 */
import {
  type ChannelArg,
  type MessageHandler,
  MessageStream,
  PubSub,
  type PubSubOptions,
  parseTargets,
} from '../client/pubsub.js';
import type { ConnectionConfig } from '../connection/options.js';
import { ClientClosedError, ClusterError, type MovedError } from '../errors.js';
import { addressKey } from './address.js';
import type { ClusterNode } from './cluster-nodes.js';
import { keySlot } from './slot.js';
import type { TopologyManager } from './topology-manager.js';

/** Failed reconnects to the classic subscriber's node before its subscriptions move to another primary. */
const MOVE_AFTER_ATTEMPTS = 3;

export interface ClusterPubSubHost {
  readonly topology: TopologyManager;
  readonly wantsBuffers: boolean;
}

type Target<V> = ChannelArg | ChannelArg[] | Record<string, MessageHandler<V>>;

function asArg<V>([name, handler]: [ChannelArg, MessageHandler<V> | undefined]): Target<V> {
  return handler === undefined ? name : { [String(name)]: handler };
}

/** Pub/sub on a cluster: classic subscriptions on one primary, sharded ones on each channel's slot owner. */
export class ClusterPubSub<V = string | Buffer> extends MessageStream<V> {
  private classic: PubSub<V> | undefined;
  private readonly shards = new Map<string, PubSub<V>>();
  private closed = false;
  private readonly onRefresh = () => {
    void this.rebalance().catch((err: Error) => this.reportError(err));
  };

  constructor(
    private readonly host: ClusterPubSubHost,
    private readonly pubsubOptions: PubSubOptions = {},
  ) {
    super(pubsubOptions);
    host.topology.on('refresh', this.onRefresh);
  }

  /** `host:port` of the node holding the classic subscriptions, once there are any. */
  get classicEndpoint(): string | undefined {
    return this.classic?.endpoint;
  }

  /** `host:port` of every node holding sharded subscriptions. */
  get shardEndpoints(): string[] {
    return [...this.shards.values()].filter((p) => p.subscribed).map((p) => p.endpoint);
  }

  async subscribe(...channels: Array<Target<V>>): Promise<void> {
    await (await this.classicPubSub()).subscribe(...channels);
  }

  async psubscribe(...patterns: Array<Target<V>>): Promise<void> {
    await (await this.classicPubSub()).psubscribe(...patterns);
  }

  async unsubscribe(...channels: Array<ChannelArg | ChannelArg[]>): Promise<void> {
    await this.classic?.unsubscribe(...channels);
  }

  async punsubscribe(...patterns: Array<ChannelArg | ChannelArg[]>): Promise<void> {
    await this.classic?.punsubscribe(...patterns);
  }

  /** SSUBSCRIBE each channel on the primary that owns its slot. */
  async ssubscribe(...channels: Array<Target<V>>): Promise<void> {
    this.assertOpen('SSUBSCRIBE');
    const targets = parseTargets('SSUBSCRIBE', channels as Array<ChannelArg | Record<string, MessageHandler<V>>>);
    await this.ensureTable();
    const groups = new Map<ClusterNode, Array<[ChannelArg, MessageHandler<V> | undefined]>>();
    for (const target of targets) {
      const node = this.ownerOf(target[0]);
      const list = groups.get(node) ?? [];
      list.push(target);
      groups.set(node, list);
    }
    await Promise.all([...groups].map(([node, list]) => this.shardPubSub(node).ssubscribe(...list.map(asArg))));
  }

  /** SUNSUBSCRIBE the given sharded channels, or all of them. */
  async sunsubscribe(...channels: Array<ChannelArg | ChannelArg[]>): Promise<void> {
    const names = channels.flat();
    if (names.length === 0) {
      await Promise.all([...this.shards.values()].map((p) => p.sunsubscribe()));
      return;
    }
    const wanted = new Set(names.map((n) => Buffer.from(n).toString('latin1')));
    await Promise.all(
      [...this.shards.values()].map((p) => {
        const mine = p.shardChannels.filter((n) => wanted.has(Buffer.from(n).toString('latin1')));
        return mine.length > 0 ? p.sunsubscribe(...mine) : undefined;
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.host.topology.off('refresh', this.onRefresh);
    const all = [this.classic, ...this.shards.values()];
    this.classic = undefined;
    this.shards.clear();
    await Promise.all(all.map((p) => p?.close()));
    this.endStream();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private assertOpen(command: string): void {
    if (this.closed) throw new ClientClosedError(`${command}: the pub/sub object is closed`);
  }

  private async ensureTable(): Promise<void> {
    if (this.host.topology.table === undefined) await this.host.topology.refresh();
  }

  private ownerOf(channel: ChannelArg): ClusterNode {
    const master = this.host.topology.table?.masterFor(keySlot(channel));
    if (master === undefined) throw new ClusterError('SSUBSCRIBE: the channel slot is not served by any node');
    return this.host.topology.nodeOf(master);
  }

  /** The subscriber connection's settings: the node's own, but it queues while reconnecting rather than failing. */
  private configFor(node: ClusterNode): ConnectionConfig {
    return { ...node.connection.config, failFast: false, readOnly: false };
  }

  private makePubSub(node: ClusterNode): PubSub<V> {
    return new PubSub<V>({
      ...this.pubsubOptions,
      config: this.configFor(node),
      wantsBuffers: this.host.wantsBuffers,
      sink: this as unknown as MessageStream<string | Buffer>,
    });
  }

  private async classicPubSub(): Promise<PubSub<V>> {
    this.assertOpen('SUBSCRIBE');
    if (this.classic !== undefined) return this.classic;
    await this.ensureTable();
    if (this.classic !== undefined) return this.classic;
    this.classic = this.newClassic(undefined);
    return this.classic;
  }

  private newClassic(avoid: string | undefined): PubSub<V> {
    const masters = this.host.topology.table?.masters() ?? [];
    const candidates = masters.filter((m) => addressKey(m.host, m.port) !== avoid);
    const pool = candidates.length > 0 ? candidates : masters;
    if (pool.length === 0) throw new ClusterError('SUBSCRIBE: the cluster has no primary to subscribe on');
    const node = this.host.topology.nodeOf(pool[Math.floor(Math.random() * pool.length)]);
    const pubsub = this.makePubSub(node);
    pubsub.on('reconnecting', (info: { attempt: number }) => {
      if (info.attempt >= MOVE_AFTER_ATTEMPTS && this.classic === pubsub) {
        void this.moveClassic(pubsub, node.key).catch((err: Error) => this.reportError(err));
      }
    });
    return pubsub;
  }

  /** The classic subscriber's node stays unreachable: subscribe on another primary and drop the old connection. */
  private async moveClassic(old: PubSub<V>, oldKey: string): Promise<void> {
    await this.host.topology.refresh().catch(() => {});
    if (this.closed || this.classic !== old) return;
    const channels = old.entries('channel');
    const patterns = old.entries('pattern');
    const next = this.newClassic(oldKey);
    this.classic = next;
    void old.close();
    if (channels.length > 0) await next.subscribe(...channels.map(asArg));
    if (patterns.length > 0) await next.psubscribe(...patterns.map(asArg));
  }

  private shardPubSub(node: ClusterNode): PubSub<V> {
    let pubsub = this.shards.get(node.key);
    if (pubsub === undefined) {
      const created = this.makePubSub(node);
      created.on('shard-moved', () => {
        void this.refreshAndRebalance(created).catch((err: Error) => this.reportError(err));
      });
      // SSUBSCRIBE answered with MOVED (the map used was stale): believe the node, as the executor does, and move.
      created.on('slot-moved', (err: MovedError) => {
        const target = this.host.topology.member(err.host || node.host, err.port);
        if (target !== undefined) this.host.topology.table?.patchSlot(err.slot, target.host, target.port);
        this.host.topology.refreshSoon();
        void this.rebalance().catch((e: Error) => this.reportError(e));
      });
      // A failing node may have failed over: look at the topology again (the refresh event rebalances).
      created.on('reconnecting', () => this.host.topology.refreshSoon());
      this.shards.set(node.key, created);
      pubsub = created;
    }
    return pubsub;
  }

  /** The server dropped a sharded channel (its slot moved): find the new owner and subscribe there. */
  private async refreshAndRebalance(from: PubSub<V>): Promise<void> {
    await this.host.topology.refresh().catch(() => {});
    await this.rebalance(from);
  }

  /**
   * Moves every sharded channel whose slot owner is not the node it is subscribed on. Channels of `resubscribeOn`
   * that stay put are subscribed again (the server may have dropped them).
   */
  private async rebalance(resubscribeOn?: PubSub<V>): Promise<void> {
    if (this.closed || this.host.topology.table === undefined) return;
    const work: Promise<void>[] = [];
    for (const [key, pubsub] of this.shards) {
      for (const entry of pubsub.entries('shard')) {
        const owner = this.ownerOf(entry[0]);
        if (owner.key === key) {
          if (pubsub === resubscribeOn) work.push(pubsub.ssubscribe(asArg(entry)));
          continue;
        }
        pubsub.sunsubscribe(entry[0]).catch(() => {});
        work.push(this.shardPubSub(owner).ssubscribe(asArg(entry)));
      }
      if (!pubsub.subscribed) {
        // Nothing left on that node (it may be gone for good): stop reconnecting to it.
        this.shards.delete(key);
        void pubsub.close();
      }
    }
    await Promise.all(work);
  }

  private reportError(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}
