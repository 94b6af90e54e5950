/**
 * Sentinel's replies, checked: addresses from GET-MASTER-ADDR-BY-NAME, instance records from SENTINEL REPLICAS and
 * SENTINEL SENTINELS (flat `[name, value, …]` arrays in RESP2, maps in RESP3), ROLE, and `+switch-master` messages.
 * Everything a sentinel says is untrusted: a malformed reply is a ProtocolError, never a crash or a bad address.
 */

import { setField } from '../commands/transforms.js';
import { ProtocolError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';

export interface Address {
  host: string;
  port: number;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** A port as a sentinel sends it (a decimal string, or an integer in RESP3), checked. */
export function readPort(value: unknown, where: string): number {
  const raw = typeof value === 'number' ? String(value) : text(value);
  const port = raw !== undefined && /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new ProtocolError(`${where}: invalid port`);
  return port;
}

/** A host as a sentinel sends it: non-empty, without spaces or control characters. */
export function readHost(value: unknown, where: string): string {
  const host = text(value);
  if (host === undefined || host.length === 0 || host.length > 255 || /[\s\0]/.test(host)) {
    throw new ProtocolError(`${where}: invalid host`);
  }
  return host;
}

/** `[host, port]` from GET-MASTER-ADDR-BY-NAME; null when that sentinel does not know the service. */
export function parseMasterAddress(reply: unknown): Address | null {
  if (reply === null || reply === undefined) return null;
  if (!Array.isArray(reply) || reply.length !== 2) {
    throw new ProtocolError('SENTINEL GET-MASTER-ADDR-BY-NAME: expected [host, port]');
  }
  const where = 'SENTINEL GET-MASTER-ADDR-BY-NAME';
  return { host: readHost(reply[0], where), port: readPort(reply[1], where) };
}

/** One instance record as a ordinary object of strings (server-controlled names never become real keys). */
function fields(record: unknown, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: unknown, value: unknown) => {
    const key = text(name);
    if (key === undefined) throw new ProtocolError(`${where}: field name is not a string`);
    setField(out, key, typeof value === 'number' ? String(value) : (text(value) ?? ''));
  };
  if (record instanceof Map) {
    for (const [name, value] of record) put(name, value);
  } else if (Array.isArray(record) && record.length % 2 === 0) {
    for (let i = 0; i < record.length; i += 2) put(record[i], record[i + 1]);
  } else throw new ProtocolError(`${where}: an instance is neither a map nor a list of name/value pairs`);
  return out;
}

/** Flags that make an instance unusable: down in the eyes of one sentinel or of the quorum, or disconnected. */
const UNHEALTHY = new Set(['s_down', 'o_down', 'disconnected']);

export interface InstanceRecord extends Address {
  flags: string[];
  healthy: boolean;
}

/** The records of SENTINEL REPLICAS / SENTINEL SENTINELS. */
export function parseInstances(reply: unknown, command: string): InstanceRecord[] {
  if (!Array.isArray(reply)) throw new ProtocolError(`${command}: expected a list of instances`);
  return reply.map((record: RespValue, index) => {
    const where = `${command}: instance ${index}`;
    const f = fields(record, where);
    const flags = (f.flags ?? '').split(',').filter((flag) => flag.length > 0);
    return {
      host: readHost(f.ip, where),
      port: readPort(f.port, where),
      flags,
      healthy: !flags.some((flag) => UNHEALTHY.has(flag)),
    };
  });
}

export interface RoleReply {
  role: string;
  /** For a replica: the state of its link to the master (`connected`, `connecting`, `sync`…). */
  linkState?: string;
}

/** The first element of ROLE (`master`, `slave`, `sentinel`) and, for a replica, its link state. */
export function parseRole(reply: unknown): RoleReply {
  if (!Array.isArray(reply) || reply.length === 0) throw new ProtocolError('ROLE: expected a list');
  const role = text(reply[0]);
  if (role === undefined) throw new ProtocolError('ROLE: the role is not a string');
  return role === 'slave' ? { role, linkState: text(reply[3]) } : { role };
}

export interface SwitchMaster {
  service: string;
  from: Address;
  to: Address;
}

/** A `+switch-master` message: `<service> <old ip> <old port> <new ip> <new port>`; undefined when malformed. */
export function parseSwitchMaster(data: unknown): SwitchMaster | undefined {
  const words = text(data)?.split(' ');
  if (words === undefined || words.length !== 5) return undefined;
  try {
    return {
      service: words[0],
      from: { host: readHost(words[1], '+switch-master'), port: readPort(words[2], '+switch-master') },
      to: { host: readHost(words[3], '+switch-master'), port: readPort(words[4], '+switch-master') },
    };
  } catch {
    return undefined;
  }
}

export function sameAddress(a: Address | undefined, b: Address | undefined): boolean {
  return a !== undefined && b !== undefined && a.host === b.host && a.port === b.port;
}

export function addressText(address: Address): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
