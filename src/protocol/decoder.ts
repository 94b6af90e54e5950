/**
 * Incremental RESP2/RESP3 decoder.
 *
 * - One pass over each chunk. A reply that spans chunks is resumed where it stopped, never re-parsed: partially built
 *   aggregates live on an explicit stack of frames (frames.ts), a string whose body spans chunks is copied into one
 *   buffer of its declared length (pending-string.ts), and only a header line cut by a chunk boundary is carried over
 *   (wire.ts; a few bytes, bounded by `maxLineLength`).
 * - The common types (`$ * : +`) are parsed inline in {@link RespDecoder.run}, everything else in `parseOther`.
 *   Numbers are parsed from the bytes by hand, short ASCII strings are built in JS (text.ts), and a bulk wholly inside
 *   the chunk becomes a view of the chunk when Buffers are wanted.
 * - Every length and count is untrusted: digits only, within the limits, and aggregates reserve no more room than the
 *   bytes at hand can fill.
 */
import { classifyErrorReply, ProtocolError } from '../errors.js';
import {
  F_ARRAY,
  F_ATTRIBUTE,
  F_MAP,
  F_PUSH,
  F_SET,
  type Frame,
  NO_ITEMS,
  NO_MAP,
  NO_SET,
  openFrame,
} from './frames.js';
import { PendingString, stringValue } from './pending-string.js';
import { parseBigNumber, parseDouble } from './scalars.js';
import { decodeText, utf8Text } from './text.js';
import {
  DEFAULT_DECODER_LIMITS,
  type DecoderLimits,
  type ReplyHandler,
  type RespMap,
  type RespValue,
} from './types.js';
import { memoryView } from './views.js';
import {
  CR,
  LF,
  LineCarry,
  LineReader,
  NEED_MORE,
  NULL_LENGTH,
  protocolError,
  T_ARRAY,
  T_ATTRIBUTE,
  T_BIG_NUMBER,
  T_BLOB_ERROR,
  T_BOOLEAN,
  T_BULK,
  T_DOUBLE,
  T_ERROR,
  T_INTEGER,
  T_MAP,
  T_NULL,
  T_PUSH,
  T_SET,
  T_SIMPLE,
  T_VERBATIM,
} from './wire.js';

export type { DecoderLimits, ReplyHandler } from './types.js';

/** parseOther() result: the header was cut by the end of the chunk. */
const INCOMPLETE: unique symbol = Symbol('incomplete');
/** parseOther() result: no value for the parent (a frame or string was opened, or a push/attribute delivered). */
const NO_VALUE: unique symbol = Symbol('no value');

/** Frames kept for reuse after a reply; deeper stacks are released so one deep reply doesn't pin memory. */
const KEPT_FRAMES = 64;

function checkLimit(name: keyof DecoderLimits, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive safe integer`);
  return value;
}

export class RespDecoder extends LineReader {
  /** Decode the strings of push frames as Buffers (true) or text (false). */
  pushBuffers = false;

  private readonly handler: ReplyHandler;
  private readonly maxBulkLength: number;
  private readonly maxAggregateLength: number;
  private readonly maxDepth: number;
  private readonly maxBufferedBytes: number;

  private frames: Frame[] = [];
  private depth = 0;
  /** Whether bulks of the current top-level value are Buffers; valid once `modeKnown`. */
  private buffers = false;
  private modeKnown = false;
  private readonly pending = new PendingString();
  private readonly carry = new LineCarry();
  /** Where, in the chunk being parsed, the top-level value in progress began. */
  private replyStart = 0;
  /** Bytes consumed by the in-progress top-level value in earlier chunks. */
  private bufferedBytes = 0;
  private failure: unknown = null;
  /** Bumped by reset(), so a handler that resets the decoder stops the parse of the current chunk. */
  private epoch = 0;
  private feeding = false;

  constructor(handler: ReplyHandler, limits?: Partial<DecoderLimits>) {
    const l = { ...DEFAULT_DECODER_LIMITS, ...limits };
    super(checkLimit('maxLineLength', l.maxLineLength));
    this.handler = handler;
    this.maxBulkLength = checkLimit('maxBulkLength', l.maxBulkLength);
    this.maxAggregateLength = checkLimit('maxAggregateLength', l.maxAggregateLength);
    this.maxDepth = checkLimit('maxDepth', l.maxDepth);
    this.maxBufferedBytes = checkLimit('maxBufferedBytes', l.maxBufferedBytes);
  }

  /**
   * Parses every value `chunk` completes, calling the handler synchronously for each. Throws ProtocolError when the
   * stream breaks the protocol or a limit; after that (or after a handler throws) every feed throws until
   * {@link reset}. The chunk is not copied: Buffers handed out may be views of it.
   */
  feed(chunk: Buffer): void {
    if (this.failure !== null) {
      throw new ProtocolError('Protocol error: the decoder failed earlier; reset it first', { cause: this.failure });
    }
    if (this.feeding) throw new Error('RespDecoder.feed() must not be called from its own handler');
    this.feeding = true;
    const epoch = this.epoch;
    try {
      this.consume(chunk, epoch);
    } catch (err) {
      // The rest of the chunk is lost, so the stream can't be trusted any more.
      if (this.epoch === epoch) this.failure = err;
      throw err;
    } finally {
      this.feeding = false;
    }
  }

  /** Drops all partial state, e.g. after a reconnect. Safe to call from a handler: the current chunk is abandoned. */
  reset(): void {
    this.epoch++;
    this.frames = [];
    this.depth = 0;
    this.buffers = false;
    this.modeKnown = false;
    this.pending.clear();
    this.carry.clear();
    this.replyStart = 0;
    this.bufferedBytes = 0;
    this.failure = null;
  }

  private consume(chunk: Buffer, epoch: number): void {
    const end = chunk.length;
    let pos = 0;
    if (this.carry.length > 0) {
      pos = this.resumeLine(chunk, end);
      if (this.epoch !== epoch) return;
      if (pos < 0) {
        this.account(end);
        return;
      }
    }
    if (this.pending.length >= 0) {
      pos = this.pending.resume(chunk, pos, end);
      if (pos < 0) {
        this.account(end);
        return;
      }
      const value = this.pending.result;
      this.pending.result = null;
      this.attach(value);
      if (this.epoch !== epoch) return;
    }
    const stop = this.run(chunk, pos, end, this.depth === 0 ? pos : 0, epoch);
    if (this.epoch !== epoch) return;
    if (stop < end) this.carry.append(chunk, stop, end, this.maxLineLength);
    if (this.depth > 0 || this.pending.length >= 0 || this.carry.length > 0) this.account(end - this.replyStart);
  }

  /** Charges bytes of this chunk to the unfinished top-level value. */
  private account(bytes: number): void {
    this.bufferedBytes += bytes;
    if (this.bufferedBytes > this.maxBufferedBytes) {
      throw protocolError(`an unfinished reply exceeds maxBufferedBytes (${this.maxBufferedBytes})`);
    }
  }

  /**
   * The main loop: parses values from `buf[pos, end)` and attaches each to its parent (or delivers it). Returns where
   * it stopped: `end`, or the start of a header line that `end` cut (the caller carries it over).
   */
  private run(buf: Buffer, pos: number, end: number, replyStart: number, epoch: number): number {
    // The chunk's memory, read on the first view cut from it: `buf.buffer` is a slow accessor.
    let memory: ArrayBufferLike | null = null;
    let base = 0;
    while (pos < end) {
      const type = buf[pos];
      let value: RespValue;
      if (type === T_BULK) {
        let n = this.quickLength(buf, pos + 1, end);
        if (n < 0 || n > this.maxBulkLength) {
          n = this.readLength(buf, pos + 1, end, this.maxBulkLength, true);
          if (n === NEED_MORE) break;
        }
        const start = this.next;
        if (n === NULL_LENGTH) {
          value = null;
          pos = start;
        } else {
          const stop = start + n;
          if (!this.modeKnown) this.chooseMode();
          if (stop + 2 > end) {
            this.pending.begin(buf, start, end, n, T_BULK, this.buffers);
            pos = end;
            break;
          }
          if (buf[stop] !== CR || buf[stop + 1] !== LF) throw protocolError('bulk string not terminated by CRLF');
          if (this.buffers) {
            if (memory === null) {
              memory = buf.buffer;
              base = buf.byteOffset;
            }
            value = memoryView(memory, base + start, n);
          } else {
            value = decodeText(buf, start, stop);
          }
          pos = stop + 2;
        }
      } else if (type === T_ARRAY) {
        let n = this.quickLength(buf, pos + 1, end);
        if (n < 0 || n > this.maxAggregateLength) {
          n = this.readLength(buf, pos + 1, end, this.maxAggregateLength, true);
          if (n === NEED_MORE) break;
        }
        pos = this.next;
        if (n > 0) {
          this.openAggregate(F_ARRAY, n, end - pos);
          continue;
        }
        value = n === 0 ? [] : null;
      } else if (type === T_INTEGER) {
        const v = this.readInteger(buf, pos + 1, end);
        if (v === undefined) break;
        value = v;
        pos = this.next;
      } else if (type === T_SIMPLE) {
        const cr = this.findLineEnd(buf, pos + 1, end);
        if (cr < 0) break;
        // "+OK" answers most writes: skip building the string.
        value = cr === pos + 3 && buf[pos + 1] === 79 && buf[pos + 2] === 75 ? 'OK' : decodeText(buf, pos + 1, cr);
        pos = cr + 2;
      } else {
        const v = this.parseOther(buf, pos, end, type);
        if (v === INCOMPLETE) break;
        pos = this.next;
        if (v === NO_VALUE) {
          // After a delivered push or attribute, a new top-level value starts here.
          if (this.depth === 0 && this.pending.length < 0) {
            replyStart = pos;
            if (this.epoch !== epoch) return end;
          }
          continue;
        }
        value = v;
      }
      // Most values land in an array that still expects more: handle that without a call.
      const depth = this.depth;
      if (depth !== 0) {
        const f = this.frames[depth - 1];
        if (f.kind === F_ARRAY && f.remaining > 1) {
          const items = f.items;
          const index = f.count - f.remaining;
          // Separate sites for in-bounds stores and appends keep the hot one monomorphic.
          if (index < items.length) items[index] = value;
          else items.push(value);
          f.remaining--;
          if (pos < end && buf[pos] === T_BULK && this.modeKnown) pos = this.fillBulks(buf, pos, end, f);
          continue;
        }
      }
      if (depth === 0) {
        // A top-level scalar: deliver it without going through attach().
        this.endTopLevel();
        this.handler.onReply(value);
      } else {
        this.attach(value);
        if (this.depth !== 0) continue;
      }
      replyStart = pos;
      if (this.epoch !== epoch) return end;
    }
    this.replyStart = replyStart;
    return pos;
  }

  /**
   * Tight loop for the most common aggregate content: bulk strings wholly inside the chunk, stored straight into the
   * array frame `f` with its state in locals. Stops at anything else (another type, a string running past `end`, a
   * header it doesn't like) and before the last element, leaving those to the general path. Returns the new position.
   */
  private fillBulks(buf: Buffer, pos: number, end: number, f: Frame): number {
    const items = f.items;
    const buffers = this.buffers;
    const memory = buf.buffer;
    const base = buf.byteOffset;
    const max = this.maxBulkLength;
    let remaining = f.remaining;
    let index = f.count - remaining;
    while (remaining > 1 && pos < end && buf[pos] === T_BULK) {
      const n = this.quickLength(buf, pos + 1, end);
      if (n < 0 || n > max) break;
      const start = this.next;
      const stop = start + n;
      if (stop + 2 > end || buf[stop] !== CR || buf[stop + 1] !== LF) break;
      const value = buffers ? memoryView(memory, base + start, n) : decodeText(buf, start, stop);
      if (index < items.length) items[index] = value;
      else items.push(value);
      index++;
      remaining--;
      pos = stop + 2;
    }
    f.remaining = remaining;
    return pos;
  }

  /** Everything but `$ * : +`. Sets `next` unless it returns INCOMPLETE. */
  private parseOther(
    buf: Buffer,
    pos: number,
    end: number,
    type: number,
  ): RespValue | typeof INCOMPLETE | typeof NO_VALUE {
    if (type === T_MAP || type === T_SET || type === T_PUSH || type === T_ATTRIBUTE) {
      const n = this.readLength(buf, pos + 1, end, this.maxAggregateLength, false);
      if (n === NEED_MORE) return INCOMPLETE;
      const kind = type === T_MAP ? F_MAP : type === T_SET ? F_SET : type === T_PUSH ? F_PUSH : F_ATTRIBUTE;
      return this.openAggregate(kind, n, end - this.next);
    }
    if (type === T_VERBATIM || type === T_BLOB_ERROR) {
      const n = this.readLength(buf, pos + 1, end, this.maxBulkLength, false);
      if (n === NEED_MORE) return INCOMPLETE;
      if (type === T_VERBATIM && n < 4) throw protocolError('verbatim string shorter than its format prefix');
      if (type === T_VERBATIM && !this.modeKnown) this.chooseMode();
      const asBuffer = type === T_VERBATIM && this.buffers;
      const start = this.next;
      const stop = start + n;
      if (stop + 2 > end) {
        this.pending.begin(buf, start, end, n, type, asBuffer);
        this.next = end;
        return NO_VALUE;
      }
      if (buf[stop] !== CR || buf[stop + 1] !== LF) throw protocolError('bulk string not terminated by CRLF');
      this.next = stop + 2;
      return stringValue(buf, start, stop, type, asBuffer);
    }
    if (type !== T_ERROR && type !== T_NULL && type !== T_BOOLEAN && type !== T_DOUBLE && type !== T_BIG_NUMBER) {
      throw protocolError(`unknown reply type byte 0x${type.toString(16).padStart(2, '0')}`);
    }
    // The rest are single lines.
    const cr = this.findLineEnd(buf, pos + 1, end);
    if (cr < 0) return INCOMPLETE;
    this.next = cr + 2;
    const first = buf[pos + 1];
    switch (type) {
      case T_ERROR:
        return classifyErrorReply(utf8Text(buf, pos + 1, cr));
      case T_DOUBLE:
        return parseDouble(buf, pos + 1, cr);
      case T_BIG_NUMBER:
        return parseBigNumber(buf, pos + 1, cr);
      case T_NULL:
        if (cr !== pos + 1) throw protocolError('malformed null');
        return null;
      default:
        if (cr !== pos + 2 || (first !== 116 && first !== 102)) throw protocolError('malformed boolean');
        return first === 116; // 't'
    }
  }

  /** Opens a frame for an aggregate with `n` elements; empty ones are complete at once. */
  private openAggregate(kind: number, n: number, available: number): RespValue | typeof NO_VALUE {
    const topLevel = this.depth === 0;
    if (n > 0) {
      if (topLevel && kind === F_PUSH) {
        this.buffers = this.pushBuffers;
        this.modeKnown = true;
      } else if (topLevel && kind === F_ATTRIBUTE) {
        // The reply the attribute precedes hasn't begun; its consumer is asked when it does.
        this.buffers = false;
        this.modeKnown = true;
      }
      if (this.depth >= this.maxDepth) throw protocolError(`nesting exceeds maxDepth (${this.maxDepth})`);
      openFrame(this.frames, this.depth, kind, n, available);
      this.depth++;
      return NO_VALUE;
    }
    if (kind === F_ARRAY) return [];
    if (kind === F_MAP) return new Map();
    if (kind === F_SET) return new Set();
    if (kind === F_PUSH) {
      if (!topLevel) return [];
      this.deliverPush([]);
      return NO_VALUE;
    }
    this.deliverAttribute(new Map());
    return NO_VALUE;
  }

  private chooseMode(): void {
    this.buffers = this.handler.wantsBuffers() === true;
    this.modeKnown = true;
  }

  /** Adds a finished value to the innermost open aggregate, closing every aggregate it completes. */
  private attach(value: RespValue): void {
    let depth = this.depth;
    while (depth !== 0) {
      const f = this.frames[depth - 1];
      const kind = f.kind;
      if (kind === F_ARRAY || kind === F_PUSH) {
        const index = f.count - f.remaining;
        if (index < f.items.length) f.items[index] = value;
        else f.items.push(value);
      } else if (kind === F_SET) {
        f.set.add(value);
      } else if (f.remaining % 2 === 0) {
        f.key = value;
      } else {
        f.map.set(f.key, value);
        f.key = null;
      }
      if (--f.remaining !== 0) return;
      this.depth = --depth;
      if (kind === F_ARRAY || kind === F_PUSH) {
        const items = f.items;
        f.items = NO_ITEMS;
        if (kind === F_PUSH && depth === 0) {
          this.deliverPush(items);
          return;
        }
        value = items;
      } else if (kind === F_SET) {
        value = f.set;
        f.set = NO_SET;
      } else {
        const map = f.map;
        f.map = NO_MAP;
        if (kind === F_ATTRIBUTE) {
          // Attributes annotate the value that follows; they are not part of any value.
          this.deliverAttribute(map);
          return;
        }
        value = map;
      }
    }
    this.endTopLevel();
    this.handler.onReply(value);
  }

  private deliverPush(items: RespValue[]): void {
    this.endTopLevel();
    this.handler.onPush(items);
  }

  private deliverAttribute(attribute: RespMap): void {
    if (this.depth === 0) this.endTopLevel();
    this.handler.onAttribute?.(attribute);
  }

  private endTopLevel(): void {
    this.modeKnown = false;
    this.bufferedBytes = 0;
    if (this.frames.length > KEPT_FRAMES) this.frames.length = KEPT_FRAMES;
  }

  /**
   * Completes the carried header line with the start of `chunk` and parses it. Returns the index in `chunk` after the
   * line, or -1 if the chunk ended first.
   */
  private resumeLine(chunk: Buffer, end: number): number {
    let lf = chunk.indexOf(LF);
    if (lf >= end) lf = -1;
    const carry = this.carry;
    carry.appendLine(chunk, lf < 0 ? end : lf + 1, lf, this.maxLineLength);
    if (lf < 0) return -1;
    const length = carry.length;
    carry.length = 0;
    // Exactly one header line: run() consumes all of it, maybe opening an aggregate or starting a string whose body
    // follows in `chunk`. Values made from it are strings, never views, so the carry buffer can be reused.
    const stop = this.run(carry.bytes, 0, length, 0, this.epoch);
    if (stop !== length) throw protocolError('malformed header line');
    return lf + 1;
  }
}
