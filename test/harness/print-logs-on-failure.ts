/** Prints the tail of every server log after a failed integration test, so a failure in CI explains itself. */
import { readFileSync } from 'node:fs';
import { afterEach, inject } from 'vitest';
import './topology.js';

afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  const topology = inject('redis');
  for (const file of topology.logFiles) {
    let tail = '(no log)';
    try {
      tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    } catch {
      // the server's directory may already be gone
    }
    console.error(`--- ${file} (last lines) ---\n${tail}`);
  }
});
