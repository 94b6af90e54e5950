/**
 * A RESP2 and a RESP3 client on the standalone test server for one test file, connected before its tests and closed
 * after them, with every key under the file's prefix deleted: for tests that check a reply is the same whatever the
 * protocol.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { StrictRedis } from '../../src/index.js';

export interface RespClients {
  /** The RESP2 client (the default protocol). */
  readonly r: StrictRedis;
  /** The RESP3 client. */
  readonly r3: StrictRedis;
  /** Runs `body` on the RESP2 client, then on the RESP3 one, each time with a fresh key prefix under the file's. */
  onBoth(body: (c: StrictRedis, prefix: string) => Promise<void>): Promise<void>;
}

/** Registers the set-up and clean-up hooks of the calling file; `prefix` must be unique to that file. */
export function useRespClients(prefix: string): RespClients {
  const { standalone } = inject('redis');
  let r2: StrictRedis | undefined;
  let r3: StrictRedis | undefined;
  let run = 0;
  beforeAll(async () => {
    r2 = new StrictRedis({ host: standalone.host, port: standalone.port });
    r3 = new StrictRedis({ host: standalone.host, port: standalone.port, protocol: 3 });
    await Promise.all([r2.connect(), r3.connect()]);
  });
  afterAll(async () => {
    if (r2 === undefined || r3 === undefined) return;
    const keys = (await r2.execute_command('KEYS', `${prefix}*`)) as string[];
    if (keys.length > 0) await r2.execute_command('DEL', ...keys);
    await Promise.all([r2.close(), r3.close()]);
  });
  const ready = (c: StrictRedis | undefined): StrictRedis => {
    if (c === undefined) throw new Error('the clients are made in beforeAll');
    return c;
  };
  return {
    get r() {
      return ready(r2);
    },
    get r3() {
      return ready(r3);
    },
    async onBoth(body) {
      for (const c of [ready(r2), ready(r3)]) await body(c, `${prefix}${run++}:`);
    },
  };
}
