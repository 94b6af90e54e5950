import { defineConfig, type Options } from 'tsup';
import { builtinRequireAsImport } from './scripts/esbuild-plugins.js';

const shared: Options = {
  sourcemap: true,
  target: 'node20',
  // One copy of the client shared by every entry (so instanceof works across strict-redis and its subpaths).
  splitting: true,
  treeshake: true,
  // Loaded on demand by strict-redis/testing only; an optional peer, never bundled.
  external: ['testcontainers'],
  // CommonJS that requires a Node built-in: inlined, so that the ESM build holds only imports (see the plugin).
  noExternal: ['generic-pool'],
  esbuildPlugins: [builtinRequireAsImport],
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', admin: 'src/admin/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
  },
  // The `strict-redis` command: one ESM file with a shebang.
  { ...shared, entry: { cli: 'src/cli/main.ts' }, format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } },
]);
