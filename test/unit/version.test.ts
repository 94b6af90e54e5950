/** The version sent with CLIENT SETINFO is the package's. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { LIB_NAME, VERSION } from '../../src/index.js';

it('VERSION is package.json`s version and LIB_NAME its name', () => {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'));
  expect(VERSION).toBe(pkg.version);
  expect(LIB_NAME).toBe(pkg.name);
});
