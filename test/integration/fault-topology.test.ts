/**
 * Fault suite, planned topology changes: live resharding back and forth, manual failover (and back), a node added and
 * given slots then removed, and CLIENT KILL of the client's own connections — each under 32 concurrent INCR writers
 * with an acknowledgement ledger (test/harness/ack-ledger.ts). Every scenario restores the topology, so the file
 * shares one LocalCluster. STRICT_REDIS_SOAK=1 runs more traffic and more rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../src/admin/local-cluster.js';
import { addNode, failover, removeNode } from '../../src/admin/membership.js';
import { expandSlots } from '../../src/admin/nodes.js';
import { reshard } from '../../src/admin/reshard.js';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { AckLedger, type ConsistencyReport } from '../harness/ack-ledger.js';
import {
  counterKeys,
  livePorts,
  ROUNDS,
  recordFigures,
  SOAK,
  shards,
  sleep,
  TRAFFIC_MS,
  waitForReplicaLink,
  waitForStableCluster,
} from '../harness/fault-tools.js';
import { rawCommand } from '../harness/raw.js';

const P = 'ftopo:';
const WRITERS = 32;
const SCENARIO_MS = SOAK ? 300_000 : 60_000;

/** Runs writers on `keys` around `fault`, then checks the ledger. */
async function underLoad(
  rc: StrictRedisCluster<string>,
  keys: string[],
  fault: (ledger: AckLedger) => Promise<void>,
): Promise<ConsistencyReport> {
  const ledger = new AckLedger(rc, keys, WRITERS);
  try {
    await ledger.waitForProgress(500, 10_000);
    await fault(ledger);
    await sleep(TRAFFIC_MS / 2);
    // The writers kept going after the fault: the cluster is usable, not just consistent.
    await ledger.waitForProgress(200, 10_000);
  } finally {
    await ledger.stop();
  }
  return ledger.report();
}

/** Keys whose slots are among `slots`, plus as many spread over the whole key space. */
function keysFor(prefix: string, slots: Set<number>, rc: StrictRedisCluster<string>, count: number): string[] {
  const keys: string[] = [];
  for (let n = 0; keys.length < count && n < 500_000; n++) {
    const key = `${prefix}m:${n}`;
    if (slots.has(rc.keyslot(key))) keys.push(key);
  }
  return [...keys, ...counterKeys(prefix, count)];
}

describe('fault suite: topology changes under load', () => {
  let cluster: LocalCluster;
  let rc: StrictRedisCluster<string>;
  let seed: { host: string; port: number };

  beforeAll(async () => {
    cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 1, clusterNodeTimeout: 2000 });
    seed = cluster.startup_nodes[0];
    rc = new StrictRedisCluster({ startup_nodes: [seed] });
    await rc.connect();
  }, 60_000);

  afterAll(async () => {
    await rc?.close();
    await cluster?.stop();
  });

  it(
    'reshards ~200 slots back and forth: 0 errors, 0 lost, 0 noack',
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const [a, b] = await shards(seed.port);
        const slots = expandSlots(a.master.slots).slice(0, 200);
        const keys = keysFor(`${P}r${round}:`, new Set(slots), rc, 48);
        const report = await underLoad(rc, keys, async () => {
          const there = await reshard({ cluster: seed, from: a.master.id, to: b.master.id, slots });
          expect(there.slots).toBe(200);
          await sleep(TRAFFIC_MS / 2);
          await reshard({ cluster: seed, from: b.master.id, to: a.master.id, slots });
        });
        recordFigures('reshard 200 slots there and back', report);
        expect(report.errors).toEqual({});
        expect(report.lost).toBe(0);
        expect(report.noack).toBe(0);
        expect(report.acked).toBeGreaterThan(0);
      }
    },
    SCENARIO_MS,
  );

  it(
    'survives a manual failover (and the failback): 0 errors, 0 lost, 0 noack',
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const [shard] = await shards(seed.port);
        const replica = shard.replicas[0];
        await waitForReplicaLink(replica.port);
        const report = await underLoad(rc, counterKeys(`${P}f${round}:`, 64), async () => {
          const promoted = await failover({ host: replica.host, port: replica.port });
          expect(promoted.id).toBe(replica.id);
          await waitForStableCluster(cluster);
          await sleep(TRAFFIC_MS / 2);
          // Fail back so that later scenarios find the original layout.
          await waitForReplicaLink(shard.master.port);
          await failover({ host: shard.master.host, port: shard.master.port });
          await waitForStableCluster(cluster);
        });
        recordFigures('manual failover and failback', report);
        expect(report.errors).toEqual({});
        expect(report.lost).toBe(0);
        expect(report.noack).toBe(0);
      }
    },
    SCENARIO_MS,
  );

  it(
    'adds a node and moves slots to it, then removes it: 0 errors, 0 lost, 0 noack',
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const [donor] = await shards(seed.port);
        const slots = expandSlots(donor.master.slots).slice(0, 200);
        const keys = keysFor(`${P}n${round}:`, new Set(slots), rc, 48);
        const extra = await cluster.startNode();
        const added = await underLoad(rc, keys, async () => {
          const id = await addNode(seed, { host: extra.host, port: extra.port });
          await reshard({ cluster: seed, from: donor.master.id, to: id, slots });
          await waitForStableCluster(cluster);
        });
        recordFigures('node added, 200 slots moved to it', added);
        expect(added.errors).toEqual({});
        expect(added.lost).toBe(0);
        expect(added.noack).toBe(0);

        const newcomer = (await shards(seed.port)).find((s) => s.master.port === extra.port);
        expect(newcomer?.master.slots.length).toBeGreaterThan(0);
        const removed = await underLoad(rc, keysFor(`${P}n${round}x:`, new Set(slots), rc, 48), async () => {
          await removeNode(seed, newcomer!.master.id);
          await waitForStableCluster(cluster, { exclude: [extra.port] });
        });
        // The removed node has been reset and serves no slot: a client that asks it first for the topology must not
        // take its empty view for the cluster's.
        const late = new StrictRedisCluster({ startup_nodes: [{ host: extra.host, port: extra.port }, seed] });
        try {
          await late.connect();
          expect(late.slotTable?.uncoveredCount()).toBe(0);
          expect(await late.incr(`${P}late:${round}`)).toBe(1);
        } finally {
          await late.close();
        }
        await extra.stop();
        recordFigures('node removed (its slots moved away)', removed);
        expect(removed.errors).toEqual({});
        expect(removed.lost).toBe(0);
        expect(removed.noack).toBe(0);
      }
    },
    SCENARIO_MS,
  );

  it(
    'CLIENT KILL of its own connections: only outcome-unknown INCRs fail, 0 lost, 0 noack',
    async () => {
      const kills = SOAK ? 50 : 8;
      let killed = 0;
      const killedAt: number[] = [];
      let unknownAt: number[] = [];
      const report = await underLoad(rc, counterKeys(`${P}k:`, 64), async (ledger) => {
        unknownAt = ledger.unknownAt;
        for (let i = 0; i < kills; i++) {
          killedAt.push(Date.now());
          // rawCommand uses a fresh socket: SKIPME keeps it, every connection of the client goes.
          const counts = await Promise.all(
            livePorts(cluster).map((port) => rawCommand(port, ['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'])),
          );
          killed += counts.reduce<number>((a, c) => a + Number(c), 0);
          await ledger.waitForProgress(100, 10_000);
        }
      });
      recordFigures(`CLIENT KILL x${kills} on every node`, report);
      expect(killed).toBeGreaterThanOrEqual(kills);
      // Reads are resent after a kill; INCRs that were on the wire cannot be, and say so.
      const { 'ConnectionError(outcomeUnknown)': unknown = 0, ...others } = report.errors;
      expect(others).toEqual({});
      expect(unknown).toBe(report.unknown);
      // Only commands on a killed connection are in doubt: each writer has one command in flight, so a killed
      // connection takes at most WRITERS with it. (A writer can be hit more than once per round: its next INCR may
      // go to another node whose connection the same round killed but the client has not yet seen close.)
      expect(unknown).toBeLessThanOrEqual(killed * WRITERS);
      // ...and they all surface right after a kill, none later.
      const late = unknownAt.filter((t) => !killedAt.some((k) => t >= k && t <= k + 5000));
      expect(late).toEqual([]);
      expect(report.lost).toBe(0);
      expect(report.noack).toBe(0);
    },
    SCENARIO_MS,
  );
});
