/**
 * One client in one process: runs the requested workloads back to back and reports one result per workload to the
 * parent over IPC. Started by `run.ts` (and `profile.ts`) with `--import tsx --expose-gc`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { type Adapter, type ClientName, createAdapter, type Endpoint } from './lib/adapters.js';
import { sendToParent } from './lib/docs.js';
import { startAllocationMeter } from './lib/measure.js';
import { type WorkloadName, workloads } from './lib/workloads.js';

export interface WorkerRequest {
  client: ClientName;
  mode: 'standalone' | 'cluster';
  endpoint: Endpoint;
  workloads: WorkloadName[];
  durationMs: number;
  warmupMs: number;
  /** When set, a CPU or allocation profile of the measured stretch only is written to this directory (profile.ts). */
  profile?: { dir: string; kind: 'cpu' | 'heap' };
}

export interface WorkloadResult {
  workload: WorkloadName;
  ops: number;
  elapsedMs: number;
  /** User + system CPU time of this process while measuring, in microseconds. */
  cpuMicros: number;
  allocatedBytes: number;
  /** The process's peak resident set size so far (bytes), read right after this workload. */
  peakRssBytes: number;
}

export type WorkerMessage = { ok: true; results: WorkloadResult[] } | { ok: false; error: string };

const gc = (globalThis as { gc?: () => void }).gc;

async function repeatFor(client: Adapter, name: WorkloadName, ms: number): Promise<{ ops: number; elapsed: number }> {
  const workload = workloads[name];
  const start = performance.now();
  let ops = 0;
  let now = start;
  while (now - start < ms) {
    ops += await workload.step(client);
    now = performance.now();
  }
  return { ops, elapsed: now - start };
}

async function measure(client: Adapter, name: WorkloadName, request: WorkerRequest): Promise<WorkloadResult> {
  await workloads[name].check(client);
  await repeatFor(client, name, request.warmupMs);
  gc?.();
  const profiler = request.profile === undefined ? undefined : await startProfiling(request.profile.kind);
  const cpuBefore = process.cpuUsage();
  const meter = startAllocationMeter();
  const { ops, elapsed } = await repeatFor(client, name, request.durationMs);
  const allocatedBytes = meter.stop();
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler !== undefined) await stopProfiling(profiler, request.profile!.kind, join(request.profile!.dir, name));
  return {
    workload: name,
    ops,
    elapsedMs: elapsed,
    cpuMicros: cpu.user + cpu.system,
    allocatedBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/**
 * Profiles through the inspector rather than `--cpu-prof`, so that start-up and warm-up stay out of the profile, and
 * the sampling heap profiler keeps objects already collected (`--heap-prof` only reports what is still alive). One
 * kind per run: allocation sampling slows the code down and would distort a CPU profile taken at the same time.
 */
async function startProfiling(kind: 'cpu' | 'heap'): Promise<Session> {
  const session = new Session();
  session.connect();
  if (kind === 'cpu') {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  } else {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return session;
}

async function stopProfiling(session: Session, kind: 'cpu' | 'heap', prefix: string): Promise<void> {
  if (kind === 'cpu') {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${prefix}.cpuprofile`, JSON.stringify(profile));
  } else {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(`${prefix}.heapprofile`, JSON.stringify(profile));
  }
  session.disconnect();
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as WorkerRequest;
  if (gc === undefined) throw new Error('the worker needs --expose-gc');
  const client = await createAdapter(request.client, request.mode, request.endpoint);
  const results: WorkloadResult[] = [];
  try {
    for (const name of request.workloads) results.push(await measure(client, name, request));
  } finally {
    await client.close();
  }
  sendToParent({ ok: true, results });
}

main().catch((err: unknown) => {
  sendToParent({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
});
