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
import { listCommands } from './lists.js';
import { memoryCommands } from './memory.js';
import { observabilityCommands } from './observability.js';
import { persistenceCommands } from './persistence.js';
import { pubsubCommands } from './pubsub-commands.js';
import { replicationCommands } from './replication.js';
import { scriptingCommands } from './scripting.js';
import { setCommands } from './sets.js';
import { sortCommands } from './sort.js';
import { sortedSetRangeCommands } from './sorted-set-ranges.js';
import { sortedSetCommands } from './sorted-sets.js';
import { streamGroupCommands } from './stream-groups.js';
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

export type CommandRegistry = typeof COMMANDS;
export type CommandName = keyof CommandRegistry;

/** The registry as plain specs, for code that only dispatches. */
export const COMMAND_SPECS: Readonly<Record<string, AnyCommandSpec>> = COMMANDS as unknown as Record<
  string,
  AnyCommandSpec
>;
