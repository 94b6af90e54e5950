/**
 * fixCluster: repairs what an interrupted reshard or a lost node leaves behind, as `redis-cli --cluster fix` does —
 * open (migrating/importing) slots and slots no master serves. Keys are never dropped: a half-moved slot is finished
 * towards the node that already holds some of its keys, and an unserved slot goes to the master that holds its keys.
 */
import { addSlots } from './create.js';
import { ClusterAdminError } from './errors.js';
import { type Address, addressKey, type ClusterRef, type NodeLinks, waitUntil, withLinks } from './links.js';
import {
  formatRanges,
  type NodeEntry,
  type OpenSlot,
  SLOT_COUNT,
  type SlotRange,
  slotCount,
  slotOwners,
  toRanges,
} from './nodes.js';
import { type MigrateOptions, migrateSlotKeys, moveSlot } from './reshard.js';

/** Options of `fixCluster`. */
export interface FixOptions extends MigrateOptions {
  /** How long to wait for every node to agree afterwards (default 30 000 ms). */
  timeoutMs?: number;
}

/** What `fixCluster` did. */
export interface FixResult {
  /** One readable line per repair, in the order they were made. */
  actions: string[];
  /** Keys moved while repairing. */
  keys: number;
}

/** Every live node's own view of itself: its open slots. */
interface NodeState {
  entry: NodeEntry;
  open: OpenSlot[];
}

function describeNode(e: NodeEntry): string {
  return `${e.id.slice(0, 8)} (${addressKey(e)})`;
}

async function keysInSlot(links: NodeLinks, node: Address, slot: number): Promise<number> {
  return Number(await links.call(node, 'CLUSTER', 'COUNTKEYSINSLOT', slot));
}

/** Repairs open slots and slots no master serves, then waits until every node agrees. */
export function fixCluster(ref: ClusterRef, options: FixOptions = {}): Promise<FixResult> {
  return withLinks(async (links) => {
    const result: FixResult = { actions: [], keys: 0 };
    const { entries } = await links.firstView(ref);
    const states = await liveStates(links, entries);
    const byId = new Map(states.map((s) => [s.entry.id, s.entry]));
    const owners = slotOwners(entries);
    const masters = entries.filter((e) => e.role === 'master' && !e.failed);
    await fixOpenSlots(links, states, byId, owners, masters, options, result);
    await fixCoverage(links, masters, options, result);
    await waitForAgreement(links, states, options.timeoutMs ?? 30_000);
    return result;
  }, ref);
}

/** Every node's view of itself; refuses to work on a cluster with a node it can't reach. */
async function liveStates(links: NodeLinks, entries: NodeEntry[]): Promise<NodeState[]> {
  const live = entries.filter((e) => !e.failed && !e.handshake);
  return Promise.all(
    live.map(async (e) => {
      let view: NodeEntry[];
      try {
        view = await links.nodes(e);
      } catch (err) {
        throw new ClusterAdminError(
          `node ${describeNode(e)} is unreachable: fix needs every node that is not marked failed (${(err as Error).message})`,
        );
      }
      return { entry: e, open: view.find((v) => v.myself)?.openSlots ?? [] };
    }),
  );
}

async function fixOpenSlots(
  links: NodeLinks,
  states: NodeState[],
  byId: Map<string, NodeEntry>,
  owners: Array<string | undefined>,
  masters: NodeEntry[],
  options: FixOptions,
  result: FixResult,
): Promise<void> {
  const bySlot = new Map<number, Array<{ node: NodeEntry; open: OpenSlot }>>();
  for (const s of states) {
    for (const open of s.open) {
      const list = bySlot.get(open.slot) ?? [];
      list.push({ node: s.entry, open });
      bySlot.set(open.slot, list);
    }
  }
  for (const [slot, records] of [...bySlot].sort((a, b) => a[0] - b[0])) {
    const ownerId = owners[slot];
    const owner = ownerId === undefined ? undefined : byId.get(ownerId);
    const migrating = records.find((r) => r.open.state === 'migrating' && r.node.id === ownerId);
    const keysAt = new Map<string, number>();
    for (const r of records) {
      if (r.open.state === 'importing') keysAt.set(r.node.id, await keysInSlot(links, r.node, slot));
    }
    // Where the slot was going: the owner's MIGRATING target, else the importer holding the most keys.
    let target: NodeEntry | undefined;
    if (migrating !== undefined) target = byId.get(migrating.open.peer);
    else {
      const importers = records.filter((r) => r.open.state === 'importing' && (keysAt.get(r.node.id) ?? 0) > 0);
      importers.sort((a, b) => (keysAt.get(b.node.id) ?? 0) - (keysAt.get(a.node.id) ?? 0));
      target = importers[0]?.node;
    }
    const targetImporting = records.some(
      (r) => r.node.id === target?.id && r.open.state === 'importing' && r.open.peer === ownerId,
    );
    const targetKeys = target === undefined ? 0 : (keysAt.get(target.id) ?? (await keysInSlot(links, target, slot)));
    // Finish the move when both sides had agreed on it, or when keys already reached the target (stranding them
    // would lose them); otherwise nothing moved yet and the move is called off.
    let finish = false;
    let currentOwner = owner;
    if (
      owner !== undefined &&
      target !== undefined &&
      target.role === 'master' &&
      target.id !== owner.id &&
      ((migrating !== undefined && targetImporting) || targetKeys > 0)
    ) {
      finish = true;
      const keys = await moveSlot(links, slot, owner, target, masters, options);
      currentOwner = target;
      result.keys += keys;
      result.actions.push(
        `slot ${slot}: finished moving it from ${describeNode(owner)} to ${describeNode(target)} (${keys} keys)`,
      );
    }
    for (const r of records) {
      // The move closed these two.
      if (finish && (r === migrating || (r.node.id === target?.id && r.open.state === 'importing'))) continue;
      if (r.open.state === 'importing' && currentOwner !== undefined && (keysAt.get(r.node.id) ?? 0) > 0) {
        const keys = await migrateSlotKeys(links, r.node, currentOwner, slot, options, true);
        result.keys += keys;
        result.actions.push(`slot ${slot}: moved ${keys} keys from ${describeNode(r.node)} to its owner`);
      }
      // An importer of an unserved slot keeps its keys; fixCoverage then gives it the slot.
      await links.call(r.node, 'CLUSTER', 'SETSLOT', slot, 'STABLE');
      result.actions.push(`slot ${slot}: cleared the ${r.open.state} state on ${describeNode(r.node)}`);
    }
  }
}

/** Gives every slot no master serves to the master holding its keys, or else to the master with the fewest slots. */
async function fixCoverage(
  links: NodeLinks,
  masters: NodeEntry[],
  options: FixOptions,
  result: FixResult,
): Promise<void> {
  if (masters.length === 0) throw new ClusterAdminError('the cluster has no working master');
  // Re-read: fixing open slots may have changed owners.
  const view = await links.nodes(masters[0]);
  const owners = slotOwners(view);
  const uncovered: number[] = [];
  for (let s = 0; s < SLOT_COUNT; s++) if (owners[s] === undefined) uncovered.push(s);
  if (uncovered.length === 0) return;

  const load = new Map(masters.map((m) => [m.id, slotCount(view.find((v) => v.id === m.id)?.slots ?? [])]));
  const assigned = new Map<string, number[]>(masters.map((m) => [m.id, []]));
  const contested: Array<{ slot: number; holders: Array<{ node: NodeEntry; keys: number }> }> = [];
  // Key counts of every unserved slot on every master, a few hundred slots at a time (one write per node each).
  const counts: number[][] = [];
  for (let i = 0; i < uncovered.length; i += 512) {
    const part = uncovered.slice(i, i + 512);
    const perMaster = await Promise.all(masters.map((m) => Promise.all(part.map((s) => keysInSlot(links, m, s)))));
    for (let j = 0; j < part.length; j++) counts.push(perMaster.map((c) => c[j]));
  }
  const leastLoaded = () => masters.reduce((a, b) => ((load.get(b.id) ?? 0) < (load.get(a.id) ?? 0) ? b : a));
  const assign = (slot: number, owner: NodeEntry) => {
    assigned.get(owner.id)!.push(slot);
    load.set(owner.id, (load.get(owner.id) ?? 0) + 1);
  };
  // Slots without keys go out in runs: each run to the least loaded master, until it has its even share.
  const share = Math.ceil(SLOT_COUNT / masters.length);
  let recipient: NodeEntry | undefined;
  uncovered.forEach((slot, i) => {
    const holders = masters.map((node, k) => ({ node, keys: counts[i][k] })).filter((h) => h.keys > 0);
    if (holders.length === 0) {
      if (recipient === undefined || (load.get(recipient.id) ?? 0) >= share) recipient = leastLoaded();
      assign(slot, recipient);
      return;
    }
    holders.sort((a, b) => b.keys - a.keys);
    assign(slot, holders[0].node);
    if (holders.length > 1) contested.push({ slot, holders });
  });
  for (const m of masters) {
    const slots = assigned.get(m.id)!;
    if (slots.length === 0) continue;
    const ranges: SlotRange[] = toRanges(slots);
    for (const range of ranges) await addSlots(links, m, range);
    // A new config epoch makes this claim win over any stale one still gossiped about.
    await links.call(m, 'CLUSTER', 'BUMPEPOCH');
    result.actions.push(`slots ${formatRanges(ranges)}: assigned to ${describeNode(m)}`);
  }
  for (const { slot, holders } of contested) {
    const owner = holders[0].node;
    for (const { node } of holders.slice(1)) {
      // Told the owner first (it would not have heard by gossip yet), then importing, the other holder serves the
      // slot to ASKING clients, so its keys can be MIGRATEd away.
      await links.call(node, 'CLUSTER', 'SETSLOT', slot, 'NODE', owner.id);
      await links.call(node, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', owner.id);
      const keys = await migrateSlotKeys(links, node, owner, slot, options, true);
      await links.call(node, 'CLUSTER', 'SETSLOT', slot, 'STABLE');
      result.keys += keys;
      result.actions.push(`slot ${slot}: moved ${keys} keys from ${describeNode(node)} to ${describeNode(owner)}`);
    }
  }
}

/** Waits until no node has an open slot and every node maps every slot to the same master. */
async function waitForAgreement(links: NodeLinks, states: NodeState[], timeoutMs: number): Promise<void> {
  await waitUntil(
    'every node to agree on the repaired slot map',
    async () => {
      const views = await Promise.all(states.map((s) => links.nodes(s.entry)));
      const first = slotOwners(views[0]);
      for (const view of views) {
        if ((view.find((v) => v.myself)?.openSlots.length ?? 0) > 0) return false;
        const owners = slotOwners(view);
        for (let s = 0; s < SLOT_COUNT; s++) if (owners[s] === undefined || owners[s] !== first[s]) return false;
      }
      return true;
    },
    timeoutMs,
  );
}
