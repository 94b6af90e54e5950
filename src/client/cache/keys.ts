/**
 * How the client-side cache names things: a lookup key per read (the command, its arguments and the reply form) and,
 * for invalidation, the bytes of the Redis key a read depends on, as latin1 text (one character per byte), which is
 * exactly what the server's invalidation messages name when they are decoded as Buffers.
 */
import type { Command } from '../../connection/command.js';
import type { RedisArg } from '../../protocol/encoder.js';

function bytesText(arg: Uint8Array): string {
  return (Buffer.isBuffer(arg) ? arg : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength)).toString('latin1');
}

/** The key name as the server sees its bytes (UTF-8 for text, decimal for numbers), in latin1 text. */
export function keyNameOf(arg: RedisArg): string {
  if (typeof arg === 'string') {
    for (let i = 0; i < arg.length; i++) {
      if (arg.charCodeAt(i) > 0x7f) return Buffer.from(arg, 'utf8').toString('latin1');
    }
    return arg;
  }
  if (typeof arg === 'number' || typeof arg === 'bigint') return String(arg);
  return bytesText(arg);
}

/**
 * What a read is looked up by: the argument vector, each argument tagged with its type and length so no two vectors
 * share a key, and whether bulk strings come back as strings or Buffers (those are cached apart).
 */
export function lookupKey(command: Command): string {
  let key = command.wantsBuffers ? 'b' : 's';
  const { args } = command;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg === 'string') key += `|s${arg.length}:${arg}`;
    else if (typeof arg === 'number' || typeof arg === 'bigint') key += `|n${arg}`;
    else key += `|b${arg.length}:${bytesText(arg)}`;
  }
  return key;
}
