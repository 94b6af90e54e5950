/** Publishing and pub/sub introspection. Subscribing is not a command method: see `pubsub()` (src/client/pubsub.ts). */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, FIRST_KEY, flatten, READ_ONLY, WRITE } from './define.js';
import { asBulkArray, asInt, asInteger, entries } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** PUBSUB NUMSUB's `[channel, count, …]` (a map in RESP3) as `[channel, count]` pairs, as redis-py returns it. */
function asChannelCounts(reply: RespValue): Array<[Bulk, number]> {
  return entries(reply).map(([channel, count]) => [channel as unknown as Bulk, asInteger(count)]);
}

const withPattern = (base: RedisArg[], pattern?: KeyArg | null): RedisArg[] =>
  pattern === undefined || pattern === null ? base : [...base, pattern];

const channelList = (command: string, channels: ReadonlyArray<KeyArg | readonly KeyArg[]>): KeyArg[] => {
  const list = flatten<KeyArg>(channels as Array<KeyArg | KeyArg[]>);
  for (const channel of list) {
    if (typeof channel !== 'string' && typeof channel !== 'number' && !Buffer.isBuffer(channel)) {
      throw new DataError(`${command}: channels are strings or Buffers`);
    }
  }
  return list;
};

/** PUBLISH: how many clients received the message. In a cluster any node broadcasts it to the whole cluster. */
export const PUBLISH = defineCommand({
  name: 'PUBLISH',
  maxArgs: 2,
  build: (channel: KeyArg, message: ValueArg) => ['PUBLISH', channel, message],
  transform: asInt,
  flags: WRITE,
  route: 'random',
});

/** SPUBLISH: sharded publish; the channel hashes to a slot like a key, so the cluster routes it to the slot's owner. */
export const SPUBLISH = defineCommand({
  name: 'SPUBLISH',
  maxArgs: 2,
  build: (channel: KeyArg, message: ValueArg) => ['SPUBLISH', channel, message],
  transform: asInt,
  keys: FIRST_KEY,
  flags: WRITE,
});

/**
 * Channels with at least one subscriber (matching the glob `pattern`). A cluster client may be subscribed through any
 * node: every node is asked and the distinct channels come back.
 */
export const PUBSUB_CHANNELS = defineCommand({
  name: 'PUBSUB CHANNELS',
  maxArgs: 1,
  build: (pattern?: KeyArg | null) => withPattern(['PUBSUB', 'CHANNELS'], pattern),
  transform: asBulkArray,
  flags: READ_ONLY,
  route: 'all-union',
});

/** Shard channels with at least one subscriber (matching `pattern`); in a cluster from every node, distinct. */
export const PUBSUB_SHARDCHANNELS = defineCommand({
  name: 'PUBSUB SHARDCHANNELS',
  maxArgs: 1,
  build: (pattern?: KeyArg | null) => withPattern(['PUBSUB', 'SHARDCHANNELS'], pattern),
  transform: asBulkArray,
  flags: READ_ONLY,
  route: 'all-union',
});

/** Subscribers per channel; in a cluster the counts of every node added up. */
export const PUBSUB_NUMSUB = defineCommand({
  name: 'PUBSUB NUMSUB',
  maxArgs: 'variadic',
  build: (...channels: Array<KeyArg | readonly KeyArg[]>) => [
    'PUBSUB',
    'NUMSUB',
    ...channelList('PUBSUB NUMSUB', channels),
  ],
  transform: asChannelCounts,
  flags: READ_ONLY,
  route: 'all-pair-sum',
});

/** Subscribers per shard channel; in a cluster the counts of every node added up. */
export const PUBSUB_SHARDNUMSUB = defineCommand({
  name: 'PUBSUB SHARDNUMSUB',
  maxArgs: 'variadic',
  build: (...channels: Array<KeyArg | readonly KeyArg[]>) => [
    'PUBSUB',
    'SHARDNUMSUB',
    ...channelList('PUBSUB SHARDNUMSUB', channels),
  ],
  transform: asChannelCounts,
  flags: READ_ONLY,
  route: 'all-pair-sum',
});

/** Pattern subscriptions; in a cluster summed over every node. */
export const PUBSUB_NUMPAT = defineCommand({
  name: 'PUBSUB NUMPAT',
  maxArgs: 0,
  build: () => ['PUBSUB', 'NUMPAT'],
  transform: asInt,
  flags: READ_ONLY,
  route: 'all-sum',
});

export const pubsubCommands = {
  /** PUBLISH: sends `message` on `channel`; how many clients received it (on the receiving node, in a cluster). */
  publish: PUBLISH,
  /** SPUBLISH: sends `message` on the shard channel `channel` (its slot's owner); how many clients received it. */
  spublish: SPUBLISH,
  /** PUBSUB CHANNELS: the active channels, or those matching the glob `pattern` (of every node, in a cluster). */
  pubsub_channels: PUBSUB_CHANNELS,
  /** PUBSUB NUMSUB: `[channel, subscriber count]` pairs for the given `channels` (added up over a cluster's nodes). */
  pubsub_numsub: PUBSUB_NUMSUB,
  /** PUBSUB NUMPAT: the number of pattern subscriptions (summed over a cluster's nodes). */
  pubsub_numpat: PUBSUB_NUMPAT,
  /** PUBSUB SHARDCHANNELS: the active shard channels, or those matching the glob `pattern` (of every node). */
  pubsub_shardchannels: PUBSUB_SHARDCHANNELS,
  /** PUBSUB SHARDNUMSUB: `[shard channel, subscriber count]` pairs for the given `channels` (added up over nodes). */
  pubsub_shardnumsub: PUBSUB_SHARDNUMSUB,
};
