import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/protocol/encoder.js';
import { bytewise, cutAt, decodeChunks, recorder } from './harness.js';
import { expected, expectedEvents, frames, serialize, serializeFrames, type Wire, wireValue } from './resp-model.js';

/** Whether decoding `w` as a top-level reply needs the reply's mode (it holds a bulk or verbatim string). */
function asksMode(w: Wire, topLevel: boolean): boolean {
  switch (w.t) {
    case 'bulk':
    case 'verbatim':
      return true;
    case 'array':
    case 'set':
      return w.items.some((item) => asksMode(item, false));
    case 'map':
      return w.entries.some(([k, v]) => asksMode(k, false) || asksMode(v, false));
    case 'attr':
      // A top-level attribute is always text; a nested one is part of its reply.
      return (
        (!topLevel && w.entries.some(([k, v]) => asksMode(k, false) || asksMode(v, false))) ||
        asksMode(w.then, topLevel)
      );
    default:
      return false;
  }
}

describe('RespDecoder round trips', () => {
  it('decodes any nested RESP3 value, as strings and as buffers', () => {
    fc.assert(
      fc.property(wireValue, fc.boolean(), (w, buffers) => {
        const events = expectedEvents([{ kind: 'reply', value: w, buffers }], false);
        const data = Buffer.concat(serialize(w));
        expect(decodeChunks([data], { buffers })).toEqual(events);
        // Nested values come out as built from the model, in the mode asked for.
        if (w.t !== 'attr') expect(events.at(-1)).toEqual({ kind: 'reply', value: expected(w, buffers, []) });
      }),
      { numRuns: 500 },
    );
  });

  it('decodes encoded commands back to their arguments', () => {
    const arg = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
      fc.integer(),
      fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
    );
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 8 }), (args) => {
        const asBytes = args.map((a) =>
          Buffer.isBuffer(a) ? a : Buffer.from(typeof a === 'string' ? a : a.toString(), 'utf8'),
        );
        expect(decodeChunks([encodeCommand(args)], { buffers: true })).toEqual([{ kind: 'reply', value: asBytes }]);
      }),
    );
  });
});

describe('RespDecoder chunking', () => {
  it('yields the same events however a stream of replies, pushes and attributes is cut', () => {
    fc.assert(
      fc.property(frames, fc.boolean(), fc.array(fc.nat(), { maxLength: 40 }), (stream, pushBuffers, cuts) => {
        const data = serializeFrames(stream);
        const modes = stream.filter((f) => f.kind === 'reply').map((f) => f.buffers);
        const want = expectedEvents(stream, pushBuffers);
        const options = { modes, pushBuffers };
        expect(decodeChunks([data], options)).toEqual(want);
        expect(decodeChunks(bytewise(data), options)).toEqual(want);
        const scaled = cuts.map((c) => c % (data.length + 1));
        expect(decodeChunks(cutAt(data, scaled), options)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('asks wantsBuffers at most once per reply, and only for replies holding bulk strings', () => {
    fc.assert(
      fc.property(frames, fc.array(fc.nat(), { maxLength: 20 }), (stream, cuts) => {
        const data = serializeFrames(stream);
        const r = recorder({ modes: stream.filter((f) => f.kind === 'reply').map((f) => f.buffers) });
        for (const chunk of cutAt(
          data,
          cuts.map((c) => c % (data.length + 1)),
        ))
          r.decoder.feed(chunk);
        const replies = stream.flatMap((f) => (f.kind === 'reply' ? [f.value] : []));
        expect(replies.map((_, i) => r.asked[i] ?? 0)).toEqual(replies.map((w) => (asksMode(w, true) ? 1 : 0)));
      }),
      { numRuns: 200 },
    );
  });

  it('yields the same replies for every possible cutting of a small stream', () => {
    // 16 bytes: all 2^15 ways to cut it. Covers headers, bodies and CRLFs split at every position.
    const data = Buffer.from('+OK\r\n$3\r\nfoo\r\n:7');
    const tail = Buffer.from('\r\n');
    const stream = Buffer.concat([data, tail]);
    const want = decodeChunks([stream]);
    expect(want).toHaveLength(3);
    const wantJson = JSON.stringify(want);
    const gaps = stream.length - 1;
    const failures: number[] = [];
    for (let mask = 0; mask < 2 ** gaps; mask++) {
      const cuts: number[] = [];
      for (let i = 0; i < gaps; i++) if (mask & (1 << i)) cuts.push(i + 1);
      // JSON is exact for these plain values and much cheaper than a deep equality per cutting.
      if (JSON.stringify(decodeChunks(cutAt(stream, cuts))) !== wantJson) failures.push(mask);
    }
    expect(failures).toEqual([]);
  });

  it('yields the same RESP3 aggregate for every possible cutting', () => {
    const stream = Buffer.from('%1\r\n~1\r\n#t\r\n|1\r\n+a\r\n,1.5\r\n=5\r\ntxt:x\r\n');
    const want = decodeChunks([stream], { buffers: true });
    expect(want).toHaveLength(2); // the attribute, then the map
    const gaps = stream.length - 1;
    const runs = 4000;
    // 2^40 cuttings is too many: every single and double cut, plus a deterministic sample of masks.
    for (let i = 1; i < stream.length; i++) {
      for (let j = i; j < stream.length; j++) {
        expect(decodeChunks(cutAt(stream, [i, j]), { buffers: true })).toEqual(want);
      }
    }
    let seed = 12345;
    for (let k = 0; k < runs; k++) {
      const cuts: number[] = [];
      for (let i = 1; i <= gaps; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        if (seed % 3 === 0) cuts.push(i);
      }
      expect(decodeChunks(cutAt(stream, cuts), { buffers: true })).toEqual(want);
    }
  });
});
