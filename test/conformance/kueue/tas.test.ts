// Topology Aware Scheduling (spec/kueue.md §4, conformance cases §5.29–§5.33) against kueue ff69552e:
// - pkg/cache/scheduler/tas_cache_test.go TestFindTopologyAssignments: rows ported one by one (each `it` is named
//   after the upstream case), run through findTopologyAssignmentsForFlavor on a TasFlavorSnapshot built from the
//   row's nodes (NotReady / unschedulable nodes and nodes without the flavor's labels or every level are left out,
//   as the TAS nodes cache does) and non-TAS pods;
// - pkg/scheduler/scheduler_tas_test.go TestScheduleForTAS / TestScheduleForTASPreemption: played through
//   simulate() (JobSets whose pod templates carry the TAS annotations).
// Units: the simulator counts every resource in milli-units; quantities go through parseQuantity, so the
// upstream rows' `cpu: 1000` (milli) is written "1" and `memory: 1024` (bytes) "1Ki".
import { describe, expect, it, vi } from 'vitest';
import type { Node } from '../../../src/api/core.js';
import { parseQuantity, parseResourceList } from '../../../src/api/quantity.js';
import type { LogRecord } from '../../../src/engine/event-log.js';
import type { PodSetTopologyRequest } from '../../../src/kueue/api.js';
import { KueueManager } from '../../../src/kueue/manager.js';
import { findTopologyAssignmentsForFlavor, type TasPodSetRequests } from '../../../src/kueue/tas/find-assignment.js';
import {
  nodeMatchesFlavor,
  nodeSchedulableAndReady,
  TasFlavorSnapshot,
  type TasNode,
} from '../../../src/kueue/tas/snapshot.js';
import { simulate } from '../../../src/simulate.js';

const BLOCK = 'cloud.com/topology-block';
const RACK = 'cloud.com/topology-rack';
const HOST = 'kubernetes.io/hostname';
const ONE = [HOST];
const TWO = [BLOCK, RACK];
const THREE = [BLOCK, RACK, HOST];

interface NodeSpec {
  name: string;
  labels: Record<string, string>;
  alloc: Record<string, string>;
  ready?: boolean;
  unschedulable?: boolean;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule' }[];
}

/** testingnode.MakeNode(name).Label(block).Label(rack).Label(hostname).StatusAllocatable(...).Ready() */
function n(name: string, block: string, rack: string, host: string, cpu: string, pods = '10', mem?: string): NodeSpec {
  return {
    name,
    labels: { [BLOCK]: block, [RACK]: rack, [HOST]: host },
    alloc: { cpu, pods, ...(mem ? { memory: mem } : {}) },
  };
}

// The upstream fixtures.
//      b1                   b2
//   /      \             /      \
//  r1       r2          r1       r2
//  |      /  |  \       |         |
//  x3    x5  x1  x6     x2       x4
const defaultNodes = [
  n('b1-r1-x3', 'b1', 'r1', 'x3', '1', '10', '1Gi'),
  n('b1-r2-x5', 'b1', 'r2', 'x5', '1', '10', '1Gi'),
  n('b1-r2-x1', 'b1', 'r2', 'x1', '1', '10', '1Gi'),
  n('b1-r2-x6', 'b1', 'r2', 'x6', '1', '10', '1Gi'),
  n('b2-r2-x2', 'b2', 'r1', 'x2', '1', '10', '1Gi'),
  n('b2-r2-x4', 'b2', 'r2', 'x4', '2', '40', '4Gi'),
];
//       b1           b2
//       |             |
//       r1           r1
//     /  |  \       /  \
//   x3  x5  x1     x6  x2
const scatteredNodes = [
  n('b1-r1-x3', 'b1', 'r1', 'x3', '4', '10', '1Gi'),
  n('b1-r1-x5', 'b1', 'r1', 'x5', '1', '10', '1Gi'),
  n('b1-r1-x1', 'b1', 'r1', 'x1', '1', '10', '1Gi'),
  n('b2-r1-x6', 'b2', 'r1', 'x6', '2', '10', '1Gi'),
  n('b2-r1-x2', 'b2', 'r1', 'x2', '1', '10', '1Gi'),
];
//           b1                    b2
//       /        \             /      \
//      r1         r2          r1       r2
//     /  \      /   \        /   \    /   \
//    x3   x5   x1    x6     x2   x4  x7    x8
const binaryTreesNodes = [
  n('b1-r1-x3', 'b1', 'r1', 'x3', '1'),
  n('b1-r1-x5', 'b1', 'r1', 'x5', '1'),
  n('b1-r2-x1', 'b1', 'r2', 'x1', '1'),
  n('b1-r2-x6', 'b1', 'r2', 'x6', '1'),
  n('b2-r1-x2', 'b2', 'r1', 'x2', '1'),
  n('b2-r1-x4', 'b2', 'r1', 'x4', '1'),
  n('b2-r2-x7', 'b2', 'r2', 'x7', '1'),
  n('b2-r2-x8', 'b2', 'r2', 'x8', '1'),
];

interface PodSetCase {
  name?: string;
  topologyRequest?: PodSetTopologyRequest;
  requests: Record<string, string>;
  count: number;
  nodeSelector?: Record<string, string>;
  tolerations?: { key: string; operator?: 'Exists' | 'Equal'; value?: string; effect?: 'NoSchedule' }[];
  podSetGroupName?: string;
  want?: { levels: string[]; domains: [string[], number][] };
  wantReason?: string;
}

interface Case {
  nodes: NodeSpec[];
  levels: string[];
  nodeLabels?: Record<string, string>;
  /** Non-TAS pods: node and requests. */
  pods?: { node: string; requests: Record<string, string> }[];
  podSets: PodSetCase[];
}

function toNode(s: NodeSpec): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: s.name, labels: s.labels },
    spec: { ...(s.unschedulable ? { unschedulable: true } : {}), ...(s.taints ? { taints: s.taints } : {}) },
    status: {
      allocatable: s.alloc,
      capacity: s.alloc,
      conditions: [{ type: 'Ready', status: s.ready === false ? 'False' : 'True' }],
    },
  } as unknown as Node;
}

function run(c: Case) {
  const nodes: TasNode[] = [];
  for (const spec of c.nodes) {
    const node = toNode(spec);
    if (!nodeSchedulableAndReady(node) || !nodeMatchesFlavor(node.metadata.labels, c.nodeLabels, c.levels)) continue;
    nodes.push({
      name: spec.name,
      labels: spec.labels,
      ...(spec.taints ? { taints: spec.taints } : {}),
      allocatable: parseResourceList(spec.alloc),
    });
  }
  const nonTas = new Map<string, Map<string, number>>();
  for (const p of c.pods ?? []) {
    const u = nonTas.get(p.node) ?? new Map<string, number>();
    for (const [r, v] of parseResourceList(p.requests)) u.set(r, (u.get(r) ?? 0) + v);
    u.set('pods', (u.get('pods') ?? 0) + 1000);
    nonTas.set(p.node, u);
  }
  const snap = new TasFlavorSnapshot({ topologyName: 'default', levels: c.levels, nodes, nonTasUsage: nonTas });
  const reqs: TasPodSetRequests[] = c.podSets.map((ps) => ({
    podSet: {
      name: ps.name ?? 'main',
      ...(ps.topologyRequest ? { topologyRequest: ps.topologyRequest } : {}),
      template: {
        spec: {
          ...(ps.nodeSelector ? { nodeSelector: ps.nodeSelector } : {}),
          ...(ps.tolerations ? { tolerations: ps.tolerations } : {}),
        },
      },
    },
    singlePodRequests: new Map(Object.entries(ps.requests).map(([r, v]) => [r, parseQuantity(v)])),
    count: ps.count,
    implied: ps.topologyRequest === undefined,
    ...(ps.podSetGroupName ? { podSetGroupName: ps.podSetGroupName } : {}),
  }));
  const result = findTopologyAssignmentsForFlavor(snap, reqs);
  for (const ps of c.podSets) {
    const got = result.get(ps.name ?? 'main');
    expect(got, `podset ${ps.name ?? 'main'}`).toBeDefined();
    expect(got!.failureReason).toBe(ps.wantReason ?? '');
    if (ps.want) {
      expect(got!.topologyAssignment).toEqual({
        levels: ps.want.levels,
        domains: ps.want.domains.map(([values, count]) => ({ values, count })),
      });
    } else expect(got!.topologyAssignment).toBeUndefined();
  }
}

const cpu1 = { cpu: '1' };

describe('spec/kueue.md §5 TAS cases (tas_cache_test.go TestFindTopologyAssignments, BestFit)', () => {
  it('§5.29 ★ "minimize the number of used racks before optimizing the number of nodes; BestFit": x1,x2,x4,x6', () => {
    run({
      nodes: [
        { name: 'b1-r1-x3', labels: { [BLOCK]: 'b1', [RACK]: 'r1', [HOST]: 'x3' }, alloc: { cpu: '2', pods: '10' } },
        { name: 'b1-r2-x5', labels: { [BLOCK]: 'b1', [RACK]: 'r2', [HOST]: 'x5' }, alloc: { cpu: '2', pods: '20' } },
        n('b1-r3-x1', 'b1', 'r3', 'x1', '1'),
        n('b1-r3-x6', 'b1', 'r3', 'x6', '1'),
        n('b1-r3-x2', 'b1', 'r3', 'x2', '1'),
        n('b1-r3-x4', 'b1', 'r3', 'x4', '1'),
      ],
      levels: THREE,
      podSets: [
        {
          topologyRequest: { required: BLOCK },
          requests: cpu1,
          count: 4,
          want: {
            levels: ONE,
            domains: [
              [['x1'], 1],
              [['x2'], 1],
              [['x4'], 1],
              [['x6'], 1],
            ],
          },
        },
      ],
    });
  });

  it('§5.30 ★ "block preferred; Pods fit in 2 blocks; BestFit": b2:1, b3:4', () => {
    run({
      nodes: [
        { name: 'b1', labels: { [BLOCK]: 'b1' }, alloc: { cpu: '2', pods: '20' } },
        { name: 'b2', labels: { [BLOCK]: 'b2' }, alloc: { cpu: '1', pods: '10' } },
        { name: 'b3', labels: { [BLOCK]: 'b3' }, alloc: { cpu: '4', pods: '40' } },
      ],
      levels: [BLOCK],
      podSets: [
        {
          topologyRequest: { preferred: BLOCK },
          requests: cpu1,
          count: 5,
          want: {
            levels: [BLOCK],
            domains: [
              [['b2'], 1],
              [['b3'], 4],
            ],
          },
        },
      ],
    });
  });

  it('§5.31 ★ "rack required; multiple Pods fit in some racks; BestFit": b2/r2', () => {
    run({
      nodes: defaultNodes,
      levels: TWO,
      podSets: [
        {
          topologyRequest: { required: RACK },
          requests: cpu1,
          count: 2,
          want: { levels: TWO, domains: [[['b2', 'r2'], 2]] },
        },
      ],
    });
  });

  it('§5.32 "block required for podset; rack required for slices; BestFit": x3,x5 (r1) + x1,x2 (r2)', () => {
    // b1{r1: x3,x5; r2: x1,x6,x2}, b2{r1: x4,x7}; 4 pods in slices of 2 per rack: only b1 holds 2 slices; each
    // of its racks takes one slice, and in r2 the best fit for 2 pods is the first two hosts by name.
    run({
      nodes: [
        n('b1-r1-x3', 'b1', 'r1', 'x3', '1'),
        n('b1-r1-x5', 'b1', 'r1', 'x5', '1'),
        n('b1-r2-x1', 'b1', 'r2', 'x1', '1'),
        n('b1-r2-x6', 'b1', 'r2', 'x6', '1'),
        n('b1-r2-x2', 'b1', 'r2', 'x2', '1'),
        n('b2-r1-x4', 'b2', 'r1', 'x4', '1'),
        n('b2-r1-x7', 'b2', 'r1', 'x7', '1'),
      ],
      levels: THREE,
      podSets: [
        {
          topologyRequest: { required: BLOCK, podSetSliceRequiredTopology: RACK, podSetSliceSize: 2 },
          requests: cpu1,
          count: 4,
          want: {
            levels: ONE,
            domains: [
              [['x3'], 1],
              [['x5'], 1],
              [['x1'], 1],
              [['x2'], 1],
            ],
          },
        },
      ],
    });
  });
});

describe('tas_cache_test.go TestFindTopologyAssignments (kueue ff69552e), ported rows', () => {
  const rows: [string, Case][] = [
    [
      'choose the node that can accommodate all Pods',
      {
        nodes: [
          n('b1-r1-x3', 'b1', 'r1', 'x3', '2'),
          n('b1-r1-x5', 'b1', 'r1', 'x5', '1'),
          n('b1-r1-x1', 'b1', 'r1', 'x1', '1'),
        ],
        levels: THREE,
        podSets: [
          {
            topologyRequest: { required: BLOCK },
            requests: cpu1,
            count: 2,
            want: { levels: ONE, domains: [[['x3'], 2]] },
          },
        ],
      },
    ],
    [
      'no annotation; implied default to unconstrained; 6 pods fit into hosts scattered across the whole datacenter even they could fit into single rack; BestFit',
      {
        nodes: scatteredNodes,
        levels: THREE,
        podSets: [
          {
            requests: cpu1,
            count: 6,
            want: {
              levels: ONE,
              domains: [
                [['x1'], 1],
                [['x3'], 1],
                [['x5'], 1],
                [['x2'], 1],
                [['x6'], 2],
              ],
            },
          },
        ],
      },
    ],
    [
      'unconstrained; 6 pods fit into hosts scattered across the whole datacenter even they could fit into single rack; BestFit',
      {
        nodes: scatteredNodes,
        levels: THREE,
        podSets: [
          {
            topologyRequest: { unconstrained: true },
            requests: cpu1,
            count: 6,
            want: {
              levels: ONE,
              domains: [
                [['x1'], 1],
                [['x3'], 1],
                [['x5'], 1],
                [['x2'], 1],
                [['x6'], 2],
              ],
            },
          },
        ],
      },
    ],
    [
      'unconstrained; a single pod fits into each host; LeastFreeCapacity; TASProfileMixed',
      {
        nodes: defaultNodes,
        levels: THREE,
        podSets: [
          {
            topologyRequest: { unconstrained: true },
            requests: cpu1,
            count: 1,
            want: { levels: ONE, domains: [[['x3'], 1]] },
          },
        ],
      },
    ],
    [
      'block required; 4 pods fit into one host each; BestFit',
      {
        nodes: binaryTreesNodes,
        levels: THREE,
        podSets: [
          {
            topologyRequest: { required: BLOCK },
            requests: cpu1,
            count: 4,
            want: {
              levels: ONE,
              domains: [
                [['x3'], 1],
                [['x5'], 1],
                [['x1'], 1],
                [['x6'], 1],
              ],
            },
          },
        ],
      },
    ],
    [
      'host required; single Pod fits in the host; BestFit',
      {
        nodes: defaultNodes,
        levels: THREE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: cpu1,
            count: 1,
            want: { levels: ONE, domains: [[['x3'], 1]] },
          },
        ],
      },
    ],
    [
      'rack required; single Pod fits in a rack; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { required: RACK },
            requests: cpu1,
            count: 1,
            want: { levels: TWO, domains: [[['b1', 'r1'], 1]] },
          },
        ],
      },
    ],
    [
      'rack required; multiple Pods fit in a rack; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { required: RACK },
            requests: cpu1,
            count: 3,
            want: { levels: TWO, domains: [[['b1', 'r2'], 3]] },
          },
        ],
      },
    ],
    [
      'rack required; too many pods to fit in any rack; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { required: RACK },
            requests: cpu1,
            count: 4,
            wantReason: 'topology "default" allows to fit only 3 out of 4 pod(s)',
          },
        ],
      },
    ],
    [
      'block required; single Pod fits in a block spread across two racks; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { required: BLOCK },
            requests: cpu1,
            count: 4,
            want: {
              levels: TWO,
              domains: [
                [['b1', 'r1'], 1],
                [['b1', 'r2'], 3],
              ],
            },
          },
        ],
      },
    ],
    [
      'block required; too many Pods to fit requested; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { required: BLOCK },
            requests: cpu1,
            count: 5,
            wantReason: 'topology "default" allows to fit only 4 out of 5 pod(s)',
          },
        ],
      },
    ],
    [
      'rack required; single Pod requiring memory; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { required: RACK },
            requests: { memory: '1Ki' },
            count: 4,
            want: { levels: TWO, domains: [[['b1', 'r1'], 4]] },
          },
        ],
      },
    ],
    [
      'rack preferred; but only multiple blocks can accommodate the workload; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { preferred: RACK },
            requests: cpu1,
            count: 6,
            want: {
              levels: TWO,
              domains: [
                [['b1', 'r1'], 1],
                [['b1', 'r2'], 3],
                [['b2', 'r2'], 2],
              ],
            },
          },
        ],
      },
    ],
    [
      'block preferred; but the workload cannot be accommodate in entire topology; BestFit',
      {
        nodes: defaultNodes,
        levels: TWO,
        podSets: [
          {
            topologyRequest: { preferred: BLOCK },
            requests: cpu1,
            count: 10,
            wantReason: 'topology "default" allows to fit only 7 out of 10 pod(s)',
          },
        ],
      },
    ],
    [
      'detailed failure message with exclusion stats',
      {
        nodes: [
          {
            name: 'x1',
            labels: { [HOST]: 'x1' },
            taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }],
            alloc: { cpu: '1', pods: '10' },
          },
          { name: 'x2', labels: { [HOST]: 'x2', zone: 'zone-b' }, alloc: { cpu: '1', pods: '10' } },
          { name: 'x3', labels: { [HOST]: 'x3', zone: 'zone-b' }, alloc: { cpu: '2', pods: '10' } },
          { name: 'x4', labels: { [HOST]: 'x4', zone: 'zone-a' }, alloc: { cpu: '100m', pods: '10' } },
        ],
        levels: ONE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: cpu1,
            nodeSelector: { zone: 'zone-a' },
            count: 1,
            wantReason:
              'topology "default" doesn\'t allow to fit any of 1 pod(s). Total nodes: 4; excluded: nodeSelector: 2, resource "cpu": 1, taint "key=value:NoSchedule": 1',
          },
        ],
      },
    ],
    [
      'resource exclusion picks most restrictive resource',
      {
        nodes: [
          {
            name: 'dual-shortage',
            labels: { [HOST]: 'dual-shortage' },
            alloc: { cpu: '500m', pods: '10', 'example.com/gpu': '0' },
          },
        ],
        levels: ONE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: { cpu: '1', 'example.com/gpu': '1' },
            count: 1,
            wantReason:
              'topology "default" doesn\'t allow to fit any of 1 pod(s). Total nodes: 1; excluded: resource "cpu": 1',
          },
        ],
      },
    ],
    [
      'skip node which has untolerated taint; BestFit',
      {
        nodes: [
          {
            name: 'x3',
            labels: { zone: 'zone-a', [HOST]: 'x3' },
            alloc: { cpu: '1', memory: '1Gi', pods: '10' },
            taints: [{ key: 'example.com/gpu', value: 'present', effect: 'NoSchedule' }],
          },
        ],
        nodeLabels: { zone: 'zone-a' },
        levels: ONE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: cpu1,
            count: 1,
            wantReason:
              'topology "default" doesn\'t allow to fit any of 1 pod(s). Total nodes: 1; excluded: taint "example.com/gpu=present:NoSchedule": 1',
          },
        ],
      },
    ],
    [
      'include usage from running non-TAS pods, found free capacity on another node; BestFit',
      {
        nodes: [
          { name: 'x3', labels: { [HOST]: 'x3' }, alloc: { cpu: '1', memory: '1Gi', pods: '10' } },
          { name: 'x5', labels: { [HOST]: 'x5' }, alloc: { cpu: '1', memory: '1Gi', pods: '10' } },
        ],
        pods: [{ node: 'x3', requests: { cpu: '600m' } }],
        levels: ONE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: { cpu: '600m' },
            count: 1,
            want: { levels: ONE, domains: [[['x5'], 1]] },
          },
        ],
      },
    ],
    [
      'block required for podset; rack required for slices; podset fits in a block, but slices do not fit in racks',
      {
        nodes: [
          n('b1-r1-x3', 'b1', 'r1', 'x3', '2'),
          n('b1-r2-x5', 'b1', 'r2', 'x5', '2'),
          n('b1-r3-x1', 'b1', 'r3', 'x1', '2'),
        ],
        levels: THREE,
        podSets: [
          {
            topologyRequest: { required: BLOCK, podSetSliceRequiredTopology: RACK, podSetSliceSize: 3 },
            requests: cpu1,
            count: 6,
            wantReason: 'topology "default" doesn\'t allow to fit any of 2 slice(s)',
          },
        ],
      },
    ],
    [
      'no topology for podset; rack required for slices; multiple blocks; BestFit',
      {
        nodes: defaultNodes,
        levels: THREE,
        podSets: [
          {
            topologyRequest: { podSetSliceRequiredTopology: RACK, podSetSliceSize: 2 },
            requests: cpu1,
            count: 4,
            want: {
              levels: ONE,
              domains: [
                [['x1'], 1],
                [['x5'], 1],
                [['x4'], 2],
              ],
            },
          },
        ],
      },
    ],
    [
      'slice required topology level cannot be above the main required topology level',
      {
        nodes: defaultNodes,
        levels: THREE,
        podSets: [
          {
            topologyRequest: { required: HOST, podSetSliceRequiredTopology: BLOCK, podSetSliceSize: 1 },
            requests: cpu1,
            count: 1,
            wantReason:
              'podset slice topology cloud.com/topology-block is above the podset topology kubernetes.io/hostname',
          },
        ],
      },
    ],
    [
      'slice size is required when slice topology is requested',
      {
        nodes: defaultNodes,
        levels: THREE,
        podSets: [
          {
            topologyRequest: { required: BLOCK, podSetSliceRequiredTopology: HOST },
            requests: cpu1,
            count: 1,
            wantReason: 'slice topology requested, but slice size not provided',
          },
        ],
      },
    ],
    [
      'multi-layer topology: enough hostname slices but not enough rack slices',
      {
        nodes: [
          n('b1-r1-x1', 'b1', 'r1', 'x1', '4'),
          n('b1-r2-x2', 'b1', 'r2', 'x2', '4'),
          n('b1-r3-x3', 'b1', 'r3', 'x3', '4'),
        ],
        levels: THREE,
        podSets: [
          {
            topologyRequest: {
              required: BLOCK,
              podsetSliceRequiredTopologyConstraints: [
                { topology: RACK, size: 6 },
                { topology: HOST, size: 2 },
              ],
            },
            requests: cpu1,
            count: 12,
            wantReason:
              'topology "default" doesn\'t allow to fit; 0/2 slice(s) fit on level cloud.com/topology-rack; 6/6 slice(s) fit on level kubernetes.io/hostname',
          },
        ],
      },
    ],
    [
      'no assignment as node is not ready; BestFit',
      {
        nodes: [
          {
            name: 'b1-r1-x3',
            labels: { zone: 'zone-a', [HOST]: 'x3' },
            alloc: { cpu: '1', memory: '1Gi', pods: '10' },
            ready: false,
          },
        ],
        nodeLabels: { zone: 'zone-a' },
        levels: ONE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: cpu1,
            count: 1,
            wantReason: 'no topology domains at level: kubernetes.io/hostname',
          },
        ],
      },
    ],
    [
      'no assignment as node is unschedulable; BestFit',
      {
        nodes: [
          {
            name: 'b1-r1-x3',
            labels: { zone: 'zone-a', [HOST]: 'x3' },
            alloc: { cpu: '1', memory: '1Gi', pods: '10' },
            unschedulable: true,
          },
        ],
        nodeLabels: { zone: 'zone-a' },
        levels: ONE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: cpu1,
            count: 1,
            wantReason: 'no topology domains at level: kubernetes.io/hostname',
          },
        ],
      },
    ],
    [
      'only nodes with matching labels are considered; no matching node; BestFit',
      {
        nodes: [
          {
            name: 'b1-r1-x3',
            labels: { zone: 'zone-a', [HOST]: 'x3' },
            alloc: { cpu: '1', memory: '1Gi', pods: '10' },
            ready: false,
          },
        ],
        nodeLabels: { zone: 'zone-b' },
        levels: ONE,
        podSets: [
          {
            topologyRequest: { required: HOST },
            requests: cpu1,
            count: 1,
            wantReason: 'no topology domains at level: kubernetes.io/hostname',
          },
        ],
      },
    ],
    [
      'multiple PodSets account assumed pod usage against allocatable pods; BestFit',
      {
        nodes: [{ name: 'x1', labels: { [HOST]: 'x1' }, alloc: { cpu: '2', pods: '1' } }],
        levels: ONE,
        podSets: [
          {
            name: 'one',
            topologyRequest: { required: HOST },
            requests: cpu1,
            count: 1,
            want: { levels: ONE, domains: [[['x1'], 1]] },
          },
          {
            name: 'two',
            topologyRequest: { required: HOST },
            requests: cpu1,
            count: 1,
            wantReason:
              'topology "default" doesn\'t allow to fit any of 1 pod(s). Total nodes: 1; excluded: resource "pods": 1',
          },
        ],
      },
    ],
    [
      'find topology assignment for two podsets with the same group',
      {
        nodes: [
          {
            name: 'b1',
            labels: { [BLOCK]: 'b1' },
            alloc: { cpu: '2', 'example.com/gpu': '2', memory: '2Gi', pods: '10' },
          },
          { name: 'b2', labels: { [BLOCK]: 'b2' }, alloc: { cpu: '5', 'example.com/gpu': '4', pods: '10' } },
          { name: 'b3', labels: { [BLOCK]: 'b3' }, alloc: { cpu: '2', 'example.com/gpu': '2', pods: '10' } },
        ],
        levels: [BLOCK],
        podSets: [
          {
            name: 'leader',
            topologyRequest: { required: BLOCK },
            requests: cpu1,
            podSetGroupName: 'sameGroup',
            count: 1,
            want: { levels: [BLOCK], domains: [[['b2'], 1]] },
          },
          {
            name: 'workers',
            topologyRequest: { required: BLOCK },
            requests: { cpu: '1', 'example.com/gpu': '1' },
            podSetGroupName: 'sameGroup',
            count: 4,
            want: { levels: [BLOCK], domains: [[['b2'], 4]] },
          },
        ],
      },
    ],
    [
      'multiple podsets: rack required for both, different resource requests; BestFit',
      {
        nodes: [
          n('b1-r1-x3', 'b1', 'r1', 'x3', '10', '10', '1Gi'),
          n('b1-r2-x5', 'b1', 'r2', 'x5', '10', '10', '1Gi'),
          n('b1-r2-x1', 'b1', 'r2', 'x1', '10', '10', '1Gi'),
          n('b1-r2-x6', 'b1', 'r2', 'x6', '10', '10', '1Gi'),
          n('b2-r1-x2', 'b2', 'r1', 'x2', '10', '10', '1Gi'),
          n('b2-r2-x4', 'b2', 'r2', 'x4', '20', '40', '4Gi'),
        ],
        levels: TWO,
        podSets: [
          {
            name: 'podset1',
            topologyRequest: { required: RACK },
            requests: cpu1,
            count: 2,
            want: { levels: TWO, domains: [[['b1', 'r1'], 2]] },
          },
          {
            name: 'podset2',
            topologyRequest: { required: RACK },
            requests: { memory: '1Ki' },
            count: 1,
            want: { levels: TWO, domains: [[['b1', 'r1'], 1]] },
          },
        ],
      },
    ],
    [
      'multi-layer topology: block required; rack slices of 4; host slices of 2; TASMultiLayerTopology',
      {
        nodes: [
          n('b1-r1-x1', 'b1', 'r1', 'x1', '1'),
          n('b1-r1-x2', 'b1', 'r1', 'x2', '4'),
          n('b1-r2-x3', 'b1', 'r2', 'x3', '3'),
          n('b1-r2-x4', 'b1', 'r2', 'x4', '4'),
        ],
        levels: THREE,
        podSets: [
          {
            topologyRequest: {
              required: BLOCK,
              podsetSliceRequiredTopologyConstraints: [
                { topology: RACK, size: 4 },
                { topology: HOST, size: 2 },
              ],
            },
            requests: cpu1,
            count: 8,
            want: {
              levels: ONE,
              domains: [
                [['x2'], 4],
                [['x3'], 2],
                [['x4'], 2],
              ],
            },
          },
        ],
      },
    ],
    [
      'block required for podset; host required for slices; BestFit',
      {
        nodes: [
          n('b1-r1-x3', 'b1', 'r1', 'x3', '3'),
          n('b1-r1-x5', 'b1', 'r1', 'x5', '3'),
          n('b1-r1-x1', 'b1', 'r1', 'x1', '3'),
        ],
        levels: THREE,
        podSets: [
          {
            topologyRequest: { required: BLOCK, podSetSliceRequiredTopology: HOST, podSetSliceSize: 2 },
            requests: cpu1,
            count: 6,
            want: {
              levels: ONE,
              domains: [
                [['x1'], 2],
                [['x3'], 2],
                [['x5'], 2],
              ],
            },
          },
        ],
      },
    ],
    [
      'find topology assignment for two podsets with the same group - no fit',
      {
        nodes: [
          { name: 'b1', labels: { [BLOCK]: 'b1' }, alloc: { cpu: '1', 'example.com/gpu': '0', pods: '10' } },
          { name: 'b2', labels: { [BLOCK]: 'b2' }, alloc: { cpu: '4', 'example.com/gpu': '4', pods: '10' } },
        ],
        levels: [BLOCK],
        podSets: [
          {
            name: 'leader',
            topologyRequest: { required: BLOCK },
            requests: cpu1,
            podSetGroupName: 'sameGroup',
            count: 1,
            wantReason:
              'topology "default" allows to fit only 4 out of 4 pod(s). Total nodes: 2; excluded: resource "example.com/gpu": 1',
          },
          {
            name: 'workers',
            topologyRequest: { required: BLOCK },
            requests: { cpu: '1', 'example.com/gpu': '1' },
            podSetGroupName: 'sameGroup',
            count: 4,
            wantReason:
              'topology "default" allows to fit only 4 out of 4 pod(s). Total nodes: 2; excluded: resource "example.com/gpu": 1',
          },
        ],
      },
    ],
  ];
  for (const [name, c] of rows) it(name, () => run(c));
});

// ---------------------------------------------------------------------------------------------------------------
// Scheduler-level rows, played through simulate(). Upstream's already-admitted workloads are JobSets submitted at 0s
// (admitted by the simulated Kueue before the workload under test, submitted at 1s); the nodes are NodePools of one
// node (named <pool>-node-0, so host "x1" of upstream is "x1-node-0" here).

interface ConditionWrite {
  t: number;
  jobSet: string;
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** simulate() with KueueManager's Workload condition writes recorded (the run's output has no Workload objects). */
function sim(text: string): { events: LogRecord[]; conditions: ConditionWrite[] } {
  type SetCondition = (
    t: { jobSet: string },
    type: string,
    status: string,
    reason: string,
    message: string,
    w?: boolean,
  ) => void;
  const proto = KueueManager.prototype as unknown as { setCondition: SetCondition };
  const original = proto.setCondition;
  const conditions: ConditionWrite[] = [];
  const spy = vi.spyOn(proto, 'setCondition').mockImplementation(function (
    this: { ctx: { sim: { now: number } } },
    t,
    type,
    status,
    reason,
    message,
    w,
  ) {
    conditions.push({ t: this.ctx.sim.now / 1e6, jobSet: t.jobSet, type, status, reason, message });
    original.call(this, t, type, status, reason, message, w);
  });
  try {
    const { events } = simulate({ texts: [{ file: 'tas-case.yaml', text }] });
    return { events, conditions };
  } finally {
    spy.mockRestore();
  }
}

/** One node per pool, labelled tas-node=true (the TAS flavor's nodeLabels). */
function nodePool(name: string, cpu: string, extra = ''): string {
  return `---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: ${name}}
spec: {nodes: 1, resources: {cpu: "${cpu}", memory: 5Gi, pods: "10"}, labels: {tas-node: "true"${extra}}}
`;
}

/** upstream defaultSingleLevelTopology, defaultTASFlavor, and the tas-main ClusterQueue (cpu 50, memory 50Gi). */
function tasKueue(preemption = ''): string {
  return `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: Topology
metadata: {name: tas-single-level}
spec: {levels: [{nodeLabel: kubernetes.io/hostname}]}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: tas-default}
spec: {nodeLabels: {tas-node: "true"}, topologyName: tas-single-level}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: tas-main}
spec:
  namespaceSelector: {}
${preemption}  resourceGroups:
  - coveredResources: [cpu, memory]
    flavors: [{name: tas-default, resources: [{name: cpu, nominalQuota: 50}, {name: memory, nominalQuota: 50Gi}]}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: tas-main}
spec: {clusterQueue: tas-main}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: p1}
value: 1
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: p2}
value: 2
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: p3}
value: 3
`;
}

const WITHIN_LOWER = '  preemption: {withinClusterQueue: LowerPriority}\n';

/** A JobSet = upstream workload with one podset `one` of `pods` pods (one Job), each requesting `cpu`. */
function tasJobSet(o: {
  name: string;
  pods: number;
  cpu: string;
  at: string;
  annotations?: Record<string, string>;
  priority?: string;
  queue?: boolean;
}): string {
  const labels = [o.queue === false ? 'team: x' : 'kueue.x-k8s.io/queue-name: tas-main'];
  if (o.priority) labels.push(`kueue.x-k8s.io/priority-class: ${o.priority}`);
  const ann = Object.entries(o.annotations ?? {})
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  return `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${o.name}
  labels: {${labels.join(', ')}}
  annotations: {jobset-sim.dev/submit-at: ${o.at}, jobset-sim.dev/duration: 1h}
spec:
  replicatedJobs:
  - name: one
    replicas: 1
    template:
      spec:
        parallelism: ${o.pods}
        completions: ${o.pods}
        template:
          metadata: {annotations: {${ann}}}
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {requests: {cpu: "${o.cpu}"}}}]
`;
}

const SIM = `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: tas}
spec: {seed: 1, until: 2h}
`;
const REQ_HOST = { 'kueue.x-k8s.io/podset-required-topology': 'kubernetes.io/hostname' };
const PREF_HOST = { 'kueue.x-k8s.io/podset-preferred-topology': 'kubernetes.io/hostname' };

const firstQuotaReserved = (c: ConditionWrite[], jobSet: string) =>
  c.find((x) => x.jobSet === `default/${jobSet}` && x.type === 'QuotaReserved');
const admittedAt = (events: LogRecord[], jobSet: string) =>
  events.find((e) => e.type === 'WorkloadAdmitted' && e.jobSet === `default/${jobSet}`)?.t;

describe('spec/kueue.md §5.33 (scheduler_tas_test.go TestScheduleForTASPreemption)', () => {
  it('§5.33 ★ "low priority workload is preempted even though there is enough capacity, but fragmented": only low', () => {
    const { events, conditions } = sim(
      SIM +
        nodePool('x1', '5') +
        nodePool('y1', '5') +
        tasKueue(WITHIN_LOWER) +
        tasJobSet({
          name: 'mid-priority-admitted',
          pods: 1,
          cpu: '4',
          at: '0s',
          priority: 'p2',
          annotations: REQ_HOST,
        }) +
        tasJobSet({
          name: 'low-priority-admitted',
          pods: 1,
          cpu: '4',
          at: '0s',
          priority: 'p1',
          annotations: REQ_HOST,
        }) +
        tasJobSet({ name: 'foo', pods: 2, cpu: '1', at: '1s', priority: 'p3', annotations: REQ_HOST }),
    );
    // mid took x1 (best fit, first by name), low y1: one cpu free on each host, quota (50) plenty.
    const placed = events.filter((e) => e.type === 'WorkloadAdmitted' && e.t < 1).map((e) => [e.jobSet, e.topology]);
    expect(placed).toEqual([
      ['default/mid-priority-admitted', { one: [{ values: ['x1-node-0'], count: 1 }] }],
      ['default/low-priority-admitted', { one: [{ values: ['y1-node-0'], count: 1 }] }],
    ]);
    expect(firstQuotaReserved(conditions, 'foo')).toMatchObject({
      status: 'False',
      reason: 'WaitingForPreemptedWorkloads',
      message:
        'couldn\'t assign flavors to pod set one: topology "tas-single-level" allows to fit only 1 out of 2 pod(s). Pending the preemption of 1 workload(s)',
    });
    expect(events.filter((e) => e.type === 'WorkloadPreempted').map((e) => [e.jobSet, e.reason])).toEqual([
      ['default/low-priority-admitted', 'InClusterQueue'],
    ]);
    const fooAdmitted = events.find((e) => e.type === 'WorkloadAdmitted' && e.jobSet === 'default/foo')!;
    expect(fooAdmitted.topology).toEqual({ one: [{ values: ['y1-node-0'], count: 2 }] });
  });
});

describe('scheduler_tas_test.go TestScheduleForTASPreemption / TestScheduleForTAS (kueue ff69552e), ported rows', () => {
  it('"only low priority workload is preempted" (preferred hostname, 2 cpu vs a 5-cpu low-priority workload)', () => {
    const { events, conditions } = sim(
      SIM +
        nodePool('x1', '5') +
        tasKueue(WITHIN_LOWER) +
        tasJobSet({
          name: 'low-priority-admitted',
          pods: 1,
          cpu: '5',
          at: '0s',
          priority: 'p1',
          annotations: REQ_HOST,
        }) +
        tasJobSet({ name: 'foo', pods: 1, cpu: '2', at: '1s', priority: 'p3', annotations: PREF_HOST }),
    );
    expect(firstQuotaReserved(conditions, 'foo')).toMatchObject({
      reason: 'WaitingForPreemptedWorkloads',
      message:
        'couldn\'t assign flavors to pod set one: topology "tas-single-level" doesn\'t allow to fit any of 1 pod(s). Total nodes: 1; excluded: resource "cpu": 1. Pending the preemption of 1 workload(s)',
    });
    expect(events.filter((e) => e.type === 'WorkloadPreempted').map((e) => [e.jobSet, e.reason])).toEqual([
      ['default/low-priority-admitted', 'InClusterQueue'],
    ]);
    expect(admittedAt(events, 'foo')).toBeGreaterThan(1);
  });

  it('"workload requests topology level which is not present in topology": NoMatchingFlavor', () => {
    const { events, conditions } = sim(
      SIM +
        nodePool('x1', '1') +
        tasKueue() +
        tasJobSet({
          name: 'foo',
          pods: 1,
          cpu: '1',
          at: '0s',
          annotations: { 'kueue.x-k8s.io/podset-required-topology': 'cloud.com/non-existing' },
        }),
    );
    expect(firstQuotaReserved(conditions, 'foo')).toMatchObject({
      status: 'False',
      reason: 'NoMatchingFlavor',
      message: 'couldn\'t assign flavors to pod set one: Flavor "tas-default" does not contain the requested level',
    });
    expect(admittedAt(events, 'foo')).toBeUndefined();
  });

  it('"workload does not get scheduled as it does not fit within the node capacity": TopologyPlacementFailed', () => {
    const { events, conditions } = sim(
      SIM +
        nodePool('x1', '1') +
        tasKueue() +
        tasJobSet({ name: 'foo', pods: 2, cpu: '1', at: '0s', annotations: REQ_HOST }),
    );
    expect(firstQuotaReserved(conditions, 'foo')).toMatchObject({
      reason: 'TopologyPlacementFailed',
      message:
        'couldn\'t assign flavors to pod set one: topology "tas-single-level" allows to fit only 1 out of 2 pod(s)',
    });
    expect(admittedAt(events, 'foo')).toBeUndefined();
  });

  it('"workload does not get scheduled as the node capacity is already used by another TAS workload": WaitingForQuota', () => {
    const { events, conditions } = sim(
      SIM +
        nodePool('x1', '1') +
        tasKueue() +
        tasJobSet({ name: 'bar-admitted', pods: 1, cpu: '1', at: '0s', annotations: REQ_HOST }) +
        tasJobSet({ name: 'foo', pods: 1, cpu: '1', at: '1s', annotations: REQ_HOST }),
    );
    expect(firstQuotaReserved(conditions, 'foo')).toMatchObject({
      reason: 'WaitingForQuota',
      message:
        'couldn\'t assign flavors to pod set one: topology "tas-single-level" doesn\'t allow to fit any of 1 pod(s). Total nodes: 1; excluded: resource "cpu": 1',
    });
    // admitted once bar-admitted finished (1h) and released its domain
    expect(admittedAt(events, 'foo')).toBeGreaterThan(3600);
  });

  it('"workload does not get scheduled as the node capacity is already used by a non-TAS pod": TopologyPlacementFailed', () => {
    const { events, conditions } = sim(
      SIM +
        nodePool('x1', '1') +
        tasKueue() +
        tasJobSet({ name: 'plain', pods: 1, cpu: '600m', at: '0s', queue: false }) +
        tasJobSet({ name: 'foo', pods: 1, cpu: '1', at: '1s', annotations: REQ_HOST }),
    );
    expect(firstQuotaReserved(conditions, 'foo')).toMatchObject({
      reason: 'TopologyPlacementFailed',
      message:
        'couldn\'t assign flavors to pod set one: topology "tas-single-level" doesn\'t allow to fit any of 1 pod(s). Total nodes: 1; excluded: resource "cpu": 1',
    });
    expect(admittedAt(events, 'foo')).toBeGreaterThan(3600); // once the non-TAS pod is gone
  });

  it('"workload which does not specify TAS annotation uses the only TAS flavor": implied TAS, admitted on x1', () => {
    const { events } = sim(
      SIM + nodePool('x1', '1') + tasKueue() + tasJobSet({ name: 'foo', pods: 1, cpu: '1', at: '0s' }),
    );
    const a = events.find((e) => e.type === 'WorkloadAdmitted')!;
    expect(a.flavors).toEqual({ one: { cpu: 'tas-default' } });
    expect(a.topology).toEqual({ one: [{ values: ['x1-node-0'], count: 1 }] });
  });
});
