/**
 * The endpoint resolvers behind `master_for` and `slave_for` (see EndpointResolver in the connection layer): before
 * every connect attempt they ask the sentinels where to go, and a ROLE pipelined behind the handshake proves the
 * server is what they were told. Every connection made with them is tracked, so that a `+switch-master` announcement
 * moves all of them at once rather than at their next reconnect.
 */
import type { Address, EndpointResolver } from '../connection/connect-hooks.js';
import type { Connection } from '../connection/connection.js';
import { ConnectionError, MasterNotFoundError, SlaveNotFoundError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';
import { addressText, parseRole, sameAddress } from './replies.js';

/** What the endpoints need from the Sentinel object. */
export interface SentinelDiscovery {
  discover_master(service: string): Promise<[string, number]>;
  discover_slaves(service: string): Promise<Array<[string, number]>>;
  /** Subscribes to the sentinels' failover announcements (once, on first use). */
  watch(): void;
}

abstract class ServiceEndpoint implements EndpointResolver {
  abstract readonly description: string;
  readonly verify = {
    args: ['ROLE'],
    check: (reply: RespValue, address: Address): Error | undefined => this.check(reply, address),
  };
  protected readonly connections = new Set<Connection>();

  constructor(
    protected readonly sentinel: SentinelDiscovery,
    readonly service: string,
  ) {}

  abstract resolve(): Promise<Address>;
  protected abstract check(reply: RespValue, address: Address): Error | undefined;
  /** A failover of this service finished: the master is now at `master`. */
  abstract switched(master: Address): void;

  track(connection: Connection): void {
    this.connections.add(connection);
  }

  untrack(connection: Connection): void {
    this.connections.delete(connection);
  }

  protected async master(): Promise<Address> {
    this.sentinel.watch();
    const [host, port] = await this.sentinel.discover_master(this.service);
    return { host, port };
  }
}

/** `master_for`: the service's master; READONLY (a demoted master) moves the connection and resends the command. */
export class MasterEndpoint extends ServiceEndpoint {
  readonly followReadOnly = true;

  get description(): string {
    return `${this.service} (master, via Sentinel)`;
  }

  resolve(): Promise<Address> {
    return this.master();
  }

  protected check(reply: RespValue, address: Address): Error | undefined {
    const { role } = parseRole(reply);
    if (role === 'master') return undefined;
    // A sentinel that has not seen the failover yet, or a demoted master that came back: resolve again.
    return new ConnectionError(`${addressText(address)} is not the master of ${this.service} (ROLE says ${role})`);
  }

  switched(master: Address): void {
    for (const connection of this.connections) {
      if (!sameAddress(connection.resolvedAddress, master)) connection.retarget();
    }
  }
}

/**
 * `slave_for` / `replica_for`: healthy replicas in turn (round-robin, starting at a random one), then the master when
 * none could be used — as redis-py's `rotate_slaves` does. A replica must say ROLE slave with its link connected.
 */
export class ReplicaEndpoint extends ServiceEndpoint {
  private cursor = -1;
  /** Replicas tried since a connection last succeeded: when all were, the master is next. */
  private tried = 0;

  get description(): string {
    return `${this.service} (replica, via Sentinel)`;
  }

  async resolve(): Promise<Address> {
    this.sentinel.watch();
    const replicas = await this.sentinel.discover_slaves(this.service);
    if (this.tried < replicas.length) {
      if (this.cursor < 0) this.cursor = Math.floor(Math.random() * replicas.length);
      this.cursor = (this.cursor + 1) % replicas.length;
      this.tried++;
      const [host, port] = replicas[this.cursor];
      return { host, port };
    }
    this.tried = 0;
    try {
      return await this.master();
    } catch (err) {
      if (!(err instanceof MasterNotFoundError)) throw err;
      throw new SlaveNotFoundError(`no replica and no master found for ${this.service}`, { cause: err });
    }
  }

  protected check(reply: RespValue, address: Address): Error | undefined {
    const { role, linkState } = parseRole(reply);
    // The master itself is the fallback; a replica must be in sync with its master.
    if (role === 'master' || (role === 'slave' && linkState === 'connected')) {
      this.tried = 0;
      return undefined;
    }
    const detail = role === 'slave' ? `its link to the master is ${linkState ?? 'unknown'}` : `ROLE says ${role}`;
    return new ConnectionError(`${addressText(address)} is not a usable replica of ${this.service} (${detail})`);
  }

  switched(master: Address): void {
    // A replica that was promoted now takes the writes: read from the others. Connections waiting to reconnect
    // (their replica died) try again at once.
    for (const connection of this.connections) {
      if (sameAddress(connection.resolvedAddress, master) || connection.status === 'reconnecting') {
        connection.retarget();
      }
    }
  }
}
