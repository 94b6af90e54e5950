import { describe, expect, it } from 'vitest';
import { normalizeOptions } from '../../../../src/client/options.js';
import { normalizeClusterOptions } from '../../../../src/cluster/cluster-options.js';
import { COMMAND_SPECS } from '../../../../src/commands/registry.js';
import { CommandFlags } from '../../../../src/connection/command.js';
import { DataError } from '../../../../src/errors.js';

describe('cacheable declarations', () => {
  const cacheable = Object.values(COMMAND_SPECS).filter((spec) => spec.cacheable === true);

  it('are read-only, non-blocking commands with keys that change no connection state', () => {
    expect(cacheable.length).toBeGreaterThan(30);
    for (const spec of cacheable) {
      expect(spec.flags & CommandFlags.ReadOnly, spec.name).toBe(CommandFlags.ReadOnly);
      expect(spec.flags & CommandFlags.Blocking, spec.name).toBe(0);
      expect(spec.keys, spec.name).toBeDefined();
      expect(spec.session, spec.name).toBeUndefined();
      expect(spec.route, spec.name).toBeUndefined();
    }
  });

  it('include the common reads and none whose reply depends on time, chance or the connection', () => {
    const names = new Set(cacheable.map((spec) => spec.name));
    for (const name of ['GET', 'HGETALL', 'HGET', 'SMEMBERS', 'ZRANGE', 'LRANGE', 'EXISTS', 'TYPE', 'STRLEN']) {
      expect(names.has(name), name).toBe(true);
    }
    const never = ['TTL', 'PTTL', 'EXPIRETIME', 'RANDOMKEY', 'SRANDMEMBER', 'HRANDFIELD', 'ZRANDMEMBER', 'OBJECT'];
    for (const name of [...never, 'SCAN', 'KEYS', 'DBSIZE', 'OBJECT ENCODING', 'OBJECT FREQ', 'PFCOUNT', 'TOUCH']) {
      expect(names.has(name), name).toBe(false);
    }
  });
});

describe('the cache option', () => {
  it('needs RESP3', () => {
    expect(() => normalizeOptions({ cache: true })).toThrow(DataError);
    expect(() => normalizeOptions({ cache: {}, protocol: 2 })).toThrow(/protocol: 3/);
  });

  it('takes defaults, bounds and redis-py spellings', () => {
    expect(normalizeOptions({ protocol: 3 }).cache).toBeUndefined();
    expect(normalizeOptions({ protocol: 3, cache: false }).cache).toBeUndefined();
    expect(normalizeOptions({ protocol: 3, cache: true }).cache).toEqual({
      maxEntries: 10_000,
      maxBytes: 64 * 1024 * 1024,
      ttlMs: 0,
    });
    expect(normalizeOptions({ protocol: 3, cache_config: { max_size: 5, ttl: 1.5 } }).cache).toEqual({
      maxEntries: 5,
      maxBytes: 64 * 1024 * 1024,
      ttlMs: 1500,
    });
    expect(normalizeOptions({ protocol: 3, cacheConfig: { max_bytes: 1000 } }).cache?.maxBytes).toBe(1000);
  });

  it('refuses unknown keys, bad values and both spellings at once', () => {
    expect(() => normalizeOptions({ protocol: 3, cache: { max_entry: 5 } as never })).toThrow(
      /unknown option 'max_entry'/,
    );
    expect(() => normalizeOptions({ protocol: 3, cache: { max_entries: 0 } })).toThrow(DataError);
    expect(() => normalizeOptions({ protocol: 3, cache: { ttl: -1 } })).toThrow(DataError);
    expect(() => normalizeOptions({ protocol: 3, cache: {}, cache_config: {} })).toThrow(DataError);
    expect(() => normalizeOptions({ protocol: 3, cache: { max_entries: 1, max_size: 1 } })).toThrow(DataError);
  });

  it('is a cluster option too', () => {
    const options = normalizeClusterOptions({
      startup_nodes: [{ host: '127.0.0.1', port: 7000 }],
      protocol: 3,
      cache: {},
    });
    expect(options.node.cache?.maxEntries).toBe(10_000);
    expect(() => normalizeClusterOptions({ startup_nodes: [{ host: '127.0.0.1', port: 7000 }], cache: {} })).toThrow(
      DataError,
    );
  });
});
