// The PodTopologySpread Filter, mirroring kube-scheduler's podtopologyspread/filtering_test.go (TestSingleConstraint,
// TestMultipleConstraints) and the minDomains / node-inclusion-policy / matchLabelKeys cases of the scheduler
// integration test TestPodTopologySpreadFilter (spec §2, §7.6 "spread skew with minDomains"). Upstream runs only
// this plugin in the unit tests, so nodes that NodeAffinity or TaintToleration would reject still show Success.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { LabelSelector, Taint } from '../../../src/api/core.js';
import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  podTopologySpreadFilter,
  type SpreadExistingPod,
  type SpreadNode,
  type SpreadPod,
  type SpreadStatusCode,
  type TopologySpreadConstraint,
} from '../../../src/scheduler/topology-spread.js';

const S: SpreadStatusCode = 'Success';
const U: SpreadStatusCode = 'Unschedulable';
const UU: SpreadStatusCode = 'UnschedulableAndUnresolvable';

const exists = (key: string): LabelSelector => ({ matchExpressions: [{ key, operator: 'Exists' }] });

function hard(
  maxSkew: number,
  topologyKey: string,
  labelSelector: LabelSelector,
  extra = {},
): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector, ...extra };
}

function node(name: string, labels: Record<string, string>, taints?: Taint[]): SpreadNode {
  return { name, labels, pods: [], ...(taints ? { taints } : {}) };
}

/** node-a, node-b in zone1; node-x, node-y in zone2; each labelled node=<name>. */
function abxy(): SpreadNode[] {
  return [
    node('node-a', { zone: 'zone1', node: 'node-a' }),
    node('node-b', { zone: 'zone1', node: 'node-b' }),
    node('node-x', { zone: 'zone2', node: 'node-x' }),
    node('node-y', { zone: 'zone2', node: 'node-y' }),
  ];
}

/** Integration-test defaultNodes: node-0..3, zone-0 = {0, 1}, zone-1 = {2, 3}. */
function defaultNodes(): SpreadNode[] {
  return [0, 1, 2, 3].map((i) => node(`node-${i}`, { node: `node-${i}`, zone: `zone-${Math.trunc(i / 2)}` }));
}

/** Places pods: [nodeName, labels, extra]. */
function place(
  nodes: SpreadNode[],
  pods: [string, Record<string, string>, Partial<SpreadExistingPod>?][],
): SpreadNode[] {
  const byName = new Map(nodes.map((n) => [n.name, { ...n, pods: [...n.pods] }]));
  for (const [nodeName, labels, extra] of pods) {
    byName.get(nodeName)!.pods.push({ namespace: 'default', labels, ...extra } as SpreadExistingPod);
  }
  return nodes.map((n) => byName.get(n.name)!);
}

function codes(pod: SpreadPod, nodes: SpreadNode[]): Record<string, SpreadStatusCode> {
  return Object.fromEntries(podTopologySpreadFilter(pod, nodes).map((r) => [r.node, r.code]));
}

const foo = { foo: '' };
const bar = { bar: '' };
const fooBar = { foo: '', bar: '' };

interface Case {
  name: string;
  pod: SpreadPod;
  nodes: SpreadNode[];
  want: Record<string, SpreadStatusCode>;
}

const spread2103: [string, Record<string, string>][] = [
  ['node-a', foo],
  ['node-a', foo],
  ['node-b', foo],
  ['node-y', foo],
  ['node-y', foo],
  ['node-y', foo],
];

describe('TestSingleConstraint', () => {
  const cases: Case[] = [
    {
      name: 'no existing pods',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'zone', exists('foo'))] },
      nodes: abxy(),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "no existing pods, incoming pod doesn't match itself",
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'zone', exists('bar'))] },
      nodes: abxy(),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'zone', exists('foo'))] },
      nodes: place(abxy(), [
        ['node-a', foo, { namespace: 'ns1' }],
        ['node-a', foo, { namespace: 'ns2' }],
        ['node-x', foo],
        ['node-y', foo],
      ]),
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: 'pods spread across zones as 3/3, all nodes fit',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'zone', exists('foo'))] },
      nodes: place(abxy(), spread2103),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'zone', exists('foo'))] },
      nodes: place(
        [
          node('node-a', { zone: 'zone1', node: 'node-a' }),
          node('node-b', { zon: 'zone1', node: 'node-b' }),
          node('node-x', { zone: 'zone2', node: 'node-x' }),
          node('node-y', { zone: 'zone2', node: 'node-y' }),
        ],
        [
          ['node-a', foo],
          ['node-b', foo],
          ['node-x', foo],
          ['node-y', foo],
        ],
      ),
      want: { 'node-a': S, 'node-b': UU, 'node-x': U, 'node-y': U },
    },
    {
      name: "pod cannot be scheduled as all nodes don't have label 'rack'",
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'rack', exists('foo'))] },
      nodes: [node('node-a', { zone: 'zone1', node: 'node-a' }), node('node-x', { zone: 'zone2', node: 'node-x' })],
      want: { 'node-a': UU, 'node-x': UU },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'node', exists('foo'))] },
      nodes: place(abxy(), spread2103),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(2, 'node', exists('foo'))] },
      nodes: place(abxy(), spread2103),
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
      pod: { namespace: 'default', labels: bar, topologySpreadConstraints: [hard(1, 'node', exists('foo'))] },
      nodes: place(abxy(), spread2103),
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
      pod: {
        namespace: 'default',
        labels: foo,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] },
              ],
            },
          },
        },
        topologySpreadConstraints: [hard(1, 'node', exists('foo'))],
      },
      nodes: place(abxy(), spread2103),
      // node-b and node-x pass this plugin (their domains are not eligible); NodeAffinity rejects them.
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: 'terminating Pods should be excluded',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'node', exists('foo'))] },
      nodes: place(
        [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' })],
        [
          ['node-a', foo, { terminating: true }],
          ['node-b', foo],
        ],
      ),
      want: { 'node-a': S, 'node-b': U },
    },
  ];
  it.each(cases)('$name', ({ pod, nodes, want }) => {
    expect(codes(pod, nodes)).toEqual(want);
  });
});

describe('TestMultipleConstraints', () => {
  const zoneAndNode = (zoneSel: LabelSelector, nodeSel: LabelSelector) => [
    hard(1, 'zone', zoneSel),
    hard(1, 'node', nodeSel),
  ];
  const cases: Case[] = [
    {
      name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: zoneAndNode(exists('foo'), exists('foo')) },
      nodes: place(abxy(), spread2103),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: zoneAndNode(exists('foo'), exists('foo')) },
      nodes: place(abxy(), [...spread2103, ['node-y', foo]]),
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]',
      pod: {
        namespace: 'default',
        labels: fooBar,
        topologySpreadConstraints: zoneAndNode(exists('foo'), exists('bar')),
      },
      nodes: place(abxy(), [
        ['node-a', foo],
        ['node-y', bar],
      ]),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]',
      pod: {
        namespace: 'default',
        labels: fooBar,
        topologySpreadConstraints: zoneAndNode(exists('foo'), exists('bar')),
      },
      nodes: place(abxy(), [
        ['node-a', foo],
        ['node-x', bar],
        ['node-y', bar],
      ]),
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]',
      pod: {
        namespace: 'default',
        labels: fooBar,
        topologySpreadConstraints: zoneAndNode(exists('foo'), exists('bar')),
      },
      nodes: place(abxy(), [
        ['node-a', foo],
        ['node-a', fooBar],
        ['node-y', foo],
        ['node-y', fooBar],
        ['node-y', foo],
      ]),
      want: { 'node-a': U, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: "Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint",
      pod: { namespace: 'default', labels: bar, topologySpreadConstraints: zoneAndNode(exists('foo'), exists('bar')) },
      nodes: place(abxy(), [
        ['node-a', foo],
        ['node-x', bar],
        ['node-y', bar],
      ]),
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: "two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: zoneAndNode(exists('foo'), exists('foo')) },
      nodes: place(
        [
          node('node-a', { zone: 'zone1', node: 'node-a' }),
          node('node-b', { zone: 'zone1', node: 'node-b' }),
          node('node-x', { zone: 'zone2' }),
          node('node-y', { zone: 'zone2', node: 'node-y' }),
        ],
        [
          ['node-a', foo],
          ['node-y', foo],
        ],
      ),
      want: { 'node-a': U, 'node-b': S, 'node-x': UU, 'node-y': U },
    },
  ];
  it.each(cases)('$name', ({ pod, nodes, want }) => {
    expect(codes(pod, nodes)).toEqual(want);
  });
});

describe('minDomains, node inclusion policies, matchLabelKeys (TestPodTopologySpreadFilter)', () => {
  const notNode0 = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'node', operator: 'NotIn' as const, values: ['node-0'] }] }],
      },
    },
  };
  const spread221 = place(defaultNodes(), [
    ['node-1', foo],
    ['node-1', foo],
    ['node-2', foo],
    ['node-2', foo],
    ['node-3', foo],
  ]);
  const taints: Taint[] = [{ key: 'foo', value: '', effect: 'NoSchedule' }];
  const inclusionNodes = (taintNode2: boolean, taintNode3: boolean) => [
    node('node-1', { node: 'node-1', zone: 'zone-1', foo: '' }),
    node('node-2', { node: 'node-2', zone: 'zone-1', foo: '' }, taintNode2 ? taints : undefined),
    node('node-3', { node: 'node-3', zone: 'zone-2' }, taintNode3 ? taints : undefined),
    node('node-4', { node: 'node-4', zone: 'zone-2', foo: '' }),
  ];
  const onePerNode = (nodes: SpreadNode[], names: string[]) =>
    place(
      nodes,
      names.map((n) => [n, foo] as [string, Record<string, string>]),
    );
  const cases: Case[] = [
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
      pod: {
        namespace: 'default',
        labels: foo,
        affinity: notNode0,
        topologySpreadConstraints: [hard(2, 'node', exists('foo'), { minDomains: 4 })],
      },
      nodes: spread221,
      // 3 eligible domains < minDomains 4 → global minimum 0. node-0 passes here (NodeAffinity rejects it).
      want: { 'node-0': S, 'node-1': U, 'node-2': U, 'node-3': S },
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
      pod: {
        namespace: 'default',
        labels: foo,
        affinity: notNode0,
        topologySpreadConstraints: [hard(2, 'node', exists('foo'), { minDomains: 2 })],
      },
      nodes: spread221,
      want: { 'node-0': S, 'node-1': S, 'node-2': S, 'node-3': S },
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
      pod: {
        namespace: 'default',
        labels: foo,
        topologySpreadConstraints: [hard(2, 'zone', exists('foo'), { minDomains: 3 })],
      },
      nodes: onePerNode(defaultNodes(), ['node-0', 'node-1', 'node-2']),
      want: { 'node-0': U, 'node-1': U, 'node-2': S, 'node-3': S },
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the all nodes fit',
      pod: {
        namespace: 'default',
        labels: foo,
        topologySpreadConstraints: [hard(2, 'zone', exists('foo'), { minDomains: 1 })],
      },
      nodes: onePerNode(defaultNodes(), ['node-1', 'node-2', 'node-3']),
      want: { 'node-0': S, 'node-1': S, 'node-2': S, 'node-3': S },
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors, pods spread across zone as 2/1',
      pod: {
        namespace: 'default',
        labels: foo,
        nodeSelector: { foo: '' },
        topologySpreadConstraints: [hard(1, 'zone', exists('foo'))],
      },
      nodes: onePerNode(inclusionNodes(false, false), ['node-1', 'node-2', 'node-3', 'node-4']),
      // node-3 passes here; NodeAffinity filters it out, leaving node-4 as upstream's only candidate.
      want: { 'node-1': U, 'node-2': U, 'node-3': S, 'node-4': S },
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity, pods spread across zone as 1/~2~',
      pod: {
        namespace: 'default',
        labels: foo,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In', values: [''] }] }],
            },
          },
        },
        topologySpreadConstraints: [hard(1, 'zone', exists('foo'), { nodeAffinityPolicy: 'Ignore' })],
      },
      nodes: onePerNode(inclusionNodes(false, false), ['node-1', 'node-3', 'node-4']),
      want: { 'node-1': S, 'node-2': S, 'node-3': U, 'node-4': U },
    },
    {
      name: 'NodeTaintsPolicy honored, pods spread across zone as 2/1',
      pod: {
        namespace: 'default',
        labels: foo,
        topologySpreadConstraints: [hard(1, 'zone', exists('foo'), { nodeTaintsPolicy: 'Honor' })],
      },
      nodes: onePerNode(inclusionNodes(false, true), ['node-1', 'node-2', 'node-3', 'node-4']),
      // node-3 passes here; TaintToleration filters it out.
      want: { 'node-1': U, 'node-2': U, 'node-3': S, 'node-4': S },
    },
    {
      name: 'NodeTaintsPolicy ignored, pods spread across zone as 2/2',
      pod: { namespace: 'default', labels: foo, topologySpreadConstraints: [hard(1, 'zone', exists('foo'))] },
      nodes: onePerNode(inclusionNodes(false, true), ['node-1', 'node-2', 'node-3', 'node-4']),
      want: { 'node-1': S, 'node-2': S, 'node-3': S, 'node-4': S },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      pod: {
        namespace: 'default',
        labels: foo,
        nodeSelector: { foo: '' },
        topologySpreadConstraints: [hard(1, 'zone', exists('foo')), hard(1, 'node', exists('foo'))],
      },
      nodes: onePerNode(inclusionNodes(true, false), ['node-1', 'node-2', 'node-3', 'node-4']),
      // zone 2/1 → zone-2 only; node 1/1/~1~/1 → every node. node-3 is rejected by NodeAffinity, node-2 by taints.
      want: { 'node-1': U, 'node-2': U, 'node-3': S, 'node-4': S },
    },
    {
      name: 'two node inclusion Constraints, zone: ignore/ignore, node: honor/honor',
      pod: {
        namespace: 'default',
        labels: foo,
        nodeSelector: { foo: '' },
        topologySpreadConstraints: [
          hard(1, 'zone', exists('foo'), { nodeAffinityPolicy: 'Ignore' }),
          hard(1, 'node', exists('foo'), { nodeTaintsPolicy: 'Honor' }),
        ],
      },
      nodes: onePerNode(inclusionNodes(true, false), ['node-1', 'node-2', 'node-3', 'node-4']),
      // zone 2/2 → all; node: only node-1 and node-4 are eligible (1/1); node-2, node-3 fall to other plugins.
      want: { 'node-1': S, 'node-2': S, 'node-3': S, 'node-4': S },
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty, pods spread across zone as 0/1",
      pod: {
        namespace: 'default',
        labels: fooBar,
        topologySpreadConstraints: [hard(1, 'zone', exists('foo'), { matchLabelKeys: ['bar'] })],
      },
      nodes: place(defaultNodes(), [
        ['node-0', foo],
        ['node-1', foo],
        ['node-2', fooBar],
      ]),
      want: { 'node-0': S, 'node-1': S, 'node-2': U, 'node-3': U },
    },
    {
      name: 'matchLabelKeys ignored (no matchLabelKeys), pods spread across zone as 2/1',
      pod: { namespace: 'default', labels: fooBar, topologySpreadConstraints: [hard(1, 'zone', exists('foo'))] },
      nodes: place(defaultNodes(), [
        ['node-0', foo],
        ['node-1', foo],
        ['node-2', fooBar],
      ]),
      want: { 'node-0': U, 'node-1': U, 'node-2': S, 'node-3': S },
    },
  ];
  it.each(cases)('$name', ({ pod, nodes, want }) => {
    expect(codes(pod, nodes)).toEqual(want);
  });
});

describe('reasons and non-filtering constraints', () => {
  it('returns upstream failure reasons', () => {
    const pod: SpreadPod = {
      namespace: 'default',
      labels: foo,
      topologySpreadConstraints: [hard(1, 'zone', exists('foo'))],
    };
    const nodes = place(
      [node('a', { zone: 'z1' }), node('b', { zone: 'z2' }), node('c', {})],
      [
        ['a', foo],
        ['a', foo],
      ],
    );
    expect(podTopologySpreadFilter(pod, nodes)).toEqual([
      { node: 'a', code: 'Unschedulable', reason: ERR_REASON_CONSTRAINTS_NOT_MATCH },
      { node: 'b', code: 'Success' },
      { node: 'c', code: 'UnschedulableAndUnresolvable', reason: ERR_REASON_NODE_LABEL_NOT_MATCH },
    ]);
    expect(ERR_REASON_NODE_LABEL_NOT_MATCH).toBe(
      "node(s) didn't match pod topology spread constraints (missing required label)",
    );
  });

  it('ScheduleAnyway constraints do not filter, even on nodes without the key', () => {
    const pod: SpreadPod = {
      namespace: 'default',
      labels: foo,
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: exists('foo') },
      ],
    };
    const nodes = place(
      [node('a', { zone: 'z1' }), node('b', { zone: 'z2' }), node('c', {})],
      [
        ['a', foo],
        ['a', foo],
      ],
    );
    expect(codes(pod, nodes)).toEqual({ a: S, b: S, c: S });
  });

  it('minDomains on a single zone: the first pods may stack up to maxSkew, then the zone is full', () => {
    // One eligible zone, minDomains 2 → global minimum 0: with maxSkew 2, a third pod is refused.
    const pod: SpreadPod = {
      namespace: 'default',
      labels: foo,
      topologySpreadConstraints: [hard(2, 'zone', exists('foo'), { minDomains: 2 })],
    };
    expect(codes(pod, place([node('a', { zone: 'z1' })], [['a', foo]]))).toEqual({ a: S });
    expect(
      codes(
        pod,
        place(
          [node('a', { zone: 'z1' })],
          [
            ['a', foo],
            ['a', foo],
          ],
        ),
      ),
    ).toEqual({ a: U });
  });

  it('matchLabelKeys with no labelSelector selects on the pod-label set alone', () => {
    const pod: SpreadPod = {
      namespace: 'default',
      labels: { job: 'j1' },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['job'] },
      ],
    };
    const nodes = place(
      [node('a', { zone: 'z1' }), node('b', { zone: 'z2' })],
      [
        ['a', { job: 'j1' }],
        ['b', { job: 'j2' }],
      ],
    );
    expect(codes(pod, nodes)).toEqual({ a: U, b: S });
  });
});

describe('properties', () => {
  const arbNodes = fc
    .array(
      fc.record({
        zone: fc.constantFrom('z1', 'z2', 'z3', 'z4'),
        pods: fc.array(fc.record({ matching: fc.boolean(), terminating: fc.boolean() }), { maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((specs) =>
      specs.map(
        (s, i): SpreadNode => ({
          name: `n${i}`,
          labels: { zone: s.zone },
          pods: s.pods.map((p) => ({
            namespace: 'default',
            labels: p.matching ? foo : bar,
            terminating: p.terminating,
          })),
        }),
      ),
    );

  test.prop([arbNodes, fc.integer({ min: 1, max: 10 })])(
    'with maxSkew ≥ #pods + 1 nothing ever fails',
    (nodes, minDomains) => {
      const total = nodes.reduce((n, x) => n + x.pods.length, 0);
      const pod: SpreadPod = {
        namespace: 'default',
        labels: foo,
        topologySpreadConstraints: [hard(total + 1, 'zone', exists('foo'), { minDomains })],
      };
      for (const r of podTopologySpreadFilter(pod, nodes)) expect(r.code).toBe('Success');
    },
  );

  test.prop([arbNodes])('maxSkew 1: a node passes iff its zone count equals the minimum over zones', (nodes) => {
    const pod: SpreadPod = {
      namespace: 'default',
      labels: foo,
      topologySpreadConstraints: [hard(1, 'zone', exists('foo'))],
    };
    const counts = new Map<string, number>();
    for (const n of nodes) {
      const c = n.pods.filter((p) => !p.terminating && p.labels === foo).length;
      counts.set(n.labels!.zone!, (counts.get(n.labels!.zone!) ?? 0) + c);
    }
    const min = Math.min(...counts.values());
    for (const r of podTopologySpreadFilter(pod, nodes)) {
      const zone = nodes.find((n) => n.name === r.node)!.labels!.zone!;
      expect(r.code).toBe(counts.get(zone) === min ? 'Success' : 'Unschedulable');
    }
  });
});
