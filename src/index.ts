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
export { registerScript, type Script, type ScriptCall } from './client/script.js';
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
export type { ClusterManagementMethods } from './cluster/cluster-management.js';
export type { ClusterNodeApi, GetNodeOptions } from './cluster/cluster-node-api.js';
export type { ClusterOnlyOptions, ClusterOptions, ReadFrom, StartupNode } from './cluster/cluster-options.js';
export { ClusterPipeline, type ClusterPipelineOptions } from './cluster/cluster-pipeline.js';
export { ClusterPubSub } from './cluster/cluster-pubsub.js';
export type { TransactionCallback } from './cluster/cluster-transaction.js';
export type {
  ClusterNodeInfo,
  MultiNodeTarget,
  NodeAddressArg,
  NodeFlag,
  PerTarget,
} from './cluster/node-targets.js';
export { crc16, keySlot } from './cluster/slot.js';
export type { SlotArg } from './commands/cluster-args.js';
export type {
  ClusterInfo,
  ClusterLink,
  ClusterNodeDetail,
  ClusterNodeMigration,
  ClusterNodes,
  ClusterShard,
  ClusterShardNode,
  ClusterSlotOwners,
  ClusterSlots,
} from './commands/cluster-replies.js';
export type { Mapping } from './commands/define.js';
export type { HscanOptions } from './commands/hashes.js';
export type {
  CopyOptions,
  ExpireOptions,
  KeyType,
  ObjectInfoType,
  RestoreOptions,
  ScanOptions,
  SortOptions,
} from './commands/keys.js';
export type { ListEnd, ListSide, LposOptions } from './commands/lists.js';
export type { CommandMethods, MethodOverrides } from './commands/methods.js';
export type { FlushMode, FunctionLoadOptions } from './commands/scripting.js';
export type { ClientInfo, ClientKillFilter, ClientListOptions, FlushOptions } from './commands/server.js';
export type { ScanOptions as SscanOptions, SintercardOptions } from './commands/sets.js';
export type {
  Aggregate,
  LimitOptions,
  WeightedKeys,
  WithScoresOption,
  ZcombineOptions,
  ZrangeByScoreOptions,
  ZrangeOptions,
  ZrangestoreOptions,
  ZstoreOptions,
} from './commands/sorted-set-ranges.js';
export type { ScoreMapping, ZaddOptions, ZmpopOptions } from './commands/sorted-sets.js';
export type {
  PendingEntry,
  PendingSummary,
  XautoclaimOptions,
  XclaimOptions,
  XgroupCreateOptions,
  XpendingRangeOptions,
  XreadgroupOptions,
} from './commands/stream-groups.js';
export type {
  PendingStreamEntry,
  StreamEntry,
  StreamId,
  StreamInfo,
  StreamInfoNested,
  StreamInfoValue,
  StreamOffsets,
  StreamReadReply,
  StreamTrimOptions,
  XaddOptions,
  XrangeOptions,
  XreadOptions,
} from './commands/streams.js';
export type { GetexOptions, LcsOptions, SetOptions } from './commands/strings.js';
export type { InfoSections, InfoValue } from './commands/transforms.js';
export type { Bulk, KeyArg, Resolve, ScoreArg, ValueArg } from './commands/types.js';
export * from './errors.js';
export type { RedisArg } from './protocol/encoder.js';
export type { DecoderLimits, RespMap, RespSet, RespValue } from './protocol/types.js';
