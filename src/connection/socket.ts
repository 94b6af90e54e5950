/** The transport of a connection: a TCP, TLS or Unix socket to the configured address or to the one a resolver chose. */
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Address } from './connect-hooks.js';
import type { ConnectionConfig } from './options.js';

/**
 * A socket set up for Redis (no Nagle delay: batches are written whole; keep-alive when configured). A TLS socket
 * starts connecting at once; a plain one waits for {@link connectSocket}, so listeners are attached first.
 */
export function createSocket(config: ConnectionConfig, address: Address | undefined): Socket {
  const host = address?.host ?? config.host;
  const port = address?.port ?? config.port;
  const socket =
    config.tls !== undefined
      ? tlsConnect({
          ...config.tls,
          host,
          port,
          servername: config.tls.servername ?? (isIP(host) === 0 ? host : undefined),
          lookup: config.lookup,
        })
      : new Socket();
  socket.setNoDelay(true);
  if (config.keepAliveMs > 0) socket.setKeepAlive(true, config.keepAliveMs);
  return socket;
}

/** Connects a socket from {@link createSocket}; `onConnected` runs once the transport (and TLS) is up. */
export function connectSocket(
  socket: Socket,
  config: ConnectionConfig,
  address: Address | undefined,
  onConnected: () => void,
): void {
  if (config.tls !== undefined) {
    socket.once('secureConnect', onConnected);
    return;
  }
  socket.once('connect', onConnected);
  // A resolver's address replaces a configured Unix socket path too.
  if (config.path !== undefined && address === undefined) socket.connect(config.path);
  else
    socket.connect({ port: address?.port ?? config.port, host: address?.host ?? config.host, lookup: config.lookup });
}
