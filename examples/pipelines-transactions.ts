/**
 * Pipelines (many commands, one round trip), MULTI/EXEC transactions, and optimistic locking with WATCH.
 * `tsx examples/pipelines-transactions.ts [redis://url | host:port]`
 */
import { connect, runWithServer, type Target } from './support.js';

export async function main(target: Target): Promise<void> {
  const r = connect(target);
  try {
    // A plain pipeline: no MULTI, replies in order.
    const pipe = r.pipeline({ transaction: false });
    pipe.set('ex:pipe:a', '1').incr('ex:pipe:a').get('ex:pipe:a');
    console.log('pipeline ->', await pipe.execute());

    // A transaction: the commands run together, nothing runs in between.
    const tx = r.pipeline();
    tx.rpush('ex:pipe:log', 'one', 'two').lrange('ex:pipe:log', 0, -1);
    console.log('multi/exec ->', await tx.execute());

    // WATCH: read, compute, write — retried by transaction() when the key changes in between. Until multi(), the
    // pipeline runs commands at once (reads); after it, they queue for MULTI/EXEC.
    await r.set('ex:pipe:balance', '100');
    const result = await r.transaction(async (pipe) => {
      const balance = Number(await pipe.get('ex:pipe:balance'));
      pipe.multi().set('ex:pipe:balance', String(balance - 30));
    }, 'ex:pipe:balance');
    console.log('watched transaction ->', result, 'balance ->', await r.get('ex:pipe:balance'));
    await r.delete('ex:pipe:a', 'ex:pipe:log', 'ex:pipe:balance');
  } finally {
    await r.close();
  }
}

runWithServer(import.meta.url, main);
