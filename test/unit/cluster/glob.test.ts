/** Redis glob rules as KEYS/SCAN MATCH apply them, for the cluster scan's client-side filter. */
import { describe, expect, it } from 'vitest';
import { globMatch, pinnedHashTag } from '../../../src/cluster/glob.js';

describe('globMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'heeeello', true],
    ['h*llo', 'hellox', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true],
    ['h[a-b]llo', 'hcllo', false],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['[\\]]', ']', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['user:{1}:*', 'user:{1}:name', true],
  ])('%s vs %s → %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  it('matches bytes: ? is one byte of a multi-byte character, as on the server', () => {
    expect(globMatch('caf??', 'café')).toBe(true);
    expect(globMatch('caf?', 'café')).toBe(false);
    expect(globMatch(Buffer.from([0x61, 0x3f]), Buffer.from([0x61, 0xff]))).toBe(true);
  });
});

describe('pinnedHashTag', () => {
  it('finds a literal tag every match must carry', () => {
    expect(pinnedHashTag('p:{user1}:*')).toBe('user1');
    expect(pinnedHashTag('p*:{user1}:*')).toBeUndefined();
    expect(pinnedHashTag('p:{us*}:x')).toBeUndefined();
    expect(pinnedHashTag('p:{}:x')).toBeUndefined();
    expect(pinnedHashTag('plain*')).toBeUndefined();
  });
});
