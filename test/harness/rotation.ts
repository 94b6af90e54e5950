/**
 * Password rotation for the credential-provider tests: an ACL user whose password is replaced every few seconds the
 * way a secrets manager does it — the new password is added, the provider starts returning it, and the old one is
 * removed a second later — and a provider that hands out the current one with a short expiry, so that live
 * connections re-authenticate on every rotation.
 */
import { randomBytes } from 'node:crypto';
import type { ProvidedCredentials } from '../../src/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PasswordRotation {
  readonly username = 'rotator';
  password = PasswordRotation.fresh(0);
  rotations = 0;
  /** How many times the provider was asked. */
  calls = 0;
  /** Every password handed out, to check that none leaks into errors or logs. */
  readonly issued = new Set<string>();

  /** @param acl runs an ACL command on every server that must know the user. */
  constructor(
    private readonly acl: (args: string[]) => Promise<void>,
    /** How long each set of credentials is said to live (ms). */
    private readonly lifetimeMs = 2000,
  ) {}

  private static fresh(n: number): string {
    return `rot-${n}-${randomBytes(6).toString('hex')}`;
  }

  async create(): Promise<void> {
    await this.acl(['ACL', 'SETUSER', this.username, 'reset', 'on', `>${this.password}`, '~*', '&*', '+@all']);
  }

  /** The credential provider: a function, as `credential_provider` accepts it. */
  readonly provider = async (): Promise<ProvidedCredentials> => {
    this.calls++;
    this.issued.add(this.password);
    return { username: this.username, password: this.password, expires_at: Date.now() + this.lifetimeMs };
  };

  /** Adds a new password, switches the provider to it, and removes the old one `overlapMs` later. */
  async rotate(overlapMs = 1000): Promise<void> {
    const old = this.password;
    const next = PasswordRotation.fresh(++this.rotations);
    await this.acl(['ACL', 'SETUSER', this.username, `>${next}`]);
    this.password = next;
    await sleep(overlapMs);
    await this.acl(['ACL', 'SETUSER', this.username, `<${old}`]);
  }

  /** Rotates every `everyMs` for `durationMs`: `durationMs / everyMs` rotations. */
  async run(durationMs: number, everyMs = 2000): Promise<void> {
    const start = Date.now();
    for (let i = 1; i <= Math.floor(durationMs / everyMs); i++) {
      await this.rotate();
      await sleep(Math.max(0, start + i * everyMs - Date.now()));
    }
  }
}
