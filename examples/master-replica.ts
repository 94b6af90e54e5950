/**
 * Master and replica: write to the master, read from the replica once WAIT says the write arrived.
 * `tsx examples/master-replica.ts [master host:port [replica host:port]]` — the replica is found with ROLE when omitted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisProcess } from '../src/admin/index.js';
import { connect, type Target } from './support.js';

export async function main(primary: Target, replica?: Target): Promise<void> {
  const master = connect(primary);
  let replicaClient: ReturnType<typeof connect> | undefined;
  try {
    if (replica === undefined) {
      // ROLE on a master: ['master', offset, [[ip, port, offset], …]]
      const role = (await master.execute_command('ROLE')) as [string, number, Array<[string, string, string]>];
      console.log('role of the master ->', role[0], 'replicas:', role[2].length);
      replica = `${role[2][0][0]}:${role[2][0][1]}`;
    }
    replicaClient = connect(replica);
    console.log('set on master ->', await master.set('ex:repl:greeting', 'hello'));
    console.log('wait for 1 replica ->', await master.wait(1, 2000));
    console.log('get on replica ->', await replicaClient.get('ex:repl:greeting'));
    const err = await replicaClient.set('ex:repl:greeting', 'x').catch((e: Error) => e);
    console.log('write on replica ->', err instanceof Error ? err.name : err); // ReadOnlyError
    await master.delete('ex:repl:greeting');
  } finally {
    await master.close();
    await replicaClient?.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [primary, replica] = process.argv.slice(2);
  const run = async () => {
    if (primary !== undefined) return main(primary, replica);
    const dir = mkdtempSync(join(tmpdir(), 'strict-redis-example-'));
    const servers: RedisProcess[] = [];
    try {
      const m = await RedisProcess.start({ dir });
      servers.push(m);
      servers.push(await RedisProcess.start({ dir, extraArgs: ['--replicaof', m.host, String(m.port)] }));
      // A fresh replica needs a moment for its first sync.
      const probe = connect(`${servers[1].host}:${servers[1].port}`);
      while (!String(await probe.execute_command('INFO', 'replication')).includes('master_link_status:up')) {
        await new Promise((done) => setTimeout(done, 50));
      }
      await probe.close();
      await main(`${m.host}:${m.port}`, `${servers[1].host}:${servers[1].port}`);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  };
  run().catch((err: Error) => {
    console.error(`${err.name}: ${err.message}`);
    process.exitCode = 1;
  });
}
