// InterPodAffinity scoring (src/scheduler/score-inter-pod-affinity.ts), mirroring kubernetes/kubernetes
// pkg/scheduler/framework/plugins/interpodaffinity/scoring_test.go: TestPreferredAffinity and
// TestPreferredAffinityWithHardPodAffinitySymmetricWeight. Each case carries the upstream test name and asserts the
// exact normalised score of every node (or the PreScore status where upstream checks that instead).
// Upstream pods without a namespace are in namespace "", and the fake namespace lister holds exactly the four
// namespaces below; both are reproduced.
import { describe, expect, it } from 'vitest';
import type { Affinity, LabelSelectorRequirement, PodAffinityTerm } from '../../../src/api/core.js';
import {
  type AffinityExistingPod,
  type AffinityScoreNode,
  type AffinityScorePod,
  affinityScorePod,
  DEFAULT_HARD_POD_AFFINITY_WEIGHT,
  type InterPodAffinityScoreCode,
  interPodAffinityNormalizeScore,
  interPodAffinityPreScore,
  interPodAffinityRawScore,
  interPodAffinityScores,
} from '../../../src/scheduler/score-inter-pod-affinity.js';

const MAX = 100;

/** The namespaces upstream's test registers with the informer factory. */
const NAMESPACES: Record<string, Record<string, string>> = {
  'subteam1.team1': { team: 'team1' },
  'subteam2.team1': { team: 'team1' },
  'subteam1.team2': { team: 'team2' },
  'subteam2.team2': { team: 'team2' },
};
const namespaceLabels = (ns: string) => NAMESPACES[ns];

const labelRgChina = { region: 'China' };
const labelRgIndia = { region: 'India' };
const labelAzAz1 = { az: 'az1' };
const labelAzAz2 = { az: 'az2' };
const labelRgChinaAzAz1 = { region: 'China', az: 'az1' };
const podLabelSecurityS1 = { security: 'S1' };
const podLabelSecurityS2 = { security: 'S2' };

const inReq = (key: string, ...values: string[]): LabelSelectorRequirement => ({ key, operator: 'In', values });

function term(
  topologyKey: string,
  reqs: LabelSelectorRequirement[],
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm {
  return { labelSelector: { matchExpressions: reqs }, topologyKey, ...extra };
}

const teamSelector = (team: string) => ({ matchExpressions: [inReq('team', team)] });

const stayWithS1InRegion: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: term('region', [inReq('security', 'S1')]) },
    ],
  },
};
const stayWithS2InRegion: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 6, podAffinityTerm: term('region', [inReq('security', 'S2')]) },
    ],
  },
};
const affinity3: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      {
        weight: 8,
        podAffinityTerm: term('region', [
          { key: 'security', operator: 'NotIn', values: ['S1'] },
          inReq('security', 'S2'),
        ]),
      },
      {
        weight: 2,
        podAffinityTerm: term('region', [
          { key: 'security', operator: 'Exists' },
          { key: 'wrongkey', operator: 'DoesNotExist' },
        ]),
      },
    ],
  },
};
const hardAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      term('region', [inReq('security', 'S1', 'value2')]),
      term('region', [
        { key: 'security', operator: 'Exists' },
        { key: 'wrongkey', operator: 'DoesNotExist' },
      ]),
    ],
  },
};
const awayFromS1InAz: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: term('az', [inReq('security', 'S1')]) },
    ],
  },
};
const awayFromS2InAz: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: term('az', [inReq('security', 'S2')]) },
    ],
  },
};
const stayWithS1InRegionAwayFromS2InAz: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 8, podAffinityTerm: term('region', [inReq('security', 'S1')]) },
    ],
  },
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: term('az', [inReq('security', 'S2')]) },
    ],
  },
};
const nsSelectorTerm = (): PodAffinityTerm =>
  term('region', [inReq('security', 'S1')], {
    namespaces: ['subteam2.team2'],
    namespaceSelector: teamSelector('team1'),
  });
const affinityNamespaceSelector: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: nsSelectorTerm() }] },
};
const antiAffinityNamespaceSelector: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: nsSelectorTerm() }],
  },
};
const invalidAffinityLabels: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 8, podAffinityTerm: term('region', [inReq('security', '{{.bad-value.}}')]) },
    ],
  },
};
const invalidAntiAffinityLabels: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: term('az', [inReq('security', '{{.bad-value.}}')]) },
    ],
  },
};

/** A pod; the namespace defaults to "" as in upstream's tests. */
function pod(labels?: Record<string, string>, affinity?: Affinity, namespace = ''): AffinityScorePod {
  return { namespace, ...(labels ? { labels } : {}), ...(affinity ? { affinity } : {}) };
}

const node = (name: string, labels: Record<string, string>): AffinityScoreNode => ({ name, labels });

/** cache.NewSnapshot(pods, nodes): each pod with its node's labels. */
function place(nodes: AffinityScoreNode[], pods: [string, AffinityScorePod][]): AffinityExistingPod[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  return pods.map(([nodeName, p]) => ({ ...p, nodeLabels: byName.get(nodeName)!.labels }));
}

interface Case {
  name: string;
  pod: AffinityScorePod;
  pods?: [string, AffinityScorePod][];
  nodes: AffinityScoreNode[];
  want?: number[];
  code?: InterPodAffinityScoreCode;
  message?: string;
  ignorePreferredTermsOfExistingPods?: boolean;
  hardPodAffinityWeight?: number;
}

function run(c: Case): void {
  const existing = place(c.nodes, c.pods ?? []);
  const got = interPodAffinityScores(c.pod, c.nodes, existing, {
    hardPodAffinityWeight: c.hardPodAffinityWeight ?? 1,
    ignorePreferredTermsOfExistingPods: c.ignorePreferredTermsOfExistingPods ?? false,
    namespaceLabels,
  });
  expect(got.code).toBe(c.code ?? 'Success');
  if (c.message !== undefined) expect(got.message).toContain(c.message);
  if (c.want !== undefined) expect(got.scores).toEqual(c.want);
  if (got.code !== 'Success') expect(got.scores).toEqual(c.nodes.map(() => 0));
}

describe('TestPreferredAffinity', () => {
  const cases: Case[] = [
    {
      name: 'all nodes are same priority as Affinity is nil',
      pod: pod(podLabelSecurityS1),
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
      code: 'Skip',
    },
    {
      name:
        'Affinity: pod that matches topology key & pods in nodes will get high score comparing to others' +
        "which doesn't match either pods in nodes or in topology key",
      pod: pod(podLabelSecurityS1, stayWithS1InRegion),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS2)],
        ['node3', pod(podLabelSecurityS1)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
      want: [MAX, 0, 0],
    },
    {
      name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
      pod: pod(undefined, stayWithS1InRegion),
      pods: [['node1', pod(podLabelSecurityS1)]],
      nodes: [node('node1', labelRgChina), node('node2', labelRgChinaAzAz1), node('node3', labelRgIndia)],
      want: [MAX, MAX, 0],
    },
    {
      name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
      pod: pod(podLabelSecurityS1, stayWithS2InRegion),
      pods: [
        ['node1', pod(podLabelSecurityS2)],
        ['node1', pod(podLabelSecurityS2)],
        ['node2', pod(podLabelSecurityS2)],
        ['node3', pod(podLabelSecurityS2)],
        ['node4', pod(podLabelSecurityS2)],
        ['node5', pod(podLabelSecurityS2)],
      ],
      nodes: [
        node('node1', labelRgChina),
        node('node2', labelRgIndia),
        node('node3', labelRgChina),
        node('node4', labelRgChina),
        node('node5', labelRgIndia),
      ],
      want: [MAX, 0, MAX, MAX, 0],
    },
    {
      name: 'Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ',
      pod: pod(podLabelSecurityS1, affinity3),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS2)],
        ['node3', pod(podLabelSecurityS1)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
      want: [20, MAX, 0],
    },
    {
      name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: pod(podLabelSecurityS2),
      pods: [
        ['node1', pod(podLabelSecurityS1, stayWithS1InRegion)],
        ['node2', pod(podLabelSecurityS2, stayWithS2InRegion)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
      want: [0, MAX, 0],
    },
    {
      name: 'Affinity symmetry with namespace selector',
      pod: pod(podLabelSecurityS1, undefined, 'subteam1.team1'),
      pods: [
        ['node1', pod(podLabelSecurityS1, affinityNamespaceSelector)],
        ['node2', pod(podLabelSecurityS2, stayWithS2InRegion)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
      want: [MAX, 0, 0],
    },
    {
      name: 'AntiAffinity symmetry with namespace selector',
      pod: pod(podLabelSecurityS1, undefined, 'subteam1.team1'),
      pods: [
        ['node1', pod(podLabelSecurityS1, antiAffinityNamespaceSelector)],
        ['node2', pod(podLabelSecurityS2, stayWithS2InRegion)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
      want: [0, MAX, MAX],
    },
    {
      name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: pod(podLabelSecurityS1),
      pods: [
        ['node1', pod(podLabelSecurityS1, hardAffinity)],
        ['node2', pod(podLabelSecurityS2, hardAffinity)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
      want: [MAX, MAX, 0],
    },
    {
      name: 'Anti Affinity: pod that does not match existing pods in node will get high score ',
      pod: pod(podLabelSecurityS1, awayFromS1InAz),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS2)],
      ],
      nodes: [node('node1', labelAzAz1), node('node2', labelRgChina)],
      want: [0, MAX],
    },
    {
      name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ',
      pod: pod(podLabelSecurityS1, awayFromS1InAz),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS1)],
      ],
      nodes: [node('node1', labelAzAz1), node('node2', labelRgChina)],
      want: [0, MAX],
    },
    {
      name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
      pod: pod(podLabelSecurityS1, awayFromS1InAz),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS2)],
      ],
      nodes: [node('node1', labelAzAz1), node('node2', labelRgIndia)],
      want: [0, MAX],
    },
    {
      name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
      pod: pod(podLabelSecurityS2),
      pods: [
        ['node1', pod(podLabelSecurityS1, awayFromS2InAz)],
        ['node2', pod(podLabelSecurityS2, awayFromS1InAz)],
      ],
      nodes: [node('node1', labelAzAz1), node('node2', labelAzAz2)],
      want: [0, MAX],
    },
    {
      name: 'Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
      pod: pod(podLabelSecurityS1, stayWithS1InRegionAwayFromS2InAz),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS1)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelAzAz1)],
      want: [MAX, 0],
    },
    {
      name: 'Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
      pod: pod(podLabelSecurityS1, stayWithS1InRegionAwayFromS2InAz),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS1)],
        ['node3', pod(podLabelSecurityS1)],
        ['node3', pod(podLabelSecurityS1)],
        ['node4', pod(podLabelSecurityS1)],
        ['node5', pod(podLabelSecurityS1)],
      ],
      nodes: [
        node('node1', labelRgChinaAzAz1),
        node('node2', labelRgIndia),
        node('node3', labelRgChina),
        node('node4', labelRgChina),
        node('node5', labelRgIndia),
      ],
      want: [MAX, 0, MAX, MAX, 0],
    },
    {
      name: 'Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
      pod: pod(podLabelSecurityS1, stayWithS1InRegionAwayFromS2InAz),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(podLabelSecurityS2)],
        ['node3', pod(undefined, stayWithS1InRegionAwayFromS2InAz)],
        ['node4', pod(undefined, awayFromS1InAz)],
      ],
      nodes: [
        node('node1', labelRgChina),
        node('node2', labelAzAz1),
        node('node3', labelRgIndia),
        node('node4', labelAzAz2),
      ],
      want: [MAX, 0, MAX, 0],
    },
    {
      name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
      pod: pod(podLabelSecurityS1),
      pods: [
        ['node1', pod(podLabelSecurityS1)],
        ['node2', pod(undefined, stayWithS1InRegionAwayFromS2InAz)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgChina)],
      want: [0, 0],
    },
    {
      name: 'invalid Affinity fails PreScore',
      pod: pod(undefined, invalidAffinityLabels),
      nodes: [node('node1', labelRgChina), node('node2', labelRgChina)],
      code: 'Error',
      message: 'Invalid value: "{{.bad-value.}}"',
    },
    {
      name: 'invalid AntiAffinity fails PreScore',
      pod: pod(undefined, invalidAntiAffinityLabels),
      nodes: [node('node1', labelRgChina), node('node2', labelRgChina)],
      code: 'Error',
      message: 'Invalid value: "{{.bad-value.}}"',
    },
    {
      name: 'Affinity with pods matching NamespaceSelector',
      pod: pod(podLabelSecurityS1, affinityNamespaceSelector, 'subteam1.team1'),
      pods: [
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team2')],
        ['node2', pod(podLabelSecurityS1, undefined, 'subteam2.team1')],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
      want: [MAX, 0],
    },
    {
      name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields',
      pod: pod(podLabelSecurityS1, affinityNamespaceSelector, 'subteam1.team1'),
      pods: [
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam2.team2')],
        ['node2', pod(podLabelSecurityS1, undefined, 'subteam2.team1')],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
      want: [MAX, 0],
    },
    {
      // Upstream reuses the name above for the anti-affinity variant.
      name: 'Affinity with pods matching NamespaceSelector (second case of that name: anti-affinity)',
      pod: pod(podLabelSecurityS1, antiAffinityNamespaceSelector, 'subteam1.team1'),
      pods: [
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team2')],
        ['node2', pod(podLabelSecurityS1, undefined, 'subteam2.team1')],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
      want: [0, MAX],
    },
    {
      name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields (second case of that name: anti-affinity)',
      pod: pod(podLabelSecurityS1, antiAffinityNamespaceSelector, 'subteam1.team1'),
      pods: [
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam1.team1')],
        ['node1', pod(podLabelSecurityS1, undefined, 'subteam2.team2')],
        ['node2', pod(podLabelSecurityS1, undefined, 'subteam2.team1')],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
      want: [0, MAX],
    },
    {
      name: 'Ignore preferred terms of existing pods',
      pod: pod(podLabelSecurityS2),
      pods: [
        ['node1', pod(podLabelSecurityS1, stayWithS1InRegionAwayFromS2InAz)],
        ['node2', pod(podLabelSecurityS2, stayWithS2InRegion)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
      want: [0, 0],
      code: 'Skip',
      ignorePreferredTermsOfExistingPods: true,
    },
    {
      name: 'Do not ignore preferred terms of existing pods',
      pod: pod(podLabelSecurityS2),
      pods: [
        ['node1', pod(podLabelSecurityS1, stayWithS1InRegionAwayFromS2InAz)],
        ['node2', pod(podLabelSecurityS2, stayWithS2InRegion)],
      ],
      nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
      want: [0, MAX],
      ignorePreferredTermsOfExistingPods: false,
    },
    {
      name: 'No nodes to score',
      pod: pod(podLabelSecurityS2),
      pods: [],
      nodes: [],
      code: 'Skip',
    },
  ];
  it.each(cases)('$name', (c) => run(c));
});

describe('TestPreferredAffinityWithHardPodAffinitySymmetricWeight', () => {
  const podLabelServiceS1 = { service: 'S1' };
  const hardPodAffinity: Affinity = {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        term('region', [inReq('service', 'S1')], {
          namespaces: ['', 'subteam2.team2'],
          namespaceSelector: teamSelector('team1'),
        }),
      ],
    },
  };
  const nodes = () => [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)];
  const pods = (): [string, AffinityScorePod][] => [
    ['node1', pod(undefined, hardPodAffinity)],
    ['node2', pod(undefined, hardPodAffinity)],
  ];
  const cases: Case[] = [
    {
      name: 'with default weight',
      pod: pod(podLabelServiceS1),
      pods: pods(),
      nodes: nodes(),
      hardPodAffinityWeight: DEFAULT_HARD_POD_AFFINITY_WEIGHT,
      want: [MAX, MAX, 0],
    },
    {
      name: 'with zero weight',
      pod: pod(podLabelServiceS1),
      pods: pods(),
      nodes: nodes(),
      hardPodAffinityWeight: 0,
      code: 'Skip',
    },
    {
      name: 'with no matching namespace',
      pod: pod(podLabelServiceS1, undefined, 'subteam1.team2'),
      pods: pods(),
      nodes: nodes(),
      hardPodAffinityWeight: DEFAULT_HARD_POD_AFFINITY_WEIGHT,
      code: 'Skip',
    },
    {
      name: 'with matching NamespaceSelector',
      pod: pod(podLabelServiceS1, undefined, 'subteam1.team1'),
      pods: pods(),
      nodes: nodes(),
      hardPodAffinityWeight: DEFAULT_HARD_POD_AFFINITY_WEIGHT,
      want: [MAX, MAX, 0],
    },
    {
      name: 'with matching Namespaces',
      pod: pod(podLabelServiceS1, undefined, 'subteam2.team2'),
      pods: pods(),
      nodes: nodes(),
      hardPodAffinityWeight: DEFAULT_HARD_POD_AFFINITY_WEIGHT,
      want: [MAX, MAX, 0],
    },
  ];
  it.each(cases)('$name', (c) => run(c));
});

// Not upstream table cases: the building blocks and the arithmetic corners the tables above do not reach.
describe('InterPodAffinity scoring internals', () => {
  it('Score sums topologyScore over the keys the node carries; raw scores keep their sign', () => {
    const nodes = [node('n1', labelRgChinaAzAz1), node('n2', labelRgIndia), node('n3', {})];
    const existing = place(nodes, [
      ['n1', pod(podLabelSecurityS1)],
      ['n1', pod(podLabelSecurityS2)],
      ['n2', pod(podLabelSecurityS1)],
    ]);
    const pre = interPodAffinityPreScore(pod(podLabelSecurityS1, stayWithS1InRegionAwayFromS2InAz), existing);
    expect(pre.code).toBe('Success');
    const state = pre.state!;
    expect([...state.topologyScore.get('region')!]).toEqual([
      ['China', 8],
      ['India', 8],
    ]);
    expect([...state.topologyScore.get('az')!]).toEqual([['az1', -5]]);
    expect(nodes.map((n) => interPodAffinityRawScore(state, n.labels))).toEqual([3, 8, 0]);
  });

  it('NormalizeScore: float64 min-max then truncation, including all-negative and all-positive lists', () => {
    // 100 × (1/3) = 33.33 → 33; 100 × (2/3) = 66.67 → 66 (truncated, not rounded).
    expect(interPodAffinityNormalizeScore([0, 1, 2, 3])).toEqual([0, 33, 66, 100]);
    expect(interPodAffinityNormalizeScore([-9, -6, -3])).toEqual([0, 50, 100]);
    expect(interPodAffinityNormalizeScore([12, 24, 24])).toEqual([0, 100, 100]);
    expect(interPodAffinityNormalizeScore([7, 7])).toEqual([0, 0]);
    expect(interPodAffinityNormalizeScore([])).toEqual([]);
  });

  it('ignorePreferredTermsOfExistingPods does not apply when the incoming pod has preferred terms', () => {
    const nodes = [node('node1', labelRgChina), node('node2', labelRgIndia)];
    const existing = place(nodes, [
      ['node1', pod(podLabelSecurityS1, stayWithS1InRegionAwayFromS2InAz)],
      ['node2', pod(podLabelSecurityS2, stayWithS2InRegion)],
    ]);
    // Incoming S2 with a preference for S1 in region: +5 China (own term), +6 India (node2's preferred term).
    const got = interPodAffinityScores(pod(podLabelSecurityS2, stayWithS1InRegion), nodes, existing, {
      ignorePreferredTermsOfExistingPods: true,
    });
    expect(got).toEqual({ code: 'Success', scores: [0, MAX] });
  });

  it('an empty namespaceSelector selects every namespace; a missing namespace never matches a non-empty selector', () => {
    const nodes = [node('node1', labelRgChina), node('node2', labelRgIndia)];
    const everyNs: Affinity = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 1, podAffinityTerm: term('region', [inReq('security', 'S1')], { namespaceSelector: {} }) },
        ],
      },
    };
    const existing = place(nodes, [['node1', pod(podLabelSecurityS1, undefined, 'elsewhere')]]);
    expect(interPodAffinityScores(pod(undefined, everyNs), nodes, existing, { namespaceLabels }).scores).toEqual([
      MAX,
      0,
    ]);
    const team1Only: Affinity = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 1,
            podAffinityTerm: term('region', [inReq('security', 'S1')], { namespaceSelector: teamSelector('team1') }),
          },
        ],
      },
    };
    expect(interPodAffinityScores(pod(undefined, team1Only), nodes, existing, { namespaceLabels }).code).toBe('Skip');
  });

  it("an existing pod's list with an unparsable term is dropped, as PodInfo does", () => {
    const nodes = [node('node1', labelRgChina), node('node2', labelRgIndia)];
    const broken: Affinity = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 5, podAffinityTerm: term('region', [inReq('security', 'S1')]) },
          { weight: 5, podAffinityTerm: term('region', [inReq('security', '{{.bad-value.}}')]) },
        ],
      },
    };
    const existing = place(nodes, [['node1', pod(undefined, broken)]]);
    expect(interPodAffinityScores(pod(podLabelSecurityS1), nodes, existing).code).toBe('Skip');
  });

  it('affinityScorePod defaults the namespace to "default"', () => {
    const p = affinityScorePod({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', uid: 'u', resourceVersion: '1', creationTimestamp: 0, labels: podLabelSecurityS1 },
      spec: { containers: [] },
      status: { phase: 'Pending' },
    });
    expect(p).toEqual({ namespace: 'default', labels: podLabelSecurityS1, affinity: undefined });
  });
});
