/** Shared helpers for the decoder tests: a recording handler and ways to cut a stream into chunks. */
import { RespDecoder } from '../../../src/protocol/decoder.js';
import type { DecoderLimits, RespValue } from '../../../src/protocol/types.js';
import type { Event } from './resp-model.js';

export interface Recorder {
  decoder: RespDecoder;
  events: Event[];
  /** Number of wantsBuffers() calls made for each top-level reply, by reply index. */
  asked: number[];
}

/**
 * A decoder whose handler records every event. `modes[i]` is what wantsBuffers() answers for the i-th reply
 * (default: `buffers`).
 */
export function recorder(
  options: {
    buffers?: boolean;
    modes?: readonly boolean[];
    pushBuffers?: boolean;
    limits?: Partial<DecoderLimits>;
  } = {},
): Recorder {
  const events: Event[] = [];
  const asked: number[] = [];
  let replies = 0;
  const decoder = new RespDecoder(
    {
      wantsBuffers: () => {
        asked[replies] = (asked[replies] ?? 0) + 1;
        return options.modes?.[replies] ?? options.buffers ?? false;
      },
      onReply: (value) => {
        replies++;
        events.push({ kind: 'reply', value });
      },
      onPush: (value) => events.push({ kind: 'push', value }),
      onAttribute: (value) => events.push({ kind: 'attribute', value }),
    },
    options.limits,
  );
  decoder.pushBuffers = options.pushBuffers ?? false;
  return { decoder, events, asked };
}

/** Cuts `data` at the given (sorted, deduplicated, in-range) positions. */
export function cutAt(data: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < data.length))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(copy(data.subarray(from, p)));
    from = p;
  }
  chunks.push(copy(data.subarray(from)));
  return chunks;
}

/** Every chunk gets its own memory, as from a socket, so views into an earlier chunk can't alias a later one. */
function copy(b: Buffer): Buffer {
  return Buffer.from(b);
}

export function bytewise(data: Buffer): Buffer[] {
  return Array.from({ length: data.length }, (_, i) => copy(data.subarray(i, i + 1)));
}

/** Feeds the chunks to a fresh recorder and returns the events. */
export function decodeChunks(chunks: readonly Buffer[], options: Parameters<typeof recorder>[0] = {}): Event[] {
  const r = recorder(options);
  for (const c of chunks) r.decoder.feed(c);
  return r.events;
}

/** Decodes one whole stream and returns the single reply. */
export function decodeOne(data: string | Buffer, options: Parameters<typeof recorder>[0] = {}): RespValue {
  const events = decodeChunks([Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1')], options);
  if (events.length !== 1 || events[0].kind !== 'reply')
    throw new Error(`expected one reply, got ${events.length} events`);
  return events[0].value;
}

/** Depth of nested single-element arrays, walked iteratively (a recursive walk would overflow on deep values). */
export function nestingDepth(value: RespValue): number {
  let depth = 0;
  let v: RespValue = value;
  while (Array.isArray(v)) {
    depth++;
    v = v[0];
  }
  return depth;
}
