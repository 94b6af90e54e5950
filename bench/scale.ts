/**
 * How StrictRedisCluster's costs grow with the cluster and with concurrency: `npm run bench:scale` starts a 3+3 and a
 * 15+15 cluster (LocalCluster) side by side and measures, in rounds that alternate between them:
 * time to the first command of a new client, CPU time, heap bytes and wire bytes per topology refresh, heap per
 * connected client, fan-outs (DBSIZE, KEYS, a full cluster SCAN) and an MGET of 10k keys spread over all slots, the
 * per-command cost of `burst` (1000 in flight, over all slots and over one slot) — and heap per pending command with
 * 10k and 100k callers waiting.
 *
 * Needs `--expose-gc` (the npm script passes it). Knobs: SCALE_MASTERS (3,15), SCALE_ROUNDS (3), SCALE_KEYS (10000),
 * BENCH_DOCS=0 to leave docs/benchmarks.md alone.
 */
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { LocalCluster } from '../src/admin/local-cluster.js';
import { StrictRedisCluster } from '../src/cluster/cluster-client.js';
import { RespDecoder } from '../src/protocol/decoder.js';
import { writeDocsSection } from './lib/docs.js';
import { startAllocationMeter } from './lib/measure.js';
import { median } from './lib/report.js';

const MASTERS = (process.env.SCALE_MASTERS ?? '3,15').split(',').map(Number);
const ROUNDS = Number(process.env.SCALE_ROUNDS ?? 3);
const KEY_COUNT = Number(process.env.SCALE_KEYS ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run bench:scale)');
const collect = gc;

const KEYS = Array.from({ length: KEY_COUNT }, (_, i) => `scale:${i}`);
const VALUE = 'v'.repeat(64);

/** Keys of one hash slot: a burst over them writes the same batches to one node whatever the cluster's size. */
const ONE_SLOT_KEYS = Array.from({ length: 1000 }, (_, i) => `{scale}:${i}`);

type Row = Record<string, number>;

/** 1000 commands in flight (SET, then GET of the key just set) for 1.5 s: ops/s and client CPU µs per command. */
async function burst(rc: StrictRedisCluster, keys: readonly string[], name: string): Promise<Row> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let ops = 0;
  while (performance.now() - start < 1500) {
    const pending = new Array<Promise<unknown>>(1000);
    for (let i = 0; i < 1000; i++) {
      const key = keys[(ops + (i & ~1)) % keys.length];
      pending[i] = (i & 1) === 0 ? rc.set(key, VALUE) : rc.get(key);
    }
    await Promise.all(pending);
    ops += 1000;
  }
  const used = process.cpuUsage(cpu);
  return {
    [`${name}OpsPerSec`]: (ops * 1000) / (performance.now() - start),
    [`${name}CpuMicrosPerOp`]: (used.user + used.system) / ops,
  };
}

const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

async function medianTime(fn: () => Promise<unknown>, times = 5): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await time(fn));
  return median(samples);
}

/** Bytes of one CLUSTER SHARDS reply, read off a raw socket. */
function shardsReplyBytes(at: { host: string; port: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const socket = connect(at.port, at.host);
    const decoder = new RespDecoder({
      wantsBuffers: () => false,
      onReply: () => {
        socket.destroy();
        resolve(bytes);
      },
      onPush: () => {},
    });
    socket.on('data', (chunk) => {
      bytes += chunk.length;
      decoder.feed(chunk);
    });
    socket.on('error', reject);
    socket.write('*2\r\n$7\r\nCLUSTER\r\n$6\r\nSHARDS\r\n');
  });
}

async function measure(cluster: LocalCluster, rc: StrictRedisCluster): Promise<Row> {
  const row: Row = {};
  const nodes = cluster.startup_nodes;
  // Time to the first command: a new client, given one node, loads the map and answers a GET.
  row.firstCommandMs = await medianTime(async () => {
    const fresh = new StrictRedisCluster({ startup_nodes: [nodes[0]] });
    await fresh.get(KEYS[0]);
    await fresh.close();
  });
  // Topology refresh: CPU and heap per refresh (sequential, 200 of them), and the reply's size on the wire.
  const refreshes = 200;
  await rc.topology.refresh();
  collect();
  const cpu = process.cpuUsage();
  const meter = startAllocationMeter();
  const start = performance.now();
  for (let i = 0; i < refreshes; i++) await rc.topology.refresh();
  row.refreshMs = (performance.now() - start) / refreshes;
  row.refreshHeapBytes = meter.stop() / refreshes;
  const used = process.cpuUsage(cpu);
  row.refreshCpuMicros = (used.user + used.system) / refreshes;
  row.refreshWireBytes = await shardsReplyBytes(nodes[0]);
  // Heap per connected client (a connection to every master, opened by a DBSIZE fan-out).
  const clients: StrictRedisCluster[] = [];
  collect();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 10; i++) {
    const c = new StrictRedisCluster({ startup_nodes: [nodes[0]] });
    await c.dbsize();
    clients.push(c);
  }
  collect();
  row.heapPerClient = (process.memoryUsage().heapUsed - before) / clients.length;
  await Promise.all(clients.map((c) => c.close()));
  // Fan-outs and a cross-slot MGET.
  row.dbsizeMs = await medianTime(() => rc.dbsize());
  row.keysMs = await medianTime(() => rc.keys('scale:*'));
  row.scanMs = await medianTime(async () => {
    let n = 0;
    for await (const _ of rc.scan_iter({ match: 'scale:*', count: 1000 })) n++;
    if (n !== KEY_COUNT) throw new Error(`scan found ${n} keys, not ${KEY_COUNT}`);
  });
  row.mgetMs = await medianTime(async () => {
    const values = await rc.mget(...KEYS);
    if (values.length !== KEY_COUNT || values[KEY_COUNT - 1] !== VALUE) throw new Error('unexpected MGET reply');
  });
  // Per-command cost: burst (1000 in flight, SET/GET) for 1.5 s over keys of every slot (so the depth per node shrinks
  // as nodes are added), and over keys of one slot (the same depth per write in both clusters).
  Object.assign(row, await burst(rc, KEYS, 'burst'), await burst(rc, ONE_SLOT_KEYS, 'burstOneSlot'));
  // Heap per pending command: callers issue GETs without waiting; measured before the replies come back.
  for (const callers of [10_000, 100_000]) {
    const pending = new Array<Promise<unknown>>(callers);
    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < callers; i++) pending[i] = rc.get(KEYS[i % KEY_COUNT]);
    collect();
    row[`heapPerPending${callers}`] = (process.memoryUsage().heapUsed - heapBefore) / callers;
    await Promise.all(pending);
  }
  return row;
}

const COLUMNS: Array<[string, string, (v: number) => string]> = [
  ['firstCommandMs', 'time to the first command (new client, ms)', (v) => v.toFixed(1)],
  ['refreshCpuMicros', 'topology refresh: client CPU (µs)', (v) => v.toFixed(0)],
  ['refreshHeapBytes', 'topology refresh: heap allocated (bytes)', (v) => Math.round(v).toLocaleString('en-US')],
  ['refreshWireBytes', 'topology refresh: CLUSTER SHARDS reply (bytes)', (v) => Math.round(v).toLocaleString('en-US')],
  ['refreshMs', 'topology refresh: wall time (ms)', (v) => v.toFixed(2)],
  ['heapPerClient', 'heap per connected client (bytes)', (v) => Math.round(v).toLocaleString('en-US')],
  ['dbsizeMs', 'DBSIZE fan-out (ms)', (v) => v.toFixed(2)],
  ['keysMs', `KEYS over ${KEY_COUNT.toLocaleString('en-US')} keys (ms)`, (v) => v.toFixed(1)],
  ['scanMs', `full cluster SCAN of ${KEY_COUNT.toLocaleString('en-US')} keys, COUNT 1000 (ms)`, (v) => v.toFixed(1)],
  ['mgetMs', `MGET of ${KEY_COUNT.toLocaleString('en-US')} keys over all slots (ms)`, (v) => v.toFixed(1)],
  ['burstOpsPerSec', 'burst (1000 in flight over all slots): ops/s', (v) => Math.round(v).toLocaleString('en-US')],
  ['burstCpuMicrosPerOp', 'burst: client CPU µs per command', (v) => v.toFixed(2)],
  [
    'burstOneSlotOpsPerSec',
    'burst on one slot (1000 in flight to one node): ops/s',
    (v) => Math.round(v).toLocaleString('en-US'),
  ],
  ['burstOneSlotCpuMicrosPerOp', 'burst on one slot: client CPU µs per command', (v) => v.toFixed(2)],
  ['heapPerPending10000', 'heap per pending command, 10k callers (bytes)', (v) => v.toFixed(0)],
  ['heapPerPending100000', 'heap per pending command, 100k callers (bytes)', (v) => v.toFixed(0)],
];

function render(results: Map<number, Row[]>): string {
  const sizes = [...results.keys()];
  const first = sizes[0];
  const lines = [
    `- ${ROUNDS} rounds alternating between the clusters, medians; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
    '',
    `| measure | ${sizes.map((m) => `${m}+${m}`).join(' | ')} | ${sizes
      .slice(1)
      .map((m) => `${m}+${m} ÷ ${first}+${first}`)
      .join(' | ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|${sizes
      .slice(1)
      .map(() => '---:')
      .join('|')}|`,
  ];
  for (const [key, title, format] of COLUMNS) {
    const med = (m: number) => median(results.get(m)!.map((r) => r[key]));
    lines.push(
      `| ${title} | ${sizes.map((m) => format(med(m))).join(' | ')} | ${sizes
        .slice(1)
        .map((m) => `${(med(m) / med(first)).toFixed(2)}×`)
        .join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const clusters = new Map<number, LocalCluster>();
  const clients = new Map<number, StrictRedisCluster>();
  try {
    for (const masters of MASTERS) {
      console.log(`starting a ${masters}+${masters} cluster …`);
      const cluster = await LocalCluster.start({ masters, replicasPerMaster: 1, timeoutMs: 180_000 });
      clusters.set(masters, cluster);
      const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes });
      clients.set(masters, rc);
      for (let i = 0; i < KEYS.length; i += 1000) {
        const batch: Record<string, string> = {};
        for (const k of KEYS.slice(i, i + 1000)) batch[k] = VALUE;
        await rc.mset(batch);
      }
    }
    const results = new Map<number, Row[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? MASTERS : [...MASTERS].reverse();
      for (const masters of order) {
        const row = await measure(clusters.get(masters)!, clients.get(masters)!);
        results.set(masters, [...(results.get(masters) ?? []), row]);
        console.log(`round ${round}, ${masters}+${masters}: ${JSON.stringify(row)}`);
      }
    }
    const ordered = new Map(MASTERS.map((m) => [m, results.get(m)!]));
    const report = render(ordered);
    console.log(`\n${report}`);
    if (process.env.BENCH_DOCS !== '0') writeDocsSection('scale', report);
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
    await Promise.all([...clusters.values()].map((c) => c.stop()));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
