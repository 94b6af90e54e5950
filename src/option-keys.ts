/**
 * Strict options: every options object (client, cluster, per command, per call) is checked against the names it may
 * hold. TypeScript already rejects an unknown key in a literal; JavaScript callers, and objects built at run time, get
 * a DataError that names the key and suggests the closest known one — a misspelt `nx` must never silently become an
 * unconditional write. Shared by every layer, like errors.ts.
 */
import { DataError } from './errors.js';

/**
 * The names of an options type, checked by the compiler to be exactly its keys: `optionKeys<SetOptions>({ ex: true,
 * px: true, … })` fails to compile when a key is missing or unknown.
 */
export function optionKeys<O extends object>(names: { readonly [K in keyof Required<O>]: true }): readonly string[] {
  return Object.freeze(Object.keys(names));
}

/** True for `{…}` literals and `Object.create(null)`: not arrays, Buffers, Maps, Dates or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An object that can hold options: anything but null, arrays, byte arrays, Maps, Sets and Dates. */
function isOptionsObject(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Map) &&
    !(value instanceof Set) &&
    !(value instanceof Date)
  );
}

/** Edit distance with adjacent transpositions (optimal string alignment): `prot` is one edit from `port`. */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Folds case and separators so `socketTimeout`, `socket_timeout` and `SOCKET-TIMEOUT` compare equal. */
function folded(name: string): string {
  return name.replace(/[_\-\s]/g, '').toLowerCase();
}

/** The known name closest to `key`, when one is close enough to be a likely typo. */
export function closestName(key: string, known: Iterable<string>): string | undefined {
  const target = folded(key);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const candidate = folded(name);
    if (candidate === target) return name;
    const max = Math.max(1, Math.min(3, Math.floor(target.length / 3)));
    if (Math.abs(target.length - candidate.length) > max) continue;
    const d = distance(target, candidate);
    if (d <= max && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Describes an unknown key: its name (never its value) and a suggestion. */
export function unknownOptionMessage(where: string, key: string, known: Iterable<string>): string {
  const suggestion = closestName(key, known);
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return `${where}: unknown option '${shown}'${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`;
}

/**
 * Throws DataError unless `value` is undefined or a plain object whose keys are all in `known`. `where` names the
 * call (`SET`, `StrictRedis options`…). Keys whose value is undefined are checked too: a misspelt key is a bug even
 * when it holds nothing.
 */
export function checkOptions(where: string, value: unknown, known: readonly string[]): void {
  if (value === undefined) return;
  if (!isOptionsObject(value)) {
    throw new DataError(`${where}: expected an options object ({ … }), got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new DataError(unknownOptionMessage(where, key, known));
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (Buffer.isBuffer(value)) return 'a Buffer';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'a class'}`;
  return `a ${typeof value}`;
}
