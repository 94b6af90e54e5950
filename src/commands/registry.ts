/** Every declared command by method name: the single table StrictRedis, pipelines and the cluster client read. */

import { aclCommands } from './acl.js';
import { bitmapCommands } from './bitmaps.js';
import { clientCommands } from './client-commands.js';
import { clusterCommands } from './cluster-commands.js';
import { commandIntrospectionCommands } from './command-introspection.js';
import { configurationCommands } from './configuration.js';
import { connectionCommands } from './connection-commands.js';
import { functionCommands } from './functions.js';
import { geoCommands } from './geo.js';
import { hashCommands } from './hashes.js';
import { hyperloglogCommands } from './hyperloglog.js';
import { keyExpiryCommands } from './key-expiry.js';
import { keyCommands } from './keys.js';
import type { listMoveCommands } from './list-moves.js';
import { listCommands } from './lists.js';
import { memoryCommands } from './memory.js';
import { observabilityCommands } from './observability.js';
import { persistenceCommands } from './persistence.js';
import { pubsubCommands } from './pubsub-commands.js';
import { replicationCommands } from './replication.js';
import { scriptingCommands } from './scripting.js';
import { setCommands } from './sets.js';
import { sortCommands } from './sort.js';
import type { sortedSetAlgebraCommands } from './sorted-set-algebra.js';
import type { sortedSetPopCommands } from './sorted-set-pops.js';
import { sortedSetRangeCommands } from './sorted-set-ranges.js';
import { sortedSetCommands } from './sorted-sets.js';
import type { streamClaimCommands } from './stream-claims.js';
import { streamGroupCommands } from './stream-groups.js';
import type { streamInfoCommands } from './stream-info.js';
import { streamCommands } from './streams.js';
import { stringCommands } from './strings.js';
import type { AnyCommandSpec } from './types.js';

export const COMMANDS = {
  ...stringCommands,
  ...keyCommands,
  ...keyExpiryCommands,
  ...sortCommands,
  ...bitmapCommands,
  ...hyperloglogCommands,
  ...hashCommands,
  ...listCommands,
  ...setCommands,
  ...sortedSetCommands,
  ...sortedSetRangeCommands,
  ...scriptingCommands,
  ...streamCommands,
  ...streamGroupCommands,
  ...pubsubCommands,
  ...geoCommands,
  // ACL, CLIENT, COMMAND and connection commands
  ...aclCommands,
  ...clientCommands,
  ...commandIntrospectionCommands,
  ...connectionCommands,
  ...clusterCommands,
  // server administration
  ...persistenceCommands,
  ...configurationCommands,
  ...replicationCommands,
  ...observabilityCommands,
  ...memoryCommands,
  ...functionCommands,
};

/**
 * The declared commands by method name, as the union of the groups' types (rather than `typeof COMMANDS`, whose
 * spread drops the groups' TSDoc from the emitted declarations: this keeps every method's documentation in the
 * shipped `.d.ts`). A group added to COMMANDS must be added here too; `registryIsComplete` below fails otherwise.
 */
export interface CommandRegistry
  // First the groups that others spread in (a member comes from the first base that has it, and only these
  // declarations carry its TSDoc), then the groups of COMMANDS.
  extends ListMoveCommands,
    SortedSetAlgebraCommands,
    SortedSetPopCommands,
    StreamClaimCommands,
    StreamInfoCommands,
    StringCommands,
    KeyCommands,
    KeyExpiryCommands,
    SortCommands,
    BitmapCommands,
    HyperloglogCommands,
    HashCommands,
    ListCommands,
    SetCommands,
    SortedSetCommands,
    SortedSetRangeCommands,
    ScriptingCommands,
    StreamCommands,
    StreamGroupCommands,
    PubsubCommands,
    GeoCommands,
    AclCommands,
    ClientCommands,
    CommandIntrospectionCommands,
    ConnectionCommands,
    ClusterCommands,
    PersistenceCommands,
    ConfigurationCommands,
    ReplicationCommands,
    ObservabilityCommands,
    MemoryCommands,
    FunctionCommands {}
type StringCommands = typeof stringCommands;
type KeyCommands = typeof keyCommands;
type KeyExpiryCommands = typeof keyExpiryCommands;
type SortCommands = typeof sortCommands;
type BitmapCommands = typeof bitmapCommands;
type HyperloglogCommands = typeof hyperloglogCommands;
type HashCommands = typeof hashCommands;
type ListCommands = typeof listCommands;
type SetCommands = typeof setCommands;
type SortedSetCommands = typeof sortedSetCommands;
type SortedSetRangeCommands = typeof sortedSetRangeCommands;
type ScriptingCommands = typeof scriptingCommands;
type StreamCommands = typeof streamCommands;
type StreamGroupCommands = typeof streamGroupCommands;
type PubsubCommands = typeof pubsubCommands;
type GeoCommands = typeof geoCommands;
type AclCommands = typeof aclCommands;
type ClientCommands = typeof clientCommands;
type CommandIntrospectionCommands = typeof commandIntrospectionCommands;
type ConnectionCommands = typeof connectionCommands;
type ClusterCommands = typeof clusterCommands;
type PersistenceCommands = typeof persistenceCommands;
type ConfigurationCommands = typeof configurationCommands;
type ReplicationCommands = typeof replicationCommands;
type ObservabilityCommands = typeof observabilityCommands;
type MemoryCommands = typeof memoryCommands;
type FunctionCommands = typeof functionCommands;
type ListMoveCommands = typeof listMoveCommands;
type SortedSetAlgebraCommands = typeof sortedSetAlgebraCommands;
type SortedSetPopCommands = typeof sortedSetPopCommands;
type StreamClaimCommands = typeof streamClaimCommands;
type StreamInfoCommands = typeof streamInfoCommands;

/** Compile-time check that CommandRegistry names every command of COMMANDS. */
export const registryIsComplete: [Exclude<keyof typeof COMMANDS, keyof CommandRegistry>] extends [never]
  ? true
  : never = true;
export type CommandName = keyof CommandRegistry;

/** The registry as plain specs, for code that only dispatches. */
export const COMMAND_SPECS: Readonly<Record<string, AnyCommandSpec>> = COMMANDS as unknown as Record<
  string,
  AnyCommandSpec
>;
