/**
 * Encodes commands as RESP arrays of bulk strings (never inline commands). A batch of commands becomes as few buffers
 * as possible for one socket write: small arguments are written into a growable scratch buffer, large binary
 * arguments are passed by reference between scratch segments instead of being copied.
 */
import { DataError } from '../errors.js';

export type RedisArg = string | Buffer | Uint8Array | number | bigint;

/** Binary arguments at least this large are handed to the socket as they are rather than copied. */
const LARGE_ARG = 16 * 1024;
const CRLF = 0x0a0d; // "\r\n" as a little-endian uint16

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : 'a non-finite number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Checks every argument before anything is written. The message names the command and the argument's position
 * (1-based, after the command name) and its kind, never its value: it could be a password.
 */
export function assertValidArgs(args: readonly unknown[]): asserts args is readonly RedisArg[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const kind = typeof arg;
    if (kind === 'string' || kind === 'bigint') continue;
    if (kind === 'number' && Number.isFinite(arg)) continue;
    if (arg instanceof Uint8Array) continue;
    const first = args[0];
    const command = typeof first === 'string' ? first.toUpperCase() : 'command';
    const where = i === 0 ? 'the command name' : `argument ${i}`;
    throw new DataError(
      `${command}: ${where} is ${describe(arg)}; arguments must be strings, Buffers, finite numbers or bigints`,
    );
  }
  if (args.length === 0) throw new DataError('a command needs at least its name');
}

export class CommandEncoder {
  private scratch: Buffer;
  private offset = 0;
  /** Where the current (not yet handed out) scratch segment starts. */
  private segmentStart = 0;
  private out: Buffer[] = [];

  constructor(initialSize = 16 * 1024) {
    this.scratch = Buffer.allocUnsafe(initialSize);
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.scratch.length) return;
    // Hand out what is written so far and continue in a fresh, larger buffer: nothing already handed out is copied.
    this.cutSegment();
    const size = Math.max(this.scratch.length * 2, bytes + 64);
    this.scratch = Buffer.allocUnsafe(size);
    this.offset = 0;
    this.segmentStart = 0;
  }

  private cutSegment(): void {
    if (this.offset > this.segmentStart) this.out.push(this.scratch.subarray(this.segmentStart, this.offset));
    this.segmentStart = this.offset;
  }

  private writeAscii(text: string): void {
    const scratch = this.scratch;
    let o = this.offset;
    for (let i = 0; i < text.length; i++) scratch[o++] = text.charCodeAt(i);
    this.offset = o;
  }

  private writeHeader(type: number, length: number): void {
    this.ensure(24);
    this.scratch[this.offset++] = type;
    this.writeAscii(length < 10 ? String.fromCharCode(48 + length) : String(length));
    this.scratch.writeUInt16LE(CRLF, this.offset);
    this.offset += 2;
  }

  private writeString(value: string): void {
    // Short strings: an upper bound of 3 bytes per UTF-16 unit avoids measuring them twice.
    if (value.length < 1024) {
      this.ensure(value.length * 3 + 32);
      const headerAt = this.offset;
      // Reserve room for the longest header of this bound, write the bytes, then place the header before them.
      const maxLen = value.length * 3;
      const headerLen = 1 + String(maxLen).length + 2;
      const bodyAt = headerAt + headerLen;
      const written = this.scratch.write(value, bodyAt, 'utf8');
      const header = `$${written}\r\n`;
      if (header.length !== headerLen) {
        this.scratch.copy(this.scratch, headerAt + header.length, bodyAt, bodyAt + written);
      }
      this.offset = headerAt;
      this.writeAscii(header);
      this.offset += written;
      this.scratch.writeUInt16LE(CRLF, this.offset);
      this.offset += 2;
      return;
    }
    const length = Buffer.byteLength(value, 'utf8');
    this.writeHeader(0x24, length);
    this.ensure(length + 2);
    this.offset += this.scratch.write(value, this.offset, 'utf8');
    this.scratch.writeUInt16LE(CRLF, this.offset);
    this.offset += 2;
  }

  private writeBytes(value: Uint8Array): void {
    this.writeHeader(0x24, value.length);
    if (value.length >= LARGE_ARG) {
      this.cutSegment();
      this.out.push(Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.length));
      this.ensure(2);
    } else {
      this.ensure(value.length + 2);
      this.scratch.set(value, this.offset);
      this.offset += value.length;
    }
    this.scratch.writeUInt16LE(CRLF, this.offset);
    this.offset += 2;
  }

  /** Appends one command to the current batch. Arguments must have passed {@link assertValidArgs}. */
  add(args: readonly RedisArg[]): void {
    this.writeHeader(0x2a, args.length);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (typeof arg === 'string') this.writeString(arg);
      else if (typeof arg === 'number' || typeof arg === 'bigint') this.writeString(String(arg));
      else this.writeBytes(arg);
    }
  }

  /**
   * The buffers of the batch, for one socket write, and a reset for the next batch. The socket holds these buffers
   * until they are flushed, so the scratch region they cover is never written again: the next batch continues after
   * it, or in a new scratch buffer.
   */
  finish(): Buffer[] {
    this.cutSegment();
    const out = this.out;
    this.out = [];
    // Start the next batch in a fresh buffer when little room is left; small leftovers are not worth keeping.
    if (this.scratch.length - this.offset < 4096) {
      this.scratch = Buffer.allocUnsafe(this.scratch.length);
      this.offset = 0;
      this.segmentStart = 0;
    }
    return out;
  }
}

/** One command as one buffer (for tests and one-off writes). */
export function encodeCommand(args: readonly RedisArg[]): Buffer {
  assertValidArgs(args);
  const encoder = new CommandEncoder(256);
  encoder.add(args);
  const parts = encoder.finish();
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
