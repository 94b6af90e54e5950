/**
 * Parsers for the RESP scalar lines that are rare enough not to need a hand-inlined fast path: doubles, big numbers
 * and integers wider than 15 digits. They receive the line's bounds (type byte and CRLF excluded) and validate every
 * byte, because `Number()` and `BigInt()` accept far more than RESP allows (whitespace, hex, `Infinity`, …).
 */
import { ProtocolError } from '../errors.js';
import { latin1Text } from './text.js';

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Index after the run of digits starting at `p`. */
function skipDigits(b: Buffer, p: number, end: number): number {
  while (p < end && isDigit(b[p])) p++;
  return p;
}

/** `[+|-]digits`, at least one digit. */
function isSignedDigits(b: Buffer, s: number, e: number): boolean {
  if (s < e && (b[s] === PLUS || b[s] === MINUS)) s++;
  return s < e && skipDigits(b, s, e) === e;
}

/** RESP3 double (`,`): `[sign]digits[.digits][(e|E)[sign]digits]`, or `inf`, `-inf`, `nan` in any case. */
export function parseDouble(b: Buffer, s: number, e: number): number {
  const text = latin1Text(b, s, e);
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan' || lower === '-nan' || lower === '+nan') return Number.NaN;
  let p = s;
  if (p < e && (b[p] === PLUS || b[p] === MINUS)) p++;
  const intStart = p;
  p = skipDigits(b, p, e);
  let digits = p - intStart;
  if (p < e && b[p] === DOT) {
    const fracStart = ++p;
    p = skipDigits(b, p, e);
    digits += p - fracStart;
  }
  if (digits === 0) throw new ProtocolError('Protocol error: malformed double reply');
  // Anything after the mantissa must be an exponent: `e` or `E`, then signed digits.
  if (p < e && ((b[p] !== 101 && b[p] !== 69) || !isSignedDigits(b, p + 1, e))) {
    throw new ProtocolError('Protocol error: malformed double reply');
  }
  return Number(text);
}

/** RESP3 big number (`(`): `[sign]digits`, always a bigint. */
export function parseBigNumber(b: Buffer, s: number, e: number): bigint {
  if (!isSignedDigits(b, s, e)) throw new ProtocolError('Protocol error: malformed big number reply');
  return BigInt(latin1Text(b, s, e));
}

/**
 * An integer reply too wide for the inline parser (more than 15 digits). The caller has already checked that the
 * line is `[sign]digits`. Returns a number when it is a safe integer, else a bigint.
 */
export function parseWideInteger(b: Buffer, s: number, e: number): number | bigint {
  const big = BigInt(latin1Text(b, s, e));
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}
