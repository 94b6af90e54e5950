/** Publishing and pub/sub introspection. Subscribing is not a command method: see `pubsub()` (src/client/pubsub.ts). */
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { defineCommand, FIRST_KEY, READ_ONLY, WRITE } from './define.js';
import { asBulkArray, asInt, asInteger } from './transforms.js';
import type { Bulk, KeyArg, ValueArg } from './types.js';

/** PUBSUB NUMSUB's flat `[channel, count, …]` as `[channel, count]` pairs, as redis-py returns it. */
function asChannelCounts(reply: RespValue): Array<[Bulk, number]> {
  const items = Array.isArray(reply) ? reply : [];
  const out: Array<[Bulk, number]> = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i] as unknown as Bulk, asInteger(items[i + 1])]);
  return out;
}

const withPattern = (base: RedisArg[], pattern?: KeyArg): RedisArg[] =>
  pattern === undefined ? base : [...base, pattern];

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

export const PUBSUB_CHANNELS = defineCommand({
  name: 'PUBSUB CHANNELS',
  maxArgs: 1,
  build: (pattern?: KeyArg) => withPattern(['PUBSUB', 'CHANNELS'], pattern),
  transform: asBulkArray,
  flags: READ_ONLY,
  route: 'random',
});

export const PUBSUB_SHARDCHANNELS = defineCommand({
  name: 'PUBSUB SHARDCHANNELS',
  maxArgs: 1,
  build: (pattern?: KeyArg) => withPattern(['PUBSUB', 'SHARDCHANNELS'], pattern),
  transform: asBulkArray,
  flags: READ_ONLY,
  route: 'random',
});

export const PUBSUB_NUMSUB = defineCommand({
  name: 'PUBSUB NUMSUB',
  maxArgs: 'variadic',
  build: (...channels: KeyArg[]) => ['PUBSUB', 'NUMSUB', ...channels],
  transform: asChannelCounts,
  flags: READ_ONLY,
  route: 'random',
});

export const PUBSUB_NUMPAT = defineCommand({
  name: 'PUBSUB NUMPAT',
  maxArgs: 0,
  build: () => ['PUBSUB', 'NUMPAT'],
  transform: asInt,
  flags: READ_ONLY,
  route: 'random',
});

export const pubsubCommands = {
  /** PUBLISH: sends `message` on `channel`; how many clients received it (on the receiving node, in a cluster). */
  publish: PUBLISH,
  /** SPUBLISH: sends `message` on the shard channel `channel` (its slot's owner); how many clients received it. */
  spublish: SPUBLISH,
  /** PUBSUB CHANNELS: the active channels, or those matching the glob `pattern` (one node's, in a cluster). */
  pubsub_channels: PUBSUB_CHANNELS,
  /** PUBSUB NUMSUB: `[channel, subscriber count]` pairs for the given `channels` (one node's, in a cluster). */
  pubsub_numsub: PUBSUB_NUMSUB,
  /** PUBSUB NUMPAT: the number of pattern subscriptions (one node's, in a cluster). */
  pubsub_numpat: PUBSUB_NUMPAT,
  /** PUBSUB SHARDCHANNELS: the active shard channels, or those matching the glob `pattern` (one node's). */
  pubsub_shardchannels: PUBSUB_SHARDCHANNELS,
};
