/** A master and its replica: writes on the primary reach the replica client; writes on the replica are refused. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ReadOnlyError, StrictRedis } from '../../src/index.js';

const { primary, replica } = inject('redis');
const P = `sr-repl:${process.pid}:`;
let onPrimary: StrictRedis;
let onReplica: StrictRedis;

beforeAll(() => {
  onPrimary = new StrictRedis({ host: primary.host, port: primary.port });
  onReplica = new StrictRedis({ host: replica.host, port: replica.port });
});
afterAll(async () => {
  await onPrimary.delete(`${P}k`, `${P}h`);
  await Promise.all([onPrimary.close(), onReplica.close()]);
});

describe('master and replica', () => {
  it('reads on the replica what WAIT confirmed was replicated', async () => {
    expect(await onPrimary.set(`${P}k`, 'replicated ✓')).toBe(true);
    expect(await onPrimary.hset(`${P}h`, { a: '1' })).toBe(1);
    const acked = (await onPrimary.execute_command('WAIT', 1, 1000)) as number;
    expect(acked).toBeGreaterThanOrEqual(1);
    expect(await onReplica.get(`${P}k`)).toBe('replicated ✓');
    expect(await onReplica.hget(`${P}h`, 'a')).toBe('1');
    expect((await onReplica.info('replication')).role).toBe('slave');
  });

  it('rejects writes on the replica with ReadOnlyError and keeps serving reads', async () => {
    for (const write of [
      () => onReplica.set(`${P}k`, 'no'),
      () => onReplica.delete(`${P}k`),
      () => onReplica.execute_command('INCR', `${P}n`),
    ]) {
      const err = await write().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ReadOnlyError);
      expect((err as Error).message).not.toContain(P);
    }
    const results = await onReplica
      .pipeline({ transaction: false })
      .get(`${P}k`)
      .set(`${P}k`, 'no')
      .execute({ raise_on_error: false });
    expect(results[0]).toBe('replicated ✓');
    expect(results[1]).toBeInstanceOf(ReadOnlyError);
    expect(await onReplica.get(`${P}k`)).toBe('replicated ✓');
  });
});
