/** HyperLogLog commands: PFADD, PFCOUNT, PFMERGE (several keys: one slot in a cluster). */

import { ALL_KEYS, defineCommand, FIRST_KEY, flatten, IDEMPOTENT, listArg, READ_ONLY, WRITE } from './define.js';
import { asInt, asOk } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

/** redis-py's `pfadd(name, *values)`: values spread or as one array; none at all creates an empty HyperLogLog. */
export const PFADD = defineCommand({
  name: 'PFADD',
  maxArgs: 'variadic',
  build: (name: KeyArg, ...values: Array<ValueArg | readonly ValueArg[]>) => ['PFADD', name, ...flatten(values)],
  // 1 when the estimate changed, else 0: an integer, as redis-py returns it.
  transform: asInt,
  keys: FIRST_KEY,
  // A repetition answers 0.
  flags: WRITE,
});

/** redis-py's `pfcount(*sources)`: the estimated cardinality of the union of the HyperLogLogs. */
export const PFCOUNT = defineCommand({
  name: 'PFCOUNT',
  maxArgs: 'variadic',
  build: (...sources: Array<KeyArg | readonly KeyArg[]>) => ['PFCOUNT', ...listArg('PFCOUNT', 'key', sources)],
  transform: asInt,
  keys: ALL_KEYS,
  flags: READ_ONLY,
  sameSlot: true,
});

/** redis-py's `pfmerge(dest, *sources)`: true. */
export const PFMERGE = defineCommand({
  name: 'PFMERGE',
  maxArgs: 'variadic',
  build: (dest: KeyArg, ...sources: Array<KeyArg | readonly KeyArg[]>) => ['PFMERGE', dest, ...flatten(sources)],
  transform: asOk,
  keys: ALL_KEYS,
  // A union: merging the same sources again changes nothing.
  flags: IDEMPOTENT,
  sameSlot: true,
});

export const hyperloglogCommands = {
  /** PFADD: adds `values` to the HyperLogLog `name`; 1 when its estimate changed, else 0. */
  pfadd: PFADD,
  /** PFCOUNT: the approximate number of distinct elements in the union of `sources` (one slot in a cluster). */
  pfcount: PFCOUNT,
  /** PFMERGE: merges `sources` into `dest` (all in one slot in a cluster); true. */
  pfmerge: PFMERGE,
};
