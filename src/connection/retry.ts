/**
 * redis-py's `Retry(backoff, retries)`. Given as the `retry` option it decides how a lost connection is re-established:
 * the n-th failed attempt in a row waits `backoff.compute(n)` seconds, and after `retries` attempts (a negative number:
 * never) the client stops trying and rejects what is waiting. `call_with_retry` runs any operation the same way.
 */
import { ConnectionError, DataError, TimeoutError } from '../errors.js';
import { AbstractBackoff, EqualJitterBackoff } from './backoff.js';

/** An error class a Retry retries. */
// biome-ignore lint/suspicious/noExplicitAny: error classes take any constructor arguments
export type ErrorClass = abstract new (...args: any[]) => Error;

/**
 * `new Retry(backoff, retries)`, as in redis-py: the `retry` option's reconnect policy, and `call_with_retry` for
 * operations of your own.
 */
export class Retry {
  private supported: ErrorClass[];

  constructor(
    readonly backoff: AbstractBackoff = new EqualJitterBackoff(),
    private retries = 3,
    supported_errors: readonly ErrorClass[] = [ConnectionError, TimeoutError],
  ) {
    if (!(backoff instanceof AbstractBackoff)) throw new DataError('Retry: backoff must be a backoff object');
    if (!Number.isInteger(retries)) throw new DataError('Retry: retries must be an integer (negative: forever)');
    this.supported = [...supported_errors];
  }

  get_retries(): number {
    return this.retries;
  }

  update_retries(value: number): void {
    if (!Number.isInteger(value)) throw new DataError('Retry: retries must be an integer (negative: forever)');
    this.retries = value;
  }

  /** Adds error classes to those that are retried. */
  update_supported_errors(errors: readonly ErrorClass[]): void {
    for (const error of errors) if (!this.supported.includes(error)) this.supported.push(error);
  }

  /**
   * Runs `operation` until it succeeds, retrying the supported errors after the backoff's delay, at most `retries`
   * times. Unlike redis-py, an error whose `outcomeUnknown` is true (the command may have run) is not retried unless
   * `is_retryable` says so: repeating an INCR must be a decision, not a default.
   */
  async call_with_retry<T>(
    operation: () => T | Promise<T>,
    fail?: (error: Error, failures: number) => void,
    is_retryable?: (error: Error) => boolean,
  ): Promise<T> {
    this.backoff.reset();
    for (let failures = 1; ; failures++) {
      try {
        return await operation();
      } catch (err) {
        if (!(err instanceof Error) || !this.supported.some((cls) => err instanceof cls)) throw err;
        const retryable = is_retryable?.(err) ?? !(err as { outcomeUnknown?: boolean }).outcomeUnknown;
        if (!retryable) throw err;
        fail?.(err, failures);
        if (this.retries >= 0 && failures > this.retries) throw err;
        const seconds = this.backoff.compute(failures);
        if (seconds > 0) await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
    }
  }

  /**
   * @internal The reconnect policy: the delay in ms before reconnect attempt `attempt` (1, 2, …), or undefined once the
   * attempts are used up. A new series of failures starts from a reset backoff.
   */
  reconnectDelayMs(attempt: number): number | undefined {
    if (attempt === 1) this.backoff.reset();
    if (this.retries >= 0 && attempt > this.retries) return undefined;
    return Math.max(0, Math.round(this.backoff.compute(attempt) * 1000));
  }
}
