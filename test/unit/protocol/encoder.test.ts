import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import { assertValidArgs, CommandEncoder, encodeCommand, type RedisArg } from '../../../src/protocol/encoder.js';

const text = (b: Buffer) => b.toString('latin1');

describe('encodeCommand', () => {
  it('writes a RESP array of bulk strings', () => {
    expect(text(encodeCommand(['SET', 'key', 'value']))).toBe('*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n');
    expect(text(encodeCommand(['PING']))).toBe('*1\r\n$4\r\nPING\r\n');
    expect(text(encodeCommand(['SET', '', '']))).toBe('*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n');
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    const out = encodeCommand(['SET', 'ключ', '😀é']);
    expect(out.equals(Buffer.from('*3\r\n$3\r\nSET\r\n$8\r\nключ\r\n$6\r\n😀é\r\n', 'utf8'))).toBe(true);
    // Longer than the short-string loop, and non-ASCII only at the end.
    const long = `${'a'.repeat(100)}ü`;
    expect(encodeCommand(['SET', long]).equals(Buffer.from(`*2\r\n$3\r\nSET\r\n$102\r\n${long}\r\n`, 'utf8'))).toBe(
      true,
    );
    // A lone surrogate becomes U+FFFD (3 bytes), as Buffer.from would write it.
    expect(text(encodeCommand(['X', '\ud800']))).toBe(text(Buffer.from('*2\r\n$1\r\nX\r\n$3\r\n\ufffd\r\n', 'utf8')));
  });

  it('writes any string exactly as Buffer.from would encode it, lone surrogates included', () => {
    const reference = (args: string[]) =>
      Buffer.concat([
        Buffer.from(`*${args.length}\r\n`),
        ...args.flatMap((a) => [
          Buffer.from(`$${Buffer.byteLength(a)}\r\n`),
          Buffer.from(a, 'utf8'),
          Buffer.from('\r\n'),
        ]),
      ]);
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (args) => {
        expect(encodeCommand(args).equals(reference(args))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('writes Buffers and Uint8Arrays byte for byte', () => {
    const out = encodeCommand(['SET', Buffer.from([0, 255, 13, 10]), new Uint8Array([1, 2, 3])]);
    expect(
      out.equals(
        Buffer.concat([
          Buffer.from('*3\r\n$3\r\nSET\r\n$4\r\n'),
          Buffer.from([0, 255, 13, 10]),
          Buffer.from('\r\n$3\r\n'),
          Buffer.from([1, 2, 3]),
          Buffer.from('\r\n'),
        ]),
      ),
    ).toBe(true);
  });

  it('writes numbers and bigints as decimal text', () => {
    const args: RedisArg[] = ['X', 0, -0, 42, -7, 1.5, -0.25, 1e-7, 2 ** 60, -(2 ** 70), 12345678901234567890n, -5n];
    const parts = [
      'X',
      '0',
      '0',
      '42',
      '-7',
      '1.5',
      '-0.25',
      '1e-7',
      '1152921504606846976',
      '-1180591620717411303424',
      '12345678901234567890',
      '-5',
    ];
    const want = `*${parts.length}\r\n${parts.map((p) => `$${p.length}\r\n${p}\r\n`).join('')}`;
    expect(text(encodeCommand(args))).toBe(want);
  });

  it('writes multi-digit counts and lengths', () => {
    const args = ['MSET', ...Array.from({ length: 11 }, (_, i) => 'v'.repeat(i * 13))];
    const out = text(encodeCommand(args));
    expect(out.startsWith('*12\r\n$4\r\nMSET\r\n$0\r\n\r\n$13\r\n')).toBe(true);
    expect(out).toContain(`$130\r\n${'v'.repeat(130)}\r\n`);
  });
});

describe('assertValidArgs', () => {
  const bad: [string, unknown, string][] = [
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['an object', { a: 1 }, 'an object'],
    ['an array', ['x'], 'an array'],
    ['a boolean', true, 'a boolean'],
    ['a symbol', Symbol('s'), 'a symbol'],
    ['a function', () => 1, 'a function'],
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
  ];

  it.each(bad)('rejects %s with the command and the 0-based position', (_name, value, kind) => {
    const args = ['set', 'key', value, 'EX', 10];
    expect(() => assertValidArgs(args)).toThrow(DataError);
    expect(() => assertValidArgs(args)).toThrow(
      `SET: argument at index 2 (0-based, index 0 is the command name) is ${kind}`,
    );
    expect(() => encodeCommand(args as RedisArg[])).toThrow(DataError);
  });

  it('never puts argument values in the message', () => {
    try {
      assertValidArgs(['AUTH', 'user', 's3cret-password', undefined]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).not.toContain('s3cret');
      expect((err as Error).message).toContain('index 3');
    }
  });

  it('rejects an empty command and a bad command name', () => {
    expect(() => assertValidArgs([])).toThrow(DataError);
    expect(() => assertValidArgs([undefined, 'x'])).toThrow(/command name \(index 0\) is undefined/);
  });

  it('accepts every valid kind', () => {
    expect(() => assertValidArgs(['SET', 'k', Buffer.from('v'), new Uint8Array(1), 1, 1.5, 1n])).not.toThrow();
  });
});

describe('CommandEncoder', () => {
  it('batches several commands into one buffer', () => {
    const encoder = new CommandEncoder();
    encoder.add(['GET', 'a']);
    encoder.add(['INCR', 'b']);
    const out = encoder.finish();
    expect(out).toHaveLength(1);
    expect(text(out[0])).toBe('*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$4\r\nINCR\r\n$1\r\nb\r\n');
    expect(encoder.finish()).toEqual([]);
  });

  it('never overwrites a batch it handed out', () => {
    const encoder = new CommandEncoder(4096);
    encoder.add(['SET', 'first', 'batch']);
    const first = encoder.finish();
    const snapshot = Buffer.concat(first);
    // Enough later batches to wrap the arena many times over.
    for (let i = 0; i < 500; i++) {
      encoder.add(['SET', `key:${i}`, 'x'.repeat(i % 50), i]);
      encoder.finish();
    }
    expect(Buffer.concat(first).equals(snapshot)).toBe(true);
    expect(text(snapshot)).toBe('*3\r\n$3\r\nSET\r\n$5\r\nfirst\r\n$5\r\nbatch\r\n');
  });

  it('passes large binary arguments by reference and copies small ones', () => {
    const big = Buffer.alloc(64 * 1024, 7);
    const bigView = new Uint8Array(new ArrayBuffer(40_000), 8, 20_000);
    const small = Buffer.from('small');
    const encoder = new CommandEncoder();
    encoder.add(['SET', 'k', big]);
    encoder.add(['SET', 'k2', bigView]);
    encoder.add(['SET', 'k3', small]);
    const out = encoder.finish();
    expect(out).toHaveLength(5);
    expect(out[1]).toBe(big);
    expect(out[3].buffer).toBe(bigView.buffer);
    expect(out[3].byteOffset).toBe(8);
    expect(out.some((b) => b.buffer === small.buffer)).toBe(false);
    const joined = Buffer.concat(out);
    const want = Buffer.concat([
      Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${big.length}\r\n`),
      big,
      Buffer.from('\r\n*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$20000\r\n'),
      Buffer.from(bigView),
      Buffer.from('\r\n*3\r\n$3\r\nSET\r\n$2\r\nk3\r\n$5\r\nsmall\r\n'),
    ]);
    expect(joined.equals(want)).toBe(true);
  });

  it('grows past its arena for a large string and keeps earlier bytes intact', () => {
    const encoder = new CommandEncoder(4096);
    const value = 'é'.repeat(10_000);
    encoder.add(['SET', 'k', value]);
    encoder.add(['GET', 'k']);
    const joined = Buffer.concat(encoder.finish());
    expect(
      joined.equals(Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$20000\r\n${value}\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`)),
    ).toBe(true);
  });

  it('leaves the batch untouched when a command has a bad argument', () => {
    const encoder = new CommandEncoder();
    encoder.add(['GET', 'a']);
    expect(() => encoder.add(['SET', 'b', undefined as unknown as RedisArg])).toThrow(DataError);
    encoder.add(['GET', 'c']);
    expect(text(Buffer.concat(encoder.finish()))).toBe('*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$1\r\nc\r\n');
  });
});
