/**
 * redis-py's `health_check_interval`: a connection silent for that long is PINGed; one whose PING goes unanswered is
 * torn down (and reconnected) rather than trusted with the next command. Silence is told by a counter of received
 * chunks that the connection increments, so the data path reads no clock for it.
 */
import type { Socket } from 'node:net';
import { TimeoutError } from '../errors.js';
import { Command, CommandFlags } from './command.js';
import type { ConnectionConfig } from './options.js';

/** What the health check needs from its connection. */
export interface HealthCheckHost {
  endpoint(): string;
  /** True while `socket` is the connection's socket and the connection is ready. */
  serving(socket: Socket): boolean;
  /** Chunks received so far. */
  chunksSeen(): number;
  send(command: Command, timeoutMs: number): Promise<unknown>;
  /** The PING went unanswered: destroy `socket` with `error` if it is still the connection's. */
  unanswered(socket: Socket, error: TimeoutError): void;
}

export class HealthCheck {
  private timer: NodeJS.Timeout | undefined;
  private pingPending = false;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly host: HealthCheckHost,
  ) {}

  /** Watches a socket that just became ready (does nothing without `healthCheckIntervalMs`). */
  start(socket: Socket): void {
    const interval = this.config.healthCheckIntervalMs ?? 0;
    if (interval <= 0) return;
    this.stop();
    const { host } = this;
    let seen = host.chunksSeen();
    this.timer = setInterval(() => {
      if (!host.serving(socket)) return;
      const quiet = host.chunksSeen() === seen;
      seen = host.chunksSeen();
      if (!quiet || this.pingPending) return;
      this.pingPending = true;
      const ping = new Command(['PING'], false, undefined, CommandFlags.NoRetry);
      const timeoutMs = this.config.commandTimeoutMs > 0 ? this.config.commandTimeoutMs : interval;
      host.send(ping, timeoutMs).then(
        () => {
          this.pingPending = false;
        },
        (err: unknown) => {
          this.pingPending = false;
          if (err instanceof TimeoutError) {
            host.unanswered(socket, new TimeoutError(`${host.endpoint()} did not answer a health-check PING`, true));
          }
        },
      );
    }, interval);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.pingPending = false;
  }
}
