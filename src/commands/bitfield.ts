/**
 * redis-py's BitFieldOperation: `bitfield(key)` returns a builder whose `set`/`get`/`incrby`/`overflow` queue
 * subcommands and whose `execute()` sends them as one BITFIELD through whatever made the builder — a client (a promise
 * of the results), a pipeline (queued there; the results come with the pipeline's), a transaction's connection.
 */
import { DataError } from '../errors.js';
import type { RedisArg } from '../protocol/encoder.js';
import { integerArg, wordArg } from './argument-checks.js';
import type { KeyArg } from './types.js';

/** BITFIELD's overflow behaviours, in any case (as text or bytes). */
export type BitfieldOverflow = 'WRAP' | 'SAT' | 'FAIL' | 'wrap' | 'sat' | 'fail' | Buffer;
/** A field's type: `i` (signed, 1–64 bits) or `u` (unsigned, 1–63 bits) and its width, such as `'u8'` or `'i16'`. */
export type BitfieldEncoding = `${'i' | 'u'}${number}`;
/** A bit offset: a number, or `'#n'` for n times the field's width. */
export type BitfieldOffset = number | `#${number}` | `${number}`;
/** An integer value: a number without a fraction, a bigint (for 64-bit fields), or a string of digits. */
export type BitfieldValue = number | bigint | string;

const OVERFLOWS = ['WRAP', 'SAT', 'FAIL'] as const;
const ENCODING = /^([iu])([0-9]{1,2})$/;
const OFFSET = /^#?[0-9]+$/;

/** `fmt` checked against what the server accepts (`i1`…`i64`, `u1`…`u63`), before anything is sent. */
export function bitfieldEncoding(command: string, fmt: unknown): string {
  const parsed = typeof fmt === 'string' ? ENCODING.exec(fmt) : null;
  const bits = parsed === null ? 0 : Number(parsed[2]);
  if (parsed === null || bits < 1 || bits > (parsed[1] === 'i' ? 64 : 63)) {
    throw new DataError(`${command}: an encoding is 'i1' to 'i64' or 'u1' to 'u63'`);
  }
  return fmt as string;
}

/** An offset: a non-negative integer, or `'#n'`. */
export function bitfieldOffset(command: string, offset: unknown): number | string {
  if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  if (typeof offset === 'string' && OFFSET.test(offset)) return offset;
  throw new DataError(`${command}: an offset is a non-negative integer or '#n'`);
}

/** One queued subcommand, as its arguments (`['SET', 'u8', 0, 255]`). */
export type BitfieldSubcommand = readonly RedisArg[];

/** The builder `bitfield(key, default_overflow)` returns; `R` is what `execute()` returns where it was made. */
export class BitFieldOperation<R> {
  private queued: BitfieldSubcommand[] = [];
  private lastOverflow = 'WRAP';
  private readonly defaultOverflow: string | undefined;

  /** @internal `send(key, subcommands)` runs BITFIELD where the builder was made. */
  constructor(
    private readonly send: (key: KeyArg, subcommands: readonly BitfieldSubcommand[]) => R,
    readonly key: KeyArg,
    default_overflow?: BitfieldOverflow | null,
  ) {
    this.defaultOverflow =
      default_overflow == null ? undefined : wordArg('BITFIELD', 'default_overflow', default_overflow, OVERFLOWS);
    this.reset();
  }

  /** The queued subcommands. */
  get operations(): readonly BitfieldSubcommand[] {
    return this.queued;
  }

  /** The whole command as it would be sent: `['BITFIELD', key, ...subcommands]` (redis-py's `command`). */
  get command(): RedisArg[] {
    return ['BITFIELD', this.key, ...this.queued.flat()];
  }

  /** Drops the queued subcommands: back to the state right after `bitfield(key, default_overflow)`. */
  reset(): void {
    this.queued = [];
    this.lastOverflow = 'WRAP';
    this.overflow(this.defaultOverflow ?? this.lastOverflow);
  }

  /** Sets how the following INCRBYs overflow (`WRAP`, `SAT` or `FAIL`); queued only when it changes. */
  overflow(overflow: BitfieldOverflow | string): this {
    const word = wordArg('BITFIELD', 'overflow', overflow, OVERFLOWS);
    if (word !== this.lastOverflow) {
      this.lastOverflow = word;
      this.queued.push(['OVERFLOW', word]);
    }
    return this;
  }

  /** Adds `increment` to the field `fmt` at `offset`, with `overflow` from here on when given. */
  incrby(fmt: BitfieldEncoding, offset: BitfieldOffset, increment: BitfieldValue, overflow?: BitfieldOverflow): this {
    const field = this.field(fmt, offset);
    const by = integerArg('BITFIELD', 'increment', increment);
    if (overflow != null) this.overflow(overflow);
    this.queued.push(['INCRBY', ...field, by]);
    return this;
  }

  /** Reads the field `fmt` at `offset`. */
  get(fmt: BitfieldEncoding, offset: BitfieldOffset): this {
    this.queued.push(['GET', ...this.field(fmt, offset)]);
    return this;
  }

  /** Writes `value` to the field `fmt` at `offset`; its result is the previous value. */
  set(fmt: BitfieldEncoding, offset: BitfieldOffset, value: BitfieldValue): this {
    const field = this.field(fmt, offset);
    this.queued.push(['SET', ...field, integerArg('BITFIELD', 'value', value)]);
    return this;
  }

  /**
   * Sends the queued subcommands as one BITFIELD and empties the builder. On a client: a promise of one result per
   * GET/SET/INCRBY (null for an INCRBY that FAIL stopped); on a pipeline: the pipeline, the results coming with its own.
   */
  execute(): R {
    const queued = this.queued;
    this.reset();
    return this.send(this.key, queued);
  }

  private field(fmt: unknown, offset: unknown): [string, number | string] {
    return [bitfieldEncoding('BITFIELD', fmt), bitfieldOffset('BITFIELD', offset)];
  }
}
