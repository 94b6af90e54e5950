/**
 * Redirections a real cluster shows only for an instant, played by scripted nodes: an ASK to a master the slot map
 * does not list yet, MOVED for a transaction while the node answering the refresh has not learned of the move, and a
 * MOVED that points back at the very node that sent it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keySlot } from '../../src/cluster/slot.js';
import { StrictRedisCluster } from '../../src/index.js';
import { type FakeNode, fakeNode, nodesLine, slotsReply } from '../harness/fake-cluster.js';
import { bulk } from '../harness/fake-server.js';

const SLOT = keySlot('k');
const nodes: FakeNode[] = [];
const clients: StrictRedisCluster[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => c.disconnect())));
  await Promise.all(nodes.splice(0).map((n) => n.server.close()));
});

function track(node: FakeNode): FakeNode {
  nodes.push(node);
  return node;
}

function clusterClient(seed: FakeNode): StrictRedisCluster {
  const c = new StrictRedisCluster({ startup_nodes: [{ host: '127.0.0.1', port: seed.port }], max_redirections: 8 });
  clients.push(c);
  return c;
}

describe('ASK to a master the slot map does not list yet', () => {
  it('sends ASKING and the command to it once the node that sent the ASK lists it in CLUSTER NODES', async () => {
    let a: FakeNode | undefined;
    let target: FakeNode | undefined;
    const nodesText = () =>
      [nodesLine(a!, 'myself,master', '-', '0-16383'), ...(target ? [nodesLine(target, 'master')] : [])].join('\n');
    target = track(
      await fakeNode(
        () => slotsReply([]),
        nodesText,
        (args, state) => {
          if (args[0] === 'GET') return state.asking ? bulk('imported') : `-MOVED ${SLOT} 127.0.0.1:${a!.port}\r\n`;
          return undefined;
        },
      ),
    );
    a = track(
      await fakeNode(
        () => slotsReply([{ from: 0, to: 16383, ports: [a!.port] }]),
        nodesText,
        (args) => (args[0] === 'GET' ? `-ASK ${SLOT} 127.0.0.1:${target!.port}\r\n` : undefined),
      ),
    );
    const rc = clusterClient(a);
    expect(await rc.get('k')).toBe('imported');
    expect(target.server.commands.map((c) => c[0])).toContain('ASKING');
    // The map was not changed by the ASK: the next command goes to the slot's owner again.
    expect(await rc.get('k')).toBe('imported');
    expect(a.server.commands.filter((c) => c[0] === 'GET')).toHaveLength(2);
  });
});

/** Node A claims every slot (a stale map); B really owns the slot of `k` and is listed as A's replica. */
async function staleOwnerAndRealOwner(): Promise<{ a: FakeNode; b: FakeNode }> {
  let a: FakeNode | undefined;
  let b: FakeNode | undefined;
  const topology = () => slotsReply([{ from: 0, to: 16383, ports: [a!.port, b!.port] }]);
  const nodesText = () => [nodesLine(a!, 'myself,master', '-', '0-16383'), nodesLine(b!, 'slave', a!.id)].join('\n');
  const moved = () => `-MOVED ${SLOT} 127.0.0.1:${b!.port}\r\n`;
  a = track(
    await fakeNode(topology, nodesText, (args, state) => {
      const name = args[0].toUpperCase();
      if (name === 'GET' || name === 'SET' || name === 'WATCH') return moved();
      if (name === 'EXEC' && state.multi) return '-EXECABORT Transaction discarded because of previous errors.\r\n';
      return undefined;
    }),
  );
  const values = new Map<string, string>();
  let queued: string[][] = [];
  b = track(
    await fakeNode(topology, nodesText, (args, state) => {
      const name = args[0].toUpperCase();
      if (state.multi && name !== 'EXEC' && name !== 'MULTI') {
        queued.push(args);
        return '+QUEUED\r\n';
      }
      if (name === 'EXEC') {
        const replies = queued.map((c) => {
          if (c[0] === 'SET') {
            values.set(c[1], c[2]);
            return '+OK\r\n';
          }
          return bulk(values.get(c[1]) ?? '');
        });
        queued = [];
        return `*${replies.length}\r\n${replies.join('')}`;
      }
      if (name === 'GET') return values.has(args[1]) ? bulk(values.get(args[1])!) : '$-1\r\n';
      if (name === 'SET') {
        values.set(args[1], args[2]);
        return '+OK\r\n';
      }
      return undefined;
    }),
  );
  return { a, b };
}

describe('transactions follow MOVED as single commands do', () => {
  it('a plain GET follows the MOVED (the baseline)', async () => {
    const { a } = await staleOwnerAndRealOwner();
    expect(await clusterClient(a).get('k')).toBeNull();
  });

  it('pipeline({ transaction: true }) runs on the node MOVED names, though a refresh still says the old one', async () => {
    const { a, b } = await staleOwnerAndRealOwner();
    const rc = clusterClient(a);
    expect(await rc.pipeline({ transaction: true }).set('k', 'v').get('k').execute()).toEqual([true, 'v']);
    expect(b.server.commands.map((c) => c[0])).toEqual(expect.arrayContaining(['MULTI', 'SET', 'GET', 'EXEC']));
  });

  it('transaction(fn, key) WATCHes on the node MOVED names', async () => {
    const { a, b } = await staleOwnerAndRealOwner();
    const rc = clusterClient(a);
    const result = await rc.transaction(async (pipe) => {
      const before = await pipe.get('k');
      pipe.multi().set('k', `${before ?? 'none'}+1`);
    }, 'k');
    expect(result).toEqual([true]);
    expect(b.server.commands.map((c) => c[0])).toEqual(expect.arrayContaining(['WATCH', 'MULTI', 'EXEC']));
  });
});

describe('MOVED pointing back at the node that sent it', () => {
  it('replaces that connection once and retries on the new one', async () => {
    let a: FakeNode | undefined;
    a = track(
      await fakeNode(
        () => slotsReply([{ from: 0, to: 16383, ports: [a!.port] }]),
        () => nodesLine(a!, 'myself,master', '-', '0-16383'),
        // The first connection is stale: it keeps sending the client back to where it already is.
        (args, state) =>
          args[0] === 'GET'
            ? state.connection === 1
              ? `-MOVED ${SLOT} 127.0.0.1:${a!.port}\r\n`
              : bulk('v')
            : undefined,
      ),
    );
    const rc = clusterClient(a);
    await rc.connect();
    // Let the first connection age past the "just replaced" window.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const replies = await Promise.all([rc.get('k'), rc.get('k'), rc.get('k')]);
    expect(replies).toEqual(['v', 'v', 'v']);
    // One new shared connection for the three commands it turned away (plus none for each of them).
    expect(a.server.connections).toBe(2);
  });
});
