/**
 * How the replies of a keyless command sent to several cluster nodes become one answer (the `route` of its
 * declaration; see ClusterRoute). The replies reach here transformed, one per node, in the nodes' order.
 */
import { channelKey } from '../client/pubsub.js';
import type { ClusterRoute } from '../commands/types.js';
import { ClusterError, ConnectionError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';

/**
 * Methods whose route answers per node (`all-map`, `primaries-map`): on a cluster they resolve to a Map from
 * `host:port` to each node's reply (INFO too, declared by the cluster client itself).
 */
export const PER_NODE_METHODS = [
  'lastsave',
  'role',
  'module_list',
  'slowlog_get',
  'latency_doctor',
  'latency_graph',
  'latency_histogram',
  'latency_history',
  'latency_latest',
  'memory_stats',
  'memory_doctor',
  'memory_malloc_stats',
  'function_list',
  'function_stats',
] as const;

/** The name of a method that answers per node on a cluster (one of {@link PER_NODE_METHODS}). */
export type PerNodeMethod = (typeof PER_NODE_METHODS)[number];

/** Which nodes a route sends to. */
export function routeTargets(route: ClusterRoute): 'primaries' | 'all' | 'one' | 'none' {
  if (route === 'random' || route === 'default-node') return 'one';
  if (route === 'not-in-cluster') return 'none';
  return route.startsWith('all-') ? 'all' : 'primaries';
}

function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'bigint' || typeof b === 'bigint') return BigInt(a as number) + BigInt(b as number);
  return (a as number) + (b as number);
}

function min(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => min(x, b[i]));
  return (b as number) < (a as number) ? b : a;
}

/** Elements that compare equal as bytes are one (a channel may come back from several nodes). */
function union(lists: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const list of lists) {
    for (const item of list as RespValue[]) {
      const key = channelKey(item as string | Buffer);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

/** `[name, count]` pairs added up by name, in the order the names first came. */
function pairSum(lists: unknown[]): unknown[] {
  const totals = new Map<string, [unknown, unknown]>();
  for (const list of lists) {
    for (const [name, count] of list as Array<[unknown, unknown]>) {
      const key = channelKey(name as string | Buffer);
      const pair = totals.get(key);
      if (pair === undefined) totals.set(key, [name, count]);
      else pair[1] = add(pair[1], count);
    }
  }
  return [...totals.values()];
}

/** Combines the per-node replies (`host:port` → reply) of a fan-out by its route. */
export function mergeReplies(route: ClusterRoute, replies: Map<string, unknown>): unknown {
  const values = [...replies.values()];
  switch (route) {
    case 'primaries-sum':
    case 'all-sum':
      return values.reduce(add, 0);
    case 'primaries-all-ok':
    case 'all-all-ok':
      // Every node succeeded (a failure rejects): answer as one server would, e.g. FUNCTION LOAD's library name.
      return values[0];
    case 'primaries-concat':
      return values.flat();
    case 'primaries-min':
      return values.reduce(min);
    case 'primaries-and':
      return (values[0] as boolean[]).map((_, i) => values.every((v) => (v as boolean[])[i] === true));
    case 'all-union':
      return union(values);
    case 'all-pair-sum':
      return pairSum(values);
    default:
      return replies;
  }
}

/**
 * For `primaries-any-ok` (SCRIPT KILL, FUNCTION KILL): the first node's success, or — when every node refused
 * (NOTBUSY everywhere) — the first refusal. Connection errors are failures like any other.
 */
export async function firstSuccess(attempts: Array<Promise<unknown>>, name: string): Promise<unknown> {
  if (attempts.length === 0) throw new ClusterError(`${name}: no node to send it to`);
  const settled = await Promise.allSettled(attempts);
  for (const result of settled) if (result.status === 'fulfilled') return result.value;
  const reasons = settled.map((r) => (r as PromiseRejectedResult).reason as unknown);
  throw reasons.find((r) => !(r instanceof ConnectionError)) ?? reasons[0];
}

/** The refusal for routes that make no sense on a cluster. */
export function notInCluster(name: string): ClusterError {
  return new ClusterError(
    `${name} is not supported in cluster mode; send it to one node with execute_command(…, { target_nodes: { host, port } })`,
  );
}
