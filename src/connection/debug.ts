/**
 * Debug logging through `util.debuglog('strict-redis')`: set `NODE_DEBUG=strict-redis` to see connections, reconnects,
 * redirections, topology refreshes and retries on stderr. Lines name endpoints, commands and error classes — never
 * credentials, keys or values (error messages here never hold arguments: see errors.ts).
 */
import { debuglog } from 'node:util';

type DebugLog = ((message: string, ...args: unknown[]) => void) & { enabled?: boolean };

let log: DebugLog = debuglog('strict-redis', (fn) => {
  log = fn;
});

/** True when NODE_DEBUG selects strict-redis: check it before building a message. */
export function debugEnabled(): boolean {
  return log.enabled ?? true;
}

/** Writes one debug line (only when enabled). */
export function debug(message: string): void {
  if (debugEnabled()) log('%s', message);
}

/** An error's class and message, for a debug line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
