/** Recognises pub/sub frames: in subscriber mode they arrive unasked and must not be matched with a command. */
import type { RespValue } from '../protocol/types.js';

const KINDS = new Set([
  'message',
  'pmessage',
  'smessage',
  'subscribe',
  'unsubscribe',
  'psubscribe',
  'punsubscribe',
  'ssubscribe',
  'sunsubscribe',
]);

/** The frame's kind (`message`, `subscribe`, …) as text, whether it was decoded as a string or a Buffer. */
export function frameKind(frame: readonly RespValue[]): string | undefined {
  const first = frame[0];
  if (typeof first === 'string') return first;
  if (Buffer.isBuffer(first) && first.length <= 12) return first.toString('latin1');
  return undefined;
}

export function isPubSubFrame(value: RespValue): boolean {
  if (!Array.isArray(value) || value.length < 2) return false;
  const kind = frameKind(value);
  return kind !== undefined && KINDS.has(kind);
}
