/** Parsing of `CLUSTER NODES` text: who is who, which slots each master serves, which slots are half-moved. */

/** An inclusive range of slots. */
export type SlotRange = [start: number, end: number];

/** A slot a node is migrating or importing. */
export interface OpenSlot {
  slot: number;
  /** `migrating`: this node is sending the slot to `peer`; `importing`: it receives it from `peer`. */
  state: 'migrating' | 'importing';
  peer: string;
}

/** One line of CLUSTER NODES. */
export interface NodeEntry {
  id: string;
  host: string;
  port: number;
  flags: string[];
  /** Master's id for a replica, undefined for a master. */
  masterId: string | undefined;
  configEpoch: number;
  linkState: string;
  slots: SlotRange[];
  /** Only the reporting node's own line (`myself`) carries open slots. */
  openSlots: OpenSlot[];
  myself: boolean;
  role: 'master' | 'replica';
  /** `fail` (agreed) or `fail?` (suspected by the reporter). */
  failed: boolean;
  handshake: boolean;
}

export const SLOT_COUNT = 16384;

function parseAddress(text: string): { host: string; port: number } {
  // ip:port@cport[,hostname]; IPv6 hosts contain colons, so split at the last one before '@'.
  const at = text.indexOf('@');
  const hostPort = at < 0 ? text : text.slice(0, at);
  const colon = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)) };
}

/** Parses CLUSTER NODES text. */
export function parseClusterNodes(text: string): NodeEntry[] {
  const entries: NodeEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length < 8) continue;
    const [id, address, flagText, master, , , epoch, linkState, ...slotParts] = parts;
    const flags = flagText.split(',');
    const slots: SlotRange[] = [];
    const openSlots: OpenSlot[] = [];
    for (const part of slotParts) {
      if (part.startsWith('[')) {
        const migrating = part.indexOf('->-');
        const importing = part.indexOf('-<-');
        const cut = migrating >= 0 ? migrating : importing;
        openSlots.push({
          slot: Number(part.slice(1, cut)),
          state: migrating >= 0 ? 'migrating' : 'importing',
          peer: part.slice(cut + 3, -1),
        });
      } else if (part.length > 0) {
        const dash = part.indexOf('-');
        const start = Number(dash < 0 ? part : part.slice(0, dash));
        slots.push([start, dash < 0 ? start : Number(part.slice(dash + 1))]);
      }
    }
    const { host, port } = parseAddress(address);
    entries.push({
      id,
      host,
      port,
      flags,
      masterId: master === '-' ? undefined : master,
      configEpoch: Number(epoch),
      linkState,
      slots,
      openSlots,
      myself: flags.includes('myself'),
      role: flags.includes('slave') ? 'replica' : 'master',
      failed: flags.includes('fail') || flags.includes('fail?'),
      handshake: flags.includes('handshake') || flags.includes('noaddr'),
    });
  }
  return entries;
}

export function slotCount(ranges: readonly SlotRange[]): number {
  return ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** Every slot of the ranges, in order. */
export function expandSlots(ranges: readonly SlotRange[]): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

/** Sorted slot numbers compacted into ranges. */
export function toRanges(slots: readonly number[]): SlotRange[] {
  const sorted = [...slots].sort((a, b) => a - b);
  const out: SlotRange[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s === last[1] + 1) last[1] = s;
    else if (last === undefined || s > last[1]) out.push([s, s]);
  }
  return out;
}

/** Slot → owner id, as one node sees it (index = slot; undefined = not covered). */
export function slotOwners(entries: readonly NodeEntry[]): Array<string | undefined> {
  const owners = new Array<string | undefined>(SLOT_COUNT).fill(undefined);
  for (const e of entries) {
    if (e.role !== 'master') continue;
    for (const [a, b] of e.slots) for (let s = a; s <= b; s++) owners[s] = e.id;
  }
  return owners;
}

/** Slot ranges as text: `0-5460 10923`. */
export function formatRanges(ranges: readonly SlotRange[]): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}
