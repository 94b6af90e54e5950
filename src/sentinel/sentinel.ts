/**
 * redis-py's `redis.sentinel.Sentinel`: finds a service's master and replicas through Redis Sentinel and makes
 * StrictRedis clients that follow failovers.
 *
 * Following the Sentinel client guidelines: sentinels are asked in order and the one that answers moves to the front;
 * a null answer means that sentinel does not know the service. The clients from `master_for` resolve the master before
 * every connect and check ROLE after it, move at once when a sentinel announces `+switch-master` (subscribed on every
 * sentinel), and treat READONLY as a sign that their master was demoted. The list of sentinels grows with those the
 * sentinels report (SENTINEL SENTINELS). The outcome-unknown rule is unchanged: a command written to a master that
 * died is resent only when repeating it is harmless.
 */
import { inspect } from 'node:util';
import type { ClientOptions } from '../client/options.js';
import { type ReplyInteger, type ReplyString, StrictRedis } from '../client/strict-redis.js';
import type { ConnectionConfig } from '../connection/options.js';
import { DataError, MasterNotFoundError } from '../errors.js';
import { MasterEndpoint, ReplicaEndpoint } from './endpoints.js';
import { FailoverWatcher } from './failover-watcher.js';
import { type Address, addressText, parseInstances, parseMasterAddress } from './replies.js';
import {
  clientOptions,
  type NormalizedSentinelOptions,
  normalizeSentinelOptions,
  parseSentinelUrl,
  type SentinelAddress,
  type SentinelClientOptions,
  type SentinelOptions,
} from './sentinel-options.js';

/** Ask a sentinel for its peers (SENTINEL SENTINELS) at most this often (ms). */
const SENTINEL_LIST_REFRESH_MS = 30_000;

/**
 * A client of a service's master or replicas, typed by the options in force: the per-call options `O` over the
 * Sentinel's own `S` decide its reply types.
 */
export type SentinelManagedClient<S, O> = StrictRedis<
  ReplyString<Omit<S, keyof O | 'sentinel_kwargs' | 'sentinelKwargs'> & O>,
  ReplyInteger<Omit<S, keyof O | 'sentinel_kwargs' | 'sentinelKwargs'> & O>
>;

/** StrictRedis's constructor with its internal second argument: the settings of a Sentinel-managed connection. */
const ManagedClient = StrictRedis as unknown as new (
  options: ClientOptions,
  hooks: Partial<ConnectionConfig>,
) => StrictRedis<string | Buffer, number | bigint>;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * redis-py's Sentinel: `new Sentinel([{ host, port }, …], options)`, then `master_for(service)` and
 * `slave_for(service)` for clients, `discover_master` and `discover_slaves` for addresses. See docs/sentinel.md.
 */
export class Sentinel<S extends SentinelOptions = Record<never, never>> {
  /** One client per sentinel, the one that answered last first (redis-py's `sentinels`). */
  readonly sentinels: StrictRedis[] = [];
  /** The service named by a `redis+sentinel://` URL: the default of `master_for` and `slave_for`. */
  readonly service_name: string | undefined;
  private readonly options: NormalizedSentinelOptions;
  /** `host:port` of each sentinel client, for messages and to add each sentinel once. */
  private readonly names = new Map<StrictRedis, string>();
  private readonly watcher = new FailoverWatcher();
  private listRefreshedAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(sentinels: readonly SentinelAddress[], options?: S & SentinelOptions, service_name?: string) {
    this.options = normalizeSentinelOptions(sentinels, options);
    this.service_name = service_name;
    for (const address of this.options.addresses) this.addSentinel(address);
  }

  /**
   * A Sentinel from `redis+sentinel://[[user]:password@]host:port[,host:port…]/service_name[/db]` (or
   * `rediss+sentinel://`); its `service_name` is the URL's. `options` override what the URL says.
   */
  static fromUrl<O extends SentinelOptions = Record<never, never>>(
    url: string,
    options?: O & SentinelOptions,
  ): Sentinel<O> {
    const parsed = parseSentinelUrl(url);
    return new Sentinel(parsed.sentinels, { ...parsed.options, ...options } as O, parsed.service_name);
  }

  private addSentinel(address: Address): void {
    const key = addressText(address);
    if ([...this.names.values()].includes(key)) return;
    const client = new StrictRedis({ ...this.options.sentinel, host: address.host, port: address.port }) as StrictRedis;
    this.names.set(client, key);
    this.sentinels.push(client);
    if (this.watcher.watching) this.watcher.watch([client]);
  }

  private serviceName(service_name: string | undefined, where: string): string {
    const name = service_name ?? this.service_name;
    if (typeof name !== 'string' || name.length === 0) throw new DataError(`${where} needs a service name`);
    return name;
  }

  /**
   * The master's `[host, port]`, from the first sentinel that knows the service (it then moves to the front).
   * Rejects with MasterNotFoundError, naming why each sentinel could not say.
   */
  async discover_master(service_name: string): Promise<[string, number]> {
    const name = this.serviceName(service_name, 'discover_master');
    const problems: string[] = [];
    for (const sentinel of [...this.sentinels]) {
      try {
        const address = parseMasterAddress(await sentinel.execute_command('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name));
        if (address === null) {
          problems.push(`${this.names.get(sentinel)}: does not know ${name}`);
          continue;
        }
        this.moveToFront(sentinel);
        this.refreshSentinelsSoon(sentinel, name);
        return [address.host, address.port];
      } catch (err) {
        problems.push(`${this.names.get(sentinel)}: ${message(err)}`);
      }
    }
    throw new MasterNotFoundError(`no master found for ${name} (${problems.join('; ')})`);
  }

  /** Alias of {@link discover_slaves}, in redis-py's newer words. */
  discover_replicas(service_name: string): Promise<Array<[string, number]>> {
    return this.discover_slaves(service_name);
  }

  /**
   * The healthy replicas' `[host, port]` pairs (SENTINEL REPLICAS, without those flagged s_down, o_down or
   * disconnected), from the first sentinel that lists any; `[]` when none does.
   */
  async discover_slaves(service_name: string): Promise<Array<[string, number]>> {
    const name = this.serviceName(service_name, 'discover_slaves');
    for (const sentinel of [...this.sentinels]) {
      let healthy: Array<[string, number]>;
      try {
        const reply = await sentinel.execute_command('SENTINEL', 'REPLICAS', name);
        healthy = parseInstances(reply, 'SENTINEL REPLICAS')
          .filter((r) => r.healthy)
          .map((r) => [r.host, r.port]);
      } catch {
        continue;
      }
      if (healthy.length > 0) return healthy;
    }
    return [];
  }

  /**
   * A StrictRedis for the service's master. It asks the sentinels where the master is before every connect and
   * checks ROLE, follows failovers as soon as a sentinel announces them, and re-resolves when the server says
   * READONLY. The client belongs to the caller: close it (closing the Sentinel does not).
   */
  master_for<O extends SentinelClientOptions = Record<never, never>>(
    service_name?: string,
    options?: O & SentinelClientOptions,
  ): SentinelManagedClient<S, O> {
    const name = this.serviceName(service_name, 'master_for');
    const endpoint = new MasterEndpoint(this, name);
    this.watcher.add(endpoint);
    return this.client(endpoint, options, 'master_for') as unknown as SentinelManagedClient<S, O>;
  }

  /**
   * A StrictRedis for reads from the service's replicas: each new connection takes the next healthy replica
   * (round-robin) whose ROLE says it is in sync, and the master when none is usable.
   */
  slave_for<O extends SentinelClientOptions = Record<never, never>>(
    service_name?: string,
    options?: O & SentinelClientOptions,
  ): SentinelManagedClient<S, O> {
    const name = this.serviceName(service_name, 'slave_for');
    const endpoint = new ReplicaEndpoint(this, name);
    this.watcher.add(endpoint);
    return this.client(endpoint, options, 'slave_for') as unknown as SentinelManagedClient<S, O>;
  }

  /** Alias of {@link slave_for}, in redis-py's newer words. */
  replica_for<O extends SentinelClientOptions = Record<never, never>>(
    service_name?: string,
    options?: O & SentinelClientOptions,
  ): SentinelManagedClient<S, O> {
    return this.slave_for(service_name, options);
  }

  private client(
    endpoint: MasterEndpoint | ReplicaEndpoint,
    options: SentinelClientOptions | undefined,
    where: string,
  ): StrictRedis<string | Buffer, number | bigint> {
    const merged = { ...this.options.client, ...clientOptions(options, `${where} options`) };
    return new ManagedClient(merged, { endpointResolver: endpoint });
  }

  /** @internal Starts listening for failover announcements (the first managed connection does). */
  watch(): void {
    if (!this.closed && !this.watcher.watching) this.watcher.watch(this.sentinels);
  }

  /**
   * Adds the sentinels that `SENTINEL SENTINELS service_name` reports and this object does not know yet, from the
   * first sentinel that answers. Done in the background after a master is found, at most every 30 s.
   */
  async refresh_sentinels(service_name?: string): Promise<void> {
    const name = this.serviceName(service_name, 'refresh_sentinels');
    for (const sentinel of [...this.sentinels]) {
      if (await this.addPeersOf(sentinel, name)) return;
    }
  }

  private async addPeersOf(sentinel: StrictRedis, name: string): Promise<boolean> {
    let peers: Address[];
    try {
      const reply = await sentinel.execute_command('SENTINEL', 'SENTINELS', name);
      peers = parseInstances(reply, 'SENTINEL SENTINELS');
    } catch {
      return false; // down, or a malformed reply: ask the next one
    }
    this.listRefreshedAt = Date.now();
    if (!this.closed) for (const peer of peers) this.addSentinel({ host: peer.host, port: peer.port });
    return true;
  }

  private refreshSentinelsSoon(sentinel: StrictRedis, name: string): void {
    if (Date.now() - this.listRefreshedAt < SENTINEL_LIST_REFRESH_MS) return;
    this.listRefreshedAt = Date.now();
    void this.addPeersOf(sentinel, name);
  }

  private moveToFront(sentinel: StrictRedis): void {
    const index = this.sentinels.indexOf(sentinel);
    if (index > 0) {
      this.sentinels.splice(index, 1);
      this.sentinels.unshift(sentinel);
    }
  }

  /**
   * Closes the connections to the sentinels (queries and failover subscriptions). Clients from `master_for` and
   * `slave_for` are the caller's to close; after this they no longer find a new master.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.watcher.close(), ...this.sentinels.map((s) => s.close())]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  [inspect.custom](): string {
    return `Sentinel { sentinels: [${this.sentinels.map((s) => this.names.get(s) ?? '?').join(', ')}] }`;
  }

  toJSON(): { sentinels: string[] } {
    return { sentinels: this.sentinels.map((s) => this.names.get(s) ?? '?') };
  }
}
