/** Set commands. */
import { atLeastOne, defineCommand, FIRST_KEY, flatten, IDEMPOTENT, READ_ONLY } from './define.js';
import { asInteger, asSet } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

const members = (command: string, items: ReadonlyArray<ValueArg | readonly ValueArg[]>) =>
  atLeastOne(command, 'member', flatten(items));

export const SADD = defineCommand({
  name: 'SADD',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => ['SADD', name, ...members('SADD', items)],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const SREM = defineCommand({
  name: 'SREM',
  build: (name: KeyArg, ...items: Array<ValueArg | readonly ValueArg[]>) => ['SREM', name, ...members('SREM', items)],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const SMEMBERS = defineCommand({
  name: 'SMEMBERS',
  build: (name: KeyArg) => ['SMEMBERS', name],
  transform: asSet,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const setCommands = {
  sadd: SADD,
  srem: SREM,
  smembers: SMEMBERS,
};
