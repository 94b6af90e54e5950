/**
 * Concurrent INCR writers with an acknowledgement ledger, for tests that change a cluster under load: every
 * acknowledged increment must be in the final value, and the only surplus allowed is from increments whose outcome
 * the client reported as unknown.
 */
import type { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { ConnectionError } from '../../src/errors.js';

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
  readonly otherErrors: Error[] = [];
  readonly readErrors: Error[] = [];
  reads = 0;
  inflight = 0;
  /** Successful increments since the last {@link markProgress}. */
  progress = 0;
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly rc: StrictRedisCluster<string>,
    readonly keys: string[],
    workers: number,
  ) {
    this.acked = keys.map(() => 0);
    this.unknown = keys.map(() => 0);
    for (let w = 0; w < workers; w++) this.loops.push(this.worker(w));
  }

  private async worker(w: number): Promise<void> {
    let n = w;
    while (this.running) {
      const i = n++ % this.keys.length;
      this.inflight++;
      try {
        await this.rc.incr(this.keys[i]);
        this.acked[i]++;
        this.progress++;
      } catch (err) {
        if (err instanceof ConnectionError && err.outcomeUnknown) this.unknown[i]++;
        else this.otherErrors.push(err as Error);
      } finally {
        this.inflight--;
      }
      if (n % 8 === 0) {
        try {
          await this.rc.get(this.keys[i]);
          this.reads++;
        } catch (err) {
          this.readErrors.push(err as Error);
        }
      }
    }
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
  }

  /** For each key: final value − acknowledged increments (must be within [0, unknown]). */
  async surplus(): Promise<number[]> {
    const finals = await Promise.all(this.keys.map((k) => this.rc.get(k)));
    return finals.map((v, i) => Number(v ?? 0) - this.acked[i]);
  }
}
