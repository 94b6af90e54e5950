/**
 * A bulk (`$`), verbatim (`=`) or blob-error (`!`) string whose body runs past the chunk it started in.
 *
 * The body is copied, as chunks arrive, into one buffer allocated at the declared length (up to 4 MiB; beyond that it
 * grows as bytes arrive): no list of pieces, no concatenation, and a Buffer result is that very allocation. The allocation waits for the first body byte: when the
 * header is all a chunk held and the next chunk holds the whole body, the value is a view of that chunk instead.
 */
import { classifyErrorReply } from '../errors.js';
import { decodeText, utf8Text } from './text.js';
import type { RespValue } from './types.js';
import { bufferView } from './views.js';
import { CR, LF, protocolError, T_BLOB_ERROR, T_BULK, T_VERBATIM } from './wire.js';

const COLON = 58;
/**
 * Most bytes allocated for a body before they arrive. The declared length comes from the server: a header alone
 * must not make the client allocate hundreds of MiB. Larger bodies grow by doubling as their bytes arrive.
 */
const PREALLOCATE_LIMIT = 4 * 1024 * 1024;

/** The first buffer for a body of `n` bytes of which `have` are here. */
function initialSize(n: number, have: number): number {
  return Math.min(n, Math.max(PREALLOCATE_LIMIT, have));
}

/** The value of a complete body `b[start, stop)` of a string of the given type. */
export function stringValue(b: Buffer, start: number, stop: number, type: number, asBuffer: boolean): RespValue {
  if (type === T_BLOB_ERROR) return classifyErrorReply(utf8Text(b, start, stop));
  if (type === T_VERBATIM) {
    // A verbatim string starts with its 3-letter format (txt, mkd…) and ':', which are not part of the value.
    if (b[start + 3] !== COLON) throw protocolError('verbatim string without format prefix');
    start += 4;
  }
  return asBuffer ? bufferView(b, start, stop) : decodeText(b, start, stop);
}

export class PendingString {
  /** Declared body length; -1 when no string is pending. */
  length = -1;
  /** The completed value, set when resume() returns a position. */
  result: RespValue = null;
  private type = T_BULK;
  private asBuffer = false;
  private filled = 0;
  private target: Buffer | null = null;
  private crSeen = false;

  /** Starts a string whose body (`n` bytes from `start`) runs past `end`, keeping what is here. */
  begin(buf: Buffer, start: number, end: number, n: number, type: number, asBuffer: boolean): void {
    this.length = n;
    this.type = type;
    this.asBuffer = asBuffer && type !== T_BLOB_ERROR;
    this.filled = 0;
    this.crSeen = false;
    this.target = null;
    const available = end - start;
    if (available === 0) return;
    const take = Math.min(available, n);
    if (n > 0) {
      this.target = Buffer.allocUnsafe(initialSize(n, take));
      buf.copy(this.target, 0, start, start + take);
      this.filled = take;
    }
    if (available > n) {
      // Only the CR fits (else the whole string would have been complete).
      if (buf[start + n] !== CR) throw protocolError('bulk string not terminated by CRLF');
      this.crSeen = true;
    }
  }

  /** Continues with `chunk[pos, end)`. Returns the index after the string (its value is in `result`), or -1. */
  resume(chunk: Buffer, pos: number, end: number): number {
    const n = this.length;
    if (this.filled < n) {
      let target = this.target;
      if (target === null) {
        const stop = pos + n;
        if (stop + 2 <= end) {
          if (chunk[stop] !== CR || chunk[stop + 1] !== LF) throw protocolError('bulk string not terminated by CRLF');
          this.finish(stringValue(chunk, pos, stop, this.type, this.asBuffer));
          return stop + 2;
        }
        target = this.target = Buffer.allocUnsafe(initialSize(n, end - pos));
      }
      const take = Math.min(n - this.filled, end - pos);
      if (this.filled + take > target.length) target = this.grow(this.filled + take);
      chunk.copy(target, this.filled, pos, pos + take);
      this.filled += take;
      pos += take;
      if (this.filled < n) return -1;
    }
    if (!this.crSeen) {
      if (pos >= end) return -1;
      if (chunk[pos] !== CR) throw protocolError('bulk string not terminated by CRLF');
      this.crSeen = true;
      pos++;
    }
    if (pos >= end) return -1;
    if (chunk[pos] !== LF) throw protocolError('bulk string not terminated by CRLF');
    // An empty body has no target; each value must still be its own Buffer (a Set of two empty strings has two).
    const target = this.target ?? Buffer.alloc(0);
    this.finish(this.type === T_BULK && this.asBuffer ? target : stringValue(target, 0, n, this.type, this.asBuffer));
    return pos + 1;
  }

  clear(): void {
    this.length = -1;
    this.target = null;
    this.filled = 0;
    this.crSeen = false;
    this.result = null;
  }

  /** A larger buffer for the body (at least `needed`, at most the declared length), keeping what was filled. */
  private grow(needed: number): Buffer {
    const old = this.target!;
    const next = Buffer.allocUnsafe(Math.min(this.length, Math.max(needed, old.length * 2)));
    old.copy(next, 0, 0, this.filled);
    this.target = next;
    return next;
  }

  private finish(value: RespValue): void {
    this.clear();
    this.result = value;
  }
}
