/**
 * A scripted RESP "server" on a free loopback port, for replies a real server never sends (hostile lengths, bogus
 * redirects, silence). It parses what clients send (arrays of bulk strings, as the client always encodes), records
 * every byte and command, and answers each command with whatever the script returns.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** What the script answers: bytes to write, `null` for silence, or `'close'` to drop the connection. */
export type ScriptReply = string | Buffer | null | 'close';

export type FakeScript = (args: string[], socket: Socket, server: FakeServer) => ScriptReply;

/** Parses complete `*N $len arg…` commands from `buffer`; returns them and the number of bytes consumed. */
function parseCommands(buffer: Buffer): { commands: string[][]; used: number } {
  const commands: string[][] = [];
  let pos = 0;
  for (;;) {
    const parsed = parseOne(buffer, pos);
    if (parsed === undefined) return { commands, used: pos };
    commands.push(parsed.args);
    pos = parsed.next;
  }
}

function readLine(buffer: Buffer, pos: number): { line: string; next: number } | undefined {
  const end = buffer.indexOf('\r\n', pos, 'latin1');
  if (end < 0) return undefined;
  return { line: buffer.toString('latin1', pos + 1, end), next: end + 2 };
}

function parseOne(buffer: Buffer, start: number): { args: string[]; next: number } | undefined {
  if (start >= buffer.length) return undefined;
  if (buffer[start] !== 0x2a) throw new Error('fake server: clients must send RESP arrays');
  const header = readLine(buffer, start);
  if (header === undefined) return undefined;
  const count = Number(header.line);
  const args: string[] = [];
  let pos = header.next;
  for (let i = 0; i < count; i++) {
    const bulk = readLine(buffer, pos);
    if (bulk === undefined) return undefined;
    const len = Number(bulk.line);
    if (buffer.length < bulk.next + len + 2) return undefined;
    args.push(buffer.toString('utf8', bulk.next, bulk.next + len));
    pos = bulk.next + len + 2;
  }
  return { args, next: pos };
}

export class FakeServer {
  readonly host = '127.0.0.1';
  /** Every chunk received, on every connection. */
  readonly received: Buffer[] = [];
  /** Every parsed command, in arrival order. */
  readonly commands: string[][] = [];
  /** Connections accepted so far. */
  connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    public script: FakeScript,
  ) {}

  static async start(script: FakeScript): Promise<FakeServer> {
    let fake: FakeServer | undefined;
    const server = createServer((socket) => fake?.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeServer(server, (server.address() as { port: number }).port, script);
    return fake;
  }

  /** Bytes received so far, over all connections. */
  get receivedBytes(): number {
    return this.received.reduce((sum, b) => sum + b.length, 0);
  }

  /** Forgets what was received (to check that a later call sends nothing). */
  resetRecords(): void {
    this.received.length = 0;
    this.commands.length = 0;
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      this.received.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      const { commands, used } = parseCommands(pending);
      pending = pending.subarray(used);
      for (const args of commands) {
        this.commands.push(args);
        if (socket.destroyed) return;
        const reply = this.script(args, socket, this);
        if (reply === 'close') socket.destroy();
        else if (reply !== null) socket.write(reply);
      }
    });
  }

  /** Drops every open connection (the listener stays). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers the handshake and housekeeping commands the way a server would; undefined for anything else. */
export function standardReply(args: string[]): string | undefined {
  const name = args[0]?.toUpperCase();
  if (name === 'PING') return '+PONG\r\n';
  if (name === 'QUIT' || name === 'SELECT' || name === 'READONLY' || name === 'ASKING') return '+OK\r\n';
  if (name === 'CLIENT') return '+OK\r\n';
  return undefined;
}

/** A RESP bulk string. */
export function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}
