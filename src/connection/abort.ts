/**
 * AbortSignal support shared by the clients, pipelines and the cluster's retry loop. A call aborted before its command
 * was written is never sent (the connection skips settled commands); one aborted after keeps its place in the reply
 * queue — the reply is read and dropped, as for a timed-out command — and its caller hears at once that the outcome
 * is unknown.
 */
import { AbortError } from '../errors.js';

/** The AbortError for a call whose signal fired; `written` tells whether the server may run it. */
export function abortError(name: string, signal: AbortSignal, written: boolean): AbortError {
  return new AbortError(
    written
      ? `${name}: aborted after it was sent; its outcome is unknown (the reply is dropped when it arrives)`
      : `${name}: aborted before it was sent; it will not be sent`,
    { cause: signal.reason, outcomeUnknown: written },
  );
}

function ignore(): void {}

/**
 * `promise`, or an AbortError as soon as `signal` fires (the work goes on in the background and its outcome is
 * dropped). `written` is asked at that moment whether anything had reached the server.
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  name: string,
  written: () => boolean,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(ignore);
    return Promise.reject(abortError(name, signal, written()));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(name, signal, written()));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Throws the AbortError of a call whose signal already fired (nothing was sent). */
export function throwIfAborted(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted === true) throw abortError(name, signal, false);
}

/** True for an AbortSignal (also one from another realm, which `instanceof` would miss). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    value instanceof AbortSignal ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as AbortSignal).aborted === 'boolean' &&
      typeof (value as AbortSignal).addEventListener === 'function')
  );
}
