/**
 * The command coverage table: every command the server lists in COMMAND DOCS, with the methods that send it, or
 * what serves it instead, or why the client does not offer it. `renderCoverage` writes docs/commands.md;
 * `uncovered` is what the coverage test asserts is empty.
 */
import { COMMAND_SPECS } from '../src/commands/registry.js';
import { NOT_OFFERED, SERVED_ELSEWHERE } from './command-coverage-notes.js';

/** One command (or subcommand, `CLIENT LIST`) as COMMAND DOCS describes it. */
export interface ServerCommand {
  name: string;
  group: string;
  since: string;
  deprecated: boolean;
  /** What replaces a deprecated command, when the server says. */
  replacedBy?: string;
}

type Reply = unknown;

function text(value: Reply): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** A RESP2 flat list or a RESP3 map, as entries. */
function entriesOf(value: Reply): Array<[string, Reply]> {
  if (value instanceof Map) return [...value].map(([k, v]) => [text(k), v]);
  if (!Array.isArray(value)) return [];
  const out: Array<[string, Reply]> = [];
  for (let i = 0; i + 1 < value.length; i += 2) out.push([text(value[i]), value[i + 1]]);
  return out;
}

/** The reply of `COMMAND DOCS` (no arguments) as a flat list of commands and subcommands. */
export function parseCommandDocs(reply: Reply): ServerCommand[] {
  const out: ServerCommand[] = [];
  const walk = (docs: Reply) => {
    for (const [name, doc] of entriesOf(docs)) {
      const fields = new Map(entriesOf(doc));
      const subcommands = fields.get('subcommands');
      if (subcommands !== undefined && entriesOf(subcommands).length > 0) {
        walk(subcommands);
        continue;
      }
      const flags = fields.get('doc_flags');
      const deprecated =
        fields.has('deprecated_since') || (Array.isArray(flags) && flags.some((f) => text(f) === 'deprecated'));
      out.push({
        name: name.replace('|', ' ').toUpperCase(),
        group: text(fields.get('group') ?? 'other'),
        since: text(fields.get('since') ?? ''),
        deprecated,
        replacedBy: fields.has('replaced_by') ? text(fields.get('replaced_by')) : undefined,
      });
    }
  };
  walk(reply);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Method names by the command their declaration sends (`SET` → `set`); camelCase aliases left out. */
export function methodsByCommand(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [method, spec] of Object.entries(COMMAND_SPECS)) {
    if (/[A-Z]/.test(method)) continue;
    const list = out.get(spec.name) ?? [];
    list.push(method);
    out.set(spec.name, list);
  }
  return out;
}

/** How the client covers one server command. */
export type Coverage =
  | { kind: 'method'; methods: string[] }
  | { kind: 'elsewhere'; how: string }
  | { kind: 'not-offered'; why: string }
  | { kind: 'missing' };

export function coverageOf(name: string, methods = methodsByCommand()): Coverage {
  const declared = methods.get(name);
  if (declared !== undefined) return { kind: 'method', methods: declared };
  if (name in SERVED_ELSEWHERE) return { kind: 'elsewhere', how: SERVED_ELSEWHERE[name] };
  if (name in NOT_OFFERED) return { kind: 'not-offered', why: NOT_OFFERED[name] };
  return { kind: 'missing' };
}

/** Non-deprecated server commands that are neither declared nor explained: what the coverage test rejects. */
export function uncovered(commands: readonly ServerCommand[]): string[] {
  const methods = methodsByCommand();
  return commands.filter((c) => !c.deprecated && coverageOf(c.name, methods).kind === 'missing').map((c) => c.name);
}

const GROUP_TITLES: Record<string, string> = {
  string: 'Strings',
  generic: 'Keys',
  bitmap: 'Bitmaps',
  hyperloglog: 'HyperLogLog',
  list: 'Lists',
  set: 'Sets',
  'sorted-set': 'Sorted sets',
  hash: 'Hashes',
  stream: 'Streams',
  geo: 'Geo',
  pubsub: 'Pub/sub',
  transactions: 'Transactions',
  scripting: 'Scripting and functions',
  connection: 'Connection',
  server: 'Server',
  cluster: 'Cluster',
};

function cell(coverage: Coverage, command: ServerCommand): string {
  switch (coverage.kind) {
    case 'method':
      return coverage.methods.map((m) => `\`${m}\``).join(', ');
    case 'elsewhere':
      return coverage.how;
    case 'not-offered':
      return `— ${coverage.why}`;
    case 'missing':
      return command.deprecated ? `— deprecated${command.replacedBy ? `: ${command.replacedBy}` : ''}` : '**missing**';
  }
}

/** docs/commands.md for the commands of one server version. */
export function renderCoverage(commands: readonly ServerCommand[], serverVersion: string): string {
  const methods = methodsByCommand();
  const groups = new Map<string, ServerCommand[]>();
  for (const command of commands) {
    const list = groups.get(command.group) ?? [];
    list.push(command);
    groups.set(command.group, list);
  }
  const counts = { method: 0, elsewhere: 0, 'not-offered': 0, missing: 0, deprecated: 0 };
  for (const c of commands) {
    const kind = coverageOf(c.name, methods).kind;
    counts[kind === 'missing' && c.deprecated ? 'deprecated' : kind]++;
  }
  const lines = [
    '# Command coverage',
    '',
    `Every command of Redis ${serverVersion} (from the server's own \`COMMAND DOCS\`), with the method that sends it,`,
    'what serves it instead, or why the client does not offer it. Generated by `npm run docs:commands`; the test',
    '`test/integration/command-coverage.test.ts` fails when the server under test has a command that is neither',
    'declared nor explained here. Methods are on `StrictRedis`, `StrictRedisCluster` (routed by key, or to the nodes',
    'their declaration names) and both pipelines; camelCase aliases are not listed.',
    '',
    `${commands.length} commands: ${counts.method} with a method, ${counts.elsewhere} served another way, ` +
      `${counts['not-offered']} not offered (with the reason), ${counts.deprecated} deprecated without a method` +
      (counts.missing > 0 ? `, **${counts.missing} missing**.` : '.'),
  ];
  const order = [...Object.keys(GROUP_TITLES), ...[...groups.keys()].filter((g) => !(g in GROUP_TITLES)).sort()];
  for (const group of order) {
    const list = groups.get(group);
    if (list === undefined) continue;
    lines.push('', `## ${GROUP_TITLES[group] ?? group}`, '', '| command | since | method |', '|---|---|---|');
    for (const command of list) {
      const name = command.deprecated ? `${command.name} (deprecated)` : command.name;
      lines.push(`| ${name} | ${command.since} | ${cell(coverageOf(command.name, methods), command)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
