/**
 * Moving slots between masters while a client keeps writing: the client follows ASK and MOVED, so no command fails.
 * Needs a cluster it may change — started here when no target is given. `tsx examples/resharding-under-traffic.ts`
 */
import { describeCluster, reshard } from '../src/admin/index.js';
import { type StartupNode, StrictRedisCluster } from '../src/index.js';
import { runWithCluster, startupNodes, type Target } from './support.js';

export async function main(target: Target | StartupNode[], slots = 200): Promise<{ writes: number; errors: number }> {
  const nodes = startupNodes(target);
  const rc = new StrictRedisCluster({ startup_nodes: nodes });
  const [from, to] = (await describeCluster({ startupNodes: nodes })).nodes.filter((n) => n.role === 'master');
  let writes = 0;
  let errors = 0;
  let running = true;
  const traffic = (async () => {
    while (running) {
      const i = writes++;
      await rc.set(`ex:move:${i % 500}`, String(i)).catch(() => errors++);
    }
  })();
  try {
    const moved = await reshard({
      cluster: { startupNodes: nodes },
      from: from.id,
      to: to.id,
      slots,
      onProgress: (p) => p.done % 50 === 0 && console.log(`moved ${p.done}/${p.total} slots`),
    });
    running = false;
    await traffic;
    console.log(`moved ${moved.slots} slots (${moved.keys} keys) from ${from.port} to ${to.port}`);
    console.log(`client: ${writes} writes during the move, ${errors} errors`);
    // Move them back, so the cluster looks as before.
    await reshard({ cluster: { startupNodes: nodes }, from: to.id, to: from.id, slots: moved.movedSlots });
    return { writes, errors };
  } finally {
    running = false;
    await traffic;
    await rc.close();
  }
}

runWithCluster(import.meta.url, main);
