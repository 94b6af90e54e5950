/**
 * Key → hash slot, exactly as the server computes it: CRC16-XMODEM of the key's UTF-8 bytes (or of its hash tag),
 * masked to 14 bits. This runs once per keyed command, so the common case (ASCII string keys) allocates nothing.
 */
import { DataError } from '../errors.js';
import { numberText } from '../protocol/encoder.js';

/** Number of hash slots in a Redis Cluster. */
export const SLOT_COUNT = 16384;

const SLOT_MASK = SLOT_COUNT - 1;
const OPEN_BRACE = 0x7b; // '{'
const CLOSE_BRACE = 0x7d; // '}'

/** CRC16-XMODEM lookup table (poly 0x1021, MSB first), built once at module load. */
const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    table[i] = crc & 0xffff;
  }
  return table;
})();

/** Continues a CRC over `bytes[start, end)`. Streaming lets the string path switch to bytes midway. */
function crcUpdate(crc: number, bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xff00) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xff];
  }
  return crc;
}

/**
 * CRC16-XMODEM (poly 0x1021, init 0, no reflection, no final xor) of `bytes[start, end)`.
 * `crc16(Buffer.from('123456789')) === 0x31c3`.
 */
export function crc16(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  return crcUpdate(0, bytes, start, end);
}

/*
 * UTF-8 scratch space for non-ASCII string keys. Reused so each such key costs one encode and no allocation; keys
 * larger than the cap get a one-off buffer so a single huge key does not pin memory for the life of the process.
 */
const SCRATCH_CAP = 64 * 1024;
let scratch: Buffer = Buffer.allocUnsafe(256);

/** CRC of the UTF-8 encoding of `text`, continuing from `crc`. */
function crcUpdateUtf8(crc: number, text: string): number {
  const length = Buffer.byteLength(text, 'utf8');
  if (length > SCRATCH_CAP) {
    const once = Buffer.from(text, 'utf8');
    return crcUpdate(crc, once, 0, once.length);
  }
  if (length > scratch.length) {
    let size = scratch.length * 2;
    while (size < length) size *= 2;
    scratch = Buffer.allocUnsafe(size);
  }
  // Buffer#write encodes lone surrogates as U+FFFD (EF BF BD), exactly like Buffer.from: both paths agree.
  const written = scratch.write(text, 0, length, 'utf8');
  return crcUpdate(crc, scratch, 0, written);
}

/**
 * CRC of the UTF-8 bytes of `key[start, end)`. ASCII characters are their own UTF-8 byte, so they are fed to the
 * table directly; at the first non-ASCII character the rest of the range is encoded once and the CRC continues.
 * Slicing at that index is safe: the previous character is ASCII, so no surrogate pair is split.
 */
function crcOfString(key: string, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x80) return crcUpdateUtf8(crc, key.slice(i, end));
    crc = ((crc << 8) & 0xff00) ^ TABLE[((crc >>> 8) ^ c) & 0xff];
  }
  return crc;
}

/**
 * Hash slot of a key (0–16383). Hash tags: when the key holds a `{` and, after the first `{`, a `}` with at least one
 * byte between them, only those bytes are hashed, so `{user1000}.following` and `{user1000}.followers` share a slot.
 *
 * For strings the tag is found on UTF-16 code units: `{` and `}` are ASCII and never occur inside a multi-byte UTF-8
 * sequence, so the first `{`/`}` in the string are the first `{`/`}` bytes of its encoding, and the text between them
 * encodes to exactly the bytes between them.
 */
export function keySlot(key: string | Buffer | Uint8Array | number | bigint): number {
  // Numbers are keys too (redis-py sends them as their decimal text): hash exactly the text the encoder writes.
  if (typeof key === 'number') {
    if (!Number.isFinite(key)) throw new DataError('a key must be a finite number when it is a number');
    key = numberText(key);
  } else if (typeof key === 'bigint') key = key.toString();
  if (typeof key === 'string') {
    const open = key.indexOf('{');
    if (open >= 0) {
      const close = key.indexOf('}', open + 1);
      if (close > open + 1) return crcOfString(key, open + 1, close) & SLOT_MASK;
    }
    return crcOfString(key, 0, key.length) & SLOT_MASK;
  }
  if (key instanceof Uint8Array) {
    const open = key.indexOf(OPEN_BRACE);
    if (open >= 0) {
      const close = key.indexOf(CLOSE_BRACE, open + 1);
      if (close > open + 1) return crcUpdate(0, key, open + 1, close) & SLOT_MASK;
    }
    return crcUpdate(0, key, 0, key.length) & SLOT_MASK;
  }
  throw new DataError(
    `a key must be a string, Buffer, Uint8Array or number, not ${key === null ? 'null' : typeof key}`,
  );
}
