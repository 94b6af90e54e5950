/**
 * The consistency workload of the client-side cache: writers INCRement per-key counters through an uncached client
 * (one writer per key, so each key's values only grow) and record when each value was acknowledged; readers GET the
 * counters through the cached client. Every read is checked as it completes:
 * - monotonic: a reader never sees a value older than one it already saw for that key;
 * - fresh: a read that started FRESHNESS_MS or more after a write was acknowledged sees that write (or a later one).
 * Disruptions (reconnects, reshards, failovers) run at given moments of the run.
 */
import { rawCommand } from './raw.js';

/** How long the run lasts (ms): CACHE_CONSISTENCY_MS, 30 s by default. */
export const CONSISTENCY_MS = Number(process.env.CACHE_CONSISTENCY_MS ?? 30_000);
export const FRESHNESS_MS = 100;
const WRITERS = 8;
const READERS = 8;

export interface Disruption {
  /** When it starts, as a fraction of the run. */
  at: number;
  name: string;
  run(): Promise<void>;
}

export interface ConsistencyReport {
  reads: number;
  writes: number;
  /** Reads that went back in time, described. */
  regressions: string[];
  /** Reads that missed a write acknowledged long enough before they started, described. */
  stale: string[];
  readErrors: string[];
  writeErrors: string[];
  /** Disruptions that ran, with how long each took. */
  done: string[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The latest value acknowledged at or before `time` (0 when none was). */
function ackedBy(values: number[], times: number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? 0 : values[found];
}

export async function runConsistency(options: {
  keys: readonly string[];
  writer: { incr(key: string): Promise<number> };
  reader: { get(key: string): Promise<string | null> };
  durationMs?: number;
  disruptions?: readonly Disruption[];
}): Promise<ConsistencyReport> {
  const { keys, writer, reader } = options;
  const durationMs = options.durationMs ?? CONSISTENCY_MS;
  const ackValues = keys.map((): number[] => []);
  const ackTimes = keys.map((): number[] => []);
  const report: ConsistencyReport = {
    reads: 0,
    writes: 0,
    regressions: [],
    stale: [],
    readErrors: [],
    writeErrors: [],
    done: [],
  };
  const end = Date.now() + durationMs;
  const running = () => Date.now() < end;

  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    const mine = keys.map((_, i) => i).filter((i) => i % WRITERS === w);
    for (let n = 0; running(); n++) {
      const k = mine[n % mine.length];
      try {
        const value = await writer.incr(keys[k]);
        ackValues[k].push(value);
        ackTimes[k].push(Date.now());
        report.writes++;
      } catch (err) {
        report.writeErrors.push(`${keys[k]}: ${(err as Error).name}: ${(err as Error).message}`);
      }
      await sleep(2 + Math.random() * 8);
    }
  });

  const readers = Array.from({ length: READERS }, async () => {
    const seen = keys.map(() => 0);
    while (running()) {
      const k = Math.floor(Math.random() * keys.length);
      const started = Date.now();
      try {
        const value = Number((await reader.get(keys[k])) ?? 0);
        report.reads++;
        if (value < seen[k]) report.regressions.push(`${keys[k]}: read ${value} after ${seen[k]}`);
        else seen[k] = value;
        const required = ackedBy(ackValues[k], ackTimes[k], started - FRESHNESS_MS);
        if (value < required) {
          const at = ackTimes[k][ackValues[k].indexOf(required)];
          report.stale.push(`${keys[k]}: read ${value}, but ${required} was acknowledged ${started - at} ms earlier`);
        }
      } catch (err) {
        report.readErrors.push(`${keys[k]}: ${(err as Error).name}: ${(err as Error).message}`);
        await sleep(5);
      }
      // Readers yield to the event loop, as any program doing other work does: that is when pushes are read.
      await new Promise((resolve) => setImmediate(resolve));
    }
  });

  const started = Date.now();
  const disruptions = (options.disruptions ?? []).map(async (d) => {
    await sleep(Math.max(0, started + d.at * durationMs - Date.now()));
    const t0 = Date.now();
    await d.run();
    report.done.push(`${d.name} (${Date.now() - t0} ms)`);
  });
  await Promise.all([...writers, ...readers, ...disruptions]);
  return report;
}

/** CLIENT KILL on `port` of every connection named `name`; how many were killed. */
export async function killClientsNamed(port: number, name: string, host = '127.0.0.1'): Promise<number> {
  const list = String(await rawCommand(port, ['CLIENT', 'LIST'], host));
  let killed = 0;
  for (const line of list.split('\n')) {
    if (!line.includes(` name=${name} `)) continue;
    const id = /(?:^|\s)id=(\d+)/.exec(line)?.[1];
    if (id === undefined) continue;
    const reply = await rawCommand(port, ['CLIENT', 'KILL', 'ID', id], host);
    if (reply === 1) killed++;
  }
  return killed;
}
