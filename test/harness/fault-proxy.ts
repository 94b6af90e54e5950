/**
 * A fault-injecting TCP proxy for one Redis endpoint, on a free loopback port: what production networks do to a
 * client that a real server cannot be made to do. Modes apply to every connection, present and future:
 *
 * - `pass`: bytes flow both ways untouched;
 * - `blackhole`: connections stay open (and new ones are accepted) but nothing is forwarded in either direction —
 *   a half-open path, a paused VM, a dropped route;
 * - `refuse`: new connections are reset at once; existing ones keep flowing;
 * - `reset()`: every current connection is torn down with an RST;
 * - `cutAfter(n)`: the next `n` bytes from the server reach the client, then the connection is reset;
 * - `latency(ms)`: every chunk from the server is delayed by `ms`;
 * - `bandwidth(bytesPerSecond)`: bytes cross the proxy no faster than that, in each direction.
 *
 * Bytes held back while black-holed are dropped, never delivered late: a healed path does not replay the past.
 */
import { createServer, type Server, Socket } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole' | 'refuse';

interface Pair {
  client: Socket;
  server: Socket;
}

export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private mode: ProxyMode = 'pass';
  private delayMs = 0;
  private bytesPerSecond = 0;
  private cutBudget = -1;
  private closed = false;

  private constructor(
    private readonly listener: Server,
    readonly port: number,
    readonly target: { host: string; port: number },
  ) {}

  /** Starts a proxy to `target` on a free loopback port. */
  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const listener = createServer();
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(0, '127.0.0.1', () => resolve());
    });
    const address = listener.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    const proxy = new FaultProxy(listener, address.port, target);
    listener.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** Connections currently open through the proxy. */
  get connections(): number {
    return this.pairs.size;
  }

  setMode(mode: ProxyMode): void {
    this.mode = mode;
  }

  /** Back to `pass` with no latency, bandwidth limit or pending cut. */
  heal(): void {
    this.mode = 'pass';
    this.delayMs = 0;
    this.bytesPerSecond = 0;
    this.cutBudget = -1;
  }

  latency(ms: number): void {
    this.delayMs = ms;
  }

  bandwidth(bytesPerSecond: number): void {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Lets `bytes` more bytes from the server through, then resets the connection they were on. */
  cutAfter(bytes: number): void {
    this.cutBudget = bytes;
  }

  /** Tears every current connection down with an RST. */
  reset(): void {
    for (const pair of [...this.pairs]) this.drop(pair);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reset();
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.closed || this.mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const server = new Socket();
    const pair: Pair = { client, server };
    this.pairs.add(pair);
    client.setNoDelay(true);
    server.setNoDelay(true);
    server.connect(this.target.port, this.target.host);
    // Client bytes wait in the socket until the server side is connected (the stream buffers them).
    client.on('data', (chunk: Buffer) => {
      if (this.mode === 'blackhole') return;
      const throttleMs = this.bytesPerSecond > 0 ? (chunk.length / this.bytesPerSecond) * 1000 : 0;
      if (throttleMs === 0) {
        server.write(chunk);
        return;
      }
      // The link is slow both ways: hold the client side while the chunk "travels".
      client.pause();
      setTimeout(() => {
        if (this.pairs.has(pair)) server.write(chunk);
        client.resume();
      }, throttleMs);
    });
    server.on('data', (chunk: Buffer) => this.toClient(pair, chunk));
    const end = () => this.drop(pair);
    client.on('error', end);
    server.on('error', end);
    client.on('close', end);
    server.on('close', end);
  }

  /** Server → client, through the latency, bandwidth and cut settings of the moment the chunk arrived. */
  private toClient(pair: Pair, chunk: Buffer): void {
    if (this.mode === 'blackhole') return;
    let data = chunk;
    let cut = false;
    if (this.cutBudget >= 0) {
      if (data.length >= this.cutBudget) {
        data = data.subarray(0, this.cutBudget);
        cut = true;
        this.cutBudget = -1;
      } else this.cutBudget -= data.length;
    }
    const deliver = () => {
      if (!this.pairs.has(pair)) return;
      if (data.length > 0) pair.client.write(data);
      if (cut) this.drop(pair);
    };
    const throttleMs = this.bytesPerSecond > 0 ? (data.length / this.bytesPerSecond) * 1000 : 0;
    if (throttleMs > 0) {
      // Hold the server side while the chunk "travels", so the limit applies to everything behind it too.
      pair.server.pause();
      setTimeout(() => {
        deliver();
        pair.server.resume();
      }, this.delayMs + throttleMs);
    } else if (this.delayMs > 0) setTimeout(deliver, this.delayMs);
    else deliver();
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    if (!pair.server.destroyed) pair.server.destroy();
  }
}
