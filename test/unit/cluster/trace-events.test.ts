/** The cluster's failover and refresh reports, from two slot maps. */
import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { SlotTable } from '../../../src/cluster/slot-table.js';
import type { ClusterNodeDescriptor } from '../../../src/cluster/topology.js';
import { type FailoverMessage, type RefreshMessage, reportRefresh } from '../../../src/cluster/trace-events.js';

const node = (port: number, role: 'master' | 'replica'): ClusterNodeDescriptor => ({
  id: String(port).repeat(8),
  host: '127.0.0.1',
  port,
  role,
  health: 'online',
});

const table = (masterPort: number, replicaPort: number) =>
  new SlotTable({
    shards: [
      { slots: [[0, 8191]], master: node(masterPort, 'master'), replicas: [node(replicaPort, 'replica')] },
      { slots: [[8192, 16383]], master: node(7001, 'master'), replicas: [node(7004, 'replica')] },
    ],
  });

const seen: { failovers: FailoverMessage[]; refreshes: RefreshMessage[] } = { failovers: [], refreshes: [] };
const onFailover = (m: unknown) => seen.failovers.push(m as FailoverMessage);
const onRefresh = (m: unknown) => seen.refreshes.push(m as RefreshMessage);

afterEach(() => {
  diagnostics.unsubscribe('strict-redis:failover', onFailover);
  diagnostics.unsubscribe('strict-redis:topology-refresh', onRefresh);
  seen.failovers = [];
  seen.refreshes = [];
});

describe('reportRefresh', () => {
  it('publishes the refresh and a failover when a replica took over its master’s slots', () => {
    diagnostics.subscribe('strict-redis:failover', onFailover);
    diagnostics.subscribe('strict-redis:topology-refresh', onRefresh);
    reportRefresh(Date.now() - 5, table(7000, 7003), table(7003, 7000));
    expect(seen.failovers).toEqual([{ slot: 0, from: '127.0.0.1:7000', to: '127.0.0.1:7003' }]);
    expect(seen.refreshes).toHaveLength(1);
    expect(seen.refreshes[0]).toMatchObject({ masters: 2, nodes: 4 });
    expect(seen.refreshes[0].durationMs).toBeGreaterThanOrEqual(5);
  });

  it('reports no failover for an unchanged map or a first map, and the error of a failed refresh', () => {
    diagnostics.subscribe('strict-redis:failover', onFailover);
    diagnostics.subscribe('strict-redis:topology-refresh', onRefresh);
    reportRefresh(Date.now(), table(7000, 7003), table(7000, 7003));
    reportRefresh(Date.now(), undefined, table(7000, 7003));
    const error = new Error('no node answered');
    reportRefresh(Date.now(), table(7000, 7003), undefined, error);
    expect(seen.failovers).toEqual([]);
    expect(seen.refreshes.map((r) => r.error)).toEqual([undefined, undefined, error]);
  });
});
