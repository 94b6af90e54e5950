/**
 * Reading untrusted topology replies. The decoder hands us JS arrays, strings or Buffers for bulk strings, numbers for
 * integers and Maps for RESP3 maps (RESP2 sends the same maps as flat key/value arrays). These helpers turn either
 * shape into a Map so the parsers see one form, and never turn server text into object keys.
 */
import { ProtocolError } from '../errors.js';

/** Text of a bulk/simple string reply (string or bytes), or undefined for anything else. */
export function replyText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return undefined;
}

/** A short, escaped rendering of a server value for error messages (server text may be long or contain anything). */
export function showValue(value: unknown): string {
  const text = replyText(value);
  if (text !== undefined) return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'a map';
  return `a ${typeof value}`;
}

/**
 * The fields of a RESP3 map or a RESP2 flat `[key, value, key, value…]` array, as a Map with text keys.
 * Odd lengths, non-text keys and repeated keys are protocol violations.
 */
export function replyFields(value: unknown, what: string): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  const add = (rawKey: unknown, fieldValue: unknown): void => {
    const key = replyText(rawKey);
    if (key === undefined) throw new ProtocolError(`${what}: field name is ${showValue(rawKey)}, not a string`);
    if (fields.has(key)) throw new ProtocolError(`${what}: field ${showValue(key)} appears twice`);
    fields.set(key, fieldValue);
  };
  if (value instanceof Map) {
    for (const [key, fieldValue] of value) add(key, fieldValue);
  } else if (Array.isArray(value)) {
    if (value.length % 2 !== 0) throw new ProtocolError(`${what}: key/value list has an odd length`);
    for (let i = 0; i < value.length; i += 2) add(value[i], value[i + 1]);
  } else {
    throw new ProtocolError(`${what}: expected a map or key/value array, got ${showValue(value)}`);
  }
  return fields;
}
