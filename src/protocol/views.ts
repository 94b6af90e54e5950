/**
 * Cheap Buffer views of a chunk.
 *
 * `buf.subarray()` goes through the generic TypedArray species lookup and costs two to three times as much as
 * constructing the view directly; in a reply of 10k short bulks it was most of the decode time. Node's own Buffer
 * class (the one `Buffer.from(arrayBuffer, …)` instantiates) is reachable as `Buffer[Symbol.species]`, so views are
 * built with it: they are ordinary Buffers in every respect, including their hidden class. On a runtime that doesn't
 * expose it that way, `Buffer.from` does the same job more slowly.
 */

type ViewConstructor = new (memory: ArrayBufferLike, byteOffset: number, length: number) => Buffer;

/** `species` if it constructs views exactly like `Buffer.from(arrayBuffer, offset, length)`, else undefined. */
export function asViewConstructor(species: unknown): ViewConstructor | undefined {
  if (typeof species !== 'function' || species === Buffer) return undefined;
  try {
    const probe = new (species as ViewConstructor)(new ArrayBuffer(4), 1, 2);
    const usual = Buffer.from(new ArrayBuffer(4), 1, 2);
    const same =
      Buffer.isBuffer(probe) &&
      Object.getPrototypeOf(probe) === Object.getPrototypeOf(usual) &&
      probe.byteOffset === 1 &&
      probe.length === 2;
    return same ? (species as ViewConstructor) : undefined;
  } catch {
    return undefined;
  }
}

const View = asViewConstructor((Buffer as unknown as Record<symbol, unknown>)[Symbol.species]);

/**
 * A Buffer over `length` bytes of `memory` from `byteOffset`, sharing them. Callers cutting many views from one chunk
 * read its `buffer` and `byteOffset` once and pass them here.
 */
export const memoryView: (memory: ArrayBufferLike, byteOffset: number, length: number) => Buffer =
  View === undefined
    ? (memory, byteOffset, length) => Buffer.from(memory as ArrayBuffer, byteOffset, length)
    : (memory, byteOffset, length) => new View(memory, byteOffset, length);

/** `buf[start, stop)` as a Buffer sharing `buf`'s memory. */
export function bufferView(buf: Buffer, start: number, stop: number): Buffer {
  return memoryView(buf.buffer, buf.byteOffset + start, stop - start);
}
