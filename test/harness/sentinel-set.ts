/**
 * A Redis Sentinel deployment of its own for the test files that need one: a master with two replicas and three
 * `redis-server --sentinel` processes watching it (quorum 2), all on free loopback ports in a temporary directory.
 * Sentinels are configured to fail over quickly (down-after-milliseconds 1000 by default). Optionally the data nodes
 * require a password, the sentinels require one of their own, and the sentinels listen on a TLS port too.
 *
 * Started by the test files themselves (not the global setup), so that files without Sentinel are not slowed down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, RedisProcess } from '../../src/admin/redis-process.js';
import { parse, parseInfoText, type RawReply, rawCommands, waitFor } from './raw.js';

export const SERVICE = 'mymaster';

export interface SentinelSetOptions {
  /** `sentinel down-after-milliseconds` (default 1000). */
  downAfterMs?: number;
  /** `sentinel failover-timeout` (default 4000). */
  failoverTimeoutMs?: number;
  /** `requirepass`/`masterauth` of the master and replicas (the sentinels get it as `auth-pass`). */
  dataPassword?: string;
  /** `requirepass` of the sentinels (and `sentinel sentinel-pass`, so that they reach each other). */
  sentinelPassword?: string;
  /** Certificate files for a TLS port on every sentinel (the plain port stays open for the harness). */
  sentinelTls?: { cert: string; key: string; ca: string };
}

export interface SentinelNode {
  process: RedisProcess;
  port: number;
  tlsPort?: number;
}

export interface SentinelSet {
  service: string;
  dir: string;
  /** The data nodes, master first (as started; a failover changes which one is master). */
  dataNodes: RedisProcess[];
  sentinels: SentinelNode[];
  /** `{ host, port }` of every sentinel (plain ports). */
  addresses: Array<{ host: string; port: number }>;
  /** Runs a command on a data node (logging in when the nodes need a password). */
  dataCommand(port: number, args: readonly string[]): Promise<RawReply>;
  /** Runs a command on a sentinel (logging in when the sentinels need a password). */
  sentinelCommand(port: number, args: readonly string[]): Promise<RawReply>;
  /** The master's port as the first reachable sentinel reports it. */
  masterPort(): Promise<number>;
  /**
   * Subscribes to `+switch-master` on a sentinel (raw socket, independent of the client under test); `next` resolves
   * with the time (Date.now()) and text of the next announcement.
   */
  watchSwitch(port: number): Promise<{ next: Promise<{ at: number; data: string }>; close(): void }>;
  /** The data node listening on `port`. */
  node(port: number): RedisProcess;
  logs(): string;
  stop(): Promise<void>;
}

/** One command over a fresh socket, after AUTH when a password is given; resolves with the command's reply. */
export async function rawAuthed(
  port: number,
  password: string | undefined,
  args: readonly string[],
): Promise<RawReply> {
  const replies = await rawCommands(port, password === undefined ? [args] : [['AUTH', password], args]);
  return replies[replies.length - 1];
}

async function watchSwitch(
  port: number,
  password: string | undefined,
): Promise<{ next: Promise<{ at: number; data: string }>; close(): void }> {
  const socket = new Socket();
  let text = '';
  let confirmed: () => void;
  const subscribed = new Promise<void>((resolve) => {
    confirmed = resolve;
  });
  const next = new Promise<{ at: number; data: string }>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', (data) => {
      text += data.toString('latin1');
      for (;;) {
        const parsed = parse(text, 0);
        if (parsed === undefined) return;
        text = text.slice(parsed[1]);
        const [kind, , payload] = Array.isArray(parsed[0]) ? parsed[0] : [];
        if (kind === 'subscribe') confirmed();
        if (kind === 'message') resolve({ at: Date.now(), data: String(payload) });
      }
    });
  });
  next.catch(() => {});
  const commands = [...(password === undefined ? [] : [['AUTH', password]]), ['SUBSCRIBE', '+switch-master']];
  socket.connect(port, '127.0.0.1', () =>
    socket.write(
      commands.map((c) => `*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join(''),
    ),
  );
  await subscribed;
  return { next, close: () => socket.destroy() };
}

/** A flat `[name, value, …]` record as an object. */
function record(reply: RawReply): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export async function startSentinelSet(options: SentinelSetOptions = {}): Promise<SentinelSet> {
  const dir = mkdtempSync(join(tmpdir(), 'strict-redis-sentinel-'));
  const processes: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const { dataPassword, sentinelPassword } = options;
  const auth = dataPassword === undefined ? [] : ['--requirepass', dataPassword, '--masterauth', dataPassword];
  const dataCommand = (port: number, args: readonly string[]) => rawAuthed(port, dataPassword, args);
  const sentinelCommand = (port: number, args: readonly string[]) => rawAuthed(port, sentinelPassword, args);
  try {
    // Replicas sync at once rather than after the default 5 s wait for more replicas.
    const fast = ['--repl-diskless-sync-delay', '0'];
    const master = await RedisProcess.start({ dir, extraArgs: [...fast, ...auth] });
    processes.push(master);
    const replicas = await Promise.all(
      [0, 1].map(() =>
        RedisProcess.start({ dir, extraArgs: [...fast, ...auth, '--replicaof', master.host, String(master.port)] }),
      ),
    );
    processes.push(...replicas);
    for (const replica of replicas) {
      await waitFor('replica link up', async () => {
        const info = parseInfoText(String(await dataCommand(replica.port, ['INFO', 'replication'])));
        return info.master_link_status === 'up';
      });
    }
    const sentinels: SentinelNode[] = [];
    for (let i = 0; i < 3; i++) {
      const tlsPort = options.sentinelTls === undefined ? undefined : await findFreePort();
      const file = join(dir, `sentinel-${i}.conf`);
      const lines = [
        `sentinel monitor ${SERVICE} ${master.host} ${master.port} 2`,
        `sentinel down-after-milliseconds ${SERVICE} ${options.downAfterMs ?? 1000}`,
        `sentinel failover-timeout ${SERVICE} ${options.failoverTimeoutMs ?? 4000}`,
        `sentinel parallel-syncs ${SERVICE} 2`,
      ];
      if (dataPassword !== undefined) lines.push(`sentinel auth-pass ${SERVICE} ${quoted(dataPassword)}`);
      if (sentinelPassword !== undefined) {
        lines.push(`requirepass ${quoted(sentinelPassword)}`, `sentinel sentinel-pass ${quoted(sentinelPassword)}`);
      }
      const tls = options.sentinelTls;
      if (tls !== undefined) {
        lines.push(`tls-port ${tlsPort}`, `tls-cert-file ${tls.cert}`, `tls-key-file ${tls.key}`);
        lines.push(`tls-ca-cert-file ${tls.ca}`, 'tls-auth-clients no');
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      const process = await RedisProcess.start({ dir, configFile: file, extraArgs: ['--sentinel'] });
      processes.push(process);
      sentinels.push({ process, port: process.port, tlsPort });
    }
    // Ready once every sentinel knows both replicas and the two other sentinels.
    for (const sentinel of sentinels) {
      await waitFor('sentinels to discover the replicas and each other', async () => {
        const known = await sentinelCommand(sentinel.port, ['SENTINEL', 'REPLICAS', SERVICE]);
        const peers = await sentinelCommand(sentinel.port, ['SENTINEL', 'SENTINELS', SERVICE]);
        const healthy = (list: RawReply) =>
          Array.isArray(list) ? list.filter((r) => !record(r).flags?.includes('down')).length : 0;
        return healthy(known) === 2 && healthy(peers) === 2;
      });
    }
    const dataNodes = [master, ...replicas];
    return {
      service: SERVICE,
      dir,
      dataNodes,
      sentinels,
      addresses: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      dataCommand,
      sentinelCommand,
      masterPort: async () => {
        for (const sentinel of sentinels) {
          try {
            const reply = await sentinelCommand(sentinel.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SERVICE]);
            if (Array.isArray(reply)) return Number(reply[1]);
          } catch {
            // this sentinel is down: ask the next
          }
        }
        throw new Error('no sentinel answered');
      },
      watchSwitch: (port) => watchSwitch(port, sentinelPassword),
      node: (port) => {
        const found = dataNodes.find((p) => p.port === port);
        if (found === undefined) throw new Error(`no data node on port ${port}`);
        return found;
      },
      logs: () => processes.map((p) => `--- ${p.port}\n${p.logTail(20)}`).join('\n'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
