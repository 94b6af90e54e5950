/**
 * Declarations exercised without a server: what a call sends (after the checks every call goes through) and what a
 * given reply resolves to — for reply forms the test server cannot produce, and for RESP2 and RESP3 side by side.
 */
import { checkArguments } from '../../src/client/runner.js';
import { keyIndexes } from '../../src/cluster/routing.js';
import { COMMAND_SPECS } from '../../src/commands/registry.js';
import type { Command } from '../../src/connection/command.js';
import type { RespValue } from '../../src/protocol/types.js';

/** Builds like a client call does: the shared checks, then the declaration's own. */
export function build(method: string, ...args: unknown[]): unknown[] {
  const spec = COMMAND_SPECS[method];
  checkArguments(spec, args);
  return spec.build(...args);
}

/** A function building the call, for `expect(…).toThrow()`. */
export const fails =
  (method: string, ...args: unknown[]) =>
  () =>
    build(method, ...args);

/** What a call with `args` resolves to when the server sends `reply`. */
export function replyOf(method: string, args: unknown[], reply: RespValue): unknown {
  const spec = COMMAND_SPECS[method];
  const transform = (spec.transformFor?.(...args) ?? spec.transform) as (r: RespValue, c?: Command) => unknown;
  return transform(reply, undefined);
}

/** The arguments the declaration's key positions pick from what the call sends. */
export function keysOf(method: string, ...args: unknown[]): unknown[] {
  const spec = COMMAND_SPECS[method];
  const argv = spec.build(...args);
  return keyIndexes(spec.keys, argv).map((i) => argv[i]);
}

/** A record, as the stream and hash replies are (ordinary objects). */
export const record = <T>(fields: Record<string, T>): Record<string, T> => ({ ...fields });
