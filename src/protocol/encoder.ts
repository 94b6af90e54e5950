/**
 * Encodes commands as RESP arrays of bulk strings.
 *
 * A batch of commands is written into an arena: a scratch buffer that is only ever appended to. `finish()` hands the
 * batch out as a view of the arena and the next batch continues after it, so nothing handed out (and possibly still
 * queued in the socket) is overwritten, and nothing is copied a second time. When the arena runs out, a new one is
 * allocated; the old one lives on only as long as the views the socket still holds. Measured against copying each
 * batch out into an exact-size buffer, the view is faster for every batch size (see the report of bench/codec).
 *
 * Binary arguments of LARGE_ARG bytes or more are not copied at all: they are passed by reference between arena
 * segments, so such a batch is several buffers (meant for one writev). The caller must not modify them until written.
 */
import { DataError } from '../errors.js';

/** One command argument as it goes on the wire. */
export type RedisArg = string | Buffer | Uint8Array | number | bigint;

/** Binary arguments at least this large are handed to the socket as they are rather than copied. */
const LARGE_ARG = 16 * 1024;
/** Strings up to this many UTF-16 units are written by a JS loop (when ASCII), longer ones by Node's encoder. */
const SHORT_STRING = 64;
/** Default arena size. */
const ARENA_SIZE = 64 * 1024;
/** A new batch starts in a new arena when less than this is left of the current one. */
const MIN_ROOM = 1024;
/** Room for `$` or `*`, 16 digits and CRLF: more than any header needs. */
const HEADER_ROOM = 24;

const DOLLAR = 36;
const STAR = 42;
const CR = 13;
const LF = 10;

/** How an invalid argument is described: its kind only, never its value (it could be a password). */
function describeKind(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function commandName(first: unknown): string {
  if (typeof first === 'string' && first.length > 0) return first.slice(0, 64).toUpperCase();
  if (first instanceof Uint8Array && first.length > 0) {
    return Buffer.from(first.buffer, first.byteOffset, Math.min(first.length, 64)).toString('latin1').toUpperCase();
  }
  return '(invalid command name)';
}

function isValidArg(arg: unknown): boolean {
  const kind = typeof arg;
  return (
    kind === 'string' || kind === 'bigint' || (kind === 'number' && Number.isFinite(arg)) || arg instanceof Uint8Array
  );
}

/**
 * Throws DataError unless every argument is a string, Buffer, Uint8Array, finite number or bigint. The message names
 * the command (`args[0]`) and the argument's 0-based index in `args` (index 0 being the command name itself), and the
 * kind of the bad value, never a value.
 */
export function assertValidArgs(args: readonly unknown[]): asserts args is readonly RedisArg[] {
  if (args.length === 0) throw new DataError('cannot send an empty command');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // Strings are nearly every argument: one typeof before the general check.
    if (typeof arg === 'string' || isValidArg(arg)) continue;
    const what =
      i === 0 ? 'the command name (index 0)' : `argument at index ${i} (0-based, index 0 is the command name)`;
    throw new DataError(
      `${commandName(args[0])}: ${what} is ${describeKind(arg)}; ` +
        'arguments must be strings, Buffers, Uint8Arrays, finite numbers or bigints',
    );
  }
}

/** Reusable encoder, one per connection: `add()` commands, then `finish()` a batch for one socket write. */
export class CommandEncoder {
  private readonly arenaSize: number;
  private arena: Buffer;
  private offset = 0;
  /** Start of the arena segment not yet handed out. */
  private segmentStart = 0;
  /** Completed parts of the current batch: arena segments and large arguments. */
  private parts: Buffer[] = [];

  constructor(arenaSize = ARENA_SIZE) {
    this.arenaSize = Math.max(arenaSize, MIN_ROOM * 2);
    this.arena = Buffer.allocUnsafe(this.arenaSize);
  }

  /** Appends one command, as a RESP array of bulk strings, to the current batch. Throws DataError for bad arguments. */
  add(args: readonly RedisArg[]): void {
    if (args.length === 0) assertValidArgs(args);
    // One pass that checks and writes (the arguments were usually validated when the command was built, so a second
    // validation pass would be pure cost). A bad argument rolls the batch back to where this command started: nothing
    // has been handed out since, so restoring the cursor (and the arena, if a new one was started) undoes it.
    const arena = this.arena;
    const offset = this.offset;
    const segmentStart = this.segmentStart;
    const partCount = this.parts.length;
    this.ensure(HEADER_ROOM);
    this.writeHeader(STAR, args.length);
    for (let i = 0; i < args.length; i++) {
      const arg: unknown = args[i];
      if (typeof arg === 'string') this.writeString(arg);
      else if (typeof arg === 'number' && Number.isFinite(arg)) this.writeString(numberText(arg));
      else if (typeof arg === 'bigint') this.writeString(arg.toString());
      else if (arg instanceof Uint8Array) this.writeBytes(arg);
      else {
        this.arena = arena;
        this.offset = offset;
        this.segmentStart = segmentStart;
        this.parts.length = partCount;
        assertValidArgs(args);
      }
    }
  }

  /**
   * The buffers of the current batch, in order, for one socket write (usually exactly one), and a fresh batch. They
   * stay valid: the encoder never writes over them again.
   */
  finish(): Buffer[] {
    this.cutSegment();
    const parts = this.parts;
    this.parts = [];
    if (this.arena.length - this.offset < MIN_ROOM) this.newArena(this.arenaSize);
    return parts;
  }

  /** Makes room for `bytes` more in the arena, moving to a new arena (after cutting the current segment) if needed. */
  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.arena.length) return;
    this.cutSegment();
    this.newArena(Math.max(this.arenaSize, bytes));
  }

  private newArena(size: number): void {
    this.arena = Buffer.allocUnsafe(size);
    this.offset = 0;
    this.segmentStart = 0;
  }

  private cutSegment(): void {
    if (this.offset > this.segmentStart) this.parts.push(this.arena.subarray(this.segmentStart, this.offset));
    this.segmentStart = this.offset;
  }

  /** `$<n>\r\n` or `*<n>\r\n`; the caller has ensured HEADER_ROOM. */
  private writeHeader(type: number, n: number): void {
    const a = this.arena;
    let o = this.offset;
    a[o++] = type;
    if (n < 10) {
      a[o++] = 48 + n;
    } else {
      let digits = 1;
      for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
      o += digits;
      for (let i = o - 1, m = n; digits-- > 0; i--, m = Math.floor(m / 10)) a[i] = 48 + (m % 10);
    }
    a[o++] = CR;
    a[o++] = LF;
    this.offset = o;
  }

  private writeString(s: string): void {
    const length = s.length;
    if (length <= SHORT_STRING) {
      // Short strings are encoded in JS: crossing into C++ to measure and then to write costs more than the bytes.
      // If it is ASCII its byte length is its length: write the header, then the bytes, and only on the first
      // non-ASCII unit measure the UTF-8 length and start over. A UTF-16 unit takes at most 3 bytes.
      this.ensure(length * 3 + HEADER_ROOM + 2);
      const start = this.offset;
      this.writeHeader(DOLLAR, length);
      const a = this.arena;
      let o = this.offset;
      let i = 0;
      for (; i < length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        a[o++] = c;
      }
      if (i < length) {
        this.offset = start;
        this.writeHeader(DOLLAR, utf8Length(s));
        o = writeUtf8(s, a, this.offset);
      }
      a[o++] = CR;
      a[o++] = LF;
      this.offset = o;
      return;
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.ensure(bytes + HEADER_ROOM + 2);
    this.writeHeader(DOLLAR, bytes);
    const a = this.arena;
    let o = this.offset;
    o += a.write(s, o, bytes, 'utf8');
    a[o++] = CR;
    a[o++] = LF;
    this.offset = o;
  }

  private writeBytes(value: Uint8Array): void {
    const length = value.length;
    if (length >= LARGE_ARG) {
      this.ensure(HEADER_ROOM);
      this.writeHeader(DOLLAR, length);
      this.cutSegment();
      this.parts.push(Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, length));
      this.ensure(2);
    } else {
      this.ensure(length + HEADER_ROOM + 2);
      this.writeHeader(DOLLAR, length);
      this.arena.set(value, this.offset);
      this.offset += length;
    }
    this.arena[this.offset++] = CR;
    this.arena[this.offset++] = LF;
  }
}

/** Whether `s[i]` starts a valid surrogate pair. */
function isPairAt(s: string, i: number, c: number): boolean {
  return c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

/** UTF-8 byte length of `s`, counting a lone surrogate as U+FFFD (3 bytes), as Node writes it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if ((c & 0xf800) === 0xd800 && isPairAt(s, i, c)) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Writes `s` as UTF-8 at `a[o]` (room ensured by the caller); returns the index after it. */
function writeUtf8(s: string, a: Buffer, o: number): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      a[o++] = c;
    } else if (c < 0x800) {
      a[o++] = 0xc0 | (c >> 6);
      a[o++] = 0x80 | (c & 0x3f);
    } else if ((c & 0xf800) === 0xd800 && isPairAt(s, i, c)) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      a[o++] = 0xf0 | (cp >> 18);
      a[o++] = 0x80 | ((cp >> 12) & 0x3f);
      a[o++] = 0x80 | ((cp >> 6) & 0x3f);
      a[o++] = 0x80 | (cp & 0x3f);
    } else {
      if ((c & 0xf800) === 0xd800) c = 0xfffd; // lone surrogate
      a[o++] = 0xe0 | (c >> 12);
      a[o++] = 0x80 | ((c >> 6) & 0x3f);
      a[o++] = 0x80 | (c & 0x3f);
    }
  }
  return o;
}

/**
 * Integers as plain decimal (also beyond 2^53, where String() would round or switch to exponent notation), other
 * finite numbers as JavaScript prints them.
 */
export function numberText(n: number): string {
  if (Number.isSafeInteger(n) || !Number.isInteger(n)) return String(n);
  return BigInt(n).toString();
}

/** One command as one buffer (tests, one-off writes). */
export function encodeCommand(args: readonly RedisArg[]): Buffer {
  const encoder = new CommandEncoder(MIN_ROOM * 2);
  encoder.add(args);
  const parts = encoder.finish();
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
