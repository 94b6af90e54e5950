/**
 * The diagnostics channels, subscribed to as a tracer would: every field of the `strict-redis:command` context for a
 * command, a failed command, a pipeline, a transaction and a cluster redirection, and the connection-life channels.
 */
import diagnostics from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { keySlot } from '../../src/cluster/slot.js';
import {
  type CommandTraceContext,
  type ConnectMessage,
  type ReconnectMessage,
  type RedirectionMessage,
  type RefreshMessage,
  StrictRedis,
  StrictRedisCluster,
  WrongTypeError,
} from '../../src/index.js';
import { waitFor } from '../harness/raw.js';

const topology = inject('redis');
const { standalone } = topology;
const clusterSeed = topology.cluster.nodes[0];
const P = 'obs-trace:';

type Event = { kind: 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error'; context: CommandTraceContext };

let events: Event[] = [];
const channel = diagnostics.tracingChannel<CommandTraceContext>('strict-redis:command');
const handlers = {
  start: (context: CommandTraceContext) => events.push({ kind: 'start', context }),
  end: (context: CommandTraceContext) => events.push({ kind: 'end', context }),
  asyncStart: (context: CommandTraceContext) => events.push({ kind: 'asyncStart', context }),
  asyncEnd: (context: CommandTraceContext) => events.push({ kind: 'asyncEnd', context }),
  error: (context: CommandTraceContext) => events.push({ kind: 'error', context }),
};

/** Collects what one channel publishes while `fn` runs. */
async function heard<T>(name: string, fn: () => Promise<unknown>): Promise<T[]> {
  const seen: T[] = [];
  const listener = (message: unknown) => seen.push(message as T);
  diagnostics.subscribe(name, listener);
  try {
    await fn();
  } finally {
    diagnostics.unsubscribe(name, listener);
  }
  return seen;
}

let r: StrictRedis;

beforeAll(async () => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port, db: 0 });
  await r.connect();
  channel.subscribe(handlers);
});

afterEach(() => {
  events = [];
});

afterAll(async () => {
  channel.unsubscribe(handlers);
  await r.delete(`${P}s`, `${P}l`, `${P}a`, `${P}b`);
  await r.close();
});

describe('strict-redis:command on StrictRedis', () => {
  it('traces a command: start, end, asyncStart, asyncEnd on one context carrying every field', async () => {
    await r.set(`${P}s`, 'value');
    events = [];
    expect(await r.get(`${P}s`)).toBe('value');
    expect(events.map((e) => e.kind)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    const context = events[0].context;
    expect(events.every((e) => e.context === context)).toBe(true);
    expect(context).toMatchObject({
      system: 'redis',
      command: 'GET',
      statement: 'GET ?',
      serverAddress: standalone.host,
      serverPort: standalone.port,
      database: 0,
      batchSize: undefined,
      commands: undefined,
      redirections: 0,
      result: 'value',
    });
    expect(context.error).toBeUndefined();
    expect(context.attributes()).toEqual({
      'db.system': 'redis',
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'db.query.text': 'GET ?',
      'db.statement': 'GET ?',
      'db.namespace': '0',
      'db.redis.database_index': 0,
      'server.address': standalone.host,
      'server.port': standalone.port,
    });
  });

  it('traces a failed command: error, then asyncStart and asyncEnd, the error naming the command', async () => {
    await r.set(`${P}s`, 'not a list');
    events = [];
    const error = await r.lpush(`${P}s`, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongTypeError);
    expect(events.map((e) => e.kind)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const context = events[0].context;
    expect(context.error).toBe(error);
    expect(context).toMatchObject({ command: 'LPUSH', statement: 'LPUSH ? ?', serverPort: standalone.port });
    expect((error as WrongTypeError).command).toBe('LPUSH');
    expect((error as WrongTypeError).message).toMatch(/^LPUSH: WRONGTYPE /);
  });

  it('traces a pipeline and a transaction as one batch each', async () => {
    const pipe = r.pipeline({ transaction: false });
    pipe.set(`${P}a`, '1').incr(`${P}a`).get(`${P}a`);
    expect(await pipe.execute()).toEqual([true, 2, '2']);
    const tx = r.pipeline();
    tx.set(`${P}b`, '1').set(`${P}b`, '2');
    expect(await tx.execute()).toEqual([true, true]);
    const starts = events.filter((e) => e.kind === 'start').map((e) => e.context);
    expect(starts).toHaveLength(2);
    expect(starts[0]).toMatchObject({
      system: 'redis',
      command: 'PIPELINE',
      batchSize: 3,
      commands: ['SET', 'INCR', 'GET'],
      statement: 'SET ? ?\nINCR ?\nGET ?',
      serverAddress: standalone.host,
      serverPort: standalone.port,
      database: 0,
      result: [true, 2, '2'],
    });
    expect(starts[0].attributes()).toMatchObject({ 'db.operation.name': 'PIPELINE', 'db.operation.batch.size': 3 });
    expect(starts[1]).toMatchObject({ command: 'MULTI', batchSize: 2, commands: ['SET', 'SET'] });
    expect(starts[1].attributes()).toMatchObject({ 'db.operation.name': 'BATCH SET' });
  });

  it('shows arguments only with trace_arguments, and never a password', async () => {
    const shown = new StrictRedis({ host: standalone.host, port: standalone.port, trace_arguments: true });
    try {
      await shown.set(`${P}s`, 'visible');
      await shown.execute_command('AUTH', 'not-the-password').catch(() => {});
      const statements = events.filter((e) => e.kind === 'start').map((e) => e.context.statement);
      expect(statements).toContain(`SET ${P}s visible`);
      expect(statements).toContain('AUTH ?');
      expect(JSON.stringify(statements)).not.toContain('not-the-password');
    } finally {
      await shown.close();
    }
  });

  it('costs no context when nobody listens', async () => {
    channel.unsubscribe(handlers);
    try {
      await r.get(`${P}s`);
      expect(events).toHaveLength(0);
    } finally {
      channel.subscribe(handlers);
    }
  });
});

describe('connection-life channels', () => {
  it('strict-redis:connect when a connection is ready, strict-redis:reconnect when it is lost', async () => {
    const c = new StrictRedis({ host: standalone.host, port: standalone.port, db: 1 });
    try {
      const connects = await heard<ConnectMessage>('strict-redis:connect', () => c.connect());
      expect(connects).toEqual([
        { serverAddress: standalone.host, serverPort: standalone.port, database: 1, attempt: 0 },
      ]);
      const id = (await c.client_id()) as number;
      const reconnects: ReconnectMessage[] = [];
      const listener = (m: unknown) => reconnects.push(m as ReconnectMessage);
      diagnostics.subscribe('strict-redis:reconnect', listener);
      try {
        await r.execute_command('CLIENT', 'KILL', 'ID', String(id));
        await waitFor('a reconnect', async () => reconnects.length > 0);
      } finally {
        diagnostics.unsubscribe('strict-redis:reconnect', listener);
      }
      expect(reconnects[0]).toMatchObject({ serverAddress: standalone.host, serverPort: standalone.port, attempt: 1 });
      expect(await c.ping()).toBe(true);
      expect(c.stats().nodes[0].reconnects).toBeGreaterThanOrEqual(1);
    } finally {
      await c.close();
    }
  });
});

describe('strict-redis:command on StrictRedisCluster', () => {
  let rc: StrictRedisCluster;

  beforeAll(async () => {
    rc = new StrictRedisCluster({ startup_nodes: [{ host: clusterSeed.host, port: clusterSeed.port }] });
    const refreshes = await heard<RefreshMessage>('strict-redis:topology-refresh', () => rc.connect());
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].masters).toBeGreaterThanOrEqual(3);
    expect(refreshes[0].nodes).toBeGreaterThanOrEqual(refreshes[0].masters!);
    expect(refreshes[0].error).toBeUndefined();
  });

  afterAll(async () => {
    await rc.delete(`${P}c`);
    await rc.close();
  });

  it('traces a command with the node it went to', async () => {
    const key = `${P}c`;
    await rc.set(key, 'here');
    const owner = rc.slotTable!.masterFor(keySlot(key))!;
    const context = events[0].context;
    expect(context).toMatchObject({
      command: 'SET',
      statement: 'SET ? ?',
      serverAddress: owner.host,
      serverPort: owner.port,
      nodes: [`${owner.host}:${owner.port}`],
      database: 0,
      redirections: 0,
      result: true,
    });
  });

  it('traces a redirection: the node that answered MOVED, then the owner, and the redirection channel', async () => {
    const key = `${P}c`;
    const slot = keySlot(key);
    const owner = rc.slotTable!.masterFor(slot)!;
    const wrong = rc.slotTable!.masters().find((m) => m.port !== owner.port)!;
    await rc.set(key, 'moved');
    events = [];
    // A stale map: the client believes another master serves the slot, which answers MOVED.
    rc.slotTable!.patchSlot(slot, wrong.host, wrong.port);
    const redirections = await heard<RedirectionMessage>('strict-redis:redirection', async () => {
      expect(await rc.get(key)).toBe('moved');
    });
    expect(events.map((e) => e.kind)).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    const context = events[0].context;
    expect(context).toMatchObject({
      command: 'GET',
      statement: 'GET ?',
      serverAddress: owner.host,
      serverPort: owner.port,
      nodes: [`${wrong.host}:${wrong.port}`, `${owner.host}:${owner.port}`],
      redirections: 1,
      database: 0,
      result: 'moved',
    });
    expect(redirections).toEqual([
      { kind: 'MOVED', command: 'GET', slot, from: `${wrong.host}:${wrong.port}`, to: `${owner.host}:${owner.port}` },
    ]);
    const stats = rc.stats().nodes.find((n) => n.address === `${wrong.host}:${wrong.port}`)!;
    expect(stats.redirections).toBeGreaterThanOrEqual(1);
    expect(stats.errors.MovedError).toBeGreaterThanOrEqual(1);
  });

  it('traces a failed cluster command and a cluster pipeline', async () => {
    const key = `${P}c`;
    await rc.set(key, 'string');
    events = [];
    const error = await rc.lpush(key, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongTypeError);
    expect(events.map((e) => e.kind)).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    expect(events[0].context).toMatchObject({ command: 'LPUSH', error });
    events = [];
    const pipe = rc.pipeline();
    pipe.get(key).get(`${P}other{x}`);
    await pipe.execute();
    const batch = events.find((e) => e.kind === 'start')!.context;
    expect(batch).toMatchObject({ command: 'PIPELINE', batchSize: 2, commands: ['GET', 'GET'] });
    expect(batch.nodes.length).toBeGreaterThanOrEqual(1);
  });
});
