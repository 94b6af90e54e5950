/**
 * strict-redis: redis-py's StrictRedis and StrictRedisCluster, for TypeScript.
 * @packageDocumentation
 */

export type { CacheStats, ClientCache } from './client/cache/client-cache.js';
export type { CacheOptions } from './client/cache/options.js';
export type {
  CamelCaseConnectionManagementOptions,
  ConnectionManagementOptions,
  DnsLookup,
  RetryStrategy,
} from './client/connection-management.js';
export { Monitor, type MonitorEntry, type NextCommandOptions } from './client/monitor.js';
export type { CamelCaseRedisOptions, ClientOptions, RedisOptions, RetryOptions } from './client/options.js';
export {
  type ExecuteOptions,
  Pipeline,
  type PipelineKind,
  type PipelineOptions,
  type PipelineResults,
  type WatchingPipeline,
} from './client/pipeline.js';
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
  type NoWatchOptions,
  type OptionValue,
  type ReplyInteger,
  type ReplyString,
  StrictRedis,
  type StrictRedisConstructor,
} from './client/strict-redis.js';
export type { TransactionOptions } from './client/transaction.js';
export type { NatMap, NodeAddress } from './cluster/address-map.js';
export {
  type ClusterCommandMethods,
  type ClusterEvents,
  type ExecuteCommandOptions,
  type PerNodeMethods,
  StrictRedisCluster,
  type StrictRedisClusterConstructor,
  type TargetNodes,
} from './cluster/cluster-client.js';
export type { ClusterManagementMethods, ClusterTargetOption, Slots } from './cluster/cluster-management.js';
export type { ClusterNodeApi, GetNodeOptions } from './cluster/cluster-node-api.js';
export type { ClusterOnlyOptions, ClusterOptions, ReadFrom, StartupNode } from './cluster/cluster-options.js';
export { ClusterPipeline, type ClusterPipelineKind, type ClusterPipelineOptions } from './cluster/cluster-pipeline.js';
export { ClusterPubSub } from './cluster/cluster-pubsub.js';
export type { TransactionCallback } from './cluster/cluster-transaction.js';
export { PER_NODE_METHODS, type PerNodeMethod } from './cluster/fan-out.js';
export type {
  ClusterNodeInfo,
  MultiNodeTarget,
  NodeAddressArg,
  NodeFlag,
  PerTarget,
} from './cluster/node-targets.js';
export { crc16, keySlot } from './cluster/slot.js';
export type { FailoverMessage, RedirectionMessage, RefreshMessage } from './cluster/trace-events.js';
export type { AclLogEntry, AclUser } from './commands/acl.js';
export type { AclSetuserOptions, RuleArg } from './commands/acl-setuser.js';
export type { IntegerArg } from './commands/argument-checks.js';
export {
  BitFieldOperation,
  type BitfieldEncoding,
  type BitfieldOffset,
  type BitfieldOverflow,
  type BitfieldSubcommand,
  type BitfieldValue,
} from './commands/bitfield.js';
export type { Bit, BitOperation, BitRangeMode } from './commands/bitmaps.js';
export type { ClientKillFilter, ClientListOptions, ClientType } from './commands/client-commands.js';
export type { ClientInfo, ClientListEntry } from './commands/client-info.js';
export type { ClientPauseOptions, ClientUnblockOptions } from './commands/client-modes.js';
export type { ClientId, ClientTrackingInfo, ClientTrackingOptions } from './commands/client-tracking.js';
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
export type {
  CommandArgumentDoc,
  CommandDoc,
  CommandInfo,
  CommandListOptions,
  KeySpecification,
} from './commands/command-introspection.js';
// server administration
export type { ConfigValues, ModuleConfigs, ModuleInfo } from './commands/configuration.js';
export type { HelloInfo } from './commands/connection-commands.js';
export type { Mapping } from './commands/define.js';
export type {
  FunctionInfo,
  FunctionListOptions,
  FunctionLoadOptions,
  FunctionStats,
  LibraryInfo,
  RestorePolicy,
} from './commands/functions.js';
export type { GeoValues } from './commands/geo.js';
export type {
  GeoaddOptions,
  GeoNumber,
  GeoPosition,
  GeoradiusOptions,
  GeoradiusRoOptions,
  GeoSearchItem,
  GeoSort,
  GeosearchArea,
  GeosearchOptions,
  GeosearchstoreOptions,
  GeoUnit,
  GeoWithOptions,
} from './commands/geo-args.js';
export type { HrandfieldOptions, HscanOptions } from './commands/hashes.js';
export type { AbsoluteExpiry, ExpireOptions, Expiry, ExpiryOptions } from './commands/key-expiry.js';
export type { CopyOptions, KeyType, ObjectInfoType, RestoreOptions, ScanOptions } from './commands/keys.js';
export type { LcsIdxResult, LcsMatch, LcsOptions, LcsRange } from './commands/lcs.js';
export type { ListEnd, ListSide, LmpopOptions, LposOptions } from './commands/lists.js';
export type { DebugObject, MemoryStats, MemoryStatsValue } from './commands/memory.js';
export type {
  CommandMethods,
  GeoItem,
  GeoRadiusReply,
  GeoSearchReply,
  MethodOverrides,
  PipelineMethods,
  PromiseKind,
  ReplyKind,
  Returns,
} from './commands/methods.js';
export type {
  InfoFields,
  InfoScalar,
  InfoValue,
  LatencyHistogram,
  ServerInfo,
  SlowlogEntry,
} from './commands/observability.js';
export type { FlushOptions, ShutdownOptions } from './commands/persistence.js';
export type { FailoverOptions, MigrateOptions, RoleReply } from './commands/replication.js';
export type { FlushMode } from './commands/scripting.js';
export type { ScanOptions as SscanOptions, SintercardOptions } from './commands/sets.js';
export type { SortOptions, SortRoOptions } from './commands/sort.js';
export type {
  Aggregate,
  AggregateOption,
  WeightedKeys,
  ZintercardOptions,
  ZinterOptions,
  ZunionOptions,
} from './commands/sorted-set-algebra.js';
export type { ZmpopOptions } from './commands/sorted-set-pops.js';
export type {
  LimitOptions,
  ZrangeByScoreOptions,
  ZrangeOptions,
  ZrangestoreOptions,
  ZrevrangeOptions,
} from './commands/sorted-set-ranges.js';
export type { CastScore, ScoreCast, ScoreCastOption } from './commands/sorted-set-scores.js';
export type {
  ScoreMapping,
  WithScoresOption,
  ZaddOptions,
  ZrankOptions,
  ZscanOptions,
} from './commands/sorted-sets.js';
export type {
  PendingEntry,
  PendingSummary,
  XautoclaimOptions,
  XclaimOptions,
  XpendingRangeOptions,
} from './commands/stream-claims.js';
export type {
  ClaimedEntry,
  StreamEntry,
  StreamFields,
  StreamId,
  StreamOffsets,
  StreamReadReply,
  XreadOptions,
} from './commands/stream-entries.js';
export type { XgroupCreateOptions, XgroupSetidOptions, XreadgroupOptions } from './commands/stream-groups.js';
export type { StreamInfo, StreamInfoRecord, StreamInfoValue, XinfoStreamOptions } from './commands/stream-info.js';
export type { StreamTrimOptions, XaddOptions, XrangeOptions, XsetidOptions } from './commands/streams.js';
export type { GetexOptions, SetOptions } from './commands/strings.js';
export type { Bulk, Int, KeyArg, Resolve, ScoreArg, ValueArg } from './commands/types.js';
export {
  AbstractBackoff,
  ConstantBackoff,
  DecorrelatedJitterBackoff,
  EqualJitterBackoff,
  ExponentialBackoff,
  ExponentialWithJitterBackoff,
  FullJitterBackoff,
  NoBackoff,
} from './connection/backoff.js';
export type { CallOptions } from './connection/call-state.js';
export type { ConnectMessage, ReconnectMessage } from './connection/connection-events.js';
export type {
  CredentialProvider,
  CredentialProviderOption,
  CredentialsResult,
  ProvidedCredentials,
} from './connection/credentials.js';
export { type ErrorClass, Retry } from './connection/retry.js';
export type { LatencySnapshot, NodeStatsSnapshot } from './connection/stats.js';
export { COMMAND_CHANNEL, type CommandTraceContext } from './connection/tracing.js';
export * from './errors.js';
export type { RedisArg } from './protocol/encoder.js';
export type { DecoderLimits, RespMap, RespSet, RespValue } from './protocol/types.js';
export { Sentinel, type SentinelManagedClient } from './sentinel/sentinel.js';
export type {
  SentinelAddress,
  SentinelClientOptions,
  SentinelOptions,
  SentinelOwnOptions,
  SentinelUrl,
} from './sentinel/sentinel-options.js';
export { LIB_NAME, VERSION } from './version.js';
