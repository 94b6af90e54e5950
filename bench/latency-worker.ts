/**
 * One client in one process, for `latency.ts`: latency of one-at-a-time commands, the client's own maximum rate
 * (the `burst` workload), and open-loop loads at fixed rates. Started with `--import tsx --expose-gc`; reports over
 * IPC.
 *
 * Open loop: operation i is due at start + i / rate whatever happened to the earlier ones, and its latency runs from
 * that due time to its reply. A client that falls behind therefore shows it in its latencies, instead of quietly
 * issuing less (coordinated omission). The scheduler issues every operation that is due, then yields to I/O with
 * setImmediate, so a client that blocks the event loop delays its own operations and pays for it.
 */
import { LatencyHistogram } from '../src/connection/stats.js';
import { type Adapter, type ClientName, createAdapter, type Endpoint } from './lib/adapters.js';
import { sendToParent } from './lib/docs.js';
import { KEYS, VALUE, workloads } from './lib/workloads.js';

export interface LatencyRequest {
  client: ClientName;
  endpoint: Endpoint;
  durationMs: number;
  /** Fixed open-loop rates (ops/s); the worker adds 80 % of its own measured maximum. */
  rates: number[];
  /** Only the `burst` rate (for the comparison with redis-benchmark). */
  burstOnly?: boolean;
}

/** Quantiles in milliseconds. */
export interface Quantiles {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export interface OpenLoopResult extends Quantiles {
  /** The rate asked for, and the rate of replies actually received over the run (ops/s). */
  targetRate: number;
  achievedRate: number;
  /** Whether this was the "80 % of own maximum" load. */
  relative: boolean;
}

export interface LatencyResult {
  seq: Quantiles;
  maxRate: number;
  openLoop: OpenLoopResult[];
}

export type LatencyMessage = { ok: true; result: LatencyResult } | { ok: false; error: string };

const gc = (globalThis as { gc?: () => void }).gc;

function quantiles(h: LatencyHistogram): Quantiles {
  return {
    count: h.count,
    p50: h.quantile(0.5),
    p99: h.quantile(0.99),
    p999: h.quantile(0.999),
    max: h.maxMicros / 1000,
  };
}

let cursor = 0;
function nextKey(): string {
  cursor = (cursor + 1) % KEYS.length;
  return KEYS[cursor];
}

/** SET/GET alternating, the same mix as `burst`. */
const op = (client: Adapter, i: number): Promise<unknown> =>
  (i & 1) === 0 ? client.set(nextKey(), VALUE) : client.get(nextKey());

/** One command at a time, each awaited: its latency from call to reply. */
async function oneAtATime(client: Adapter, ms: number): Promise<Quantiles> {
  const h = new LatencyHistogram();
  const end = performance.now() + ms;
  for (let i = 0; ; i++) {
    const start = performance.now();
    if (start >= end) break;
    await op(client, i);
    h.record((performance.now() - start) * 1000);
  }
  return quantiles(h);
}

async function maxRate(client: Adapter, ms: number): Promise<number> {
  const step = workloads.burst.step;
  const start = performance.now();
  let ops = 0;
  let now = start;
  while (now - start < ms) {
    ops += await step(client);
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

async function openLoop(client: Adapter, rate: number, ms: number): Promise<Quantiles & { achievedRate: number }> {
  const h = new LatencyHistogram();
  const interval = 1000 / rate;
  const total = Math.floor((rate * ms) / 1000);
  let issued = 0;
  let done = 0;
  let lastReply = 0;
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const settle = (due: number) => () => {
      lastReply = performance.now();
      h.record((lastReply - due) * 1000);
      if (++done === total) resolve();
    };
    const tick = () => {
      const now = performance.now();
      while (issued < total) {
        const due = start + issued * interval;
        if (due > now) break;
        op(client, issued).then(settle(due), reject);
        issued++;
      }
      if (issued < total) setImmediate(tick);
    };
    tick();
  });
  return { ...quantiles(h), achievedRate: (done * 1000) / (lastReply - start) };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as LatencyRequest;
  const client = await createAdapter(request.client, 'standalone', request.endpoint);
  try {
    await workloads.burst.check(client);
    await maxRate(client, 200); // warm-up
    gc?.();
    const max = await maxRate(client, request.durationMs);
    if (request.burstOnly) {
      sendToParent({ ok: true, result: { seq: quantiles(new LatencyHistogram()), maxRate: max, openLoop: [] } });
      return;
    }
    await oneAtATime(client, 200);
    gc?.();
    const seq = await oneAtATime(client, request.durationMs);
    const openLoopResults: OpenLoopResult[] = [];
    const loads = [...request.rates.map((r) => ({ rate: r, relative: false })), { rate: 0.8 * max, relative: true }];
    for (const { rate, relative } of loads) {
      gc?.();
      const r = await openLoop(client, rate, request.durationMs);
      openLoopResults.push({ ...r, targetRate: rate, relative });
    }
    sendToParent({ ok: true, result: { seq, maxRate: max, openLoop: openLoopResults } });
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  sendToParent({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
});
