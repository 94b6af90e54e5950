/**
 * A minimal RESP reader for the harness itself, so that checking the servers does not depend on the client under test.
 * Handles the reply shapes the harness needs: simple strings, errors, integers, bulk strings and flat arrays.
 */
import { Socket } from 'node:net';

export type RawReply = string | number | null | RawReply[] | Error;

/** Parses one reply starting at `at`: the value and the offset after it, or undefined when incomplete. */
export function parse(text: string, at: number): [RawReply, number] | undefined {
  const end = text.indexOf('\r\n', at);
  if (end < 0) return undefined;
  const line = text.slice(at + 1, end);
  switch (text[at]) {
    case '+':
      return [line, end + 2];
    case '-':
      return [new Error(line), end + 2];
    case ':':
      return [Number(line), end + 2];
    case '$': {
      const len = Number(line);
      if (len < 0) return [null, end + 2];
      if (text.length < end + 2 + len + 2) return undefined;
      return [text.slice(end + 2, end + 2 + len), end + 2 + len + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [null, end + 2];
      const items: RawReply[] = [];
      let pos = end + 2;
      for (let i = 0; i < count; i++) {
        const next = parse(text, pos);
        if (next === undefined) return undefined;
        items.push(next[0]);
        pos = next[1];
      }
      return [items, pos];
    }
    default:
      throw new Error(`unexpected reply byte ${text[at]}`);
  }
}

/** Sends one command over a fresh socket and resolves with its decoded reply (latin1 text; ASCII-safe use only). */
export async function rawCommand(port: number, args: readonly string[], host = '127.0.0.1'): Promise<RawReply> {
  return (await rawCommands(port, [args], host))[0];
}

/** Sends commands in one write over a fresh socket (e.g. AUTH, then a command) and resolves with every reply. */
export function rawCommands(
  port: number,
  commands: ReadonlyArray<readonly string[]>,
  host = '127.0.0.1',
): Promise<RawReply[]> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let text = '';
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`${commands[commands.length - 1][0]} timed out on port ${port}`));
    });
    socket.once('error', reject);
    socket.on('data', (data) => {
      text += data.toString('latin1');
      const replies: RawReply[] = [];
      for (let at = 0; replies.length < commands.length; ) {
        const parsed = parse(text, at);
        if (parsed === undefined) return;
        replies.push(parsed[0]);
        at = parsed[1];
      }
      socket.destroy();
      resolve(replies);
    });
    const frame = commands
      .map((args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
      .join('');
    socket.connect(port, host, () => socket.write(frame));
  });
}

/** Parses `key:value` lines of INFO or CLUSTER INFO output. */
export function parseInfoText(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}

export async function rawInfo(port: number, args: readonly string[] = ['INFO']): Promise<Record<string, string>> {
  const reply = await rawCommand(port, args);
  if (typeof reply !== 'string') throw new Error(`unexpected ${args.join(' ')} reply`);
  return parseInfoText(reply);
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
