/**
 * TLS against real redis-server processes with certificates made here by the openssl CLI: verification is on by
 * default, the CA can be given as ssl_ca_certs or as Node TLS options, hostnames are checked (with a `servername`
 * override), and `rediss://` URLs turn TLS on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, RedisProcess } from '../../src/admin/redis-process.js';
import {
  ClusterAllFailedError,
  ConnectionError,
  RedisError,
  StrictRedis,
  StrictRedisCluster,
} from '../../src/index.js';
import { rawCommand, rawInfo, waitFor } from '../harness/raw.js';

const P = 'tls-test:';
let dir: string;
let caFile: string;
/** A server whose certificate names localhost and 127.0.0.1. */
let both: { server: RedisProcess; tlsPort: number };
/** A server whose certificate names localhost only. */
let localhostOnly: { server: RedisProcess; tlsPort: number };
const opened: StrictRedis[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A key and a certificate signed by the test CA, for the given subjectAltName. */
function issue(name: string, san: string): { cert: string; key: string } {
  // biome-ignore format: openssl arguments read best in pairs
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
  // biome-ignore format: openssl arguments read best in pairs
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

async function startTlsServer(files: {
  cert: string;
  key: string;
}): Promise<{ server: RedisProcess; tlsPort: number }> {
  const tlsPort = await findFreePort();
  // The plain port stays open: RedisProcess checks readiness with a plain PING.
  // biome-ignore format: option names and values read best in pairs
  const server = await RedisProcess.start({ dir, extraArgs: [
    '--tls-port', String(tlsPort), '--tls-cert-file', files.cert, '--tls-key-file', files.key,
    '--tls-ca-cert-file', caFile, '--tls-auth-clients', 'no',
  ] });
  return { server, tlsPort };
}

function client(options: ConstructorParameters<typeof StrictRedis>[0]): StrictRedis {
  const c = new StrictRedis({ retry: false, socket_connect_timeout: 3, ...options }) as StrictRedis;
  opened.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

/** The `code` of the first error in the cause chain that has one (Node's TLS errors carry it). */
function causeCode(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sr-tls-'));
  // biome-ignore format: openssl arguments read best in pairs
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=strict-redis test CA');
  caFile = join(dir, 'ca.crt');
  [both, localhostOnly] = await Promise.all([
    startTlsServer(issue('both', 'DNS:localhost,IP:127.0.0.1')),
    startTlsServer(issue('localhost-only', 'DNS:localhost')),
  ]);
});

afterAll(async () => {
  for (const c of opened) c.disconnect();
  await Promise.all([both?.server.stop(), localhostOnly?.server.stop()]);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('certificate verification', () => {
  it('is on by default: without the CA the connection fails with the verification error as cause', async () => {
    const c = client({ host: '127.0.0.1', port: both.tlsPort, ssl: true });
    const error = await failure(c.ping());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(causeCode(error)).toMatch(/CERT|SIGNATURE|ISSUER/);
  });

  it('accepts the server with ssl_ca_certs', async () => {
    const c = client({ host: '127.0.0.1', port: both.tlsPort, ssl: true, ssl_ca_certs: caFile });
    expect(await c.set(`${P}a`, '1')).toBe(true);
    expect(await c.get(`${P}a`)).toBe('1');
  });

  it('accepts the server with the Node `tls: { ca }` form', async () => {
    const c = client({ host: '127.0.0.1', port: both.tlsPort, tls: { ca: readFileSync(caFile) } });
    expect(await c.ping()).toBe(true);
  });

  it('ssl_cert_reqs none turns verification off explicitly', async () => {
    const c = client({ host: '127.0.0.1', port: both.tlsPort, ssl: true, ssl_cert_reqs: 'none' });
    expect(await c.ping()).toBe(true);
  });

  it('a plain client on the TLS port fails in bounded time', async () => {
    const c = client({ host: '127.0.0.1', port: both.tlsPort, socket_timeout: 0.5, socket_connect_timeout: 0.5 });
    const started = Date.now();
    const error = await failure(c.ping());
    expect(error).toBeInstanceOf(RedisError);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('hostname verification', () => {
  it('rejects 127.0.0.1 when the certificate names localhost only', async () => {
    const c = client({ host: '127.0.0.1', port: localhostOnly.tlsPort, ssl: true, ssl_ca_certs: caFile });
    const error = await failure(c.ping());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(causeCode(error)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('accepts it with servername: localhost', async () => {
    const c = client({
      host: '127.0.0.1',
      port: localhostOnly.tlsPort,
      ssl: true,
      ssl_ca_certs: caFile,
      servername: 'localhost',
    });
    expect(await c.ping()).toBe(true);
  });

  it('accepts the host name localhost itself', async () => {
    const c = client({ host: 'localhost', port: localhostOnly.tlsPort, ssl: true, ssl_ca_certs: caFile });
    expect(await c.ping()).toBe(true);
  });

  it('ssl_check_hostname false skips only the name check', async () => {
    const c = client({
      host: '127.0.0.1',
      port: localhostOnly.tlsPort,
      ssl: true,
      ssl_ca_certs: caFile,
      ssl_check_hostname: false,
    });
    expect(await c.ping()).toBe(true);
  });
});

describe('rediss:// URLs', () => {
  it('turn TLS on and verify with the given CA', async () => {
    const c = StrictRedis.fromUrl(`rediss://127.0.0.1:${both.tlsPort}/0`, {
      ssl_ca_certs: caFile,
      retry: false,
    }) as StrictRedis;
    opened.push(c);
    expect(await c.set(`${P}url`, 'x')).toBe(true);
    expect(await c.get(`${P}url`)).toBe('x');
  });

  it('fail without the CA', async () => {
    const c = StrictRedis.fromUrl(`rediss://127.0.0.1:${both.tlsPort}`, { retry: false }) as StrictRedis;
    opened.push(c);
    const error = await failure(c.ping());
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it('a redis:// URL to the TLS port is not TLS', async () => {
    const c = StrictRedis.fromUrl(`redis://127.0.0.1:${both.tlsPort}`, {
      retry: false,
      socket_connect_timeout: 0.5,
      socket_timeout: 0.5,
    }) as StrictRedis;
    opened.push(c);
    const error = await failure(c.ping());
    expect(error).toBeInstanceOf(RedisError);
  });
});

describe('a TLS cluster', () => {
  const nodes: Array<{ server: RedisProcess; tlsPort: number }> = [];
  const clusters: Array<{ disconnect(): void }> = [];

  beforeAll(async () => {
    const files = { cert: join(dir, 'both.crt'), key: join(dir, 'both.key') };
    for (let i = 0; i < 3; i++) {
      // With tls-cluster the bus listens on tls-port + 10000, so the TLS port needs a free bus port too.
      const tlsPort = await findFreePort(true);
      // biome-ignore format: option names and values read best in pairs
      const server = await RedisProcess.start({ dir, cluster: true, clusterNodeTimeout: 1000, extraArgs: [
        '--tls-port', String(tlsPort), '--tls-cert-file', files.cert, '--tls-key-file', files.key,
        '--tls-ca-cert-file', caFile, '--tls-auth-clients', 'no', '--tls-cluster', 'yes', '--tls-replication', 'yes',
      ] });
      nodes.push({ server, tlsPort });
    }
    const ranges = [
      [0, 5460],
      [5461, 10922],
      [10923, 16383],
    ];
    await Promise.all(
      nodes.map((n, i) =>
        rawCommand(n.server.port, ['CLUSTER', 'ADDSLOTSRANGE', String(ranges[i][0]), String(ranges[i][1])]),
      ),
    );
    for (const n of nodes.slice(1))
      await rawCommand(nodes[0].server.port, ['CLUSTER', 'MEET', '127.0.0.1', String(n.tlsPort)]);
    await waitFor(
      'the TLS cluster to be ok',
      async () => {
        const infos = await Promise.all(nodes.map((n) => rawInfo(n.server.port, ['CLUSTER', 'INFO'])));
        return infos.every((info) => info.cluster_state === 'ok' && info.cluster_known_nodes === '3');
      },
      20_000,
    );
  });

  afterAll(async () => {
    for (const c of clusters) c.disconnect();
    await Promise.all(nodes.map((n) => n.server.stop()));
  });

  it('applies the TLS options to every discovered node (TLS ports, verified with the CA)', async () => {
    const c = new StrictRedisCluster({
      startup_nodes: [{ host: '127.0.0.1', port: nodes[0].tlsPort }],
      ssl: true,
      ssl_ca_certs: caFile,
      socket_connect_timeout: 3,
    });
    clusters.push(c);
    const keys = Array.from({ length: 30 }, (_, i) => `${P}cluster:${i}`);
    await Promise.all(keys.map((k) => c.set(k, k)));
    expect(await Promise.all(keys.map((k) => c.get(k)))).toEqual(keys);
    // Every slot range was written to, so every master was reached, each on its TLS port.
    const counts = await Promise.all(nodes.map((n) => rawCommand(n.server.port, ['DBSIZE'])));
    for (const count of counts) expect(count).toBeGreaterThan(0);
    const described = String(
      (c as unknown as { [k: symbol]: () => string })[Symbol.for('nodejs.util.inspect.custom')](),
    );
    for (const n of nodes) expect(described).toContain(`127.0.0.1:${n.tlsPort}`);
    for (const n of nodes) expect(described).not.toContain(`127.0.0.1:${n.server.port}`);
  });

  it('without the CA no node is trusted', async () => {
    const c = new StrictRedisCluster({
      startup_nodes: [{ host: '127.0.0.1', port: nodes[0].tlsPort }],
      ssl: true,
      socket_connect_timeout: 3,
      retry: false,
    });
    clusters.push(c);
    const error = await failure(c.get(`${P}cluster:x`));
    expect(error).toBeInstanceOf(ClusterAllFailedError);
  });
});
