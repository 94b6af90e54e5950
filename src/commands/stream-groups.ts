/** Stream consumer groups: XREADGROUP, XGROUP and XACK (pending lists and claims have a file of their own). */
import { optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import { BLOCKING, defineCommand, FIRST_KEY, IDEMPOTENT, listArg, WRITE } from './define.js';
import { streamClaimCommands } from './stream-claims.js';
import {
  asStreamRead,
  blockMs,
  GROUP_KEY,
  readArgs,
  type StreamId,
  type StreamOffsets,
  streamKeysAfter,
  streamsArgs,
  type XreadOptions,
} from './stream-entries.js';
import { asBoolean, asInt, asOk } from './transforms.js';
import type { KeyArg, ValueArg } from './types.js';

/** Options of XREADGROUP. */
export interface XreadgroupOptions extends XreadOptions {
  /** Do not add the delivered entries to the pending list. */
  noack?: boolean;
}

export const XREADGROUP = defineCommand({
  name: 'XREADGROUP',
  maxArgs: 4,
  options: optionKeys<XreadgroupOptions>({ count: true, block: true, noack: true }),
  build: (groupname: ValueArg, consumername: ValueArg, streams: StreamOffsets, options: XreadgroupOptions = {}) => {
    const args: RedisArg[] = ['XREADGROUP', 'GROUP', groupname, consumername, ...readArgs('XREADGROUP', options)];
    if (options.noack) args.push('NOACK');
    args.push(...streamsArgs('XREADGROUP', streams));
    return args;
  },
  transform: asStreamRead,
  keys: streamKeysAfter(4),
  // Delivering entries moves the group's cursor: a resend would deliver different entries.
  flags: WRITE | BLOCKING,
  blockingTimeoutMs: (_g: ValueArg, _c: ValueArg, _s: StreamOffsets, options?: XreadgroupOptions) => blockMs(options),
  sameSlot: true,
});

/** Options of XGROUP CREATE. */
export interface XgroupCreateOptions {
  /** Create the stream (empty) when it does not exist. */
  mkstream?: boolean;
  /** The group's entries-read counter (ENTRIESREAD, Redis 7). */
  entries_read?: number;
}

export const XGROUP_CREATE = defineCommand({
  name: 'XGROUP CREATE',
  maxArgs: 4,
  options: optionKeys<XgroupCreateOptions>({ mkstream: true, entries_read: true }),
  build: (name: KeyArg, groupname: ValueArg, id: StreamId = '$', options: XgroupCreateOptions = {}) => {
    const args: RedisArg[] = ['XGROUP', 'CREATE', name, groupname, id];
    if (options.mkstream) args.push('MKSTREAM');
    if (options.entries_read !== undefined) args.push('ENTRIESREAD', options.entries_read);
    return args;
  },
  transform: asOk,
  keys: GROUP_KEY,
  // A resend after a lost reply would fail with BUSYGROUP although the group was created.
  flags: WRITE,
});

export const XGROUP_DESTROY = defineCommand({
  name: 'XGROUP DESTROY',
  maxArgs: 2,
  build: (name: KeyArg, groupname: ValueArg) => ['XGROUP', 'DESTROY', name, groupname],
  transform: asBoolean,
  keys: GROUP_KEY,
  flags: IDEMPOTENT,
});

function consumerCommand(sub: 'CREATECONSUMER' | 'DELCONSUMER') {
  return defineCommand({
    name: `XGROUP ${sub}`,
    maxArgs: 3,
    build: (name: KeyArg, groupname: ValueArg, consumername: ValueArg) => [
      'XGROUP',
      sub,
      name,
      groupname,
      consumername,
    ],
    transform: asInt,
    keys: GROUP_KEY,
    flags: IDEMPOTENT,
  });
}

export const XGROUP_CREATECONSUMER = consumerCommand('CREATECONSUMER');
export const XGROUP_DELCONSUMER = consumerCommand('DELCONSUMER');

/** Options of XGROUP SETID. */
export interface XgroupSetidOptions {
  /** The group's entries-read counter (ENTRIESREAD, Redis 7). */
  entries_read?: number;
}

export const XGROUP_SETID = defineCommand({
  name: 'XGROUP SETID',
  maxArgs: 4,
  options: optionKeys<XgroupSetidOptions>({ entries_read: true }),
  build: (name: KeyArg, groupname: ValueArg, id: StreamId, options: XgroupSetidOptions = {}) => {
    const args: RedisArg[] = ['XGROUP', 'SETID', name, groupname, id];
    if (options.entries_read !== undefined) args.push('ENTRIESREAD', options.entries_read);
    return args;
  },
  transform: asOk,
  keys: GROUP_KEY,
  flags: IDEMPOTENT,
});

export const XACK = defineCommand({
  name: 'XACK',
  maxArgs: 'variadic',
  build: (name: KeyArg, groupname: ValueArg, ...ids: Array<StreamId | readonly StreamId[]>) => [
    'XACK',
    name,
    groupname,
    ...listArg('XACK', 'ID', ids),
  ],
  transform: asInt,
  keys: FIRST_KEY,
  flags: IDEMPOTENT,
});

export const streamGroupCommands = {
  /** XREADGROUP: {@link xread} as `consumername` of `groupname` (`'>'`: new entries; `noack`); `{}` if none. */
  xreadgroup: XREADGROUP,
  /** XGROUP CREATE: creates `groupname` at `id` (default `'$'`; `mkstream`, `entries_read`); true. */
  xgroup_create: XGROUP_CREATE,
  /** Alias of {@link xgroup_create}. */
  xgroupCreate: XGROUP_CREATE,
  /** XGROUP DESTROY: destroys `groupname` of the stream `name`; true if it existed. */
  xgroup_destroy: XGROUP_DESTROY,
  /** Alias of {@link xgroup_destroy}. */
  xgroupDestroy: XGROUP_DESTROY,
  /** XGROUP CREATECONSUMER: creates `consumername` in `groupname`; 1 if created, 0 if it existed. */
  xgroup_createconsumer: XGROUP_CREATECONSUMER,
  /** Alias of {@link xgroup_createconsumer}. */
  xgroupCreateconsumer: XGROUP_CREATECONSUMER,
  /** XGROUP DELCONSUMER: deletes `consumername` from `groupname`; how many pending entries it had. */
  xgroup_delconsumer: XGROUP_DELCONSUMER,
  /** Alias of {@link xgroup_delconsumer}. */
  xgroupDelconsumer: XGROUP_DELCONSUMER,
  /** XGROUP SETID: sets the last delivered ID of `groupname` to `id` (`entries_read` optional); true. */
  xgroup_setid: XGROUP_SETID,
  /** Alias of {@link xgroup_setid}. */
  xgroupSetid: XGROUP_SETID,
  /** XACK: acknowledges the given IDs in `groupname` (arguments or one array); how many were acknowledged. */
  xack: XACK,
  ...streamClaimCommands,
};
