/**
 * Tail latency and the distance to the C limit, standalone, in one run: `npm run bench:latency`.
 *
 * Latency: each client (strict-redis, ioredis, ioredis with auto-pipelining, node-redis) runs in a process of its own
 * (`latency-worker.ts`), rounds interleaved; per round it reports p50 / p99 / p99.9 of one-at-a-time commands and of
 * open-loop loads (fixed rates, and 80 % of its own maximum). The tables give the median over rounds.
 *
 * The limit: strict-redis's `burst` (1000 commands in flight, SET/GET alternating over 1000 keys, 64-byte values)
 * against `redis-benchmark -c 1 -P 1000 -d 64 -r 1000 -t set,get` on the same server, alternated round by round.
 *
 * Knobs: LATENCY_ROUNDS (3), LATENCY_DURATION_MS (2000 per phase), LATENCY_RATES (20000,50000), LATENCY_CLIENTS (empty: only
 * the limit), BENCH_BASELINE (a checkout whose burst joins the limit rounds),
 * BENCH_DOCS=0 to leave docs/benchmarks.md alone.
 */
import { execFile, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findExecutable } from '../src/admin/redis-process.js';
import type { LatencyMessage, LatencyRequest, LatencyResult, Quantiles } from './latency-worker.js';
import { CLIENTS, type ClientName, type Endpoint } from './lib/adapters.js';
import { writeDocsSection } from './lib/docs.js';
import { median } from './lib/report.js';
import { startServers } from './lib/servers.js';

const ROUNDS = Number(process.env.LATENCY_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.LATENCY_DURATION_MS ?? 2000);
const RATES = (process.env.LATENCY_RATES ?? '20000,50000').split(',').map(Number);
const SELECTED = (
  process.env.LATENCY_CLIENTS === undefined ? [...CLIENTS] : process.env.LATENCY_CLIENTS.split(',').filter(Boolean)
) as ClientName[];
const WORKER = fileURLToPath(new URL('./latency-worker.ts', import.meta.url));
const LABEL: Record<string, string> = { 'ioredis-auto': 'ioredis (autopipelining)' };
const label = (c: ClientName) => LABEL[c] ?? c;

function runLatencyWorker(request: LatencyRequest): Promise<LatencyResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(request)], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let message: LatencyMessage | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('message', (m) => {
      message = m as LatencyMessage;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (message?.ok === true) resolve(message.result);
      else reject(new Error(`${request.client}: ${message?.ok === false ? message.error : `exit ${signal ?? code}`}`));
    });
  });
}

/** SET and GET at pipeline depth 1000 on one connection; ops/s over both tests together. */
async function redisBenchmark(at: Endpoint, requests: number): Promise<number> {
  const binary = findExecutable('redis-benchmark');
  if (binary === undefined) throw new Error('redis-benchmark not found');
  const args = ['-h', at.host, '-p', String(at.port), '-c', '1', '-P', '1000', '-d', '64', '-r', '1000'];
  const run = promisify(execFile);
  let seconds = 0;
  for (const test of ['set', 'get']) {
    const { stdout } = await run(binary, [...args, '-q', '-t', test, '-n', String(requests)], { timeout: 120_000 });
    const rate = Number(/([\d.]+) requests per second/.exec(stdout)?.[1]);
    if (!Number.isFinite(rate)) throw new Error(`unexpected redis-benchmark output: ${stdout}`);
    seconds += requests / rate;
  }
  return (2 * requests) / seconds;
}

const ms = (v: number) => (v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function quantileCells(runs: Quantiles[]): string {
  return [
    ms(median(runs.map((r) => r.p50))),
    ms(median(runs.map((r) => r.p99))),
    ms(median(runs.map((r) => r.p999))),
  ].join(' | ');
}

function render(
  results: Map<ClientName, LatencyResult[]>,
  limit: Array<{ ours: number; c: number; baseline?: number }>,
): string {
  const clients = [...results.keys()];
  if (clients.length === 0) return limitTable(limit);
  const lines: string[] = [
    `- ${ROUNDS} rounds, ${DURATION_MS} ms per phase, clients interleaved, medians over rounds; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
    '',
    '#### One command at a time (ms)',
    '',
    '| client | p50 | p99 | p99.9 | p99 ratio to strict-redis |',
    '|---|---:|---:|---:|---:|',
  ];
  const ourSeq = median(results.get('strict-redis')?.map((r) => r.seq.p99) ?? []);
  for (const c of clients) {
    const runs = results.get(c)!.map((r) => r.seq);
    lines.push(`| ${label(c)} | ${quantileCells(runs)} | ${(median(runs.map((r) => r.p99)) / ourSeq).toFixed(2)}× |`);
  }
  const loads = results.get(clients[0])![0].openLoop.map((l, i) => ({ i, relative: l.relative, rate: l.targetRate }));
  for (const load of loads) {
    const title = load.relative ? '80 % of each client’s own maximum' : `${fmt(load.rate)} ops/s`;
    lines.push(
      '',
      `#### Open loop, ${title} (ms from the scheduled time)`,
      '',
      '| client | target ops/s | achieved ops/s | p50 | p99 | p99.9 | p99 ratio to strict-redis |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    const ourP99 = median(results.get('strict-redis')?.map((r) => r.openLoop[load.i].p99) ?? []);
    for (const c of clients) {
      const runs = results.get(c)!.map((r) => r.openLoop[load.i]);
      lines.push(
        `| ${label(c)} | ${fmt(median(runs.map((r) => r.targetRate)))} | ${fmt(median(runs.map((r) => r.achievedRate)))} | ${quantileCells(runs)} | ${(median(runs.map((r) => r.p99)) / ourP99).toFixed(2)}× |`,
      );
    }
  }
  lines.push('', limitTable(limit));
  lines.push('', '| client | maximum (burst) ops/s, median |', '|---|---:|');
  for (const c of clients) lines.push(`| ${label(c)} | ${fmt(median(results.get(c)!.map((r) => r.maxRate)))} |`);
  return lines.join('\n');
}

/** strict-redis's burst against redis-benchmark at the same depth, per round (and an earlier commit's, if run). */
function limitTable(limit: Array<{ ours: number; c: number; baseline?: number }>): string {
  const withBase = limit.some((r) => r.baseline !== undefined);
  const extra = (r: { ours: number; baseline?: number }) =>
    withBase ? ` ${fmt(r.baseline ?? Number.NaN)} | ${(r.ours / (r.baseline ?? Number.NaN)).toFixed(2)} |` : '';
  const lines = [
    '#### Maximum rate (`burst`, 1000 in flight) and the C limit',
    '',
    `| round | strict-redis burst ops/s | redis-benchmark -c 1 -P 1000 ops/s | ratio |${withBase ? ' baseline commit ops/s | ratio to baseline |' : ''}`,
    `|---|---:|---:|---:|${withBase ? '---:|---:|' : ''}`,
  ];
  limit.forEach((r, i) => {
    lines.push(`| ${i + 1} | ${fmt(r.ours)} | ${fmt(r.c)} | ${(r.ours / r.c).toFixed(2)} |${extra(r)}`);
  });
  const med = (pick: (r: (typeof limit)[number]) => number) => median(limit.map(pick));
  lines.push(
    `| median | ${fmt(med((r) => r.ours))} | ${fmt(med((r) => r.c))} | ${med((r) => r.ours / r.c).toFixed(2)} |${
      withBase
        ? ` ${fmt(med((r) => r.baseline ?? Number.NaN))} | ${med((r) => r.ours / (r.baseline ?? Number.NaN)).toFixed(2)} |`
        : ''
    }`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  console.log('starting a standalone server …');
  const servers = await startServers(false);
  try {
    const results = new Map<ClientName, LatencyResult[]>();
    const limit: Array<{ ours: number; c: number; baseline?: number }> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const client of SELECTED) {
        process.stdout.write(`round ${round}/${ROUNDS}: ${client} … `);
        const r = await runLatencyWorker({
          client,
          endpoint: servers.standalone,
          durationMs: DURATION_MS,
          rates: RATES,
        });
        results.set(client, [...(results.get(client) ?? []), r]);
        console.log(
          `seq p99 ${ms(r.seq.p99)} ms, max ${fmt(r.maxRate)}/s, ${r.openLoop.map((l) => `${fmt(l.targetRate)}/s p99 ${ms(l.p99)}`).join(', ')}`,
        );
      }
      // The limit: strict-redis burst and redis-benchmark back to back (order alternating); with BENCH_BASELINE, an
      // earlier commit's burst too (to measure a change).
      const burst = (client: ClientName) => () =>
        runLatencyWorker({
          client,
          endpoint: servers.standalone,
          durationMs: DURATION_MS,
          rates: [],
          burstOnly: true,
        }).then((r) => r.maxRate);
      const runs: Array<[string, () => Promise<number>]> = [
        ['ours', burst('strict-redis')],
        ['c', () => redisBenchmark(servers.standalone, 1_000_000)],
      ];
      if (process.env.BENCH_BASELINE) runs.push(['baseline', burst('strict-redis:baseline')]);
      const got = new Map<string, number>();
      for (let i = 0; i < runs.length; i++) {
        const [name, run] = runs[(i + round) % runs.length];
        got.set(name, await run());
      }
      const ours = got.get('ours')!;
      const theirs = got.get('c')!;
      limit.push({ ours, c: theirs, baseline: got.get('baseline') });
      console.log(
        `limit: strict-redis ${fmt(ours)}/s, redis-benchmark ${fmt(theirs)}/s${got.has('baseline') ? `, baseline ${fmt(got.get('baseline')!)}/s` : ''}`,
      );
    }
    const report = render(results, limit);
    console.log(`\n${report}`);
    if (process.env.BENCH_DOCS !== '0') writeDocsSection('latency', report);
  } finally {
    await servers.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
