/**
 * The client-side cache without a server: a Connection that never connects stands in for the tracked connection
 * (pushes and session ends are emitted by hand) and a sender that keeps the commands lets each test decide when a
 * reply arrives, and what crosses it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CachedReadSender, ClientCache } from '../../../../src/client/cache/client-cache.js';
import type { NormalizedCacheOptions } from '../../../../src/client/cache/options.js';
import { buildCommand } from '../../../../src/client/runner.js';
import { COMMAND_SPECS } from '../../../../src/commands/registry.js';
import type { Command } from '../../../../src/connection/command.js';
import { Connection } from '../../../../src/connection/connection.js';
import { defaultConnectionConfig } from '../../../../src/connection/options.js';
import type { RespValue } from '../../../../src/protocol/types.js';

function setup(options: Partial<NormalizedCacheOptions> = {}) {
  const connection = new Connection(defaultConnectionConfig({ protocol: 3 }));
  const cache = new ClientCache({ maxEntries: 100, maxBytes: 1 << 20, ttlMs: 0, ...options });
  cache.track(connection);
  const sent: Command[] = [];
  const send: CachedReadSender = (command, _slot, observer) => {
    observer.sentOn(connection);
    sent.push(command);
    return command.promise;
  };
  /** Runs a method through the cache; undefined when the cache passes it on. */
  const run = (method: string, args: unknown[], buffers = false) =>
    cache.run(COMMAND_SPECS[method], buildCommand(COMMAND_SPECS[method], args, buffers, 0, true), send);
  /** The server answers the oldest read sent. */
  const reply = (value: RespValue) => sent.shift()!.resolve(value);
  const invalidate = (...keys: string[]) =>
    connection.emit('push', [Buffer.from('invalidate'), keys.length === 0 ? null : keys.map((k) => Buffer.from(k))]);
  const endSession = () => {
    connection.session++;
    connection.emit('session-end');
  };
  return { connection, cache, run, reply, invalidate, endSession, sent };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientCache', () => {
  it('answers a repeated read from the cache and counts hits and misses', async () => {
    const { cache, run, reply, sent } = setup();
    const first = run('get', ['k'])!;
    reply('v1');
    await expect(first).resolves.toBe('v1');
    await expect(run('get', ['k'])).resolves.toBe('v1');
    expect(sent).toEqual([]);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, evictions: 0, invalidations: 0 });
    expect(cache.stats().bytes).toBeGreaterThan(0);
  });

  it('turns tracking on in the handshake of the connection it tracks', () => {
    const { connection } = setup();
    expect(connection.sessionCommands).toEqual([['CLIENT', 'TRACKING', 'ON']]);
  });

  it('drops an entry when the server invalidates its key', async () => {
    const { cache, run, reply, invalidate } = setup();
    const first = run('get', ['k'])!;
    reply('v1');
    await first;
    invalidate('k');
    expect(cache.stats()).toMatchObject({ entries: 0, invalidations: 1 });
    const second = run('get', ['k'])!;
    reply('v2');
    await expect(second).resolves.toBe('v2');
  });

  it('does not store a reply whose key was invalidated while the read was in flight', async () => {
    const { cache, run, reply, invalidate } = setup();
    const read = run('get', ['k'])!;
    invalidate('k');
    reply('old');
    await expect(read).resolves.toBe('old');
    expect(cache.size).toBe(0);
    // A read sent after the invalidation is stored.
    const next = run('get', ['k'])!;
    reply('new');
    await next;
    expect(cache.size).toBe(1);
  });

  it('stores neither of two crossing reads when the invalidation came between them', async () => {
    const { cache, run, reply, invalidate } = setup();
    const a = run('get', ['k'])!;
    const b = run('get', ['k'])!;
    reply('v1');
    invalidate('k');
    reply('v2');
    await Promise.all([a, b]);
    expect(cache.size).toBe(0);
  });

  it('does not store a reply read in a session that ended, and drops what a session learned when it ends', async () => {
    const { cache, run, reply, endSession } = setup();
    const kept = run('get', ['a'])!;
    reply('1');
    await kept;
    const lost = run('get', ['b'])!;
    endSession();
    expect(cache.stats()).toMatchObject({ entries: 0, invalidations: 1 });
    reply('2');
    await expect(lost).resolves.toBe('2');
    expect(cache.size).toBe(0);
  });

  it('treats an entry of an ended session as a miss even before the session-end event is handled', async () => {
    const { connection, run, reply, sent } = setup();
    const first = run('get', ['k'])!;
    reply('v1');
    await first;
    connection.session++;
    const again = run('get', ['k'])!;
    expect(sent).toHaveLength(1);
    reply('v2');
    await expect(again).resolves.toBe('v2');
  });

  it('drops everything read over the connection on a flush push (no key list), in flight included', async () => {
    const { cache, run, reply, invalidate } = setup();
    for (const key of ['a', 'b']) {
      const read = run('get', [key])!;
      reply(key);
      await read;
    }
    const inflight = run('get', ['c'])!;
    invalidate();
    reply('c');
    await inflight;
    expect(cache.stats()).toMatchObject({ entries: 0, invalidations: 2 });
  });

  it('does not store a reply that came from a copy of the command sent elsewhere (a redirection)', async () => {
    const { cache, run, sent } = setup();
    const read = run('get', ['k'])!;
    const original = sent.shift()!;
    // What the cluster executor does after MOVED: the same arguments and transform on a new command object, whose
    // reply then settles the caller's promise.
    const elsewhere = { args: original.args, flags: original.flags } as unknown as Command;
    expect(original.transform!('moved-value', elsewhere)).toBe('moved-value');
    original.adopt(Promise.resolve('moved-value'));
    await expect(read).resolves.toBe('moved-value');
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond max_entries', async () => {
    const { cache, run, reply } = setup({ maxEntries: 2 });
    for (const key of ['a', 'b']) {
      const read = run('get', [key])!;
      reply(key);
      await read;
    }
    await run('get', ['a']); // a is now the most recently used
    const c = run('get', ['c'])!;
    reply('c');
    await c;
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 1 });
    await expect(run('get', ['a'])).resolves.toBe('a');
    expect(cache.stats().hits).toBe(2);
  });

  it('stays within max_bytes, and does not store a reply larger than the bound', async () => {
    const { cache, run, reply } = setup({ maxBytes: 4096 });
    for (let i = 0; i < 20; i++) {
      const read = run('get', [`key:${i}`])!;
      reply('x'.repeat(500));
      await read;
      expect(cache.stats().bytes).toBeLessThanOrEqual(4096);
    }
    expect(cache.stats().evictions).toBeGreaterThan(0);
    const big = run('get', ['big'])!;
    reply('y'.repeat(5000));
    await expect(big).resolves.toHaveLength(5000);
    expect(cache.stats().bytes).toBeLessThanOrEqual(4096);
    expect(run('get', ['big'])).not.toBeUndefined();
    expect(cache.stats().misses).toBe(22);
  });

  it('serves an entry no longer than its ttl', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { cache, run, reply } = setup({ ttlMs: 1000 });
    const read = run('get', ['k'])!;
    reply('v');
    await read;
    vi.advanceTimersByTime(999);
    await expect(run('get', ['k'])).resolves.toBe('v');
    vi.advanceTimersByTime(1);
    const after = run('get', ['k'])!;
    reply('v2');
    await expect(after).resolves.toBe('v2');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, evictions: 1 });
  });

  it('hands out copies: a caller mutating a reply does not change the cache', async () => {
    const { run, reply } = setup();
    const read = run('lrange', ['list', 0, -1])!;
    reply(['a', 'b']);
    const got = (await read) as string[];
    got.push('mutated');
    await expect(run('lrange', ['list', 0, -1])).resolves.toEqual(['a', 'b']);
    const bytes = run('get', ['bin'], true)!;
    reply(Buffer.from('abc'));
    const buffer = (await bytes) as Buffer;
    buffer[0] = 0x7a;
    await expect(run('get', ['bin'], true)).resolves.toEqual(Buffer.from('abc'));
  });

  it('caches string and Buffer replies apart', async () => {
    const { run, reply, sent } = setup();
    const text = run('get', ['k'])!;
    reply('v');
    await text;
    const bytes = run('get', ['k'], true)!;
    expect(sent).toHaveLength(1);
    reply(Buffer.from('v'));
    await expect(bytes).resolves.toEqual(Buffer.from('v'));
    await expect(run('get', ['k'])).resolves.toBe('v');
  });

  it('keys reads by command and arguments, and invalidates every entry of a key', async () => {
    const { cache, run, reply, invalidate } = setup();
    for (const [method, args, value] of [
      ['hget', ['h', 'f1'], 'a'],
      ['hget', ['h', 'f2'], 'b'],
      ['hlen', ['h'], 2],
    ] as const) {
      const read = run(method, [...args])!;
      reply(value);
      await read;
    }
    await expect(run('hget', ['h', 'f2'])).resolves.toBe('b');
    expect(cache.size).toBe(3);
    invalidate('h');
    expect(cache.size).toBe(0);
  });

  it('matches invalidations by the bytes of the key, for text and binary keys', async () => {
    const { cache, run, reply, connection } = setup();
    const text = run('get', ['clé'])!;
    reply('1');
    await text;
    const binary = run('get', [Buffer.from([0xff, 0x00])])!;
    reply('2');
    await binary;
    connection.emit('push', [Buffer.from('invalidate'), [Buffer.from('clé')]]);
    connection.emit('push', [Buffer.from('invalidate'), [Buffer.from([0xff, 0x00])]]);
    expect(cache.size).toBe(0);
  });

  it('drops the keys of a write sent through the client, and the replies of reads of them in flight', async () => {
    const { cache, run, reply } = setup();
    const read = run('get', ['k'])!;
    reply('v1');
    await read;
    const inflight = run('get', ['other'])!;
    expect(run('set', ['k', 'v2'])).toBeUndefined();
    expect(run('delete', ['other', 'k'])).toBeUndefined();
    reply('x');
    await inflight;
    expect(cache.size).toBe(0);
  });

  it('caches one-key calls only, and passes on commands that are not cacheable', async () => {
    const { run, reply } = setup();
    expect(run('exists', ['a', 'b'])).toBeUndefined();
    expect(run('ttl', ['a'])).toBeUndefined();
    expect(run('srandmember', ['s'])).toBeUndefined();
    const one = run('exists', ['a'])!;
    reply(1);
    await expect(one).resolves.toBe(1);
  });

  it('flushes everything on flush() and when the connection changes database or user', async () => {
    const { cache, run, reply } = setup();
    const read = run('get', ['k'])!;
    reply('v');
    await read;
    expect(cache.flush()).toBe(1);
    const again = run('get', ['k'])!;
    expect(run('select', [1])).toBeUndefined();
    reply('v');
    await again;
    expect(cache.size).toBe(0);
  });

  it('refuses CLIENT TRACKING, which would turn its invalidations off', async () => {
    const { run } = setup();
    await expect(run('client_tracking', [false])).rejects.toThrow(/client-side cache/);
  });

  it('hands an error reply to the caller and stores nothing', async () => {
    const { cache, run, sent } = setup();
    const read = run('get', ['k'])!;
    sent.shift()!.reject(new Error('WRONGTYPE'));
    await expect(read).rejects.toThrow('WRONGTYPE');
    expect(cache.size).toBe(0);
    const next = run('get', ['k'])!;
    sent.shift()!.resolve('v');
    await next;
    expect(cache.size).toBe(1);
  });
});
