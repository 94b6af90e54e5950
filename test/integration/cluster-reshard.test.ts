/**
 * Live resharding with redis-cli (500 slots, key by key with MIGRATE) while 32 writers increment counters in exactly
 * those slots: no errors, nothing lost, nothing counted twice.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/admin/redis-process.js';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { AckLedger } from '../harness/ack-ledger.js';
import { type PrivateCluster, startPrivateCluster } from '../harness/local-backend.js';
import { type RawReply, rawCommand } from '../harness/raw.js';

const run = promisify(execFile);
const P = 'cresh:';

async function slotRanges(port: number): Promise<Array<[number, number, number]>> {
  const reply = (await rawCommand(port, ['CLUSTER', 'SLOTS'])) as RawReply[][];
  return reply.map((r) => [r[0] as number, r[1] as number, (r[2] as RawReply[])[1] as number]);
}

describe('live resharding under load', () => {
  let cluster: PrivateCluster;
  let rc: StrictRedisCluster<string>;

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    const seed = cluster.nodes[0];
    rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
    await rc.connect();
  });

  afterAll(async () => {
    await rc?.close();
    await cluster?.stop();
  });

  it('moves 500 slots while INCRs run, with zero errors and a balanced ledger', async () => {
    const masters = cluster.nodes.filter((n) => n.role === 'master').map((n) => n.port);
    const [source, target] = masters;
    const [sourceId, targetId] = (await Promise.all(
      [source, target].map((p) => rawCommand(p, ['CLUSTER', 'MYID'])),
    )) as string[];
    // redis-cli takes the source's slots from its first range: aim the counters at them.
    const first = (await slotRanges(source)).filter((r) => r[2] === source).sort((a, b) => a[0] - b[0])[0];
    const keys: string[] = [];
    for (let n = 0; keys.length < 64 && n < 200_000; n++) {
      const key = `${P}c:${n}`;
      const slot = rc.keyslot(key);
      if (slot >= first[0] && slot < first[0] + 500) keys.push(key);
    }
    expect(keys.length).toBe(64);
    // Count redirections to prove the writers really ran into the moving slots.
    let redirects = 0;
    const follow = rc.executor.redirectTarget.bind(rc.executor);
    rc.executor.redirectTarget = (err, from) => {
      redirects++;
      return follow(err, from);
    };
    const ledger = new AckLedger(rc, keys, 32);
    try {
      await ledger.waitForProgress(1000, 10_000);
      const cli = findExecutable('redis-cli')!;
      await run(
        cli,
        [
          '--cluster',
          'reshard',
          `127.0.0.1:${source}`,
          '--cluster-from',
          sourceId,
          '--cluster-to',
          targetId,
          '--cluster-slots',
          '500',
          '--cluster-yes',
        ],
        { timeout: 30_000 },
      );
      await ledger.waitForProgress(1000, 10_000);
      await ledger.stop();
      const moved = await Promise.all(keys.map(async (k) => (await rc.nodeForKey(k))!.port));
      expect(moved.every((p) => p === target)).toBe(true);
      const owners = await slotRanges(target);
      const slot0 = rc.keyslot(keys[0]);
      expect(owners.find((r) => slot0 >= r[0] && slot0 <= r[1])?.[2]).toBe(target);
      expect(ledger.otherErrors.map((e) => `${e.name}: ${e.message}`)).toEqual([]);
      expect(ledger.readErrors.map((e) => `${e.name}: ${e.message}`)).toEqual([]);
      expect(ledger.unknown.every((u) => u === 0)).toBe(true);
      expect(redirects).toBeGreaterThan(0);
      expect(await ledger.surplus()).toEqual(keys.map(() => 0));
    } finally {
      await ledger.stop();
    }
  }, 50_000);
});
