import { describe, expect, it } from 'vitest';
import { asViewConstructor, bufferView, memoryView } from '../../../src/protocol/views.js';

describe('Buffer views', () => {
  it("uses Node's own Buffer class for views on this runtime", () => {
    const species = (Buffer as unknown as Record<symbol, unknown>)[Symbol.species];
    expect(asViewConstructor(species)).toBe(species);
  });

  it('rejects anything that would not build ordinary Buffers', () => {
    class Other extends Uint8Array {}
    for (const candidate of [undefined, null, {}, Buffer, Uint8Array, Other, () => 1]) {
      expect(asViewConstructor(candidate)).toBeUndefined();
    }
  });

  it('cuts views that share memory and behave like Buffer.from(arrayBuffer, offset, length)', () => {
    const chunk = Buffer.from('0123456789');
    const a = bufferView(chunk, 2, 5);
    const b = memoryView(chunk.buffer, chunk.byteOffset + 2, 3);
    const usual = Buffer.from(chunk.buffer, chunk.byteOffset + 2, 3);
    for (const v of [a, b]) {
      expect(v.toString()).toBe('234');
      expect(v.equals(usual)).toBe(true);
      expect(Object.getPrototypeOf(v)).toBe(Object.getPrototypeOf(usual));
      expect(v.buffer).toBe(chunk.buffer);
    }
    chunk[2] = 0x41;
    expect(a.toString()).toBe('A34');
    expect(bufferView(chunk, 4, 4).length).toBe(0);
  });
});
