/** Generic key commands. */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import { ALL_KEYS, atLeastOne, defineCommand, FIRST_KEY, flatten, IDEMPOTENT, READ_ONLY } from './define.js';
import { asBoolean, asBulkArray, asInteger, asStatus } from './transforms.js';
import type { KeyArg } from './types.js';

/** Conditions for EXPIRE and friends (Redis 7.0+): only if no expiry, has one, greater or less than the current one. */
export interface ExpireOptions {
  nx?: boolean;
  xx?: boolean;
  gt?: boolean;
  lt?: boolean;
}

export function expireConditionArgs(command: string, options: ExpireOptions = {}): RedisArg[] {
  const set = (['nx', 'xx', 'gt', 'lt'] as const).filter((o) => options[o]);
  if (set.length > 1) throw new DataError(`${command} takes only one of nx, xx, gt and lt`);
  return set.length === 1 ? [set[0].toUpperCase()] : [];
}

export type KeyType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream' | 'none';

const keyList = (command: string, names: ReadonlyArray<KeyArg | readonly KeyArg[]>) =>
  atLeastOne(command, 'key', flatten(names));

export const KEYS = defineCommand({
  name: 'KEYS',
  build: (pattern: KeyArg = '*') => ['KEYS', pattern],
  transform: asBulkArray,
  flags: READ_ONLY,
  route: 'primaries-concat',
});

export const EXISTS = defineCommand({
  name: 'EXISTS',
  build: (...names: Array<KeyArg | readonly KeyArg[]>) => ['EXISTS', ...keyList('EXISTS', names)],
  transform: asInteger,
  keys: ALL_KEYS,
  flags: READ_ONLY,
  split: { stride: 1, merge: 'sum' },
});

export const TYPE = defineCommand({
  name: 'TYPE',
  build: (name: KeyArg) => ['TYPE', name],
  transform: (reply: never) => asStatus(reply) as KeyType,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const DEL = defineCommand({
  name: 'DEL',
  build: (...names: Array<KeyArg | readonly KeyArg[]>) => ['DEL', ...keyList('DEL', names)],
  transform: asInteger,
  keys: ALL_KEYS,
  flags: IDEMPOTENT,
  split: { stride: 1, merge: 'sum' },
});

export const EXPIRE = defineCommand({
  name: 'EXPIRE',
  build: (name: KeyArg, seconds: number, options?: ExpireOptions) => [
    'EXPIRE',
    name,
    seconds,
    ...expireConditionArgs('EXPIRE', options),
  ],
  transform: asBoolean,
  keys: FIRST_KEY,
  // A relative expiry restarts the clock when repeated: not an absolute state.
  flags: 0,
});

export const TTL = defineCommand({
  name: 'TTL',
  build: (name: KeyArg) => ['TTL', name],
  transform: asInteger,
  keys: FIRST_KEY,
  flags: READ_ONLY,
});

export const keyCommands = {
  keys: KEYS,
  exists: EXISTS,
  type: TYPE,
  delete: DEL,
  del: DEL,
  expire: EXPIRE,
  ttl: TTL,
};
