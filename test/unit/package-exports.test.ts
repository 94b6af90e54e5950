/** Builds the package and loads it the way a consumer would: `import` (ESM) and `require` (CommonJS). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let consumer: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'node_modules/tsup/dist/cli-default.js')], { cwd: root, stdio: 'pipe' });
  consumer = mkdtempSync(join(tmpdir(), 'strict-redis-consumer-'));
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(root, join(consumer, 'node_modules', 'strict-redis'), 'dir');
}, 120_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' }).trim();
}

const EXPECTED = ['RedisError', 'ConnectionError', 'ResponseError', 'ClusterError'];

describe('built package', () => {
  it('emits ESM, CommonJS and type declarations', () => {
    for (const file of [
      'index.js',
      'index.cjs',
      'index.d.ts',
      'index.d.cts',
      'index.js.map',
      'admin.js',
      'admin.cjs',
      'admin.d.ts',
      'admin.d.cts',
      'cli.js',
    ]) {
      expect(existsSync(join(root, 'dist', file)), file).toBe(true);
    }
  });

  it('loads with import', () => {
    const out = runNode([
      '--input-type=module',
      '-e',
      `import * as m from 'strict-redis'; console.log(JSON.stringify(${JSON.stringify(EXPECTED)}.map((n) => typeof m[n])));`,
    ]);
    expect(JSON.parse(out)).toEqual(EXPECTED.map(() => 'function'));
  });

  it('loads strict-redis/admin with import and require', () => {
    const names = JSON.stringify(['createCluster', 'LocalCluster', 'reshard', 'checkCluster']);
    const esm = runNode([
      '--input-type=module',
      '-e',
      `import * as m from 'strict-redis/admin'; console.log(JSON.stringify(${names}.map((n) => typeof m[n])));`,
    ]);
    const cjs = runNode([
      '-e',
      `const m = require('strict-redis/admin'); console.log(JSON.stringify(${names}.map((n) => typeof m[n])));`,
    ]);
    expect(JSON.parse(esm)).toEqual(['function', 'function', 'function', 'function']);
    expect(JSON.parse(cjs)).toEqual(['function', 'function', 'function', 'function']);
  });

  it('shares one copy of the client between strict-redis and strict-redis/admin', () => {
    const esm = runNode([
      '--input-type=module',
      '-e',
      `import * as a from 'strict-redis'; import * as b from 'strict-redis/admin'; console.log(Object.getPrototypeOf(b.ClusterAdminError) === a.ClusterError);`,
    ]);
    const cjs = runNode([
      '-e',
      `const a = require('strict-redis'); const b = require('strict-redis/admin'); console.log(Object.getPrototypeOf(b.ClusterAdminError) === a.ClusterError);`,
    ]);
    expect([esm, cjs]).toEqual(['true', 'true']);
  });

  it('loads with require', () => {
    const out = runNode([
      '-e',
      `const m = require('strict-redis'); console.log(JSON.stringify(${JSON.stringify(EXPECTED)}.map((n) => typeof m[n])));`,
    ]);
    expect(JSON.parse(out)).toEqual(EXPECTED.map(() => 'function'));
  });
});
