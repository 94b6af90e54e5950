/**
 * NAT maps with addresses that must never be dialled: two fake nodes on loopback announce themselves as 10.0.0.1 and
 * 10.0.0.2 (in CLUSTER SLOTS and in a MOVED reply); the client reaches them only through the map.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';

/** Splits a buffer of RESP command arrays into argument lists; returns the unparsed rest. */
function parseCommands(text: string): { commands: string[][]; rest: string } {
  const commands: string[][] = [];
  let at = 0;
  for (;;) {
    if (text[at] !== '*') break;
    let end = text.indexOf('\r\n', at);
    if (end < 0) break;
    const count = Number(text.slice(at + 1, end));
    let pos = end + 2;
    const args: string[] = [];
    let complete = true;
    for (let i = 0; i < count; i++) {
      end = text.indexOf('\r\n', pos);
      if (end < 0) {
        complete = false;
        break;
      }
      const len = Number(text.slice(pos + 1, end));
      if (text.length < end + 2 + len + 2) {
        complete = false;
        break;
      }
      args.push(text.slice(end + 2, end + 2 + len));
      pos = end + 2 + len + 2;
    }
    if (!complete) break;
    commands.push(args);
    at = pos;
  }
  return { commands, rest: text.slice(at) };
}

const bulk = (s: string) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

type Handler = (args: string[]) => string;

function fakeNode(handler: Handler): Promise<{ server: Server; port: number; seen: string[][] }> {
  const seen: string[][] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    socket.on('data', (data) => {
      const { commands, rest } = parseCommands(buffered + data.toString('latin1'));
      buffered = rest;
      for (const args of commands) {
        seen.push(args);
        socket.write(handler(args));
      }
    });
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0, seen });
    }),
  );
}

describe('NAT map with unreachable announced addresses', () => {
  let a: Awaited<ReturnType<typeof fakeNode>>;
  let b: Awaited<ReturnType<typeof fakeNode>>;
  // Slots 0-8191 on "10.0.0.1", 8192-16383 on "10.0.0.2"; both fake nodes give the same map.
  const slotsReply = () =>
    `*2\r\n*3\r\n:0\r\n:8191\r\n*3\r\n${bulk('10.0.0.1')}:${a.port}\r\n${bulk('a'.repeat(40))}` +
    `*3\r\n:8192\r\n:16383\r\n*3\r\n${bulk('10.0.0.2')}:${b.port}\r\n${bulk('b'.repeat(40))}`;
  const common = (args: string[]): string | undefined => {
    const name = args[0].toUpperCase();
    if (name === 'CLUSTER' && args[1].toUpperCase() === 'SHARDS') return '-ERR unknown subcommand\r\n';
    if (name === 'CLUSTER' && args[1].toUpperCase() === 'SLOTS') return slotsReply();
    return undefined;
  };

  beforeAll(async () => {
    // "foo" is slot 12182 (b's range); a claims slot 1999 ("moved") now lives on b.
    a = await fakeNode((args) => {
      const known = common(args);
      if (known !== undefined) return known;
      if (args[0] === 'GET' && args[1] === 'moved') return `-MOVED 1999 10.0.0.2:${b.port}\r\n`;
      if (args[0] === 'GET') return bulk(`a:${args[1]}`);
      return '+OK\r\n';
    });
    b = await fakeNode((args) => common(args) ?? (args[0] === 'GET' ? bulk(`b:${args[1]}`) : '+OK\r\n'));
  });

  afterAll(async () => {
    await Promise.all([a, b].map((n) => new Promise((r) => n.server.close(r))));
  });

  it('maps topology addresses and MOVED targets, and never dials the announced ones', async () => {
    const natMap = {
      [`10.0.0.1:${a.port}`]: { host: '127.0.0.1', port: a.port },
      [`10.0.0.2:${b.port}`]: { host: '127.0.0.1', port: b.port },
    };
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: '10.0.0.1', port: a.port }], nat_map: natMap });
    try {
      await rc.connect();
      expect([...rc.topology.nodes.keys()].sort()).toEqual([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`].sort());
      expect(await rc.get('foo')).toBe('b:foo');
      // "moved" is slot 1999, in a's range: a answers MOVED to b's announced address.
      const slotOfMoved = rc.keyslot('moved');
      expect(slotOfMoved).toBeLessThan(8192);
      expect(await rc.get('moved')).toBe('b:moved');
      expect(rc.slotTable?.masterFor(slotOfMoved)?.port).toBe(b.port);
      expect(rc.slotTable?.masterFor(slotOfMoved)?.host).toBe('127.0.0.1');
      expect(a.seen.some((c) => c[0] === 'GET' && c[1] === 'moved')).toBe(true);
      expect(b.seen.some((c) => c[0] === 'GET' && c[1] === 'moved')).toBe(true);
      for (const key of rc.topology.nodes.keys()) expect(key.startsWith('10.')).toBe(false);
    } finally {
      await rc.close();
    }
  });
});
