/**
 * Scripted cluster nodes for redirections a real cluster produces only for an instant (or behind a proxy): a node
 * that answers the topology queries with a map of the test's choosing, CLUSTER NODES likewise, and every other
 * command through a per-test handler that knows which connection asked and whether ASKING came just before.
 */
import type { Socket } from 'node:net';
import { bulk, FakeServer, standardReply } from './fake-server.js';

export interface FakeNodeState {
  /** The connection that sent the command. */
  socket: Socket;
  /** Its number, 1 for the first connection this node accepted. */
  connection: number;
  /** ASKING was the previous command on this connection. */
  asking: boolean;
  /** Inside MULTI on this connection: commands are queued. */
  multi: boolean;
}

/** Answers one command; `undefined` falls back to the standard replies (and `+OK`). */
export type FakeNodeHandler = (args: string[], state: FakeNodeState) => string | null | undefined;

export interface FakeNode {
  server: FakeServer;
  port: number;
  id: string;
}

/** A CLUSTER SLOTS reply: each entry a slot range and its master's then its replicas' ports, on 127.0.0.1. */
export function slotsReply(ranges: Array<{ from: number; to: number; ports: number[] }>): string {
  let out = `*${ranges.length}\r\n`;
  for (const range of ranges) {
    out += `*${2 + range.ports.length}\r\n:${range.from}\r\n:${range.to}\r\n`;
    for (const port of range.ports) out += `*3\r\n${bulk('127.0.0.1')}:${port}\r\n${bulk(String(port).repeat(8))}`;
  }
  return out;
}

/** A CLUSTER NODES line (one node, master or replica, with its slots). */
export function nodesLine(node: FakeNode, flags: string, master = '-', slots = ''): string {
  return `${node.id} 127.0.0.1:${node.port}@${node.port + 10000} ${flags} ${master} 0 0 1 connected ${slots}`.trim();
}

/**
 * Starts a fake node. `topology()` gives its CLUSTER SLOTS reply, `nodes()` its CLUSTER NODES text (both read at
 * query time, so a test can point them at nodes started later); CLUSTER SHARDS is refused, as by an old server.
 */
export async function fakeNode(
  topology: () => string,
  nodes: () => string,
  handler: FakeNodeHandler,
): Promise<FakeNode> {
  const states = new WeakMap<Socket, FakeNodeState>();
  let accepted = 0;
  const server = await FakeServer.start((args, socket) => {
    let state = states.get(socket);
    if (state === undefined) {
      state = { socket, connection: ++accepted, asking: false, multi: false };
      states.set(socket, state);
    }
    const name = args[0]?.toUpperCase();
    const sub = args[1]?.toUpperCase();
    const asking = state.asking;
    state.asking = name === 'ASKING';
    if (name === 'CLUSTER' && sub === 'SHARDS') return '-ERR unknown subcommand\r\n';
    if (name === 'CLUSTER' && sub === 'SLOTS') return topology();
    if (name === 'CLUSTER' && sub === 'NODES') return bulk(`${nodes()}\n`);
    const own = handler(args, { ...state, asking });
    if (own !== undefined) {
      if (name === 'MULTI' && own?.startsWith('+')) state.multi = true;
      if (name === 'EXEC' || name === 'DISCARD') state.multi = false;
      return own;
    }
    if (name === 'MULTI') {
      state.multi = true;
      return '+OK\r\n';
    }
    return standardReply(args) ?? '+OK\r\n';
  });
  return { server, port: server.port, id: `${server.port}`.padEnd(40, '0') };
}
