/**
 * One StrictRedis client per node address, used for every administrative command (CLUSTER …, MIGRATE). Replies are
 * kept as Buffers so that keys read with GETKEYSINSLOT reach MIGRATE byte for byte; `text()` decodes the rest.
 */

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { StrictRedis } from '../client/strict-redis.js';
import { ClusterWaitTimeoutError } from './errors.js';
import { type NodeEntry, parseClusterNodes } from './nodes.js';

/** A node address. */
export interface Address {
  host: string;
  port: number | string;
}

/**
 * How the admin functions log in to the nodes: the same credentials and TLS settings for every node, as the cluster's
 * own clients use. MIGRATE passes the credentials on to the target node.
 */
export interface NodeAuth {
  /** ACL user (Redis 6+); omit for the default user. */
  username?: string;
  password?: string;
  /** TLS on every node connection: true for the defaults (certificates verified), or `node:tls` options. */
  tls?: TlsConnectOptions | boolean;
}

/**
 * A node given as `{ host, port }`, or a cluster given by its startup nodes (a LocalCluster fits too), with the
 * credentials to use if the nodes need them.
 */
export type ClusterRef = (Address | { startup_nodes: Address[] } | { startupNodes: Address[] }) & NodeAuth;

/** Just the credentials of an object that may carry them (a ClusterRef, options, a LocalCluster). */
export function authOf(source: NodeAuth): NodeAuth {
  return { username: source.username, password: source.password, tls: source.tls };
}

export function addressKey(a: Address): string {
  return `${a.host}:${Number(a.port)}`;
}

/** `host:port` (IPv6 as `[::1]:7000`) into an address. */
export function parseAddress(text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`not a host:port address: ${text}`);
  }
  return { host, port };
}

/** Startup addresses of a ClusterRef. */
export function refAddresses(ref: ClusterRef): Address[] {
  if ('startup_nodes' in ref) return ref.startup_nodes;
  if ('startupNodes' in ref) return ref.startupNodes;
  return [ref];
}

/** Decodes Buffers (recursively) into strings. */
export function text(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(text);
  return value;
}

/** CLUSTER MEET wants an IP address; names are resolved first. */
export async function toIp(host: string): Promise<string> {
  if (isIP(host) !== 0) return host;
  return (await lookup(host)).address;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true; throws ClusterWaitTimeoutError naming `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await sleep(50);
  }
  const why = last instanceof Error ? ` (last error: ${last.message})` : '';
  throw new ClusterWaitTimeoutError(`timed out waiting for ${what}${why}`);
}

export class NodeLinks {
  private readonly clients = new Map<string, StrictRedis<Buffer>>();
  private readonly auth: NodeAuth;

  constructor(auth: NodeAuth = {}) {
    this.auth = authOf(auth);
  }

  /** MIGRATE's credentials for the target node (the same as ours), to go before its KEYS argument. */
  migrateAuth(): string[] {
    const { username, password } = this.auth;
    if (password === undefined) return [];
    return username === undefined ? ['AUTH', password] : ['AUTH2', username, password];
  }

  client(a: Address): StrictRedis<Buffer> {
    const key = addressKey(a);
    let client = this.clients.get(key);
    if (client === undefined) {
      client = new StrictRedis({
        host: a.host,
        port: Number(a.port),
        decode_responses: false,
        socket_connect_timeout: 2,
        socket_timeout: 30,
        username: this.auth.username,
        password: this.auth.password,
        tls: this.auth.tls,
        // A node that is down should fail the admin command at once, not queue it behind reconnects.
        retry: { enabled: false },
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Runs a command on one node and returns the reply with Buffers decoded. */
  async call(a: Address, ...args: Array<string | number | Buffer>): Promise<unknown> {
    return text(await this.client(a).execute_command(...args));
  }

  async callText(a: Address, ...args: Array<string | number | Buffer>): Promise<string> {
    return String(await this.call(a, ...args));
  }

  /** Runs a command and keeps Buffers as they are (GETKEYSINSLOT). */
  raw(a: Address, ...args: Array<string | number | Buffer>): Promise<unknown> {
    return this.client(a).execute_command(...args);
  }

  async nodes(a: Address): Promise<NodeEntry[]> {
    const entries = parseClusterNodes(await this.callText(a, 'CLUSTER', 'NODES'));
    // A node that never met another one does not know its own IP (`:7000@17000`): it is the address we asked.
    for (const e of entries) if (e.myself && e.host === '') e.host = String(a.host);
    return entries;
  }

  /** `CLUSTER INFO` / `INFO section` as a field map. */
  async info(a: Address, ...command: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const line of (await this.callText(a, ...command)).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1);
    }
    return out;
  }

  /** CLUSTER NODES of the first reachable startup address, with the address that answered. */
  async firstView(ref: ClusterRef): Promise<{ via: Address; entries: NodeEntry[] }> {
    let last: unknown;
    for (const a of refAddresses(ref)) {
      try {
        return { via: a, entries: await this.nodes(a) };
      } catch (err) {
        last = err;
      }
    }
    throw last instanceof Error ? last : new Error('no startup node given');
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.close().catch(() => c.disconnect())));
  }
}

/** Runs `fn` with fresh links (logging in with `auth`) and closes them afterwards. */
export async function withLinks<T>(fn: (links: NodeLinks) => Promise<T>, auth: NodeAuth = {}): Promise<T> {
  const links = new NodeLinks(auth);
  try {
    return await fn(links);
  } finally {
    await links.close();
  }
}
