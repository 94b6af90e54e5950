/**
 * The CLUSTER declarations without a server: redis-py's mocked-reply tests (test_commands.py's test_cluster_* and
 * test_cluster.py's parser tests) run through our reply transforms, plus the argument checks and the slot routing.
 */
import { describe, expect, it } from 'vitest';
import { commandSlot } from '../../../src/cluster/routing.js';
import { COMMAND_SPECS } from '../../../src/commands/registry.js';
import { DataError } from '../../../src/errors.js';
import type { RespValue } from '../../../src/protocol/types.js';

const build = (method: string, ...args: unknown[]) => COMMAND_SPECS[method].build(...args);

/** The reply transform a call of `method` with `args` uses, applied to `reply`. */
function parse(method: string, args: unknown[], reply: RespValue): unknown {
  const spec = COMMAND_SPECS[method];
  const transform = (spec.transformFor?.(...args) ?? spec.transform) as (r: RespValue) => unknown;
  return transform(reply);
}

/** The slot a cluster sends a call of `method` to (-1: no slot, routed by node). */
function routedSlot(method: string, ...args: unknown[]): number {
  const spec = COMMAND_SPECS[method];
  return commandSlot(spec.keys, spec.build(...args), spec.slotArg);
}

const NODES =
  'c8253bae761cb1ecb2b61857d85dfe455a0fec8b 172.17.0.7:7006 slave aa90da731f673a99617dfe930306549a09f83a6b 0 1447836263059 5 connected\n' +
  '9bd595fe4821a0e8d6b99d70faa660638a7612b3 172.17.0.7:7008 master - 0 1447836264065 0 connected\n' +
  'aa90da731f673a99617dfe930306549a09f83a6b 172.17.0.7:7003 myself,master - 0 0 2 connected 5461-10922\n' +
  '1df047e5a594f945d82fc140be97a1452bcbf93e 172.17.0.7:7007 slave 19efe5a631f3296fdf21a5441680f893e8cc96ec 0 1447836262556 3 connected\n' +
  '4ad9a12e63e8f0207025eeba2354bcf4c85e5b22 172.17.0.7:7005 master - 0 1447836262555 7 connected 0-5460\n' +
  '19efe5a631f3296fdf21a5441680f893e8cc96ec 172.17.0.7:7004 master - 0 1447836263562 3 connected 10923-16383\n' +
  'fbb23ed8cfa23f17eaf27ff7d0c410492a1093d6 172.17.0.7:7002 master,fail - 1447829446956 1447829444948 1 disconnected\n';

describe('CLUSTER replies (redis-py test_cluster.py / test_commands.py mocks)', () => {
  it('test_cluster_nodes: keyed by ip:port, with redis-py fields', () => {
    const nodes = parse('cluster_nodes', [], NODES) as Record<string, Record<string, unknown>>;
    expect(Object.keys(nodes)).toHaveLength(7);
    expect(Object.getPrototypeOf(nodes)).toBe(Object.prototype);
    expect(nodes['172.17.0.7:7006'].node_id).toBe('c8253bae761cb1ecb2b61857d85dfe455a0fec8b');
    expect(nodes['172.17.0.7:7003']).toEqual({
      node_id: 'aa90da731f673a99617dfe930306549a09f83a6b',
      hostname: '',
      flags: 'myself,master',
      master_id: '-',
      last_ping_sent: '0',
      last_pong_rcvd: '0',
      epoch: '2',
      slots: [['5461', '10922']],
      migrations: [],
      connected: true,
    });
    expect(nodes['172.17.0.7:7002'].connected).toBe(false);
    // As Buffers (decode_responses: false) the fields are text all the same.
    expect(parse('cluster_nodes', [], Buffer.from(NODES))).toEqual(nodes);
  });

  it('test_cluster_nodes_importing_migrating: migrations and single-slot ranges', () => {
    const reply =
      '488ead2fcce24d8c0f158f9172cb1f4a9e040fe5 127.0.0.1:16381@26381 master - 0 1648975557664 3 connected 10923-16383\n' +
      '8ae2e70812db80776f739a72374e57fc4ae6f89d 127.0.0.1:16380@26380 master - 0 1648975555000 2 connected 1 5461-10922 [2-<-ed8007ccfa2d91a7b76f8e6fba7ba7e257034a16]\n' +
      'ed8007ccfa2d91a7b76f8e6fba7ba7e257034a16 127.0.0.1:16379@26379 myself,master - 0 1648975556000 1 connected 0 2-5460 [2->-8ae2e70812db80776f739a72374e57fc4ae6f89d]\n';
    const nodes = parse('cluster_nodes', [], reply) as Record<string, Record<string, unknown>>;
    expect(Object.keys(nodes)).toHaveLength(3);
    expect(nodes['127.0.0.1:16379'].migrations).toEqual([
      { slot: '2', node_id: '8ae2e70812db80776f739a72374e57fc4ae6f89d', state: 'migrating' },
    ]);
    expect(nodes['127.0.0.1:16379'].slots).toEqual([['0'], ['2', '5460']]);
    expect(nodes['127.0.0.1:16380'].migrations).toEqual([
      { slot: '2', node_id: 'ed8007ccfa2d91a7b76f8e6fba7ba7e257034a16', state: 'importing' },
    ]);
    expect(nodes['127.0.0.1:16380'].slots).toEqual([['1'], ['5461', '10922']]);
    expect(nodes['127.0.0.1:16381'].slots).toEqual([['10923', '16383']]);
    expect(nodes['127.0.0.1:16381'].migrations).toEqual([]);
  });

  it('announced hostnames come from the bus address part', () => {
    const line = 'abc 10.0.0.1:7000@17000,node-a.example master - 0 0 1 connected 0-10';
    const nodes = parse('cluster_nodes', [], line) as Record<string, Record<string, unknown>>;
    expect(nodes['10.0.0.1:7000'].hostname).toBe('node-a.example');
  });

  it('test_cluster_replicas / test_cluster_slaves: one line per element, keyed by ip:port', () => {
    const reply = [
      Buffer.from(
        '01eca22229cf3c652b6fca0d09ff6941e0d2e3 127.0.0.1:6377@16377 slave 52611e796814b78e90ad94be9d769a4f668f9a 0 1634550063436 4 connected',
      ),
      Buffer.from(
        'r4xfga22229cf3c652b6fca0d09ff69f3e0d4d 127.0.0.1:6378@16378 slave 52611e796814b78e90ad94be9d769a4f668f9a 0 1634550063436 4 connected',
      ),
    ];
    for (const method of ['cluster_replicas', 'cluster_slaves']) {
      const replicas = parse(method, ['52611e796814b78e90ad94be9d769a4f668f9a'], reply) as Record<
        string,
        Record<string, unknown>
      >;
      expect(replicas['127.0.0.1:6377']).toBeDefined();
      expect(replicas['127.0.0.1:6378'].node_id).toBe('r4xfga22229cf3c652b6fca0d09ff69f3e0d4d');
    }
  });

  it('test_cluster_info: a record of text fields', () => {
    const reply =
      'cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\n' +
      'cluster_slots_fail:0\r\ncluster_known_nodes:7\r\ncluster_size:3\r\ncluster_current_epoch:7\r\n';
    const info = parse('cluster_info', [], reply) as Record<string, string>;
    expect(info.cluster_state).toBe('ok');
    expect(info.cluster_known_nodes).toBe('7');
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
    expect(parse('cluster', ['info'], reply)).toEqual(info);
  });

  it('test_cluster_slots: keyed by "start-end", [host, port] owners', () => {
    const reply = [
      [0, 8191, ['127.0.0.1', 7000, 'node_0'], ['127.0.0.1', 7003, 'node_3']],
      [8192, 16383, ['127.0.0.1', 7001, 'node_1'], ['127.0.0.1', 7002, 'node_2']],
    ] as RespValue;
    const slots = parse('cluster_slots', [], reply) as Record<string, unknown>;
    expect(Object.keys(slots)).toHaveLength(2);
    expect(slots['0-8191']).toEqual({ primary: ['127.0.0.1', 7000], replicas: [['127.0.0.1', 7003]] });
  });

  it('CLUSTER SHARDS and LINKS: the same records from RESP2 lists and RESP3 maps', () => {
    const node2 = ['id', 'abc', 'port', 7000, 'ip', '127.0.0.1', 'role', 'master', 'health', 'online'];
    const resp2 = [['slots', [0, 5, 10, 20], 'nodes', [node2]]] as RespValue;
    const node3 = new Map<RespValue, RespValue>();
    for (let i = 0; i < node2.length; i += 2) node3.set(node2[i], node2[i + 1]);
    const resp3 = [
      new Map<RespValue, RespValue>([
        ['slots', [0, 5, 10, 20]],
        ['nodes', [node3]],
      ]),
    ] as RespValue;
    const expected = [
      {
        slots: [
          [0, 5],
          [10, 20],
        ],
        nodes: [{ id: 'abc', port: 7000, ip: '127.0.0.1', role: 'master', health: 'online' }],
      },
    ];
    expect(parse('cluster_shards', [], resp2)).toEqual(expected);
    expect(parse('cluster_shards', [], resp3)).toEqual(expected);
    const link = ['direction', 'to', 'node', 'abc', 'create-time', 1, 'events', 'r', 'send-buffer-allocated', 0];
    expect(parse('cluster_links', [], [link] as RespValue)).toEqual([
      { direction: 'to', node: 'abc', 'create-time': 1, events: 'r', 'send-buffer-allocated': 0 },
    ]);
  });

  it("test_commands.py's cluster(...) forms: OK replies are true, counts are integers", () => {
    expect(parse('cluster', ['ADDSLOTS', 1], 'OK')).toBe(true);
    expect(parse('cluster', ['COUNT-FAILURE-REPORTS', 'node'], 2)).toBe(2);
    expect(parse('cluster', ['COUNTKEYSINSLOT', 2], 2)).toBe(2);
    expect(parse('cluster', ['DELSLOTS', 1], 'OK')).toBe(true);
    expect(parse('cluster', ['FAILOVER', 1], 'OK')).toBe(true);
    expect(parse('cluster', ['FORGET', 1], 'OK')).toBe(true);
    expect(parse('cluster', ['keyslot', 'asdf'], 2)).toBe(2);
    expect(parse('cluster', ['meet', 'ip', 'port', 1], 'OK')).toBe(true);
    expect(parse('cluster', ['nodes'], NODES)).toHaveProperty(['172.17.0.7:7006']);
    expect(parse('cluster', ['replicate', 'nodeid'], 'OK')).toBe(true);
    expect(parse('cluster', ['reset', 'hard'], 'OK')).toBe(true);
    expect(parse('cluster', ['saveconfig'], 'OK')).toBe(true);
    expect(parse('cluster', ['setslot', 1, 'IMPORTING', 'nodeid'], 'OK')).toBe(true);
    expect(parse('readonly', [], 'OK')).toBe(true);
    expect(parse('readwrite', [], 'OK')).toBe(true);
    // Subcommands without a method of their own come back as the server sent them.
    expect(parse('cluster', ['help'], ['a', 'b'])).toEqual(['a', 'b']);
    expect(build('cluster', 'setslot', 1, 'IMPORTING', 'nodeid')).toEqual([
      'CLUSTER',
      'SETSLOT',
      1,
      'IMPORTING',
      'nodeid',
    ]);
  });
});

describe('CLUSTER arguments', () => {
  it('builds redis-py’s argument order', () => {
    expect(build('cluster_setslot', 'node_0', 1218, 'importing')).toEqual([
      'CLUSTER',
      'SETSLOT',
      1218,
      'IMPORTING',
      'node_0',
    ]);
    expect(build('cluster_setslot_stable', 12182)).toEqual(['CLUSTER', 'SETSLOT', 12182, 'STABLE']);
    expect(build('cluster_reset')).toEqual(['CLUSTER', 'RESET', 'SOFT']);
    expect(build('cluster_reset', false)).toEqual(['CLUSTER', 'RESET', 'HARD']);
    expect(build('cluster_failover')).toEqual(['CLUSTER', 'FAILOVER']);
    expect(build('cluster_failover', Buffer.from('force'))).toEqual(['CLUSTER', 'FAILOVER', 'FORCE']);
    expect(build('cluster_addslots', 1, 2, 3)).toEqual(['CLUSTER', 'ADDSLOTS', 1, 2, 3]);
    expect(build('cluster_addslots', [1, '2'])).toEqual(['CLUSTER', 'ADDSLOTS', 1, 2]);
    expect(build('cluster_addslotsrange', 1, 5)).toEqual(['CLUSTER', 'ADDSLOTSRANGE', 1, 5]);
    expect(build('cluster_meet', '127.0.0.1', '6379')).toEqual(['CLUSTER', 'MEET', '127.0.0.1', 6379]);
    expect(build('cluster_keyslot', 1337)).toEqual(['CLUSTER', 'KEYSLOT', 1337]);
  });

  it('wrong forms raise DataError before anything is sent', () => {
    const bad: Array<[string, unknown[]]> = [
      ['cluster_failover', ['FORCT']],
      ['cluster_setslot', ['node_0', 1218, 'STABLE']],
      ['cluster_setslot', ['node_0', 1218, 'STATE']],
      ['cluster_setslot', ['node_0', 16384, 'NODE']],
      ['cluster_addslots', []],
      ['cluster_addslots', [-1]],
      ['cluster_addslots', [1.5]],
      ['cluster_addslots', ['x']],
      ['cluster_addslotsrange', [1, 2, 3]],
      ['cluster_addslotsrange', [5, 1]],
      ['cluster_delslots', [{ slot: 1 }]],
      ['cluster_countkeysinslot', [16384]],
      ['cluster_get_keys_in_slot', [1, -1]],
      ['cluster_reset', ['hard']],
      ['cluster_meet', ['127.0.0.1', 0]],
      ['cluster_meet', [{ host: 'h', port: 1 }, 7000]],
      ['cluster_replicate', ['']],
      ['cluster_set_config_epoch', [-1]],
      ['cluster', [7]],
    ];
    for (const [method, args] of bad) {
      expect(() => build(method, ...args), `${method}(${JSON.stringify(args)})`).toThrow(DataError);
    }
  });

  it('commands naming a slot are routed to that slot; the others by node', () => {
    expect(routedSlot('cluster_countkeysinslot', 1)).toBe(1);
    expect(routedSlot('cluster_get_keys_in_slot', 12182, 4)).toBe(12182);
    expect(routedSlot('cluster_setslot_stable', 12182)).toBe(12182);
    expect(routedSlot('cluster_setslot', 'n', 1218, 'NODE')).toBe(1218);
    expect(routedSlot('cluster_delslotsrange', 8192, 8200)).toBe(8192);
    expect(routedSlot('cluster', 'countkeysinslot', 77)).toBe(77);
    expect(routedSlot('cluster', 'info')).toBe(-1);
    expect(routedSlot('cluster_info')).toBe(-1);
    expect(COMMAND_SPECS.cluster_info.route).toBe('default-node');
  });
});
