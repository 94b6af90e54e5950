/**
 * strict-redis: redis-py's StrictRedis and StrictRedisCluster, for TypeScript.
 * @packageDocumentation
 */

export type { CamelCaseRedisOptions, ClientOptions, RedisOptions, RetryOptions } from './client/options.js';
export { type ExecuteOptions, Pipeline, type PipelineOptions } from './client/pipeline.js';
export {
  type ChannelArg,
  type GetMessageOptions,
  type MessageHandler,
  MessageStream,
  PubSub,
  type PubSubMessage,
  type PubSubOptions,
} from './client/pubsub.js';
export type { CollectionScanOptions, ScanIterOptions } from './client/scan-iterators.js';
export {
  type ClientEvents,
  ConnectionClient,
  StrictRedis,
  type StrictRedisConstructor,
  type TransactionOptions,
} from './client/strict-redis.js';
export type { NatMap, NodeAddress } from './cluster/address-map.js';
export {
  type ClusterCommandMethods,
  type ClusterEvents,
  type ExecuteCommandOptions,
  StrictRedisCluster,
  type StrictRedisClusterConstructor,
  type TargetNodes,
} from './cluster/cluster-client.js';
export type { ClusterOptions, ReadFrom, StartupNode } from './cluster/cluster-options.js';
export { ClusterPipeline, type ClusterPipelineOptions } from './cluster/cluster-pipeline.js';
export { ClusterPubSub } from './cluster/cluster-pubsub.js';
export { crc16, keySlot } from './cluster/slot.js';
export type { Mapping } from './commands/define.js';
export type { ExpireOptions, KeyType } from './commands/keys.js';
export type { CommandMethods, MethodOverrides } from './commands/methods.js';
export type { FlushOptions } from './commands/server.js';
export type { ScoreMapping, ZaddOptions, ZrangeByScoreOptions, ZrangeOptions } from './commands/sorted-sets.js';
export type { SetOptions } from './commands/strings.js';
export type { InfoSections, InfoValue } from './commands/transforms.js';
export type { KeyArg, ScoreArg, ValueArg } from './commands/types.js';
export * from './errors.js';
export type { RedisArg } from './protocol/encoder.js';
export type { RespValue } from './protocol/types.js';
