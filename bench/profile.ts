/**
 * Profiles strict-redis on the standalone `burst` and `seq` workloads: one worker per workload records a CPU profile
 * and a sampling allocation profile of the measured stretch only (through the inspector), then this prints the top
 * self-time functions and the top allocating functions. `npx tsx bench/profile.ts`; BENCH_PROFILE_MS sets the measured time (default 3000),
 * BENCH_PROFILE_DIR keeps the raw profiles (default: a temporary directory, removed), BENCH_PROFILE_WORKLOADS picks
 * the workloads (burst,seq) and BENCH_PROFILE_CLIENT the client (strict-redis; e.g. strict-redis:baseline).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientName } from './lib/adapters.js';
import { startServers } from './lib/servers.js';
import { killWorkers, runWorker } from './lib/spawn-worker.js';
import type { WorkloadName } from './lib/workloads.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const ROOT = new URL('..', import.meta.url).pathname;
// Line numbers are left out: under tsx they point into the transpiled module, not the source.
const label = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.replace('file://', '').replace(ROOT, '')}`;

function top(totals: Map<string, number>, n: number, unit: (v: number, all: number) => string): string {
  let all = 0;
  for (const v of totals.values()) all += v;
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, v]) => `| ${unit(v, all)} | \`${name}\` |`)
    .join('\n');
}

function cpuSummary(file: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const name = label(frames.get(profile.samples[i])!);
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  return `| self time | function |\n|---:|---|\n${top(totals, 25, (v, all) => `${((100 * v) / all).toFixed(1)} %`)}`;
}

function heapSummary(file: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const totals = new Map<string, number>();
  const walk = (node: HeapNode) => {
    const name = label(node.callFrame);
    totals.set(name, (totals.get(name) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return `| sampled bytes | function |\n|---:|---|\n${top(totals, 15, (v, all) => `${((100 * v) / all).toFixed(1)} %`)}`;
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_PROFILE_DIR;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'strict-redis-profile-'));
  const durationMs = Number(process.env.BENCH_PROFILE_MS ?? 3000);
  const servers = await startServers(false);
  process.once('SIGINT', () => {
    killWorkers();
    void servers.stop().finally(() => process.exit(130));
  });
  try {
    mkdirSync(dir, { recursive: true });
    const workloads = (process.env.BENCH_PROFILE_WORKLOADS ?? 'burst,seq').split(',') as WorkloadName[];
    const client = (process.env.BENCH_PROFILE_CLIENT ?? 'strict-redis') as ClientName;
    for (const workload of workloads) {
      const run = (kind: 'cpu' | 'heap') =>
        runWorker({
          client,
          mode: 'standalone',
          endpoint: servers.standalone,
          workloads: [workload],
          durationMs,
          warmupMs: 500,
          profile: { dir, kind },
        });
      const [result] = await run('cpu');
      const rate = Math.round((result.ops * 1000) / result.elapsedMs);
      console.log(`\n#### ${workload}: CPU self time (${rate} ops/s while profiled)\n`);
      console.log(cpuSummary(join(dir, `${workload}.cpuprofile`)));
      await run('heap');
      console.log(`\n#### ${workload}: sampled heap allocations by function\n`);
      console.log(heapSummary(join(dir, `${workload}.heapprofile`)));
    }
  } finally {
    killWorkers();
    await servers.stop();
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
