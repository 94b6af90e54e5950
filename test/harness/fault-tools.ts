/**
 * Helpers for the fault suite (test/integration/fault-*.test.ts): who is master where, restarting a node of a
 * LocalCluster in place, a reply-integrity checker for timeouts, and the figures each scenario reports.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCluster } from '../../src/admin/local-cluster.js';
import { type NodeEntry, parseClusterNodes } from '../../src/admin/nodes.js';
import { RedisProcess } from '../../src/admin/redis-process.js';
import type { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { type ConsistencyReport, errorClass } from './ack-ledger.js';
import { rawCommand, rawInfo, waitFor } from './raw.js';

/** Longer runs when STRICT_REDIS_SOAK=1: more traffic per phase and more rounds. */
export const SOAK = process.env.STRICT_REDIS_SOAK === '1';
export const ROUNDS = SOAK ? 5 : 1;
export const TRAFFIC_MS = SOAK ? 5000 : 800;

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `count` counter keys spread over (nearly) as many slots. */
export function counterKeys(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}c:${i}`);
}

/** The cluster as one node sees it. */
export async function clusterView(port: number): Promise<NodeEntry[]> {
  return parseClusterNodes(String(await rawCommand(port, ['CLUSTER', 'NODES'])));
}

/** Live ports of a LocalCluster. */
export function livePorts(cluster: LocalCluster): number[] {
  return cluster.processes.filter((p) => p.running).map((p) => p.port);
}

/** Waits until every live node says cluster_state:ok and all agree on every node's role, master and slots. */
export async function waitForStableCluster(
  cluster: LocalCluster,
  options: { exclude?: number[]; timeoutMs?: number } = {},
): Promise<void> {
  await waitFor(
    'a stable cluster',
    async () => {
      const ports = livePorts(cluster).filter((p) => !options.exclude?.includes(p));
      let signature: string | undefined;
      for (const port of ports) {
        if ((await rawInfo(port, ['CLUSTER', 'INFO'])).cluster_state !== 'ok') return false;
        const view = await clusterView(port);
        if (view.some((e) => e.failed || e.handshake)) return false;
        // Roles too: a demoted master that others still call a master would refuse to vote for its promotion.
        const layout = view
          .map((e) => `${e.id}:${e.role}:${e.masterId ?? ''}:${JSON.stringify(e.slots)}`)
          .sort()
          .join('|');
        if (signature !== undefined && signature !== layout) return false;
        signature = layout;
      }
      return true;
    },
    options.timeoutMs ?? 30_000,
  );
}

/** Masters that serve slots, and each one's replicas, as the node on `port` sees them. */
export async function shards(port: number): Promise<Array<{ master: NodeEntry; replicas: NodeEntry[] }>> {
  const view = await clusterView(port);
  return view
    .filter((e) => e.role === 'master' && e.slots.length > 0)
    .map((master) => ({ master, replicas: view.filter((e) => e.masterId === master.id && !e.failed) }));
}

/** Waits until the replica on `port` has a live link to its master (so that it can be promoted without losing data). */
export async function waitForReplicaLink(port: number, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    `replica ${port} in sync`,
    async () => {
      const info = await rawInfo(port, ['INFO', 'replication']);
      return info.role === 'slave' && info.master_link_status === 'up' && info.master_sync_in_progress === '0';
    },
    timeoutMs,
  );
}

/**
 * Restarts the node on `port` in place: same port, same directory, same config file and nodes.conf, so it rejoins with
 * its identity. The old process must have exited. `extraArgs` override the config (e.g. `--enable-debug-command yes`).
 */
export async function restartNode(
  cluster: LocalCluster,
  port: number,
  extraArgs: readonly string[] = [],
): Promise<RedisProcess> {
  const index = cluster.processes.findIndex((p) => p.port === port);
  const old = cluster.processes[index];
  await old.waitForExit();
  const proc = await RedisProcess.start({
    port,
    dir: cluster.dir,
    cluster: true,
    clusterNodeTimeout: cluster.clusterNodeTimeout,
    configFile: join(old.dir, 'redis.conf'),
    extraArgs,
  });
  // LocalCluster.stop() stops what is in this list.
  cluster.processes[index] = proc;
  return proc;
}

/** One scenario's figures; appended as a JSON line to $STRICT_REDIS_FAULT_REPORT when set (for docs/reliability.md). */
export function recordFigures(scenario: string, report: ConsistencyReport | ReplyCheckReport): void {
  const file = process.env.STRICT_REDIS_FAULT_REPORT;
  if (file !== undefined && file !== '')
    appendFileSync(file, `${JSON.stringify({ scenario, soak: SOAK, ...report })}\n`);
}

export interface ReplyCheckReport {
  /** Completed SET + GET pairs. */
  acked: number;
  errors: Record<string, number>;
  /** Replies that cannot belong to the request they resolved (another writer's value, a stale value, a wrong type). */
  mismatches: string[];
  durationMs: number;
}

/**
 * Writers that SET a unique value on a key of their own and GET it back. A GET must return the last value this writer
 * set successfully, or one whose SET timed out (it may still run later); anything else is a reply delivered to the
 * wrong caller.
 */
export class ReplyChecker {
  private running = true;
  private readonly loops: Promise<void>[] = [];
  readonly errorCounts = new Map<string, number>();
  readonly mismatches: string[] = [];
  acked = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly rc: StrictRedisCluster<string>,
    readonly keys: string[],
  ) {
    keys.forEach((key, w) => {
      this.loops.push(this.writer(key, w));
    });
  }

  private count(err: unknown): void {
    const key = errorClass(err);
    this.errorCounts.set(key, (this.errorCounts.get(key) ?? 0) + 1);
  }

  private async writer(key: string, w: number): Promise<void> {
    let last: string | null = null;
    const uncertain = new Set<string>();
    for (let seq = 0; this.running; seq++) {
      const value = `${w}:${seq}`;
      try {
        const ok = await this.rc.set(key, value);
        if (ok !== true) this.mismatches.push(`SET ${value} answered ${JSON.stringify(ok)}`);
        last = value;
      } catch (err) {
        this.count(err);
        uncertain.add(value);
        continue;
      }
      try {
        const got = await this.rc.get(key);
        if (got !== last && (got === null || !uncertain.has(got))) {
          this.mismatches.push(`GET after SET ${value} answered ${JSON.stringify(got)}`);
        }
        this.acked++;
      } catch (err) {
        this.count(err);
      }
    }
  }

  async report(): Promise<ReplyCheckReport> {
    this.running = false;
    await Promise.all(this.loops);
    return {
      acked: this.acked,
      errors: Object.fromEntries([...this.errorCounts].sort()),
      mismatches: this.mismatches,
      durationMs: Date.now() - this.startedAt,
    };
  }
}
