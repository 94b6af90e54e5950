/** Scripting and functions: EVAL, EVALSHA, SCRIPT …, FCALL. */
export const scriptingCommands = {};
