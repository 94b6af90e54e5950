/** List commands. */
import { DataError } from '../errors.js';
import { atLeastOne, defineCommand, FIRST_KEY, flatten, IDEMPOTENT, READ_ONLY, WRITE } from './define.js';
import { asBulkArray, asInteger, asOk } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

const values = (command: string, items: ReadonlyArray<ValueArg | readonly ValueArg[]>) =>
  atLeastOne(command, 'value', flatten(items));

export const LPUSH = defineCommand({
  name: 'LPUSH',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => ['LPUSH', name, ...values('LPUSH', items)],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const RPUSH = defineCommand({
  name: 'RPUSH',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => ['RPUSH', name, ...values('RPUSH', items)],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export type ListSide = 'BEFORE' | 'AFTER' | 'before' | 'after';

export const LINSERT = defineCommand({
  name: 'LINSERT',
  build: (name: KeyArg, where: ListSide, pivot: ValueArg, value: ValueArg) => {
    const side = typeof where === 'string' ? where.toUpperCase() : where;
    if (side !== 'BEFORE' && side !== 'AFTER') throw new DataError("LINSERT's where must be 'BEFORE' or 'AFTER'");
    return ['LINSERT', name, side, pivot, value];
  },
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const LRANGE = defineCommand({
  name: 'LRANGE',
  build: (name: KeyArg, start: number, end: number) => ['LRANGE', name, start, end],
  transform: asBulkArray,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const LSET = defineCommand({
  name: 'LSET',
  build: (name: KeyArg, index: number, value: ValueArg) => ['LSET', name, index, value],
  transform: asOk,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const LREM = defineCommand({
  name: 'LREM',
  build: (name: KeyArg, count: number, value: ValueArg) => ['LREM', name, count, value],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: WRITE,
});

export const listCommands = {
  lpush: LPUSH,
  rpush: RPUSH,
  linsert: LINSERT,
  lrange: LRANGE,
  lset: LSET,
  lrem: LREM,
};
