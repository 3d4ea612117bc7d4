// Conformance tables for src/scheduler/scores.ts, mirroring kubernetes/kubernetes
// pkg/scheduler/framework/plugins/{noderesources,tainttoleration,nodeaffinity,helper} tests. Each case carries the
// upstream test name and its exact integer scores (spec §7.6). Upstream writes "cpu": "4000" (4000 cores) and
// "memory": "10000" (bytes); the same strings are used here.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type {
  Container,
  Node,
  Pod,
  PreferredSchedulingTerm,
  ResourceList,
  Taint,
  Toleration,
} from '../../../src/api/core.js';
import { NodeInfo, requestsOf } from '../../../src/scheduler/node-info.js';
import {
  balancedAllocationScore,
  balancedResourceScorer,
  brokenLinearFunction,
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_SCORE_RESOURCES,
  DEFAULT_SCORE_WEIGHTS,
  defaultNormalizeScore,
  leastAllocatedScore,
  leastRequestedScore,
  MAX_NODE_SCORE,
  mostAllocatedScore,
  mostRequestedScore,
  nodeAffinityScores,
  nonZeroPodRequests,
  type ResourceSpec,
  requestedToCapacityRatioScore,
  taintTolerationScores,
  weightedTotal,
} from '../../../src/scheduler/scores.js';

// ---------------------------------------------------------------------------------------------------------
// Builders (st.MakePod / st.MakeNode equivalents)

let seq = 0;
function meta(name: string, labels?: Record<string, string>) {
  return { name, uid: `uid-${name}-${seq++}`, resourceVersion: '1', creationTimestamp: 0, labels };
}

/** st.MakePod().Req(r1).Req(r2)…: one container per request list; no argument = a pod with no containers. */
function pod(...reqs: ResourceList[]): Pod {
  const containers: Container[] = reqs.map((r, i) => ({ name: `c${i}`, resources: { requests: r } }));
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta('p'), spec: { containers }, status: { phase: 'Pending' } };
}

/** st.MakePod().Container("container"): one container without requests. */
function podWithEmptyContainer(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('p'),
    spec: { containers: [{ name: 'container' }] },
    status: { phase: 'Pending' },
  };
}

function node(name: string, allocatable: ResourceList = {}, labels?: Record<string, string>, taints?: Taint[]): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, labels),
    spec: { taints },
    status: { allocatable, capacity: allocatable, conditions: [] },
  };
}

function info(n: Node, existing: Pod[] = []): NodeInfo {
  const ni = new NodeInfo(n);
  for (const p of existing) ni.add(p, requestsOf(p));
  return ni;
}

const EXT = 'abc.com/xyz';
const EXTENDED_SET: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
  { name: EXT, weight: 1 },
];
const TWO_CONTAINERS: ResourceList[] = [
  { cpu: '1000', memory: '2000' },
  { cpu: '2000', memory: '3000' },
];

interface Case {
  name: string;
  pod: Pod;
  nodes: NodeInfo[];
  resources?: ResourceSpec[];
  want: number[];
}

// ---------------------------------------------------------------------------------------------------------
// least_allocated_test.go TestLeastAllocatedScoringStrategy

const leastCases: Case[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: pod(),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' })),
      info(node('node2', { cpu: '4000', memory: '10000' })),
    ],
    want: [100, 100],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' })),
      info(node('node2', { cpu: '6000', memory: '10000' })),
    ],
    want: [37, 50],
  },
  {
    name: 'no resources requested, pods scheduled',
    pod: pod(),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' }), [pod(), pod()]),
      info(node('node2', { cpu: '4000', memory: '10000' }), [pod(), pod()]),
    ],
    want: [100, 100],
  },
  {
    name: 'no resources requested, pods scheduled with resources',
    pod: pod(),
    nodes: [
      info(node('node1', { cpu: '10000', memory: '20000' }), [
        pod({ cpu: '3000', memory: '0' }),
        pod({ cpu: '3000', memory: '0' }),
      ]),
      info(node('node2', { cpu: '10000', memory: '20000' }), [
        pod({ cpu: '3000', memory: '0' }),
        pod({ cpu: '3000', memory: '5000' }),
      ]),
    ],
    want: [70, 57],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '10000', memory: '20000' }), [pod({ cpu: '3000', memory: '0' })]),
      info(node('node2', { cpu: '10000', memory: '20000' }), [pod({ cpu: '3000', memory: '5000' })]),
    ],
    want: [57, 45],
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '10000', memory: '20000' }), [pod({ cpu: '3000', memory: '0' })]),
      info(node('node2', { cpu: '10000', memory: '50000' }), [pod({ cpu: '3000', memory: '5000' })]),
    ],
    want: [57, 60],
  },
  {
    name: 'requested resources exceed node capacity',
    pod: pod({ cpu: '3000', memory: '0' }),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' }), [pod({ cpu: '3000', memory: '0' })]),
      info(node('node2', { cpu: '4000', memory: '10000' }), [pod({ cpu: '3000', memory: '5000' })]),
    ],
    want: [50, 25],
  },
  {
    name: 'zero node resources, pods scheduled with resources',
    pod: pod(),
    nodes: [
      info(node('node1'), [pod({ cpu: '3000', memory: '0' })]),
      info(node('node2'), [pod({ cpu: '3000', memory: '5000' })]),
    ],
    want: [0, 0],
  },
  {
    name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' })),
      info(node('node2', { cpu: '6000', memory: '10000' })),
    ],
    resources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    want: [41, 50],
  },
  {
    name: 'bypass extended resource if the pod does not request',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '6000', memory: '10000' })),
      info(node('node2', { cpu: '6000', memory: '10000', [EXT]: '4' })),
    ],
    resources: EXTENDED_SET,
    want: [50, 50],
  },
  {
    name: 'honor extended resource if the pod requests',
    pod: pod({ cpu: '3000', memory: '5000', [EXT]: '2' }),
    nodes: [
      info(node('node1', { cpu: '6000', memory: '10000', [EXT]: '4' })),
      info(node('node2', { cpu: '6000', memory: '10000', [EXT]: '10' })),
    ],
    resources: EXTENDED_SET,
    want: [50, 60],
  },
];

describe('NodeResourcesFit LeastAllocated (least_allocated_test.go)', () => {
  it.each(leastCases)('$name', (c) => {
    expect(c.nodes.map((n) => leastAllocatedScore(c.pod, n, c.resources))).toEqual(c.want);
  });
});

// ---------------------------------------------------------------------------------------------------------
// most_allocated_test.go TestMostAllocatedScoringStrategy

const mostCases: Case[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: pod(),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' })),
      info(node('node2', { cpu: '4000', memory: '10000' })),
    ],
    want: [0, 0],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' })),
      info(node('node2', { cpu: '6000', memory: '10000' })),
    ],
    want: [62, 50],
  },
  {
    name: 'no resources requested, pods scheduled with resources',
    pod: pod(),
    nodes: [
      info(node('node1', { cpu: '10000', memory: '20000' }), [
        pod({ cpu: '3000', memory: '0' }),
        pod({ cpu: '3000', memory: '0' }),
      ]),
      info(node('node2', { cpu: '10000', memory: '20000' }), [
        pod({ cpu: '3000', memory: '0' }),
        pod({ cpu: '3000', memory: '5000' }),
      ]),
    ],
    want: [30, 42],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '10000', memory: '20000' }), [pod({ cpu: '3000', memory: '0' })]),
      info(node('node2', { cpu: '10000', memory: '20000' }), [pod({ cpu: '3000', memory: '5000' })]),
    ],
    want: [42, 55],
  },
  {
    name: 'resources requested equal node capacity',
    pod: pod({ cpu: '2000', memory: '4000' }, { cpu: '3000', memory: '5000' }),
    nodes: [
      info(node('node1', { cpu: '5000', memory: '10000' })),
      info(node('node2', { cpu: '10000', memory: '9000' })),
    ],
    want: [95, 75],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes (memory weight 2)',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '4000', memory: '10000' })),
      info(node('node2', { cpu: '6000', memory: '10000' })),
    ],
    resources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    want: [58, 50],
  },
  {
    name: 'no resources requested, pods scheduled, nonzero request for resource',
    pod: podWithEmptyContainer(),
    nodes: [
      info(node('node1', { cpu: '250m', memory: '1000Mi' }), [podWithEmptyContainer(), podWithEmptyContainer()]),
      info(node('node2', { cpu: '250m', memory: '1000Mi' })),
    ],
    want: [80, 30],
  },
  {
    name: 'bypass extended resource if the pod does not request',
    pod: pod(...TWO_CONTAINERS),
    nodes: [
      info(node('node1', { cpu: '6000', memory: '10000' })),
      info(node('node2', { cpu: '6000', memory: '10000', [EXT]: '4' })),
    ],
    resources: EXTENDED_SET,
    want: [50, 50],
  },
  {
    name: 'honor extended resource if the pod request',
    pod: pod({ cpu: '3000', memory: '5000', [EXT]: '2' }),
    nodes: [
      info(node('node1', { cpu: '6000', memory: '10000', [EXT]: '4' })),
      info(node('node2', { cpu: '6000', memory: '10000', [EXT]: '10' })),
    ],
    resources: EXTENDED_SET,
    want: [50, 40],
  },
  {
    name: "if the node doesn't have a resource",
    pod: pod({ cpu: '3000', memory: '4000' }),
    nodes: [
      info(node('node1', { cpu: '6000', memory: '10000' })),
      info(node('node2', { cpu: '6000', memory: '10000', [EXT]: '4' })),
    ],
    resources: [
      { name: EXT, weight: 2 },
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
    want: [45, 45],
  },
];

describe('NodeResourcesFit MostAllocated (most_allocated_test.go)', () => {
  it.each(mostCases)('$name', (c) => {
    expect(c.nodes.map((n) => mostAllocatedScore(c.pod, n, c.resources))).toEqual(c.want);
  });
});

// ---------------------------------------------------------------------------------------------------------
// requested_to_capacity_ratio_test.go

describe('NodeResourcesFit RequestedToCapacityRatio (requested_to_capacity_ratio_test.go)', () => {
  const leastShape = requestedToCapacityRatioScore([
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ]);
  const rtcrCases: Case[] = [
    {
      name: 'nothing scheduled, nothing requested (default - least requested nodes have priority)',
      pod: pod(),
      nodes: [
        info(node('node1', { cpu: '4000', memory: '10000' }), [pod(), pod()]),
        info(node('node2', { cpu: '4000', memory: '10000' })),
      ],
      want: [100, 100],
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)',
      pod: pod(...TWO_CONTAINERS),
      nodes: [
        info(node('node1', { cpu: '4000', memory: '10000' }), [pod(), pod()]),
        info(node('node2', { cpu: '6000', memory: '10000' })),
      ],
      want: [38, 50],
    },
    {
      name: 'no resources requested, pods scheduled with resources (default - least requested nodes have priority)',
      pod: pod(),
      nodes: [
        info(node('node1', { cpu: '4000', memory: '10000' }), [pod({ cpu: '3000', memory: '5000' })]),
        info(node('node2', { cpu: '6000', memory: '10000' }), [pod({ cpu: '3000', memory: '5000' })]),
      ],
      want: [38, 50],
    },
  ];
  it.each(rtcrCases)('TestRequestedToCapacityRatioScoringStrategy: $name', (c) => {
    expect(c.nodes.map((n) => leastShape(c.pod, n))).toEqual(c.want);
  });

  // TestResourceBinPackingSingleExtended: shape (0,0) (100,1), resources intel.com/foo weight 1;
  // makeNode(name, 4000 milli-cpu, 10000 MiB, {intel.com/foo: n}).
  const FOO = 'intel.com/foo';
  const binPack = requestedToCapacityRatioScore(
    [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ],
    [{ name: FOO, weight: 1 }],
  );
  const fooNode = (name: string, foo: number) => node(name, { cpu: '4', memory: `${10000 * 1024 * 1024}`, [FOO]: foo });
  const singleCases: Case[] = [
    {
      name: 'nothing scheduled, nothing requested',
      pod: pod(),
      nodes: [info(fooNode('node1', 8)), info(fooNode('node2', 4))],
      want: [0, 0],
    },
    {
      name: 'resources requested, pods scheduled with less resources',
      pod: pod({ [FOO]: '2' }),
      nodes: [info(fooNode('node1', 8)), info(fooNode('node2', 4))],
      want: [2, 5],
    },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running',
      pod: pod({ [FOO]: '2' }),
      nodes: [info(fooNode('node1', 8)), info(fooNode('node2', 4), [pod({ [FOO]: '2' })])],
      want: [2, 10],
    },
    {
      name: 'resources requested, pods scheduled with more resources',
      pod: pod({ [FOO]: '4' }),
      nodes: [info(fooNode('node1', 8)), info(fooNode('node2', 4))],
      want: [5, 10],
    },
  ];
  it.each(singleCases)('TestResourceBinPackingSingleExtended: $name', (c) => {
    expect(c.nodes.map((n) => binPack(c.pod, n))).toEqual(c.want);
  });

  // TestBrokenLinearFunction
  it.each([
    {
      name: 'case_0',
      points: [
        { utilization: 10, score: 1 },
        { utilization: 90, score: 9 },
      ],
      asserts: [
        [-10, 1],
        [0, 1],
        [9, 1],
        [10, 1],
        [15, 1],
        [19, 1],
        [20, 2],
        [89, 8],
        [90, 9],
        [99, 9],
        [100, 9],
        [110, 9],
      ],
    },
    {
      name: 'case_1',
      points: [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 10 },
        { utilization: 100, score: 0 },
      ],
      asserts: [
        [-10, 2],
        [0, 2],
        [20, 6],
        [30, 8],
        [40, 10],
        [70, 5],
        [100, 0],
        [110, 0],
      ],
    },
    {
      name: 'case_2',
      points: [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 2 },
        { utilization: 100, score: 2 },
      ],
      asserts: [
        [-10, 2],
        [0, 2],
        [20, 2],
        [30, 2],
        [40, 2],
        [70, 2],
        [100, 2],
        [110, 2],
      ],
    },
  ])('TestBrokenLinearFunction $name', ({ points, asserts }) => {
    const f = brokenLinearFunction(points);
    expect(asserts.map(([p]) => f(p as number))).toEqual(asserts.map(([, want]) => want));
  });
});

// ---------------------------------------------------------------------------------------------------------
// balanced_allocation_test.go. Upstream's pre-#135573 expectations use the legacy formula; the current formula
// (50 + (50 + withPod − withoutPod) / 2) is derived here from the same fixtures.

describe('NodeResourcesBalancedAllocation (balanced_allocation_test.go)', () => {
  const differentlySized = () => [
    info(node('node1', { cpu: '4000', memory: '10000' })),
    info(node('node2', { cpu: '6000', memory: '10000' })),
  ];
  const withExisting = () => [
    info(node('node1', { cpu: '10000', memory: '20000' }), [pod({ cpu: '3000', memory: '0' })]),
    info(node('node2', { cpu: '10000', memory: '20000' }), [pod({ cpu: '3000', memory: '5000' })]),
  ];

  it('legacy: nothing scheduled, resources requested, differently sized nodes', () => {
    const p = pod(...TWO_CONTAINERS);
    // node1: |0.75 − 0.5| / 2 = 0.125 → 87; node2: 0.5 and 0.5 → 100
    expect(
      differentlySized().map((n) => balancedAllocationScore(p, n, DEFAULT_SCORE_RESOURCES, { legacy: true })),
    ).toEqual([87, 100]);
  });

  it('legacy: resources requested, pods scheduled with resources', () => {
    const p = pod({ cpu: '3000', memory: '5000' });
    // node1: 0.6 / 0.25 → 82; node2: 0.6 / 0.5 → 95
    expect(withExisting().map((n) => balancedAllocationScore(p, n, DEFAULT_SCORE_RESOURCES, { legacy: true }))).toEqual(
      [82, 95],
    );
  });

  it('current: nothing scheduled, resources requested, differently sized nodes', () => {
    const p = pod(...TWO_CONTAINERS);
    // without pod both nodes are perfectly balanced (100): node1 50 + (50 + 87 − 100) / 2 = 68; node2 75
    expect(differentlySized().map((n) => balancedAllocationScore(p, n))).toEqual([68, 75]);
  });

  it('current: resources requested, pods scheduled with resources', () => {
    const p = pod({ cpu: '3000', memory: '5000' });
    // node1: without pod 0.3 / 0 → 85, with 82 → 50 + 47/2 = 73; node2: without 0.3 / 0.25 → 97, with 95 → 74
    expect(withExisting().map((n) => balancedAllocationScore(p, n))).toEqual([73, 74]);
  });

  it('best-effort pod is skipped (PreScore Skip → 0), and non-zero defaults are not applied', () => {
    expect(balancedAllocationScore(podWithEmptyContainer(), info(node('n', { cpu: '4', memory: '8Gi' })))).toBe(0);
  });

  it('balance change extremes: 100 from perfectly unbalanced to balanced, 50 the reverse, 75 unchanged', () => {
    expect(balancedResourceScorer([4, 4], [4, 0], [4, 4])).toBe(100);
    expect(balancedResourceScorer([4, 0], [0, 0], [4, 4])).toBe(50);
    expect(balancedResourceScorer([2, 2], [1, 1], [4, 4])).toBe(75);
  });
});

// ---------------------------------------------------------------------------------------------------------
// taint_toleration_test.go TestTaintTolerationScore (Gt/Lt cases omitted: not in core.ts Toleration)

describe('TaintToleration score (taint_toleration_test.go)', () => {
  const tolPod = (tolerations: Toleration[]): Pod => ({ ...pod(), spec: { containers: [], tolerations } });
  const pns = (key: string, value: string): Taint => ({ key, value, effect: 'PreferNoSchedule' });
  const cases: { name: string; pod: Pod; nodes: Node[]; want: number[] }[] = [
    {
      name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      pod: tolPod([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      nodes: [node('nodeA', {}, {}, [pns('foo', 'bar')]), node('nodeB', {}, {}, [pns('foo', 'blah')])],
      want: [100, 0],
    },
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      pod: tolPod([
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' },
      ]),
      nodes: [
        node('nodeA', {}, {}, []),
        node('nodeB', {}, {}, [pns('cpu-type', 'arm64')]),
        node('nodeC', {}, {}, [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]),
      ],
      want: [100, 100, 100],
    },
    {
      name: 'the more intolerable taints a node has, the lower score it gets.',
      pod: tolPod([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      nodes: [
        node('nodeA', {}, {}, []),
        node('nodeB', {}, {}, [pns('cpu-type', 'arm64')]),
        node('nodeC', {}, {}, [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]),
      ],
      want: [100, 50, 0],
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      pod: tolPod([
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
      ]),
      nodes: [
        node('nodeA', {}, {}, []),
        node('nodeB', {}, {}, [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }]),
        node('nodeC', {}, {}, [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]),
      ],
      want: [100, 100, 0],
    },
    {
      name: 'Default behaviour No taints and tolerations, lands on node with no taints',
      pod: tolPod([]),
      nodes: [node('nodeA', {}, {}, []), node('nodeB', {}, {}, [pns('cpu-type', 'arm64')])],
      want: [100, 0],
    },
  ];
  it.each(cases)('$name', (c) => {
    expect(taintTolerationScores(c.pod, c.nodes)).toEqual(c.want);
  });
});

// ---------------------------------------------------------------------------------------------------------
// node_affinity_test.go TestNodeAffinityPriority

describe('NodeAffinity score (node_affinity_test.go)', () => {
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label4 = { abc: 'az11', def: 'az22' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  const affPod = (terms?: PreferredSchedulingTerm[]): Pod => ({
    ...pod(),
    spec: {
      containers: [],
      affinity: terms ? { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } } : undefined,
    },
  });
  const affinity1: PreferredSchedulingTerm[] = [
    { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
  ];
  const affinity3: PreferredSchedulingTerm[] = [
    { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
    { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
    {
      weight: 5,
      preference: {
        matchExpressions: [
          { key: 'foo', operator: 'In', values: ['bar'] },
          { key: 'key', operator: 'In', values: ['value'] },
          { key: 'az', operator: 'In', values: ['az1'] },
        ],
      },
    },
  ];
  const cases: { name: string; pod: Pod; nodes: Node[]; want: number[] }[] = [
    {
      name: 'all nodes are same priority as NodeAffinity is nil',
      pod: affPod(),
      nodes: [node('node1', {}, label1), node('node2', {}, label2), node('node3', {}, label3)],
      want: [0, 0, 0],
    },
    {
      name: 'no node matches preferred scheduling requirements in NodeAffinity of pod',
      pod: affPod(affinity1),
      nodes: [node('node1', {}, label4), node('node2', {}, label2), node('node3', {}, label3)],
      want: [0, 0, 0],
    },
    {
      name: 'only node1 matches the preferred scheduling requirements of pod',
      pod: affPod(affinity1),
      nodes: [node('node1', {}, label1), node('node2', {}, label2), node('node3', {}, label3)],
      want: [100, 0, 0],
    },
    {
      name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities ',
      pod: affPod(affinity3),
      nodes: [node('node1', {}, label1), node('node5', {}, label5), node('node2', {}, label2)],
      want: [18, 100, 36],
    },
  ];
  it.each(cases)('$name', (c) => {
    expect(nodeAffinityScores(c.pod, c.nodes)).toEqual(c.want);
  });
});

// ---------------------------------------------------------------------------------------------------------
// normalize_score_test.go TestDefaultNormalizeScore

describe('DefaultNormalizeScore (normalize_score_test.go)', () => {
  it.each([
    { name: 'case_0', reverse: false, scores: [1, 2, 3, 4], want: [25, 50, 75, 100] },
    { name: 'case_1', reverse: true, scores: [1, 2, 3, 4], want: [75, 50, 25, 0] },
    { name: 'case_2', reverse: false, scores: [1000, 10, 20, 30], want: [100, 1, 2, 3] },
    { name: 'case_3', reverse: true, scores: [1000, 10, 20, 30], want: [0, 99, 98, 97] },
    { name: 'case_4', reverse: false, scores: [1, 1, 1, 1], want: [100, 100, 100, 100] },
    { name: 'case_5', reverse: false, scores: [1000, 1, 1, 1], want: [100, 0, 0, 0] },
    { name: 'case_6', reverse: true, scores: [0, 1, 1, 1], want: [100, 0, 0, 0] },
  ])('$name', ({ reverse, scores, want }) => {
    expect(defaultNormalizeScore(MAX_NODE_SCORE, reverse, scores)).toEqual(want);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Defaults

describe('defaults', () => {
  it('DEFAULT_SCORE_WEIGHTS is the v1 default profile (spec §3.1); max total 1200', () => {
    expect(DEFAULT_SCORE_WEIGHTS).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesFit: 1,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
    const all100 = Object.fromEntries(Object.keys(DEFAULT_SCORE_WEIGHTS).map((k) => [k, 100]));
    expect(weightedTotal(all100)).toBe(1200);
  });

  it('non-zero requests: a container missing cpu/memory is charged 100m / 200Mi, an explicit 0 stays 0', () => {
    const r = nonZeroPodRequests({ containers: [{ name: 'a' }, { name: 'b', resources: { requests: { cpu: '0' } } }] });
    expect(r.get('cpu')).toBe(100);
    expect(r.get('memory')).toBe(2 * DEFAULT_MEMORY_REQUEST * 1000);
    expect(nonZeroPodRequests({ containers: [] }).size).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

describe('properties', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 })])(
    'single resource: least and most lie in 0..100 and sum to 100 or 99 (100 when exact, 0 + 100 when over)',
    (req, cap) => {
      const l = leastRequestedScore(req, cap);
      const m = mostRequestedScore(req, cap);
      expect(l).toBeGreaterThanOrEqual(0);
      expect(l).toBeLessThanOrEqual(100);
      expect(m).toBeGreaterThanOrEqual(0);
      expect(m).toBeLessThanOrEqual(100);
      if (req >= cap) expect([l, m]).toEqual([0, 100]);
      else expect(l + m === 100 || l + m === 99).toBe(true);
      if ((req * 100) % cap === 0 && req <= cap) expect(l + m).toBe(100);
    },
  );

  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 64 })), {
      minLength: 0,
      maxLength: 4,
    }),
    fc.integer({ min: 1, max: 64 }),
    fc.integer({ min: 1, max: 256 }),
  ])('pod × node scores stay within 0..100', (existing, podCpu, podMemGi) => {
    const n = info(
      node('n', { cpu: '32', memory: '128Gi' }),
      existing.map(([c, m]) => pod({ cpu: `${c}`, memory: `${m}Gi` })),
    );
    const p = pod({ cpu: `${podCpu}`, memory: `${podMemGi}Gi` });
    const rtcr = requestedToCapacityRatioScore([
      { utilization: 0, score: 0 },
      { utilization: 100, score: 10 },
    ]);
    for (const s of [leastAllocatedScore(p, n), mostAllocatedScore(p, n), balancedAllocationScore(p, n), rtcr(p, n)]) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100);
    }
  });
});
