/**
 * Concurrent INCR writers with an acknowledgement ledger, for tests that change a cluster under load: every
 * acknowledged increment must be in the final value, and the only surplus allowed is from increments whose outcome
 * the client reported as unknown.
 */
import { ConnectionError, ResponseError, TimeoutError } from '../../src/errors.js';

/** What the ledger needs of a client: StrictRedisCluster, or a StrictRedis (e.g. one from Sentinel's master_for). */
export interface CounterClient {
  incr(key: string): Promise<unknown>;
  get(key: string): Promise<unknown>;
}

/** An error's class and, for server replies, its code; outcome-unknown connection errors are told apart. */
export function errorClass(err: unknown): string {
  if (!(err instanceof Error)) return 'non-Error';
  if (err instanceof ConnectionError && err.outcomeUnknown) return `${err.name}(outcomeUnknown)`;
  if (err instanceof ResponseError) return `${err.name}(${err.code})`;
  return err.name;
}

/** What a consistency check found once the writers stopped and every counter was read back. */
export interface ConsistencyReport {
  /** Acknowledged increments. */
  acked: number;
  /** Increments whose outcome the client reported as unknown. */
  unknown: number;
  reads: number;
  /** Every error writers and readers saw, by {@link errorClass}. */
  errors: Record<string, number>;
  /** Acknowledged increments missing from the final values (summed over counters). */
  lost: number;
  /** Increments present in the final values that were neither acknowledged nor outcome-unknown. */
  noack: number;
  durationMs: number;
}

export interface LedgerReport {
  acked: number[];
  unknown: number[];
  /** Errors other than outcome-unknown ConnectionErrors (should be none). */
  otherErrors: Error[];
  reads: number;
  readErrors: Error[];
}

export class AckLedger {
  readonly acked: number[];
  readonly unknown: number[];
  /** Outcome-unknown increments per writer (each writer has one command in flight at a time). */
  readonly unknownByWriter: number[];
  readonly otherErrors: Error[] = [];
  readonly readErrors: Error[] = [];
  reads = 0;
  inflight = 0;
  /** Every error seen (writes and reads), by {@link errorClass}. */
  readonly errorCounts = new Map<string, number>();
  /** When each outcome-unknown error arrived (Date.now()), to tie them to the fault that caused them. */
  readonly unknownAt: number[] = [];
  readonly startedAt = Date.now();
  private stoppedAt: number | undefined;
  /** Successful increments since the last {@link markProgress}. */
  progress = 0;
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly rc: CounterClient,
    readonly keys: string[],
    workers: number,
    /** Told how long each INCR of key `i` took to settle, and its error if it failed (for latency bounds). */
    private readonly observe?: (i: number, ms: number, error: unknown) => void,
  ) {
    this.acked = keys.map(() => 0);
    this.unknown = keys.map(() => 0);
    this.unknownByWriter = Array.from({ length: workers }, () => 0);
    for (let w = 0; w < workers; w++) this.loops.push(this.worker(w));
  }

  private async worker(w: number): Promise<void> {
    let n = w;
    while (this.running) {
      const i = n++ % this.keys.length;
      this.inflight++;
      const started = performance.now();
      try {
        await this.rc.incr(this.keys[i]);
        this.observe?.(i, performance.now() - started, undefined);
        this.acked[i]++;
        this.progress++;
      } catch (err) {
        this.observe?.(i, performance.now() - started, err);
        this.count(err);
        // A command that timed out after it was written may still run: its outcome is unknown too.
        if ((err instanceof ConnectionError && err.outcomeUnknown) || (err instanceof TimeoutError && err.written)) {
          this.unknown[i]++;
          this.unknownByWriter[w]++;
          this.unknownAt.push(Date.now());
        } else this.otherErrors.push(err as Error);
      } finally {
        this.inflight--;
      }
      if (n % 8 === 0) {
        try {
          await this.rc.get(this.keys[i]);
          this.reads++;
        } catch (err) {
          this.count(err);
          this.readErrors.push(err as Error);
        }
      }
    }
  }

  private count(err: unknown): void {
    const key = errorClass(err);
    this.errorCounts.set(key, (this.errorCounts.get(key) ?? 0) + 1);
  }

  /** Acknowledged increments so far. */
  get ackedTotal(): number {
    return this.acked.reduce((a, b) => a + b, 0);
  }

  /** Resolves once `count` more increments have been acknowledged (or rejects after `timeoutMs`). */
  async waitForProgress(count: number, timeoutMs: number): Promise<void> {
    const target = this.progress + count;
    const deadline = Date.now() + timeoutMs;
    while (this.progress < target) {
      if (Date.now() > deadline) throw new Error(`only ${this.progress - (target - count)} of ${count} increments`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.stoppedAt ??= Date.now();
  }

  /** Stops the writers, reads every counter back and sums up lost and unacknowledged increments. */
  async report(): Promise<ConsistencyReport> {
    await this.stop();
    const surplus = await this.surplus();
    let lost = 0;
    let noack = 0;
    surplus.forEach((s, i) => {
      if (s < 0) lost -= s;
      else if (s > this.unknown[i]) noack += s - this.unknown[i];
    });
    return {
      acked: this.ackedTotal,
      unknown: this.unknown.reduce((a, b) => a + b, 0),
      reads: this.reads,
      errors: Object.fromEntries([...this.errorCounts].sort()),
      lost,
      noack,
      durationMs: (this.stoppedAt ?? Date.now()) - this.startedAt,
    };
  }

  /** For each key: final value − acknowledged increments (must be within [0, unknown]). */
  async surplus(): Promise<number[]> {
    const finals = await Promise.all(this.keys.map((k) => this.rc.get(k)));
    return finals.map((v, i) => Number(v ?? 0) - this.acked[i]);
  }
}
