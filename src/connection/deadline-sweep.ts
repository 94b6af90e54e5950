/**
 * Command deadlines, enforced by one interval timer per connection rather than one timer per command: a command only
 * records its deadline, and the sweep expires whatever is past it. The timer runs only while something is pending.
 */
import type Denque from 'denque';
import { ConnectionError, TimeoutError } from '../errors.js';
import type { Command } from './command.js';
import type { ConnectionConfig } from './options.js';

/** What the sweep needs from its connection. */
export interface DeadlineSweepHost {
  /** `host:port` for messages (it changes when a resolver moves the connection). */
  endpoint(): string;
  /** True while connected: a command still unsent then timed out; otherwise the connection did not come up in time. */
  isReady(): boolean;
  /** Why the connection is down, as the cause of the errors of commands that waited for it. */
  lastError(): Error | undefined;
  /** Rejects a command and counts the failure. */
  fail(command: Command, error: Error): void;
  /** Commands were settled: a graceful close may be waiting for that. */
  settled(): void;
  /** The server has not answered for a whole extra timeout: destroy the socket (if any) with `error`. */
  stoppedAnswering(error: TimeoutError): void;
}

export class DeadlineSweep {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly unsent: Denque<Command>,
    private readonly inflight: Denque<Command>,
    private readonly config: ConnectionConfig,
    private readonly host: DeadlineSweepHost,
  ) {}

  /** Starts the timer unless it runs: called for every command with a deadline, so it costs one check. */
  start(): void {
    if (this.timer !== undefined) return;
    const { commandTimeoutMs, offlineQueueTimeoutMs } = this.config;
    const base = commandTimeoutMs > 0 ? Math.min(commandTimeoutMs, offlineQueueTimeoutMs) : offlineQueueTimeoutMs;
    const interval = Math.max(10, Math.min(250, Math.floor(base / 10)));
    this.timer = setInterval(() => this.sweep(), interval);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Expires commands past their deadline and gives up on a socket whose replies stopped coming. */
  private sweep(): void {
    const { unsent, inflight, host } = this;
    if (unsent.length + inflight.length === 0) {
      this.stop();
      return;
    }
    const now = Date.now();
    for (let i = 0; i < unsent.length; i++) {
      const command = unsent.peekAt(i)!;
      if (command.settled || command.deadline === 0 || command.deadline > now) continue;
      host.fail(
        command,
        host.isReady()
          ? new TimeoutError(`${command.name} timed out before it could be sent to ${host.endpoint()}`, false)
          : new ConnectionError(`${command.name}: not connected to ${host.endpoint()} in time`, {
              cause: host.lastError(),
            }),
      );
    }
    for (let i = 0; i < inflight.length; i++) {
      const command = inflight.peekAt(i)!;
      if (command.settled || command.deadline === 0 || command.deadline > now) continue;
      // Keeps its place in the queue: its late reply must still be read (and dropped), not given to the next command.
      command.timedOut = true;
      host.fail(command, new TimeoutError(`${command.name} timed out waiting for ${host.endpoint()}`, true));
    }
    host.settled();
    const head = inflight.peekFront();
    const grace = Math.max(1000, this.config.commandTimeoutMs);
    if (head?.timedOut && now - head.deadline > grace) {
      host.stoppedAnswering(new TimeoutError(`${host.endpoint()} stopped answering`, true));
    }
  }
}
