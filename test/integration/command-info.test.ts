/**
 * Drift check between the command declarations and the server's own command table: for every declared command
 * (whatever group declared it), the read-only/write/blocking flags must agree with COMMAND INFO, the built argument
 * vector must fit the server's arity, and the declared key positions must pick the same arguments as COMMAND GETKEYS.
 * This is what keeps cluster routing and retry safety from silently drifting as commands are added.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PER_NODE_METHODS } from '../../src/cluster/fan-out.js';
import { keyIndexes } from '../../src/cluster/routing.js';
import { COMMAND_SPECS } from '../../src/commands/registry.js';
import type { AnyCommandSpec } from '../../src/commands/types.js';
import { CommandFlags } from '../../src/connection/command.js';
import { StrictRedis } from '../../src/index.js';
import type { RedisArg } from '../../src/protocol/encoder.js';
import { serverAtLeast } from '../harness/server-version.js';

const { standalone } = inject('redis');
const SHA = 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db';

/** Sample arguments per method name: simple values that exercise the key positions (several keys where allowed). */
const SAMPLES: Record<string, unknown[]> = {
  // strings
  set: ['k', 'v', { ex: 10 }],
  setex: ['k', 10, 'v'],
  mset: [{ a: '1', b: '2' }],
  append: ['k', 'v'],
  get: ['k'],
  mget: ['a', 'b', 'c'],
  getrange: ['k', 0, 1],
  incr: ['k'],
  incrby: ['k', 2],
  incrbyfloat: ['k', 1.5],
  decr: ['k'],
  decrby: ['k', 2],
  setnx: ['k', 'v'],
  getset: ['k', 'v'],
  getdel: ['k'],
  getex: ['k', { ex: 10 }],
  strlen: ['k'],
  setrange: ['k', 1, 'v'],
  msetnx: [{ a: '1', b: '2' }],
  psetex: ['k', 100, 'v'],
  lcs: ['a', 'b', { len: true }],
  // keys
  keys: ['*'],
  exists: ['a', 'b'],
  type: ['k'],
  delete: ['a', 'b'],
  expire: ['k', 10],
  ttl: ['k'],
  persist: ['k'],
  pexpire: ['k', 10],
  expireat: ['k', 10],
  pexpireat: ['k', 10],
  pttl: ['k'],
  expiretime: ['k'],
  pexpiretime: ['k'],
  rename: ['a', 'b'],
  renamenx: ['a', 'b'],
  unlink: ['a', 'b'],
  touch: ['a', 'b'],
  randomkey: [],
  copy: ['a', 'b', { replace: true }],
  dump: ['k'],
  restore: ['k', 0, 'payload', { replace: true }],
  object: ['encoding', 'k'],
  object_encoding: ['k'],
  object_idletime: ['k'],
  object_freq: ['k'],
  sort: ['k', { by: 'w_*', start: 0, num: 5, get: ['#', 'o_*'], alpha: true, store: 'dst' }],
  sort_ro: ['k', { start: 0, num: 1, desc: true }],
  scan: [0, { match: '*', count: 10 }],
  // strings, keys, bitmaps, HyperLogLog: methods added for redis-py fidelity
  substr: ['k', 0, -1],
  move: ['k', 1],
  setbit: ['k', 7, 1],
  getbit: ['k', 7],
  bitcount: ['k', 0, -1, 'bit'],
  bitpos: ['k', 1, 0, -1, 'byte'],
  bitop: ['and', 'd', 'a', 'b'],
  bitfield: [
    'k',
    [
      ['SET', 'u8', 0, 1],
      ['GET', 'u8', 0],
    ],
  ],
  bitfield_ro: ['k', 'u8', 0, [['u4', 4]]],
  pfadd: ['h', 'a', 'b'],
  pfcount: ['a', 'b'],
  pfmerge: ['d', 'a', 'b'],
  // hashes
  hset: ['h', 'f', 'v'],
  hmset: ['h', { f: 'v' }],
  hkeys: ['h'],
  hvals: ['h'],
  hget: ['h', 'f'],
  hmget: ['h', 'f', 'g'],
  hdel: ['h', 'f'],
  hgetall: ['h'],
  hincrby: ['h', 'f', 1],
  hincrbyfloat: ['h', 'f', 1.5],
  hexists: ['h', 'f'],
  hlen: ['h'],
  hsetnx: ['h', 'f', 'v'],
  hstrlen: ['h', 'f'],
  hrandfield: ['h', 2, { withvalues: true }],
  hscan: ['h', 0, { match: 'f*' }],
  // lists
  lpush: ['l', 'a', 'b'],
  rpush: ['l', 'a', 'b'],
  linsert: ['l', 'BEFORE', 'p', 'v'],
  lrange: ['l', 0, -1],
  lset: ['l', 0, 'v'],
  lrem: ['l', 0, 'v'],
  lpop: ['l', 2],
  rpop: ['l'],
  llen: ['l'],
  lindex: ['l', 0],
  ltrim: ['l', 0, 1],
  lpos: ['l', 'v', { count: 1 }],
  lmove: ['a', 'b'],
  blmove: ['a', 'b', 1],
  rpoplpush: ['a', 'b'],
  brpoplpush: ['a', 'b', 1],
  lpushx: ['l', 'v'],
  rpushx: ['l', 'v'],
  blpop: [['a', 'b'], 1],
  brpop: [['a', 'b'], 1],
  lmpop: [2, 'a', 'b', { direction: 'LEFT', count: 2 }],
  blmpop: [1, 2, ['a', 'b'], { direction: 'RIGHT' }],
  // sets
  sadd: ['s', 'm'],
  srem: ['s', 'm'],
  smembers: ['s'],
  sismember: ['s', 'm'],
  smismember: ['s', 'm', 'n'],
  scard: ['s'],
  spop: ['s', 2],
  srandmember: ['s', 2],
  smove: ['a', 'b', 'm'],
  sinter: ['a', 'b'],
  sunion: ['a', 'b'],
  sdiff: ['a', 'b'],
  sinterstore: ['d', 'a', 'b'],
  sunionstore: ['d', 'a', 'b'],
  sdiffstore: ['d', 'a', 'b'],
  sintercard: [2, ['a', 'b'], { limit: 1 }],
  sscan: ['s', 0],
  // sorted sets
  zadd: ['z', { m: 1 }],
  zrange: ['z', 0, -1],
  zrangebyscore: ['z', 0, 10],
  zscore: ['z', 'm'],
  zrem: ['z', 'm'],
  zremrangebyscore: ['z', 0, 1],
  zincrby: ['z', 1, 'm'],
  zcard: ['z'],
  zcount: ['z', 0, 1],
  zlexcount: ['z', '-', '+'],
  zrank: ['z', 'm'],
  zrevrank: ['z', 'm'],
  zrevrange: ['z', 0, -1],
  zrevrangebyscore: ['z', 10, 0],
  zrangebylex: ['z', '-', '+'],
  zrevrangebylex: ['z', '+', '-'],
  zrangestore: ['d', 'z', 0, -1],
  zpopmin: ['z', 1],
  zpopmax: ['z', 1],
  bzpopmin: [['a', 'b'], 1],
  bzpopmax: [['a', 'b'], 1],
  zmpop: [2, ['a', 'b'], { min: true, count: 2 }],
  bzmpop: [1, 2, ['a', 'b'], { max: true }],
  zintercard: [2, ['a', 'b'], { limit: 1 }],
  zunion: [['a', 'b']],
  zinter: [['a', 'b']],
  zdiff: [['a', 'b']],
  zunionstore: ['d', ['a', 'b']],
  zinterstore: ['d', ['a', 'b']],
  zdiffstore: ['d', ['a', 'b']],
  zmscore: ['z', 'm', 'n'],
  zrandmember: ['z', 2],
  zremrangebyrank: ['z', 0, 1],
  zremrangebylex: ['z', '-', '+'],
  zscan: ['z', 0],
  // scripting
  eval: ['return 1', 2, 'a', 'b', 'arg'],
  evalsha: [SHA, 1, 'a', 'arg'],
  eval_ro: ['return 1', 1, 'a', 'arg'],
  evalsha_ro: [SHA, 2, 'a', 'b'],
  fcall: ['f', 1, 'a', 'arg'],
  fcall_ro: ['f', 2, 'a', 'b', 'arg'],
  script_load: ['return 1'],
  script_exists: [SHA],
  script_flush: [],
  // streams
  xadd: ['x', { f: 'v' }, '*', { maxlen: 5 }],
  xlen: ['x'],
  xrange: ['x'],
  xrevrange: ['x'],
  xread: [{ x1: '0', x2: '0' }, { count: 1 }],
  xreadgroup: ['g', 'c', { x1: '>', x2: '>' }],
  xdel: ['x', '1-0'],
  xtrim: ['x', 10],
  xsetid: ['x', '1-0', { entries_added: 1, max_deleted_id: '0-1' }],
  xgroup_create: ['x', 'g'],
  xgroup_destroy: ['x', 'g'],
  xgroup_createconsumer: ['x', 'g', 'c'],
  xgroup_delconsumer: ['x', 'g', 'c'],
  xgroup_setid: ['x', 'g', '0'],
  xack: ['x', 'g', '1-0'],
  xpending: ['x', 'g'],
  xpending_range: ['x', 'g', '-', '+', 10, { idle: 5, consumername: 'c' }],
  xclaim: ['x', 'g', 'c', 0, ['1-0']],
  xautoclaim: ['x', 'g', 'c', 0],
  xinfo_stream: ['x'],
  xinfo_groups: ['x'],
  xinfo_consumers: ['x', 'g'],
  // pub/sub
  publish: ['ch', 'm'],
  spublish: ['ch', 'm'],
  pubsub_channels: [],
  pubsub_numsub: ['ch'],
  pubsub_numpat: [],
  pubsub_shardchannels: [],
  // geo
  geoadd: ['g', [1, 2, 'm', 3, 4, 'n'], { nx: true, ch: true }],
  geodist: ['g', 'a', 'b', 'km'],
  geohash: ['g', 'a', 'b'],
  geopos: ['g', 'a', 'b'],
  georadius: ['g', 1, 2, 3, { unit: 'km', count: 1, withdist: false, store: 'dst' }],
  georadiusbymember: ['g', 'store', 3, { sort: 'ASC', store_dist: 'dst' }],
  georadius_ro: ['g', 1, 2, 3, { withdist: true, count: 2, any: true }],
  georadiusbymember_ro: ['g', 'm', 3, { withcoord: true, sort: 'DESC' }],
  geosearch: ['g', { member: 'm', radius: 1, withhash: true }],
  geosearchstore: ['d', 'g', { longitude: 1, latitude: 2, width: 1, height: 1, count: 3, storedist: true }],
  // ACL, CLIENT, COMMAND and connection commands
  acl_cat: ['read'],
  acl_dryrun: ['default', 'get', 'k'],
  acl_deluser: ['nobody-1', 'nobody-2'],
  acl_genpass: [64],
  acl_getuser: ['default'],
  acl_help: [],
  acl_list: [],
  acl_log: [5],
  acl_log_reset: [],
  acl_load: [],
  acl_save: [],
  // biome-ignore format: one rule kind per line
  acl_setuser: ['u', { enabled: true, reset: true, passwords: ['+p'], hashed_passwords: [`+${'a'.repeat(64)}`], categories: ['+@read'], commands: ['+get'], keys: ['k*'], channels: ['c*'], selectors: [['+set', '%W~app*']] }],
  acl_users: [],
  acl_whoami: [],
  client_id: [],
  client_getname: [],
  client_setname: ['name'],
  client_list: [{ _type: 'normal', client_id: [1, 2] }],
  client_info: [],
  client_kill: ['127.0.0.1:1'],
  client_kill_filter: [{ _id: 1, _type: 'normal', addr: '127.0.0.1:1', laddr: '127.0.0.1:2', user: 'u', skipme: true }],
  client_getredir: [],
  client_reply: ['ON'],
  client_tracking: [true, null, { bcast: true, prefix: ['a', 'b'], noloop: true }],
  client_tracking_on: [7, { optin: true }],
  client_tracking_off: [],
  client_trackinginfo: [],
  client_unblock: [1, { error: true }],
  client_pause: [10, { all: false }],
  client_unpause: [],
  client_no_evict: ['on'],
  ...(serverAtLeast('7.2') ? { client_no_touch: ['on'], client_setinfo: ['lib-name', 'x'] } : {}),
  command: [],
  command_info: ['get', 'set'],
  command_count: [],
  command_list: [{ pattern: 'l*' }],
  command_getkeys: ['MSET', 'a', '1', 'b', '2'],
  command_getkeysandflags: ['LMOVE', 'a', 'b', 'left', 'left'],
  command_docs: ['get'],
  ping: [],
  echo: ['hi'],
  auth: ['password', 'user'],
  select: [1],
  reset: [],
  hello: [],
  // cluster
  cluster: ['info'],
  cluster_info: [],
  cluster_nodes: [],
  cluster_slots: [],
  cluster_shards: [],
  cluster_links: [],
  cluster_myid: [],
  ...(serverAtLeast('7.2') ? { cluster_myshardid: [] } : {}),
  cluster_save_config: [],
  cluster_flushslots: [],
  cluster_bumpepoch: [],
  cluster_keyslot: ['k'],
  cluster_countkeysinslot: [1],
  cluster_get_keys_in_slot: [1, 2],
  cluster_count_failure_report: ['id'],
  cluster_replicas: ['id'],
  cluster_slaves: ['id'],
  cluster_addslots: [1, 2],
  cluster_addslotsrange: [1, 2],
  cluster_delslots: [1, 2],
  cluster_delslotsrange: [1, 2, 5, 6],
  cluster_failover: ['force'],
  cluster_meet: ['127.0.0.1', 7000],
  cluster_replicate: ['id'],
  cluster_reset: [false],
  cluster_set_config_epoch: [1],
  cluster_setslot: ['id', 1, 'node'],
  cluster_setslot_stable: [1],
  readonly: [],
  readwrite: [],
  // server administration: persistence, configuration, replication, observability, memory, scripting, functions
  save: [],
  bgsave: [true],
  bgrewriteaof: [],
  lastsave: [],
  shutdown: [{ nosave: true, now: true, force: true }],
  dbsize: [],
  flushdb: [{ asynchronous: true }],
  flushall: [],
  swapdb: [0, 1],
  config_get: ['maxmemory', 'timeout'],
  config_set: ['maxmemory-samples', 5, 'timeout', 0],
  config_resetstat: [],
  config_rewrite: [],
  time: [],
  lolwut: [5, 1],
  module_list: [],
  module_load: ['/no/such/module.so', 'arg'],
  module_loadex: ['/no/such/module.so', ['name', 'value'], ['arg']],
  module_unload: ['nosuchmodule'],
  role: [],
  replicaof: ['127.0.0.1', 6380],
  slaveof: [],
  failover: [{ to: { host: '127.0.0.1', port: 6380 }, force: true, timeout: 100 }],
  wait: [0, 0],
  ...(serverAtLeast('7.2') ? { waitaof: [1, 0, 0] } : {}),
  migrate: ['127.0.0.1', 6380, ['a', 'b'], 0, 100, { copy: true, replace: true, auth: 'KEYS' }],
  info: ['server', 'clients'],
  slowlog_get: [5],
  slowlog_len: [],
  slowlog_reset: [],
  latency_doctor: [],
  latency_graph: ['command'],
  latency_histogram: ['set', 'get'],
  latency_history: ['command'],
  latency_latest: [],
  latency_reset: ['command'],
  memory_stats: [],
  memory_doctor: [],
  memory_malloc_stats: [],
  memory_purge: [],
  memory_usage: ['k', 5],
  debug_object: ['k'],
  script_kill: [],
  function_load: ["#!lua name=lib\nredis.register_function('f', function() return 1 end)", { replace: true }],
  function_delete: ['lib'],
  function_flush: [],
  function_list: ['*', { withcode: true }],
  function_dump: [],
  function_restore: ['payload', 'REPLACE'],
  function_kill: [],
  function_stats: [],
  pubsub_shardnumsub: ['ch', 'ch2'],
};

/** Declared commands that cannot be sampled, with the reason. */
const UNSAMPLED: Record<string, string> = {
  ...(serverAtLeast('7.2')
    ? {}
    : {
        client_no_touch: 'CLIENT NO-TOUCH is Redis 7.2; the test server is older',
        client_setinfo: 'CLIENT SETINFO is Redis 7.2; the test server is older',
      }),
  // cluster
  ...(serverAtLeast('7.2') ? {} : { cluster_myshardid: 'CLUSTER MYSHARDID is Redis 7.2; sampled on 7.2 servers' }),
  // server administration
  ...(serverAtLeast('7.2') ? {} : { waitaof: 'WAITAOF is Redis 7.2; the test servers are older' }),
};

/**
 * Declared READ_ONLY although the server does not flag them `readonly`: keyless commands that change no data (the
 * server reserves `readonly` for commands reading the keyspace). Resending them is harmless.
 */
const READ_ONLY_WITHOUT_SERVER_FLAG = new Set([
  'ping',
  'echo',
  'info',
  'time',
  'lastsave',
  'config_get',
  // ACL, CLIENT, COMMAND and connection commands
  'client_id',
  'client_getname',
  'client_list',
  'client_info',
  'client_getredir',
  'client_trackinginfo',
  'command',
  'command_info',
  'command_count',
  'command_list',
  'command_getkeys',
  'command_getkeysandflags',
  'command_docs',
  'acl_cat',
  'acl_dryrun',
  'acl_genpass',
  'acl_getuser',
  'acl_help',
  'acl_list',
  'acl_log',
  'acl_users',
  'acl_whoami',
  'hello',
  'script_exists',
  'pubsub_channels',
  'pubsub_numsub',
  'pubsub_numpat',
  'pubsub_shardchannels',
  // cluster: the node's view of the cluster, changing nothing
  'cluster_info',
  'cluster_nodes',
  'cluster_slots',
  'cluster_shards',
  'cluster_links',
  'cluster_myid',
  'cluster_myshardid',
  'cluster_keyslot',
  'cluster_countkeysinslot',
  'cluster_get_keys_in_slot',
  'cluster_count_failure_report',
  'cluster_replicas',
  'cluster_slaves',
  // server administration: reports that change nothing (the per-node reports of a cluster, and these)
  ...PER_NODE_METHODS,
  'slowlog_len',
  'debug_object',
  'function_dump',
  'pubsub_shardnumsub',
]);

/**
 * Flagged `blocking` by the server but declared without BLOCKING: they block only with an option (XREAD BLOCK),
 * and their declarations choose per call.
 */
const BLOCKING_ONLY_WITH_OPTION = new Set(['xread', 'xreadgroup']);

/**
 * Declared with key positions although the server's GETKEYS does not report them: sharded pub/sub channels hash to
 * slots like keys and must reach the channel's shard, so the declaration routes by the channel.
 */
const CHANNEL_AS_KEY: Record<string, string> = {
  spublish: 'SPUBLISH goes to the shard that owns the channel slot',
};

/**
 * Declared with a key although the server's GETKEYS reports none (DEBUG has no key specs): the argument at this index
 * is a key the command reads, so a cluster must send the command to that key's node.
 */
const KEY_WITHOUT_SERVER_SPEC: Record<string, number> = {
  // server administration
  debug_object: 2,
};

interface ServerCommand {
  arity: number;
  flags: Set<string>;
}

function textOf(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** One COMMAND INFO entry and, for containers, its subcommands (`config|get`), into `out`. */
function collect(entry: unknown, out: Map<string, ServerCommand>): void {
  if (!Array.isArray(entry)) return;
  const [name, arity, flags] = entry as [unknown, unknown, unknown];
  out.set(textOf(name).toLowerCase(), {
    arity: Number(arity),
    flags: new Set((flags as unknown[]).map((f) => textOf(f).toLowerCase())),
  });
  const subcommands = entry[9];
  if (Array.isArray(subcommands)) for (const sub of subcommands) collect(sub, out);
}

/** The first method name of each distinct declaration (aliases such as `del`/`delete` share one). */
function declarations(): Array<[string, AnyCommandSpec]> {
  const seen = new Set<AnyCommandSpec>();
  const out: Array<[string, AnyCommandSpec]> = [];
  for (const [method, spec] of Object.entries(COMMAND_SPECS)) {
    if (seen.has(spec)) continue;
    seen.add(spec);
    out.push([method, spec]);
  }
  return out;
}

describe('command declarations agree with the server (COMMAND INFO / COMMAND GETKEYS)', () => {
  let r: StrictRedis;
  const server = new Map<string, ServerCommand>();
  const samples = new Map<string, RedisArg[]>();

  beforeAll(async () => {
    r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol: 2 });
    const names = new Set<string>();
    for (const [method, spec] of declarations()) {
      if (!(method in SAMPLES)) continue;
      const argv = spec.build(...SAMPLES[method]);
      samples.set(method, argv);
      names.add(textOf(argv[0]).toLowerCase());
    }
    const info = (await r.execute_command('COMMAND', 'INFO', ...names)) as unknown[];
    for (const entry of info) collect(entry, server);
  });
  afterAll(async () => {
    await r.close();
  });

  it('every declaration has a sample argument list (or a reason it has none)', () => {
    const missing = declarations()
      .map(([method]) => method)
      .filter((method) => !(method in SAMPLES) && !(method in UNSAMPLED));
    expect(missing, 'add sample arguments to SAMPLES in command-info.test.ts').toEqual([]);
  });

  /** The server's entry for an argument vector: the subcommand's for containers (`OBJECT ENCODING`). */
  function serverEntry(argv: readonly RedisArg[]): [string, ServerCommand | undefined] {
    const name = textOf(argv[0]).toLowerCase();
    const sub = argv.length > 1 ? `${name}|${textOf(argv[1]).toLowerCase()}` : '';
    if (server.has(sub)) return [sub, server.get(sub)];
    return [name, server.get(name)];
  }

  it('every declared command exists on the server and its sample fits the arity', () => {
    const problems: string[] = [];
    for (const [method, argv] of samples) {
      const [name, entry] = serverEntry(argv);
      if (entry === undefined) {
        problems.push(`${method}: the server has no command ${name}`);
        continue;
      }
      // Arity counts the command name (and for subcommands the container name too).
      const ok = entry.arity >= 0 ? argv.length === entry.arity : argv.length >= -entry.arity;
      if (!ok) problems.push(`${method}: ${argv.length} arguments for arity ${entry.arity}`);
    }
    expect(problems).toEqual([]);
  });

  it('read-only, write and blocking flags agree with the server', () => {
    const problems: string[] = [];
    for (const [method, argv] of samples) {
      const spec = COMMAND_SPECS[method];
      const [name, entry] = serverEntry(argv);
      if (entry === undefined) continue;
      const readOnly = (spec.flags & CommandFlags.ReadOnly) !== 0;
      const blocking = (spec.flags & CommandFlags.Blocking) !== 0;
      if (entry.flags.has('readonly') && !readOnly) problems.push(`${method}: server says ${name} is readonly`);
      if (entry.flags.has('write') && readOnly) problems.push(`${method}: declared READ_ONLY, server says write`);
      if (readOnly && !entry.flags.has('readonly') && !READ_ONLY_WITHOUT_SERVER_FLAG.has(method)) {
        problems.push(`${method}: declared READ_ONLY, server does not flag ${name} readonly`);
      }
      if (blocking && !entry.flags.has('blocking')) problems.push(`${method}: declared BLOCKING, server disagrees`);
      if (entry.flags.has('blocking') && !blocking && !BLOCKING_ONLY_WITH_OPTION.has(method)) {
        problems.push(`${method}: server says ${name} blocks, not declared BLOCKING`);
      }
      if (readOnly && (spec.flags & CommandFlags.Idempotent) !== 0)
        problems.push(`${method}: both READ_ONLY and IDEMPOTENT`);
    }
    expect(problems).toEqual([]);
  });

  it('declared key positions pick the same arguments as COMMAND GETKEYS', async () => {
    const problems: string[] = [];
    await Promise.all(
      [...samples].map(async ([method, argv]) => {
        const spec = COMMAND_SPECS[method];
        const declared = keyIndexes(spec.keys, argv)
          .map((i) => textOf(argv[i]))
          .sort();
        let actual: string[];
        if (method in KEY_WITHOUT_SERVER_SPEC) {
          const at = KEY_WITHOUT_SERVER_SPEC[method];
          if (declared.length !== 1 || declared[0] !== textOf(argv[at]))
            problems.push(`${method}: route by argument ${at}`);
          return;
        }
        if (method in CHANNEL_AS_KEY) {
          // The server does not count these as keys; the declaration routes by them on purpose.
          if (declared.length !== 1 || declared[0] !== textOf(argv[1])) problems.push(`${method}: route by channel`);
          return;
        }
        // A bare command name has no keys (and COMMAND GETKEYS refuses it as too short).
        if (argv.length === 1) {
          if (declared.length > 0) problems.push(`${method}: keys declared for a command without arguments`);
          return;
        }
        try {
          actual = ((await r.execute_command('COMMAND', 'GETKEYS', ...argv)) as unknown[]).map(textOf).sort();
        } catch (err) {
          // Keyless commands: "Invalid arguments specified for command" / "The command has no key arguments".
          if (!/no key arguments|Invalid arguments/i.test((err as Error).message)) {
            problems.push(`${method}: COMMAND GETKEYS failed: ${(err as Error).message}`);
            return;
          }
          actual = [];
        }
        if (JSON.stringify(declared) !== JSON.stringify(actual)) {
          problems.push(`${method}: declared keys ${JSON.stringify(declared)}, server ${JSON.stringify(actual)}`);
        }
      }),
    );
    expect(problems.sort()).toEqual([]);
  });
});
