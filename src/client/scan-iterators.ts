/**
 * redis-py's `scan_iter` family: async iterables over SCAN/HSCAN/SSCAN/ZSCAN that follow the cursor until the server
 * returns 0. As with the commands themselves, an element may be yielded twice when the collection is rehashed during
 * the iteration, and elements added or removed meanwhile may or may not appear; elements present throughout are
 * yielded at least once.
 */
import type { KeyArg } from '../commands/types.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';

/** Options of `scan_iter`. */
export interface ScanIterOptions {
  /** Glob-style pattern (MATCH). */
  match?: string | Buffer;
  /** Work per call hint (COUNT). */
  count?: number;
  /** Only keys of this type (TYPE: string, list, set, zset, hash, stream). SCAN only. */
  type?: string;
  /** @deprecated spelling accepted for redis-py compatibility. */
  _type?: string;
}

/** Options of `hscan_iter`, `sscan_iter` and `zscan_iter`. */
export interface CollectionScanOptions {
  match?: string | Buffer;
  count?: number;
}

/** Sends a raw command (the client's `execute_command`). */
export type RawExecutor = (...args: RedisArg[]) => Promise<unknown>;

function scanOptions(options: ScanIterOptions): RedisArg[] {
  const out: RedisArg[] = [];
  if (options.match !== undefined) out.push('MATCH', options.match);
  if (options.count !== undefined) out.push('COUNT', options.count);
  const type = options.type ?? options._type;
  if (type !== undefined) out.push('TYPE', type);
  return out;
}

function cursorText(value: RespValue): string {
  return Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
}

/** Follows the cursor of one SCAN-family command, yielding each page's raw elements. */
async function* pages(exec: RawExecutor, head: RedisArg[], options: RedisArg[]): AsyncGenerator<RespValue[]> {
  let cursor = '0';
  do {
    const reply = (await exec(...head, cursor, ...options)) as RespValue[];
    cursor = cursorText(reply[0]);
    yield reply[1] as RespValue[];
  } while (cursor !== '0');
}

export async function* scanIter<V>(exec: RawExecutor, options: ScanIterOptions = {}): AsyncGenerator<V> {
  for await (const page of pages(exec, ['SCAN'], scanOptions(options))) {
    for (const key of page) yield key as V;
  }
}

export async function* sscanIter<V>(
  exec: RawExecutor,
  name: KeyArg,
  options: CollectionScanOptions = {},
): AsyncGenerator<V> {
  for await (const page of pages(exec, ['SSCAN', name], scanOptions(options))) {
    for (const member of page) yield member as V;
  }
}

/** Yields `[field, value]` pairs. */
export async function* hscanIter<V>(
  exec: RawExecutor,
  name: KeyArg,
  options: CollectionScanOptions = {},
): AsyncGenerator<[V, V]> {
  for await (const page of pages(exec, ['HSCAN', name], scanOptions(options))) {
    for (let i = 0; i + 1 < page.length; i += 2) yield [page[i] as V, page[i + 1] as V];
  }
}

/** One ZSCAN step: the client's `zscan(name, cursor, options)`, whose reply already holds the (cast) scores. */
export type ZscanStep<P> = (cursor: number) => Promise<[number, P[]]>;

/** Yields the `[member, score]` pairs of each ZSCAN step (scores as numbers, or through `score_cast_func`). */
export async function* zscanIter<P>(step: ZscanStep<P>): AsyncGenerator<P> {
  let cursor = 0;
  do {
    const [next, pairs] = await step(cursor);
    cursor = next;
    yield* pairs;
  } while (cursor !== 0);
}
