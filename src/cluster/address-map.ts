/**
 * NAT / port-forwarding support: nodes announce addresses that are only reachable inside their network (Docker,
 * Kubernetes, cloud NAT), so the caller maps each announced address to one it can reach. Applied to topology
 * addresses and MOVED/ASK targets alike, before connecting.
 */
import { DataError } from '../errors.js';
import { addressKey, isValidHost, isValidPort } from './address.js';

/** A node address after NAT mapping. */
export interface NodeAddress {
  host: string;
  port: number;
}

/**
 * Either a record or a function.
 * - Record keys are `"host:port"` (IPv6 as `"[::1]:7000"` or `"::1:7000"`) or a bare `"host"`, which matches every
 *   port of that host. The exact `host:port` key wins over the bare host. A missing `port` in the target keeps the
 *   announced port (the usual case for a bare-host key).
 * - A function returns the address to use, or undefined to keep the announced one.
 */
export type NatMap =
  | Record<string, { host: string; port?: number }>
  | ((address: { host: string; port: number }) => { host: string; port: number } | undefined);

/** Own properties only: `__proto__`, `constructor` and friends must never match an announced host. */
function lookup(map: Record<string, { host: string; port?: number }>, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function checkTarget(target: unknown, fallbackPort: number, key: string): NodeAddress {
  if (target === null || typeof target !== 'object') {
    throw new DataError(`natMap entry for ${key} must be an object { host, port? }`);
  }
  const { host, port } = target as { host?: unknown; port?: unknown };
  if (!isValidHost(host)) throw new DataError(`natMap entry for ${key} has an invalid host`);
  if (port === undefined) return { host, port: fallbackPort };
  if (!isValidPort(port)) throw new DataError(`natMap entry for ${key} has an invalid port (1-65535)`);
  return { host, port };
}

/**
 * The address to connect to for a node that announced `host:port`. Without a matching entry (or with no map) the
 * announced address is returned unchanged.
 * @throws DataError when the map, or the entry it yields, is not a valid address.
 */
export function applyNatMap(map: NatMap | undefined, host: string, port: number): NodeAddress {
  if (map === undefined || map === null) return { host, port };
  const key = addressKey(host, port);
  if (typeof map === 'function') {
    const mapped = map({ host, port });
    return mapped === undefined ? { host, port } : checkTarget(mapped, port, key);
  }
  if (typeof map !== 'object') throw new DataError('natMap must be an object or a function');
  for (const candidate of [key, `${host}:${port}`, host]) {
    const target = lookup(map, candidate);
    if (target !== undefined) return checkTarget(target, port, key);
  }
  return { host, port };
}
