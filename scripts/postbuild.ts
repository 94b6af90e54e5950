/**
 * Runs after tsup (`npm run build`):
 * - writes the ES module wrappers Node loads for `import` (`dist/<entry>.mjs`): they re-export the CommonJS build, so
 *   an application that imports strict-redis and a dependency that requires it share one copy of every class
 *   (`instanceof RedisError` holds across both). Bundlers get the ESM build itself through the `module` condition.
 * - spells `Buffer<ArrayBufferLike>` in the declarations as `Buffer`: the same type, readable by TypeScript versions
 *   and @types/node releases in which Buffer is not generic.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '../dist');
const ENTRIES = ['index', 'admin', 'testing'];

for (const entry of ENTRIES) {
  const wrapper = [
    `// Node's \`import\` of strict-redis: the CommonJS build, so that import and require share one copy of each class.`,
    `export * from './${entry}.cjs';`,
    '',
  ].join('\n');
  writeFileSync(join(dist, `${entry}.mjs`), wrapper);
}

for (const file of readdirSync(dist)) {
  if (!file.endsWith('.d.ts') && !file.endsWith('.d.cts')) continue;
  const path = join(dist, file);
  const text = readFileSync(path, 'utf8');
  const fixed = text.replaceAll('Buffer<ArrayBufferLike>', 'Buffer');
  if (fixed !== text) writeFileSync(path, fixed);
}
