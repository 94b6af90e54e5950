/** CLIENT LIST / CLIENT INFO text, parsed as redis-py does (also the `client-info` of ACL LOG entries). */
import type { RespValue } from '../protocol/types.js';
import { setField, text } from './transforms.js';

/** One connection of CLIENT LIST, field by field (every value as the server's text). */
export type ClientListEntry = Record<string, string>;
/** CLIENT INFO: the fields of one connection; the counters redis-py converts (`id`, `age`, `db`, …) as numbers. */
export type ClientInfo = Record<string, string | number>;

/** CLIENT INFO fields that are integers (redis-py's list: the ones networking.c prints as integers). */
const INTEGER_FIELDS = new Set([
  'id',
  'age',
  'idle',
  'db',
  'sub',
  'psub',
  'multi',
  'qbuf',
  'qbuf-free',
  'obl',
  'argv-mem',
  'oll',
  'omem',
  'tot-mem',
]);

/**
 * One `k=v k=v` line as an ordinary record (names stored with setField). A value may contain `=`, and a token without `=` continues the
 * previous value (a unix socket path with a space in `addr`), as redis-py reads it.
 */
function parseLine(line: string): ClientListEntry {
  const client: ClientListEntry = {};
  let last: string | undefined;
  for (const token of line.split(' ')) {
    const eq = token.indexOf('=');
    if (eq > 0) {
      last = token.slice(0, eq);
      setField(client, last, token.slice(eq + 1));
    } else if (last !== undefined) client[last] += ` ${token}`;
  }
  return client;
}

/** CLIENT LIST: one record per connection. */
export function parseClientList(reply: RespValue): ClientListEntry[] {
  const out: ClientListEntry[] = [];
  for (const line of text(reply).split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length > 0) out.push(parseLine(trimmed));
  }
  return out;
}

/** CLIENT INFO (and ACL LOG's `client-info`): one record, the integer counters as numbers. */
export function parseClientInfo(reply: RespValue): ClientInfo {
  const info: ClientInfo = parseLine(text(reply).trim());
  for (const field of Object.keys(info)) {
    if (!INTEGER_FIELDS.has(field)) continue;
    const n = Number(info[field]);
    if (Number.isSafeInteger(n)) info[field] = n;
  }
  return info;
}
