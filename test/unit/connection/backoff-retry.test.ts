/** redis-py's backoff classes and Retry, and how a reconnect strategy decides the next delay. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT, nextReconnectDelay } from '../../../src/connection/options.js';
import {
  ConnectionError,
  ConstantBackoff,
  DataError,
  DecorrelatedJitterBackoff,
  EqualJitterBackoff,
  ExponentialBackoff,
  ExponentialWithJitterBackoff,
  FullJitterBackoff,
  NoBackoff,
  Retry,
  TimeoutError,
} from '../../../src/index.js';

const many = (f: () => number) => Array.from({ length: 200 }, f);

describe('backoff classes', () => {
  it('constant and none', () => {
    expect(new ConstantBackoff(0.3).compute(7)).toBe(0.3);
    expect(new NoBackoff().compute(3)).toBe(0);
  });

  it('exponential: base · 2^failures up to the cap (redis-py defaults 0.008 and 0.512)', () => {
    const b = new ExponentialBackoff();
    expect([1, 2, 3, 6, 7, 100, 5000].map((n) => b.compute(n))).toEqual([
      0.016, 0.032, 0.064, 0.512, 0.512, 0.512, 0.512,
    ]);
    expect(new ExponentialBackoff(10, 1).compute(2)).toBe(4);
  });

  it('jittered ones stay in their ranges', () => {
    const within = (values: number[], low: number, high: number) => values.every((v) => v >= low && v <= high);
    expect(
      within(
        many(() => new FullJitterBackoff(1, 0.1).compute(3)),
        0,
        0.8,
      ),
    ).toBe(true);
    expect(
      within(
        many(() => new EqualJitterBackoff(1, 0.1).compute(3)),
        0.4,
        0.8,
      ),
    ).toBe(true);
    expect(
      within(
        many(() => new ExponentialWithJitterBackoff(0.5, 0.1).compute(3)),
        0,
        0.5,
      ),
    ).toBe(true);
  });

  it('decorrelated jitter grows from base, stays under the cap, and starts over after reset()', () => {
    const b = new DecorrelatedJitterBackoff(1, 0.1);
    const seen = Array.from({ length: 50 }, (_, i) => b.compute(i + 1));
    expect(seen.every((v) => v >= 0.1 && v <= 1)).toBe(true);
    expect(Math.max(...seen)).toBeGreaterThan(0.1);
    b.reset();
    expect(b.compute(1)).toBe(0.1);
  });

  it('refuses negative or non-numeric times', () => {
    expect(() => new ConstantBackoff(-1)).toThrow(DataError);
    expect(() => new ExponentialBackoff(Number.NaN)).toThrow(DataError);
  });
});

describe('Retry', () => {
  it('reconnect delays in ms from the backoff; undefined after `retries` attempts; negative retries: forever', () => {
    const retry = new Retry(new ConstantBackoff(0.25), 2);
    expect([1, 2, 3].map((n) => retry.reconnectDelayMs(n))).toEqual([250, 250, undefined]);
    const forever = new Retry(new ExponentialBackoff(1, 0.01), -1);
    expect(forever.reconnectDelayMs(1000)).toBe(1000);
    retry.update_retries(5);
    expect(retry.get_retries()).toBe(5);
  });

  it('call_with_retry retries the supported errors, calls fail, and gives up after `retries`', async () => {
    const retry = new Retry(new NoBackoff(), 2);
    let calls = 0;
    const failures: number[] = [];
    await expect(
      retry.call_with_retry(
        () => {
          calls++;
          throw new TimeoutError('slow');
        },
        (_err, n) => failures.push(n),
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(calls).toBe(3);
    expect(failures).toEqual([1, 2, 3]);
    let n = 0;
    expect(await retry.call_with_retry(() => (++n < 2 ? Promise.reject(new ConnectionError('x')) : 'ok'))).toBe('ok');
  });

  it('call_with_retry does not repeat what may have run, nor other errors', async () => {
    const retry = new Retry(new NoBackoff(), 5);
    let calls = 0;
    const unknown = () => {
      calls++;
      throw new ConnectionError('lost', { outcomeUnknown: true });
    };
    await expect(retry.call_with_retry(unknown)).rejects.toBeInstanceOf(ConnectionError);
    expect(calls).toBe(1);
    await expect(retry.call_with_retry(unknown, undefined, () => true)).rejects.toBeInstanceOf(ConnectionError);
    expect(calls).toBe(7);
    await expect(retry.call_with_retry(() => Promise.reject(new DataError('bad')))).rejects.toBeInstanceOf(DataError);
  });
});

describe('nextReconnectDelay', () => {
  const cause = new ConnectionError('refused');
  it('backoff without a strategy, up to maxAttempts', () => {
    const options = { ...DEFAULT_RECONNECT, maxAttempts: 2 };
    expect(nextReconnectDelay(0, options, cause)).toBeLessThanOrEqual(DEFAULT_RECONNECT.minDelayMs);
    expect(nextReconnectDelay(2, options, cause)).toBeUndefined();
  });

  it('a strategy gets the attempt (from 1) and the error; anything but a non-negative number stops', () => {
    const seen: Array<[number, Error | undefined]> = [];
    const strategy = (attempt: number, error: Error | undefined) => {
      seen.push([attempt, error]);
      return [5, null, -1, 'x', Number.NaN][attempt - 1];
    };
    const options = { ...DEFAULT_RECONNECT, strategy };
    expect([0, 1, 2, 3, 4].map((n) => nextReconnectDelay(n, options, cause))).toEqual([
      5,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(seen[0]).toEqual([1, cause]);
    const throwing = {
      ...DEFAULT_RECONNECT,
      strategy: () => {
        throw new Error('bug');
      },
    };
    expect(nextReconnectDelay(0, throwing, cause)).toBeUndefined();
  });
});
