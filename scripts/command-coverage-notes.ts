/**
 * What docs/commands.md says about the server commands that have no declaration in src/commands: where the command is
 * served instead (a client method, pub/sub, pipelines), or why the client does not offer it. The coverage test fails
 * when the server has a command that is neither declared nor listed here.
 *
 * Keys are command names as COMMAND DOCS spells them, upper case, subcommands after a space (`CLIENT CACHING`).
 */

/** Commands served by something other than a declared command method: the value says what to call. */
export const SERVED_ELSEWHERE: Readonly<Record<string, string>> = {
  // transactions
  MULTI: '`pipeline({ transaction: true })`, `transaction(fn, ...watches)`',
  EXEC: '`pipeline().execute()`',
  DISCARD: '`pipeline().reset()`',
  WATCH: '`transaction(fn, ...watches)`, `pipeline().watch(...keys)`',
  UNWATCH: '`pipeline().unwatch()`, `pipeline().reset()`',
  // pub/sub
  SUBSCRIBE: '`pubsub().subscribe()`',
  UNSUBSCRIBE: '`pubsub().unsubscribe()`',
  PSUBSCRIBE: '`pubsub().psubscribe()`',
  PUNSUBSCRIBE: '`pubsub().punsubscribe()`',
  SSUBSCRIBE: '`pubsub().ssubscribe()`',
  SUNSUBSCRIBE: '`pubsub().sunsubscribe()`',
};

/** Commands deliberately without a method, and why. */
export const NOT_OFFERED: Readonly<Record<string, string>> = {
  // sorted sets and streams
  'XGROUP HELP': 'the subcommands summarized for a human at a terminal; redis-py has no method for it either',
  'XINFO HELP': 'the subcommands summarized for a human at a terminal; redis-py has no method for it either',
};
