/**
 * diagnostics_channel instrumentation. `strict-redis:command` is a TracingChannel (start / end / asyncStart / asyncEnd
 * / error) around every command and pipeline; the other channels report connection life. Nothing is built unless
 * someone subscribes: callers check {@link commandTracing} (or a channel's `hasSubscribers`) first, so an untraced
 * command costs one property read.
 *
 * The context of a command carries what OpenTelemetry's database conventions ask for (`attributes()` spells them
 * out): the system, the command name, its arguments — each `?` unless the client was made with `trace_arguments`,
 * and secrets (AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2, ACL SETUSER passwords, CONFIG SET of a password) always `?` —
 * the server's address and port, the database and, for pipelines, the batch size.
 */
import diagnostics from 'node:diagnostics_channel';
import type { RedisArg } from '../protocol/encoder.js';
import { CallState, type CallTrace } from './call-state.js';
import { type Command, CommandFlags } from './command.js';

/**
 * The name of the TracingChannel every command and pipeline is traced on (start, end, asyncStart, asyncEnd, error),
 * with a {@link CommandTraceContext}; see docs/observability.md.
 */
export const COMMAND_CHANNEL = 'strict-redis:command';

/** The command TracingChannel; subscribe with `diagnostics_channel.tracingChannel('strict-redis:command')`. */
const commandChannel = diagnostics.tracingChannel<CommandTraceContext>(COMMAND_CHANNEL);

/** Connection life: a connection is ready (handshake answered). */
export const connectChannel = diagnostics.channel('strict-redis:connect');
/** A connection was lost and a reconnect is scheduled. */
export const reconnectChannel = diagnostics.channel('strict-redis:reconnect');
/** A cluster topology refresh finished (or failed). */
export const refreshChannel = diagnostics.channel('strict-redis:topology-refresh');
/** A cluster node answered MOVED or ASK. */
export const redirectionChannel = diagnostics.channel('strict-redis:redirection');
/** A refresh found a slot range served by a new master (a failover, or a manual one). */
export const failoverChannel = diagnostics.channel('strict-redis:failover');

const parts = [
  commandChannel.start,
  commandChannel.end,
  commandChannel.asyncStart,
  commandChannel.asyncEnd,
  commandChannel.error,
] as const;

/** True when anyone listens to `strict-redis:command` (Node < 20.13 lacks TracingChannel.hasSubscribers). */
export const commandTracing: () => boolean =
  typeof (commandChannel as { hasSubscribers?: boolean }).hasSubscribers === 'boolean'
    ? () => commandChannel.hasSubscribers
    : () => parts.some((c) => c.hasSubscribers);

/** Where a traced command or batch goes. */
export interface TraceEndpoint {
  host: string | undefined;
  port: number | undefined;
  db: number;
}

/** Longest argument shown with `trace_arguments`, and most arguments shown. */
const MAX_ARG_CHARS = 128;
const MAX_ARGS = 64;

/**
 * The context published on `strict-redis:command`. TracingChannel adds `result` (asyncStart/asyncEnd) or `error`
 * (error, asyncStart, asyncEnd) to it once the call settles.
 */
export class CommandTraceContext implements CallTrace {
  /** Always `redis`. */
  readonly system = 'redis';
  /** The server the command went to (for a cluster: the node that answered last; set once known). */
  serverAddress: string | undefined;
  serverPort: number | undefined;
  /** The database index. */
  readonly database: number;
  /** Commands in a pipeline or transaction; undefined for a single command. */
  readonly batchSize: number | undefined;
  /** Cluster: MOVED and ASK replies the command followed. */
  redirections = 0;
  result?: unknown;
  error?: unknown;
  // What the getters below derive, made only when a subscriber reads them.
  private readonly sent: readonly Command[];
  private readonly batch: 'PIPELINE' | 'MULTI' | undefined;
  private statementText: string | undefined;
  private visited: string[] | undefined;

  constructor(commands: readonly Command[], batch: 'PIPELINE' | 'MULTI' | undefined, at: TraceEndpoint) {
    this.sent = commands;
    this.batch = batch;
    this.database = at.db;
    this.batchSize = batch === undefined ? undefined : commands.length;
    if (at.host !== undefined && at.port !== undefined) this.sentTo(at.host, at.port);
  }

  /** The command name (`GET`, `CLIENT`…); for a batch `PIPELINE` or `MULTI`. */
  get command(): string {
    return this.batch ?? this.sent[0]?.name ?? 'PIPELINE';
  }

  /** `GET ?` — the command and its arguments as shown (see the module comment); for a batch, one per line. */
  get statement(): string {
    this.statementText ??= this.sent.map(statementOf).join('\n');
    return this.statementText;
  }

  /** Names of a batch's commands, in order; undefined for a single command. */
  get commands(): readonly string[] | undefined {
    return this.batch === undefined ? undefined : this.sent.map((c) => c.name);
  }

  /** Cluster: the nodes (`host:port`) the command or batch went to, in order. */
  get nodes(): readonly string[] {
    if (this.visited !== undefined) return this.visited;
    return this.serverAddress === undefined ? [] : [`${this.serverAddress}:${this.serverPort}`];
  }

  sentTo(host: string, port: number): void {
    if (this.serverAddress === undefined && this.visited === undefined) {
      this.serverAddress = host;
      this.serverPort = port;
      return;
    }
    if (host === this.serverAddress && port === this.serverPort) return;
    this.visited ??= [...this.nodes];
    const key = `${host}:${port}`;
    if (!this.visited.includes(key)) this.visited.push(key);
    this.serverAddress = host;
    this.serverPort = port;
  }

  redirected(): void {
    this.redirections++;
  }

  /** OpenTelemetry database attributes (stable `db.*` names and the older `db.system`/`db.statement`). */
  attributes(): Record<string, string | number> {
    const out: Record<string, string | number> = {
      'db.system': 'redis',
      'db.system.name': 'redis',
      'db.operation.name': this.operationName(),
      'db.query.text': this.statement,
      'db.statement': this.statement,
      'db.namespace': String(this.database),
      'db.redis.database_index': this.database,
    };
    if (this.serverAddress !== undefined) out['server.address'] = this.serverAddress;
    if (this.serverPort !== undefined) out['server.port'] = this.serverPort;
    if (this.batchSize !== undefined) out['db.operation.batch.size'] = this.batchSize;
    return out;
  }

  /** `GET`; for a batch `BATCH SET` when every command has one name, else `PIPELINE` or `MULTI`. */
  private operationName(): string {
    const names = this.commands;
    if (names === undefined) return this.command;
    return names.length > 0 && names.every((n) => n === names[0]) ? `BATCH ${names[0]}` : this.command;
  }
}

/**
 * Runs `send` as a traced call: publishes start/end around it and asyncStart/asyncEnd (and error) when its promise
 * settles. The context reaches the command (its CallState) so the cluster's retry loop can report where it went.
 */
export function traceCommand(command: Command, at: TraceEndpoint, send: () => Promise<unknown>): Promise<unknown> {
  const context = new CommandTraceContext([command], undefined, at);
  const call = command.call ?? new CallState(command);
  command.call = call;
  call.trace = context;
  return commandChannel.tracePromise(send, context);
}

/** {@link traceCommand} for a pipeline (`MULTI` for a transaction). */
export function traceBatch(
  commands: readonly Command[],
  kind: 'PIPELINE' | 'MULTI',
  at: TraceEndpoint,
  send: (context: CommandTraceContext) => Promise<unknown[]>,
): Promise<unknown[]> {
  const context = new CommandTraceContext(commands, kind, at);
  return commandChannel.tracePromise(() => send(context), context);
}

/** `SET ? ?`, or the arguments themselves with `trace_arguments` — secrets masked either way. */
function statementOf(command: Command): string {
  const { args } = command;
  const shown = (command.flags & CommandFlags.TraceArguments) !== 0;
  const masked = shown ? secretPositions(args) : undefined;
  const out: string[] = [command.name];
  const count = Math.min(args.length, MAX_ARGS + 1);
  for (let i = 1; i < count; i++) {
    if (!shown || masked?.has(i) || isSecret(args[i], command.secrets)) out.push('?');
    else out.push(argumentText(args[i]));
  }
  if (args.length > count) out.push(`… (${args.length - count} more)`);
  return out.join(' ');
}

function argumentText(arg: RedisArg): string {
  const text = Buffer.isBuffer(arg) || arg instanceof Uint8Array ? Buffer.from(arg).toString('utf8') : String(arg);
  return text.length > MAX_ARG_CHARS ? `${text.slice(0, MAX_ARG_CHARS)}…` : text;
}

function isSecret(arg: RedisArg, secrets: readonly string[] | undefined): boolean {
  return secrets !== undefined && typeof arg === 'string' && secrets.includes(arg);
}

function word(arg: RedisArg | undefined): string {
  return typeof arg === 'string' ? arg.toUpperCase() : Buffer.isBuffer(arg) ? arg.toString('latin1').toUpperCase() : '';
}

/** Passwords in AUTH, HELLO … AUTH, MIGRATE … AUTH/AUTH2, ACL SETUSER rules and CONFIG SET of a password. */
export function secretPositions(args: readonly RedisArg[]): Set<number> {
  const masked = new Set<number>();
  const name = word(args[0]);
  const sub = word(args[1]);
  if (name === 'AUTH') for (let i = 1; i < args.length; i++) masked.add(i);
  else if (name === 'HELLO' || name === 'MIGRATE') {
    for (let i = 1; i < args.length; i++) {
      const token = word(args[i]);
      if (token === 'AUTH') {
        // HELLO AUTH username password; MIGRATE AUTH password
        const count = name === 'HELLO' ? 2 : 1;
        for (let j = 1; j <= count; j++) masked.add(i + j);
      } else if (token === 'AUTH2') {
        masked.add(i + 1);
        masked.add(i + 2);
      }
    }
  } else if (name === 'ACL' && sub === 'SETUSER') {
    for (let i = 3; i < args.length; i++) {
      const rule = typeof args[i] === 'string' ? (args[i] as string) : word(args[i]);
      if (/^[<>#!]/.test(rule)) masked.add(i);
    }
  } else if (name === 'CONFIG' && sub === 'SET') {
    for (let i = 2; i + 1 < args.length; i += 2) {
      if (/pass|auth|user/i.test(word(args[i]))) masked.add(i + 1);
    }
  }
  return masked;
}
