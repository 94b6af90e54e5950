/**
 * What observability costs, measured in one process so that a loaded machine hurts every variant alike: strict-redis
 * as shipped, with a `strict-redis:command` subscriber, with `capture_call_site`, and — with BENCH_BASELINE=<checkout
 * of an earlier commit> — that commit's client, all connected to the same server. Each round runs every variant for
 * one short slice per workload, in a rotating order; each variant's slice is compared with the shipped client's slice
 * of the same round (with a baseline: with the baseline's slice), and the table reports the median of those ratios
 * with their interquartile range and full range — for throughput and for the client's CPU time per operation. `npm run bench:overhead`; knobs: OVERHEAD_ROUNDS (20),
 * OVERHEAD_SLICE_MS (300), OVERHEAD_WORKLOADS (burst,seq,pipeline), OVERHEAD_MODE (standalone | cluster).
 */
import diagnostics from 'node:diagnostics_channel';
import { loadavg } from 'node:os';
import { type Adapter, type ClientName, createAdapter } from './lib/adapters.js';
import { median } from './lib/report.js';
import { startServers } from './lib/servers.js';
import { type WorkloadName, workloads } from './lib/workloads.js';

const ROUNDS = Number(process.env.OVERHEAD_ROUNDS ?? 20);
const SLICE_MS = Number(process.env.OVERHEAD_SLICE_MS ?? 300);
const MODE = process.env.OVERHEAD_MODE === 'cluster' ? 'cluster' : 'standalone';
const WORKLOADS = (process.env.OVERHEAD_WORKLOADS ?? 'burst,seq,pipeline').split(',') as WorkloadName[];

type Variant = 'shipped' | 'traced' | 'call-site' | 'baseline';

/** Keeps each context from start to asyncEnd, as a tracer does. */
const open = new Set<object>();
const tracer = {
  start: (context: object) => open.add(context),
  end: () => {},
  asyncStart: () => {},
  asyncEnd: (context: object) => open.delete(context),
  error: () => {},
};
const channel = diagnostics.tracingChannel<object>('strict-redis:command');

interface Slice {
  opsPerSec: number;
  cpuMicrosPerOp: number;
}

async function slice(client: Adapter, workload: WorkloadName, traced: boolean): Promise<Slice> {
  if (traced) channel.subscribe(tracer);
  try {
    const step = workloads[workload].step;
    const cpu = process.cpuUsage();
    const start = performance.now();
    let ops = 0;
    let now = start;
    while (now - start < SLICE_MS) {
      ops += await step(client);
      now = performance.now();
    }
    const used = process.cpuUsage(cpu);
    return { opsPerSec: (ops * 1000) / (now - start), cpuMicrosPerOp: (used.user + used.system) / ops };
  } finally {
    if (traced) channel.unsubscribe(tracer);
  }
}

const quartiles = (values: number[]): [number, number] => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
  return [at(0.25), at(0.75)];
};

async function main(): Promise<void> {
  console.log(`starting a ${MODE} server …`);
  const servers = await startServers(MODE === 'cluster');
  const endpoint = MODE === 'cluster' ? servers.cluster : servers.standalone;
  const clients = new Map<Variant, Adapter>();
  try {
    const kinds: Array<[Variant, ClientName]> = [
      ['shipped', 'strict-redis'],
      ['traced', 'strict-redis'],
      ['call-site', 'strict-redis:call-site'],
    ];
    if (process.env.BENCH_BASELINE) kinds.push(['baseline', 'strict-redis:baseline']);
    for (const [variant, name] of kinds) clients.set(variant, await createAdapter(name, MODE, endpoint));
    const variants = [...clients.keys()];
    const ratios = new Map<string, { throughput: number[]; cpu: number[] }>();
    for (const workload of WORKLOADS) {
      for (const client of clients.values()) {
        await workloads[workload].check(client);
        await slice(client, workload, false); // warm-up
      }
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const workload of WORKLOADS) {
        const order = variants.map((_, i) => variants[(i + round) % variants.length]);
        const results = new Map<Variant, Slice>();
        for (const variant of order) {
          results.set(variant, await slice(clients.get(variant)!, workload, variant === 'traced'));
        }
        // With a baseline commit every variant is compared with it; without one, with the shipped client.
        const reference: Variant = results.has('baseline') ? 'baseline' : 'shipped';
        const base = results.get(reference)!;
        for (const variant of variants) {
          if (variant === reference) continue;
          const r = results.get(variant)!;
          const key = `${workload}/${variant}`;
          const entry = ratios.get(key) ?? { throughput: [], cpu: [] };
          entry.throughput.push(r.opsPerSec / base.opsPerSec);
          entry.cpu.push(r.cpuMicrosPerOp / base.cpuMicrosPerOp);
          ratios.set(key, entry);
        }
      }
      process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
    const reference: Variant = clients.has('baseline') ? 'baseline' : 'shipped';
    const label: Record<string, string> = {
      shipped: 'no subscriber',
      traced: 'with a command subscriber',
      'call-site': 'capture_call_site',
    };
    const against = reference === 'baseline' ? 'the baseline commit' : 'the shipped client (no subscriber)';
    const lines = [
      `${MODE}, ${ROUNDS} rounds × ${SLICE_MS} ms slices per variant and workload, in one process, ratios to ${against}; load average at the end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}`,
      '',
      '| workload | variant | throughput ratio, median (IQR; range) | CPU per op ratio, median (IQR) |',
      '|---|---|---:|---:|',
    ];
    for (const workload of WORKLOADS) {
      for (const variant of variants.filter((v) => v !== reference)) {
        const entry = ratios.get(`${workload}/${variant}`)!;
        const [t25, t75] = quartiles(entry.throughput);
        const [c25, c75] = quartiles(entry.cpu);
        const range = `${Math.min(...entry.throughput).toFixed(2)}–${Math.max(...entry.throughput).toFixed(2)}`;
        lines.push(
          `| ${workload} | ${label[variant]} | ${median(entry.throughput).toFixed(3)} (${t25.toFixed(3)}–${t75.toFixed(3)}; ${range}) | ${median(entry.cpu).toFixed(3)} (${c25.toFixed(3)}–${c75.toFixed(3)}) |`,
        );
      }
    }
    console.log(`\n${lines.join('\n')}`);
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
    await servers.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
