/** Stream commands. */
export const streamCommands = {};
