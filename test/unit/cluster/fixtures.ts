/**
 * Topology replies captured from a Redis 7.0.15 cluster (3 masters, 3 replicas, loopback ports 317xx), in the shape
 * our decoder produces: RESP2 as nested arrays, RESP3 maps as Map.
 */

export const ANSWERED_BY = { host: '10.1.2.3', port: 31701 };

const ID1 = 'bbd784f20c7f7160304053c7a6d2deb34765f9b1';
const ID2 = '3705f193df41b966af1d7c9fd97c02679b1be10d';
const ID3 = '0e54ad29832cdb0d00f8fc0f24fd5b9b58d9c4a2';
const ID4 = '286da4c8ec4d091fb7242ef01c42604c075b4fc5';
const ID5 = 'fde6f09bfcd9bbf63f659cb92b86100fd6c19887';
const ID6 = '2ae5c6de8c43a158b68cdfafe92ccbab58989f98';
const ID7 = '661e03fc6f5dac9d2bc7c1b6d237d9f07b2dae8b';
export const IDS = { ID1, ID2, ID3, ID4, ID5, ID6, ID7 };

/** CLUSTER SHARDS, RESP2, healthy cluster; one replica has an announced hostname. */
// biome-ignore format: one node per line, as captured
export const SHARDS_RESP2 = [
  [
    'slots',
    [10923, 16383],
    'nodes',
    [
      ['id', ID3, 'port', 31703, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 14, 'health', 'online'],
      ['id', ID6, 'port', 31706, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'hostname', 'replica6.example', 'role', 'replica', 'replication-offset', 14, 'health', 'online'],
    ],
  ],
  [
    'slots',
    [5461, 10922],
    'nodes',
    [
      ['id', ID2, 'port', 31702, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 14, 'health', 'online'],
      ['id', ID5, 'port', 31705, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'replica', 'replication-offset', 14, 'health', 'online'],
    ],
  ],
  [
    'slots',
    [0, 5460],
    'nodes',
    [
      ['id', ID1, 'port', 31701, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 14, 'health', 'online'],
      ['id', ID4, 'port', 31704, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'replica', 'replication-offset', 14, 'health', 'loading'],
    ],
  ],
];

/** The same cluster under RESP3 (HELLO 3): shards and nodes are maps. */
// biome-ignore format: one node per line, as captured
export const SHARDS_RESP3 = [
  new Map<string, unknown>([
    ['slots', [10923, 16383]],
    [
      'nodes',
      [
        new Map<string, unknown>([['id', ID3], ['port', 31703], ['ip', '127.0.0.1'], ['endpoint', '127.0.0.1'], ['role', 'master'], ['replication-offset', 14], ['health', 'online']]),
        new Map<string, unknown>([['id', ID6], ['port', 31706], ['ip', '127.0.0.1'], ['endpoint', '127.0.0.1'], ['hostname', 'replica6.example'], ['role', 'replica'], ['replication-offset', 14], ['health', 'online']]),
      ],
    ],
  ]),
  new Map<string, unknown>([
    ['slots', [5461, 10922]],
    [
      'nodes',
      [
        new Map<string, unknown>([['id', ID2], ['port', 31702], ['ip', '127.0.0.1'], ['endpoint', '127.0.0.1'], ['role', 'master'], ['replication-offset', 14], ['health', 'online']]),
        new Map<string, unknown>([['id', ID5], ['port', 31705], ['ip', '127.0.0.1'], ['endpoint', '127.0.0.1'], ['role', 'replica'], ['replication-offset', 14], ['health', 'online']]),
      ],
    ],
  ]),
  new Map<string, unknown>([
    ['slots', [0, 5460]],
    [
      'nodes',
      [
        new Map<string, unknown>([['id', ID1], ['port', 31701], ['ip', '127.0.0.1'], ['endpoint', '127.0.0.1'], ['role', 'master'], ['replication-offset', 14], ['health', 'online']]),
        new Map<string, unknown>([['id', ID4], ['port', 31704], ['ip', '127.0.0.1'], ['endpoint', '127.0.0.1'], ['role', 'replica'], ['replication-offset', 14], ['health', 'loading']]),
      ],
    ],
  ]),
];

/**
 * CLUSTER SHARDS after 31706 (a replica) and 31702 (a master) died and 31705 was promoted; 31707 joined without
 * slots. Redis 7.0 reports health "fail" (not "failed") and lists the former master as a slot-less shard.
 */
// biome-ignore format: one node per line, as captured
export const SHARDS_AFTER_FAILOVER = [
  ['slots', [10923, 16383], 'nodes', [
    ['id', ID3, 'port', 31703, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'hostname', 'node3.example', 'role', 'master', 'replication-offset', 140, 'health', 'online'],
    ['id', ID6, 'port', 31706, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'hostname', 'replica6.example', 'role', 'replica', 'replication-offset', 140, 'health', 'fail'],
  ]],
  ['slots', [], 'nodes', [
    ['id', ID2, 'port', 31702, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 182, 'health', 'fail'],
  ]],
  ['slots', [0, 5460], 'nodes', [
    ['id', ID1, 'port', 31701, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 224, 'health', 'online'],
    ['id', ID4, 'port', 31704, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'replica', 'replication-offset', 224, 'health', 'online'],
  ]],
  ['slots', [5461, 10922], 'nodes', [
    ['id', ID5, 'port', 31705, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 182, 'health', 'online'],
  ]],
  ['slots', [], 'nodes', [
    ['id', ID7, 'port', 31707, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 0, 'health', 'online'],
  ]],
];

/** CLUSTER SHARDS from the second master after `CLUSTER DELSLOTS 6000 6001 6002 7000`: one shard, three ranges. */
// biome-ignore format: one node per line, as captured
export const SHARDS_SPLIT = [
  ['slots', [5461, 5999, 6003, 6999, 7001, 10922], 'nodes', [
    ['id', ID2, 'port', 31702, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 28, 'health', 'online'],
    ['id', ID5, 'port', 31705, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'replica', 'replication-offset', 28, 'health', 'online'],
  ]],
  ['slots', [0, 5460], 'nodes', [
    ['id', ID1, 'port', 31701, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', 'master', 'replication-offset', 28, 'health', 'online'],
  ]],
];

/** CLUSTER SHARDS with `cluster-preferred-endpoint-type unknown-endpoint`: endpoint is empty, hostname present. */
// biome-ignore format: one node per line, as captured
export const SHARDS_UNKNOWN_ENDPOINT = [
  ['slots', [10923, 16383], 'nodes', [
    ['id', ID3, 'port', 31703, 'ip', '127.0.0.1', 'endpoint', '', 'hostname', 'node3.example', 'role', 'master', 'replication-offset', 28, 'health', 'online'],
  ]],
  ['slots', [0, 5460], 'nodes', [
    ['id', ID1, 'port', 31701, 'ip', '127.0.0.1', 'endpoint', '?', 'role', 'master', 'replication-offset', 28, 'health', 'online'],
  ]],
];

/** CLUSTER SLOTS, RESP2, with split ranges for the second master and 7.0 metadata (hostname) on one shard. */
// biome-ignore format: one node per line, as captured
export const SLOTS_RESP2 = [
  [0, 5460, ['127.0.0.1', 31701, ID1, []], ['127.0.0.1', 31704, ID4, []]],
  [5461, 5999, ['127.0.0.1', 31702, ID2, []], ['127.0.0.1', 31705, ID5, []]],
  [6003, 6999, ['127.0.0.1', 31702, ID2, []], ['127.0.0.1', 31705, ID5, []]],
  [7001, 10922, ['127.0.0.1', 31702, ID2, []], ['127.0.0.1', 31705, ID5, []]],
  [10923, 16383, ['127.0.0.1', 31703, ID3, ['hostname', 'node3.example']], ['127.0.0.1', 31706, ID6, ['hostname', 'replica6.example']]],
];

/** CLUSTER SLOTS, RESP3: the metadata is a map. */
// biome-ignore format: one node per line, as captured
export const SLOTS_RESP3 = [
  [0, 5460, ['127.0.0.1', 31701, ID1, new Map()], ['127.0.0.1', 31704, ID4, new Map()]],
  [5461, 10922, ['127.0.0.1', 31702, ID2, new Map()], ['127.0.0.1', 31705, ID5, new Map()]],
  [10923, 16383, ['127.0.0.1', 31703, ID3, new Map([['hostname', 'node3.example']])], ['127.0.0.1', 31706, ID6, new Map([['hostname', 'replica6.example']])]],
];

/** CLUSTER SLOTS with `unknown-endpoint`: the host is a nil bulk string and the metadata carries the ip. */
// biome-ignore format: one node per line, as captured
export const SLOTS_NIL_HOST = [
  [0, 5460, [null, 31701, ID1, ['ip', '127.0.0.1']], [null, 31704, ID4, ['ip', '127.0.0.1']]],
  [10923, 16383, [null, 31703, ID3, ['ip', '127.0.0.1', 'hostname', 'node3.example']]],
];

/** CLUSTER SLOTS with `cluster-preferred-endpoint-type hostname`: `?` where no hostname is announced. */
// biome-ignore format: one node per line, as captured
export const SLOTS_HOSTNAME_PREFERRED = [
  [0, 5460, ['?', 31701, ID1, ['ip', '127.0.0.1']], ['?', 31704, ID4, ['ip', '127.0.0.1']]],
  [10923, 16383, ['node3.example', 31703, ID3, ['ip', '127.0.0.1']], ['replica6.example', 31706, ID6, ['ip', '127.0.0.1']]],
];
