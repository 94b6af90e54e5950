/** Every declared command by method name: the single table StrictRedis, pipelines and the cluster client read. */
import { clusterCommands } from './cluster-commands.js';
import { hashCommands } from './hashes.js';
import { keyCommands } from './keys.js';
import { listCommands } from './lists.js';
import { pubsubCommands } from './pubsub-commands.js';
import { scriptingCommands } from './scripting.js';
import { serverCommands } from './server.js';
import { setCommands } from './sets.js';
import { sortedSetRangeCommands } from './sorted-set-ranges.js';
import { sortedSetCommands } from './sorted-sets.js';
import { streamGroupCommands } from './stream-groups.js';
import { streamCommands } from './streams.js';
import { stringCommands } from './strings.js';
import type { AnyCommandSpec } from './types.js';

export const COMMANDS = {
  ...stringCommands,
  ...keyCommands,
  ...hashCommands,
  ...listCommands,
  ...setCommands,
  ...sortedSetCommands,
  ...sortedSetRangeCommands,
  ...serverCommands,
  ...scriptingCommands,
  ...streamCommands,
  ...streamGroupCommands,
  ...pubsubCommands,
  ...clusterCommands,
};

export type CommandRegistry = typeof COMMANDS;
export type CommandName = keyof CommandRegistry;

/** The registry as plain specs, for code that only dispatches. */
export const COMMAND_SPECS: Readonly<Record<string, AnyCommandSpec>> = COMMANDS as unknown as Record<
  string,
  AnyCommandSpec
>;
