import { describe, expect, it } from 'vitest';
import { parseClusterShards, parseClusterSlots } from '../../../src/cluster/topology.js';
import { DataError, ProtocolError } from '../../../src/errors.js';
import {
  ANSWERED_BY,
  IDS,
  SHARDS_AFTER_FAILOVER,
  SHARDS_RESP2,
  SHARDS_RESP3,
  SHARDS_SPLIT,
  SHARDS_UNKNOWN_ENDPOINT,
  SLOTS_HOSTNAME_PREFERRED,
  SLOTS_NIL_HOST,
  SLOTS_RESP2,
  SLOTS_RESP3,
} from './fixtures.js';

const EXPECTED_HEALTHY = {
  shards: [
    {
      slots: [[10923, 16383]],
      master: { id: IDS.ID3, host: '127.0.0.1', port: 31703, role: 'master', health: 'online' },
      replicas: [
        {
          id: IDS.ID6,
          host: '127.0.0.1',
          port: 31706,
          hostname: 'replica6.example',
          role: 'replica',
          health: 'online',
        },
      ],
    },
    {
      slots: [[5461, 10922]],
      master: { id: IDS.ID2, host: '127.0.0.1', port: 31702, role: 'master', health: 'online' },
      replicas: [{ id: IDS.ID5, host: '127.0.0.1', port: 31705, role: 'replica', health: 'online' }],
    },
    {
      slots: [[0, 5460]],
      master: { id: IDS.ID1, host: '127.0.0.1', port: 31701, role: 'master', health: 'online' },
      replicas: [{ id: IDS.ID4, host: '127.0.0.1', port: 31704, role: 'replica', health: 'loading' }],
    },
  ],
};

/** A RESP2 CLUSTER SHARDS node with the given fields replaced (undefined removes a field). */
function shardNode(overrides: Record<string, unknown> = {}): unknown[] {
  const fields: Record<string, unknown> = {
    id: IDS.ID1,
    port: 7000,
    ip: '127.0.0.1',
    endpoint: '127.0.0.1',
    role: 'master',
    'replication-offset': 0,
    health: 'online',
    ...overrides,
  };
  return Object.entries(fields).flatMap(([key, value]) => (value === undefined ? [] : [key, value]));
}

function oneShard(node: unknown[], slots: unknown = [0, 16383]): unknown[] {
  return [['slots', slots, 'nodes', [node]]];
}

describe('parseClusterShards', () => {
  it('parses the RESP2 shape', () => {
    expect(parseClusterShards(SHARDS_RESP2, ANSWERED_BY)).toEqual(EXPECTED_HEALTHY);
  });

  it('parses the RESP3 shape to the same model', () => {
    expect(parseClusterShards(SHARDS_RESP3, ANSWERED_BY)).toEqual(EXPECTED_HEALTHY);
  });

  it('accepts Buffers wherever strings are expected', () => {
    const reply = [
      [
        Buffer.from('slots'),
        [0, 16383],
        Buffer.from('nodes'),
        [shardNode({ id: Buffer.from(IDS.ID1), endpoint: Buffer.from('db.internal'), role: Buffer.from('master') })],
      ],
    ];
    const { shards } = parseClusterShards(reply, ANSWERED_BY);
    expect(shards[0].master).toEqual({
      id: IDS.ID1,
      host: 'db.internal',
      port: 7000,
      role: 'master',
      health: 'online',
    });
  });

  it('reports split ranges of one shard, in order', () => {
    const { shards } = parseClusterShards(SHARDS_SPLIT, ANSWERED_BY);
    expect(shards[0].slots).toEqual([
      [5461, 5999],
      [6003, 6999],
      [7001, 10922],
    ]);
    expect(shards[1].replicas).toEqual([]);
  });

  it('keeps failed nodes and slot-less shards (failover as Redis 7.0 reports it, health "fail")', () => {
    const { shards } = parseClusterShards(SHARDS_AFTER_FAILOVER, ANSWERED_BY);
    expect(shards).toHaveLength(5);
    expect(shards[0].replicas[0]).toMatchObject({ id: IDS.ID6, health: 'failed', hostname: 'replica6.example' });
    expect(shards[0].master?.hostname).toBe('node3.example');
    expect(shards[1]).toEqual({
      slots: [],
      master: { id: IDS.ID2, host: '127.0.0.1', port: 31702, role: 'master', health: 'failed' },
      replicas: [],
    });
    expect(shards[3].master).toMatchObject({ id: IDS.ID5, port: 31705, health: 'online' });
    expect(shards[4].slots).toEqual([]);
  });

  it('uses the answering address for "", "?" and missing endpoints', () => {
    const { shards } = parseClusterShards(SHARDS_UNKNOWN_ENDPOINT, ANSWERED_BY);
    expect(shards[0].master).toMatchObject({ host: '10.1.2.3', port: 31703, hostname: 'node3.example' });
    expect(shards[1].master).toMatchObject({ host: '10.1.2.3', port: 31701 });
    expect(shards[1].master?.hostname).toBeUndefined();
    const missing = parseClusterShards(oneShard(shardNode({ endpoint: undefined })), ANSWERED_BY);
    expect(missing.shards[0].master?.host).toBe('10.1.2.3');
  });

  it('treats an empty hostname as not set', () => {
    const { shards } = parseClusterShards(oneShard(shardNode({ hostname: '' })), ANSWERED_BY);
    expect(shards[0].master).not.toHaveProperty('hostname');
  });

  it('reads tls-port next to or instead of port', () => {
    const both = parseClusterShards(oneShard(shardNode({ port: 7000, 'tls-port': 17000 })), ANSWERED_BY);
    expect(both.shards[0].master).toMatchObject({ port: 7000, tlsPort: 17000 });
    const tlsOnly = parseClusterShards(oneShard(shardNode({ port: undefined, 'tls-port': 17000 })), ANSWERED_BY);
    expect(tlsOnly.shards[0].master).toMatchObject({ port: 17000, tlsPort: 17000 });
    const plain = parseClusterShards(oneShard(shardNode()), ANSWERED_BY);
    expect(plain.shards[0].master).not.toHaveProperty('tlsPort');
  });

  it('maps health words and tolerates unknown or missing health', () => {
    const health = (value: unknown) =>
      parseClusterShards(oneShard(shardNode({ health: value })), ANSWERED_BY).shards[0].master?.health;
    expect(health('online')).toBe('online');
    expect(health('fail')).toBe('failed');
    expect(health('failed')).toBe('failed');
    expect(health('loading')).toBe('loading');
    expect(health('something-new')).toBe('unknown');
    expect(health(undefined)).toBe('unknown');
  });

  it('reports a shard without a master (replicas only)', () => {
    const { shards } = parseClusterShards(oneShard(shardNode({ role: 'replica' }), []), ANSWERED_BY);
    expect(shards[0].master).toBeUndefined();
    expect(shards[0].replicas).toHaveLength(1);
  });

  it('keeps a failed former master of the same shard next to the promoted one', () => {
    const reply = [
      [
        'slots',
        [0, 16383],
        'nodes',
        [
          shardNode({ id: IDS.ID1, port: 7000, health: 'fail' }),
          shardNode({ id: IDS.ID2, port: 7001, health: 'online' }),
          shardNode({ id: IDS.ID3, port: 7002, role: 'replica' }),
        ],
      ],
    ];
    const { shards } = parseClusterShards(reply, ANSWERED_BY);
    expect(shards[0].master).toMatchObject({ id: IDS.ID2, port: 7001 });
    expect(shards[0].replicas.map((node) => [node.port, node.role, node.health])).toEqual([
      [7002, 'replica', 'online'],
      [7000, 'master', 'failed'],
    ]);
  });

  it('accepts an empty reply (no shards)', () => {
    expect(parseClusterShards([], ANSWERED_BY)).toEqual({ shards: [] });
  });

  it('treats __proto__ and other prototype names as ordinary, ignored fields', () => {
    const polluting = ['polluted', true];
    const node = [...shardNode(), '__proto__', polluting, 'constructor', polluting, 'toString', 'x'];
    const shard = ['__proto__', polluting, 'slots', [0, 16383], 'nodes', [node], 'hasOwnProperty', 1];
    const { shards } = parseClusterShards([shard], ANSWERED_BY);
    expect(shards[0].master).toEqual({ id: IDS.ID1, host: '127.0.0.1', port: 7000, role: 'master', health: 'online' });
    expect(Object.getPrototypeOf(shards[0].master)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(shards[0])).toBe(Object.prototype);
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(Object.hasOwn(Array.prototype, 'polluted')).toBe(false);
  });

  it('rejects a node whose only id is inherited-looking (no own "id" field)', () => {
    const node = shardNode({ id: undefined });
    expect(() => parseClusterShards(oneShard([...node, '__proto__', ['id', IDS.ID1]]), ANSWERED_BY)).toThrow(
      /missing node id/,
    );
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['a non-array reply', 'OK', /not an array/],
    ['a null reply', null, /not an array/],
    ['a shard that is not a map', [42], /expected a map/],
    ['an odd key/value list', [['slots', [0, 1], 'nodes']], /odd length/],
    ['a repeated field', [['slots', [0, 1], 'slots', [2, 3], 'nodes', []]], /appears twice/],
    ['a non-text field name', [[7, [0, 1], 'nodes', []]], /not a string/],
    ['missing slots', [['nodes', [shardNode()]]], /missing slots/],
    ['missing nodes', [['slots', [0, 1]]], /nodes is/],
    ['slots not an array', oneShard(shardNode(), '0-16383'), /slots is/],
    ['an odd number of slot bounds', oneShard(shardNode(), [0, 5, 9]), /odd number/],
    ['slot 16384', oneShard(shardNode(), [0, 16384]), /slot 16384/],
    ['a negative slot', oneShard(shardNode(), [-1, 5]), /slot -1/],
    ['a fractional slot', oneShard(shardNode(), [0.5, 5]), /slot 0.5/],
    ['a slot sent as text', oneShard(shardNode(), ['0', '5']), /slot "0"/],
    ['a reversed range', oneShard(shardNode(), [10, 5]), /reversed/],
    ['port 0', oneShard(shardNode({ port: 0 })), /port 0/],
    ['port 70000', oneShard(shardNode({ port: 70000 })), /port 70000/],
    ['port as text', oneShard(shardNode({ port: '7000' })), /port "7000"/],
    ['tls-port 70000', oneShard(shardNode({ 'tls-port': 70000 })), /tls-port/],
    ['no port at all', oneShard(shardNode({ port: undefined })), /neither port nor tls-port/],
    ['missing id', oneShard(shardNode({ id: undefined })), /missing node id/],
    ['a numeric id', oneShard(shardNode({ id: 12 })), /missing node id/],
    ['missing role', oneShard(shardNode({ role: undefined })), /missing role/],
    ['an unknown role', oneShard(shardNode({ role: 'leader' })), /role "leader"/],
    ['an endpoint with a space', oneShard(shardNode({ endpoint: 'a b' })), /not a valid host/],
    ['a numeric endpoint', oneShard(shardNode({ endpoint: 5 })), /endpoint is 5/],
    ['a numeric health', oneShard(shardNode({ health: 1 })), /health is 1/],
    ['a node that is not a map', [['slots', [0, 1], 'nodes', ['node']]], /expected a map/],
    [
      'two healthy masters in one shard',
      [['slots', [0, 1], 'nodes', [shardNode({ port: 7000 }), shardNode({ id: IDS.ID2, port: 7001 })]]],
      /two healthy masters/,
    ],
    [
      'the same node id twice',
      [
        ['slots', [0, 1], 'nodes', [shardNode()]],
        ['slots', [2, 3], 'nodes', [shardNode({ port: 7001 })]],
      ],
      /listed twice/,
    ],
    [
      'overlapping shards',
      [
        ['slots', [0, 100], 'nodes', [shardNode()]],
        ['slots', [100, 200], 'nodes', [shardNode({ id: IDS.ID2, port: 7001 })]],
      ],
      /slot 100 is claimed by shards 0 and 1/,
    ],
  ];
  it.each(malformed)('rejects %s with ProtocolError', (_name, reply, message) => {
    expect(() => parseClusterShards(reply, ANSWERED_BY)).toThrow(ProtocolError);
    expect(() => parseClusterShards(reply, ANSWERED_BY)).toThrow(message);
  });

  it('rejects a bad answeredBy with DataError', () => {
    expect(() => parseClusterShards([], { host: '', port: 7000 })).toThrow(DataError);
    expect(() => parseClusterShards([], { host: 'h', port: 0 })).toThrow(DataError);
  });
});

describe('parseClusterSlots', () => {
  it('parses RESP2 and merges ranges of one master into one shard', () => {
    const topology = parseClusterSlots(SLOTS_RESP2, ANSWERED_BY);
    expect(topology).toEqual({
      shards: [
        {
          slots: [[0, 5460]],
          master: { id: IDS.ID1, host: '127.0.0.1', port: 31701, role: 'master', health: 'unknown' },
          replicas: [{ id: IDS.ID4, host: '127.0.0.1', port: 31704, role: 'replica', health: 'unknown' }],
        },
        {
          slots: [
            [5461, 5999],
            [6003, 6999],
            [7001, 10922],
          ],
          master: { id: IDS.ID2, host: '127.0.0.1', port: 31702, role: 'master', health: 'unknown' },
          replicas: [{ id: IDS.ID5, host: '127.0.0.1', port: 31705, role: 'replica', health: 'unknown' }],
        },
        {
          slots: [[10923, 16383]],
          master: {
            id: IDS.ID3,
            host: '127.0.0.1',
            port: 31703,
            hostname: 'node3.example',
            role: 'master',
            health: 'unknown',
          },
          replicas: [
            {
              id: IDS.ID6,
              host: '127.0.0.1',
              port: 31706,
              hostname: 'replica6.example',
              role: 'replica',
              health: 'unknown',
            },
          ],
        },
      ],
    });
  });

  it('parses RESP3 metadata maps', () => {
    const { shards } = parseClusterSlots(SLOTS_RESP3, ANSWERED_BY);
    expect(shards).toHaveLength(3);
    expect(shards[2].master?.hostname).toBe('node3.example');
    expect(shards[2].replicas[0].hostname).toBe('replica6.example');
    expect(shards[0].master).not.toHaveProperty('hostname');
  });

  it('uses the answering host for nil and "?" hosts, keeps announced hostnames', () => {
    const nil = parseClusterSlots(SLOTS_NIL_HOST, ANSWERED_BY);
    expect(nil.shards[0].master).toMatchObject({ host: '10.1.2.3', port: 31701 });
    expect(nil.shards[0].replicas[0]).toMatchObject({ host: '10.1.2.3', port: 31704 });
    expect(nil.shards[1].master).toMatchObject({ host: '10.1.2.3', hostname: 'node3.example' });
    const preferred = parseClusterSlots(SLOTS_HOSTNAME_PREFERRED, ANSWERED_BY);
    expect(preferred.shards[0].master?.host).toBe('10.1.2.3');
    expect(preferred.shards[1].master?.host).toBe('node3.example');
    expect(preferred.shards[1].replicas[0].host).toBe('replica6.example');
    const empty = parseClusterSlots([[0, 16383, ['', 7000, IDS.ID1]]], ANSWERED_BY);
    expect(empty.shards[0].master?.host).toBe('10.1.2.3');
  });

  it('accepts old replies without id or metadata, grouping by address', () => {
    const reply = [
      [0, 99, ['10.0.0.1', 7000]],
      [200, 299, ['10.0.0.1', 7000], ['10.0.0.2', 7001]],
      [100, 199, ['10.0.0.3', 7000]],
    ];
    const { shards } = parseClusterSlots(reply, ANSWERED_BY);
    expect(shards).toHaveLength(2);
    expect(shards[0].master).toEqual({ id: '', host: '10.0.0.1', port: 7000, role: 'master', health: 'unknown' });
    expect(shards[0].slots).toEqual([
      [0, 99],
      [200, 299],
    ]);
    expect(shards[0].replicas.map((node) => node.host)).toEqual(['10.0.0.2']);
  });

  it('sorts the merged ranges of a master even when the reply is out of order', () => {
    const reply = [
      [9000, 9999, ['h', 7000, IDS.ID1]],
      [0, 99, ['h', 7001, IDS.ID2]],
      [100, 199, ['h', 7000, IDS.ID1]],
    ];
    const { shards } = parseClusterSlots(reply, ANSWERED_BY);
    expect(shards[0].slots).toEqual([
      [100, 199],
      [9000, 9999],
    ]);
  });

  it('reports partial coverage as it is', () => {
    const { shards } = parseClusterSlots([[100, 200, ['h', 7000, IDS.ID1]]], ANSWERED_BY);
    expect(shards).toEqual([
      {
        slots: [[100, 200]],
        master: { id: IDS.ID1, host: 'h', port: 7000, role: 'master', health: 'unknown' },
        replicas: [],
      },
    ]);
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['a non-array reply', 42, /not an array/],
    ['an entry that is not an array', ['x'], /expected \[start, end, master/],
    ['an entry without a master', [[0, 1]], /expected \[start, end, master/],
    ['slot 16384', [[0, 16384, ['h', 7000, IDS.ID1]]], /slot 16384/],
    ['a reversed range', [[5, 4, ['h', 7000, IDS.ID1]]], /reversed/],
    ['a slot as text', [['0', 4, ['h', 7000, IDS.ID1]]], /slot "0"/],
    ['port 0', [[0, 1, ['h', 0, IDS.ID1]]], /port 0/],
    ['port 70000', [[0, 1, ['h', 70000, IDS.ID1]]], /port 70000/],
    ['a replica with a bad port', [[0, 1, ['h', 7000, IDS.ID1], ['h', -1, IDS.ID2]]], /replica 0: port -1/],
    ['a node that is not an array', [[0, 1, 'h:7000']], /expected \[host, port/],
    ['a node without a port', [[0, 1, ['h']]], /expected \[host, port/],
    ['a numeric id', [[0, 1, ['h', 7000, 99]]], /node id is 99/],
    ['a numeric host', [[0, 1, [1234, 7000, IDS.ID1]]], /endpoint is 1234/],
    ['metadata that is not a map', [[0, 1, ['h', 7000, IDS.ID1, 'hostname']]], /expected a map/],
    ['a numeric hostname', [[0, 1, ['h', 7000, IDS.ID1, ['hostname', 5]]]], /hostname is 5/],
    [
      'overlapping ranges',
      [
        [0, 10, ['h', 7000, IDS.ID1]],
        [10, 20, ['h', 7001, IDS.ID2]],
      ],
      /slot 10 is claimed/,
    ],
  ];
  it.each(malformed)('rejects %s with ProtocolError', (_name, reply, message) => {
    expect(() => parseClusterSlots(reply, ANSWERED_BY)).toThrow(ProtocolError);
    expect(() => parseClusterSlots(reply, ANSWERED_BY)).toThrow(message);
  });
});
