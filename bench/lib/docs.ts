/** Writes a benchmark's report into its generated section of docs/benchmarks.md; the hand-written text stays. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const DOCS = new URL('../../docs/benchmarks.md', import.meta.url);

/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->` with `report`. */
export function writeDocsSection(name: string, report: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : `# Benchmarks\n\n${start}\n${end}\n`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    console.error(`docs/benchmarks.md has no ${name} markers; not updated`);
    return;
  }
  writeFileSync(DOCS, `${text.slice(0, from + start.length)}\n\n${report}\n\n${text.slice(to)}`);
  console.log('\nwrote docs/benchmarks.md');
}

/** Hands a worker's result to the parent process over IPC (or prints it when run by hand). */
export function sendToParent(message: unknown): void {
  if (process.send === undefined) {
    console.log(JSON.stringify(message, null, 2));
    return;
  }
  process.send(message, () => process.disconnect());
}
