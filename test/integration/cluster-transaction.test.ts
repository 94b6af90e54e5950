/** Cluster transactions with WATCH and registered scripts, on the shared cluster (the topology is not changed). */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StrictRedisCluster } from '../../src/cluster/cluster-client.js';
import { CrossSlotError, DataError, WatchError } from '../../src/errors.js';

const seed = inject('redis').cluster.nodes[0];
const P = `ctx:${process.pid}:`;
let rc: StrictRedisCluster<string>;
let other: StrictRedisCluster<string>;

beforeAll(async () => {
  rc = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
  other = new StrictRedisCluster({ startup_nodes: [{ host: seed.host, port: seed.port }] });
  await Promise.all([rc.connect(), other.connect()]);
});

afterAll(async () => {
  const keys = await rc.keys(`${P}*`);
  if (keys.length > 0) await rc.delete(keys);
  await Promise.all([rc.close(), other.close()]);
});

describe('StrictRedisCluster.transaction', () => {
  it('reads the watched keys, writes in MULTI/EXEC, and retries when a watched key changed', async () => {
    const counter = `${P}{acct}:balance`;
    const log = `${P}{acct}:log`;
    await rc.set(counter, '10');
    let attempts = 0;
    const results = await rc.transaction(async (pipe) => {
      attempts++;
      const balance = Number(await pipe.get(counter));
      // Another client changes the watched key during the first attempt only.
      if (attempts === 1) await other.set(counter, '100');
      pipe
        .multi()
        .set(counter, String(balance + 5))
        .rpush(log, `+5 on ${balance}`);
    }, counter);
    expect(attempts).toBe(2);
    expect(results).toEqual([true, 1]);
    expect(await rc.get(counter)).toBe('105');
    expect(await rc.lrange(log, 0, -1)).toEqual(['+5 on 100']);
  });

  it('gives up with WatchError after max_retries', async () => {
    const key = `${P}{busy}:k`;
    await rc.set(key, '0');
    let n = 0;
    const attempt = rc.transaction(
      async (pipe) => {
        await pipe.get(key);
        await other.set(key, String(++n));
        pipe.multi().set(key, 'never');
      },
      key,
      { max_retries: 2 },
    );
    await expect(attempt).rejects.toBeInstanceOf(WatchError);
    expect(n).toBe(3);
    expect(await rc.get(key)).toBe('3');
  });

  it('rejects watched keys in different slots, and no keys at all, before sending anything', async () => {
    await expect(rc.transaction(() => {}, `${P}a`, `${P}b-other-slot`)).rejects.toBeInstanceOf(CrossSlotError);
    await expect(rc.transaction(() => {})).rejects.toBeInstanceOf(DataError);
  });
});

describe('StrictRedisCluster.register_script', () => {
  it('runs by SHA on the node of its keys and loads the script where it is missing', async () => {
    const script = rc.register_script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    const keys = [`${P}s1`, `${P}s2`, `${P}s3`, `${P}s4`].filter(
      (k, i, all) => all.findIndex((x) => rc.keyslot(x) === rc.keyslot(k)) === i,
    );
    for (const key of keys) expect(await script({ keys: [key], args: [3] })).toBe(3);
    for (const key of keys) expect(await script.call([key], [4])).toBe(7);
    expect(script.sha).toMatch(/^[0-9a-f]{40}$/);
  });
});
