/**
 * Server administration declarations without a server: the argument vectors redis-py's forms build, and the
 * DataErrors for wrong forms (raised before anything is sent, naming no value).
 */
import { describe, expect, it } from 'vitest';
import { buildCommand } from '../../../src/client/runner.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { DataError } from '../../../src/index.js';

const argv = (method: string, ...args: unknown[]) =>
  buildCommand(COMMAND_SPECS[method], args, false).args.map((a) => (Buffer.isBuffer(a) ? a.toString() : a));
const fails =
  (method: string, ...args: unknown[]) =>
  () =>
    buildCommand(COMMAND_SPECS[method], args, false);

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
