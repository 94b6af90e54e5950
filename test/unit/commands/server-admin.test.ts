/**
 * Server administration declarations without a server: the argument vectors redis-py's forms build, the DataErrors
 * for wrong forms (raised before anything is sent, naming no value), and the reply parsers for both protocols' shapes.
 */
import { describe, expect, it } from 'vitest';
import { parseMonitorLine } from '../../../src/client/monitor.js';
import { buildCommand } from '../../../src/client/runner.js';
import { firstSuccess, mergeReplies, notInCluster, PER_NODE_METHODS } from '../../../src/cluster/fan-out.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { ClientClosedError, ClusterError, ConnectionError, DataError, ResponseError } from '../../../src/index.js';

const argv = (method: string, ...args: unknown[]) =>
  buildCommand(COMMAND_SPECS[method], args, false).args.map((a) => (Buffer.isBuffer(a) ? a.toString() : a));
const fails =
  (method: string, ...args: unknown[]) =>
  () =>
    buildCommand(COMMAND_SPECS[method], args, false);
const reply = (method: string, raw: unknown, ...args: unknown[]) => {
  const command = buildCommand(COMMAND_SPECS[method], args, false);
  return command.transform === undefined ? raw : command.transform(raw as never, command);
};

describe('argument vectors in redis-py form', () => {
  it('persistence', () => {
    expect(argv('bgsave')).toEqual(['BGSAVE', 'SCHEDULE']);
    expect(argv('bgsave', true)).toEqual(['BGSAVE', 'SCHEDULE']);
    expect(argv('bgsave', false)).toEqual(['BGSAVE']);
    expect(argv('flushall', { asynchronous: true })).toEqual(['FLUSHALL', 'ASYNC']);
    expect(argv('flushdb', { asynchronous: false })).toEqual(['FLUSHDB']);
    expect(argv('swapdb', 0, 1)).toEqual(['SWAPDB', 0, 1]);
    expect(argv('shutdown')).toEqual(['SHUTDOWN']);
    expect(argv('shutdown', { nosave: true, now: true, force: true })).toEqual(['SHUTDOWN', 'NOSAVE', 'NOW', 'FORCE']);
    expect(argv('shutdown', { save: true })).toEqual(['SHUTDOWN', 'SAVE']);
    expect(argv('shutdown', { abort: true })).toEqual(['SHUTDOWN', 'ABORT']);
  });

  it('configuration', () => {
    expect(argv('config_get')).toEqual(['CONFIG', 'GET', '*']);
    expect(argv('config_get', '*max-*-entries*', 'maxmemory')).toEqual([
      'CONFIG',
      'GET',
      '*max-*-entries*',
      'maxmemory',
    ]);
    expect(argv('config_set', 'timeout', 70, 'maxmemory', 100)).toEqual([
      'CONFIG',
      'SET',
      'timeout',
      70,
      'maxmemory',
      100,
    ]);
    expect(argv('lolwut')).toEqual(['LOLWUT']);
    expect(argv('lolwut', 5, 6, 7, 8)).toEqual(['LOLWUT', 'VERSION', 5, 6, 7, 8]);
    expect(argv('module_load', '/m.so', 'a', 'b')).toEqual(['MODULE', 'LOAD', '/m.so', 'a', 'b']);
    expect(argv('module_loadex', '/m.so', ['name', 'value'], ['arg1', 'arg2'])).toEqual([
      'MODULE',
      'LOADEX',
      '/m.so',
      'CONFIG',
      'name',
      'value',
      'ARGS',
      'arg1',
      'arg2',
    ]);
    expect(argv('module_loadex', '/m.so', { name: 'value' })).toEqual([
      'MODULE',
      'LOADEX',
      '/m.so',
      'CONFIG',
      'name',
      'value',
    ]);
  });

  it('replication', () => {
    expect(argv('replicaof')).toEqual(['REPLICAOF', 'NO', 'ONE']);
    expect(argv('replicaof', 'no', Buffer.from('one'))).toEqual(['REPLICAOF', 'NO', 'ONE']);
    expect(argv('replicaof', 'localhost', '6380')).toEqual(['REPLICAOF', 'localhost', 6380]);
    expect(argv('slaveof')).toEqual(['SLAVEOF', 'NO', 'ONE']);
    expect(argv('failover')).toEqual(['FAILOVER']);
    expect(argv('failover', { to: { host: 'h', port: 1 }, force: true, timeout: 50 })).toEqual([
      'FAILOVER',
      'TO',
      'h',
      1,
      'FORCE',
      'TIMEOUT',
      50,
    ]);
    expect(argv('failover', { abort: true })).toEqual(['FAILOVER', 'ABORT']);
    expect(argv('waitaof', 1, 0, 100)).toEqual(['WAITAOF', 1, 0, 100]);
    expect(argv('migrate', 'h', 6380, 'k', 0, 100)).toEqual(['MIGRATE', 'h', 6380, '', 0, 100, 'KEYS', 'k']);
    expect(argv('migrate', 'h', 6380, ['a', 'b'], 2, 100, { copy: true, replace: true, auth: 'pw' })).toEqual([
      'MIGRATE',
      'h',
      6380,
      '',
      2,
      100,
      'COPY',
      'REPLACE',
      'AUTH',
      'pw',
      'KEYS',
      'a',
      'b',
    ]);
  });

  it('observability, memory, scripting, functions, pub/sub', () => {
    expect(argv('info')).toEqual(['INFO']);
    expect(argv('info', 'clients', 'server')).toEqual(['INFO', 'clients', 'server']);
    expect(argv('slowlog_get')).toEqual(['SLOWLOG', 'GET']);
    expect(argv('slowlog_get', 1)).toEqual(['SLOWLOG', 'GET', 1]);
    expect(argv('slowlog_get', -1)).toEqual(['SLOWLOG', 'GET', -1]);
    expect(argv('latency_histogram')).toEqual(['LATENCY', 'HISTOGRAM']);
    expect(argv('latency_reset', 'command', 'fork')).toEqual(['LATENCY', 'RESET', 'command', 'fork']);
    expect(argv('memory_usage', 'k', 0)).toEqual(['MEMORY', 'USAGE', 'k', 'SAMPLES', 0]);
    expect(argv('debug_object', 'k')).toEqual(['DEBUG', 'OBJECT', 'k']);
    expect(argv('script_flush', 'async')).toEqual(['SCRIPT', 'FLUSH', 'ASYNC']);
    expect(argv('script_flush', null)).toEqual(['SCRIPT', 'FLUSH']);
    expect(argv('function_flush')).toEqual(['FUNCTION', 'FLUSH', 'SYNC']);
    expect(argv('function_list')).toEqual(['FUNCTION', 'LIST', 'LIBRARYNAME', '*']);
    expect(argv('function_list', '*lib', { withcode: true })).toEqual([
      'FUNCTION',
      'LIST',
      'LIBRARYNAME',
      '*lib',
      'WITHCODE',
    ]);
    expect(argv('function_restore', Buffer.from('p'))).toEqual(['FUNCTION', 'RESTORE', 'p', 'APPEND']);
    expect(argv('function_restore', Buffer.from('p'), 'flush')).toEqual(['FUNCTION', 'RESTORE', 'p', 'FLUSH']);
    expect(argv('pubsub_shardnumsub', ['a', 'b'])).toEqual(['PUBSUB', 'SHARDNUMSUB', 'a', 'b']);
  });
});

describe('wrong forms raise DataError before anything is sent, naming no value', () => {
  it.each([
    ['shutdown', [{ save: true, nosave: true }]],
    ['shutdown', [{ abort: true, now: true }]],
    ['shutdown', [{ nosave: 'yes' }]],
    ['shutdown', [{ nosav: true }]],
    ['shutdown', [true]],
    ['bgsave', ['SCHEDULE']],
    ['flushall', [true]],
    ['swapdb', [0]],
    ['swapdb', ['a', 1]],
    ['config_set', ['timeout']],
    ['config_set', ['timeout', 70, 'maxmemory']],
    ['config_get', [5]],
    ['lolwut', ['five']],
    ['module_loadex', ['/m.so', ['name']]],
    ['module_loadex', ['/m.so', null, 'arg']],
    ['module_unload', ['']],
    ['replicaof', ['NO ONE']],
    ['replicaof', ['host', 0]],
    ['replicaof', ['host', 70000]],
    ['slaveof', [undefined, 6379]],
    ['failover', [{ force: true }]],
    ['failover', [{ to: { host: 'h', port: 1 }, force: true }]],
    ['failover', [{ abort: true, timeout: 5 }]],
    ['failover', [{ timeout: -1 }]],
    ['failover', [{ to: 'h:1' }]],
    ['wait', [-1, 0]],
    ['waitaof', [2, 0, 0]],
    ['migrate', ['h', 6380, [], 0, 100]],
    ['migrate', ['h', 6380, 'k', 0, 100, { auth: 5 }]],
    ['migrate', ['h', 6380, 'k', 0, 100, { copy: 1 }]],
    ['migrate', ['h', 6380, 'k', 0, 100, true]],
    ['slowlog_get', [1.5]],
    ['memory_usage', ['k', -1]],
    ['info', [{ section: 'server' }]],
    ['script_flush', ['NOTREAL']],
    ['function_flush', ['ABC']],
    ['function_restore', [Buffer.from('p'), 'MERGE']],
    ['function_list', [5]],
    ['function_list', ['*', { withcode: 'yes' }]],
    ['function_load', [5]],
    ['eval_ro', [5, 0]],
    ['evalsha_ro', ['sha', 1]],
    ['fcall_ro', ['f', -1]],
    ['fcall_ro', ['f', '1', 'k']],
    ['pubsub_numsub', [{ channel: 'a' }]],
  ])('%s %j', (method, args) => {
    expect(fails(method, ...args)).toThrow(DataError);
  });

  it('the MIGRATE password never appears in an error message', () => {
    const secret = 's3cr3t-migrate-password';
    const errors = [
      () => buildCommand(COMMAND_SPECS.migrate, ['h', 6380, [], 0, 100, { auth: secret }], false),
      () => buildCommand(COMMAND_SPECS.migrate, ['h', 'port', 'k', 0, 100, { auth: secret }], false),
      () => buildCommand(COMMAND_SPECS.migrate, ['h', 6380, 'k', 0, 100, { auth: secret, copy: 'x' }], false),
    ];
    for (const attempt of errors) {
      let caught: unknown;
      try {
        attempt();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DataError);
      expect(String((caught as Error).message)).not.toContain('s3cr3t');
      expect(String((caught as Error).stack)).not.toContain('s3cr3t');
    }
  });
});

describe('reply shapes (RESP2 and RESP3 give the same value)', () => {
  it('info: redis-py parse_info, flat', () => {
    const text =
      '# Server\r\nredis_version:7.0.15\r\ntcp_port:6379\r\nmem_fragmentation_ratio:1.25\r\n' +
      'cmdstat_host:calls=1,usec=2\r\ncmdstat_get:calls=3,usec=4,usec_per_call=1.33\r\n' +
      'module:name=search,ver=20000\r\nmodule:name=json,ver=1\r\nlist:a,b,1\r\nflags:x,y=1\r\n' +
      'big:12345678901234567890\r\nrawline\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n';
    const info = reply('info', text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(info)).toBeNull();
    expect(info.redis_version).toBe('7.0.15');
    expect(info.tcp_port).toBe(6379);
    expect(info.mem_fragmentation_ratio).toBe(1.25);
    expect(info.cmdstat_host).toEqual({ calls: 1, usec: 2 });
    expect(info.cmdstat_get).toEqual({ calls: 3, usec: 4, usec_per_call: 1.33 });
    expect(info.modules).toEqual([
      { name: 'search', ver: 20000 },
      { name: 'json', ver: 1 },
    ]);
    expect(info.list).toEqual(['a', 'b', 1]);
    expect(info.flags).toEqual({ x: true, y: 1 });
    expect(info.big).toBe('12345678901234567890');
    expect(info.__raw__).toEqual(['rawline']);
    expect(info.db0).toEqual({ keys: 1, expires: 0, avg_ttl: 0 });
    expect(reply('info', Buffer.from(text))).toEqual(info);
  });

  it('slowlog_get: parse_slowlog_get dicts, with and without complexity information', () => {
    const entries = [[7, 1700000000, 12, ['GET', 'k'], '127.0.0.1:5000', 'me']];
    expect(reply('slowlog_get', entries)).toEqual([
      {
        id: 7,
        start_time: 1700000000,
        duration: 12,
        command: 'GET k',
        client_address: '127.0.0.1:5000',
        client_name: 'me',
      },
    ]);
    const enterprise = [[7, 1700000000, 12, 'Complexity info: N:4712', ['GET', 'k'], '127.0.0.1:5000', '']];
    expect(reply('slowlog_get', enterprise)).toEqual([
      {
        id: 7,
        start_time: 1700000000,
        duration: 12,
        complexity: 'Complexity info: N:4712',
        command: 'GET k',
        client_address: '127.0.0.1:5000',
        client_name: '',
      },
    ]);
    const binary = reply('slowlog_get', [
      [1, 2, 3, [Buffer.from('GET'), Buffer.from([0xff])], Buffer.from('a'), Buffer.from('')],
    ]);
    expect((binary as Array<{ command: Buffer }>)[0].command).toEqual(Buffer.from([0x47, 0x45, 0x54, 0x20, 0xff]));
  });

  it('memory_stats: ratios are numbers in both protocols, db.N breakdowns are objects', () => {
    const resp2 = [
      'peak.allocated',
      100,
      'db.0',
      ['overhead.hashtable.main', 72, 'overhead.hashtable.expires', 0],
      'dataset.percentage',
      '99.5',
    ];
    const resp3 = new Map<unknown, unknown>([
      ['peak.allocated', 100],
      [
        'db.0',
        new Map([
          ['overhead.hashtable.main', 72],
          ['overhead.hashtable.expires', 0],
        ]),
      ],
      ['dataset.percentage', 99.5],
    ]);
    const expected = {
      'peak.allocated': 100,
      'db.0': { 'overhead.hashtable.main': 72, 'overhead.hashtable.expires': 0 },
      'dataset.percentage': 99.5,
    };
    expect(reply('memory_stats', resp2)).toEqual(expected);
    expect(reply('memory_stats', resp3)).toEqual(expected);
  });

  it('function_list and function_stats: records whatever the protocol', () => {
    const resp2 = [
      [
        'library_name',
        'mylib',
        'engine',
        'LUA',
        'functions',
        [['name', 'myfunc', 'description', null, 'flags', ['no-writes']]],
      ],
    ];
    const resp3 = [
      new Map<unknown, unknown>([
        ['library_name', 'mylib'],
        ['engine', 'LUA'],
        [
          'functions',
          [
            new Map<unknown, unknown>([
              ['name', 'myfunc'],
              ['description', null],
              ['flags', new Set(['no-writes'])],
            ]),
          ],
        ],
      ]),
    ];
    const expected = [
      {
        library_name: 'mylib',
        engine: 'LUA',
        functions: [{ name: 'myfunc', description: null, flags: ['no-writes'] }],
      },
    ];
    expect(reply('function_list', resp2)).toEqual(expected);
    expect(reply('function_list', resp3)).toEqual(expected);
    const stats2 = ['running_script', null, 'engines', ['LUA', ['libraries_count', 1, 'functions_count', 2]]];
    const stats3 = new Map<unknown, unknown>([
      [
        'running_script',
        new Map<unknown, unknown>([
          ['name', 'f'],
          ['command', ['fcall', 'f', '0']],
          ['duration_ms', 5],
        ]),
      ],
      [
        'engines',
        new Map([
          [
            'LUA',
            new Map([
              ['libraries_count', 1],
              ['functions_count', 2],
            ]),
          ],
        ]),
      ],
    ]);
    expect(reply('function_stats', stats2)).toEqual({
      running_script: null,
      engines: { LUA: { libraries_count: 1, functions_count: 2 } },
    });
    expect(reply('function_stats', stats3)).toEqual({
      running_script: { name: 'f', command: ['fcall', 'f', '0'], duration_ms: 5 },
      engines: { LUA: { libraries_count: 1, functions_count: 2 } },
    });
  });

  it('debug_object: parse_debug_object', () => {
    const text = 'Value at:0x7f0 refcount:1 encoding:embstr serializedlength:4 lru:123 lru_seconds_idle:5';
    expect(reply('debug_object', text, 'k')).toEqual({
      type: 'Value',
      at: '0x7f0',
      refcount: 1,
      encoding: 'embstr',
      serializedlength: 4,
      lru: 123,
      lru_seconds_idle: 5,
    });
  });

  it('config_get: names and values as strings, also from Buffers and RESP3 maps', () => {
    expect(reply('config_get', [Buffer.from('timeout'), Buffer.from('0')])).toEqual({ timeout: '0' });
    expect(reply('config_get', new Map([['maxmemory', '0']]))).toEqual({ maxmemory: '0' });
  });

  it('pubsub numsub: pairs from a flat list or a RESP3 map', () => {
    expect(reply('pubsub_numsub', ['a', 1, 'b', 0], 'a', 'b')).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
    expect(reply('pubsub_shardnumsub', new Map<unknown, unknown>([['a', 2]]), 'a')).toEqual([['a', 2]]);
  });

  it('latency replies', () => {
    expect(reply('latency_history', [[1700000000, 5]], 'command')).toEqual([[1700000000, 5]]);
    expect(reply('latency_latest', [['command', 1700000000, 5, 9]])).toEqual([['command', 1700000000, 5, 9]]);
    const histogram = reply('latency_histogram', ['set', ['calls', 1, 'histogram_usec', [8, 1, 16, 1]]]) as Record<
      string,
      { calls: number; histogram_usec: Map<number, number> }
    >;
    expect(histogram.set.calls).toBe(1);
    expect([...histogram.set.histogram_usec]).toEqual([
      [8, 1],
      [16, 1],
    ]);
  });

  it('shutdown: a reply (the server still up) is a failure; abort resolves true', () => {
    expect(() => reply('shutdown', 'OK')).toThrow(/SHUTDOWN seems to have failed/);
    expect(reply('shutdown', 'OK', { abort: true })).toBe(true);
  });
});

describe('monitor lines (redis-py Monitor.next_command)', () => {
  it('parses time, db, client and the command', () => {
    expect(parseMonitorLine('1339518083.107412 [0 127.0.0.1:60866] "keys" "*"')).toEqual({
      time: 1339518083.107412,
      db: 0,
      client_address: '127.0.0.1',
      client_port: '60866',
      client_type: 'tcp',
      command: 'keys *',
    });
    expect(parseMonitorLine('1.5 [3 lua] "GET" "foo"')).toMatchObject({
      db: 3,
      client_type: 'lua',
      client_address: 'lua',
      client_port: '',
    });
    expect(parseMonitorLine('1.5 [0 unix:/tmp/redis.sock] "PING"')).toMatchObject({
      client_type: 'unix',
      client_address: 'unix',
      client_port: '/tmp/redis.sock',
    });
    expect(parseMonitorLine('1.5 [0 ::1:6000] "PING"')).toMatchObject({ client_address: '::1', client_port: '6000' });
    expect(parseMonitorLine('1.5 [0 ] "PING"')).toMatchObject({ client_type: 'unknown', client_address: '' });
  });

  it('keeps the server escapes, undoing only the escaped quotes', () => {
    expect(parseMonitorLine('1.5 [0 h:1] "GET" "foo\\"bar"').command).toBe('GET foo"bar');
    expect(parseMonitorLine('1.5 [0 h:1] "GET" "foo\\x92"').command).toBe('GET foo\\x92');
    expect(parseMonitorLine('1.5 [0 h:1] "GET" "foo\\\\x92"').command).toBe('GET foo\\\\x92');
    expect(parseMonitorLine('1.5 [0 h:1] "SET" "a\\\\" "b"').command).toBe('SET a\\\\ b');
  });
});

describe('cluster fan-out merges', () => {
  const replies = (...values: unknown[]) => new Map(values.map((v, i) => [`n${i}`, v]));

  it('sums, minima, AND, union and per-name sums', () => {
    expect(mergeReplies('all-sum', replies(1, 2, 3))).toBe(6);
    expect(mergeReplies('primaries-sum', replies(1n, 2n))).toBe(3n);
    expect(mergeReplies('primaries-min', replies(2, 1, 3))).toBe(1);
    expect(mergeReplies('primaries-min', replies([1, 2], [0, 3]))).toEqual([0, 2]);
    expect(mergeReplies('primaries-and', replies([true, true, false], [true, false, false]))).toEqual([
      true,
      false,
      false,
    ]);
    expect(mergeReplies('all-union', replies(['a', 'b'], ['b', 'c'], []))).toEqual(['a', 'b', 'c']);
    expect(
      mergeReplies(
        'all-pair-sum',
        replies(
          [
            ['a', 1],
            ['b', 0],
          ],
          [
            ['a', 2],
            ['b', 1],
          ],
        ),
      ),
    ).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(mergeReplies('all-all-ok', replies(true, true))).toBe(true);
    expect(mergeReplies('all-map', replies(1))).toBeInstanceOf(Map);
  });

  it('every per-node route is typed as a Map on the cluster client', () => {
    const perNode = Object.entries(COMMAND_SPECS)
      .filter(([method, spec]) => spec.route?.endsWith('-map') && method !== 'info' && /^[a-z_]+$/.test(method))
      .map(([method]) => method)
      .sort();
    expect(perNode).toEqual([...PER_NODE_METHODS].sort());
  });
});

describe('SHUTDOWN: the connection closing is the success', () => {
  const shutdown = () => buildCommand(COMMAND_SPECS.shutdown, [{ nosave: true }], false);

  it('a connection lost after the command was written resolves to null', async () => {
    const command = shutdown();
    command.reject(new ConnectionError('lost', { outcomeUnknown: true }));
    expect(await command.promise).toBeNull();
  });

  it('a command never written, a client closed by its owner, or an error reply still fail', async () => {
    const unsent = shutdown();
    unsent.reject(new ConnectionError('not connected'));
    await expect(unsent.promise).rejects.toBeInstanceOf(ConnectionError);
    const closed = shutdown();
    closed.reject(new ClientClosedError('closed', { outcomeUnknown: true }));
    await expect(closed.promise).rejects.toBeInstanceOf(ClientClosedError);
    const refused = shutdown();
    refused.reject(new ResponseError('ERR Errors trying to SHUTDOWN. Check logs.'));
    await expect(refused.promise).rejects.toBeInstanceOf(ResponseError);
  });

  it('other commands are not affected', async () => {
    const save = buildCommand(COMMAND_SPECS.save, [], false);
    save.reject(new ConnectionError('lost', { outcomeUnknown: true }));
    await expect(save.promise).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('cluster: one success is enough for SCRIPT KILL / FUNCTION KILL', () => {
  it('the first success wins; when all fail, the first refusal (not a connection error) is reported', async () => {
    const notBusy = new ResponseError('NOTBUSY No scripts in execution right now.', 'NOTBUSY');
    expect(await firstSuccess([Promise.reject(notBusy), Promise.resolve(true)], 'SCRIPT KILL')).toBe(true);
    await expect(
      firstSuccess([Promise.reject(new ConnectionError('down')), Promise.reject(notBusy)], 'SCRIPT KILL'),
    ).rejects.toBe(notBusy);
    await expect(firstSuccess([], 'SCRIPT KILL')).rejects.toBeInstanceOf(ClusterError);
    expect(notInCluster('SWAPDB')).toBeInstanceOf(ClusterError);
    expect(notInCluster('SWAPDB').message).toMatch(/^SWAPDB is not supported in cluster mode/);
  });
});
