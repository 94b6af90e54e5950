/** Forks `worker.ts` in a fresh Node process and collects its results. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerMessage, WorkerRequest, WorkloadResult } from '../worker.js';

const WORKER = fileURLToPath(new URL('../worker.ts', import.meta.url));
const live = new Set<ChildProcess>();

/** Kills every worker still running (on Ctrl-C or an error in the parent). */
export function killWorkers(): void {
  for (const child of live) child.kill('SIGKILL');
}

export function runWorker(
  request: WorkerRequest,
  extraNodeArgs: readonly string[] = [],
  timeoutMs = 120_000,
): Promise<WorkloadResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(request)], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...extraNodeArgs],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    let message: WorkerMessage | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (m) => {
      message = m as WorkerMessage;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (message?.ok === true) resolve(message.results);
      else if (message?.ok === false) reject(new Error(`${request.client} (${request.mode}) failed: ${message.error}`));
      else reject(new Error(`${request.client} (${request.mode}) worker exited with ${signal ?? code} and no result`));
    });
  });
}
