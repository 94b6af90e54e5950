/** When a CredentialSource asks its provider and re-authenticates live connections (fake clock, stub connections). */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Command } from '../../../src/connection/command.js';
import type { Connection } from '../../../src/connection/connection.js';
import { CredentialSource } from '../../../src/connection/credentials.js';
import { AuthenticationError, DataError } from '../../../src/index.js';

/** A ready connection that records the AUTH commands it is sent and answers them with `reply`. */
function stubConnection(source: CredentialSource, reply: () => Promise<unknown> = async () => 'OK') {
  const sent: unknown[][] = [];
  const connection = {
    status: 'ready',
    subscriberMode: false,
    endpoint: 'stub:1',
    credentials: undefined,
    config: { protocol: 2, credentials: source },
    send(command: Command) {
      sent.push([...command.args]);
      return reply();
    },
  };
  return { connection: connection as unknown as Connection, sent };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CredentialSource', () => {
  it('re-authenticates live connections when 3/4 of the lifetime has passed, with fresh credentials', async () => {
    let n = 0;
    const source = new CredentialSource(() => ({ username: 'u', password: `p${++n}`, expires_at: Date.now() + 4000 }));
    const { connection, sent } = stubConnection(source);
    source.attach(connection, await source.fetch());
    await vi.advanceTimersByTimeAsync(2900);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toEqual([['AUTH', 'u', 'p2']]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent).toEqual([
      ['AUTH', 'u', 'p2'],
      ['AUTH', 'u', 'p3'],
    ]);
    // No live connection, no refresh.
    source.detach(connection);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(3);
  });

  it('credentials without expiry are never refreshed; [password] tuples AUTH as default', async () => {
    const source = new CredentialSource({ get_credentials: () => ['only-pw'] as const });
    const { connection, sent } = stubConnection(source);
    const entry = await source.fetch();
    expect([entry.username, entry.password]).toEqual([undefined, 'only-pw']);
    source.attach(connection, entry);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual([]);
  });

  it('a failing refresh is an AuthenticationError event and is tried again before the expiry', async () => {
    let fail = false;
    const source = new CredentialSource(() => {
      if (fail) throw new Error('token service down');
      return { password: 'p', expires_at: Date.now() + 4000 };
    });
    const events: Error[] = [];
    source.on('error', (err) => events.push(err));
    const { connection, sent } = stubConnection(source);
    source.attach(connection, await source.fetch());
    fail = true;
    await vi.advanceTimersByTimeAsync(3100);
    expect(events[0]).toBeInstanceOf(AuthenticationError);
    expect(events[0].message).toContain('token service down');
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([['AUTH', 'p']]);
  });

  it('a refused AUTH is an event without the password; the connection keeps its credentials', async () => {
    const source = new CredentialSource({
      get_credentials: () => ({ username: 'u', password: 'secret-42', expires_at: Date.now() + 1000 }),
    });
    const events: Error[] = [];
    source.on('error', (err) => events.push(err));
    const refused = Object.assign(new Error('WRONGPASS invalid username-password pair'), {});
    const { connection } = stubConnection(source, () => Promise.reject(refused));
    source.attach(connection, await source.fetch());
    await vi.advanceTimersByTimeAsync(800);
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(AuthenticationError);
    expect(inspect(events[0], { depth: 5 })).not.toContain('secret-42');
  });

  it('RESP2 subscribers are not sent AUTH; held connections get it when resumed', async () => {
    let n = 0;
    const source = new CredentialSource(() => ({ password: `p${++n}` }));
    const subscriber = stubConnection(source);
    (subscriber.connection as { subscriberMode: boolean }).subscriberMode = true;
    const lent = stubConnection(source);
    source.attach(subscriber.connection, await source.fetch());
    source.attach(lent.connection, await source.fetch());
    CredentialSource.hold(lent.connection);
    await source.refresh();
    expect(subscriber.sent).toEqual([]);
    expect(lent.sent).toEqual([]);
    CredentialSource.resume(lent.connection);
    expect(lent.sent).toEqual([['AUTH', 'p3']]);
  });

  it('refuses providers of the wrong shape; never shows credentials', async () => {
    expect(() => new CredentialSource(42 as never)).toThrow(DataError);
    const source = new CredentialSource(() => ({ password: 'hidden-pw' }));
    const entry = await source.fetch();
    expect(inspect(entry)).not.toContain('hidden-pw');
    expect(JSON.stringify(entry)).not.toContain('hidden-pw');
    expect(inspect(source)).not.toContain('hidden-pw');
    await expect(new CredentialSource(() => ({ username: 'u' }) as never).fetch()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });
});
