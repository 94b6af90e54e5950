/**
 * Tests of commands newer than the server under test: they run where the server has the command and are skipped
 * elsewhere with the reason in their name (`[needs Redis 7.2; the server is 7.0.15]`), never silently.
 */
import { inject, it } from 'vitest';

function parts(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

/** True when the test servers are at least `version` (e.g. '7.2'). */
export function serverAtLeast(version: string): boolean {
  const have = parts(inject('redis').serverVersion);
  const want = parts(version);
  for (let i = 0; i < want.length; i++) {
    if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
  }
  return true;
}

/** `it` for a test that needs Redis `version` or newer; skipped, with the reason in its name, on older servers. */
export function itSince(version: string, name: string, fn: () => Promise<void> | void, timeout?: number): void {
  const enough = serverAtLeast(version);
  const label = enough ? name : `${name} [needs Redis ${version}; the server is ${inject('redis').serverVersion}]`;
  it.skipIf(!enough)(label, fn, timeout);
}
