/** The `strict-redis cluster …` commands. Each returns the exit code; failures throw and are reported by `run`. */

import { readFileSync } from 'node:fs';
import {
  addNode,
  checkCluster,
  createCluster,
  describeCluster,
  failover,
  fixCluster,
  formatRanges,
  LocalCluster,
  type NodeAuth,
  parseAddress,
  rebalance,
  removeNode,
  reshard,
} from '../admin/index.js';
import { StrictRedis } from '../client/strict-redis.js';
import { type CommandSpec, type FlagKind, type Parsed, parseArgs, UsageError } from './args.js';
import { progressReporter } from './progress.js';
import { packageVersion } from './version.js';

interface Command extends CommandSpec {
  run(args: Parsed, out: NodeJS.WriteStream): Promise<number>;
}

const print = (out: NodeJS.WriteStream, line = '') => out.write(`${line}\n`);

function address(text: string | undefined): { host: string; port: number } {
  try {
    return parseAddress(text ?? '');
  } catch {
    throw new UsageError(`expected host:port, got ${JSON.stringify(text ?? '')}`);
  }
}

/** Connection options every command that talks to nodes accepts. */
const CONNECT_FLAGS: Record<string, FlagKind> = {
  user: 'string',
  pass: 'string',
  tls: 'boolean',
  cacert: 'string',
  sni: 'string',
};

/** What the command's exit code means (also in docs/tooling.md). */
const EXIT_CODES = [
  'exit codes: 0 success; 1 the command failed, or `cluster check`/`fix` found problems left;',
  '  2 usage error (unknown command or option, missing argument); 130/143 `cluster up` stopped by SIGINT/SIGTERM',
].join('\n');

const CONNECT_USAGE =
  'connection options: --user NAME --pass PASSWORD (or the REDISCLI_AUTH environment variable) --tls [--cacert FILE] [--sni NAME]';

/** The password from --pass, else from REDISCLI_AUTH (as redis-cli reads it; keeps it out of the shell history). */
function passwordFrom(flags: Parsed['flags']): string | undefined {
  if (flags.pass !== undefined) return String(flags.pass);
  const env = process.env.REDISCLI_AUTH;
  return env === undefined || env === '' ? undefined : env;
}

function authFrom(flags: Parsed['flags']): NodeAuth {
  const wantsTls = flags.tls === true || flags.cacert !== undefined || flags.sni !== undefined;
  return {
    username: flags.user === undefined ? undefined : String(flags.user),
    password: passwordFrom(flags),
    tls: wantsTls
      ? {
          ...(flags.cacert === undefined ? {} : { ca: readFileSync(String(flags.cacert)) }),
          ...(flags.sni === undefined ? {} : { servername: String(flags.sni) }),
        }
      : undefined,
  };
}

/** A node address from the command line, with the connection options. */
function nodeRef(text: string | undefined, flags: Parsed['flags']): { host: string; port: number } & NodeAuth {
  return { ...address(text), ...authFrom(flags) };
}

async function printNodes(out: NodeJS.WriteStream, node: { host: string; port: number } & NodeAuth): Promise<void> {
  const { nodes } = await describeCluster(node);
  for (const n of [...nodes].sort((a, b) => a.port - b.port)) {
    const what = n.role === 'master' ? `master slots ${formatRanges(n.slots) || '-'}` : `replica of ${n.masterId}`;
    print(out, `${n.id} ${n.host}:${n.port} ${what}`);
  }
}

export const COMMANDS: Record<string, Command> = {
  up: {
    usage: 'cluster up [--masters 3] [--replicas 1] [--port BASE] [--node-timeout 2000] [--pass PASSWORD]',
    summary: 'start a local throwaway cluster (nodes on BASE, BASE+1, … with --port) and keep it up until Ctrl-C',
    positionals: [],
    flags: { masters: 'number', replicas: 'number', port: 'number', 'node-timeout': 'number', pass: 'string' },
    async run({ flags }, out) {
      const cluster = await LocalCluster.start({
        masters: Number(flags.masters ?? 3),
        replicasPerMaster: Number(flags.replicas ?? 1),
        basePort: flags.port === undefined ? undefined : Number(flags.port),
        clusterNodeTimeout: Number(flags['node-timeout'] ?? 2000),
        password: passwordFrom(flags),
      });
      print(out, `cluster up; startup nodes: ${cluster.startup_nodes.map((n) => `${n.host}:${n.port}`).join(' ')}`);
      await printNodes(out, { ...cluster.startup_nodes[0], password: cluster.password });
      print(out, `node directories under ${cluster.dir}`);
      print(out, 'press Ctrl-C to stop it');
      const keepAlive = setInterval(() => {}, 1 << 30);
      // Exit code 128 + the signal's number, as a shell reports a process ended by it.
      return new Promise<number>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          print(out, `${signal}: stopping the cluster`);
          void cluster.stop().finally(() => {
            clearInterval(keepAlive);
            print(out, 'cluster stopped');
            resolve(signal === 'SIGINT' ? 130 : 143);
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  },
  create: {
    usage: 'cluster create host:port... [--replicas 1]',
    summary: 'make a cluster of running, empty, cluster-enabled nodes',
    positionals: ['nodes...'],
    flags: { replicas: 'number', ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      const described = await createCluster(positionals.map(address), {
        replicas: Number(flags.replicas ?? 1),
        ...authFrom(flags),
      });
      print(out, `cluster created with ${described.nodes.length} nodes`);
      await printNodes(out, nodeRef(positionals[0], flags));
      return 0;
    },
  },
  check: {
    usage: 'cluster check host:port',
    summary: 'check slot coverage, open slots, agreement and failed nodes',
    positionals: ['node'],
    flags: { ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      const report = await checkCluster(nodeRef(positionals[0], flags));
      for (const w of report.warnings) print(out, `warning: ${w}`);
      for (const p of report.problems) print(out, `problem: ${p}`);
      print(out, report.ok ? `OK: ${report.nodes.length} nodes, all 16384 slots covered` : 'cluster has problems');
      return report.ok ? 0 : 1;
    },
  },
  fix: {
    usage: 'cluster fix host:port [--pipeline 10] [--replace]',
    summary: 'close open slots left by an interrupted reshard and assign slots no master serves, keys included',
    positionals: ['node'],
    flags: { pipeline: 'number', replace: 'boolean', ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      const result = await fixCluster(nodeRef(positionals[0], flags), {
        pipeline: flags.pipeline === undefined ? undefined : Number(flags.pipeline),
        replace: flags.replace === true,
      });
      for (const action of result.actions) print(out, action);
      print(out, result.actions.length === 0 ? 'nothing to fix' : `fixed; ${result.keys} keys moved`);
      const report = await checkCluster(nodeRef(positionals[0], flags));
      for (const p of report.problems) print(out, `problem left: ${p}`);
      return report.ok ? 0 : 1;
    },
  },
  reshard: {
    usage: 'cluster reshard host:port --from ID --to ID --slots N [--pipeline 10] [--replace]',
    summary: 'move N slots from one master to another, keys included',
    positionals: ['node'],
    flags: { from: 'string', to: 'string', slots: 'number', pipeline: 'number', replace: 'boolean', ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      if (flags.from === undefined || flags.to === undefined || flags.slots === undefined) {
        throw new UsageError('--from, --to and --slots are required');
      }
      const result = await reshard({
        cluster: nodeRef(positionals[0], flags),
        from: String(flags.from),
        to: String(flags.to),
        slots: Number(flags.slots),
        pipeline: flags.pipeline === undefined ? undefined : Number(flags.pipeline),
        replace: flags.replace === true,
        onProgress: progressReporter(out),
      });
      print(out, `moved ${result.slots} slots and ${result.keys} keys`);
      return 0;
    },
  },
  rebalance: {
    usage: 'cluster rebalance host:port [--weight ID=N,ID=N] [--pipeline 10]',
    summary: 'move slots so that every master serves a share proportional to its weight (default 1; 0 empties it)',
    positionals: ['node'],
    flags: { weight: 'string', pipeline: 'number', ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      const result = await rebalance(nodeRef(positionals[0], flags), {
        weights: flags.weight === undefined ? undefined : parseWeights(String(flags.weight)),
        pipeline: flags.pipeline === undefined ? undefined : Number(flags.pipeline),
        onProgress: progressReporter(out),
      });
      print(out, result.slots === 0 ? 'already balanced' : `moved ${result.slots} slots and ${result.keys} keys`);
      return 0;
    },
  },
  'add-node': {
    usage: 'cluster add-node new-host:port host:port [--replica-of ID]',
    summary: 'add an empty node as a master (or a replica)',
    positionals: ['new', 'existing'],
    flags: { 'replica-of': 'string', ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      const replicaOf = flags['replica-of'] === undefined ? undefined : String(flags['replica-of']);
      const id = await addNode(nodeRef(positionals[1], flags), nodeRef(positionals[0], flags), { replicaOf });
      print(out, `added ${positionals[0]} as ${id}${replicaOf === undefined ? '' : `, replica of ${replicaOf}`}`);
      return 0;
    },
  },
  'del-node': {
    usage: 'cluster del-node host:port ID',
    summary: 'move a node’s slots away, make every node forget it, and reset it',
    positionals: ['node', 'id'],
    flags: { ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      await removeNode(nodeRef(positionals[0], flags), positionals[1]);
      print(out, `removed ${positionals[1]}`);
      return 0;
    },
  },
  failover: {
    usage: 'cluster failover replica-host:port [--force | --takeover]',
    summary: 'promote a replica to master (CLUSTER FAILOVER)',
    positionals: ['replica'],
    flags: { force: 'boolean', takeover: 'boolean', ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      const node = await failover(nodeRef(positionals[0], flags), {
        force: flags.force === true,
        takeover: flags.takeover === true,
      });
      print(out, `${positionals[0]} (${node.id}) is now a master`);
      return 0;
    },
  },
  info: {
    usage: 'cluster info host:port',
    summary: 'CLUSTER INFO and the nodes with their roles and slots',
    positionals: ['node'],
    flags: { ...CONNECT_FLAGS },
    async run({ positionals, flags }, out) {
      const node = nodeRef(positionals[0], flags);
      const client = new StrictRedis({
        host: node.host,
        port: node.port,
        username: node.username,
        password: node.password,
        tls: node.tls,
        retry: false,
      });
      try {
        print(out, String(await client.execute_command('CLUSTER', 'INFO')).trimEnd());
      } finally {
        await client.close();
      }
      await printNodes(out, node);
      return 0;
    },
  },
};

/** `ID=N,ID=N` (full node IDs) → `{ ID: N }`. */
function parseWeights(text: string): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const weight = Number(part.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(weight) || weight < 0) {
      throw new UsageError(`--weight expects ID=N[,ID=N…] with N >= 0, got ${JSON.stringify(part)}`);
    }
    weights[part.slice(0, eq)] = weight;
  }
  return weights;
}

function helpText(): string {
  const lines = ['usage: strict-redis cluster <command> [options]', '       strict-redis --version', '', 'commands:'];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', CONNECT_USAGE, '', 'Run `strict-redis cluster <command> --help` for one command.');
  lines.push('', EXIT_CODES);
  return lines.join('\n');
}

/** Runs one command line (without `node` and the script); returns the exit code. */
export async function run(
  argv: readonly string[],
  out: NodeJS.WriteStream = process.stdout,
  err: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const [group, name, ...rest] = argv;
  if (group === '--version' || group === '-V') {
    print(out, packageVersion());
    return 0;
  }
  if (group === undefined || group === '--help' || group === '-h' || (group === 'cluster' && name === undefined)) {
    print(out, helpText());
    return group === undefined ? 2 : 0;
  }
  if (group === 'cluster' && (name === '--help' || name === '-h')) {
    print(out, helpText());
    return 0;
  }
  const command = group === 'cluster' && name !== undefined ? COMMANDS[name] : undefined;
  if (command === undefined) {
    err.write(`strict-redis: unknown command ${[group, name].filter(Boolean).join(' ')} (try --help)\n`);
    return 2;
  }
  try {
    const parsed = parseArgs(rest, command);
    if (parsed.help) {
      const connect = command.flags.user === undefined ? '' : `\n\n${CONNECT_USAGE}`;
      print(out, `usage: strict-redis ${command.usage}\n\n${command.summary}${connect}`);
      return 0;
    }
    return await command.run(parsed, out);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof UsageError) {
      err.write(`strict-redis: ${message}\nusage: strict-redis ${command.usage}\n`);
      return 2;
    }
    err.write(`strict-redis: ${message.split('\n')[0]}\n`);
    return 1;
  }
}
