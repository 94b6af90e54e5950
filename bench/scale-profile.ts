/**
 * CPU profile of StrictRedisCluster against a cluster of SCALE_MASTERS masters (one replica each): `burst`, topology
 * refreshes and DBSIZE fan-outs, one phase at a time through the inspector. `npx tsx bench/scale-profile.ts`; the raw
 * profiles go to BENCH_PROFILE_DIR (default: a temporary directory), a summary of each to stdout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCluster } from '../src/admin/local-cluster.js';
import { StrictRedisCluster } from '../src/cluster/cluster-client.js';

const MASTERS = Number(process.env.SCALE_MASTERS ?? 15);
const DIR = process.env.BENCH_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'strict-redis-scale-profile-'));
const VALUE = 'v'.repeat(64);
const KEYS = Array.from({ length: 1000 }, (_, i) => `scale:${i}`);

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

function summary(profile: Profile): string {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const f = frames.get(profile.samples[i])!;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}`;
    const d = profile.timeDeltas[i] ?? 0;
    totals.set(name, (totals.get(name) ?? 0) + d);
    all += d;
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 18)
    .map(([name, v]) => `| ${((100 * v) / all).toFixed(1)} % | \`${name.trim()}\` |`)
    .join('\n');
}

async function profiled(name: string, fn: () => Promise<number>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const ops = await fn();
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(join(DIR, `${name}-${MASTERS}.cpuprofile`), JSON.stringify(profile));
  const perOp = (used.user + used.system) / ops;
  console.log(`\n#### ${name}, ${MASTERS} masters: ${perOp.toFixed(2)} µs CPU per operation\n`);
  console.log(summary(profile as unknown as Profile));
}

async function main(): Promise<void> {
  const cluster = await LocalCluster.start({ masters: MASTERS, replicasPerMaster: 1, timeoutMs: 180_000 });
  const rc = new StrictRedisCluster({ startup_nodes: cluster.startup_nodes });
  try {
    await rc.mset(Object.fromEntries(KEYS.map((k) => [k, VALUE])));
    const burst = async () => {
      let ops = 0;
      const end = performance.now() + 3000;
      while (performance.now() < end) {
        await Promise.all(KEYS.map((k, i) => ((i & 1) === 0 ? rc.set(k, VALUE) : rc.get(k))));
        ops += KEYS.length;
      }
      return ops;
    };
    await burst();
    await profiled('burst', burst);
    await profiled('refresh', async () => {
      for (let i = 0; i < 1000; i++) await rc.topology.refresh();
      return 1000;
    });
    await profiled('dbsize', async () => {
      for (let i = 0; i < 1000; i++) await rc.dbsize();
      return 1000;
    });
  } finally {
    await rc.close();
    await cluster.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
