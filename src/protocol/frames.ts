/**
 * The decoder's explicit stack of partially built aggregates. Nesting costs one reusable Frame per level, never a JS
 * call frame, so deep replies can't overflow the stack.
 */
import type { RespMap, RespSet, RespValue } from './types.js';

// Frame kinds.
export const F_ARRAY = 0;
export const F_MAP = 1;
export const F_SET = 2;
export const F_PUSH = 3;
export const F_ATTRIBUTE = 4;

/** Placeholders for the containers a frame doesn't use (or no longer owns). Never written to. */
export const NO_ITEMS: RespValue[] = [];
export const NO_MAP: RespMap = new Map();
export const NO_SET: RespSet = new Set();

/** Most array slots reserved ahead of their elements by one frame (see openFrame). */
const MAX_PREALLOCATED = 65536;

/** Fields are typed per container kind so each property keeps one shape. */
export class Frame {
  kind = F_ARRAY;
  /** Elements still expected; maps and attributes count keys and values separately. */
  remaining = 0;
  /** Declared element count of an array or push (its items are stored by index). */
  count = 0;
  items: RespValue[] = NO_ITEMS;
  map: RespMap = NO_MAP;
  set: RespSet = NO_SET;
  key: RespValue = null;
}

/**
 * Sets up `frames[depth]` for an aggregate of `n` elements; `available` is how many bytes of input follow its
 * header in the current chunk.
 *
 * Arrays are preallocated, because filling a preallocated array is much faster than growing one, but never beyond
 * what the bytes at hand can fill: an element takes at least 3 bytes, so a hostile `*4294967295` reserves nothing it
 * hasn't been sent. Only the two outer levels preallocate; as the open frames form a single path, a whole stack of
 * nested headers reserves at most two such slices.
 */
export function openFrame(frames: Frame[], depth: number, kind: number, n: number, available: number): void {
  let f = frames[depth];
  if (f === undefined) {
    f = new Frame();
    frames.push(f);
  }
  f.kind = kind;
  if (kind === F_ARRAY || kind === F_PUSH) {
    f.remaining = n;
    f.count = n;
    const reserve = depth < 2 ? Math.min(n, (available / 3) | 0, MAX_PREALLOCATED) : 0;
    f.items = reserve > 0 ? new Array(reserve) : [];
  } else if (kind === F_SET) {
    f.remaining = n;
    f.set = new Set();
  } else {
    f.remaining = n * 2;
    f.map = new Map();
  }
}
