/**
 * redis-py's backoff classes (redis/backoff.py), for `retry: new Retry(backoff, retries)`: each computes the delay
 * before the next attempt from the number of failures so far. Times are in seconds, as in redis-py; the defaults are
 * redis-py's too (base 0.008 s, cap 0.512 s).
 */
import { DataError } from '../errors.js';

/** Largest delay by default, in seconds (redis-py's DEFAULT_CAP). */
export const DEFAULT_CAP = 0.512;
/** Smallest delay by default, in seconds (redis-py's DEFAULT_BASE). */
export const DEFAULT_BASE = 0.008;

/** What every backoff does: a delay in seconds for the `failures`-th failure in a row (1, 2, …). */
export abstract class AbstractBackoff {
  /** Forgets what earlier failures taught (called when a new series of failures begins). */
  reset(): void {}
  abstract compute(failures: number): number;
}

function checkSeconds(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new DataError(`${name} must be a non-negative number of seconds`);
  }
}

/** The same delay after every failure. */
export class ConstantBackoff extends AbstractBackoff {
  constructor(readonly backoff: number) {
    super();
    checkSeconds('ConstantBackoff backoff', backoff);
  }
  compute(_failures: number): number {
    return this.backoff;
  }
}

/** No delay at all. */
export class NoBackoff extends ConstantBackoff {
  constructor() {
    super(0);
  }
}

/** Backoffs bounded by `cap` that grow from `base`. */
abstract class CappedBackoff extends AbstractBackoff {
  constructor(
    readonly cap = DEFAULT_CAP,
    readonly base = DEFAULT_BASE,
  ) {
    super();
    checkSeconds(`${new.target.name} cap`, cap);
    checkSeconds(`${new.target.name} base`, base);
  }

  /** `base · 2^failures`, capped; the exponent is bounded so that long outages do not overflow to Infinity. */
  protected exponential(failures: number): number {
    return Math.min(this.cap, this.base * 2 ** Math.min(Math.max(failures, 0), 64));
  }
}

/** `min(cap, base · 2^failures)`. */
export class ExponentialBackoff extends CappedBackoff {
  compute(failures: number): number {
    return this.exponential(failures);
  }
}

/** A random delay between 0 and the exponential one. */
export class FullJitterBackoff extends CappedBackoff {
  compute(failures: number): number {
    return Math.random() * this.exponential(failures);
  }
}

/** Half the exponential delay, plus a random part of up to the other half (the client's default policy). */
export class EqualJitterBackoff extends CappedBackoff {
  compute(failures: number): number {
    const half = this.exponential(failures) / 2;
    return half + Math.random() * half;
  }
}

/** `min(cap, random · base · 2^failures)` (redis-py's ExponentialWithJitterBackoff). */
export class ExponentialWithJitterBackoff extends CappedBackoff {
  compute(failures: number): number {
    return Math.min(this.cap, Math.random() * this.base * 2 ** Math.min(Math.max(failures, 0), 64));
  }
}

/** Each delay random between `base` and three times the previous one, capped (AWS's "decorrelated jitter"). */
export class DecorrelatedJitterBackoff extends CappedBackoff {
  private previous = 0;
  override reset(): void {
    this.previous = 0;
  }
  compute(_failures: number): number {
    const high = Math.max(this.base, this.previous * 3);
    this.previous = Math.min(this.cap, this.base + Math.random() * (high - this.base));
    return this.previous;
  }
}
