/**
 * Always-on statistics per server (per cluster node): commands sent, errors by class, redirections, reconnects, what
 * is in flight or queued, and a latency histogram. Cheap by construction: counters are plain integer fields, and
 * latency is measured per socket write and per received chunk — one clock read each, never one per command — then
 * attributed to replies by their position in the reply queue.
 */
import { MovedError } from '../errors.js';

/** Sub-buckets per power of two: latencies are kept to within 1/4 of an octave (±12 %). */
const SUB_BITS = 2;
const SUB = 1 << SUB_BITS;
/** Microseconds up to 2^31 (about 36 minutes). */
const BUCKETS = 32 * SUB;

/** A log-bucketed histogram of latencies in microseconds: one array increment per sample. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  maxMicros = 0;

  record(micros: number): void {
    const us = micros < 1 ? 1 : micros > 0x7fffffff ? 0x7fffffff : micros | 0;
    // The octave (position of the highest bit) and the next SUB_BITS bits below it.
    const octave = 31 - Math.clz32(us);
    const sub = octave < SUB_BITS ? us & (SUB - 1) : (us >>> (octave - SUB_BITS)) & (SUB - 1);
    this.counts[(octave << SUB_BITS) | sub]++;
    this.count++;
    if (us > this.maxMicros) this.maxMicros = us;
  }

  /** The latency (ms) below which a fraction `q` of the samples fall: the upper bound of that bucket. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(bucketUpperMicros(i), this.maxMicros) / 1000;
    }
    return this.maxMicros / 1000;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.maxMicros = 0;
  }
}

/** The largest value (µs) that falls into bucket `i`. */
function bucketUpperMicros(i: number): number {
  const octave = i >>> SUB_BITS;
  const sub = i & (SUB - 1);
  if (octave < SUB_BITS) return (1 << octave) | sub;
  const step = 2 ** (octave - SUB_BITS);
  return 2 ** octave + (sub + 1) * step - 1;
}

/** Latency figures of a snapshot, in milliseconds. */
export interface LatencySnapshot {
  /** Replies measured. */
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The statistics of one server, as `stats()` reports them. */
export interface NodeStatsSnapshot {
  /** `host:port` (or the socket path). */
  address: string;
  /** Commands written to the server (handshakes and health checks included). */
  commandsSent: number;
  /** Replies received for them. */
  replies: number;
  /** Failed commands by error class: server replies (`WrongTypeError`, `MovedError`…), timeouts, lost connections. */
  errors: Record<string, number>;
  /** MOVED and ASK replies from this server. */
  redirections: number;
  /** Reconnect attempts after a lost connection. */
  reconnects: number;
  /** Commands written and waiting for their replies now. */
  inFlight: number;
  /** Commands waiting to be written now (offline queue included). */
  queued: number;
  /** Time from a command's socket write to its reply. */
  latency: LatencySnapshot;
}

/** What the statistics read from a live connection. */
export interface QueueGauge {
  readonly inflightCount: number;
  readonly unsentCount: number;
}

/** The statistics of one server, shared by every connection to it (the multiplexed one and the pooled ones). */
export class NodeStats {
  commandsSent = 0;
  replies = 0;
  redirections = 0;
  reconnects = 0;
  readonly latency = new LatencyHistogram();
  private readonly errors = new Map<string, number>();
  private readonly gauges = new Set<QueueGauge>();

  /** Counts a failed command by the class of its error. */
  failed(error: unknown): void {
    const name = error instanceof Error ? error.name : 'Error';
    this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
    if (error instanceof MovedError) this.redirections++;
  }

  attach(gauge: QueueGauge): void {
    this.gauges.add(gauge);
  }

  detach(gauge: QueueGauge): void {
    this.gauges.delete(gauge);
  }

  snapshot(address: string): NodeStatsSnapshot {
    let inFlight = 0;
    let queued = 0;
    for (const gauge of this.gauges) {
      inFlight += gauge.inflightCount;
      queued += gauge.unsentCount;
    }
    const errors: Record<string, number> = {};
    for (const [name, count] of [...this.errors].sort(([a], [b]) => a.localeCompare(b))) errors[name] = count;
    const { latency } = this;
    return {
      address,
      commandsSent: this.commandsSent,
      replies: this.replies,
      errors,
      redirections: this.redirections,
      reconnects: this.reconnects,
      inFlight,
      queued,
      latency: {
        count: latency.count,
        p50: latency.quantile(0.5),
        p99: latency.quantile(0.99),
        max: latency.maxMicros / 1000,
      },
    };
  }

  /** Starts counting afresh (gauges stay: they are read live). */
  reset(): void {
    this.commandsSent = 0;
    this.replies = 0;
    this.redirections = 0;
    this.reconnects = 0;
    this.errors.clear();
    this.latency.reset();
  }
}

/** Batches whose send time is remembered at once; more in flight are merged into the newest (a slight overestimate). */
const MARKS = 256;
const MASK = MARKS - 1;

/**
 * Latency bookkeeping of one connection. Each socket write records (position in the reply queue, time); each received
 * chunk reads the clock once; each reply is the next in the queue, so its write is the oldest batch not yet answered.
 */
export class ReplyClock {
  private readonly ends = new Float64Array(MARKS);
  private readonly times = new Float64Array(MARKS);
  private head = 0;
  private tail = 0;
  /** Commands queued for replies since the last reset, and replies matched to them. */
  private written = 0;
  private answered = 0;
  private now = 0;

  constructor(private readonly stats: NodeStats) {}

  /** `count` commands that expect a reply were just written (`sent` commands written in all). */
  batch(count: number, sent: number): void {
    this.stats.commandsSent += sent;
    if (count === 0) return;
    this.written += count;
    const last = (this.tail - 1) & MASK;
    if (((this.tail + 1) & MASK) === this.head && this.head !== this.tail) {
      this.ends[last] = this.written;
      return;
    }
    this.ends[this.tail] = this.written;
    this.times[this.tail] = performance.now();
    this.tail = (this.tail + 1) & MASK;
  }

  /** A chunk arrived: the replies it holds arrived now. */
  chunk(): void {
    this.now = performance.now();
  }

  /** The reply to the oldest command in flight was decoded. */
  reply(): void {
    this.stats.replies++;
    const n = ++this.answered;
    let h = this.head;
    while (h !== this.tail && this.ends[h] < n) h = (h + 1) & MASK;
    this.head = h;
    if (h !== this.tail) this.stats.latency.record((this.now - this.times[h]) * 1000);
  }

  /** The socket is gone: what was in flight will never be answered on it. */
  reset(): void {
    this.head = this.tail = 0;
    this.written = this.answered = 0;
  }
}
