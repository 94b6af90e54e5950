/**
 * AbortSignal, stats(), debug logging and errors that lead back to the caller, against a private server (DEBUG SLEEP
 * and scripts that hold it busy must not disturb the shared ones) and scripted cluster nodes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisProcess } from '../../src/admin/redis-process.js';
import { keySlot } from '../../src/cluster/slot.js';
import { AbortError, StrictRedis, StrictRedisCluster, WrongTypeError } from '../../src/index.js';
import { fakeNode, nodesLine, slotsReply } from '../harness/fake-cluster.js';
import { waitFor } from '../harness/raw.js';

const P = 'obs-ctl:';
let server: RedisProcess;
let r: StrictRedis;

/** A Lua script that keeps the server busy for `ms` (then returns 1). */
const busy = (ms: number) =>
  `local t = redis.call('TIME'); local t0 = t[1] * 1e6 + t[2]
   while true do local n = redis.call('TIME'); if n[1] * 1e6 + n[2] - t0 > ${ms * 1000} then return 1 end end`;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

beforeAll(async () => {
  server = await RedisProcess.start({ dir: mkdtempSync(join(tmpdir(), 'sr-obs-')) });
  r = new StrictRedis({ host: server.host, port: server.port });
  await r.connect();
}, 60_000);

afterAll(async () => {
  await r?.close();
  await server?.stop();
});

describe('AbortSignal', () => {
  it('aborted before it is written: AbortError, never sent', async () => {
    const controller = new AbortController();
    const blocker = r.eval(busy(300), 0);
    // Queued behind nothing on the client, but not written before this tick ends: abort now.
    const pending = r.incr(`${P}never`, { signal: controller.signal });
    controller.abort(new Error('user went away'));
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({
      outcomeUnknown: false,
      message: 'INCR: aborted before it was sent; it will not be sent',
    });
    expect((error as AbortError).cause).toEqual(new Error('user went away'));
    await blocker;
    expect(await r.get(`${P}never`)).toBeNull();
  });

  it('aborted after it is written: rejected at once, outcome unknown, the late reply dropped in order', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slow = r.eval(busy(400), 0, { signal: controller.signal });
    const after = r.set(`${P}after`, 'mine');
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(slow);
    expect(Date.now() - started).toBeLessThan(400);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).outcomeUnknown).toBe(true);
    // The command behind it still gets its own reply, and so do later ones.
    expect(await after).toBe(true);
    expect(await r.get(`${P}after`)).toBe('mine');
    expect(await r.ping()).toBe(true);
  });

  it('a signal inside the options object, on execute_command, and on a blocking command', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(r.set(`${P}o`, 'v', { ex: 10, signal: controller.signal } as never)).rejects.toBeInstanceOf(
      AbortError,
    );
    await expect(r.execute_command('GET', `${P}o`, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    const live = new AbortController();
    const blpop = r.blpop([`${P}empty`], 5, { signal: live.signal });
    setTimeout(() => live.abort(), 100);
    expect(await rejection(blpop)).toMatchObject({ name: 'AbortError', outcomeUnknown: true });
    // The blocked connection was closed rather than lent again: a later push is not lost to it.
    await r.rpush(`${P}empty`, 'x');
    expect(await r.blpop([`${P}empty`], 1)).toEqual([`${P}empty`, 'x']);
  });

  it('pipelines: execute({ signal }) before anything is sent, and after', async () => {
    const before = new AbortController();
    before.abort();
    const pipe = r.pipeline({ transaction: false });
    pipe.incr(`${P}p`);
    await expect(pipe.execute({ signal: before.signal })).rejects.toMatchObject({ outcomeUnknown: false });
    expect(await r.get(`${P}p`)).toBeNull();

    const during = new AbortController();
    const blocker = r.eval(busy(300), 0);
    const tx = r.pipeline();
    tx.incr(`${P}p`).incr(`${P}p`);
    const running = tx.execute({ signal: during.signal });
    setTimeout(() => during.abort(), 50);
    expect(await rejection(running)).toMatchObject({ name: 'AbortError', outcomeUnknown: true });
    await blocker;
    // A transaction that was sent runs as a whole. It ran on a connection of its own, and Redis does not order commands
    // across connections: a read on the shared one may be served first, so wait for it — it is never '1'.
    await waitFor('the transaction to run', async () => {
      const value = await r.get(`${P}p`);
      expect(value === null || value === '2').toBe(true);
      return value === '2';
    });
    await r.delete(`${P}p`, `${P}after`);
  });

  it('stops the cluster’s retry loop', async () => {
    const slot = keySlot('k');
    let tries = 0;
    const node = await fakeNode(
      () => slotsReply([{ from: 0, to: 16383, ports: [node.port] }]),
      () => nodesLine(node, 'myself,master', '-', '0-16383'),
      (args) => {
        if (args[0] !== 'GET') return undefined;
        tries++;
        return `-TRYAGAIN Multiple keys request during rehashing of slot ${slot}\r\n`;
      },
    );
    const rc = new StrictRedisCluster({ startup_nodes: [{ host: '127.0.0.1', port: node.port }] });
    try {
      const controller = new AbortController();
      const pending = rc.get('k', { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const seen = tries;
      expect(seen).toBeGreaterThan(0);
      controller.abort();
      const error = await rejection(pending);
      expect(error).toBeInstanceOf(AbortError);
      expect((error as AbortError).outcomeUnknown).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(tries).toBeLessThanOrEqual(seen + 1);
    } finally {
      rc.disconnect();
      await node.server.close();
    }
  });
});

describe('stats()', () => {
  it('counts commands, errors by class, in flight, and reply latency', async () => {
    const c = new StrictRedis({ host: server.host, port: server.port });
    try {
      await c.set(`${P}s`, 'string');
      await c.lpush(`${P}s`, 'x').catch(() => {});
      const burst = Array.from({ length: 200 }, () => c.get(`${P}s`));
      const during = c.stats().nodes[0];
      expect(during.queued + during.inFlight).toBeGreaterThan(0);
      await Promise.all(burst);
      const s = c.stats().nodes[0];
      expect(s.address).toBe(`${server.host}:${server.port}`);
      // The handshake's PING and two CLIENT SETINFO, SET, LPUSH and 200 GETs.
      expect(s.commandsSent).toBe(205);
      expect(s.replies).toBe(205);
      expect(s.errors).toEqual({ WrongTypeError: 1 });
      expect(s.inFlight).toBe(0);
      expect(s.queued).toBe(0);
      expect(s.latency.count).toBe(205);
      expect(s.latency.p50).toBeGreaterThan(0);
      expect(s.latency.p99).toBeGreaterThanOrEqual(s.latency.p50);
      expect(s.latency.max).toBeGreaterThanOrEqual(s.latency.p99);
    } finally {
      await c.delete(`${P}s`);
      await c.close();
    }
  });
});

describe('errors that lead back to the caller', () => {
  it('names the command in the message, never the arguments, and its position in a pipeline', async () => {
    await r.set(`${P}e`, 'secret-value');
    const error = (await rejection(r.lpush(`${P}e`, 'other-secret'))) as WrongTypeError;
    expect(error.command).toBe('LPUSH');
    expect(error.message).toBe('LPUSH: WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(error.message).not.toContain('secret');
    const pipe = r.pipeline({ transaction: false });
    pipe.get(`${P}e`).get(`${P}e`).lpush(`${P}e`, 'x');
    await expect(pipe.execute()).rejects.toThrow(
      /^command #3 \(LPUSH\) of the pipeline: WRONGTYPE Operation against a key/,
    );
    const tx = r.pipeline();
    tx.lpush(`${P}e`, 'x');
    const [inTx] = await tx.execute({ raise_on_error: false });
    expect(inTx).toMatchObject({ command: 'LPUSH', message: expect.stringMatching(/^LPUSH: WRONGTYPE/) });
  });

  it('capture_call_site: the stack shows the line that issued the command', async () => {
    const c = new StrictRedis({ host: server.host, port: server.port, capture_call_site: true });
    try {
      const error = (await rejection(c.lpush(`${P}e`, 'x'))) as Error; // this line
      expect(error).toBeInstanceOf(WrongTypeError);
      const frames = error.stack!.split('\n');
      expect(frames[0]).toBe(
        'WrongTypeError: LPUSH: WRONGTYPE Operation against a key holding the wrong kind of value',
      );
      expect(frames.some((f) => f.includes('observability-control.test.ts'))).toBe(true);
      // Without it, the stack ends in the client's reply handling.
      const plain = (await rejection(r.lpush(`${P}e`, 'x'))) as Error;
      expect(plain.stack!.includes('observability-control.test.ts')).toBe(false);
    } finally {
      await c.delete(`${P}e`);
      await c.close();
    }
  });
});

describe('NODE_DEBUG=strict-redis', () => {
  it('logs connections, reconnects and commands’ fates without credentials or values', async () => {
    const script = `
      import { StrictRedis } from './src/index.js';
      const r = new StrictRedis({ host: '${server.host}', port: ${server.port}, username: 'nobody', password: 'hunter2-secret' });
      await r.connect().catch(() => {});
      r.disconnect();
      const ok = new StrictRedis({ host: '${server.host}', port: ${server.port} });
      await ok.set('${P}debug', 'value-never-logged');
      const id = await ok.client_id();
      const admin = new StrictRedis({ host: '${server.host}', port: ${server.port} });
      await admin.execute_command('CLIENT', 'KILL', 'ID', String(id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await ok.delete('${P}debug');
      await ok.close();
      await admin.close();
    `;
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: process.cwd(), env: { ...process.env, NODE_DEBUG: 'strict-redis' }, timeout: 30_000 },
        (err, _stdout, stderr) => (err ? reject(err) : resolve(stderr)),
      );
    });
    expect(stderr).toContain(`STRICT-REDIS`);
    expect(stderr).toContain(`${server.host}:${server.port}: ready`);
    expect(stderr).toMatch(/connection lost.*reconnect attempt 1/);
    expect(stderr).not.toContain('hunter2-secret');
    expect(stderr).not.toContain('value-never-logged');
  });
});
