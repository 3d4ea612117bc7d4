// Exclusive placement: the pod webhooks and the pod reconciler (spec/jobset.md §3, §5 cases 29–30), mirroring
// upstream pkg/webhooks/pod_webhook_test.go (TestDefault, TestLeaderPodForFollower) and
// pkg/controllers/pod_controller_test.go (TestValidatePodPlacements, TestDeleteFollowerPods).
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/api/core.js';
import { BATCH, JS } from '../../../src/api/jobset.js';
import type { NewObject } from '../../../src/api/meta.js';
import type { ControllerContext } from '../../../src/controllers/context.js';
import { JobSetPodController } from '../../../src/controllers/jobset/pod-controller.js';
import {
  leaderPodForFollower,
  mutateJobSetPod,
  validateJobSetPod,
} from '../../../src/controllers/jobset/pod-webhook.js';
import { EventLog } from '../../../src/engine/event-log.js';
import { resolveLatencies } from '../../../src/engine/latencies.js';
import { RandomStreams } from '../../../src/engine/random.js';
import { Simulator } from '../../../src/engine/simulator.js';
import { AdmissionError, Store } from '../../../src/engine/store.js';

const ZONE = 'topology.kubernetes.io/zone';

function setup() {
  const sim = new Simulator();
  const rng = new RandomStreams(1).stream('names');
  const store = new Store({
    now: () => sim.now,
    after: (d, fn) => sim.after(d, 2, fn),
    suffix: () => rng.k8sSuffix(),
    uid: () => rng.uuid(),
    gcLatency: () => 20_000,
    touched: () => sim.touched(),
  });
  const node = (name: string, zone?: string) =>
    store.create<Node>({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: zone ? { [ZONE]: zone } : {} },
      spec: {},
      status: { allocatable: { cpu: '8' }, capacity: { cpu: '8' }, conditions: [{ type: 'Ready', status: 'True' }] },
    });
  return { sim, store, node };
}

interface PodOpts {
  name: string;
  index: number;
  owner?: string;
  annotations?: Record<string, string>;
  priority?: number;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
}

function pod(o: PodOpts): Pod {
  const labels: Record<string, string> = {
    [JS.jobSetName]: 'js',
    [JS.replicatedJobName]: 'rjob',
    [JS.jobIndex]: '0',
    [JS.jobKey]: 'key-0',
    [BATCH.completionIndex]: String(o.index),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: 'default',
      uid: '',
      resourceVersion: '',
      creationTimestamp: 0,
      labels,
      annotations: { ...labels, ...(o.annotations ?? { [JS.exclusiveKey]: ZONE }) },
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'Job', name: 'js-rjob-0', uid: o.owner ?? 'job-uid-1', controller: true },
      ],
    },
    spec: {
      containers: [{ name: 'c' }],
      priority: o.priority,
      nodeName: o.nodeName,
      nodeSelector: o.nodeSelector,
    },
    status: { phase: 'Pending' },
  };
}

function add(store: Store, p: Pod): Pod {
  return store.create<Pod>(p as unknown as NewObject<Pod>);
}

describe('TestDefault (pod mutating webhook)', () => {
  it('not a jobset pod: unchanged', () => {
    const { store } = setup();
    const p = pod({ name: 'x-0-abcde', index: 0, priority: 5 });
    p.metadata.annotations = {};
    mutateJobSetPod(store, p);
    expect(p.metadata.labels?.[JS.priority]).toBeUndefined();
    expect(p.spec.affinity).toBeUndefined();
  });

  it('using node selector strategy: unchanged (no priority label, no affinity)', () => {
    const { store } = setup();
    const p = pod({
      name: 'js-rjob-0-0-abcde',
      index: 0,
      priority: 5,
      annotations: { [JS.exclusiveKey]: ZONE, [JS.nodeSelectorStrategy]: 'true' },
    });
    p.metadata.annotations![JS.jobSetName] = 'js';
    mutateJobSetPod(store, p);
    expect(p.metadata.labels?.[JS.priority]).toBeUndefined();
    expect(p.spec.affinity).toBeUndefined();
  });

  it('jobset pod, no exclusive placement, no priority: unchanged', () => {
    const { store } = setup();
    const p = pod({ name: 'js-rjob-0-0-abcde', index: 0, annotations: {} });
    p.metadata.annotations![JS.jobSetName] = 'js';
    mutateJobSetPod(store, p);
    expect(p.metadata.labels?.[JS.priority]).toBeUndefined();
    expect(p.spec.affinity).toBeUndefined();
  });

  it('jobset pod, no exclusive placement, with priority: the priority label only', () => {
    const { store } = setup();
    const p = pod({ name: 'js-rjob-0-0-abcde', index: 0, priority: 100, annotations: {} });
    p.metadata.annotations![JS.jobSetName] = 'js';
    mutateJobSetPod(store, p);
    expect(p.metadata.labels?.[JS.priority]).toBe('100');
    expect(p.spec.affinity).toBeUndefined();
  });

  it('★29 leader pod with exclusive placement: affinity to its job-key, anti-affinity to other keys of its priority', () => {
    const { store } = setup();
    const p = pod({ name: 'js-rjob-0-0-abcde', index: 0, priority: 100 });
    mutateJobSetPod(store, p);
    expect(p.metadata.labels?.[JS.priority]).toBe('100');
    expect(p.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      {
        labelSelector: { matchExpressions: [{ key: JS.jobKey, operator: 'In', values: ['key-0'] }] },
        topologyKey: ZONE,
        namespaceSelector: {},
      },
    ]);
    expect(p.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      {
        labelSelector: {
          matchExpressions: [
            { key: JS.jobKey, operator: 'Exists' },
            { key: JS.jobKey, operator: 'NotIn', values: ['key-0'] },
            { key: JS.priority, operator: 'In', values: ['100'] },
          ],
        },
        topologyKey: ZONE,
        namespaceSelector: {},
      },
    ]);
  });

  it('follower pod, leader not scheduled: no node selector added', () => {
    const { store } = setup();
    add(store, pod({ name: 'js-rjob-0-0-abcde', index: 0 }));
    const f = pod({ name: 'js-rjob-0-1-fghij', index: 1 });
    mutateJobSetPod(store, f);
    expect(f.spec.nodeSelector).toBeUndefined();
  });

  it('★29 follower pod, leader scheduled: pinned to the leader node zone', () => {
    const { store, node } = setup();
    node('node-a', 'Z');
    add(store, pod({ name: 'js-rjob-0-0-abcde', index: 0, nodeName: 'node-a' }));
    const f = pod({ name: 'js-rjob-0-1-fghij', index: 1 });
    mutateJobSetPod(store, f);
    expect(f.spec.nodeSelector).toEqual({ [ZONE]: 'Z' });
  });

  it('★29 follower pod, leader scheduled on a missing node: NotFound, create rejected', () => {
    const { store } = setup();
    add(store, pod({ name: 'js-rjob-0-0-abcde', index: 0, nodeName: 'node-gone' }));
    const f = pod({ name: 'js-rjob-0-1-fghij', index: 1 });
    expect(() => mutateJobSetPod(store, f)).toThrow(AdmissionError);
    expect(() => mutateJobSetPod(store, f)).toThrow('nodes "node-gone" not found');
  });
});

describe('TestLeaderPodForFollower', () => {
  const follower = () => pod({ name: 'js-rjob-0-1-abc', index: 1 });
  const cases: {
    name: string;
    existing: (p: typeof pod) => Pod[];
    want?: string;
    err?: string;
    edit?: (f: Pod) => void;
  }[] = [
    {
      name: 'valid leader pod exists',
      existing: (p) => [p({ name: 'js-rjob-0-0-xyz', index: 0 })],
      want: 'js-rjob-0-0-xyz',
    },
    {
      name: 'follower pod missing labels',
      existing: () => [],
      edit: (f) => {
        delete f.metadata.labels![JS.jobIndex];
      },
      err: 'pod missing label: jobset.sigs.k8s.io/job-index',
    },
    { name: 'no leader pod found', existing: () => [], err: 'expected 1 leader pod (js-rjob-0-0), but got 0' },
    {
      name: 'multiple leader pods found',
      existing: (p) => [p({ name: 'js-rjob-0-0-xyz', index: 0 }), p({ name: 'js-rjob-0-0-uvw', index: 0 })],
      err: 'expected 1 leader pod (js-rjob-0-0), but got 2',
    },
    {
      name: 'leader pod is terminating',
      existing: (p) => {
        const l = p({ name: 'js-rjob-0-0-xyz', index: 0 });
        l.metadata.deletionTimestamp = 1;
        return [l];
      },
      err: 'expected 1 leader pod (js-rjob-0-0), but got 0',
    },
    {
      name: 'active leader alongside failed leader pod',
      existing: (p) => {
        const failed = p({ name: 'js-rjob-0-0-faild', index: 0 });
        failed.status.phase = 'Failed';
        return [p({ name: 'js-rjob-0-0-xyz', index: 0 }), failed];
      },
      want: 'js-rjob-0-0-xyz',
    },
    {
      name: 'active leader alongside succeeded leader pod',
      existing: (p) => {
        const done = p({ name: 'js-rjob-0-0-succd', index: 0 });
        done.status.phase = 'Succeeded';
        return [p({ name: 'js-rjob-0-0-xyz', index: 0 }), done];
      },
      want: 'js-rjob-0-0-xyz',
    },
    {
      name: 'leader and follower owned by different jobs',
      existing: (p) => [p({ name: 'js-rjob-0-0-xyz', index: 0, owner: 'job-uid-2' })],
      err: 'follower pod owner UID (job-uid-1) != leader pod owner UID (job-uid-2)',
    },
  ];
  for (const c of cases) {
    it(`★30 ${c.name}`, () => {
      const { store } = setup();
      for (const p of c.existing(pod)) add(store, p);
      const f = follower();
      c.edit?.(f);
      if (c.err) {
        expect(() => leaderPodForFollower(store, f)).toThrow(c.err);
      } else {
        expect(leaderPodForFollower(store, f).metadata.name).toBe(c.want);
      }
    });
  }
});

describe('pod validating webhook (ValidateCreate) check order', () => {
  it('follower without any nodeSelector: "follower pod node selector not set"', () => {
    const { store } = setup();
    add(store, pod({ name: 'js-rjob-0-0-xyz', index: 0 }));
    const f = pod({ name: 'js-rjob-0-1-abc', index: 1 });
    expect(() => validateJobSetPod(store, f)).toThrow('follower pod node selector not set');
  });

  it('follower with other selectors only: the missing-selector error hides the transient one (jobset #1187)', () => {
    const { store } = setup();
    add(store, pod({ name: 'js-rjob-0-0-xyz', index: 0 }));
    const f = pod({ name: 'js-rjob-0-1-abc', index: 1, nodeSelector: { 'cloud.google.com/gke-tpu-topology': '4x4' } });
    expect(() => validateJobSetPod(store, f)).toThrow(
      `follower pod node selector for topology domain not found. missing selector: ${ZONE}`,
    );
  });

  it('follower pinned while the leader is unscheduled: the transient error; the apiserver names the webhook', () => {
    const { store } = setup();
    add(store, pod({ name: 'js-rjob-0-0-xyz', index: 0 }));
    const f = pod({ name: 'js-rjob-0-1-abc', index: 1, nodeSelector: { [ZONE]: 'Z' } });
    try {
      validateJobSetPod(store, f);
      expect.unreachable();
    } catch (e) {
      expect((e as AdmissionError).apiMessage).toBe(
        'admission webhook "vpod.kb.io" denied the request: leader pod not yet scheduled, not creating follower pod. this is an expected, transient error',
      );
    }
  });

  it('a leader is always admitted', () => {
    const { store } = setup();
    expect(() => validateJobSetPod(store, pod({ name: 'js-rjob-0-0-xyz', index: 0 }))).not.toThrow();
  });
});

describe('TestValidatePodPlacements / TestDeleteFollowerPods (pod reconciler)', () => {
  function run(followerZones: (string | undefined)[], leaderNode = 'node-a') {
    const { sim, store, node } = setup();
    node('node-a', 'Z1');
    const ctx = {
      sim,
      store,
      log: new EventLog(() => sim.now / 1e6),
      lat: resolveLatencies('realistic', {}),
      random: new RandomStreams(1),
    } as unknown as ControllerContext;
    new JobSetPodController(ctx);
    const followers = followerZones.map((z, i) =>
      add(
        store,
        pod({
          name: `js-rjob-0-${i + 1}-f000${i}`,
          index: i + 1,
          nodeSelector: z === undefined ? undefined : { [ZONE]: z },
        }),
      ),
    );
    const leader = add(store, pod({ name: 'js-rjob-0-0-lead0', index: 0 }));
    store.bind(leader, leaderNode);
    sim.run(1_000_000);
    return { store, followers, leader };
  }

  it('followers pinned to the leader domain: nothing deleted', () => {
    const { store, followers } = run(['Z1', 'Z1']);
    for (const f of followers) expect(store.getByUid(f.metadata.uid)).toBe(f);
  });

  it('★30 a follower pinned elsewhere: every follower gets DisruptionTarget/ExclusivePlacementViolation and is deleted', () => {
    const { store, followers, leader } = run(['Z1', 'Z2']);
    for (const f of followers) {
      expect(store.getByUid(f.metadata.uid)).toBeUndefined();
      expect(f.status.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'ExclusivePlacementViolation',
        message: 'Pod violated JobSet exclusive placement policy',
      });
    }
    expect(store.getByUid(leader.metadata.uid)).toBe(leader);
  });

  it('★30 a follower without a selector is a violation too', () => {
    const { store, followers } = run([undefined]);
    expect(store.getByUid(followers[0]!.metadata.uid)).toBeUndefined();
  });

  it('★30 the leader node is not found: an error, no deletion', () => {
    const { store, followers } = run(['Z2'], 'node-gone');
    expect(store.getByUid(followers[0]!.metadata.uid)).toBe(followers[0]);
  });
});
