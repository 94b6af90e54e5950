import { describe, expect, it } from 'vitest';
import { isValidHost, isValidPort } from '../../../src/cluster/address.js';
import { applyNatMap, type NatMap } from '../../../src/cluster/address-map.js';
import { DataError } from '../../../src/errors.js';

describe('applyNatMap', () => {
  it('returns the announced address without a map or a match', () => {
    expect(applyNatMap(undefined, '10.0.0.1', 7000)).toEqual({ host: '10.0.0.1', port: 7000 });
    expect(applyNatMap({ '10.0.0.2:7000': { host: 'x', port: 1 } }, '10.0.0.1', 7000)).toEqual({
      host: '10.0.0.1',
      port: 7000,
    });
  });

  it('maps host:port keys, preferring them over bare-host keys', () => {
    const map: NatMap = {
      '10.0.0.1:7000': { host: 'public.example', port: 30001 },
      '10.0.0.1': { host: 'gateway.example' },
    };
    expect(applyNatMap(map, '10.0.0.1', 7000)).toEqual({ host: 'public.example', port: 30001 });
    expect(applyNatMap(map, '10.0.0.1', 7001)).toEqual({ host: 'gateway.example', port: 7001 });
  });

  it('lets a bare-host key also set the port', () => {
    expect(applyNatMap({ h: { host: 'g', port: 9 } }, 'h', 7000)).toEqual({ host: 'g', port: 9 });
  });

  it('accepts IPv6 keys with or without brackets', () => {
    expect(applyNatMap({ '[::1]:7000': { host: 'a', port: 1 } }, '::1', 7000)).toEqual({ host: 'a', port: 1 });
    expect(applyNatMap({ '::1:7000': { host: 'b', port: 2 } }, '::1', 7000)).toEqual({ host: 'b', port: 2 });
  });

  it('ignores inherited properties such as __proto__ and constructor', () => {
    expect(applyNatMap({}, 'constructor', 7000)).toEqual({ host: 'constructor', port: 7000 });
    expect(applyNatMap({}, '__proto__', 7000)).toEqual({ host: '__proto__', port: 7000 });
    expect(applyNatMap({}, 'toString', 7000)).toEqual({ host: 'toString', port: 7000 });
  });

  it('uses a function map, undefined meaning unchanged', () => {
    const seen: Array<{ host: string; port: number }> = [];
    const map: NatMap = (address) => {
      seen.push(address);
      return address.port === 7000 ? { host: 'nat.example', port: 17000 } : undefined;
    };
    expect(applyNatMap(map, '10.0.0.1', 7000)).toEqual({ host: 'nat.example', port: 17000 });
    expect(applyNatMap(map, '10.0.0.1', 7001)).toEqual({ host: '10.0.0.1', port: 7001 });
    expect(seen).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.1', port: 7001 },
    ]);
  });

  it.each([
    ['an empty host', { h: { host: '', port: 1 } }],
    ['a host with a space', { h: { host: 'a b', port: 1 } }],
    ['port 0', { h: { host: 'a', port: 0 } }],
    ['port 70000', { h: { host: 'a', port: 70000 } }],
    ['a non-object target', { h: 'a:1' }],
    ['a null target', { h: null }],
  ])('rejects a record entry with %s', (_name, map) => {
    expect(() => applyNatMap(map as unknown as NatMap, 'h', 7000)).toThrow(DataError);
  });

  it('rejects invalid function results and invalid maps', () => {
    expect(() => applyNatMap(() => ({ host: 'a', port: 1.5 }), 'h', 7000)).toThrow(DataError);
    expect(() => applyNatMap(() => ({ host: 5 }) as unknown as { host: string; port: number }, 'h', 7000)).toThrow(
      DataError,
    );
    expect(() => applyNatMap('h' as unknown as NatMap, 'h', 7000)).toThrow(DataError);
  });
});

describe('address validation', () => {
  it('accepts real hosts and ports, rejects the rest', () => {
    expect(isValidHost('10.0.0.1')).toBe(true);
    expect(isValidHost('::1')).toBe(true);
    expect(isValidHost('redis-0.redis.default.svc.cluster.local')).toBe(true);
    expect(isValidHost('')).toBe(false);
    expect(isValidHost('a\nb')).toBe(false);
    expect(isValidHost('x'.repeat(256))).toBe(false);
    expect(isValidHost(7)).toBe(false);
    expect(isValidPort(1)).toBe(true);
    expect(isValidPort(65535)).toBe(true);
    expect(isValidPort(0)).toBe(false);
    expect(isValidPort(65536)).toBe(false);
    expect(isValidPort('7000')).toBe(false);
  });
});
