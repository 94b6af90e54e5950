/** Unit pieces of observability: the latency histogram, reply timing, trace statements and their secrets. */
import { describe, expect, it, vi } from 'vitest';
import { Command, CommandFlags } from '../../../src/connection/command.js';
import { LatencyHistogram, NodeStats, ReplyClock } from '../../../src/connection/stats.js';
import { CommandTraceContext, secretPositions } from '../../../src/connection/tracing.js';
import { MovedError, WrongTypeError } from '../../../src/errors.js';

describe('LatencyHistogram', () => {
  it('reports quantiles within a quarter octave of the true values', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i * 10); // 10 µs … 10 ms, uniform
    expect(h.count).toBe(1000);
    const p50 = h.quantile(0.5) * 1000;
    const p99 = h.quantile(0.99) * 1000;
    expect(p50).toBeGreaterThanOrEqual(5000);
    expect(p50).toBeLessThanOrEqual(5000 * 1.25);
    expect(p99).toBeGreaterThanOrEqual(9900);
    expect(p99).toBeLessThanOrEqual(10_000);
    expect(h.maxMicros).toBe(10_000);
  });

  it('is empty after reset, and clamps what cannot be a latency', () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.5)).toBe(0);
    h.record(-5);
    h.record(0.2);
    h.record(1e12);
    expect(h.count).toBe(3);
    expect(h.quantile(0.5)).toBe(0.001);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.quantile(0.99)).toBe(0);
  });
});

describe('ReplyClock', () => {
  it('times each reply from the write of its own batch to the chunk it arrived in', () => {
    const stats = new NodeStats();
    const clock = new ReplyClock(stats);
    const now = vi.spyOn(performance, 'now');
    now.mockReturnValue(1000);
    clock.batch(2, 2); // written at 1000 ms
    now.mockReturnValue(1001);
    clock.batch(1, 1); // written at 1001 ms
    now.mockReturnValue(1003);
    clock.chunk();
    clock.reply(); // first batch: 3 ms
    clock.reply(); // first batch: 3 ms
    now.mockReturnValue(1011);
    clock.chunk();
    clock.reply(); // second batch: 10 ms
    now.mockRestore();
    expect(stats.commandsSent).toBe(3);
    expect(stats.replies).toBe(3);
    expect(stats.latency.count).toBe(3);
    expect(stats.latency.quantile(0.5)).toBeCloseTo(3, 0);
    expect(stats.latency.maxMicros).toBe(10_000);
  });

  it('counts commands without replies as sent, and forgets batches after a reset', () => {
    const stats = new NodeStats();
    const clock = new ReplyClock(stats);
    clock.batch(0, 4);
    clock.batch(2, 2);
    clock.reset();
    clock.chunk();
    clock.reply();
    expect(stats.commandsSent).toBe(6);
    expect(stats.latency.count).toBe(0);
  });

  it('keeps timing when more batches are in flight than it remembers', () => {
    const stats = new NodeStats();
    const clock = new ReplyClock(stats);
    for (let i = 0; i < 1000; i++) clock.batch(1, 1);
    clock.chunk();
    for (let i = 0; i < 1000; i++) clock.reply();
    expect(stats.latency.count).toBe(1000);
  });
});

describe('NodeStats', () => {
  it('counts errors by class and MOVED/ASK as redirections; reads queue gauges live', () => {
    const stats = new NodeStats();
    stats.failed(new WrongTypeError('WRONGTYPE x', 'WRONGTYPE'));
    stats.failed(new WrongTypeError('WRONGTYPE x', 'WRONGTYPE'));
    stats.failed(new MovedError('MOVED 1 h:1', 1, 'h', 1));
    const gauge = { inflightCount: 3, unsentCount: 2 };
    stats.attach(gauge);
    const snap = stats.snapshot('h:1');
    expect(snap.errors).toEqual({ MovedError: 1, WrongTypeError: 2 });
    expect(snap.redirections).toBe(1);
    expect(snap.inFlight).toBe(3);
    expect(snap.queued).toBe(2);
    stats.detach(gauge);
    stats.reset();
    expect(stats.snapshot('h:1')).toMatchObject({ errors: {}, redirections: 0, inFlight: 0, queued: 0 });
  });
});

describe('trace statements', () => {
  const at = { host: '10.0.0.1', port: 6380, db: 2 };
  const context = (args: string[], flags = 0) =>
    new CommandTraceContext([new Command(args, false, undefined, flags)], undefined, at);

  it('shows every argument as ? by default', () => {
    const ctx = context(['SET', 'user:1', 'secret value']);
    expect(ctx.statement).toBe('SET ? ?');
    expect(ctx.attributes()).toEqual({
      'db.system': 'redis',
      'db.system.name': 'redis',
      'db.operation.name': 'SET',
      'db.query.text': 'SET ? ?',
      'db.statement': 'SET ? ?',
      'db.namespace': '2',
      'db.redis.database_index': 2,
      'server.address': '10.0.0.1',
      'server.port': 6380,
    });
  });

  it('shows arguments with trace_arguments, never passwords', () => {
    const shown = CommandFlags.TraceArguments;
    expect(context(['SET', 'user:1', 'v'], shown).statement).toBe('SET user:1 v');
    expect(context(['AUTH', 'alice', 'pw1'], shown).statement).toBe('AUTH ? ?');
    expect(context(['HELLO', '3', 'AUTH', 'alice', 'pw2', 'SETNAME', 'app'], shown).statement).toBe(
      'HELLO 3 AUTH ? ? SETNAME app',
    );
    expect(context(['MIGRATE', 'h', '1', '', '0', '5', 'AUTH', 'pw3', 'KEYS', 'a'], shown).statement).toBe(
      'MIGRATE h 1  0 5 AUTH ? KEYS a',
    );
    expect(context(['MIGRATE', 'h', '1', 'k', '0', '5', 'AUTH2', 'u', 'pw4'], shown).statement).toBe(
      'MIGRATE h 1 k 0 5 AUTH2 ? ?',
    );
    expect(context(['ACL', 'SETUSER', 'bob', 'on', '>pw5', '#abc', '~*', '+@all'], shown).statement).toBe(
      'ACL SETUSER bob on ? ? ~* +@all',
    );
    expect(context(['CONFIG', 'SET', 'maxmemory', '1mb', 'requirepass', 'pw6'], shown).statement).toBe(
      'CONFIG SET maxmemory 1mb requirepass ?',
    );
    expect(secretPositions(['auth', 'x'])).toEqual(new Set([1]));
  });

  it('names a batch, its size and its commands', () => {
    const commands = [
      new Command(['SET', 'a', '1'], false, undefined, 0),
      new Command(['SET', 'b', '2'], false, undefined, 0),
    ];
    const ctx = new CommandTraceContext(commands, 'PIPELINE', at);
    expect(ctx.command).toBe('PIPELINE');
    expect(ctx.batchSize).toBe(2);
    expect(ctx.commands).toEqual(['SET', 'SET']);
    expect(ctx.statement).toBe('SET ? ?\nSET ? ?');
    expect(ctx.attributes()).toMatchObject({ 'db.operation.name': 'BATCH SET', 'db.operation.batch.size': 2 });
  });

  it('cuts long arguments and long argument lists', () => {
    const many = ['DEL', ...Array.from({ length: 100 }, (_, i) => `k${i}`)];
    const ctx = context(many, CommandFlags.TraceArguments);
    expect(ctx.statement.endsWith(' k63 … (36 more)')).toBe(true);
    expect(context(['GET', 'x'.repeat(500)], CommandFlags.TraceArguments).statement).toHaveLength(4 + 128 + 1);
  });
});
