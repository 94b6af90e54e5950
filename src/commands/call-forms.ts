/**
 * The argument lists a command method accepts with call options (`{ signal }`) after its own arguments: `get(key,
 * { signal })`, `lpop(key, { signal })` (an optional parameter left out), `set(key, value, { ex: 5 }, { signal })`.
 */
import type { CallOptions } from '../connection/call-state.js';

/** Every prefix of a tuple, the whole one included. */
type Prefixes<T extends unknown[]> = T extends [...infer Init, unknown] ? T | Prefixes<Init> : T;

/** The element types of `A` (optional ones keep `undefined`) for the positions a prefix `P` covers. */
type Typed<P extends unknown[], A extends unknown[]> = { [K in keyof P]: K extends keyof A ? A[K] : never };

/**
 * Argument lists of a method with parameters `A`, followed by call options: for fixed parameters, each accepted
 * arity (the required ones, then any of the optional ones) followed by the call options; for a rest parameter, the
 * arguments then the call options.
 */
export type WithCallOptions<A extends unknown[]> = number extends A['length']
  ? A | [...A, CallOptions]
  : A | CallForms<A>;

type CallForms<A extends unknown[]> =
  Prefixes<Required<A>> extends infer P
    ? P extends unknown[]
      ? Typed<P, A> extends A
        ? [...Typed<P, A>, CallOptions]
        : never
      : never
    : never;

export type { CallOptions };
