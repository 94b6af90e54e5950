import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16, keySlot, SLOT_COUNT } from '../../../src/cluster/slot.js';
import { DataError } from '../../../src/errors.js';

/** Bit-by-bit CRC16-XMODEM and hash-tag rule, written independently of the table-driven code under test. */
function referenceCrc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function referenceSlot(key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  let open = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x7b) {
      open = i;
      break;
    }
  }
  if (open >= 0) {
    for (let close = open + 1; close < bytes.length; close++) {
      if (bytes[close] === 0x7d) {
        if (close > open + 1) return referenceCrc16(bytes.subarray(open + 1, close)) % 16384;
        break;
      }
    }
  }
  return referenceCrc16(bytes) % 16384;
}

describe('crc16', () => {
  it('matches the XMODEM check value', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
  });

  it('is 0 for no bytes and honours start/end', () => {
    expect(crc16(new Uint8Array(0))).toBe(0);
    const bytes = Buffer.from('xx123456789yy');
    expect(crc16(bytes, 2, 11)).toBe(0x31c3);
    expect(crc16(bytes, 2)).toBe(referenceCrc16(bytes.subarray(2)));
  });

  it('agrees with a bit-by-bit implementation on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc16(bytes)).toBe(referenceCrc16(bytes));
      }),
    );
  });
});

describe('keySlot', () => {
  it('exports the slot count', () => {
    expect(SLOT_COUNT).toBe(16384);
  });

  // Expected values from `CLUSTER KEYSLOT` on Redis 7.0.15.
  it.each([
    ['foo', 12182],
    ['bar', 5061],
    ['{user1000}.following', 3443],
    ['foo{}{bar}', 8363],
    ['foo{{bar}}zap', 4015],
    ['foo{bar}{zap}', 5061],
    ['héllo', 11061],
    ['日本語', 12788],
    ['😀key', 11611],
    ['{😀}a', 2959],
    ['', 0],
    ['a{', 14311],
    ['}{a}', 15495],
  ])('keySlot(%j) is %i, as the server computes', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
    expect(keySlot(Buffer.from(key))).toBe(slot);
    expect(keySlot(new Uint8Array(Buffer.from(key)))).toBe(slot);
  });

  it('applies the hash-tag rules', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('foo{}{bar}')).toBe(referenceCrc16(Buffer.from('foo{}{bar}')) & 16383);
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
    expect(keySlot('x{tag}y')).toBe(keySlot('tag'));
    expect(keySlot('{}')).toBe(referenceCrc16(Buffer.from('{}')) & 16383);
  });

  it('encodes lone surrogates like Buffer.from (U+FFFD, EF BF BD)', () => {
    // 13381 is CLUSTER KEYSLOT of the bytes EF BF BD.
    expect(keySlot('\ud800')).toBe(13381);
    expect(keySlot('\udfff')).toBe(13381);
    expect(keySlot(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(13381);
    expect(keySlot('a{\ud83d}b')).toBe(keySlot(Buffer.from('a{\ud83d}b')));
  });

  it('hashes only the tag bytes of binary keys', () => {
    // Server: CLUSTER KEYSLOT of FF FE 7B 00 7D is 0 (the tag is the single byte 00).
    expect(keySlot(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d]))).toBe(0);
    const tagged = Buffer.concat([Buffer.from([0xff, 0x7b]), Buffer.from('tag'), Buffer.from([0x7d, 0x80])]);
    expect(keySlot(tagged)).toBe(keySlot('tag'));
  });

  it('handles keys longer than the scratch buffer and its cap', () => {
    for (const length of [255, 300, 5000, 70_000, 200_000]) {
      const key = `é${'k'.repeat(length)}€`;
      expect(keySlot(key)).toBe(referenceSlot(key));
    }
    // A short key after a huge one still uses correct bytes (no stale scratch content).
    expect(keySlot('héllo')).toBe(11061);
  });

  it('equals keySlot(Buffer.from(key)) and the reference for arbitrary strings', () => {
    const unit = fc.oneof(
      fc.constantFrom('{', '}', 'a', 'z', '0'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0x80, max: 0x7ff }).map((code) => String.fromCharCode(code)),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (key) => {
        const slot = keySlot(key);
        expect(slot).toBe(keySlot(Buffer.from(key)));
        expect(slot).toBe(referenceSlot(key));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects values that are not keys', () => {
    expect(() => keySlot(null as unknown as string)).toThrow(DataError);
    expect(() => keySlot({} as unknown as string)).toThrow(DataError);
    expect(() => keySlot(Number.NaN)).toThrow(DataError);
    expect(() => keySlot(Number.POSITIVE_INFINITY)).toThrow(DataError);
  });

  it('hashes numbers as the decimal text the encoder sends (redis-py: keyslot(1337) is 4314)', () => {
    expect(keySlot(1337)).toBe(4314);
    expect(keySlot(1337)).toBe(keySlot('1337'));
    expect(keySlot(-5)).toBe(keySlot('-5'));
    expect(keySlot(1.5)).toBe(keySlot('1.5'));
    expect(keySlot(2 ** 60)).toBe(keySlot('1152921504606846976'));
    expect(keySlot(12345678901234567890n)).toBe(keySlot('12345678901234567890'));
  });
});
