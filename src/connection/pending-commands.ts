/**
 * What becomes of a connection's commands when it cannot carry them: the socket died (resend what is safe to resend,
 * report the rest as of unknown outcome), the connection closed, or it stays offline too long. Works on the
 * connection's own queues, which the per-command path uses directly; nothing here runs per command.
 */
import type Denque from 'denque';
import { ClientClosedError, ConnectionError, type ProtocolError } from '../errors.js';
import { type Command, CommandFlags } from './command.js';
import type { ConnectionConfig } from './options.js';
import type { NodeStats } from './stats.js';

/** Why the in-flight commands of a lost socket cannot simply be resent or reported as unknown. */
export interface LossCause {
  cause: Error;
  /** The server broke the protocol: everything in flight rejects with it rather than being resent. */
  protocolFailure: ProtocolError | undefined;
  /** Authentication failed for good: everything rejects with `cause`. */
  authFailed: boolean;
}

export class PendingCommands {
  /** Commands a demoted master refused with READONLY, in order: sent again once the connection has moved. */
  private readonly rerouted: Command[] = [];

  constructor(
    private readonly unsent: Denque<Command>,
    private readonly inflight: Denque<Command>,
    private readonly config: ConnectionConfig,
    private readonly stats: NodeStats,
    /** Commands were settled: a graceful close may be waiting for that. */
    private readonly settled: () => void,
  ) {}

  /** Rejects a command and counts the failure in the statistics. */
  fail(command: Command, error: Error): void {
    if (command.settled) return;
    this.stats.failed(error);
    command.reject(error);
  }

  /**
   * Keeps a command a demoted master refused (before it ran) to send it again after the move, within `maxResends`;
   * false when it may not be sent again.
   */
  reroute(command: Command): boolean {
    if (!this.config.reconnect.enabled || (command.flags & CommandFlags.NoRetry) !== 0) return false;
    if (command.resends >= this.config.maxResends) return false;
    command.resends++;
    command.written = false;
    this.rerouted.push(command);
    return true;
  }

  /**
   * True while a command still waits for its reply. Settled commands can linger in the queues (a timed-out one keeps
   * its place until its reply is read), so the queues' lengths alone would keep a closing client waiting for nothing.
   */
  hasUnsettled(): boolean {
    const { inflight, unsent } = this;
    for (let i = 0; i < inflight.length; i++) if (!inflight.peekAt(i)!.settled) return true;
    for (let i = 0; i < unsent.length; i++) if (!unsent.peekAt(i)!.settled) return true;
    return false;
  }

  /** Settles what was written to a socket that died: resend what is safe to resend, report the rest as unknown. */
  failInflight({ cause, protocolFailure, authFailed }: LossCause, endpoint: string): void {
    // Commands a demoted master refused went out before everything still in flight: they go first again.
    const resend: Command[] = this.rerouted.splice(0);
    const { inflight, unsent } = this;
    while (inflight.length > 0) {
      const command = inflight.shift()!;
      if (command.settled) continue;
      if (protocolFailure !== undefined) this.fail(command, protocolFailure);
      else if (authFailed) this.fail(command, cause);
      else if (command.resendable && command.resends < this.config.maxResends) {
        command.resends++;
        command.written = false;
        resend.push(command);
      } else {
        this.fail(
          command,
          new ConnectionError(
            `${command.name}: the connection to ${endpoint} was lost after the command was sent; its outcome is unknown`,
            { cause, outcomeUnknown: true },
          ),
        );
      }
    }
    for (let i = resend.length - 1; i >= 0; i--) unsent.unshift(resend[i]);
    if (authFailed) this.rejectUnsent(cause);
    else if (this.config.failFast && unsent.length > 0) {
      // Nothing here reached the server (or it is safe to repeat): the owner may send it elsewhere at once.
      this.rejectUnsent(new ConnectionError(`connection to ${endpoint} lost before the reply`, { cause }));
    }
  }

  /**
   * Commands waiting for a connection may wait `offlineQueueTimeoutMs` at most, whatever their own timeout. True when
   * some wait (the deadline sweep must run).
   */
  applyOfflineDeadlines(): boolean {
    const limit = Date.now() + this.config.offlineQueueTimeoutMs;
    for (let i = 0; i < this.unsent.length; i++) {
      const command = this.unsent.peekAt(i)!;
      if (command.deadline === 0 || command.deadline > limit) command.deadline = limit;
    }
    return this.unsent.length > 0;
  }

  rejectUnsent(error: Error): void {
    while (this.unsent.length > 0) this.fail(this.unsent.shift()!, error);
    this.settled();
  }

  /** The connection closed for good: nothing pending will be sent. */
  rejectAll(error: ClientClosedError): void {
    // Refused by a demoted master, so they never ran.
    for (const command of this.rerouted.splice(0)) command.reject(error);
    while (this.inflight.length > 0) {
      const command = this.inflight.shift()!;
      command.reject(
        command.written ? new ClientClosedError(error.message, { cause: error, outcomeUnknown: true }) : error,
      );
    }
    this.rejectUnsent(error);
  }
}
