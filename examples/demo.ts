/**
 * `npm run demo`: starts a throwaway local cluster (3 masters, 3 replicas), runs the quick start against it, and stops
 * the cluster again — nothing keeps running afterwards.
 */
import { LocalCluster } from '../src/admin/index.js';
import { main as quickstart } from './quickstart.js';

async function demo(): Promise<void> {
  console.log('starting a local cluster: 3 masters, 3 replicas …');
  const cluster = await LocalCluster.start({ masters: 3, replicasPerMaster: 1 });
  try {
    console.log('startup nodes:', cluster.startup_nodes.map((n) => `${n.host}:${n.port}`).join(' '));
    await quickstart(cluster.startup_nodes);
  } finally {
    await cluster.stop();
    console.log('cluster stopped');
  }
}

demo().catch((err: Error) => {
  console.error(`demo failed: ${err.name}: ${err.message}`);
  process.exitCode = 1;
});
