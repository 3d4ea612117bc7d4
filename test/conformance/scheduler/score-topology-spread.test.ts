// PodTopologySpread scoring (src/scheduler/score-topology-spread.ts), mirroring kubernetes/kubernetes
// pkg/scheduler/framework/plugins/podtopologyspread/scoring_test.go: TestPodTopologySpreadScore,
// TestPreScoreStateEmptyNodes and TestPreScoreSkip. Each case carries the upstream test name; score cases assert
// the exact normalised score of every candidate node, state cases the PreScore state. As upstream, `nodes` are the
// candidates and `failedNodes` the rest of the cluster. NodeInclusionPolicyInPodTopologySpread and
// MatchLabelKeysInPodTopologySpread are GA, so they are always on here.
// Not ported: the cases that need system/List default constraints (a Service or ReplicaSet selector; see
// SYSTEM_DEFAULT_CONSTRAINTS) and "matchLabelKeys ignored when feature gate disabled".
import { describe, expect, it } from 'vitest';
import type { LabelSelector, Taint } from '../../../src/api/core.js';
import {
  LABEL_HOSTNAME,
  LABEL_TOPOLOGY_ZONE,
  podTopologySpreadNormalizeScore,
  podTopologySpreadPreScore,
  podTopologySpreadScores,
  SYSTEM_DEFAULT_CONSTRAINTS,
  scoreForCount,
  topologyNormalizingWeight,
} from '../../../src/scheduler/score-topology-spread.js';
import type {
  NodeInclusionPolicy,
  SpreadExistingPod,
  SpreadNode,
  SpreadPod,
  TopologySpreadConstraint,
  UnsatisfiableConstraintAction,
} from '../../../src/scheduler/topology-spread.js';

const H = LABEL_HOSTNAME;
const fooSelector: LabelSelector = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };
const barSelector: LabelSelector = { matchExpressions: [{ key: 'bar', operator: 'Exists' }] };
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];

/** st.MakePod().SpreadConstraint(maxSkew, key, action, selector, minDomains, nodeAffinityPolicy, nodeTaintsPolicy, matchLabelKeys). */
function sc(
  maxSkew: number,
  topologyKey: string,
  whenUnsatisfiable: UnsatisfiableConstraintAction,
  labelSelector: LabelSelector | undefined,
  extra: {
    minDomains?: number;
    nodeAffinityPolicy?: NodeInclusionPolicy;
    nodeTaintsPolicy?: NodeInclusionPolicy;
    matchLabelKeys?: string[];
  } = {},
): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable, ...(labelSelector ? { labelSelector } : {}), ...extra };
}

function pod(
  labels: Record<string, string>,
  constraints: TopologySpreadConstraint[],
  extra: Partial<SpreadPod> = {},
): SpreadPod {
  return { namespace: 'default', labels, topologySpreadConstraints: constraints, ...extra };
}

function node(name: string, labels: Record<string, string>, nodeTaints?: Taint[]): SpreadNode {
  return { name, labels, pods: [], ...(nodeTaints ? { taints: nodeTaints } : {}) };
}

/** An existing pod on a node: [nodeName, labels, extra]. */
type Placed = [string, Record<string, string>, Partial<SpreadExistingPod>?];

/** cache.NewSnapshot(existingPods, nodes ∪ failedNodes), then the candidates and all nodes with their pods. */
function snapshot(nodes: SpreadNode[], failedNodes: SpreadNode[], pods: Placed[]): [SpreadNode[], SpreadNode[]] {
  const all = [...nodes, ...failedNodes].map((n) => ({ ...n, pods: [] as SpreadExistingPod[] }));
  const byName = new Map(all.map((n) => [n.name, n]));
  for (const [nodeName, labels, extra] of pods) {
    byName.get(nodeName)!.pods.push({ namespace: 'default', labels, ...extra });
  }
  return [all.slice(0, nodes.length), all];
}

/** `n` pods named after a node, each labelled foo="". */
const foo = (nodeName: string, n: number): Placed[] => Array.from({ length: n }, () => [nodeName, { foo: '' }]);

interface ScoreCase {
  name: string;
  pod: SpreadPod;
  existingPods?: Placed[];
  nodes: SpreadNode[];
  failedNodes?: SpreadNode[];
  want: number[];
}

describe('TestPodTopologySpreadScore', () => {
  const hostnameNodes = (...names: string[]) => names.map((n) => node(n, { [H]: n }));
  const zoneNodes = (...spec: [string, string][]) => spec.map(([n, z]) => node(n, { zone: z, [H]: n }));
  const foo1 = pod({ foo: '' }, [sc(1, H, 'ScheduleAnyway', fooSelector)]);
  const zoneFooHostBar = pod({ foo: '', bar: '' }, [
    sc(1, 'zone', 'ScheduleAnyway', fooSelector),
    sc(1, H, 'ScheduleAnyway', barSelector),
  ]);
  const policyNodes = () => [
    node('node-a', { node: 'node-a', foo: '' }),
    node('node-b', { node: 'node-b', foo: '' }),
    node('node-c', { node: 'node-c' }),
  ];
  const policyPods = (): Placed[] => [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-c', 1)];
  const nodeAffinityFoo = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In' as const, values: [''] }] }],
      },
    },
  };

  const cases: ScoreCase[] = [
    {
      name: 'one constraint on node, no existing pods',
      pod: foo1,
      nodes: hostnameNodes('node-a', 'node-b'),
      want: [100, 100],
    },
    {
      name: 'one constraint on node, only one node is candidate',
      pod: foo1,
      existingPods: [...foo('node-a', 2), ...foo('node-b', 1)],
      nodes: hostnameNodes('node-a'),
      failedNodes: hostnameNodes('node-b'),
      want: [100],
    },
    {
      name: 'one constraint on node, all nodes have the same number of matching pods',
      pod: foo1,
      existingPods: [...foo('node-a', 1), ...foo('node-b', 1)],
      nodes: hostnameNodes('node-a', 'node-b'),
      want: [100, 100],
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates',
      pod: foo1,
      existingPods: [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-d', 3)],
      nodes: hostnameNodes('node-a', 'node-b', 'node-c', 'node-d'),
      failedNodes: [],
      want: [20, 60, 100, 0],
    },
    {
      name: 'one constraint on node, null selector',
      pod: pod({ foo: '' }, [sc(1, H, 'ScheduleAnyway', undefined)]),
      existingPods: [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-d', 3)],
      nodes: hostnameNodes('node-a', 'node-b', 'node-c', 'node-d'),
      want: [100, 100, 100, 100],
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
      pod: pod({ foo: '' }, [sc(2, H, 'ScheduleAnyway', fooSelector)]),
      existingPods: [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-d', 3)],
      nodes: hostnameNodes('node-a', 'node-b', 'node-c', 'node-d'),
      failedNodes: [],
      want: [33, 66, 100, 16],
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
      pod: pod({ foo: '' }, [sc(3, H, 'ScheduleAnyway', fooSelector)]),
      existingPods: [...foo('node-a', 4), ...foo('node-b', 3), ...foo('node-c', 2), ...foo('node-d', 1)],
      nodes: hostnameNodes('node-a', 'node-b', 'node-c', 'node-d'),
      failedNodes: [],
      want: [44, 66, 77, 100],
    },
    {
      name: 'one constraint on node, 3 out of 4 nodes are candidates',
      pod: foo1,
      existingPods: [...foo('node-a', 4), ...foo('node-b', 2), ...foo('node-x', 1), ...foo('node-y', 3)],
      nodes: hostnameNodes('node-a', 'node-b', 'node-x'),
      failedNodes: hostnameNodes('node-y'),
      want: [33, 83, 100],
    },
    {
      name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
      pod: foo1,
      existingPods: [...foo('node-a', 4), ...foo('node-b', 2), ...foo('node-x', 1), ...foo('node-y', 3)],
      nodes: [node('node-a', { [H]: 'node-a' }), node('node-b', { n: 'node-b' }), node('node-x', { [H]: 'node-x' })],
      failedNodes: hostnameNodes('node-y'),
      want: [16, 0, 100],
    },
    {
      name: 'one constraint on zone, 3 out of 4 nodes are candidates',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', fooSelector)]),
      existingPods: [...foo('node-a', 4), ...foo('node-b', 2), ...foo('node-x', 1), ...foo('node-y', 3)],
      nodes: zoneNodes(['node-a', 'zone1'], ['node-b', 'zone1'], ['node-x', 'zone2']),
      failedNodes: zoneNodes(['node-y', 'zone2']),
      want: [75, 75, 100],
    },
    {
      name: 'two Constraints on zone and node, 2 out of 4 nodes are candidates',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', fooSelector), sc(1, H, 'ScheduleAnyway', fooSelector)]),
      existingPods: [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-x', 2), ...foo('node-y', 4)],
      nodes: zoneNodes(['node-a', 'zone1'], ['node-x', 'zone2']),
      failedNodes: zoneNodes(['node-b', 'zone1'], ['node-y', 'zone2']),
      want: [100, 63],
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors',
      pod: zoneFooHostBar,
      existingPods: [
        ['node-a', { foo: '' }],
        ['node-b', { foo: '', bar: '' }],
        ['node-y', { foo: '' }],
        ['node-y', { bar: '' }],
      ],
      nodes: zoneNodes(['node-a', 'zone1'], ['node-b', 'zone1'], ['node-x', 'zone2'], ['node-y', 'zone2']),
      failedNodes: [],
      want: [60, 20, 100, 60],
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
      pod: zoneFooHostBar,
      existingPods: [
        ['node-b', { bar: '' }],
        ['node-x', { foo: '' }],
        ['node-y', { foo: '', bar: '' }],
      ],
      nodes: zoneNodes(['node-a', 'zone1'], ['node-b', 'zone1'], ['node-x', 'zone2'], ['node-y', 'zone2']),
      failedNodes: [],
      want: [100, 60, 40, 0],
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
      pod: zoneFooHostBar,
      existingPods: [
        ['node-a', { foo: '' }],
        ['node-b', { foo: '', bar: '' }],
        ['node-y', { foo: '' }],
        ['node-y', { bar: '' }],
      ],
      nodes: zoneNodes(['node-a', 'zone1'], ['node-b', 'zone1'], ['node-x', 'zone2']),
      failedNodes: zoneNodes(['node-y', 'zone2']),
      want: [50, 25, 100],
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: foo1,
      existingPods: [['node-a', { foo: '' }, { namespace: 'ns1' }], ...foo('node-a', 1), ...foo('node-b', 2)],
      nodes: hostnameNodes('node-a', 'node-b'),
      want: [100, 33],
    },
    {
      name: 'terminating Pods should be excluded',
      pod: foo1,
      existingPods: [['node-a', { foo: '' }, { terminating: true }], ...foo('node-b', 1)],
      nodes: hostnameNodes('node-a', 'node-b'),
      want: [100, 0],
    },
    {
      name: 'minDomains has no effect when ScheduleAnyway',
      pod: pod({ foo: '' }, [sc(2, 'node', 'ScheduleAnyway', fooSelector, { minDomains: 10 })]),
      existingPods: [...foo('node-a', 2), ...foo('node-b', 2), ...foo('node-c', 1)],
      nodes: ['node-a', 'node-b', 'node-c'].map((n) => node(n, { node: n })),
      want: [75, 75, 100],
    },
    {
      name: 'NodeAffinityPolicy honoed with labelSelectors',
      pod: pod({ foo: '' }, [sc(1, 'node', 'ScheduleAnyway', fooSelector)], { nodeSelector: { foo: '' } }),
      existingPods: policyPods(),
      nodes: policyNodes(),
      want: [0, 33, 100],
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: pod({ foo: '' }, [sc(1, 'node', 'ScheduleAnyway', fooSelector, { nodeAffinityPolicy: 'Ignore' })], {
        nodeSelector: { foo: '' },
      }),
      existingPods: policyPods(),
      nodes: policyNodes(),
      want: [66, 100, 100],
    },
    {
      name: 'NodeAffinityPolicy honoed with nodeAffinity',
      pod: pod({ foo: '' }, [sc(1, 'node', 'ScheduleAnyway', fooSelector)], { affinity: nodeAffinityFoo }),
      existingPods: policyPods(),
      nodes: policyNodes(),
      want: [0, 33, 100],
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: pod({ foo: '' }, [sc(1, 'node', 'ScheduleAnyway', fooSelector, { nodeAffinityPolicy: 'Ignore' })], {
        affinity: nodeAffinityFoo,
      }),
      existingPods: policyPods(),
      nodes: policyNodes(),
      want: [66, 100, 100],
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: pod({ foo: '' }, [sc(1, 'node', 'ScheduleAnyway', fooSelector, { nodeTaintsPolicy: 'Honor' })]),
      existingPods: policyPods(),
      nodes: [
        node('node-a', { node: 'node-a' }),
        node('node-b', { node: 'node-b' }),
        node('node-c', { node: 'node-c' }, taints),
      ],
      want: [0, 33, 100],
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: pod({ foo: '' }, [sc(1, 'node', 'ScheduleAnyway', fooSelector)]),
      existingPods: policyPods(),
      nodes: [
        node('node-a', { node: 'node-a' }),
        node('node-b', { node: 'node-b' }),
        node('node-c', { node: 'node-c' }, taints),
      ],
      want: [66, 100, 100],
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
      pod: pod({ foo: '', bar: '' }, [
        sc(1, 'zone', 'ScheduleAnyway', {}, { matchLabelKeys: ['foo'] }),
        sc(1, H, 'ScheduleAnyway', {}, { matchLabelKeys: ['bar'] }),
      ]),
      existingPods: [
        ['node-a', { foo: '' }],
        ['node-b', { foo: '', bar: '' }],
        ['node-c', { foo: '' }],
        ['node-c', { bar: '' }],
      ],
      nodes: zoneNodes(['node-a', 'zone1'], ['node-b', 'zone1'], ['node-c', 'zone2'], ['node-d', 'zone2']),
      want: [60, 20, 60, 100],
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
      pod: pod({ foo: '', bar: '', baz: '' }, [
        sc(1, 'zone', 'ScheduleAnyway', fooSelector),
        sc(1, H, 'ScheduleAnyway', barSelector, { matchLabelKeys: ['baz'] }),
      ]),
      existingPods: [
        ['node-a', { foo: '' }],
        ['node-b', { foo: '', bar: '', baz: '' }],
        ['node-c', { foo: '' }],
        ['node-c', { bar: '' }],
        ['node-c', { bar: '', baz: '' }],
      ],
      nodes: zoneNodes(['node-a', 'zone1'], ['node-b', 'zone1'], ['node-c', 'zone2'], ['node-d', 'zone2']),
      want: [60, 20, 60, 100],
    },
  ];

  it.each(cases)('$name', (c) => {
    const [candidates, all] = snapshot(c.nodes, c.failedNodes ?? [], c.existingPods ?? []);
    const got = podTopologySpreadScores(c.pod, candidates, all);
    expect(got.code).toBe('Success');
    expect(got.scores).toEqual(c.want);
  });
});

interface StateCase {
  name: string;
  pod: SpreadPod;
  nodes: SpreadNode[];
  /** Per constraint: topologyKey, policies. */
  constraints: [string, NodeInclusionPolicy, NodeInclusionPolicy, number][];
  ignoredNodes: string[];
  /** Per constraint: topology value → count. */
  counts: Record<string, number>[];
  weights: number[];
}

describe('TestPreScoreStateEmptyNodes', () => {
  const abx = () => [
    node('node-a', { zone: 'zone1', [H]: 'node-a' }),
    node('node-b', { zone: 'zone1', [H]: 'node-b' }),
    node('node-x', { zone: 'zone2', [H]: 'node-x' }),
  ];
  const abxFoo = (xTaints?: Taint[]) => [
    node('node-a', { zone: 'zone1', foo: '', [H]: 'node-a' }),
    node('node-b', { zone: 'zone1', foo: '', [H]: 'node-b' }),
    node('node-x', { zone: 'zone2', [H]: 'node-x' }, xTaints),
  ];
  const nodeAffinityFoo = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In' as const, values: [''] }] }],
      },
    },
  };
  const zone12 = [{ zone1: 0, zone2: 0 }];

  const cases: StateCase[] = [
    {
      name: 'normal case',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', fooSelector), sc(1, H, 'ScheduleAnyway', fooSelector)]),
      nodes: abx(),
      constraints: [
        ['zone', 'Honor', 'Ignore', 1],
        [H, 'Honor', 'Ignore', 1],
      ],
      ignoredNodes: [],
      counts: [{ zone1: 0, zone2: 0 }, {}],
      weights: [topologyNormalizingWeight(2), topologyNormalizingWeight(3)],
    },
    {
      name: 'null selector',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', undefined)]),
      nodes: abx(),
      constraints: [['zone', 'Honor', 'Ignore', 1]],
      ignoredNodes: [],
      counts: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
    {
      name: "node-x doesn't have label zone",
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', fooSelector), sc(1, H, 'ScheduleAnyway', barSelector)]),
      nodes: [
        node('node-a', { zone: 'zone1', [H]: 'node-a' }),
        node('node-b', { zone: 'zone1', [H]: 'node-b' }),
        node('node-x', { [H]: 'node-x' }),
      ],
      constraints: [
        ['zone', 'Honor', 'Ignore', 1],
        [H, 'Honor', 'Ignore', 1],
      ],
      ignoredNodes: ['node-x'],
      counts: [{ zone1: 0 }, {}],
      weights: [topologyNormalizingWeight(1), topologyNormalizingWeight(2)],
    },
    {
      name: 'default constraints and a replicaset, but pod has constraints',
      pod: pod({ foo: 'bar', baz: 'sup' }, [
        sc(1, 'zone', 'DoNotSchedule', barSelector),
        sc(2, 'planet', 'ScheduleAnyway', { matchLabels: { baz: 'sup' } }),
      ]),
      nodes: [node('node-a', { planet: 'mars', galaxy: 'andromeda' })],
      constraints: [['planet', 'Honor', 'Ignore', 2]],
      ignoredNodes: [],
      counts: [{ mars: 0 }],
      weights: [topologyNormalizingWeight(1)],
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', barSelector)], { nodeSelector: { foo: '' } }),
      nodes: abxFoo(),
      constraints: [['zone', 'Honor', 'Ignore', 1]],
      ignoredNodes: [],
      counts: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', barSelector, { nodeAffinityPolicy: 'Ignore' })], {
        nodeSelector: { foo: '' },
      }),
      nodes: abxFoo(),
      constraints: [['zone', 'Ignore', 'Ignore', 1]],
      ignoredNodes: [],
      counts: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
    {
      name: 'NodeAffinityPolicy honored with nodeAffinity',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', barSelector)], { affinity: nodeAffinityFoo }),
      nodes: abxFoo(),
      constraints: [['zone', 'Honor', 'Ignore', 1]],
      ignoredNodes: [],
      counts: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', barSelector, { nodeAffinityPolicy: 'Ignore' })], {
        affinity: nodeAffinityFoo,
      }),
      nodes: abxFoo(),
      constraints: [['zone', 'Ignore', 'Ignore', 1]],
      ignoredNodes: [],
      counts: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', barSelector, { nodeTaintsPolicy: 'Honor' })]),
      nodes: abxFoo(taints),
      constraints: [['zone', 'Honor', 'Honor', 1]],
      ignoredNodes: [],
      counts: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: pod({ foo: '' }, [sc(1, 'zone', 'ScheduleAnyway', barSelector)]),
      nodes: abxFoo(taints),
      constraints: [['zone', 'Honor', 'Ignore', 1]],
      ignoredNodes: [],
      counts: zone12,
      weights: [topologyNormalizingWeight(2)],
    },
  ];

  it.each(cases)('$name', (c) => {
    const got = podTopologySpreadPreScore(c.pod, c.nodes, c.nodes);
    expect(got.code).toBe('Success');
    const s = got.state!;
    expect(s.constraints.map((x) => [x.topologyKey, x.nodeAffinityPolicy, x.nodeTaintsPolicy, x.maxSkew])).toEqual(
      c.constraints,
    );
    expect(s.constraints.every((x) => x.minDomains === 1)).toBe(true);
    expect([...s.ignoredNodes]).toEqual(c.ignoredNodes);
    expect(s.topologyValueToPodCounts.map((m) => Object.fromEntries(m))).toEqual(c.counts);
    expect(s.topologyNormalizingWeight).toEqual(c.weights);
  });

  it('the weights are log(size + 2)', () => {
    expect(topologyNormalizingWeight(2)).toBe(Math.log(4));
    expect(scoreForCount(3, 2, Math.log(6))).toBe(3 * Math.log(6) + 1);
  });
});

describe('TestPreScoreSkip', () => {
  it("the pod doesn't have soft topology spread Constraints", () => {
    const nodes = [node('node-a', { [H]: 'node-a' }), node('node-b', { [H]: 'node-b' })];
    expect(podTopologySpreadPreScore(pod({}, []), nodes, nodes)).toEqual({ code: 'Skip' });
    // Only DoNotSchedule constraints: nothing to score either.
    const hard = pod({ foo: '' }, [sc(1, H, 'DoNotSchedule', fooSelector)]);
    expect(podTopologySpreadScores(hard, nodes, nodes)).toEqual({ code: 'Skip', scores: [0, 0] });
  });
});

// Not upstream table cases: corners of the plugin the tables above do not reach.
describe('PodTopologySpread scoring internals', () => {
  it('an empty cluster skips; an unparsable labelSelector is an Error', () => {
    expect(podTopologySpreadPreScore(pod({ foo: '' }, [sc(1, H, 'ScheduleAnyway', fooSelector)]), [], [])).toEqual({
      code: 'Skip',
    });
    const bad = pod({}, [sc(1, H, 'ScheduleAnyway', { matchLabels: { foo: '{{.bad}}' } })]);
    const nodes = [node('node-a', { [H]: 'node-a' })];
    const got = podTopologySpreadScores(bad, nodes, nodes);
    expect(got.code).toBe('Error');
    expect(got.message).toContain('Invalid value: "{{.bad}}"');
    expect(got.scores).toEqual([0]);
  });

  it('NormalizeScore: ignored nodes 0, all-zero → 100, else 100 × (max + min − s) / max truncated', () => {
    const state = {
      constraints: [],
      ignoredNodes: new Set(['x']),
      topologyValueToPodCounts: [],
      topologyNormalizingWeight: [],
    };
    expect(podTopologySpreadNormalizeScore(state, ['a', 'x', 'b'], [0, 7, 0])).toEqual([100, 0, 100]);
    // The ignored node's 9 is not the max. max 6, min 1: (6 + 1 − 6) × 100 / 6 = 16.7 → 16; (7 − 4) × 100 / 6 = 50.
    expect(podTopologySpreadNormalizeScore(state, ['a', 'b', 'c', 'x'], [6, 4, 1, 9])).toEqual([16, 50, 100, 0]);
  });

  it('a hostname constraint counts the candidate’s own pods with no inclusion policy applied', () => {
    // node-c does not match the pod's nodeSelector (Honor), yet its own pods count for the hostname constraint;
    // for a non-hostname key they would not (compare "NodeAffinityPolicy honoed with labelSelectors").
    const p = pod({ foo: '' }, [sc(1, H, 'ScheduleAnyway', fooSelector)], { nodeSelector: { foo: '' } });
    const [candidates, all] = snapshot(
      [
        node('node-a', { [H]: 'node-a', foo: '' }),
        node('node-b', { [H]: 'node-b', foo: '' }),
        node('node-c', { [H]: 'node-c' }),
      ],
      [],
      [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-c', 1)],
    );
    // weight log(5): raw round(2 × 1.609) = 3, round(1.609) = 2, 2 → max 3, min 2.
    expect(podTopologySpreadScores(p, candidates, all).scores).toEqual([66, 100, 100]);
  });

  it('SYSTEM_DEFAULT_CONSTRAINTS: hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway', () => {
    expect(SYSTEM_DEFAULT_CONSTRAINTS).toEqual([
      { maxSkew: 3, topologyKey: H, whenUnsatisfiable: 'ScheduleAnyway' },
      { maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
    ]);
  });
});
