/**
 * redis-py's `scan_iter` family: async iterables over SCAN/HSCAN/SSCAN/ZSCAN that follow the cursor until the server
 * returns 0. As with the commands themselves, an element may be yielded twice when the collection is rehashed during
 * the iteration, and elements added or removed meanwhile may or may not appear; elements present throughout are
 * yielded at least once.
 */
import { scanTypeArgs } from '../commands/keys.js';
import { ZSCAN } from '../commands/sorted-sets.js';
import type { AnyCommandSpec, KeyArg } from '../commands/types.js';
import { DataError } from '../errors.js';
import { checkOptions, optionKeys } from '../option-keys.js';
import type { RedisArg } from '../protocol/encoder.js';
import type { RespValue } from '../protocol/types.js';
import { checkArguments } from './runner.js';

/** Options of `scan_iter`. */
export interface ScanIterOptions {
  /** Glob-style pattern (MATCH). */
  match?: string | Buffer;
  /** Work per call hint (COUNT). */
  count?: number;
  /** Only keys of this type (TYPE: string, list, set, zset, hash, stream, in any case), redis-py's `_type`. */
  _type?: string;
  /** Same as `_type`; give one or the other. */
  type?: string;
}

const SCAN_ITER_OPTIONS = optionKeys<ScanIterOptions>({ match: true, count: true, _type: true, type: true });

/** Options of `hscan_iter`, `sscan_iter` and `zscan_iter`: redis-py's keyword arguments `match` and `count`. */
export interface CollectionScanOptions {
  /** Only elements (fields, members) matching this glob-style pattern (MATCH). */
  match?: string | Buffer;
  /** Work per call hint (COUNT). */
  count?: number;
}

/** Sends a raw command (the client's `execute_command`). */
export type RawExecutor = (...args: RedisArg[]) => Promise<unknown>;

function scanOptions(options: CollectionScanOptions): RedisArg[] {
  const out: RedisArg[] = [];
  if (options.match !== undefined) out.push('MATCH', options.match);
  if (options.count !== undefined) out.push('COUNT', options.count);
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

/** Checks the options now, so a bad call fails at `scan_iter()` rather than at the first `next()`. */
export function scanIter<V>(exec: RawExecutor, options: ScanIterOptions = {}): AsyncGenerator<V> {
  checkOptions('SCAN', options, SCAN_ITER_OPTIONS);
  return scanKeys<V>(exec, [...scanOptions(options), ...scanTypeArgs('SCAN', options)]);
}

async function* scanKeys<V>(exec: RawExecutor, options: RedisArg[]): AsyncGenerator<V> {
  for await (const page of pages(exec, ['SCAN'], options)) {
    for (const key of page) yield key as V;
  }
}

const COLLECTION_SCAN_OPTIONS = optionKeys<CollectionScanOptions>({ match: true, count: true });

/**
 * The checks of `hscan_iter(name, options)` / `sscan_iter(name, options)`, made when the method is called (before the
 * first page is asked for): a key, at most an options object holding `match` and `count` (a redis-py call passing the
 * pattern positionally lands here as a string and is refused), and no further arguments.
 */
function checkCollectionScan(method: string, name: unknown, options: unknown, extra: readonly unknown[]): void {
  if (extra.some((arg) => arg !== undefined)) {
    throw new DataError(`${method}: takes the key and one options object ({ match, count }), nothing more`);
  }
  const kind = typeof name;
  if (kind !== 'string' && kind !== 'number' && !(name instanceof Uint8Array)) {
    throw new DataError(`${method}: the first argument must be the key (a string, Buffer or number)`);
  }
  checkOptions(method, options, COLLECTION_SCAN_OPTIONS);
}

/** MATCH and COUNT as arguments; null means "not given", as None does for redis-py's keyword arguments. */
function collectionScanOptions({ match, count }: CollectionScanOptions): RedisArg[] {
  return scanOptions({ match: match ?? undefined, count: count ?? undefined });
}

/**
 * redis-py's `sscan_iter(name, match=None, count=None)`: every member of a set, following SSCAN's cursor to the end.
 * `extra` holds whatever the caller passed after the options (DataError unless empty).
 */
export function sscanIter<V>(
  exec: RawExecutor,
  name: KeyArg,
  options: CollectionScanOptions = {},
  extra: readonly unknown[] = [],
): AsyncGenerator<V> {
  checkCollectionScan('sscan_iter', name, options, extra);
  return members<V>(exec, name, options);
}

async function* members<V>(exec: RawExecutor, name: KeyArg, options: CollectionScanOptions): AsyncGenerator<V> {
  for await (const page of pages(exec, ['SSCAN', name], collectionScanOptions(options))) {
    for (const member of page) yield member as V;
  }
}

/** redis-py's `hscan_iter(name, match=None, count=None)`: every `[field, value]` of a hash, following HSCAN's cursor. */
export function hscanIter<V>(
  exec: RawExecutor,
  name: KeyArg,
  options: CollectionScanOptions = {},
  extra: readonly unknown[] = [],
): AsyncGenerator<[V, V]> {
  checkCollectionScan('hscan_iter', name, options, extra);
  return fieldValuePairs<V>(exec, name, options);
}

async function* fieldValuePairs<V>(
  exec: RawExecutor,
  name: KeyArg,
  options: CollectionScanOptions,
): AsyncGenerator<[V, V]> {
  for await (const page of pages(exec, ['HSCAN', name], collectionScanOptions(options))) {
    for (let i = 0; i + 1 < page.length; i += 2) yield [page[i] as V, page[i + 1] as V];
  }
}

/** One ZSCAN step: the client's `zscan(name, cursor, options)`, whose reply already holds the (cast) scores. */
export type ZscanStep<P> = (cursor: number) => Promise<[number, P[]]>;

/** Runs a declaration on a client (StrictRedis, StrictRedisCluster): how `zscanIterOn` sends each step. */
export interface SpecRunner {
  runSpec(spec: AnyCommandSpec, args: unknown[]): Promise<unknown>;
}

/**
 * redis-py's `zscan_iter(name, match, count, score_cast_func)` on a client: the arguments are checked now, not at the
 * first step, so a mistake shows where the iterator is made; each step is the client's own ZSCAN.
 */
export function zscanIterOn<P>(client: SpecRunner, name: KeyArg, options: object | undefined): AsyncGenerator<P> {
  const spec = ZSCAN as unknown as AnyCommandSpec;
  checkArguments(spec, [name, 0, options]);
  spec.build(name, 0, options);
  return zscanIter((cursor) => client.runSpec(spec, [name, cursor, options]) as Promise<[number, P[]]>);
}

/** Yields the `[member, score]` pairs of each ZSCAN step (scores as numbers, or through `score_cast_func`). */
export async function* zscanIter<P>(step: ZscanStep<P>): AsyncGenerator<P> {
  let cursor = 0;
  do {
    const [next, pairs] = await step(cursor);
    cursor = next;
    yield* pairs;
  } while (cursor !== 0);
}
