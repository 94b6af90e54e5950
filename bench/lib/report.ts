/** Medians, tables and the targets, as Markdown (printed, and written into docs/benchmarks.md). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { redisServerVersion } from '../../src/admin/redis-process.js';
import type { WorkloadResult } from '../worker.js';
import { CLIENTS, type ClientName } from './adapters.js';
import { WORKLOADS, type WorkloadName, workloads } from './workloads.js';

export type Mode = 'standalone' | 'cluster';
/** Every round's result, by mode, client and workload. */
export type Samples = Map<string, WorkloadResult[]>;

export const sampleKey = (mode: Mode, client: ClientName, workload: WorkloadName) => `${mode}/${client}/${workload}`;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Summary {
  opsPerSec: number;
  cpuMicrosPerOp: number;
  heapBytesPerOp: number;
  peakRssBytes: number;
  rounds: number;
}

export function summarise(
  samples: Samples,
  mode: Mode,
  client: ClientName,
  workload: WorkloadName,
): Summary | undefined {
  const runs = samples.get(sampleKey(mode, client, workload));
  if (runs === undefined || runs.length === 0) return undefined;
  return {
    opsPerSec: median(runs.map((r) => (r.ops * 1000) / r.elapsedMs)),
    cpuMicrosPerOp: median(runs.map((r) => r.cpuMicros / r.ops)),
    heapBytesPerOp: median(runs.map((r) => r.allocatedBytes / r.ops)),
    peakRssBytes: median(runs.map((r) => r.peakRssBytes)),
    rounds: runs.length,
  };
}

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');

function clientLabel(client: ClientName, mode: Mode): string {
  if (mode === 'standalone') return client === 'ioredis-auto' ? 'ioredis (autopipelining)' : client;
  const names: Partial<Record<ClientName, string>> = {
    'strict-redis': 'StrictRedisCluster',
    ioredis: 'ioredis Cluster',
    'ioredis-auto': 'ioredis Cluster (autopipelining)',
    'node-redis': 'node-redis createCluster',
  };
  return names[client] ?? client;
}

/**
 * What observability costs: each strict-redis variant against strict-redis as it ships (no subscriber, no call-site
 * capture), per workload — the ratio of the medians, and the range of the per-round ratios (each round runs them
 * back to back, so the range shows the noise). For `strict-redis:baseline` the ratio is inverted: strict-redis's
 * throughput relative to the earlier commit, i.e. what the always-on parts (stats, channel checks) cost.
 */
export function overheadTable(samples: Samples, mode: Mode, variants: readonly ClientName[]): string {
  const head = `| workload | ${variants.map((v) => overheadLabel(v)).join(' | ')} |`;
  const rule = `|---|${variants.map(() => '---:').join('|')}|`;
  const rows = WORKLOADS.filter((w) => summarise(samples, mode, 'strict-redis', w) !== undefined).map((w) => {
    const cells = variants.map((v) => {
      const ours = samples.get(sampleKey(mode, 'strict-redis', w)) ?? [];
      const theirs = samples.get(sampleKey(mode, v, w)) ?? [];
      if (ours.length === 0 || theirs.length === 0) return '–';
      // Throughput of the variant relative to strict-redis (for the baseline: strict-redis relative to it), and
      // client CPU time per operation the other way round; both > 1 mean strict-redis as shipped is ahead.
      const inverted = v === 'strict-redis:baseline';
      const rate = (r: { ops: number; elapsedMs: number }) => r.ops / r.elapsedMs;
      const perRound = ours
        .slice(0, theirs.length)
        .map((o, i) => (inverted ? rate(o) / rate(theirs[i]) : rate(theirs[i]) / rate(o)));
      const a = summarise(samples, mode, 'strict-redis', w)!;
      const b = summarise(samples, mode, v, w)!;
      const throughput = inverted ? a.opsPerSec / b.opsPerSec : b.opsPerSec / a.opsPerSec;
      const cpuRatio = inverted ? a.cpuMicrosPerOp / b.cpuMicrosPerOp : b.cpuMicrosPerOp / a.cpuMicrosPerOp;
      const range = `${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}`;
      return `${throughput.toFixed(3)} (${range}); CPU/op ${cpuRatio.toFixed(3)}`;
    });
    return `| ${w} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}

function overheadLabel(variant: ClientName): string {
  if (variant === 'strict-redis:baseline') return 'no subscriber: ops/s vs baseline commit (rounds); CPU/op';
  if (variant === 'strict-redis:traced') return 'a command subscriber: ops/s ratio (rounds); CPU/op';
  if (variant === 'strict-redis:call-site') return 'capture_call_site: ops/s ratio (rounds); CPU/op';
  return variant;
}

export function throughputTable(samples: Samples, mode: Mode, clients: readonly ClientName[]): string {
  const head = `| workload (ops/s, ratio to strict-redis) | ${clients.map((c) => clientLabel(c, mode)).join(' | ')} |`;
  const rule = `|---|${clients.map(() => '---:').join('|')}|`;
  const rows = WORKLOADS.filter((w) => summarise(samples, mode, clients[0], w) !== undefined).map((w) => {
    const base = summarise(samples, mode, 'strict-redis', w)?.opsPerSec ?? Number.NaN;
    const cells = clients.map((c) => {
      const s = summarise(samples, mode, c, w);
      if (s === undefined) return '–';
      return c === 'strict-redis' ? fmt(s.opsPerSec) : `${fmt(s.opsPerSec)} (${ratio(s.opsPerSec / base)})`;
    });
    return `| ${w} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}

export function resourceTable(samples: Samples, mode: Mode, clients: readonly ClientName[]): string {
  const lines = [
    `| burst, ${mode} | ${clients.map((c) => clientLabel(c, mode)).join(' | ')} |`,
    `|---|${clients.map(() => '---:').join('|')}|`,
  ];
  const row = (label: string, pick: (s: Summary) => string) =>
    `| ${label} | ${clients
      .map((c) => {
        const s = summarise(samples, mode, c, 'burst');
        return s === undefined ? '–' : pick(s);
      })
      .join(' | ')} |`;
  lines.push(row('client CPU µs / op', (s) => s.cpuMicrosPerOp.toFixed(2)));
  lines.push(row('heap bytes allocated / op', (s) => fmt(s.heapBytesPerOp)));
  lines.push(row('peak RSS (MiB)', (s) => (s.peakRssBytes / 1048576).toFixed(1)));
  return lines.join('\n');
}

interface Target {
  label: string;
  mine: number;
  theirs: number;
  /** Required mine / theirs (or theirs / mine when `lowerIsBetter`). */
  factor: number;
  lowerIsBetter?: boolean;
  against: string;
}

function best(samples: Samples, mode: Mode, workload: WorkloadName, among: ClientName[]): [number, string] {
  let top = Number.NaN;
  let who = '–';
  for (const c of among) {
    const v = summarise(samples, mode, c, workload)?.opsPerSec ?? Number.NaN;
    if (!(v <= top)) {
      top = v;
      who = clientLabel(c, mode);
    }
  }
  return [top, who];
}

export function targetsTable(samples: Samples, modes: readonly Mode[]): string {
  const targets: Target[] = [];
  const mine = (mode: Mode, w: WorkloadName) => summarise(samples, mode, 'strict-redis', w)?.opsPerSec ?? Number.NaN;
  const others: ClientName[] = ['ioredis', 'ioredis-auto', 'node-redis'];
  for (const mode of modes) {
    const auto = summarise(samples, mode, 'ioredis-auto', 'burst')?.opsPerSec ?? Number.NaN;
    targets.push({
      label: `burst, ${mode}`,
      mine: mine(mode, 'burst'),
      theirs: auto,
      factor: 1.5,
      against: clientLabel('ioredis-auto', mode),
    });
    for (const w of ['seq', 'big', 'lrange', 'hgetall', 'pipeline'] as const) {
      const [theirs, who] = best(samples, mode, w, others);
      targets.push({ label: `${w}, ${mode}`, mine: mine(mode, w), theirs, factor: 1, against: `best: ${who}` });
    }
    const heap = (c: ClientName) => summarise(samples, mode, c, 'burst')?.heapBytesPerOp ?? Number.NaN;
    targets.push({
      label: `burst heap bytes/op, ${mode}`,
      mine: heap('strict-redis'),
      theirs: Math.min(heap('ioredis'), heap('ioredis-auto')),
      factor: 1,
      lowerIsBetter: true,
      against: 'ioredis (lower of plain / autopipelining)',
    });
  }
  if (modes.includes('cluster')) {
    const [theirs, who] = best(samples, 'cluster', 'mget', others);
    targets.push({
      label: 'mget across slots, cluster',
      mine: mine('cluster', 'mget'),
      theirs,
      factor: 3,
      against: `per-key GETs, best: ${who}`,
    });
  }
  const lines = ['| target | strict-redis | reference | required | achieved | met |', '|---|---:|---|---:|---:|:---:|'];
  for (const t of targets) {
    const achieved = t.lowerIsBetter === true ? t.theirs / t.mine : t.mine / t.theirs;
    const met = Number.isFinite(achieved) ? (achieved >= t.factor ? 'yes' : 'no') : '–';
    lines.push(
      `| ${t.label} | ${fmt(t.mine)} | ${fmt(t.theirs)} (${t.against}) | ${ratio(t.factor)} | ${ratio(achieved)} | ${met} |`,
    );
  }
  return lines.join('\n');
}

const require = createRequire(import.meta.url);
function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineDescription(): string {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line !== undefined) model = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  let commit = 'unknown';
  try {
    commit =
      process.env.BENCH_COMMIT ?? execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return [
    `- CPU: ${model}, ${cpus().length} cores`,
    `- Node ${process.version}, redis-server ${redisServerVersion()} (loopback, no persistence)`,
    `- strict-redis ${own.version} (commit ${commit}), ioredis ${packageVersion('ioredis')}, node-redis ${packageVersion('redis')} (@redis/client ${packageVersion('@redis/client')})`,
  ].join('\n');
}

export function workloadList(): string {
  return WORKLOADS.map((w) => `- \`${w}\`: ops/s counts one ${workloads[w].unit}`).join('\n');
}

export { CLIENTS };
