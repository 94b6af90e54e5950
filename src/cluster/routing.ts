/** Which slot a command goes to, from the key positions of its declaration. */
import { keyIndexes } from '../commands/define.js';
import type { KeyPositions } from '../commands/types.js';
import { CrossSlotError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import { keySlot, SLOT_COUNT } from './slot.js';

export { keyIndexes };

/** The slot a command naming a slot (see `CommandSpec.slotArg`) goes to; -1 when these arguments name none. */
function namedSlot(slotArg: number | ((args: readonly RedisArg[]) => number), args: readonly RedisArg[]): number {
  const index = typeof slotArg === 'number' ? slotArg : slotArg(args);
  if (index < 0 || index >= args.length) return -1;
  const slot = Number(args[index]);
  return Number.isInteger(slot) && slot >= 0 && slot < SLOT_COUNT ? slot : -1;
}

/**
 * The one slot all keys of the command hash to (or the slot it names, for `slotArg` commands); -1 for a keyless
 * command.
 * @throws CrossSlotError when the keys span slots (checked before anything is sent).
 */
export function commandSlot(
  keys: KeyPositions | undefined,
  args: readonly RedisArg[],
  slotArg?: number | ((args: readonly RedisArg[]) => number),
): number {
  if (slotArg !== undefined) return namedSlot(slotArg, args);
  if (keys === undefined) return -1;
  // The common single-key case without allocating the index list.
  if (typeof keys !== 'function' && keys.first === 1 && keys.last === 1) {
    return args.length > 1 ? keySlot(args[1]) : -1;
  }
  const indexes = keyIndexes(keys, args);
  if (indexes.length === 0) return -1;
  const slot = keySlot(args[indexes[0]]);
  for (let i = 1; i < indexes.length; i++) {
    if (keySlot(args[indexes[i]]) !== slot) {
      throw new CrossSlotError(
        `${String(args[0]).toUpperCase()}: keys hash to different slots; use hash tags ({…}) to keep them together`,
      );
    }
  }
  return slot;
}

/** Groups key indexes by slot, keeping the caller's order inside each group. */
export function groupBySlot(indexes: readonly number[], args: readonly RedisArg[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const index of indexes) {
    const slot = keySlot(args[index]);
    const group = groups.get(slot);
    if (group === undefined) groups.set(slot, [index]);
    else group.push(index);
  }
  return groups;
}
