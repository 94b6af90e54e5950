/** checkCluster: what `redis-cli --cluster check` looks at, as a report object. */
import { type Address, addressKey, type ClusterRef, withLinks } from './links.js';
import {
  formatRanges,
  type NodeEntry,
  type OpenSlot,
  SLOT_COUNT,
  type SlotRange,
  slotOwners,
  toRanges,
} from './nodes.js';

/** A migrating or importing slot, as one node reports it. */
export interface OpenSlotReport extends OpenSlot {
  /** Id of the node reporting the slot open. */
  node: string;
}

/** What `checkCluster` found. */
export interface ClusterCheckReport {
  ok: boolean;
  /** One readable line per problem; `ok` is false when there is any. */
  problems: string[];
  /** Weaknesses that do not break the cluster (masters without replicas). */
  warnings: string[];
  nodes: NodeEntry[];
  uncovered: SlotRange[];
  openSlots: OpenSlotReport[];
  /** Nodes whose slot map differs from the first node's, with the number of differing slots. */
  disagreements: Array<{ node: string; slots: number }>;
  mastersWithoutReplicas: string[];
  failedNodes: string[];
  /** Nodes that could not be reached. */
  unreachable: string[];
}

/** Checks a cluster: slot coverage, open slots, agreement between nodes, failed and unreachable nodes. */
export function checkCluster(node: ClusterRef): Promise<ClusterCheckReport> {
  return withLinks(async (links) => {
    const { entries } = await links.firstView(node);
    const problems: string[] = [];
    const owners = slotOwners(entries);
    const uncovered = toRanges(owners.flatMap((o, slot) => (o === undefined ? [slot] : [])));
    if (uncovered.length > 0) {
      const count = uncovered.reduce((n, [a, b]) => n + b - a + 1, 0);
      problems.push(`${count} of ${SLOT_COUNT} slots are not covered: ${formatRanges(uncovered)}`);
    }

    const failedNodes = entries.filter((e) => e.failed).map((e) => e.id);
    for (const e of entries.filter((x) => x.failed)) {
      problems.push(
        `node ${e.id} (${addressKey(e)}) is marked ${e.flags.includes('fail') ? 'failed' : 'possibly failed'}`,
      );
    }

    const openSlots: OpenSlotReport[] = [];
    const disagreements: Array<{ node: string; slots: number }> = [];
    const unreachable: string[] = [];
    const live = entries.filter((e) => !e.failed && !e.handshake);
    await Promise.all(
      live.map(async (e) => {
        const address: Address = { host: e.host, port: e.port };
        let view: NodeEntry[];
        try {
          view = await links.nodes(address);
        } catch {
          unreachable.push(e.id);
          problems.push(`node ${e.id} (${addressKey(e)}) is unreachable`);
          return;
        }
        const me = view.find((v) => v.myself);
        for (const open of me?.openSlots ?? []) openSlots.push({ ...open, node: e.id });
        const theirs = slotOwners(view);
        let differing = 0;
        for (let s = 0; s < SLOT_COUNT; s++) if (theirs[s] !== owners[s]) differing++;
        if (differing > 0) disagreements.push({ node: e.id, slots: differing });
      }),
    );
    for (const o of openSlots.sort((a, b) => a.slot - b.slot)) {
      problems.push(
        `slot ${o.slot} is open: node ${o.node} is ${o.state} it ${o.state === 'migrating' ? 'to' : 'from'} ${o.peer}`,
      );
    }
    for (const d of disagreements) {
      problems.push(`node ${d.node} disagrees about the owner of ${d.slots} slots`);
    }

    const mastersWithoutReplicas = entries
      .filter((e) => e.role === 'master' && e.slots.length > 0 && !e.failed)
      .filter((m) => !entries.some((r) => r.masterId === m.id && !r.failed))
      .map((m) => m.id);
    const warnings = mastersWithoutReplicas.map((id) => `master ${id} has no working replica`);

    return {
      ok: problems.length === 0,
      problems,
      warnings,
      nodes: entries,
      uncovered,
      openSlots,
      disagreements,
      mastersWithoutReplicas,
      failedNodes,
      unreachable,
    };
  }, node);
}
