/**
 * The package as its users get it: packed with `npm pack` (which runs `prepare`, the build), unpacked into three
 * consumer projects (test/consumers: TypeScript nodenext, TypeScript bundler, CommonJS), typechecked — also with the
 * oldest TypeScript the package supports — run against the test servers, and bundled with esbuild as ESM and CommonJS.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkDeclarations } from '../harness/declaration-docs.js';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const topology = inject('redis');
const masters = topology.cluster.nodes.filter((n) => n.role === 'master');
const env = {
  ...process.env,
  REDIS_PORT: String(topology.standalone.port),
  REDIS_CLUSTER_PORT: String(masters[0].port),
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Each test compiles or bundles a project: minutes on a loaded 2-core machine, not the default 60 s. */
const SLOW = 300_000;

let work: string;
let tarball: string;

const made = new Set<string>();

/** Copies a consumer project and unpacks the tarball as its `node_modules/strict-redis` (dependencies linked). */
function consumer(name: string): string {
  const dir = join(work, name);
  if (made.has(name)) return dir;
  made.add(name);
  cpSync(join(root, 'test/consumers', name), dir, { recursive: true });
  const installed = join(dir, 'node_modules/strict-redis');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  mkdirSync(join(dir, 'node_modules/@types'));
  symlinkSync(join(root, 'node_modules/denque'), join(dir, 'node_modules/denque'), 'dir');
  symlinkSync(join(root, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'), 'dir');
  return dir;
}

function run(cwd: string, file: string, args: string[] = []): string {
  return execFileSync(process.execPath, [file, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 }).trim();
}

/**
 * The oldest TypeScript the package supports (stated in the README). Installed on first use under `.tmp/` (ignored by
 * git), not as an aliased devDependency: npm fails to prepare git installs of a package that has one.
 */
const MINIMUM_TYPESCRIPT = '5.0.4';

function minimumTypeScript(): string {
  const prefix = join(root, '.tmp', `typescript-${MINIMUM_TYPESCRIPT}`);
  const bin = join(prefix, 'node_modules/typescript/bin/tsc');
  if (!existsSync(bin)) {
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        `typescript@${MINIMUM_TYPESCRIPT}`,
      ],
      { stdio: 'pipe', timeout: 240_000 },
    );
  }
  return bin;
}

function tsc(cwd: string, typescript = 'typescript', project = '.'): string {
  const bin = typescript === 'minimum' ? minimumTypeScript() : require.resolve(`${typescript}/bin/tsc`);
  try {
    return execFileSync(process.execPath, [bin, '-p', project], { cwd, encoding: 'utf8', timeout: 240_000 });
  } catch (err) {
    throw new Error(`tsc (${typescript}) failed in ${cwd}:\n${(err as { stdout?: string }).stdout ?? err}`);
  }
}

async function bundle(cwd: string, entry: string, format: 'esm' | 'cjs'): Promise<string> {
  const outfile = join(cwd, 'bundle', `${entry.replace(/\.ts$/, '')}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  await build({
    entryPoints: [join(cwd, entry)],
    absWorkingDir: cwd,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/**
 * What is packed: this checkout by default; with STRICT_REDIS_PACK_SOURCE (`npm run check:git-install` sets it to a
 * git URL of HEAD), what npm makes of a git install — a clone, its devDependencies installed, `prepare` run.
 */
const packSource = process.env.STRICT_REDIS_PACK_SOURCE;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strict-redis-consumers-'));
  const args = ['pack', '--json', '--pack-destination', work, ...(packSource === undefined ? [] : [packSource])];
  const out = execFileSync('npm', args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // `prepare` (the build) prints to stdout too, brackets and all: the JSON is the array that starts a line.
  const start = out.search(/^\[\s*(\{|\])/m);
  const [packed] = JSON.parse(out.slice(start)) as Array<{ filename: string }>;
  tarball = join(work, packed.filename);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it(
    'holds the build, the declarations, LICENSE, CHANGELOG and README, and no sources',
    () => {
      const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
      for (const file of [
        'package/LICENSE',
        'package/CHANGELOG.md',
        'package/README.md',
        'package/dist/index.cjs',
        'package/dist/index.mjs',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/index.d.cts',
        'package/dist/admin.d.cts',
        'package/dist/testing.d.ts',
        'package/dist/cli.js',
      ]) {
        expect(files, file).toContain(file);
      }
      expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    },
    SLOW,
  );

  it(
    'documents every public method in the shipped declarations, with readable parameter names',
    () => {
      const report = checkDeclarations(consumer('nodenext'));
      // Every probed type has its command methods (a broken probe would check nothing).
      for (const count of Object.values(report.counts)) expect(count).toBeGreaterThan(250);
      expect(report.undocumented).toEqual([]);
      expect(report.unreadableParameters).toEqual([]);
    },
    SLOW,
  );

  it(
    'nodenext: typechecks (also with the oldest supported TypeScript) and runs',
    () => {
      const dir = consumer('nodenext');
      tsc(dir);
      tsc(dir, 'minimum');
      const result = JSON.parse(run(dir, 'out/main.js'));
      expect(result).toEqual({
        tuple: [true, 'v'],
        clusterTuple: [true, 'c'],
        hash: { name: 'ann' },
        plainObject: true,
        clusterOk: true,
        errors: true,
        docker: true,
      });
    },
    SLOW,
  );

  it(
    'bundler: typechecks; the esbuild ESM bundle runs, without testcontainers; a StrictRedis-only bundle leaves the cluster client out',
    async () => {
      const dir = consumer('bundler');
      tsc(dir);
      const full = await bundle(dir, 'main.ts', 'esm');
      expect(JSON.parse(run(dir, full))).toEqual({ tuple: [true, 'v'], clusterTuple: [1, '1'], nodes: 6 });
      const standalone = await bundle(dir, 'standalone-only.ts', 'esm');
      expect(JSON.parse(run(dir, standalone))).toEqual({ pong: true });
      const text = readFileSync(standalone, 'utf8');
      expect(text).not.toContain('StrictRedisClusterClient');
      expect(readFileSync(full, 'utf8')).toContain('StrictRedisClusterClient');
      expect(readFileSync(full, 'utf8')).not.toContain('testcontainers');
      expect(statSync(standalone).size).toBeLessThan(statSync(full).size);
    },
    SLOW,
  );

  it(
    'commonjs: typechecks with node10 and node16 resolution (subpaths included), runs, and its esbuild CommonJS bundle runs',
    async () => {
      const dir = consumer('commonjs');
      tsc(dir);
      tsc(dir, 'typescript', 'tsconfig.node16.json');
      const expected = { tuple: [1, '1'], ranges: '0-5', errors: true, network: 'host' };
      expect(JSON.parse(run(dir, 'out/main.js'))).toEqual(expected);
      const bundled = await bundle(dir, 'main.ts', 'cjs');
      expect(JSON.parse(run(dir, bundled))).toEqual(expected);
    },
    SLOW,
  );

  it(
    'one copy of every class for import and require in one process',
    () => {
      const dir = consumer('commonjs');
      expect(JSON.parse(run(dir, 'identity.cjs'))).toEqual({ sameClass: true, sameError: true, instanceOf: true });
    },
    SLOW,
  );

  it(
    'strict-redis/admin and strict-redis/testing load with import and require',
    () => {
      const dir = consumer('nodenext');
      const names = ['createCluster', 'checkCluster', 'rebalance', 'startDockerCluster', 'dockerAvailable'];
      const script = (load: string) =>
        `${load}; console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => typeof (admin[n] ?? testing[n]))))`;
      const esm = run(dir, '--input-type=module', [
        '-e',
        script(`import * as admin from 'strict-redis/admin'; import * as testing from 'strict-redis/testing'`),
      ]);
      const cjs = run(dir, '-e', [
        script(`const admin = require('strict-redis/admin'); const testing = require('strict-redis/testing')`),
      ]);
      expect(JSON.parse(esm)).toEqual(names.map(() => 'function'));
      expect(JSON.parse(cjs)).toEqual(names.map(() => 'function'));
    },
    SLOW,
  );

  it(
    'installs the strict-redis command, which prints its version',
    () => {
      const dir = consumer('nodenext');
      expect(run(dir, 'node_modules/strict-redis/dist/cli.js', ['--version'])).toBe(pkg.version);
    },
    SLOW,
  );
});
