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
  // connection
  QUIT: '`quit()` / `close()`: waits for pending replies, sends QUIT and closes the client',
  // strings, keys, bitmaps, HyperLogLog
  'OBJECT REFCOUNT': "`object('refcount', key)` (redis-py's `object(infotype, key)`)",
  // cluster
  'CLUSTER FORGET':
    "`cluster('FORGET', node_id)` on one node; on a cluster `execute_command('CLUSTER', 'FORGET', id, { target_nodes })` (it must reach every other node within 60 s), or the admin API's `removeNode`",
  // server administration
  MONITOR: '`monitor()`: a Monitor on a connection of its own (StrictRedis; `monitor({ host, port })` on a cluster)',
};

/** Commands deliberately without a method, and why. */
export const NOT_OFFERED: Readonly<Record<string, string>> = {
  // ACL, CLIENT, COMMAND and connection commands
  'CLIENT CACHING':
    'applies to the next command of the connection, which on the shared, pipelined connection may be another ' +
    "caller's; redis-py has no method either",
  'CLIENT HELP': "help text for interactive use; redis-py has no method (`execute_command('CLIENT', 'HELP')`)",
  'COMMAND HELP': "help text for interactive use; redis-py has no method (`execute_command('COMMAND', 'HELP')`)",
  // strings, keys, bitmaps, HyperLogLog
  STRALGO:
    'removed in Redis 7.0. Its keys form is `lcs(key1, key2, { len, idx, minmatchlen, withmatchlen })`; ' +
    'comparing two literal strings has no server command since 7.0',
  'OBJECT HELP': 'help text for humans (redis-cli)',
  PFDEBUG: 'an internal debugging command of the HyperLogLog implementation',
  PFSELFTEST: "the server's own HyperLogLog self-test",
  // sorted sets and streams
  'XGROUP HELP': 'the subcommands summarized for a human at a terminal; redis-py has no method for it either',
  'XINFO HELP': 'the subcommands summarized for a human at a terminal; redis-py has no method for it either',
  // cluster
  ASKING:
    'sent by the cluster client itself right before a command redirected with ASK; alone it would only affect the next command on a shared connection, which the caller does not control',
  'CLUSTER HELP': 'help text for people at redis-cli; `cluster("help")` still returns it',
  // server administration
  'CONFIG HELP': 'help text for people at redis-cli; the methods and their TSDoc say the same',
  'FUNCTION HELP': 'help text for people at redis-cli; the methods and their TSDoc say the same',
  'LATENCY HELP': 'help text for people at redis-cli; the methods and their TSDoc say the same',
  'MEMORY HELP': 'help text for people at redis-cli (redis-py raises NotImplementedError for memory_help)',
  'MODULE HELP': 'help text for people at redis-cli; the methods and their TSDoc say the same',
  'PUBSUB HELP': 'help text for people at redis-cli; the methods and their TSDoc say the same',
  'SCRIPT HELP': 'help text for people at redis-cli; the methods and their TSDoc say the same',
  'SLOWLOG HELP': 'help text for people at redis-cli; the methods and their TSDoc say the same',
  'SCRIPT DEBUG':
    'switches the connection into the Lua debugger, an interactive protocol of its own (use redis-cli --ldb); redis-py refuses it too',
  DEBUG:
    'only DEBUG OBJECT is offered (`debug_object`); the other subcommands (SEGFAULT, SLEEP, RELOAD, SET-ACTIVE-EXPIRE…) exist to test the server itself and can stop or corrupt it',
  SYNC: 'turns the connection into a replication link: an RDB payload without a trailing CRLF, then every write the master sees; only replicas and replication tools speak it',
  PSYNC: 'as SYNC: the replication handshake of replicas, not a command for clients',
  REPLCONF: 'internal to replication: replicas tell their master their port, capabilities and acknowledged offset',
  'RESTORE-ASKING': 'internal to cluster slot migration: MIGRATE sends it to the target node; clients use `restore`',
};
