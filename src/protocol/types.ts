import type { ResponseError } from '../errors.js';

/**
 * A decoded RESP2/RESP3 value.
 *
 * Simple strings are always `string`; bulk and verbatim strings are `string` or `Buffer` depending on what the reply's
 * consumer asked for. Error replies are values (an EXEC reply can hold several), never thrown by the decoder.
 */
export type RespValue =
  | string
  | Buffer
  | number
  | bigint
  | boolean
  | null
  | ResponseError
  | RespValue[]
  | RespMap
  | RespSet;

/** A RESP3 map reply. */
export type RespMap = Map<RespValue, RespValue>;
/** A RESP3 set reply. */
export type RespSet = Set<RespValue>;

/** Receives what {@link RespDecoder} decodes. Every method is called synchronously from `feed()`. */
export interface ReplyHandler {
  /**
   * Called once per top-level non-push reply, when the first bulk (or verbatim) string of that reply is reached, and
   * always before the reply's `onReply`. Replies without bulk strings (`+OK`, `:1`, …) never ask. Return true to receive
   * the reply's bulk strings (nested ones included) as Buffers, false for strings.
   */
  wantsBuffers(): boolean;
  /** A complete top-level reply, in stream order. */
  onReply(value: RespValue): void;
  /** A RESP3 push frame (`>`), routed apart from replies. Its strings follow the decoder's `pushBuffers` setting. */
  onPush(value: RespValue[]): void;
  /**
   * A RESP3 attribute (`|`), delivered as soon as it is complete, i.e. before the value it annotates. A top-level
   * attribute decodes its strings as text; a nested one follows the mode of the reply it sits in.
   */
  onAttribute?(attribute: RespMap): void;
}

/** Bounds on untrusted input. Exceeding any of them is a {@link ProtocolError}. */
export interface DecoderLimits {
  /** Largest accepted bulk, verbatim or blob-error length in bytes. */
  maxBulkLength: number;
  /** Largest accepted element count of an array, set or push, or entry count of a map or attribute. */
  maxAggregateLength: number;
  /** Deepest accepted nesting of aggregates (attributes count as a level). */
  maxDepth: number;
  /** Most bytes one still-incomplete top-level reply may have consumed before it is rejected. */
  maxBufferedBytes: number;
  /** Longest accepted simple string, error, integer, double or big-number line in bytes (type byte excluded). */
  maxLineLength: number;
}

export const DEFAULT_DECODER_LIMITS: Readonly<DecoderLimits> = Object.freeze({
  // Redis' own proto-max-bulk-len default.
  maxBulkLength: 512 * 1024 * 1024,
  maxAggregateLength: 2 ** 32 - 1,
  // Real replies nest a handful of levels; recursive code that walks a reply (inspection, conversion, deep equality)
  // overflows the JS stack somewhere near 10k levels, so refuse far below that by default.
  maxDepth: 1024,
  maxBufferedBytes: 1024 * 1024 * 1024,
  maxLineLength: 1024 * 1024,
});
