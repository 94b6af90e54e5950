import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import { CommandEncoder, encodeCommand, type RedisArg } from '../../../src/protocol/encoder.js';

/** The encoder checks arguments while it writes them: a bad one must undo everything of its command. */
describe('CommandEncoder rollback on a bad argument', () => {
  const joined = (parts: Buffer[]) => Buffer.concat(parts).toString('latin1');

  it('undoes a command that had moved to a new arena and passed a large argument by reference', () => {
    const encoder = new CommandEncoder(2048);
    encoder.add(['SET', 'a', '1']);
    const big = Buffer.alloc(20_000, 120);
    const bad = ['SET', 'x'.repeat(1500), 'y'.repeat(1500), big, Number.POSITIVE_INFINITY] as RedisArg[];
    expect(() => encoder.add(bad)).toThrow(DataError);
    expect(() => encoder.add(bad)).toThrow(/SET: argument at index 4 .* is Infinity/);
    encoder.add(['GET', 'a']);
    expect(joined(encoder.finish())).toBe(
      encodeCommand(['SET', 'a', '1']).toString('latin1') + encodeCommand(['GET', 'a']).toString('latin1'),
    );
  });

  it('rejects NaN, objects and an empty command without writing anything', () => {
    const encoder = new CommandEncoder();
    for (const bad of [['GET', Number.NaN], ['GET', {}], ['GET', null], []] as unknown as RedisArg[][]) {
      expect(() => encoder.add(bad)).toThrow(DataError);
    }
    expect(encoder.finish()).toEqual([]);
  });
});
