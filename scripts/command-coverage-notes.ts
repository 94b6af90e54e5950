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
  // cluster
  'CLUSTER FORGET':
    "`cluster('FORGET', node_id)` on one node; on a cluster `execute_command('CLUSTER', 'FORGET', id, { target_nodes })` (it must reach every other node within 60 s), or the admin API's `removeNode`",
};

/** Commands deliberately without a method, and why. */
export const NOT_OFFERED: Readonly<Record<string, string>> = {
  // cluster
  ASKING:
    'sent by the cluster client itself right before a command redirected with ASK; alone it would only affect the next command on a shared connection, which the caller does not control',
  'CLUSTER HELP': 'help text for people at redis-cli; `cluster("help")` still returns it',
};
