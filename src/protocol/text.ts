/**
 * Text decoding for the decoder's hot path.
 *
 * Creating a string through Buffer#toString crosses into C++ and costs far more than the bytes themselves for the
 * short values that dominate Redis traffic (keys, small values, field names). For up to 16 bytes of ASCII, reading the
 * bytes in JS and calling String.fromCharCode with a fixed number of arguments is several times faster; everything else
 * goes to Node's native UTF-8 decoder, called directly to skip toString's argument normalisation.
 */

import { isAscii } from 'node:buffer';

interface FastSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

const fast = Buffer.prototype as unknown as Partial<FastSlices>;
const HAS_FAST_SLICES = typeof fast.utf8Slice === 'function' && typeof fast.latin1Slice === 'function';

const fromCharCode = String.fromCharCode;

/** UTF-8 text of `b[start, end)`, decoded once straight from the bytes. */
export function utf8Text(b: Buffer, start: number, end: number): string {
  return HAS_FAST_SLICES ? (b as unknown as FastSlices).utf8Slice(start, end) : b.toString('utf8', start, end);
}

/** Latin-1 text of `b[start, end)`; used for protocol lines that must be ASCII (numbers, lengths). */
export function latin1Text(b: Buffer, start: number, end: number): string {
  return HAS_FAST_SLICES ? (b as unknown as FastSlices).latin1Slice(start, end) : b.toString('latin1', start, end);
}

/** Decodes `b[s, e)` as UTF-8, taking the pure-JS route for short ASCII. */
export function decodeText(b: Buffer, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return '';
    case 1: {
      const c0 = b[s];
      if (c0 < 0x80) return fromCharCode(c0);
      break;
    }
    case 2: {
      const c0 = b[s],
        c1 = b[s + 1];
      if ((c0 | c1) < 0x80) return fromCharCode(c0, c1);
      break;
    }
    case 3: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2];
      if ((c0 | c1 | c2) < 0x80) return fromCharCode(c0, c1, c2);
      break;
    }
    case 4: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3];
      if ((c0 | c1 | c2 | c3) < 0x80) return fromCharCode(c0, c1, c2, c3);
      break;
    }
    case 5: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4];
      if ((c0 | c1 | c2 | c3 | c4) < 0x80) return fromCharCode(c0, c1, c2, c3, c4);
      break;
    }
    case 6: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5];
      if ((c0 | c1 | c2 | c3 | c4 | c5) < 0x80) return fromCharCode(c0, c1, c2, c3, c4, c5);
      break;
    }
    case 7: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6) < 0x80) return fromCharCode(c0, c1, c2, c3, c4, c5, c6);
      break;
    }
    case 8: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) < 0x80) return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7);
      break;
    }
    case 9: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8) < 0x80) return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8);
      break;
    }
    case 10: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8],
        c9 = b[s + 9];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9) < 0x80)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
      break;
    }
    case 11: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8],
        c9 = b[s + 9],
        c10 = b[s + 10];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10) < 0x80)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10);
      break;
    }
    case 12: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8],
        c9 = b[s + 9],
        c10 = b[s + 10],
        c11 = b[s + 11];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11) < 0x80)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11);
      break;
    }
    case 13: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8],
        c9 = b[s + 9],
        c10 = b[s + 10],
        c11 = b[s + 11],
        c12 = b[s + 12];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12) < 0x80)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12);
      break;
    }
    case 14: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8],
        c9 = b[s + 9],
        c10 = b[s + 10],
        c11 = b[s + 11],
        c12 = b[s + 12],
        c13 = b[s + 13];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13) < 0x80)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13);
      break;
    }
    case 15: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8],
        c9 = b[s + 9],
        c10 = b[s + 10],
        c11 = b[s + 11],
        c12 = b[s + 12],
        c13 = b[s + 13],
        c14 = b[s + 14];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14) < 0x80)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14);
      break;
    }
    case 16: {
      const c0 = b[s],
        c1 = b[s + 1],
        c2 = b[s + 2],
        c3 = b[s + 3],
        c4 = b[s + 4],
        c5 = b[s + 5],
        c6 = b[s + 6],
        c7 = b[s + 7],
        c8 = b[s + 8],
        c9 = b[s + 9],
        c10 = b[s + 10],
        c11 = b[s + 11],
        c12 = b[s + 12],
        c13 = b[s + 13],
        c14 = b[s + 14],
        c15 = b[s + 15];
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14 | c15) < 0x80)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15);
      break;
    }
  }
  return e - s < LARGE_TEXT ? utf8Text(b, s, e) : largeText(b, s, e);
}

/**
 * Node creates Latin-1 strings longer than about 1 MB outside the V8 heap (a copy, no decoding), while a UTF-8 decode
 * of the same size builds a large heap string, several times slower. For ASCII, Latin-1 and UTF-8 agree, and the
 * ASCII check is SIMD-fast.
 */
const LARGE_TEXT = 1024 * 1024;

function largeText(b: Buffer, s: number, e: number): string {
  return isAscii(b.subarray(s, e)) ? latin1Text(b, s, e) : utf8Text(b, s, e);
}
