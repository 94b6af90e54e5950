/**
 * Starts the servers every integration test shares — a standalone server, a master with one replica, and a cluster of
 * three masters with one replica each — and stops them after the run.
 *
 * Backend: a redis-server binary on PATH, unless REDIS_TEST_BACKEND=docker; with no binary, Docker through
 * testcontainers when an engine is reachable; otherwise the run fails with what to install. Tests never skip.
 */
import type { TestProject } from 'vitest/node';
import { findExecutable } from '../../src/admin/redis-process.js';
import { dockerAvailable, startDockerBackend } from './docker-backend.js';
import { type StartedBackend, startLocalBackend } from './local-backend.js';
import './topology.js';

const MISSING = [
  'Integration tests need Redis (>= 6.2): none was found.',
  'Install redis-server so that it is on PATH (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis),',
  'or start a Docker engine (the tests then run the official redis image through testcontainers).',
].join('\n');

async function chooseBackend(): Promise<() => Promise<StartedBackend>> {
  const wanted = process.env.REDIS_TEST_BACKEND;
  if (wanted === 'docker') return startDockerBackend;
  if (wanted === 'local' || findExecutable('redis-server') !== undefined) return startLocalBackend;
  if (await dockerAvailable()) return startDockerBackend;
  throw new Error(MISSING);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const start = await chooseBackend();
  const backend = await start();
  project.provide('redis', backend.topology);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await backend.stop();
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().finally(() => process.exit(143)));
  return stop;
}
