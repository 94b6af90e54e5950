/**
 * Side-by-side benchmark: strict-redis against ioredis (plain and auto-pipelining) and node-redis, standalone and
 * cluster, on servers it starts itself. Every client runs in a process of its own, rounds interleaved (A B C D A B C D
 * …); the tables report medians. `npm run bench`; knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION_MS (800 per
 * workload and round), BENCH_WARMUP_MS (200), BENCH_MODES (standalone,cluster), BENCH_WORKLOADS, BENCH_CLIENTS,
 * BENCH_DOCS=0 to leave docs/benchmarks.md alone. strict-redis also runs with a tracing subscriber and with call-site
 * capture, and — with BENCH_BASELINE=<checkout of an earlier commit> — as that commit, for the overhead table.
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { findExecutable } from '../src/admin/redis-process.js';
import { CLIENTS, type ClientName, VARIANTS } from './lib/adapters.js';
import { writeDocsSection } from './lib/docs.js';
import {
  type Mode,
  machineDescription,
  overheadTable,
  resourceTable,
  type Samples,
  sampleKey,
  targetsTable,
  throughputTable,
  workloadList,
} from './lib/report.js';
import { startServers } from './lib/servers.js';
import { killWorkers, runWorker } from './lib/spawn-worker.js';
import { WORKLOADS, type WorkloadName } from './lib/workloads.js';

const list = <T extends string>(env: string | undefined, all: readonly T[]): T[] =>
  env === undefined || env === '' ? [...all] : (env.split(',').filter((x) => all.includes(x as T)) as T[]);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 800);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 200);
const MODES = list<Mode>(process.env.BENCH_MODES, ['standalone', 'cluster']);
const SELECTED = list<WorkloadName>(process.env.BENCH_WORKLOADS, WORKLOADS);
const SELECTED_CLIENTS = list<ClientName>(process.env.BENCH_CLIENTS, [...CLIENTS, ...VARIANTS]);
const LIBRARIES = SELECTED_CLIENTS.filter((c) => (CLIENTS as readonly string[]).includes(c));
const SELECTED_VARIANTS = SELECTED_CLIENTS.filter((c) => (VARIANTS as readonly string[]).includes(c));

async function redisBenchmark(port: number): Promise<string> {
  const binary = findExecutable('redis-benchmark');
  if (binary === undefined) return '(redis-benchmark not found)';
  const args = ['-q', '-P', '16', '-t', 'set,get', '-n', '200000', '-p', String(port)];
  const { stdout } = await promisify(execFile)(binary, args, { timeout: 60_000 });
  // -q prints progress with carriage returns; keep the final lines.
  const lines = stdout
    .split(/[\r\n]+/)
    .filter((l) => l.includes('requests per second'))
    .map((l) => l.trim());
  return `\`redis-benchmark ${args.join(' ').replace(String(port), '<port>')}\`\n\n${lines.map((l) => `    ${l}`).join('\n')}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`starting servers (${MODES.join(', ')}) …`);
  const servers = await startServers(MODES.includes('cluster'));
  let stopping: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    killWorkers();
    stopping ??= servers.stop();
    return stopping;
  };
  process.once('SIGINT', () => {
    console.error('\ninterrupted: stopping workers and servers');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    const samples: Samples = new Map();
    for (const mode of MODES) {
      const endpoint = mode === 'cluster' ? servers.cluster : servers.standalone;
      for (let round = 1; round <= ROUNDS; round++) {
        for (const client of SELECTED_CLIENTS) {
          process.stdout.write(`${mode} round ${round}/${ROUNDS}: ${client} … `);
          const results = await runWorker({
            client,
            mode,
            endpoint,
            workloads: SELECTED,
            durationMs: DURATION_MS,
            warmupMs: WARMUP_MS,
          });
          for (const r of results) {
            const key = sampleKey(mode, client, r.workload);
            samples.set(key, [...(samples.get(key) ?? []), r]);
          }
          console.log(results.map((r) => `${r.workload} ${Math.round((r.ops * 1000) / r.elapsedMs)}`).join(', '));
        }
      }
    }
    const reference = MODES.includes('standalone') ? await redisBenchmark(servers.standalone.port) : '';
    const report = render(samples, reference, (Date.now() - started) / 1000);
    console.log(`\n${report}`);
    if (process.env.BENCH_DOCS !== '0') writeDocsSection('results', report);
  } finally {
    await cleanup();
  }
}

function render(samples: Samples, reference: string, seconds: number): string {
  const parts = [
    '### Machine and versions',
    machineDescription(),
    `- load average at the end (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
    `- ${ROUNDS} rounds × ${DURATION_MS} ms per workload (after ${WARMUP_MS} ms warm-up), medians; whole run ${Math.round(seconds)} s`,
    '### Workloads',
    workloadList(),
  ];
  for (const mode of MODES) {
    parts.push(`### Throughput, ${mode}`, throughputTable(samples, mode, LIBRARIES));
    if (SELECTED.includes('burst')) parts.push(`### Resources, ${mode}`, resourceTable(samples, mode, LIBRARIES));
    if (SELECTED_VARIANTS.length > 0 && LIBRARIES.includes('strict-redis')) {
      parts.push(`### Observability overhead, ${mode}`, overheadTable(samples, mode, SELECTED_VARIANTS));
    }
  }
  if (LIBRARIES.length === CLIENTS.length) parts.push('### Targets', targetsTable(samples, MODES));
  if (reference !== '') parts.push('### Reference: redis-benchmark on the same standalone server', reference);
  return parts.join('\n\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
