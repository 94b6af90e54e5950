/**
 * Redis's glob matching (the rules of KEYS, SCAN MATCH and PSUBSCRIBE): `*`, `?`, `[abc]`, `[^a]`, `[a-z]` and `\`
 * escapes, over bytes. Used where the server cannot filter for us (keys read slot by slot in a cluster).
 */

/** Text as the bytes Redis sees (UTF-8), one char per byte, so that `?` matches one byte as it does on the server. */
export function asBytes(value: string | Buffer): string {
  return Buffer.isBuffer(value) ? value.toString('latin1') : Buffer.from(value, 'utf8').toString('latin1');
}

/** Matches `text` against `pattern`, both given as byte strings (see {@link asBytes}). */
export function globMatchBytes(pattern: string, text: string, p = 0, t = 0): boolean {
  while (p < pattern.length) {
    const c = pattern[p];
    if (c === '*') {
      while (pattern[p + 1] === '*') p++;
      if (p + 1 === pattern.length) return true;
      for (let i = t; i <= text.length; i++) if (globMatchBytes(pattern, text, p + 1, i)) return true;
      return false;
    }
    if (t >= text.length) return false;
    if (c === '?') {
      p++;
      t++;
      continue;
    }
    if (c === '[') {
      const end = matchClass(pattern, p + 1, text[t]);
      if (end < 0) return false;
      p = end;
      t++;
      continue;
    }
    let literal = c;
    if (c === '\\' && p + 1 < pattern.length) literal = pattern[++p];
    if (literal !== text[t]) return false;
    p++;
    t++;
  }
  return t === text.length;
}

/** Matches one char against the class starting after `[`; the index after `]` on a match, -1 otherwise. */
function matchClass(pattern: string, start: number, ch: string): number {
  let p = start;
  const negate = pattern[p] === '^';
  if (negate) p++;
  let matched = false;
  while (p < pattern.length && pattern[p] !== ']') {
    if (pattern[p] === '\\' && p + 1 < pattern.length) {
      p++;
      if (pattern[p] === ch) matched = true;
    } else if (pattern[p + 1] === '-' && p + 2 < pattern.length && pattern[p + 2] !== ']') {
      let lo = pattern.charCodeAt(p);
      let hi = pattern.charCodeAt(p + 2);
      if (lo > hi) [lo, hi] = [hi, lo];
      const code = ch.charCodeAt(0);
      if (code >= lo && code <= hi) matched = true;
      p += 2;
    } else if (pattern[p] === ch) matched = true;
    p++;
  }
  // An unterminated class ends with the pattern, as on the server.
  return matched !== negate ? Math.min(p + 1, pattern.length) : -1;
}

/** True when `key` matches the glob `pattern` as the server would decide it. */
export function globMatch(pattern: string | Buffer, key: string | Buffer): boolean {
  return globMatchBytes(asBytes(pattern), asBytes(key));
}

/**
 * The one hash tag every key matching `pattern` must have, when the pattern pins it (`{user:1}:*`): the literal text
 * before the first `{` and the tag itself contain no glob characters. Otherwise undefined.
 */
export function pinnedHashTag(pattern: string | Buffer): string | undefined {
  const bytes = asBytes(pattern);
  const open = bytes.indexOf('{');
  if (open < 0) return undefined;
  const close = bytes.indexOf('}', open + 1);
  if (close <= open + 1) return undefined;
  if (/[*?[\\]/.test(bytes.slice(0, close))) return undefined;
  return bytes.slice(open + 1, close);
}
