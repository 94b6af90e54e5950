/** Parsing what sentinels say (untrusted), the constructor's arguments and the redis+sentinel:// URL form. */
import { describe, expect, it } from 'vitest';
import { DataError, ProtocolError, Sentinel } from '../../../src/index.js';
import { parseInstances, parseMasterAddress, parseRole, parseSwitchMaster } from '../../../src/sentinel/replies.js';
import { normalizeSentinelOptions, parseSentinelUrl } from '../../../src/sentinel/sentinel-options.js';

describe('sentinel replies', () => {
  it('GET-MASTER-ADDR-BY-NAME: [host, port], null for an unknown service, ProtocolError when malformed', () => {
    expect(parseMasterAddress(['10.0.0.5', '6380'])).toEqual({ host: '10.0.0.5', port: 6380 });
    expect(parseMasterAddress(null)).toBeNull();
    for (const bad of [['h'], ['h', '0'], ['h', '70000'], ['h', '12x'], ['', '1'], ['a b', '1'], 'h:1', [1, '1']]) {
      expect(() => parseMasterAddress(bad), JSON.stringify(bad)).toThrow(ProtocolError);
    }
  });

  it('instances from RESP2 pairs and RESP3 maps; s_down, o_down and disconnected are unhealthy', () => {
    const resp2 = [
      ['name', 'a', 'ip', '10.0.0.1', 'port', '6379', 'flags', 'slave'],
      ['ip', '10.0.0.2', 'port', '6379', 'flags', 'slave,s_down'],
      ['ip', '10.0.0.3', 'port', '6379', 'flags', 'slave,o_down,disconnected'],
    ];
    expect(parseInstances(resp2, 'SENTINEL REPLICAS').map((r) => [r.host, r.healthy])).toEqual([
      ['10.0.0.1', true],
      ['10.0.0.2', false],
      ['10.0.0.3', false],
    ]);
    const resp3 = [
      new Map<unknown, unknown>([
        ['ip', '10.0.0.4'],
        ['port', 26379],
        ['flags', 'sentinel'],
      ]),
    ];
    expect(parseInstances(resp3 as never, 'SENTINEL SENTINELS')).toEqual([
      { host: '10.0.0.4', port: 26379, flags: ['sentinel'], healthy: true },
    ]);
    expect(() => parseInstances('x', 'SENTINEL REPLICAS')).toThrow(ProtocolError);
    expect(() => parseInstances([['ip', '10.0.0.1', 'port']], 'SENTINEL REPLICAS')).toThrow(ProtocolError);
    expect(() => parseInstances([['ip', '10.0.0.1']], 'SENTINEL REPLICAS')).toThrow(ProtocolError);
  });

  it('server-controlled field names never reach a prototype', () => {
    const [record] = parseInstances(
      [['__proto__', 'x', 'ip', '10.0.0.1', 'port', '1', 'flags', '']],
      'SENTINEL REPLICAS',
    );
    expect(record.host).toBe('10.0.0.1');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('ROLE and +switch-master', () => {
    expect(parseRole(['master', 10, []])).toEqual({ role: 'master' });
    expect(parseRole(['slave', '10.0.0.1', 6379, 'connected', 10])).toEqual({ role: 'slave', linkState: 'connected' });
    expect(() => parseRole([])).toThrow(ProtocolError);
    expect(parseSwitchMaster('mymaster 10.0.0.1 6379 10.0.0.2 6380')).toEqual({
      service: 'mymaster',
      from: { host: '10.0.0.1', port: 6379 },
      to: { host: '10.0.0.2', port: 6380 },
    });
    expect(parseSwitchMaster('mymaster 10.0.0.1 6379')).toBeUndefined();
    expect(parseSwitchMaster('mymaster 10.0.0.1 6379 10.0.0.2 99999')).toBeUndefined();
  });
});

describe('Sentinel arguments', () => {
  it('sentinels as { host, port } or [host, port] (numeric strings too)', () => {
    const normalized = normalizeSentinelOptions([{ host: 'a', port: 26379 }, ['b', '26380']]);
    expect(normalized.addresses).toEqual([
      { host: 'a', port: 26379 },
      { host: 'b', port: 26380 },
    ]);
  });

  it('refuses bad addresses and unknown options (with a suggestion)', () => {
    expect(() => normalizeSentinelOptions([])).toThrow(DataError);
    expect(() => normalizeSentinelOptions([['a', 0]])).toThrow(DataError);
    expect(() => normalizeSentinelOptions([{ host: 'a', prot: 1 } as never])).toThrow(DataError);
    expect(() => new Sentinel([['a', 1]], { sentinel_kwarg: {} } as never)).toThrow(/did you mean 'sentinel_kwargs'/);
    expect(() => new Sentinel([['a', 1]], { host: 'x' } as never)).toThrow(DataError);
    const sentinel = new Sentinel([['a', 1]]);
    expect(() => sentinel.master_for('m', { port: 1 } as never)).toThrow(DataError);
    expect(() => sentinel.master_for()).toThrow(/needs a service name/);
  });

  it('sentinel connections: socket_* options by default (as redis-py), short timeouts, no reconnect waits', () => {
    const normalized = normalizeSentinelOptions([['a', 1]], { socketTimeout: 5, password: 'data-pw', db: 2 });
    expect(normalized.sentinel).toEqual({ socket_timeout: 5, socket_connect_timeout: 2, retry: false });
    expect(normalized.client).toEqual({ socket_timeout: 5, password: 'data-pw', db: 2 });
    const given = normalizeSentinelOptions([['a', 1]], { sentinel_kwargs: { password: 's', decode_responses: false } });
    expect(given.sentinel).toEqual({ socket_timeout: 2, socket_connect_timeout: 2, password: 's', retry: false });
  });
});

describe('redis+sentinel:// URLs', () => {
  it('several sentinels, the service, the db, credentials and options', () => {
    const url =
      'redis+sentinel://app:p%40ss@s1:26380,s2,[::1]:26381/my%20master/2?socket_timeout=1.5&sentinel_password=sp';
    const parsed = parseSentinelUrl(url);
    expect(parsed.sentinels).toEqual([
      { host: 's1', port: 26380 },
      { host: 's2', port: 26379 },
      { host: '::1', port: 26381 },
    ]);
    expect(parsed.service_name).toBe('my master');
    expect(parsed.options).toEqual({
      username: 'app',
      password: 'p@ss',
      db: 2,
      socket_timeout: 1.5,
      sentinel_kwargs: { password: 'sp' },
    });
    expect(parseSentinelUrl('rediss+sentinel://s1/m').options).toEqual({ ssl: true, sentinel_kwargs: { ssl: true } });
  });

  it('malformed URLs are DataErrors that do not repeat the URL', () => {
    for (const url of ['redis://h/m', 'redis+sentinel://h', 'redis+sentinel://h:1/m/2/x', 'redis+sentinel://h:x/m']) {
      let error: unknown;
      try {
        parseSentinelUrl(url);
      } catch (err) {
        error = err;
      }
      expect(error, url).toBeInstanceOf(DataError);
      expect((error as Error).message).not.toContain(url);
    }
  });

  it('Sentinel.fromUrl keeps the service name for master_for()', async () => {
    const sentinel = Sentinel.fromUrl('redis+sentinel://127.0.0.1:1/cache');
    expect(sentinel.service_name).toBe('cache');
    await sentinel.close();
  });
});
