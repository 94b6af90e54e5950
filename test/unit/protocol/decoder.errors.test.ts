import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../src/errors.js';
import type { DecoderLimits } from '../../../src/protocol/types.js';
import { bytewise, nestingDepth, recorder } from './harness.js';

/** Feeds the chunks and returns what was thrown (or undefined). */
function thrown(chunks: readonly Buffer[], limits?: Partial<DecoderLimits>): unknown {
  const r = recorder({ limits });
  try {
    for (const c of chunks) r.decoder.feed(c);
  } catch (err) {
    return err;
  }
  return undefined;
}

function expectProtocolError(wire: string | Buffer, limits?: Partial<DecoderLimits>): void {
  const data = Buffer.isBuffer(wire) ? wire : Buffer.from(wire, 'latin1');
  expect(thrown([data], limits), 'whole').toBeInstanceOf(ProtocolError);
  expect(thrown(bytewise(data), limits), 'byte by byte').toBeInstanceOf(ProtocolError);
}

describe('RespDecoder rejects malformed input', () => {
  it.each([
    ['bulk length beyond the default limit', '$99999999999\r\n'],
    ['array count beyond 2^32-1', '*4294967296\r\n'],
    ['huge length digits', `$${'9'.repeat(30)}\r\n`],
    ['negative bulk length other than -1', '$-5\r\n'],
    ['negative array count other than -1', '*-2\r\n'],
    ['minus zero length', '$-0\r\n'],
    ['-1 with trailing digits', '$-12\r\n'],
    ['non-digit length', '$abc\r\n'],
    ['length with a plus sign', '$+5\r\nhello\r\n'],
    ['length with a space', '$5 \r\nhello\r\n'],
    ['no length digits', '$\r\n'],
    ['null map', '%-1\r\n'],
    ['null set', '~-1\r\n'],
    ['null verbatim', '=-1\r\n'],
    ['unknown type byte', '?x\r\n'],
    ['streamed string header', '$?\r\n;4\r\nHell\r\n;0\r\n'],
    ['lowercase type byte', 'ok\r\n'],
    ['missing CRLF after bulk data', '$5\r\nhelloXX'],
    ['bulk data followed by LF only', '$5\r\nhello\n:1\r\n'],
    ['bulk data followed by CR and junk', '$3\r\nabc\rX'],
    ['header CR without LF', '*1\rX'],
    ['bare LF in a simple string', '+a\nb\r\n'],
    ['CR inside a simple string', '+a\rb\r\n'],
    ['non-digit integer', ':12a\r\n'],
    ['empty integer', ':\r\n'],
    ['sign-only integer', ':-\r\n'],
    ['integer with 21 digits', ':123456789012345678901\r\n'],
    ['bad boolean', '#x\r\n'],
    ['long boolean', '#tt\r\n'],
    ['bad null', '_x\r\n'],
    ['bad double', ',abc\r\n'],
    ['double with two dots', ',1.5.5\r\n'],
    ['double with hex', ',0x10\r\n'],
    ['double with a space', ', 1\r\n'],
    ['double with an empty exponent', ',1e\r\n'],
    ['bad big number', '(12x\r\n'],
    ['empty big number', '(\r\n'],
    ['verbatim shorter than its prefix', '=2\r\nab\r\n'],
    ['verbatim without the colon', '=5\r\ntxt_x\r\n'],
    ['nested bad element', '*2\r\n:1\r\n$x\r\n'],
  ])('%s', (_name, wire) => {
    expectProtocolError(wire);
  });

  it('enforces configured limits', () => {
    expectProtocolError('$11\r\n', { maxBulkLength: 10 });
    expectProtocolError('=11\r\n', { maxBulkLength: 10 });
    expectProtocolError('*4\r\n', { maxAggregateLength: 3 });
    expectProtocolError('%2\r\n', { maxAggregateLength: 1 });
    expectProtocolError('>2\r\n', { maxAggregateLength: 1 });
    expectProtocolError('+123456789\r\n', { maxLineLength: 8 });
    expectProtocolError('-ERR 56789\r\n', { maxLineLength: 8 });
    expectProtocolError('*2\r\n*2\r\n*2\r\n:1\r\n', { maxDepth: 2 });
    // Exactly at the limits is fine.
    const ok = recorder({ limits: { maxBulkLength: 10, maxLineLength: 8, maxDepth: 2, maxAggregateLength: 3 } });
    ok.decoder.feed(Buffer.from('$10\r\n0123456789\r\n+12345678\r\n*3\r\n*1\r\n:1\r\n:2\r\n:3\r\n'));
    expect(ok.events.map((e) => e.value)).toEqual(['0123456789', '12345678', [[1], 2, 3]]);
  });

  it('rejects a line that never ends once it exceeds maxLineLength', () => {
    const r = recorder({ limits: { maxLineLength: 1000 } });
    const chunk = Buffer.alloc(100, 'a');
    r.decoder.feed(Buffer.from('+'));
    let error: unknown;
    for (let i = 0; i < 20 && error === undefined; i++) {
      try {
        r.decoder.feed(chunk);
      } catch (err) {
        error = err;
      }
    }
    expect(error).toBeInstanceOf(ProtocolError);
  });

  it('rejects an unfinished reply holding more than maxBufferedBytes', () => {
    const r = recorder({ limits: { maxBufferedBytes: 1000 } });
    r.decoder.feed(Buffer.from('*100\r\n'));
    const element = Buffer.from('$10\r\n0123456789\r\n');
    let error: unknown;
    let fed = 0;
    for (; fed < 100 && error === undefined; fed++) {
      try {
        r.decoder.feed(element);
      } catch (err) {
        error = err;
      }
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect(fed).toBeLessThan(70);
    // The limit is per reply: the same bytes spread over complete replies are fine.
    const many = recorder({ limits: { maxBufferedBytes: 1000 } });
    for (let i = 0; i < 100; i++) many.decoder.feed(Buffer.from('*1\r\n$10\r\n0123456789\r\n'));
    expect(many.events).toHaveLength(100);
  });

  it('stays failed after a protocol error until reset()', () => {
    const r = recorder();
    expect(() => r.decoder.feed(Buffer.from('$-5\r\n'))).toThrow(ProtocolError);
    expect(() => r.decoder.feed(Buffer.from('+OK\r\n'))).toThrow(ProtocolError);
    expect(r.events).toEqual([]);
    r.decoder.reset();
    r.decoder.feed(Buffer.from('+OK\r\n'));
    expect(r.events).toEqual([{ kind: 'reply', value: 'OK' }]);
  });
});

describe('RespDecoder nesting', () => {
  const LEVELS = 200_000;
  const deep = Buffer.concat([Buffer.from('*1\r\n'.repeat(LEVELS)), Buffer.from(':1\r\n')]);

  it('decodes 200,000 levels within a raised limit without recursion', () => {
    const started = Date.now();
    const r = recorder({ limits: { maxDepth: LEVELS } });
    r.decoder.feed(deep);
    expect(r.events).toHaveLength(1);
    expect(nestingDepth(r.events[0].value)).toBe(LEVELS);
    // Also when every level arrives in its own chunk.
    const chunked = recorder({ limits: { maxDepth: LEVELS } });
    for (let i = 0; i < deep.length; i += 4) chunked.decoder.feed(deep.subarray(i, i + 4));
    expect(nestingDepth(chunked.events[0].value)).toBe(LEVELS);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects 200,000 levels under the default limit', () => {
    const r = recorder();
    expect(() => r.decoder.feed(deep)).toThrow(ProtocolError);
    expect(r.events).toEqual([]);
  });
});

describe('RespDecoder memory bounds', () => {
  function heapAfter(run: () => void): number {
    const before = process.memoryUsage();
    run();
    const after = process.memoryUsage();
    return after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  }

  it('does not allocate for a huge array count before its elements arrive', () => {
    const r = recorder();
    const grown = heapAfter(() => {
      r.decoder.feed(Buffer.from('*4294967295\r\n'));
      for (let i = 0; i < 100; i++) r.decoder.feed(Buffer.from(':1\r\n'));
      r.decoder.feed(Buffer.from('%4294967295\r\n~4294967295\r\n*4294967295\r\n'));
    });
    expect(r.events).toEqual([]);
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });

  it('reserves array slots only for elements the chunk can actually hold', () => {
    const r = recorder({ limits: { maxDepth: 10_000 } });
    // 5,000 nested headers each claiming 2^32-1 elements, in one chunk.
    const wire = Buffer.from('*4294967295\r\n'.repeat(5000));
    const grown = heapAfter(() => r.decoder.feed(wire));
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });
});
