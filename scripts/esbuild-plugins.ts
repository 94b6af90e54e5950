/**
 * esbuild plugin for the ESM build: generic-pool is CommonJS and calls `require('events')`, which an ESM bundle cannot
 * run (esbuild's require shim throws "Dynamic require of "events" is not supported" at run time). Inlined into the
 * ESM build, its require of a Node built-in is answered by a small ES module that imports the built-in, so the ESM
 * output — and every bundle made from it — holds only `import` statements.
 */
import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';

const BUILTINS = new Set(builtinModules);
const NAMESPACE = 'node-builtin-as-esm';

export const builtinRequireAsImport: Plugin = {
  name: 'builtin-require-as-import',
  setup(build) {
    if (build.initialOptions.format !== 'esm') return;
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.kind !== 'require-call' || !BUILTINS.has(name)) return undefined;
      return { path: name, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      // `require('events').EventEmitter` then reads the named export (all generic-pool needs).
      contents: `export * from 'node:${args.path}';`,
      loader: 'js',
    }));
  },
};
