/** Wire streams for the codec benchmark, each pre-cut into socket-sized chunks. */

export interface Workload {
  name: string;
  /** The stream, cut like a socket would deliver it. */
  chunks: Buffer[];
  /** Top-level replies in the stream. */
  replies: number;
}

const CHUNK = 64 * 1024;

function cut(stream: Buffer, size = CHUNK): Buffer[] {
  const chunks: Buffer[] = [];
  // Copy each chunk into its own allocation, as a socket would hand it over.
  for (let i = 0; i < stream.length; i += size) chunks.push(Buffer.from(stream.subarray(i, i + size)));
  return chunks;
}

function bulk(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

/** Pipelined small replies: status, integers, short bulks, a nil now and then. */
export function smallReplies(count = 60_000): Workload {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0:
        parts.push('+OK\r\n');
        break;
      case 1:
        parts.push(`:${i}\r\n`);
        break;
      case 2:
        parts.push(bulk('hello'));
        break;
      default:
        parts.push(i % 40 === 3 ? '$-1\r\n' : bulk(`value:${i}`));
    }
  }
  return { name: 'small replies (+OK, :n, short $)', chunks: cut(Buffer.from(parts.join(''))), replies: count };
}

/** Arrays of 10k small bulk strings, e.g. LRANGE/SMEMBERS/KEYS results. */
export function bigArrays(arrays = 8, size = 10_000): Workload {
  const parts: string[] = [];
  for (let a = 0; a < arrays; a++) {
    parts.push(`*${size}\r\n`);
    for (let i = 0; i < size; i++) parts.push(bulk(`member:${i}`));
  }
  return {
    name: `${size / 1000}k-element arrays of short $`,
    chunks: cut(Buffer.from(parts.join(''))),
    replies: arrays,
  };
}

/** 1 MiB bulk strings arriving in 64 KiB chunks. */
export function largeBulks(count = 8, size = 1024 * 1024): Workload {
  const body = Buffer.alloc(size, 'x');
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) parts.push(Buffer.from(`$${size}\r\n`), body, Buffer.from('\r\n'));
  return { name: '1 MiB $ in 64 KiB chunks', chunks: cut(Buffer.concat(parts)), replies: count };
}

/** HGETALL of 1k fields: a flat RESP2 array of 2k bulks, or a RESP3 map. */
export function hashes(resp3: boolean, count = 40, fields = 1000): Workload {
  const parts: string[] = [];
  for (let h = 0; h < count; h++) {
    parts.push(resp3 ? `%${fields}\r\n` : `*${fields * 2}\r\n`);
    for (let i = 0; i < fields; i++) parts.push(bulk(`field:${i}`), bulk(`${i * 7}`));
  }
  const name = resp3 ? `${fields / 1000}k-field map (RESP3 %)` : `${fields / 1000}k-field hash (RESP2 flat *)`;
  return { name, chunks: cut(Buffer.from(parts.join(''))), replies: count };
}
