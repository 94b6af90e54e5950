/**
 * redis-py's Monitor: MONITOR on a connection of its own, whose stream of executed commands is read as parsed
 * entries — `await m.next_command()`, or `for await (const entry of m.listen())`. The connection does not reconnect
 * (a gap in the stream would go unnoticed): when it is lost, reading rejects with a ConnectionError; `close()` ends
 * the iteration cleanly.
 */
import { Command, CommandFlags } from '../connection/command.js';
import { Connection } from '../connection/connection.js';
import type { ConnectionConfig } from '../connection/options.js';
import { ClientClosedError, ConnectionError, ProtocolError, RedisError } from '../errors.js';
import type { RespValue } from '../protocol/types.js';

/** One command the server executed, as redis-py's `Monitor.next_command()` returns it. */
export interface MonitorEntry {
  /** Unix time with microseconds. */
  time: number;
  /** The database the command ran in. */
  db: number;
  /** The client's IP (`'lua'` for commands run by a script, `'unix'` for a Unix socket, `''` when unknown). */
  client_address: string;
  /** The client's port as text (the socket's id for Unix sockets, `''` for scripts). */
  client_port: string;
  client_type: 'tcp' | 'unix' | 'lua' | 'unknown';
  /**
   * The command and its arguments joined by spaces, as the server quotes them: non-printable bytes stay escaped
   * (`\x92`, `\\`), only the escaping of double quotes is undone.
   */
  command: string;
}

/** Options of `next_command()`. */
export interface NextCommandOptions {
  /** Seconds to wait for an entry; null comes back when none arrives in time. Waits for ever when omitted. */
  timeout?: number;
}

/** The quoted arguments of a MONITOR line: `"GET" "foo\"bar"` → `GET foo"bar`. */
function monitorCommand(quoted: string): string {
  const args: string[] = [];
  let i = 0;
  while (i < quoted.length) {
    const open = quoted.indexOf('"', i);
    if (open < 0) break;
    let arg = '';
    let j = open + 1;
    for (; j < quoted.length && quoted[j] !== '"'; j++) {
      if (quoted[j] === '\\' && j + 1 < quoted.length) {
        // Keep the server's escapes (\\, \xNN, \n…) as they are, except \" which only protects the quoting.
        arg += quoted[j + 1] === '"' ? '"' : quoted.slice(j, j + 2);
        j++;
      } else arg += quoted[j];
    }
    args.push(arg);
    i = j + 1;
  }
  return args.join(' ');
}

const LINE = /^\[(\d+) (.*?)\] (.*)$/s;

/** Parses one MONITOR line: `1339518083.107412 [0 127.0.0.1:60866] "keys" "*"`. */
export function parseMonitorLine(line: string): MonitorEntry {
  const space = line.indexOf(' ');
  const match = space < 0 ? null : LINE.exec(line.slice(space + 1));
  const time = Number(line.slice(0, space));
  if (match === null || !Number.isFinite(time)) throw new ProtocolError('MONITOR: unexpected line from the server');
  const [, db, client, quoted] = match;
  let client_address: string;
  let client_port: string;
  let client_type: MonitorEntry['client_type'];
  if (client === 'lua') [client_address, client_port, client_type] = ['lua', '', 'lua'];
  else if (client.startsWith('unix')) [client_address, client_port, client_type] = ['unix', client.slice(5), 'unix'];
  else if (client === '') [client_address, client_port, client_type] = ['', '', 'unknown'];
  else {
    // IPv6 addresses contain colons: the port is after the last one.
    const colon = client.lastIndexOf(':');
    [client_address, client_port, client_type] = [client.slice(0, colon), client.slice(colon + 1), 'tcp'];
  }
  return { time, db: Number(db), client_address, client_port, client_type, command: monitorCommand(quoted) };
}

interface Reader {
  resolve: (entry: MonitorEntry | null) => void;
  reject: (err: Error) => void;
}

/** MONITOR on a connection of its own. Get one with `await client.monitor()`. */
export class Monitor implements AsyncIterable<MonitorEntry> {
  private readonly connection: Connection;
  private readonly buffered: MonitorEntry[] = [];
  private readers: Reader[] = [];
  private failure: Error | undefined;
  private closed = false;

  /** @internal Use `client.monitor()`. */
  constructor(config: ConnectionConfig) {
    // Never reconnected, never resent: the stream must not have silent gaps.
    this.connection = new Connection({ ...config, reconnect: { ...config.reconnect, enabled: false }, maxResends: 0 });
    this.connection.onUnsolicited = (reply) => this.receive(reply);
    this.connection.on('close', () =>
      this.fail(new ConnectionError(`MONITOR: the connection to ${this.endpoint} was lost`)),
    );
    this.connection.on('end', () =>
      this.fail(new ConnectionError(`MONITOR: the connection to ${this.endpoint} ended`)),
    );
  }

  /** The monitored server (`host:port`). */
  get endpoint(): string {
    return this.connection.endpoint;
  }

  /** @internal Sends MONITOR and waits for the server's confirmation; commands issued after it are all seen. */
  async start(): Promise<this> {
    let reply: unknown;
    try {
      reply = await this.connection.send(new Command(['MONITOR'], false, undefined, CommandFlags.NoRetry), 0);
    } catch (err) {
      // Refused (NOPERM…) or never connected: nothing to monitor, and no connection left behind.
      this.connection.disconnect();
      throw err;
    }
    if (reply !== 'OK') {
      this.connection.disconnect();
      throw new RedisError('MONITOR failed');
    }
    return this;
  }

  private receive(reply: RespValue): void {
    let entry: MonitorEntry;
    try {
      if (typeof reply !== 'string') throw new ProtocolError('MONITOR: unexpected reply from the server');
      entry = parseMonitorLine(reply);
    } catch (err) {
      this.fail(err as Error);
      this.connection.disconnect();
      return;
    }
    const reader = this.readers.shift();
    if (reader !== undefined) reader.resolve(entry);
    else this.buffered.push(entry);
  }

  private fail(err: Error): void {
    if (this.closed || this.failure !== undefined) return;
    this.failure = err;
    for (const reader of this.readers.splice(0)) reader.reject(err);
  }

  /**
   * The next command the server executed. Waits for one (for `timeout` seconds at most: null then). Rejects with a
   * ConnectionError once the connection was lost, and with ClientClosedError after `close()`.
   */
  next_command(options: NextCommandOptions = {}): Promise<MonitorEntry | null> {
    const entry = this.buffered.shift();
    if (entry !== undefined) return Promise.resolve(entry);
    if (this.closed) return Promise.reject(new ClientClosedError('MONITOR: the monitor was closed'));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const reader: Reader = { resolve, reject };
      if (options.timeout !== undefined) {
        const timer = setTimeout(() => {
          this.readers = this.readers.filter((r) => r !== reader);
          resolve(null);
        }, options.timeout * 1000);
        reader.resolve = (value) => {
          clearTimeout(timer);
          resolve(value);
        };
        reader.reject = (err) => {
          clearTimeout(timer);
          reject(err);
        };
      }
      this.readers.push(reader);
    });
  }

  /** Alias of {@link next_command}. */
  nextCommand(options: NextCommandOptions = {}): Promise<MonitorEntry | null> {
    return this.next_command(options);
  }

  /** Every command the server executes, until `close()` (the loop ends) or the connection is lost (it throws). */
  async *listen(): AsyncGenerator<MonitorEntry, void, undefined> {
    for (;;) {
      let entry: MonitorEntry | null;
      try {
        entry = await this.next_command();
      } catch (err) {
        if (err instanceof ClientClosedError && this.closed) return;
        throw err;
      }
      if (entry !== null) yield entry;
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<MonitorEntry, void, undefined> {
    return this.listen();
  }

  /** Closes the monitor's connection; `listen()` loops end, waiting `next_command()` calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const reader of this.readers.splice(0))
      reader.reject(new ClientClosedError('MONITOR: the monitor was closed'));
    this.buffered.length = 0;
    this.connection.disconnect();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
