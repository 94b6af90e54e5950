/**
 * Server administration replies without a server: the parsers for both protocols' shapes, MONITOR lines, SHUTDOWN's
 * connection loss as success, and how a cluster merges the replies of a fan-out.
 */
import { describe, expect, it } from 'vitest';
import { parseMonitorLine } from '../../../src/client/monitor.js';
import { buildCommand } from '../../../src/client/runner.js';
import { firstSuccess, mergeReplies, notInCluster, PER_NODE_METHODS } from '../../../src/cluster/fan-out.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { ClientClosedError, ClusterError, ConnectionError, ResponseError } from '../../../src/index.js';

const reply = (method: string, raw: unknown, ...args: unknown[]) => {
  const command = buildCommand(COMMAND_SPECS[method], args, false);
  return command.transform === undefined ? raw : command.transform(raw as never, command);
};

describe('reply shapes (RESP2 and RESP3 give the same value)', () => {
  it('info: redis-py parse_info, flat', () => {
    const text =
      '# Server\r\nredis_version:7.0.15\r\ntcp_port:6379\r\nmem_fragmentation_ratio:1.25\r\n' +
      'cmdstat_host:calls=1,usec=2\r\ncmdstat_get:calls=3,usec=4,usec_per_call=1.33\r\n' +
      'module:name=search,ver=20000\r\nmodule:name=json,ver=1\r\nlist:a,b,1\r\nflags:x,y=1\r\n' +
      'big:12345678901234567890\r\nrawline\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n';
    const info = reply('info', text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
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
