/**
 * Sentinel failover under load, against real sentinels of this file's own: 32 writers INCR counters through
 * `master_for` while the master is SIGKILLed and the sentinels promote a replica; readers GET through `slave_for`
 * throughout. The client must follow within a second of the failover, report nothing but outcome-unknown errors (at
 * most one per writer, the INCR it had in flight), never apply an increment twice, and the reads must never fail.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { Sentinel, type StrictRedis } from '../../src/index.js';
import { AckLedger } from '../harness/ack-ledger.js';
import { runLoad } from '../harness/load.js';
import { waitFor } from '../harness/raw.js';
import { SERVICE, type SentinelSet, startSentinelSet } from '../harness/sentinel-set.js';

const P = 'sentinel-failover:';
const DOWN_AFTER_MS = 1000;
let set: SentinelSet;

beforeAll(async () => {
  set = await startSentinelSet({ downAfterMs: DOWN_AFTER_MS, failoverTimeoutMs: 4000 });
});

afterAll(async () => {
  await set?.stop();
});

describe('Sentinel failover', () => {
  it('follows a SIGKILLed master: only outcome-unknown errors, nothing applied twice, reads never fail', async () => {
    onTestFailed(() => console.log(set.logs()));
    const sentinel = new Sentinel(set.addresses);
    // Commands issued while the master is down wait for the new one (longer than a failover takes).
    const master = sentinel.master_for(SERVICE, { offline_queue_timeout: 30 }) as StrictRedis;
    const replica = sentinel.slave_for(SERVICE, { offline_queue_timeout: 30 }) as StrictRedis;
    const keys = Array.from({ length: 64 }, (_, i) => `${P}counter:${i}`);
    try {
      await master.delete(...keys);
      const ledger = new AckLedger(master, keys, 32);
      const readers = runLoad(4, (w, n) => replica.get(keys[(w + n * 4) % keys.length]));
      await ledger.waitForProgress(3000, 30_000);

      const watcher = await set.watchSwitch(set.sentinels[1].port);
      const oldPort = await set.masterPort();
      const killedAt = Date.now();
      set.node(oldPort).kill('SIGKILL');
      // Replies already on their way may still arrive; after that nothing is acknowledged until the client moved.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before = ledger.progress;
      await waitFor('an increment on the new master', async () => ledger.progress > before, 60_000);
      const recoveredAt = Date.now();
      const { at: switchedAt, data } = await watcher.next;
      watcher.close();
      const newPort = Number(data.split(' ')[4]);
      expect(newPort).not.toBe(oldPort);

      await ledger.waitForProgress(3000, 30_000);
      const report = await ledger.report();
      const reads = await readers.stop();
      console.log(
        `failover: master killed, +switch-master after ${switchedAt - killedAt} ms (down-after ${DOWN_AFTER_MS} ms), ` +
          `first increment on the new master after ${recoveredAt - killedAt} ms; ${JSON.stringify(report)}; ` +
          `replica reads ${reads.ops}`,
      );

      // The client followed within a second of the failover (it often finds the promoted replica even earlier).
      expect(recoveredAt - switchedAt).toBeLessThanOrEqual(1000);
      // The only errors: the INCR each writer had in flight when the master died.
      expect(ledger.otherErrors).toEqual([]);
      expect(ledger.readErrors).toEqual([]);
      expect(Math.max(...ledger.unknownByWriter)).toBeLessThanOrEqual(1);
      // Nothing applied twice (a killed master may take unreplicated increments with it: `lost` is not checked).
      expect(report.noack).toBe(0);
      // Reads through slave_for never failed.
      expect(reads.errors).toEqual([]);
      expect(reads.ops).toBeGreaterThan(0);
      // The client is on the promoted replica now.
      const role = (await master.execute_command('ROLE')) as unknown[];
      expect(role[0]).toBe('master');
      expect(await master.incr(`${P}after`)).toBe(1);
    } finally {
      await master.delete(...keys, `${P}after`).catch(() => {});
      await Promise.all([master.close(), replica.close()]);
      await sentinel.close();
    }
  }, 120_000);
});
