/**
 * Code blocks of the Markdown documentation, made runnable. The convention (documented in docs/getting-started.md):
 *
 * - ```ts blocks are complete programs: they import from 'strict-redis' (or 'strict-redis/admin'), connect to
 *   `{ host: 'localhost', port: 6379 }` / `redis://localhost:6379` (a standalone server) or
 *   `{ host: '127.0.0.1', port: 7000 }` … `7005` (cluster nodes), and close their clients. The test rewrites the
 *   imports to the sources and the addresses to the servers it started, so nothing ever reaches port 6379.
 * - A line `expr; // literal` (also `const x = expr; // literal`, and `console.log(x); // literal`, which checks x)
 *   whose comment is a JavaScript literal (`true`, `3`, `'itheima'`, `['a', null]`, `{ f: '1' }`, `new Set(['a'])`)
 *   becomes a check that the (awaited) value deep-equals the literal. Comments that are prose are left alone.
 * - ```ts no-run blocks (signatures, fragments, examples needing another network) and ```sh / ```text blocks are not run.
 */
import { readFileSync } from 'node:fs';

export interface DocBlock {
  /** Path relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Everything after the backticks: `ts`, `ts no-run`, `sh`… */
  info: string;
  code: string;
}

/** Every fenced block of a Markdown file, in order. */
export function extractBlocks(path: string, relative: string): DocBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  let open: { line: number; info: string; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(.*)$/.exec(lines[i]);
    if (open === undefined) {
      if (fence) open = { line: i + 1, info: fence[1].trim(), body: [] };
    } else if (fence && fence[1].trim() === '') {
      blocks.push({ file: relative, line: open.line, info: open.info, code: open.body.join('\n') });
      open = undefined;
    } else open.body.push(lines[i]);
  }
  if (open !== undefined) throw new Error(`${relative}:${open.line}: unclosed code fence`);
  return blocks;
}

/** True for the blocks the test runs. */
export function isRunnable(block: DocBlock): boolean {
  return block.info === 'ts' || block.info === 'typescript';
}

export interface Servers {
  standalone: { host: string; port: number };
  /** Cluster nodes in the order that 7000, 7001, … stand for. */
  cluster: Array<{ host: string; port: number }>;
}

export interface Prepared {
  source: string;
  /** How many `__docCheck` calls the source makes. */
  checks: number;
}

/** A literal comment is one that evaluates without reference to anything (prose does not). */
function literalComment(comment: string): boolean {
  try {
    new Function(`"use strict"; return (${comment});`)();
    return true;
  } catch {
    return false;
  }
}

/** `[const x =] expr; // comment` where expr is not a statement keyword. */
const CHECKED_LINE =
  /^(\s*)((?:const|let)\s+[^=]+=\s*)?(?!(?:if|for|while|return|import|export|throw|try|else)\b)([^/].*?);\s*\/\/\s*(.+?)\s*$/;
/** `console.log(x); // literal` checks x (one argument only). */
const CONSOLE_LOG = /^console\.log\((.*)\)$/;

/** Rewrites a runnable block into a module: sources instead of the package, real addresses, checks. */
export function prepareBlock(block: DocBlock, servers: Servers, sources: { index: string; admin: string }): Prepared {
  const where = `${block.file}:${block.line}`;
  if (/new StrictRedis\(\s*\)/.test(block.code)) {
    throw new Error(`${where}: a runnable block must pass an address (new StrictRedis() means localhost:6379)`);
  }
  let code = block.code
    .replace(/from 'strict-redis\/admin'/g, `from '${sources.admin}'`)
    .replace(/from 'strict-redis'/g, `from '${sources.index}'`)
    .replace(/redis:\/\/localhost:6379/g, `redis://${servers.standalone.host}:${servers.standalone.port}`)
    .replace(/host: 'localhost', port: 6379/g, `host: '${servers.standalone.host}', port: ${servers.standalone.port}`)
    .replace(/host: '127\.0\.0\.1', port: 700(\d)/g, (_m, digit: string) => {
      const node = servers.cluster[Number(digit)];
      if (node === undefined) throw new Error(`${where}: no cluster node stands for port 700${digit}`);
      return `host: '${node.host}', port: ${node.port}`;
    });
  if (/\b6379\b|\b700\d\b/.test(code)) {
    throw new Error(`${where}: an address was left unrewritten (write them as the convention says)`);
  }
  let checks = 0;
  code = code
    .split('\n')
    .map((text, i) => {
      const m = CHECKED_LINE.exec(text);
      if (!m || !literalComment(m[4])) return text;
      checks++;
      const [, indent, binding = '', statement, literal] = m;
      const expr = CONSOLE_LOG.exec(statement)?.[1] ?? statement;
      return `${indent}${binding}globalThis.__docCheck(${block.line + 1 + i}, ${expr}, (${literal}));`;
    })
    .join('\n');
  // Blocks that leave a client open (the README's five-line example) get it closed, so no socket outlives the test.
  const unclosed = [...code.matchAll(/(?:const|let)\s+(\w+)\s*=\s*new StrictRedis(?:Cluster)?\(/g)]
    .map((m) => m[1])
    .filter((name) => !new RegExp(`\\b${name}\\.(close|quit|disconnect)\\(`).test(code));
  const epilogue = unclosed.map((name) => `await ${name}.close();`).join('\n');
  return { source: `${code}\n${epilogue}\nexport {};\n`, checks };
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Relative Markdown links of a page (`[text](path#anchor)`), outside code blocks; web links are left out. */
export function relativeLinks(markdown: string): Array<{ target: string; anchor: string | undefined }> {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  const links: Array<{ target: string; anchor: string | undefined }> = [];
  for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(m[1])) continue;
    const [target, anchor] = m[1].split('#');
    links.push({ target, anchor });
  }
  return links;
}

/** The anchors of a page's headings. */
export function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  return new Set([...prose.matchAll(/^#+ (.+)$/gm)].map((m) => headingAnchor(m[1])));
}
