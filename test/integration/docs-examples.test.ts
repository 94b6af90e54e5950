/**
 * Every ```ts block of README.md and docs/*.md runs against servers of this file's own (a standalone server and a
 * 3-master/3-replica cluster), so examples may use short key names and whole-database commands without disturbing
 * other test files. See test/harness/doc-blocks.ts for the convention.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisProcess } from '../../src/admin/index.js';
import {
  anchors,
  type DocBlock,
  extractBlocks,
  isRunnable,
  prepareBlock,
  relativeLinks,
  type Servers,
} from '../harness/doc-blocks.js';
import { type PrivateCluster, startPrivateCluster } from '../harness/local-backend.js';

const root = resolve(import.meta.dirname, '../..');
/** Pages that report measurements and are written by their own tooling: their fences are theirs to choose. */
const measured = new Set(['docs/benchmarks.md', 'docs/reliability.md']);
const docFiles = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
    .filter((f) => !measured.has(f)),
];
const blocks: DocBlock[] = docFiles.flatMap((f) => extractBlocks(join(root, f), f));
const runnable = blocks.filter(isRunnable);
const sources = { index: join(root, 'src/index.ts'), admin: join(root, 'src/admin/index.ts') };
const outDir = join(root, '.tmp', 'docs-examples');

type Check = (line: number, actual: unknown, expected: unknown) => unknown;
const checked: number[] = [];
let location = '';
(globalThis as typeof globalThis & { __docCheck: Check }).__docCheck = (line, actual, expected) => {
  expect(actual, `${location.split(':')[0]}:${line}`).toEqual(expected);
  checked.push(line);
  return actual;
};

let servers: Servers;
let cluster: PrivateCluster | undefined;
let standalone: RedisProcess | undefined;
let serverDir: string | undefined;

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'strict-redis-docs-'));
  [cluster, standalone] = await Promise.all([startPrivateCluster(), RedisProcess.start({ dir: serverDir })]);
  const masters = cluster.nodes.filter((n) => n.role === 'master');
  const replicas = cluster.nodes.filter((n) => n.role === 'replica');
  servers = {
    standalone: { host: standalone.host, port: standalone.port },
    cluster: [...masters, ...replicas].map(({ host, port }) => ({ host, port })),
  };
  mkdirSync(outDir, { recursive: true });
});

afterAll(async () => {
  await Promise.all([cluster?.stop(), standalone?.stop()]);
  if (serverDir !== undefined) rmSync(serverDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('documentation code blocks', () => {
  it('every fence names its language, and TypeScript fences are `ts` or `ts no-run`', () => {
    expect(runnable.length).toBeGreaterThan(10);
    for (const block of blocks) {
      expect(block.info, `${block.file}:${block.line}`).toMatch(/^(ts|ts no-run|sh|text)$/);
    }
  });

  it('relative links point at existing files and headings', () => {
    let checkedLinks = 0;
    for (const page of docFiles) {
      for (const { target, anchor } of relativeLinks(readFileSync(join(root, page), 'utf8'))) {
        const path = target === '' ? join(root, page) : resolve(dirname(join(root, page)), target);
        expect(existsSync(path), `${page}: ${target}`).toBe(true);
        if (anchor !== undefined && path.endsWith('.md')) {
          expect([...anchors(readFileSync(path, 'utf8'))], `${page}: ${target}#${anchor}`).toContain(anchor);
        }
        checkedLinks++;
      }
    }
    expect(checkedLinks).toBeGreaterThan(10);
  });

  it('a wrong literal comment fails the block, prose comments are not checked', async () => {
    const block: DocBlock = {
      file: 'synthetic.md',
      line: 1,
      info: 'ts',
      code: [
        "import { keySlot } from 'strict-redis';",
        "keySlot('foo'); // 12182",
        "keySlot('bar'); // 1",
        "keySlot('baz'); // the slot of baz",
      ].join('\n'),
    };
    const prepared = prepareBlock(block, servers, sources);
    expect(prepared.checks).toBe(2);
    const file = join(outDir, 'synthetic.ts');
    writeFileSync(file, prepared.source);
    await expect(import(pathToFileURL(file).href)).rejects.toThrow(/expected 5061 to deeply equal 1/);
  });

  it('refuses a block that would reach port 6379 unrewritten', () => {
    const block: DocBlock = { file: 'synthetic.md', line: 1, info: 'ts', code: "const url = 'redis://db:6379';" };
    expect(() => prepareBlock(block, servers, sources)).toThrow(/unrewritten/);
    const bare: DocBlock = { ...block, code: 'const r = new StrictRedis();' };
    expect(() => prepareBlock(bare, servers, sources)).toThrow(/must pass an address/);
  });

  // Sequential: blocks of one page may build on each other's explanations but never on each other's data.
  for (const block of runnable) {
    it(`${block.file}:${block.line} runs`, async () => {
      location = `${block.file}:${block.line}`;
      const prepared = prepareBlock(block, servers, sources);
      const file = join(outDir, `${block.file.replace(/[^\w]/g, '_')}_${block.line}.ts`);
      writeFileSync(file, prepared.source);
      const before = checked.length;
      await import(pathToFileURL(file).href);
      expect(checked.length - before, `${location}: checked comments`).toBe(prepared.checks);
    });
  }
});
