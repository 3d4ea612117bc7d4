// DefaultPreemption, translated from kubernetes/kubernetes
// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go: TestDryRunPreemption (victims
// per node), TestSelectBestCandidate (the pickOneNodeForPreemption chain), TestPodEligibleToPreemptOthers and
// TestPreempt; plus calculateNumCandidates and the unresolvable filter reasons. Resources follow upstream:
// nodes have veryLargeRes (500m cpu, 500 memory); small/medium/large/veryLarge = 100/200/300/500 of each.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/core.js';
import {
  calculateNumCandidates,
  isUnresolvable,
  type NodeVictims,
  nominatedNodeHasTerminatingVictim,
  type PdbLike,
  type PreemptionCandidate,
  pdbViolationChecker,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  selectVictimsOnNode,
} from '../../../src/scheduler/preemption.js';

const neg = -100;
const low = 0;
const mid = 100;
const high = 1000;
const veryHigh = 10000;
const small = 100;
const medium = 200;
const large = 300;
const veryLarge = 500;
const NODE_CAPACITY = 500;

interface PodOpts {
  priority?: number;
  req?: number;
  start?: number;
  labels?: Record<string, string>;
  antiAffinity?: boolean;
}

function mkPod(name: string, o: PodOpts = {}): Pod {
  const req = o.req ?? 0;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      resourceVersion: '1',
      creationTimestamp: 0,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.antiAffinity ? { annotations: { antiAffinity: 'foo' } } : {}),
    },
    spec: {
      containers: [{ name: 'c', resources: { requests: { cpu: req, memory: req } } }],
      ...(o.priority === undefined ? {} : { priority: o.priority }),
    },
    status: { phase: 'Running', ...(o.start === undefined ? {} : { startTime: o.start }) },
  } as Pod;
}

const reqOf = (p: Pod): number => Number(p.spec.containers[0]?.resources?.requests?.cpu ?? 0);

/** NodeResourcesFit for the test's single resource dimension. */
const resourceFits =
  (preemptor: Pod, capacity = NODE_CAPACITY) =>
  (remaining: readonly Pod[]): boolean =>
    remaining.reduce((s, p) => s + reqOf(p), 0) + reqOf(preemptor) <= capacity;

const noPdb = () => false;
const names = (ps: readonly Pod[] | undefined) => ps?.map((p) => p.metadata.name);

type NodeSpec = { name: string; pods: Pod[] };

function dryRun(
  preemptor: Pod,
  nodes: NodeSpec[],
  pdbs: PdbLike[] = [],
): (PreemptionCandidate & { victimNames: string[] })[] {
  const out: (PreemptionCandidate & { victimNames: string[] })[] = [];
  for (const n of nodes) {
    const r = selectVictimsOnNode(preemptor, n, resourceFits(preemptor), pdbViolationChecker(pdbs));
    if (r) out.push({ name: n.name, ...r, victimNames: names(r.victims) ?? [] });
  }
  return out;
}

const nodes = (pods: Record<string, Pod[]>): NodeSpec[] =>
  Object.entries(pods).map(([name, ps]) => ({ name, pods: ps }));

describe('selectVictimsOnNode (TestDryRunPreemption)', () => {
  it('a pod that does not fit on any node', () => {
    const p = mkPod('p', { priority: high });
    const n = { pods: [mkPod('p1', { priority: mid })] };
    expect(selectVictimsOnNode(p, n, () => false, noPdb)).toBeUndefined();
  });

  it('a pod that fits on both nodes when lower priority pods are preempted', () => {
    const p = mkPod('p', { priority: high, req: large });
    const got = dryRun(
      p,
      nodes({
        node1: [mkPod('p1', { priority: mid, req: large })],
        node2: [mkPod('p2', { priority: mid, req: large })],
      }),
    );
    expect(got.map((c) => [c.name, c.victimNames, c.numPDBViolations])).toEqual([
      ['node1', ['p1'], 0],
      ['node2', ['p2'], 0],
    ]);
  });

  it('a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen', () => {
    const p = mkPod('p', { priority: low, req: large });
    const got = dryRun(
      p,
      nodes({
        node1: [mkPod('p1', { priority: mid, req: large })],
        node2: [mkPod('p2', { priority: mid, req: large })],
      }),
    );
    expect(got).toEqual([]);
  });

  it('medium priority pod is preempted, but lower priority one stays as it is small', () => {
    const p = mkPod('p', { priority: high, req: large });
    const got = dryRun(
      p,
      nodes({
        node1: [mkPod('p1.1', { priority: low, req: small }), mkPod('p1.2', { priority: mid, req: large })],
        node2: [mkPod('p2', { priority: mid, req: large })],
      }),
    );
    expect(got.map((c) => [c.name, c.victimNames])).toEqual([
      ['node1', ['p1.2']],
      ['node2', ['p2']],
    ]);
  });

  it('mixed priority pods are preempted', () => {
    const p = mkPod('p', { priority: high, req: large });
    const got = dryRun(
      p,
      nodes({
        node1: [
          mkPod('p1.1', { priority: mid, req: small }),
          mkPod('p1.2', { priority: low, req: small }),
          mkPod('p1.3', { priority: mid, req: medium }),
          mkPod('p1.4', { priority: high, req: small }),
        ],
        node2: [mkPod('p2', { priority: high, req: large })],
      }),
    );
    // Upstream compares name-sorted victims {p1.2, p1.3}; the returned order is descending importance.
    expect(got.map((c) => [c.name, c.victimNames])).toEqual([['node1', ['p1.3', 'p1.2']]]);
  });

  it('mixed priority pods are preempted, pick later StartTime one when priorities are equal', () => {
    const p = mkPod('p', { priority: high, req: large });
    const got = dryRun(
      p,
      nodes({
        node1: [
          mkPod('p1.1', { priority: low, req: small, start: 5 }),
          mkPod('p1.2', { priority: low, req: small, start: 4 }),
          mkPod('p1.3', { priority: mid, req: medium, start: 3 }),
          mkPod('p1.4', { priority: high, req: small, start: 2 }),
        ],
        node2: [mkPod('p2', { priority: high, req: large, start: 1 })],
      }),
    );
    expect(got.map((c) => [c.name, c.victimNames])).toEqual([['node1', ['p1.3', 'p1.1']]]);
  });

  it('pod with anti-affinity is preempted', () => {
    const p = mkPod('p', { priority: high, req: small, labels: { foo: '' } });
    const node1 = {
      pods: [
        mkPod('p1.1', { priority: low, req: small, labels: { foo: '' }, antiAffinity: true }),
        mkPod('p1.2', { priority: mid, req: small }),
        mkPod('p1.3', { priority: high, req: small }),
      ],
    };
    // InterPodAffinity: an existing pod's required anti-affinity to foo blocks the preemptor on this host.
    const fits = (rem: readonly Pod[]) =>
      resourceFits(p)(rem) && !rem.some((x) => x.metadata.annotations?.antiAffinity === 'foo');
    const got = selectVictimsOnNode(p, node1, fits, noPdb);
    expect(names(got?.victims)).toEqual(['p1.1']);
    expect(got?.numPDBViolations).toBe(0);
    const node2 = { pods: [mkPod('p2', { priority: high, req: small })] };
    expect(selectVictimsOnNode(p, node2, fits, noPdb)).toBeUndefined();
  });

  it('get Unschedulable in the preemption phase when the filter plugins filtering the nodes', () => {
    const p = mkPod('p', { priority: high, req: large });
    const n = { pods: [mkPod('p1', { priority: mid, req: large })] };
    expect(selectVictimsOnNode(p, n, () => false, noPdb)).toBeUndefined();
  });

  const fooPods = (k: number) =>
    Array.from({ length: k }, (_, i) => mkPod(`p1.${i + 1}`, { priority: mid, req: medium, labels: { app: 'foo' } }));
  const fooPdb = (disruptedPods: string[] = []): PdbLike => ({
    selector: { matchLabels: { app: 'foo' } },
    disruptionsAllowed: 1,
    disruptedPods,
  });

  // Equal-importance victims come out in no defined order upstream (sort.Slice), whose test name-sorts them.
  it('preemption with violation of same pdb', () => {
    const p = mkPod('p', { priority: high, req: veryLarge });
    const [c] = dryRun(p, [{ name: 'node1', pods: fooPods(2) }], [fooPdb()]);
    expect([[...(c?.victimNames ?? [])].sort(), c?.numPDBViolations]).toEqual([['p1.1', 'p1.2'], 1]);
  });

  it("preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods", () => {
    const p = mkPod('p', { priority: high, req: veryLarge });
    const [c] = dryRun(p, [{ name: 'node1', pods: fooPods(2) }], [fooPdb(['p2'])]);
    expect([[...(c?.victimNames ?? [])].sort(), c?.numPDBViolations]).toEqual([['p1.1', 'p1.2'], 1]);
  });

  it('preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods', () => {
    const p = mkPod('p', { priority: high, req: veryLarge });
    const [c] = dryRun(p, [{ name: 'node1', pods: fooPods(2) }], [fooPdb(['p1.2'])]);
    expect([[...(c?.victimNames ?? [])].sort(), c?.numPDBViolations]).toEqual([['p1.1', 'p1.2'], 0]);
  });

  it("preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'", () => {
    const p = mkPod('p', { priority: high, req: veryLarge });
    const [c] = dryRun(p, [{ name: 'node1', pods: fooPods(3) }], [fooPdb(['p1.3'])]);
    expect([[...(c?.victimNames ?? [])].sort(), c?.numPDBViolations]).toEqual([['p1.1', 'p1.2', 'p1.3'], 1]);
  });

  it('reprieves PDB-violating victims before non-violating ones', () => {
    // Only one of the two mid pods can stay. Without PDBs the earlier-started p1.1 is reprieved; with a PDB
    // (0 disruptions allowed) protecting p1.2 it is tried first and kept, so p1.1 becomes the victim.
    const p = mkPod('p', { priority: high, req: large });
    const pods = [
      mkPod('p1.1', { priority: mid, req: medium, start: 1 }),
      mkPod('p1.2', { priority: mid, req: medium, start: 2, labels: { app: 'foo' } }),
    ];
    const plain = selectVictimsOnNode(p, { pods }, resourceFits(p), noPdb);
    expect(names(plain?.victims)).toEqual(['p1.2']);
    const pdb: PdbLike = { selector: { matchLabels: { app: 'foo' } }, disruptionsAllowed: 0 };
    const withPdb = selectVictimsOnNode(p, { pods }, resourceFits(p), pdbViolationChecker([pdb]));
    expect([names(withPdb?.victims), withPdb?.numPDBViolations]).toEqual([['p1.1'], 0]);
  });

  it('a PDB with an empty selector matches nothing', () => {
    const check = pdbViolationChecker([{ selector: {}, disruptionsAllowed: 0 }]);
    expect(check(mkPod('a', { labels: { app: 'foo' } }))).toBe(false);
  });
});

describe('pickOneNodeForPreemption (TestSelectBestCandidate, TestPreempt)', () => {
  const cases: { name: string; pod: Pod; pods: Record<string, Pod[]>; node: string; victims: string[] }[] = [
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      pod: mkPod('p', { priority: high, req: large }),
      pods: {
        node1: [mkPod('p1', { priority: mid, req: large, start: 0 })],
        node2: [mkPod('p2', { priority: mid, req: large, start: 0 })],
      },
      node: 'node1', // upstream accepts node1 or node2; here ties resolve to the first candidate
      victims: ['p1'],
    },
    {
      name: 'node with min highest priority pod is picked',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [mkPod('p1.1', { priority: mid, req: medium }), mkPod('p1.2', { priority: mid, req: large })],
        node2: [mkPod('p2.1', { priority: mid, req: medium }), mkPod('p2.2', { priority: low, req: medium })],
        node3: [mkPod('p3.1', { priority: low, req: medium }), mkPod('p3.2', { priority: low, req: medium })],
      },
      node: 'node3',
      victims: ['p3.1', 'p3.2'],
    },
    {
      name: 'when highest priorities are the same, minimum sum of priorities is picked',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [mkPod('p1.1', { priority: mid, req: medium }), mkPod('p1.2', { priority: mid, req: large })],
        node2: [mkPod('p2.1', { priority: mid, req: large }), mkPod('p2.2', { priority: low, req: medium })],
        node3: [mkPod('p3.1', { priority: mid, req: medium }), mkPod('p3.2', { priority: mid, req: medium })],
      },
      node: 'node2',
      victims: ['p2.1', 'p2.2'],
    },
    {
      name: 'when highest priority and sum are the same, minimum number of pods is picked',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [
          mkPod('p1.1', { priority: mid, req: small }),
          mkPod('p1.2', { priority: neg, req: small }),
          mkPod('p1.3', { priority: mid, req: small }),
          mkPod('p1.4', { priority: neg, req: small }),
        ],
        node2: [mkPod('p2.1', { priority: mid, req: large }), mkPod('p2.2', { priority: neg, req: medium })],
        node3: [
          mkPod('p3.1', { priority: mid, req: medium }),
          mkPod('p3.2', { priority: neg, req: small }),
          mkPod('p3.3', { priority: low, req: small }),
        ],
      },
      node: 'node2',
      victims: ['p2.1', 'p2.2'],
    },
    {
      name: 'sum of adjusted priorities is considered',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [
          mkPod('p1.1', { priority: mid, req: small }),
          mkPod('p1.2', { priority: neg, req: small }),
          mkPod('p1.3', { priority: neg, req: small }),
        ],
        node2: [mkPod('p2.1', { priority: mid, req: large }), mkPod('p2.2', { priority: neg, req: medium })],
        node3: [
          mkPod('p3.1', { priority: mid, req: medium }),
          mkPod('p3.2', { priority: neg, req: small }),
          mkPod('p3.3', { priority: low, req: small }),
        ],
      },
      node: 'node2',
      victims: ['p2.1', 'p2.2'],
    },
    {
      name: 'non-overlapping lowest high priority, sum priorities, and number of pods',
      pod: mkPod('p', { priority: veryHigh, req: veryLarge }),
      pods: {
        node1: [
          mkPod('p1.1', { priority: mid, req: small }),
          mkPod('p1.2', { priority: low, req: small }),
          mkPod('p1.3', { priority: low, req: small }),
        ],
        node2: [mkPod('p2.1', { priority: high, req: large })],
        node3: [
          mkPod('p3.1', { priority: mid, req: medium }),
          mkPod('p3.2', { priority: low, req: small }),
          mkPod('p3.3', { priority: low, req: small }),
          mkPod('p3.4', { priority: low, req: medium }),
        ],
        node4: [
          mkPod('p4.1', { priority: mid, req: medium }),
          mkPod('p4.2', { priority: mid, req: small }),
          mkPod('p4.3', { priority: mid, req: small }),
          mkPod('p4.4', { priority: neg, req: small }),
        ],
      },
      node: 'node1',
      victims: ['p1.1', 'p1.2', 'p1.3'],
    },
    {
      name: "same priority, same number of victims, different start time for each node's pod",
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [
          mkPod('p1.1', { priority: mid, req: medium, start: 2 }),
          mkPod('p1.2', { priority: mid, req: medium, start: 2 }),
        ],
        node2: [
          mkPod('p2.1', { priority: mid, req: medium, start: 3 }),
          mkPod('p2.2', { priority: mid, req: medium, start: 3 }),
        ],
        node3: [
          mkPod('p3.1', { priority: mid, req: medium, start: 1 }),
          mkPod('p3.2', { priority: mid, req: medium, start: 1 }),
        ],
      },
      node: 'node2',
      victims: ['p2.1', 'p2.2'],
    },
    {
      name: 'same priority, same number of victims, different start time for all pods',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [
          mkPod('p1.1', { priority: mid, req: medium, start: 4 }),
          mkPod('p1.2', { priority: mid, req: medium, start: 2 }),
        ],
        node2: [
          mkPod('p2.1', { priority: mid, req: medium, start: 5 }),
          mkPod('p2.2', { priority: mid, req: medium, start: 1 }),
        ],
        node3: [
          mkPod('p3.1', { priority: mid, req: medium, start: 3 }),
          mkPod('p3.2', { priority: mid, req: medium, start: 6 }),
        ],
      },
      node: 'node3',
      victims: ['p3.1', 'p3.2'],
    },
    {
      name: 'different priority, same number of victims, different start time for all pods',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [
          mkPod('p1.1', { priority: low, req: medium, start: 4 }),
          mkPod('p1.2', { priority: mid, req: medium, start: 2 }),
        ],
        node2: [
          mkPod('p2.1', { priority: mid, req: medium, start: 6 }),
          mkPod('p2.2', { priority: low, req: medium, start: 1 }),
        ],
        node3: [
          mkPod('p3.1', { priority: low, req: medium, start: 3 }),
          mkPod('p3.2', { priority: mid, req: medium, start: 5 }),
        ],
      },
      node: 'node2',
      victims: ['p2.1', 'p2.2'],
    },
    {
      name: 'basic preemption logic',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [mkPod('p1.1', { priority: low, req: small }), mkPod('p1.2', { priority: low, req: small })],
        node2: [mkPod('p2.1', { priority: high, req: large })],
        node3: [mkPod('p3.1', { priority: mid, req: medium })],
      },
      node: 'node1',
      victims: ['p1.1', 'p1.2'],
    },
    {
      // Without the extenders of the upstream case, node3 wins: equal top priority, smaller adjusted sum.
      name: 'Scheduler extenders allow only node1, otherwise node3 would have been chosen',
      pod: mkPod('p', { priority: high, req: veryLarge }),
      pods: {
        node1: [mkPod('p1.1', { priority: mid, req: small }), mkPod('p1.2', { priority: low, req: small })],
        node2: [],
        node3: [mkPod('p2.1', { priority: mid, req: large })],
      },
      node: 'node3',
      victims: ['p2.1'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const best = pickOneNodeForPreemption(dryRun(c.pod, nodes(c.pods)));
      expect([best?.name, best?.victimNames]).toEqual([c.node, c.victims]);
    });
  }

  it('fewest PDB violations wins over every later key', () => {
    const v = (n: string, priority: number) => mkPod(n, { priority });
    const cands: PreemptionCandidate[] = [
      { name: 'a', victims: [v('a1', low)], numPDBViolations: 1 },
      { name: 'b', victims: [v('b1', mid), v('b2', mid)], numPDBViolations: 0 },
    ];
    expect(pickOneNodeForPreemption(cands)?.name).toBe('b');
  });

  it('fewest victims breaks a tie in top priority and adjusted sum', () => {
    // With the MaxInt32+1 offset, a victim of priority MinInt32 adds 0: a = 2^31, b = 2^31 + 0. Keys 1–3 tie.
    const cands: PreemptionCandidate[] = [
      {
        name: 'b',
        victims: [mkPod('b1', { priority: 0 }), mkPod('b2', { priority: -(2 ** 31) })],
        numPDBViolations: 0,
      },
      { name: 'a', victims: [mkPod('a1', { priority: 0 })], numPDBViolations: 0 },
    ];
    expect(pickOneNodeForPreemption(cands)?.name).toBe('a');
  });

  it('an empty candidate list yields undefined; a victimless candidate is taken at once', () => {
    expect(pickOneNodeForPreemption([])).toBeUndefined();
    const cands: PreemptionCandidate[] = [
      { name: 'a', victims: [mkPod('a1', { priority: neg })], numPDBViolations: 0 },
      { name: 'b', victims: [], numPDBViolations: 3 },
    ];
    expect(pickOneNodeForPreemption(cands)?.name).toBe('b');
  });
});

describe('podEligibleToPreemptOthers (TestPodEligibleToPreemptOthers)', () => {
  const nominated = (extra: Partial<Pod['spec']> = {}): Pod => {
    const p = mkPod('p_with_nominated_node', { priority: high });
    p.spec = { ...p.spec, ...extra };
    p.status.nominatedNodeName = 'node1';
    return p;
  };
  const terminating = (withCondition: boolean): Pod => {
    const p = mkPod('p1', { priority: low });
    p.metadata.deletionTimestamp = 10;
    if (withCondition) {
      p.status.conditions = [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }];
    }
    return p;
  };

  it('Pod with nominated node', () => {
    const pod = nominated();
    const flag = nominatedNodeHasTerminatingVictim(pod, [terminating(true)]);
    // The nominated node now fails with UnschedulableAndUnresolvable (untolerated taint), so it may preempt.
    expect(podEligibleToPreemptOthers(pod, flag, true)).toBe(true);
  });

  it('Pod without nominated node', () => {
    expect(podEligibleToPreemptOthers(mkPod('p_without_nominated_node', { priority: high }), false)).toBe(true);
  });

  it("Pod with 'PreemptNever' preemption policy", () => {
    const pod = mkPod('p_with_preempt_never_policy', { priority: high });
    pod.spec.preemptionPolicy = 'Never';
    expect(podEligibleToPreemptOthers(pod, false)).toBe(false);
  });

  it('preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition', () => {
    const pod = nominated();
    const flag = nominatedNodeHasTerminatingVictim(pod, [terminating(true)]);
    expect([flag, podEligibleToPreemptOthers(pod, flag)]).toEqual([true, false]);
  });

  it('non-victim Pods terminating', () => {
    const pod = nominated();
    const flag = nominatedNodeHasTerminatingVictim(pod, [terminating(false)]);
    expect([flag, podEligibleToPreemptOthers(pod, flag)]).toEqual([false, true]);
  });
});

describe('calculateNumCandidates', () => {
  const cases: [string, number, number | undefined, number | undefined, number][] = [
    ['no nodes', 0, undefined, undefined, 0],
    ['fewer nodes than the absolute minimum: all nodes', 50, undefined, undefined, 50],
    ['the absolute minimum dominates (10% of 500 = 50 < 100)', 500, undefined, undefined, 100],
    ['10% and 100 meet at 1000 nodes', 1000, undefined, undefined, 100],
    ['the percentage dominates (10% of 5000)', 5000, undefined, undefined, 500],
    ['integer division (10% of 1999 = 199)', 1999, undefined, undefined, 199],
    ['all nodes are possible candidates, but DefaultPreemptionArgs limits to 2', 5, 40, 1, 2],
    ['preemption looks past numCandidates until a non-PDB violating node is found (40%, abs 2)', 5, 40, 2, 2],
  ];
  for (const [name, n, pct, abs, want] of cases) {
    it(name, () => expect(calculateNumCandidates(n, pct, abs)).toBe(want));
  }
});

describe('isUnresolvable', () => {
  it('lists the filter failures that preemption cannot resolve', () => {
    const unresolvable = [
      "node(s) didn't match Pod's node affinity/selector",
      "node(s) didn't match the requested node name",
      'node(s) had untolerated taint {dedicated: gpu}',
      'node(s) were unschedulable',
      "node(s) didn't match pod topology spread constraints (missing required label)",
      "node(s) didn't match pod affinity rules",
    ];
    const resolvable = [
      'Too many pods',
      'Insufficient cpu',
      "node(s) didn't match pod anti-affinity rules",
      "node(s) didn't satisfy existing pods anti-affinity rules",
      "node(s) didn't match pod topology spread constraints",
    ];
    expect(unresolvable.map((r) => isUnresolvable(r))).toEqual(unresolvable.map(() => true));
    expect(resolvable.map((r) => isUnresolvable(r))).toEqual(resolvable.map(() => false));
  });

  it('a request above total allocatable is unresolvable', () => {
    expect([isUnresolvable('Insufficient nvidia.com/gpu', true), isUnresolvable('Too many pods', true)]).toEqual([
      true,
      false,
    ]);
  });
});

describe('properties', () => {
  const podArb = fc.record({ priority: fc.integer({ min: -3, max: 3 }), req: fc.integer({ min: 0, max: 4 }) });
  const nodeArb = fc.array(podArb, { maxLength: 6 });

  test.prop([
    fc.integer({ min: -3, max: 3 }),
    fc.integer({ min: 1, max: 6 }),
    fc.array(nodeArb, { minLength: 1, maxLength: 5 }),
  ])('victims are lower priority, sufficient and minimal; the chosen node is a candidate', (prio, req, nodeSpecs) => {
    const pre = mkPod('pre', { priority: prio, req });
    const cands: (PreemptionCandidate & { pods: Pod[] })[] = [];
    nodeSpecs.forEach((ps, i) => {
      const pods = ps.map((p, j) => mkPod(`n${i}-${j}`, p));
      const fits = resourceFits(pre, 6);
      const r: NodeVictims | undefined = selectVictimsOnNode(pre, { pods }, fits, noPdb);
      if (!r) return;
      const remaining = pods.filter((p) => !r.victims.includes(p));
      expect(fits(remaining)).toBe(true);
      for (const v of r.victims) {
        expect(v.spec.priority ?? 0).toBeLessThan(prio);
        expect(fits([...remaining, v])).toBe(false);
      }
      cands.push({ name: `n${i}`, pods, ...r });
    });
    const best = pickOneNodeForPreemption(cands);
    if (cands.length === 0) expect(best).toBeUndefined();
    else {
      expect(cands).toContain(best);
      for (const v of best?.victims ?? []) expect(v.spec.priority ?? 0).toBeLessThan(prio);
    }
  });
});
