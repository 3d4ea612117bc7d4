// The Job controller's early rejection of followers (followerRejectedBeforeBuild, a Store precheck): whenever it
// answers, create() of the whole pod through the same webhooks rejects it with the same error; where it cannot tell,
// it answers nothing. Upstream has no such shortcut (the apiserver calls pkg/webhooks/pod_webhook.go each time).
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/core.js';
import { BATCH, JS } from '../../../src/api/jobset.js';
import type { NewObject } from '../../../src/api/meta.js';
import {
  followerRejectedBeforeBuild,
  mutateJobSetPod,
  validateJobSetPod,
} from '../../../src/controllers/jobset/pod-webhook.js';
import { RandomStreams } from '../../../src/engine/random.js';
import { Simulator } from '../../../src/engine/simulator.js';
import { AdmissionError, Store } from '../../../src/engine/store.js';

const POOL = 'cloud.google.com/gke-nodepool';

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
  store.addAdmission<Pod>('Pod', (p) => mutateJobSetPod(store, p));
  store.addAdmission<Pod>('Pod', (p) => validateJobSetPod(store, p));
  store.addPrecheck<Pod>('Pod', (p) => followerRejectedBeforeBuild(store, p));
  store.create({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n0', labels: { [POOL]: 'pool-0' } },
    spec: {},
    status: { allocatable: { cpu: '8' }, capacity: { cpu: '8' } },
  } as unknown as NewObject<Pod>);
  return store;
}

function pod(index: number, o: { owner?: string; selector?: Record<string, string> } = {}): NewObject<Pod> {
  const labels = {
    [JS.jobSetName]: 'js',
    [JS.replicatedJobName]: 'rjob',
    [JS.jobIndex]: '0',
    [JS.jobKey]: 'key-0',
    [BATCH.completionIndex]: String(index),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `js-rjob-0-${index}-`,
      namespace: 'default',
      labels,
      annotations: { ...labels, [JS.exclusiveKey]: POOL },
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'Job', name: 'js-rjob-0', uid: o.owner ?? 'job-uid-1', controller: true },
      ],
    },
    spec: { containers: [{ name: 'c' }], nodeSelector: o.selector },
    status: { phase: 'Pending' },
  } as NewObject<Pod>;
}

/** create()'s rejection of the whole pod, or undefined when it is admitted. */
function createError(store: Store, p: NewObject<Pod>): AdmissionError | undefined {
  try {
    store.create<Pod>(p);
    return undefined;
  } catch (e) {
    if (e instanceof AdmissionError) return e;
    throw e;
  }
}

describe('followerRejectedBeforeBuild', () => {
  const unscheduled: [string, Record<string, string> | undefined, string][] = [
    ['no node selector', undefined, 'follower pod node selector not set'],
    [
      'a node selector without the topology key',
      { 'cloud.google.com/gke-tpu-topology': '4x4' },
      `follower pod node selector for topology domain not found. missing selector: ${POOL}`,
    ],
    [
      'the topology key already selected',
      { [POOL]: 'pool-0' },
      'leader pod not yet scheduled, not creating follower pod. this is an expected, transient error',
    ],
  ];
  for (const [name, selector, message] of unscheduled) {
    it(`leader live, not scheduled, ${name}: the validating webhook's error, as create() gives it`, () => {
      const store = setup();
      store.create<Pod>(pod(0));
      const early = followerRejectedBeforeBuild(store, pod(1, { selector }) as unknown as Pod);
      const full = createError(store, pod(1, { selector }));
      expect(early?.message).toBe(message);
      expect(early?.apiMessage).toBe(`admission webhook "vpod.kb.io" denied the request: ${message}`);
      expect(full?.apiMessage).toBe(early?.apiMessage);
      expect(full?.code).toBe(early?.code);
      expect(store.precheck('Pod', pod(2, { selector }))?.apiMessage).toBe(early?.apiMessage);
      expect(store.count('Pod')).toBe(1);
    });
  }

  it('leader scheduled: no answer, and create() admits the follower pinned to its pool', () => {
    const store = setup();
    const l = store.create<Pod>(pod(0));
    l.spec.nodeName = 'n0';
    expect(store.precheck('Pod', pod(1))).toBeUndefined();
    expect(createError(store, pod(1))).toBeUndefined();
    expect(store.count('Pod')).toBe(2);
  });

  it('no live leader, or a leader of another Job: no answer (create() rejects through the webhooks as before)', () => {
    const store = setup();
    const pinned = () => pod(1, { selector: { [POOL]: 'pool-0' } });
    expect(store.precheck('Pod', pinned())).toBeUndefined();
    expect(createError(store, pinned())?.message).toMatch(/^expected 1 leader pod \(js-rjob-0-0\), but got 0/);
    store.create<Pod>(pod(0, { owner: 'job-uid-old' }));
    expect(store.precheck('Pod', pinned())).toBeUndefined();
    expect(createError(store, pinned())?.message).toMatch(/^follower pod owner UID/);
  });

  it('the leader itself, and pods outside exclusive placement: no answer', () => {
    const store = setup();
    expect(store.precheck('Pod', pod(0))).toBeUndefined();
    const plain = pod(1);
    delete plain.metadata.annotations![JS.exclusiveKey];
    expect(store.precheck('Pod', plain)).toBeUndefined();
  });
});
