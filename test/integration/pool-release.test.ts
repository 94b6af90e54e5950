/**
 * Exclusive connections go back to the pool without an UNWATCH round trip when nothing can have been WATCHed
 * (blocking commands, MULTI…EXEC without WATCH, completed), and with one when something was or the outcome is unknown.
 * Commands written are counted by stats(), which covers the pooled connections of the client.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `sr-pool-release:${process.pid}:`;
let r: StrictRedis;

const sent = () => r.stats().nodes[0].commandsSent;

/** Commands written while `fn` runs (after a first run, so the pooled connection and its handshake exist). */
async function countSent(fn: () => Promise<unknown>): Promise<number> {
  await fn().catch(() => {});
  const before = sent();
  await fn().catch(() => {});
  return sent() - before;
}

beforeAll(() => {
  r = new StrictRedis({ host: standalone.host, port: standalone.port });
});
afterAll(async () => {
  await r.delete(`${P}n`, `${P}list`, `${P}w`);
  await r.close();
});

describe('releasing exclusive connections', () => {
  it('a transaction without WATCH sends MULTI, its commands and EXEC, and no UNWATCH', async () => {
    const n = await countSent(() => r.pipeline({ transaction: true }).set(`${P}n`, '1').incr(`${P}n`).execute());
    expect(n).toBe(4);
    expect(await r.get(`${P}n`)).toBe('2');
  });

  it('a blocking command sends itself only', async () => {
    const n = await countSent(async () => {
      await r.rpush(`${P}list`, 'a');
      return r.blpop([`${P}list`], 1);
    });
    // RPUSH on the shared connection, BLPOP on the pooled one.
    expect(n).toBe(2);
  });

  it('a transaction the server refused is followed by UNWATCH (its state is not known)', async () => {
    // SET with one argument is refused when queued: EXECABORT.
    const n = await countSent(() => r.pipeline({ transaction: true }).execute_command('SET', `${P}n`).execute());
    expect(n).toBe(4); // MULTI, SET, EXEC, UNWATCH
  });

  it('a WATCHing pipeline still ends with UNWATCH', async () => {
    const n = await countSent(async () => {
      const pipe = r.pipeline();
      await pipe.watch(`${P}w`);
      pipe.multi();
      pipe.set(`${P}w`, 'x');
      return pipe.execute();
    });
    expect(n).toBe(5); // WATCH, MULTI, SET, EXEC, UNWATCH
    expect(await r.get(`${P}w`)).toBe('x');
  });
});
