/**
 * Test-only model of RESP3 wire values: a serializer, the value the decoder should produce for each, and fast-check
 * arbitraries. Kept independent of the decoder's code on purpose.
 */
import fc from 'fast-check';
import { classifyErrorReply } from '../../../src/errors.js';
import type { RespMap, RespValue } from '../../../src/protocol/types.js';

export type Wire =
  | { t: 'simple'; s: string }
  | { t: 'error'; s: string }
  | { t: 'blobError'; s: string }
  | { t: 'int'; n: bigint }
  | { t: 'bulk'; b: Uint8Array }
  | { t: 'verbatim'; format: string; b: Uint8Array }
  | { t: 'nullBulk' }
  | { t: 'nullArray' }
  | { t: 'null' }
  | { t: 'double'; n: number }
  | { t: 'bool'; v: boolean }
  | { t: 'big'; n: bigint }
  | { t: 'array'; items: Wire[] }
  | { t: 'map'; entries: [Wire, Wire][] }
  | { t: 'set'; items: Wire[] }
  /** An attribute annotating the value `then` (which it precedes on the wire). */
  | { t: 'attr'; entries: [Wire, Wire][]; then: Wire };

/** A top-level frame of a stream: a reply (maybe preceded by attributes) or a push. */
export type Frame = { kind: 'reply'; value: Wire; buffers: boolean } | { kind: 'push'; items: Wire[] };

export type Event =
  | { kind: 'reply'; value: RespValue }
  | { kind: 'push'; value: RespValue[] }
  | { kind: 'attribute'; value: RespMap };

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

function doubleText(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Appends the wire bytes of `w` to `out`. */
export function serialize(w: Wire, out: Buffer[] = []): Buffer[] {
  const line = (type: string, text: string) => out.push(enc(`${type}${text}\r\n`));
  const blob = (type: string, body: Uint8Array) =>
    out.push(enc(`${type}${body.length}\r\n`), Buffer.from(body), enc('\r\n'));
  switch (w.t) {
    case 'simple':
      line('+', w.s);
      break;
    case 'error':
      line('-', w.s);
      break;
    case 'blobError':
      blob('!', enc(w.s));
      break;
    case 'int':
      line(':', w.n.toString());
      break;
    case 'bulk':
      blob('$', w.b);
      break;
    case 'verbatim':
      blob('=', Buffer.concat([enc(`${w.format}:`), w.b]));
      break;
    case 'nullBulk':
      line('$', '-1');
      break;
    case 'nullArray':
      line('*', '-1');
      break;
    case 'null':
      line('_', '');
      break;
    case 'double':
      line(',', doubleText(w.n));
      break;
    case 'bool':
      line('#', w.v ? 't' : 'f');
      break;
    case 'big':
      line('(', w.n.toString());
      break;
    case 'array':
    case 'set':
      line(w.t === 'array' ? '*' : '~', String(w.items.length));
      for (const item of w.items) serialize(item, out);
      break;
    case 'map':
      line('%', String(w.entries.length));
      for (const [k, v] of w.entries) serialize(v, serialize(k, out));
      break;
    case 'attr':
      line('|', String(w.entries.length));
      for (const [k, v] of w.entries) serialize(v, serialize(k, out));
      serialize(w.then, out);
      break;
  }
  return out;
}

export function serializeFrames(frames: readonly Frame[]): Buffer {
  const out: Buffer[] = [];
  for (const f of frames) {
    if (f.kind === 'reply') serialize(f.value, out);
    else {
      out.push(enc(`>${f.items.length}\r\n`));
      for (const item of f.items) serialize(item, out);
    }
  }
  return Buffer.concat(out);
}

/**
 * The value `w` decodes to with bulks as Buffers or strings; attributes met on the way are appended to `events`
 * (they are delivered before the value they annotate, in stream order).
 */
export function expected(w: Wire, buffers: boolean, events: Event[]): RespValue {
  const bytes = (b: Uint8Array): RespValue => (buffers ? Buffer.from(b) : Buffer.from(b).toString('utf8'));
  switch (w.t) {
    case 'simple':
      return Buffer.from(w.s, 'utf8').toString('utf8');
    case 'error':
    case 'blobError':
      return classifyErrorReply(Buffer.from(w.s, 'utf8').toString('utf8'));
    case 'int':
      return w.n >= BigInt(Number.MIN_SAFE_INTEGER) && w.n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(w.n) : w.n;
    case 'bulk':
    case 'verbatim':
      return bytes(w.b);
    case 'nullBulk':
    case 'nullArray':
    case 'null':
      return null;
    case 'double':
      return w.n;
    case 'bool':
      return w.v;
    case 'big':
      return w.n;
    case 'array':
      return w.items.map((item) => expected(item, buffers, events));
    case 'set':
      return new Set(w.items.map((item) => expected(item, buffers, events)));
    case 'map': {
      const map: RespMap = new Map();
      for (const [k, v] of w.entries) {
        const key = expected(k, buffers, events);
        map.set(key, expected(v, buffers, events));
      }
      return map;
    }
    case 'attr': {
      const map: RespMap = new Map();
      for (const [k, v] of w.entries) {
        const key = expected(k, buffers, events);
        map.set(key, expected(v, buffers, events));
      }
      events.push({ kind: 'attribute', value: map });
      return expected(w.then, buffers, events);
    }
  }
}

/** The handler events a stream of frames should produce. */
export function expectedEvents(frames: readonly Frame[], pushBuffers: boolean): Event[] {
  const events: Event[] = [];
  for (const f of frames) {
    if (f.kind === 'push') {
      const value = f.items.map((item) => expected(item, pushBuffers, events));
      events.push({ kind: 'push', value });
    } else if (f.value.t === 'attr') {
      // A top-level attribute is decoded as text; the reply after it follows its own mode.
      const attr = f.value;
      const map: RespMap = new Map();
      for (const [k, v] of attr.entries) {
        const key = expected(k, false, events);
        map.set(key, expected(v, false, events));
      }
      events.push({ kind: 'attribute', value: map });
      events.push(...expectedEvents([{ kind: 'reply', value: attr.then, buffers: f.buffers }], pushBuffers));
    } else {
      const value = expected(f.value, f.buffers, events);
      events.push({ kind: 'reply', value });
    }
  }
  return events;
}

/** Text without CR or LF (simple strings and errors can't hold them). */
const lineText = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
const errorText = fc.oneof(
  lineText.map((s) => `ERR ${s}`),
  fc.constantFrom('WRONGTYPE Operation against a key', 'MOVED 3999 127.0.0.1:6381', 'ASK 1 [::1]:7000', 'NOSCRIPT x'),
  lineText.filter((s) => s.length > 0),
);
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

const scalar: fc.Arbitrary<Wire> = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b): Wire => ({ t: 'bulk', b })) },
  {
    weight: 2,
    arbitrary: fc.string({ maxLength: 20 }).map((s): Wire => ({ t: 'bulk', b: Buffer.from(s, 'utf8') })),
  },
  { weight: 2, arbitrary: lineText.map((s): Wire => ({ t: 'simple', s })) },
  { weight: 1, arbitrary: errorText.map((s): Wire => ({ t: 'error', s })) },
  { weight: 1, arbitrary: errorText.map((s): Wire => ({ t: 'blobError', s })) },
  { weight: 2, arbitrary: fc.oneof(int64, fc.bigInt({ min: -1000n, max: 1000n })).map((n): Wire => ({ t: 'int', n })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('txt', 'mkd'), fc.uint8Array({ maxLength: 20 }))
      .map(([format, b]): Wire => ({ t: 'verbatim', format, b })),
  },
  { weight: 1, arbitrary: fc.constantFrom<Wire>({ t: 'nullBulk' }, { t: 'nullArray' }, { t: 'null' }) },
  { weight: 1, arbitrary: fc.double().map((n): Wire => ({ t: 'double', n })) },
  { weight: 1, arbitrary: fc.boolean().map((v): Wire => ({ t: 'bool', v })) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }).map((n): Wire => ({ t: 'big', n })) },
);

/** Map keys: scalars mostly, sometimes aggregates (RESP3 allows any type). */
const { wire } = fc.letrec<{ wire: Wire; aggregate: Wire }>((tie) => ({
  wire: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('aggregate')),
  aggregate: fc.oneof(
    fc.array(tie('wire'), { maxLength: 5 }).map((items): Wire => ({ t: 'array', items })),
    fc.array(tie('wire'), { maxLength: 4 }).map((items): Wire => ({ t: 'set', items })),
    fc.array(fc.tuple(tie('wire'), tie('wire')), { maxLength: 4 }).map((entries): Wire => ({ t: 'map', entries })),
    fc
      .tuple(fc.array(fc.tuple(scalar, tie('wire')), { maxLength: 2 }), tie('wire'))
      .map(([entries, then]): Wire => ({ t: 'attr', entries, then })),
  ),
}));

export const wireValue: fc.Arbitrary<Wire> = wire;

export const frame: fc.Arbitrary<Frame> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(wire, fc.boolean()).map(([value, buffers]): Frame => ({ kind: 'reply', value, buffers })),
  },
  { weight: 1, arbitrary: fc.array(wire, { maxLength: 4 }).map((items): Frame => ({ kind: 'push', items })) },
);

export const frames: fc.Arbitrary<Frame[]> = fc.array(frame, { minLength: 1, maxLength: 8 });
