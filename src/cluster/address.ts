/**
 * Node addresses: the one place that decides what a valid host or port is and how an address becomes a map key.
 * Everything in the cluster layer keys nodes by {@link addressKey}, so two modules never disagree on identity.
 */

/** Longest host we accept: a DNS name is at most 253 bytes; leave room for an IPv6 zone id. */
const MAX_HOST_LENGTH = 255;

/** True for an integer TCP port a node can listen on (1–65535). */
export function isValidPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * True for a host we are willing to connect to: a non-empty string of printable, non-space ASCII or any non-ASCII
 * (internationalised names are the resolver's business). Control characters and spaces never occur in a real
 * hostname or IP literal, and rejecting them keeps server-supplied text out of logs in a confusing form.
 */
export function isValidHost(host: unknown): host is string {
  if (typeof host !== 'string' || host.length === 0 || host.length > MAX_HOST_LENGTH) return false;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return false;
  }
  return true;
}

/**
 * The key of a node address: `host:port`, with IPv6 literals in brackets (`[::1]:7000`) so the text stays
 * readable and the port is always what follows the last colon. Used as a Map key only, never as an object key.
 */
export function addressKey(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
