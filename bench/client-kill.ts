/**
 * What each client does when the server kills its connections in the middle of non-idempotent writes.
 *
 * For every client: a fresh 3-master cluster, 32 writers INCRementing 64 counters and keeping a ledger (acknowledged
 * increments, failed ones by error class), `CLIENT KILL TYPE normal SKIPME yes` on every node KILL_ROUNDS times, then
 * each counter is read back. `lost` = acknowledged increments missing; `noack` = increments present that were neither
 * acknowledged nor reported as failed — for a client that resends a write whose reply the kill swallowed, an
 * increment applied twice. Run with `npm run bench:client-kill` (about a minute; not part of `npm test`, which checks
 * strict-redis alone in test/integration/fault-topology.test.ts).
 */
import { LocalCluster } from '../src/admin/local-cluster.js';
import { StrictRedis } from '../src/client/strict-redis.js';
import { StrictRedisCluster } from '../src/cluster/cluster-client.js';
import { ConnectionError } from '../src/errors.js';
import { CLIENTS, type ClientName, createAdapter } from './lib/adapters.js';

const WRITERS = 32;
const COUNTERS = 64;
const KILL_ROUNDS = Number(process.env.KILL_ROUNDS ?? 8);
const KILL_INTERVAL_MS = 300;

interface Outcome {
  client: ClientName;
  acknowledged: number;
  killed: number;
  errors: Map<string, number>;
  lost: number;
  noack: number;
  /** Counters whose final value is above acknowledged + failed increments. */
  overCounted: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorClass(err: unknown): string {
  if (err instanceof ConnectionError && err.outcomeUnknown) return 'ConnectionError (outcome unknown)';
  if (err instanceof Error)
    return err.constructor === Error ? `Error("${err.message.slice(0, 40)}")` : err.constructor.name;
  return typeof err;
}

/** CLIENT KILL from a connection of its own (SKIPME keeps it); how many clients the node closed. */
async function killClients(port: number): Promise<number> {
  const admin = new StrictRedis({ host: '127.0.0.1', port });
  try {
    return Number(await admin.execute_command('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'));
  } finally {
    await admin.close();
  }
}

async function run(client: ClientName): Promise<Outcome> {
  const cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 0 });
  try {
    const keys = Array.from({ length: COUNTERS }, (_, i) => `kill:{${i}}`);
    const acked = keys.map(() => 0);
    const failed = keys.map(() => 0);
    const errors = new Map<string, number>();
    const adapter = await createAdapter(client, 'cluster', cluster.startup_nodes[0]);
    let stopping = false;
    const writer = async (w: number): Promise<void> => {
      for (let n = w; !stopping; n++) {
        const i = n % COUNTERS;
        try {
          await adapter.incr(keys[i]);
          acked[i]++;
        } catch (err) {
          failed[i]++;
          const kind = errorClass(err);
          errors.set(kind, (errors.get(kind) ?? 0) + 1);
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    await sleep(500);
    let killed = 0;
    const ports = cluster.nodes.map((n) => n.port);
    for (let r = 0; r < KILL_ROUNDS; r++) {
      killed += (await Promise.all(ports.map(killClients))).reduce((a, b) => a + b, 0);
      await sleep(KILL_INTERVAL_MS);
    }
    await sleep(500);
    stopping = true;
    await Promise.all(writers);
    await adapter.close();

    const reader = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes, decode_responses: true });
    const values = await reader.mget(...keys);
    await reader.close();
    let lost = 0;
    let noack = 0;
    let overCounted = 0;
    values.forEach((v, i) => {
      const value = Number(v ?? 0);
      if (value < acked[i]) lost += acked[i] - value;
      if (value > acked[i] + failed[i]) {
        noack += value - acked[i] - failed[i];
        overCounted++;
      }
    });
    return { client, acknowledged: acked.reduce((a, b) => a + b, 0), killed, errors, lost, noack, overCounted };
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const only = process.env.KILL_CLIENTS?.split(',') as ClientName[] | undefined;
  const outcomes: Outcome[] = [];
  for (const client of only ?? CLIENTS) outcomes.push(await run(client));
  console.log(`\n${WRITERS} INCR writers, ${COUNTERS} counters, CLIENT KILL on every node ${KILL_ROUNDS}×:\n`);
  console.log('| client | increments acknowledged | connections killed | errors | lost | noack (counters) |');
  console.log('| --- | ---: | ---: | --- | ---: | ---: |');
  for (const o of outcomes) {
    const errors = [...o.errors].map(([kind, n]) => `${n} ${kind}`).join(', ') || '0';
    console.log(
      `| ${o.client} | ${o.acknowledged} | ${o.killed} | ${errors} | ${o.lost} | ${o.noack} (${o.overCounted}) |`,
    );
  }
}

await main();
