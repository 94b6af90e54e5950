/** The `strict-redis` command, run in-process through `run()` against the shared cluster (read-only commands). */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { findFreePort, rawPing } from '../../src/admin/redis-process.js';
import { run } from '../../src/cli/commands.js';
import { waitFor } from '../harness/raw.js';

const topology = inject('redis');
const node = topology.cluster.nodes[0];

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (d: Buffer) => {
    outText += d.toString();
  });
  err.on('data', (d: Buffer) => {
    errText += d.toString();
  });
  const code = await run(argv, out as unknown as NodeJS.WriteStream, err as unknown as NodeJS.WriteStream);
  return { code, out: outText, err: errText };
}

describe('strict-redis cluster …', () => {
  it('checks a healthy cluster', async () => {
    const { code, out } = await cli('cluster', 'check', `${node.host}:${node.port}`);
    expect(out).toContain('OK: 6 nodes, all 16384 slots covered');
    expect(code).toBe(0);
  });

  it('finds nothing to fix on a healthy cluster', async () => {
    const { code, out } = await cli('cluster', 'fix', `${node.host}:${node.port}`);
    expect(out.trim()).toBe('nothing to fix');
    expect(code).toBe(0);
  });

  it('prints CLUSTER INFO and the nodes', async () => {
    const { code, out } = await cli('cluster', 'info', `${node.host}:${node.port}`);
    expect(out).toContain('cluster_state:ok');
    expect(out.match(/ master slots /g)).toHaveLength(3);
    expect(code).toBe(0);
  });

  it('prints help for every command', async () => {
    for (const name of ['up', 'create', 'check', 'fix', 'reshard', 'add-node', 'del-node', 'failover', 'info']) {
      const { code, out } = await cli('cluster', name, '--help');
      expect(out).toContain(`usage: strict-redis cluster ${name}`);
      expect(code).toBe(0);
    }
  });

  it('fails with a one-line reason and a non-zero code', async () => {
    const refused = await cli('cluster', 'check', '127.0.0.1:1');
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    const usage = await cli('cluster', 'reshard', `${node.host}:${node.port}`, '--slots', 'many');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('--slots must be a number');
    expect((await cli('cluster', 'nonsense')).code).toBe(2);
    const weights = await cli('cluster', 'rebalance', `${node.host}:${node.port}`, '--weight', 'abc');
    expect(weights.code).toBe(2);
    expect(weights.err).toContain('--weight expects ID=N');
  });

  it('prints its version and documents its exit codes', async () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(await cli('--version')).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
    const help = await cli('--help');
    expect(help.out).toContain('exit codes: 0 success');
    expect(help.out).toContain('cluster rebalance host:port');
  });

  it('refuses to create a cluster from nodes that are already in one', async () => {
    const { code, err } = await cli('cluster', 'create', `${node.host}:${node.port}`, '--replicas', '0');
    expect(code).toBe(1);
    expect(err).toMatch(/holds \d+ keys|already knows other cluster nodes/);
  });
});

/** True when nothing listens on the loopback port. */
async function portFree(port: number): Promise<boolean> {
  return rawPing(port).then(
    () => false,
    () => true,
  );
}

describe('strict-redis cluster up', () => {
  it('runs on the ports asked for until Ctrl-C, says so, then leaves no server and no directory behind', async () => {
    let base = await findFreePort(true);
    while (!(await Promise.all([1, 10000, 10001].map((d) => portFree(base + d)))).every(Boolean)) {
      base = await findFreePort(true);
    }
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'cluster',
        'up',
        '--masters',
        '2',
        '--replicas',
        '0',
        '--port',
        String(base),
      ],
      {
        cwd: resolve(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<NodeJS.Signals | number | null>((done) =>
      child.once('exit', (code, signal) => done(signal ?? code)),
    );
    // Should an assertion fail before the Ctrl-C, the cluster must still go away.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    });
    await waitFor('the cluster to be up', async () => out.includes('press Ctrl-C'), 30_000);
    // The masters are listed in the order the cluster reports them.
    const ports = (/startup nodes: (.*)/.exec(out)?.[1] ?? '').split(' ').map((a) => Number(a.split(':')[1]));
    const dir = /node directories under (\S+)/.exec(out)?.[1] ?? '';
    expect(ports.sort((a, b) => a - b)).toEqual([base, base + 1]);
    expect(await rawPing(base + 1)).toBe('+PONG');
    expect(existsSync(dir)).toBe(true);
    const balanced = await cli('cluster', 'rebalance', `127.0.0.1:${base}`);
    expect(balanced).toMatchObject({ code: 0, out: expect.stringContaining('already balanced') });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(out).toContain('SIGINT: stopping the cluster');
    expect(out).toContain('cluster stopped');
    await expect(rawPing(base)).rejects.toThrow();
    expect(existsSync(dir)).toBe(false);
  });
});
