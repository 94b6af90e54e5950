/**
 * Stream declarations without a server: redis-py's argument forms and checks (DataError before anything is sent), and
 * redis-py's unified reply shapes built from RESP2 and RESP3 replies alike.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import type { RespValue } from '../../../src/protocol/types.js';
import { build, fails, record, replyOf } from '../../harness/declarations.js';

describe('stream argument checks (redis-py’s, raised before sending)', () => {
  it('xadd: the ID is the third argument, options the fourth; maxlen, minid and limit checked', () => {
    expect(build('xadd', 's', { f: 'v' }, '9-*', { maxlen: 2, approximate: false })).toEqual([
      'XADD',
      's',
      'MAXLEN',
      '=',
      2,
      '9-*',
      'f',
      'v',
    ]);
    expect(build('xadd', 's', { f: 'v' }, undefined, { minid: '5-0', limit: 3, nomkstream: true })).toEqual([
      'XADD',
      's',
      'NOMKSTREAM',
      'MINID',
      '~',
      '5-0',
      'LIMIT',
      3,
      '*',
      'f',
      'v',
    ]);
    expect(fails('xadd', 's', { f: 'v' }, { maxlen: 2 })).toThrow(/XADD: the entry ID goes here/);
    expect(fails('xadd', 's', { f: 'v' }, '*', { maxlen: -1 })).toThrow(/maxlen must be a non-negative integer/);
    expect(fails('xadd', 's', { f: 'v' }, '*', { maxlen: 3, minid: '1-0' })).toThrow(DataError);
    expect(fails('xadd', 's', { f: 'v' }, '*', { limit: 2 })).toThrow(/limit needs maxlen or minid/);
    expect(fails('xadd', 's', { f: 'v' }, '*', { maxlen: 3, approximate: false, limit: 2 })).toThrow(DataError);
    expect(fails('xadd', 's', {})).toThrow(DataError);
  });

  it('xtrim: maxlen is positional (null to trim by minid); one of the two is needed', () => {
    expect(build('xtrim', 's', 1000)).toEqual(['XTRIM', 's', 'MAXLEN', '~', 1000]);
    expect(build('xtrim', 's', null, { minid: '3-0', approximate: false })).toEqual([
      'XTRIM',
      's',
      'MINID',
      '=',
      '3-0',
    ]);
    expect(fails('xtrim', 's')).toThrow(/XTRIM needs maxlen or minid/);
    expect(fails('xtrim', 's', { maxlen: 3 })).toThrow(/XTRIM: maxlen .* goes here/);
    expect(fails('xtrim', 's', 3, { minid: '1-0' })).toThrow(DataError);
  });

  it('xrange, xread and xreadgroup: count a positive integer, block a non-negative one, streams non-empty', () => {
    expect(fails('xrange', 's', '-', '+', { count: 0 })).toThrow(/XRANGE: count must be a positive integer/);
    expect(fails('xrevrange', 's', '+', '-', 5)).toThrow(/expected an options object/);
    expect(fails('xread', { s: 0 }, { count: 0 })).toThrow(DataError);
    expect(fails('xread', { s: 0 }, { block: -1 })).toThrow(/block must be a non-negative integer/);
    expect(fails('xread', {})).toThrow(DataError);
    expect(fails('xread', 's')).toThrow(/streams must map stream names to IDs/);
    expect(fails('xreadgroup', 'g', 'c', { s: '>' }, { count: 1.5 })).toThrow(DataError);
    expect(build('xreadgroup', 'g', 'c', { s: '>' }, { count: 1, block: 0, noack: true })).toEqual([
      'XREADGROUP',
      'GROUP',
      'g',
      'c',
      'COUNT',
      1,
      'BLOCK',
      0,
      'NOACK',
      'STREAMS',
      's',
      '>',
    ]);
  });

  it('xpending_range takes min, max and count positionally (redis-py test_xpending_range_negative)', () => {
    expect(build('xpending_range', 's', 'g', '-', '+', 5, { consumername: 'c', idle: 10 })).toEqual([
      'XPENDING',
      's',
      'g',
      'IDLE',
      10,
      '-',
      '+',
      5,
      'c',
    ]);
    expect(fails('xpending_range', 's', 'g', '-', '+')).toThrow(/needs min, max and count/);
    expect(fails('xpending_range', 's', 'g', '-', '+', -1)).toThrow(/count must be a non-negative integer/);
    expect(fails('xpending_range', 's', 'g', '-', '+', 'one')).toThrow(DataError);
    expect(fails('xpending_range', 's', 'g', '-', '+', 5, { idle: 1.5 })).toThrow(DataError);
    expect(fails('xpending_range', 's', 'g', '-', '+', 5, { idle: -1 })).toThrow(DataError);
    expect(fails('xpending_range', 's', 'g', null, null, null, { idle: 0 })).toThrow(DataError);
    expect(fails('xpending_range', 's', 'g', { min: '-', max: '+', count: 5 })).toThrow(DataError);
  });

  it('xclaim and xautoclaim check min_idle_time, the IDs, the counts and the flags', () => {
    expect(fails('xclaim', 's', 'g', 'c', -1, ['1-0'])).toThrow(/min_idle_time must be a non-negative integer/);
    expect(fails('xclaim', 's', 'g', 'c', 0, [])).toThrow(/at least one message ID/);
    expect(fails('xclaim', 's', 'g', 'c', 0, ['1-0'], { idle: 'x' })).toThrow(/XCLAIM: idle must be an integer/);
    expect(fails('xclaim', 's', 'g', 'c', 0, ['1-0'], { force: 'yes' })).toThrow(/force must be a boolean/);
    expect(build('xclaim', 's', 'g', 'c', 0, ['1-0'], { retrycount: 2, force: true, justid: true })).toEqual([
      'XCLAIM',
      's',
      'g',
      'c',
      0,
      '1-0',
      'RETRYCOUNT',
      2,
      'FORCE',
      'JUSTID',
    ]);
    expect(fails('xautoclaim', 's', 'g', 'c', -1)).toThrow(DataError);
    expect(fails('xautoclaim', 's', 'g', 'c', 'wrong')).toThrow(DataError);
    expect(fails('xautoclaim', 's', 'g', 'c', 0, '0-0', { count: -1 })).toThrow(DataError);
  });

  it('xsetid, xinfo_stream: options checked, none ignored', () => {
    expect(build('xsetid', 's', '9-0', { entries_added: 5, max_deleted_id: '3-0' })).toEqual([
      'XSETID',
      's',
      '9-0',
      'ENTRIESADDED',
      5,
      'MAXDELETEDID',
      '3-0',
    ]);
    expect(fails('xsetid', 's', '9-0', { max_deleted_entries: 1 })).toThrow(/unknown option 'max_deleted_entries'/);
    expect(fails('xinfo_stream', 's', { count: 5 })).toThrow(/count needs full/);
    expect(build('xinfo_stream', 's', { full: true, count: 5 })).toEqual(['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 5]);
  });
});

describe('stream reply shapes (redis-py’s unified ones) from RESP2 and RESP3', () => {
  it('xread: a record of entries by stream, {} when nothing came; deleted entries have {} fields', () => {
    const expected = record({
      s: [
        ['1-0', record({ f: 'v' })],
        ['2-0', record({})],
      ],
    });
    expect(
      replyOf(
        'xread',
        [{ s: 0 }],
        [
          [
            's',
            [
              ['1-0', ['f', 'v']],
              ['2-0', null],
            ],
          ],
        ],
      ),
    ).toEqual(expected);
    expect(
      replyOf(
        'xreadgroup',
        ['g', 'c', { s: 0 }],
        new Map([
          [
            's',
            [
              ['1-0', ['f', 'v']],
              ['2-0', null],
            ],
          ],
        ]),
      ),
    ).toEqual(expected);
    expect(replyOf('xread', [{ s: '$' }, { block: 1 }], null)).toEqual({});
  });

  it('xautoclaim with justid gives only the claimed IDs; xclaim reads nil entries as [null, null]', () => {
    expect(replyOf('xautoclaim', ['s', 'g', 'c', 0, '0-0', { justid: true }], ['0-0', ['1-0', '2-0'], []])).toEqual([
      '1-0',
      '2-0',
    ]);
    expect(replyOf('xautoclaim', ['s', 'g', 'c', 0], ['0-0', [['1-0', ['f', 'v']]], ['2-0']])).toEqual([
      '0-0',
      [['1-0', record({ f: 'v' })]],
      ['2-0'],
    ]);
    expect(replyOf('xclaim', ['s', 'g', 'c', 0, ['1-0']], [null])).toEqual([[null, null]]);
  });

  it('xinfo_stream full: entries by ID, groups and consumers as records, PEL entries as lists', () => {
    const pel = [['1-0', 'alice', 5, 1]];
    const resp2 = [
      'length',
      1,
      'entries',
      [['1-0', ['f', 'v']]],
      'groups',
      [
        [
          'name',
          'g',
          'pel-count',
          1,
          'pending',
          pel,
          'consumers',
          [['name', 'alice', 'pel-count', 1, 'pending', [['1-0', 5, 1]]]],
        ],
      ],
    ];
    const resp3 = new Map<RespValue, RespValue>([
      ['length', 1],
      ['entries', [['1-0', ['f', 'v']]]],
      [
        'groups',
        [
          new Map<RespValue, RespValue>([
            ['name', 'g'],
            ['pel-count', 1],
            ['pending', pel],
            [
              'consumers',
              [
                new Map<RespValue, RespValue>([
                  ['name', 'alice'],
                  ['pel-count', 1],
                  ['pending', [['1-0', 5, 1]]],
                ]),
              ],
            ],
          ]),
        ],
      ],
    ]);
    const expected = record({
      length: 1,
      entries: record({ '1-0': record({ f: 'v' }) }),
      groups: [
        record({
          name: 'g',
          'pel-count': 1,
          pending: pel,
          consumers: [record({ name: 'alice', 'pel-count': 1, pending: [['1-0', 5, 1]] })],
        }),
      ],
    });
    expect(replyOf('xinfo_stream', ['s', { full: true }], resp2)).toEqual(expected);
    expect(replyOf('xinfo_stream', ['s', { full: true }], resp3)).toEqual(expected);
  });
});
