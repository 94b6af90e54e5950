/** Argument checks of the CLUSTER commands: slots, counts, node ids and enumerated words, DataError naming the command. */
import { DataError } from '../errors.js';
import { flatten } from './define.js';

/** A hash slot: an integer from 0 to 16383 (a decimal string too, as redis-py accepts). */
export type SlotArg = number | string;

export function wholeNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Checks a slot number and hands it on; DataError naming the command otherwise. */
export function slotNumber(command: string, slot: unknown): number {
  const n = wholeNumber(slot);
  if (n === undefined || n > 16383) throw new DataError(`${command}: a slot is an integer from 0 to 16383`);
  return n;
}

export function slotList(command: string, slots: ReadonlyArray<SlotArg | readonly SlotArg[]>): number[] {
  const list = flatten(slots).map((slot) => slotNumber(command, slot));
  if (list.length === 0) throw new DataError(`${command} needs at least one slot`);
  return list;
}

/** `start, end, start, end…` ranges: an even number of slots, each range in order. */
export function slotRanges(command: string, slots: ReadonlyArray<SlotArg | readonly SlotArg[]>): number[] {
  const list = slotList(command, slots);
  if (list.length % 2 !== 0) throw new DataError(`${command} takes start and end slots in pairs`);
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] > list[i + 1]) throw new DataError(`${command}: a range's start slot is after its end slot`);
  }
  return list;
}

export function count(command: string, what: string, value: unknown): number {
  const n = wholeNumber(value);
  if (n === undefined) throw new DataError(`${command}: ${what} must be a non-negative integer`);
  return n;
}

export function nodeId(command: string, id: unknown): string | Buffer {
  if ((typeof id === 'string' && id.length > 0) || Buffer.isBuffer(id)) return id;
  throw new DataError(`${command} needs a node id (a non-empty string)`);
}

/** One of `choices`, given as a string or Buffer in any case; DataError otherwise. */
export function choice<T extends string>(command: string, what: string, value: unknown, choices: readonly T[]): T {
  const upper = typeof value === 'string' || Buffer.isBuffer(value) ? value.toString().toUpperCase() : undefined;
  const found = choices.find((c) => c === upper);
  if (found === undefined) throw new DataError(`${command}: ${what} must be one of ${choices.join(', ')}`);
  return found;
}
