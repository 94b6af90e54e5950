/**
 * Writes docs/commands.md from the COMMAND DOCS of a throwaway redis-server (the one on PATH), or of the server at
 * `--port N [--host H]` when given.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisProcess } from '../src/admin/redis-process.js';
import { StrictRedis } from '../src/index.js';
import { parseCommandDocs, renderCoverage, uncovered } from './command-coverage.js';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

async function main(): Promise<void> {
  const given = arg('port');
  const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'strict-redis-docs-')) : undefined;
  const server = dir === undefined ? undefined : await RedisProcess.start({ dir });
  const r = new StrictRedis({ host: arg('host') ?? '127.0.0.1', port: Number(given ?? server?.port), protocol: 2 });
  try {
    const info = await r.info('server');
    const version = String(info.redis_version);
    const commands = parseCommandDocs(await r.execute_command('COMMAND', 'DOCS'));
    const target = join(import.meta.dirname, '..', 'docs', 'commands.md');
    writeFileSync(target, renderCoverage(commands, version));
    const missing = uncovered(commands);
    console.log(`docs/commands.md: ${commands.length} commands of Redis ${version}`);
    if (missing.length > 0) {
      console.log(`neither declared nor explained: ${missing.join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await r.close();
    await server?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
