import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AskError,
  BusyLoadingError,
  ClusterError,
  CrossSlotError,
  MovedError,
  NoScriptError,
  ProtocolError,
  ResponseError,
  WrongTypeError,
} from '../../../src/errors.js';
import { RespDecoder } from '../../../src/protocol/decoder.js';
import type { RespValue } from '../../../src/protocol/types.js';
import { bytewise, decodeChunks, decodeOne, recorder } from './harness.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RespDecoder value mapping', () => {
  it.each<[string, string, RespValue]>([
    ['simple string', '+OK\r\n', 'OK'],
    ['simple string with UTF-8', '+h\xc3\xa9\r\n', 'hé'],
    ['empty simple string', '+\r\n', ''],
    ['integer', ':1000\r\n', 1000],
    ['negative integer', ':-42\r\n', -42],
    ['integer with plus sign', ':+7\r\n', 7],
    ['largest safe integer', ':9007199254740991\r\n', 9007199254740991],
    ['smallest safe integer', ':-9007199254740991\r\n', -9007199254740991],
    ['integer above 2^53', ':9007199254740992\r\n', 9007199254740992n],
    ['int64 minimum', ':-9223372036854775808\r\n', -9223372036854775808n],
    ['bulk string', '$5\r\nhello\r\n', 'hello'],
    ['empty bulk string', '$0\r\n\r\n', ''],
    ['long bulk string', `$40\r\n${'a'.repeat(40)}\r\n`, 'a'.repeat(40)],
    ['bulk with UTF-8', '$6\r\nn\xc3\xa4\xc3\xafv\r\n', 'näïv'],
    ['null bulk', '$-1\r\n', null],
    ['null array', '*-1\r\n', null],
    ['RESP3 null', '_\r\n', null],
    ['empty array', '*0\r\n', []],
    ['array', '*3\r\n:1\r\n$1\r\na\r\n*1\r\n+b\r\n', [1, 'a', ['b']]],
    ['double', ',3.25\r\n', 3.25],
    ['double with exponent', ',-1.5e-3\r\n', -0.0015],
    ['double without fraction', ',10\r\n', 10],
    ['inf', ',inf\r\n', Number.POSITIVE_INFINITY],
    ['-inf', ',-inf\r\n', Number.NEGATIVE_INFINITY],
    ['nan', ',nan\r\n', Number.NaN],
    ['true', '#t\r\n', true],
    ['false', '#f\r\n', false],
    ['big number', '(3492890328409238509324850943850943825024385\r\n', 3492890328409238509324850943850943825024385n],
    ['negative big number', '(-12\r\n', -12n],
    ['verbatim string', '=15\r\ntxt:Some string\r\n', 'Some string'],
    ['empty verbatim string', '=4\r\nmkd:\r\n', ''],
    [
      'map',
      '%2\r\n+a\r\n:1\r\n$1\r\nb\r\n#f\r\n',
      new Map<RespValue, RespValue>([
        ['a', 1],
        ['b', false],
      ]),
    ],
    ['empty map', '%0\r\n', new Map()],
    ['set', '~3\r\n:1\r\n:2\r\n:1\r\n', new Set([1, 2])],
    ['empty set', '~0\r\n', new Set()],
    ['push nested in a reply (an array)', '*1\r\n>1\r\n:1\r\n', [[1]]],
  ])('%s', (_name, wire, value) => {
    expect(decodeOne(wire)).toEqual(value);
    expect(decodeChunks(bytewise(Buffer.from(wire, 'latin1')))).toEqual([{ kind: 'reply', value }]);
  });

  it('never produces -0 for an integer', () => {
    expect(Object.is(decodeOne(':-0\r\n'), 0)).toBe(true);
  });

  it('returns bulk and verbatim strings as Buffers when the reply wants buffers, simple strings as text', () => {
    const value = decodeOne('*4\r\n$3\r\nabc\r\n+OK\r\n=7\r\ntxt:\xff\xfe\xfd\r\n%1\r\n$1\r\nk\r\n$1\r\nv\r\n', {
      buffers: true,
    });
    expect(value).toEqual([
      Buffer.from('abc'),
      'OK',
      Buffer.from([0xff, 0xfe, 0xfd]),
      new Map([[Buffer.from('k'), Buffer.from('v')]]),
    ]);
  });

  it('decodes strings over 1 MiB, ASCII or not, split across chunks', () => {
    const mixed = Buffer.from(`${'a'.repeat(1024 * 1024)}ü`, 'utf8');
    for (const body of [Buffer.alloc(1536 * 1024, 'a'), Buffer.from('ü'.repeat(700 * 1024), 'utf8'), mixed]) {
      const wire = Buffer.concat([Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n')]);
      const chunks: Buffer[] = [];
      for (let i = 0; i < wire.length; i += 65536) chunks.push(Buffer.from(wire.subarray(i, i + 65536)));
      const events = decodeChunks(chunks);
      expect(events).toHaveLength(1);
      expect(events[0].value === body.toString('utf8')).toBe(true);
    }
  });

  it('decodes invalid UTF-8 like Buffer#toString does', () => {
    const bytes = Buffer.from([0x61, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80]);
    const wire = Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n')]);
    expect(decodeOne(wire)).toBe(bytes.toString('utf8'));
  });
});

describe('RespDecoder error replies', () => {
  it('turns MOVED and ASK into redirect errors with slot, host and port', () => {
    const [moved, ask] = decodeOne('*2\r\n-MOVED 3999 127.0.0.1:6381\r\n-ASK 42 [::1]:7000\r\n') as RespValue[];
    expect(moved).toBeInstanceOf(MovedError);
    expect(moved).toMatchObject({ slot: 3999, host: '127.0.0.1', port: 6381, code: 'MOVED' });
    expect(ask).toBeInstanceOf(AskError);
    expect(ask).toMatchObject({ slot: 42, host: '::1', port: 7000, code: 'ASK' });
    expect(moved instanceof ClusterError).toBe(true);
  });

  it('does not treat a malformed MOVED as a redirect', () => {
    const err = decodeOne('-MOVED __proto__ x:1\r\n');
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).not.toBeInstanceOf(MovedError);
    expect((err as ResponseError).code).toBe('MOVED');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  const blobError = (message: string) => `!${Buffer.byteLength(message)}\r\n${message}\r\n`;
  it.each([
    ['-WRONGTYPE Operation against a key\r\n', WrongTypeError, 'WRONGTYPE', 'WRONGTYPE Operation against a key'],
    ['-NOSCRIPT No matching script\r\n', NoScriptError, 'NOSCRIPT', 'NOSCRIPT No matching script'],
    ['-LOADING Redis is loading\r\n', BusyLoadingError, 'LOADING', 'LOADING Redis is loading'],
    [blobError("CROSSSLOT Keys don't hash"), CrossSlotError, 'CROSSSLOT', "CROSSSLOT Keys don't hash"],
    ['-ERR unknown command\r\n', ResponseError, 'ERR', 'ERR unknown command'],
  ])('classifies %j', (wire, type, code, message) => {
    const err = decodeOne(wire);
    expect(err).toBeInstanceOf(type);
    expect(err).toMatchObject({ code, message });
  });

  it('keeps errors inside arrays as values (EXEC replies)', () => {
    const value = decodeOne('*3\r\n+OK\r\n-ERR value is not an integer\r\n:3\r\n') as RespValue[];
    expect(value[0]).toBe('OK');
    expect(value[1]).toBeInstanceOf(ResponseError);
    expect((value[1] as ResponseError).message).toBe('ERR value is not an integer');
    expect(value[2]).toBe(3);
  });

  it('decodes blob errors as text even when buffers are wanted', () => {
    const err = decodeOne('!21\r\nSYNTAX invalid syntax\r\n', { buffers: true });
    expect(err).toBeInstanceOf(ResponseError);
    expect((err as ResponseError).message).toBe('SYNTAX invalid syntax');
  });
});

describe('RespDecoder pushes and attributes', () => {
  it('routes push frames to onPush, decoded per pushBuffers, and keeps replies in order', () => {
    const wire = '+first\r\n>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n$6\r\nsecond\r\n';
    expect(decodeChunks([Buffer.from(wire)], { buffers: true, pushBuffers: false })).toEqual([
      { kind: 'reply', value: 'first' },
      { kind: 'push', value: ['message', 'ch', 'hi'] },
      { kind: 'reply', value: Buffer.from('second') },
    ]);
    expect(decodeChunks([Buffer.from(wire)], { buffers: false, pushBuffers: true })[1]).toEqual({
      kind: 'push',
      value: [Buffer.from('message'), Buffer.from('ch'), Buffer.from('hi')],
    });
  });

  it('delivers an empty push frame', () => {
    expect(decodeChunks([Buffer.from('>0\r\n')])).toEqual([{ kind: 'push', value: [] }]);
  });

  it('delivers attributes to onAttribute before the value they annotate, outside the value', () => {
    const wire = '|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2\r\n|1\r\n+ttl\r\n:5\r\n:3\r\n';
    expect(decodeChunks([Buffer.from(wire)])).toEqual([
      { kind: 'attribute', value: new Map([['key-popularity', new Map([['a', 0.19]])]]) },
      { kind: 'attribute', value: new Map([['ttl', 5]]) },
      { kind: 'reply', value: [2, 3] },
    ]);
  });

  it('works without an onAttribute handler', () => {
    const replies: RespValue[] = [];
    const decoder = new RespDecoder({ wantsBuffers: () => false, onReply: (v) => replies.push(v), onPush: () => {} });
    decoder.feed(Buffer.from('|1\r\n+a\r\n+b\r\n:1\r\n'));
    expect(replies).toEqual([1]);
  });

  it('asks wantsBuffers once per reply holding bulk strings, never for other replies or pushes', () => {
    const r = recorder({ modes: [false, true, false] });
    r.decoder.feed(Buffer.from('+OK\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n>1\r\n$1\r\np\r\n:1\r\n'));
    expect(r.asked).toEqual([undefined, 1]);
    expect(r.events.map((e) => e.value)).toEqual(['OK', [Buffer.from('a'), Buffer.from('b')], ['p'], 1]);
  });
});

describe('RespDecoder zero copy', () => {
  it('returns a bulk wholly inside the chunk as a view of the chunk', () => {
    const chunk = Buffer.from('*2\r\n$5\r\nhello\r\n=8\r\ntxt:data\r\n');
    const value = decodeChunks([chunk], { buffers: true })[0].value as Buffer[];
    expect(value).toEqual([Buffer.from('hello'), Buffer.from('data')]);
    expect(value[0].buffer).toBe(chunk.buffer);
    expect(value[0].byteOffset).toBe(chunk.byteOffset + 8);
    expect(value[1].buffer).toBe(chunk.buffer);
  });

  it('hands out views that are ordinary Buffers, at the top level and inside arrays', () => {
    const chunk = Buffer.from('$3\r\nabc\r\n*3\r\n$1\r\nx\r\n$2\r\nyz\r\n$0\r\n\r\n');
    const values = decodeChunks([chunk], { buffers: true }).map((e) => e.value);
    const views = [values[0] as Buffer, ...(values[1] as Buffer[])];
    expect(views.map((v) => v.toString())).toEqual(['abc', 'x', 'yz', '']);
    for (const v of views) {
      expect(Buffer.isBuffer(v)).toBe(true);
      expect(Object.getPrototypeOf(v)).toBe(Object.getPrototypeOf(Buffer.from('a')));
      expect(v.constructor).toBe(Buffer);
      expect(v.buffer).toBe(chunk.buffer);
      expect(Buffer.isBuffer(v.subarray(0, 1))).toBe(true);
    }
    // Views share the chunk's memory: no copy was made.
    chunk[chunk.indexOf('yz')] = 0x59;
    expect(views[2].toString()).toBe('Yz');
  });

  it('returns a view of the next chunk when only the header was cut off', () => {
    const body = Buffer.from('world\r\n');
    const value = decodeChunks([Buffer.from('$5\r'), Buffer.from('\n'), body], { buffers: true })[0].value as Buffer;
    expect(value).toEqual(Buffer.from('world'));
    expect(value.buffer).toBe(body.buffer);
  });

  it('assembles a 1 MiB bulk fed in 64 KiB chunks with one allocation of exactly its size', () => {
    const size = 1024 * 1024;
    const body = Buffer.alloc(size);
    for (let i = 0; i < size; i++) body[i] = (i * 7) & 0xff;
    const wire = Buffer.concat([Buffer.from(`$${size}\r\n`), body, Buffer.from('\r\n')]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 65536) chunks.push(Buffer.from(wire.subarray(i, i + 65536)));
    const r = recorder({ buffers: true });
    const alloc = vi.spyOn(Buffer, 'allocUnsafe');
    const concat = vi.spyOn(Buffer, 'concat');
    for (const c of chunks) r.decoder.feed(c);
    const sizes = alloc.mock.calls.map((args) => args[0]).filter((n) => n >= 4096);
    expect(sizes).toEqual([size]);
    expect(concat).not.toHaveBeenCalled();
    const value = r.events[0].value as Buffer;
    expect(value.buffer.byteLength).toBe(size);
    expect(value.equals(body)).toBe(true);
  });
});

describe('RespDecoder state', () => {
  it('drops a partial reply on reset()', () => {
    const r = recorder();
    r.decoder.feed(Buffer.from('*3\r\n:1\r\n$10\r\nabc'));
    r.decoder.reset();
    r.decoder.feed(Buffer.from('+OK\r\n'));
    expect(r.events).toEqual([{ kind: 'reply', value: 'OK' }]);
  });

  it('abandons the rest of the chunk when a handler resets the decoder', () => {
    const seen: RespValue[] = [];
    const decoder: RespDecoder = new RespDecoder({
      wantsBuffers: () => false,
      onReply: (v) => {
        seen.push(v);
        if (v === 'reset') decoder.reset();
      },
      onPush: () => {},
    });
    decoder.feed(Buffer.from('+a\r\n+reset\r\n+lost\r\n*2\r\n'));
    decoder.feed(Buffer.from('+b\r\n'));
    expect(seen).toEqual(['a', 'reset', 'b']);
  });

  it('is unusable after a handler throws, until reset()', () => {
    let fail = true;
    const seen: RespValue[] = [];
    const decoder = new RespDecoder({
      wantsBuffers: () => false,
      onReply: (v) => {
        if (fail) throw new Error('boom');
        seen.push(v);
      },
      onPush: () => {},
    });
    expect(() => decoder.feed(Buffer.from('+x\r\n+y\r\n'))).toThrow('boom');
    fail = false;
    expect(() => decoder.feed(Buffer.from('+z\r\n'))).toThrow(ProtocolError);
    decoder.reset();
    decoder.feed(Buffer.from('+z\r\n'));
    expect(seen).toEqual(['z']);
  });

  it('refuses to be fed from its own handler', () => {
    const decoder: RespDecoder = new RespDecoder({
      wantsBuffers: () => false,
      onReply: () => decoder.feed(Buffer.from('+again\r\n')),
      onPush: () => {},
    });
    expect(() => decoder.feed(Buffer.from('+x\r\n'))).toThrow(/own handler/);
  });

  it('rejects invalid limits', () => {
    const handler = { wantsBuffers: () => false, onReply: () => {}, onPush: () => {} };
    expect(() => new RespDecoder(handler, { maxDepth: 0 })).toThrow(RangeError);
    expect(() => new RespDecoder(handler, { maxBulkLength: 1.5 })).toThrow(RangeError);
  });
});
