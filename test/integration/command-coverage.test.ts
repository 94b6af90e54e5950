/**
 * docs/commands.md covers the server: every non-deprecated command the server under test lists in COMMAND DOCS has
 * a method or a stated reason, and the document is what the generator makes of this server (when it is the version
 * the document was generated from).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  methodsByCommand,
  parseCommandDocs,
  renderCoverage,
  type ServerCommand,
  uncovered,
} from '../../scripts/command-coverage.js';
import { NOT_OFFERED, SERVED_ELSEWHERE } from '../../scripts/command-coverage-notes.js';
import { StrictRedis } from '../../src/index.js';

const { standalone, serverVersion } = inject('redis');
const DOC = join(import.meta.dirname, '..', '..', 'docs', 'commands.md');
let r: StrictRedis;
let commands: ServerCommand[];

beforeAll(async () => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol: 2 });
  commands = parseCommandDocs(await r.execute_command('COMMAND', 'DOCS'));
});
afterAll(async () => {
  await r.close();
});

describe('command coverage', () => {
  it('every non-deprecated command of the server has a method or a stated reason', () => {
    expect(commands.length).toBeGreaterThan(200);
    expect(uncovered(commands), 'declare them, or explain them in scripts/command-coverage-notes.ts').toEqual([]);
  });

  it('explains only commands the server has or had, and never a command that also has a method', () => {
    const methods = methodsByCommand();
    const both = [...Object.keys(SERVED_ELSEWHERE), ...Object.keys(NOT_OFFERED)].filter((name) => methods.has(name));
    expect(both).toEqual([]);
  });

  it('docs/commands.md is what the generator makes of this server', () => {
    const doc = readFileSync(DOC, 'utf8');
    const generatedFrom = /of Redis (\S+) \(/.exec(doc)?.[1];
    if (generatedFrom !== serverVersion) {
      // Another server version: its table would differ; the first test still guards coverage.
      expect(generatedFrom).toMatch(/^\d+\.\d+\.\d+$/);
      return;
    }
    expect(doc, 'run npm run docs:commands').toBe(renderCoverage(commands, serverVersion));
  });
});
