import { defineConfig } from 'tsup';

const shared = {
  format: ['esm', 'cjs'] as ('esm' | 'cjs')[],
  sourcemap: true,
  target: 'node20' as const,
  // One copy of the client shared by `strict-redis` and `strict-redis/admin` (so instanceof works across them).
  splitting: true,
  treeshake: true,
  // Loaded on demand by the Docker path of strict-redis/admin; a devDependency, never bundled.
  external: ['testcontainers'],
};

export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts', admin: 'src/admin/index.ts' }, dts: true, clean: true },
  // The `strict-redis` command: one ESM file with a shebang.
  { ...shared, entry: { cli: 'src/cli/main.ts' }, format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } },
]);
