/**
 * RESP wire constants and the readers of header lines (`$5\r\n`, `:42\r\n`, `+OK\r\n`, …) used by the decoder.
 *
 * Every reader validates each byte (lengths are untrusted), returns a "need more input" marker when the chunk ends
 * before the line does, and reports the index after the line through `next`, so the hot loop allocates nothing.
 */
import { ProtocolError } from '../errors.js';
import { parseWideInteger } from './scalars.js';

export const CR = 13;
export const LF = 10;
const MINUS = 45;
const PLUS = 43;

// Type bytes.
export const T_BULK = 36; // $
export const T_ARRAY = 42; // *
export const T_INTEGER = 58; // :
export const T_SIMPLE = 43; // +
export const T_ERROR = 45; // -
export const T_MAP = 37; // %
export const T_SET = 126; // ~
export const T_PUSH = 62; // >
export const T_ATTRIBUTE = 124; // |
export const T_NULL = 95; // _
export const T_DOUBLE = 44; // ,
export const T_BOOLEAN = 35; // #
export const T_BIG_NUMBER = 40; // (
export const T_VERBATIM = 61; // =
export const T_BLOB_ERROR = 33; // !

/** readLength() result for `-1` (RESP2 null bulk or array). */
export const NULL_LENGTH = -1;
/** readLength() result when the chunk ends inside the line. */
export const NEED_MORE = -2;

/** `-1\r\n`. */
const NULL_LINE = [MINUS, 49, CR, LF];

/** Longest digit run accepted in a length or integer (int64 has 19 digits; one spare for a leading zero). */
const MAX_DIGITS = 20;

export function protocolError(message: string): ProtocolError {
  return new ProtocolError(`Protocol error: ${message}`);
}

export class LineReader {
  /** Second result of the readers: the index after the line's LF. */
  protected next = 0;
  protected readonly maxLineLength: number;

  constructor(maxLineLength: number) {
    this.maxLineLength = maxLineLength;
  }

  /**
   * The length of a header in its common shape, `1-10 digits CR LF` wholly before `end`, starting at `p`; -1 for
   * anything else (the caller then takes readLength()'s careful path). Sets `next`.
   */
  protected quickLength(buf: Buffer, p: number, end: number): number {
    const first = p;
    let n = 0;
    for (; p < end; p++) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (p + 1 >= end || p === first || p > first + 10 || buf[p] !== CR || buf[p + 1] !== LF) return -1;
    this.next = p + 2;
    return n;
  }

  /**
   * Reads `digits CR LF` (or `-1 CR LF` when `nullable`) starting at `p`. Returns the length, NULL_LENGTH or
   * NEED_MORE; sets `next` past the LF.
   */
  protected readLength(buf: Buffer, p: number, end: number, limit: number, nullable: boolean): number {
    const first = p;
    let n = 0;
    for (;;) {
      if (p >= end) {
        if (p - first > MAX_DIGITS) throw protocolError('length too long');
        return NEED_MORE;
      }
      const c = buf[p];
      if (c === CR) break;
      const d = c - 48;
      if (d < 0 || d > 9) {
        if (c === MINUS && p === first && nullable) return this.readNullLength(buf, p, end);
        throw protocolError('invalid length');
      }
      n = n * 10 + d;
      if (n > limit) throw protocolError(`length exceeds the limit (${limit})`);
      p++;
    }
    if (p === first || p - first > MAX_DIGITS) throw protocolError('invalid length');
    if (p + 1 >= end) return NEED_MORE;
    if (buf[p + 1] !== LF) throw protocolError('length not terminated by CRLF');
    this.next = p + 2;
    return n;
  }

  /** `-1 CR LF`, the RESP2 null; every other negative length is a violation. */
  private readNullLength(buf: Buffer, p: number, end: number): number {
    for (let i = 0; i < NULL_LINE.length; i++) {
      if (p + i >= end) return NEED_MORE;
      if (buf[p + i] !== NULL_LINE[i]) throw protocolError('invalid negative length');
    }
    this.next = p + 4;
    return NULL_LENGTH;
  }

  /** `[+|-]digits CR LF` from `p`: a number when safe, else a bigint; undefined when cut by `end`. Sets `next`. */
  protected readInteger(buf: Buffer, p: number, end: number): number | bigint | undefined {
    // Common shape first: optional minus, 1-15 digits, CRLF, all before `end`. Small enough to be inlined.
    const first = buf[p] === MINUS ? p + 1 : p;
    let q = first;
    let n = 0;
    for (; q < end; q++) {
      const d = buf[q] - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (q + 1 < end && q > first && q <= first + 15 && buf[q] === CR && buf[q + 1] === LF) {
      this.next = q + 2;
      return first === p ? n : 0 - n;
    }
    return this.readIntegerCarefully(buf, p, end);
  }

  private readIntegerCarefully(buf: Buffer, p: number, end: number): number | bigint | undefined {
    const signStart = p;
    let negative = false;
    if (p < end && (buf[p] === MINUS || buf[p] === PLUS)) negative = buf[p++] === MINUS;
    const first = p;
    let n = 0;
    for (;;) {
      if (p >= end) {
        if (p - first > MAX_DIGITS) throw protocolError('integer too long');
        return undefined;
      }
      const c = buf[p];
      if (c === CR) break;
      const d = c - 48;
      if (d < 0 || d > 9) throw protocolError('invalid integer');
      n = n * 10 + d;
      p++;
    }
    const digits = p - first;
    if (digits === 0 || digits > MAX_DIGITS) throw protocolError('invalid integer');
    if (p + 1 >= end) return undefined;
    if (buf[p + 1] !== LF) throw protocolError('integer not terminated by CRLF');
    this.next = p + 2;
    // Up to 15 digits the running total is exact; `0 - n` avoids producing -0.
    if (digits <= 15) return negative ? 0 - n : n;
    return parseWideInteger(buf, signStart, p);
  }

  /**
   * Finds the CR ending a simple line whose content starts at `p`; -1 when `end` cuts the line. RESP lines can't hold
   * CR or LF, so a bare LF is a violation (this also keeps a carried-over line from being re-parsed more than once).
   */
  protected findLineEnd(buf: Buffer, p: number, end: number): number {
    const first = p;
    while (p < end) {
      const c = buf[p];
      if (c === CR) break;
      if (c === LF) throw protocolError('line feed inside a line');
      p++;
    }
    if (p - first > this.maxLineLength) throw protocolError(`line exceeds maxLineLength (${this.maxLineLength})`);
    if (p + 1 >= end) return -1;
    if (buf[p + 1] !== LF) throw protocolError('line not terminated by CRLF');
    return p;
  }
}

/**
 * The start of a header line cut by the end of a chunk, from its type byte on. It never holds an LF (a line ends at
 * its first LF), so once the LF arrives it holds exactly one line.
 */
export class LineCarry {
  bytes: Buffer = Buffer.alloc(0);
  length = 0;

  /**
   * Appends `src[from, to)`: the part of a chunk before the line's LF (`lfAt`, or -1 if the chunk has none) or the
   * LF itself. A CR must be directly followed by the LF: checked here so a cut line fails as soon as an uncut one.
   */
  appendLine(src: Buffer, to: number, lfAt: number, maxLineLength: number): void {
    if (this.length > 0 && this.bytes[this.length - 1] === CR && lfAt !== 0) {
      throw protocolError('line not terminated by CRLF');
    }
    const crAllowedAt = lfAt < 0 ? to - 1 : lfAt - 1;
    for (let i = 0, stop = lfAt < 0 ? to : lfAt; i < stop; i++) {
      if (src[i] === CR && i !== crAllowedAt) throw protocolError('line not terminated by CRLF');
    }
    this.append(src, 0, to, maxLineLength);
  }

  append(src: Buffer, from: number, to: number, maxLineLength: number): void {
    const length = this.length + (to - from);
    // The type byte and a trailing CR may be carried on top of the content maxLineLength bounds.
    if (length > maxLineLength + 2) throw protocolError(`line exceeds maxLineLength (${maxLineLength})`);
    if (length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, this.bytes.length * 2, 64));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    src.copy(this.bytes, this.length, from, to);
    this.length = length;
  }

  clear(): void {
    this.bytes = Buffer.alloc(0);
    this.length = 0;
  }
}
