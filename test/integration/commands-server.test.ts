/** Server and connection commands against a real server. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataError, StrictRedis } from '../../src/index.js';

const { standalone } = inject('redis');
const P = `cmd-server:${process.pid}:`;

for (const protocol of [2, 3] as const)
  describe(`server and connection commands, RESP${protocol}`, () => {
    let r: StrictRedis;

    beforeAll(async () => {
      r = new StrictRedis({ host: standalone.host, port: standalone.port, protocol });
      await r.connect();
    });
    afterAll(async () => {
      const keys = await r.keys(`${P}*`);
      if (keys.length > 0) await r.delete(keys);
      await r.close();
    });

    it('time is [seconds, microseconds] close to the local clock', async () => {
      const [seconds, micros] = await r.time();
      expect(Number.isInteger(seconds)).toBe(true);
      expect(micros).toBeGreaterThanOrEqual(0);
      expect(micros).toBeLessThan(1_000_000);
      expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(60);
    });

    it('lastsave is a Date', async () => {
      const when = await r.lastsave();
      expect(when).toBeInstanceOf(Date);
      expect(when.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    });

    // CONFIG SET runs on private servers only (redis-py-server.test.ts): other files share this one.
    it('config_get returns an ordinary record', async () => {
      const before = await r.config_get('maxmemory-samples');
      expect(Object.getPrototypeOf(before)).toBe(Object.prototype);
      expect(Object.keys(before)).toEqual(['maxmemory-samples']);
      expect(await r.configGet('maxmemory-samples')).toEqual(before);
      expect(await r.config_get('no-such-parameter-*')).toEqual({});
    });

    it('client_id, client_setname and client_getname act on the shared connection', async () => {
      const id = await r.client_id();
      expect(id).toBeGreaterThan(0);
      expect(await r.clientId()).toBe(id);
      const name = `cmd-server-${process.pid}-${protocol}`;
      expect(await r.client_setname(name)).toBe(true);
      expect(await r.client_getname()).toBe(name);
      const mine = (await r.client_list()).find((c) => c.name === name);
      expect(mine?.id).toBe(String(id));
      expect(Object.getPrototypeOf(mine)).toBe(Object.prototype);
      const byId = await r.clientList({ client_id: [id] });
      expect(byId).toHaveLength(1);
      expect(byId[0].name).toBe(name);
      expect((await r.client_list({ _type: 'normal' })).length).toBeGreaterThan(0);
    });

    it('client_kill by address (true) and by filter (count)', async () => {
      const victim = new StrictRedis({ host: standalone.host, port: standalone.port });
      const victim2 = new StrictRedis({ host: standalone.host, port: standalone.port });
      try {
        const addr = (await victim.client_list({ client_id: [await victim.client_id()] }))[0].addr;
        expect(await r.client_kill(addr)).toBe(true);
        const id2 = await victim2.client_id();
        expect(await r.clientKill({ id: id2 })).toBe(1);
        expect(await r.client_kill({ id: id2 })).toBe(0);
        await expect(r.client_kill({})).rejects.toBeInstanceOf(DataError);
      } finally {
        victim.disconnect();
        victim2.disconnect();
      }
    });

    it('command_count', async () => {
      expect(await r.command_count()).toBeGreaterThan(100);
    });

    it('memory_usage is a byte count, or null for a missing key', async () => {
      await r.set(`${P}mem`, 'x'.repeat(1000));
      expect(await r.memory_usage(`${P}mem`)).toBeGreaterThan(1000);
      expect(await r.memoryUsage(`${P}mem`, 0)).toBeGreaterThan(1000);
      expect(await r.memory_usage(`${P}missing`)).toBeNull();
    });

    it('wait returns how many replicas acknowledged (none on a standalone server)', async () => {
      await r.set(`${P}waited`, '1');
      expect(await r.wait(0, 100)).toBe(0);
    });

    it('wait on a master with a replica counts its acknowledgement', async () => {
      const { primary } = inject('redis');
      const m = new StrictRedis({ host: primary.host, port: primary.port, protocol });
      try {
        await m.set(`${P}replicated${protocol}`, '1');
        expect(await m.wait(1, 5000)).toBe(1);
        await m.delete(`${P}replicated${protocol}`);
      } finally {
        await m.close();
      }
    });
  });
