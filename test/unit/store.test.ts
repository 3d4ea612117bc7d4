import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/api/batch.js';
import type { Pod, Service } from '../../src/api/core.js';
import type { JobSet } from '../../src/api/jobset.js';
import { FOREGROUND_FINALIZER, type KubeObject, type NewObject, type OwnerReference } from '../../src/api/meta.js';
import { Phase } from '../../src/engine/simulator.js';
import { AdmissionError, podNamePrefix, type WatchType } from '../../src/engine/store.js';
import { simStore } from '../support/sim-store.js';

const GC_US = 20_000;
const SUFFIX = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup(seed = 1) {
  const { sim, store } = simStore({ seed, gcLatencyUs: GC_US });
  /** Every watch event of every kind used here, with the simulated time (µs) it was seen at. */
  const seen: { type: WatchType; kind: string; name: string; at: number }[] = [];
  for (const kind of ['JobSet', 'Job', 'Pod', 'Service']) {
    store.watch(kind, (type, obj) => seen.push({ type, kind: obj.kind, name: obj.metadata.name, at: sim.now }));
  }
  /** Runs `fn` at simulated time `t` (µs) in the arrival phase and returns what it returned. */
  const at = <T>(t: number, fn: () => T): { value?: T } => {
    const box: { value?: T } = {};
    sim.at(t, Phase.Arrival, () => {
      box.value = fn();
    });
    return box;
  };
  const deletedAt = (name: string) => seen.find((e) => e.type === 'DELETED' && e.name === name)?.at;
  return { sim, store, seen, at, deletedAt };
}

function ownerRef(o: KubeObject): OwnerReference {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    uid: o.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function newJobSet(name: string): NewObject<JobSet> {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name, namespace: 'default' },
    spec: { replicatedJobs: [] },
    status: { restarts: 0 },
  };
}

function newJob(name: string, owner?: KubeObject): NewObject<Job> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', ownerReferences: owner ? [ownerRef(owner)] : undefined },
    spec: { template: { spec: { containers: [{ name: 'c' }] } } },
    status: {},
  };
}

function newPod(meta: { name?: string; generateName?: string }, owner?: KubeObject): NewObject<Pod> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta, namespace: 'default', ownerReferences: owner ? [ownerRef(owner)] : undefined },
    spec: { containers: [{ name: 'c' }] },
    status: { phase: 'Pending' },
  };
}

describe('Store.create', () => {
  it('assigns a uid, resourceVersion, generation 1 and creationTimestamp in seconds', () => {
    const { sim, store, at } = setup();
    const a = at(1_500_000, () => store.create(newJob('a')));
    const b = at(2_000_000, () => store.create(newJob('b')));
    sim.run(3_000_000);
    const ja = a.value!;
    const jb = b.value!;
    expect(ja.metadata.uid).toMatch(UUID);
    expect(jb.metadata.uid).toMatch(UUID);
    expect(ja.metadata.uid).not.toBe(jb.metadata.uid);
    expect(ja.metadata.resourceVersion).toBe('1');
    expect(jb.metadata.resourceVersion).toBe('2');
    expect(ja.metadata.generation).toBe(1);
    expect(ja.metadata.creationTimestamp).toBe(1.5);
    expect(jb.metadata.creationTimestamp).toBe(2);
    expect(store.get<Job>('Job', 'default', 'a')).toBe(ja);
    expect(store.getByUid<Job>(jb.metadata.uid)).toBe(jb);
    expect(store.count('Job')).toBe(2);
    expect([...store.list<Job>('Job')].map((j) => j.metadata.name)).toEqual(['a', 'b']);
    // Every write touches the clock: the run's lastChange is the last create.
    expect(sim.lastChange).toBe(2_000_000);
  });

  it('gives generateName a 5-character suffix from the seeded stream; the same seed gives the same names', () => {
    const names = (seed: number) => {
      const { store } = setup(seed);
      return [0, 1, 2].map((i) => store.create(newPod({ generateName: `js-rjob-0-${i}-` })).metadata.name);
    };
    const first = names(1);
    expect(first).toHaveLength(3);
    first.forEach((n, i) => {
      expect(n.startsWith(`js-rjob-0-${i}-`)).toBe(true);
      expect(n.slice(`js-rjob-0-${i}-`.length)).toMatch(SUFFIX);
    });
    expect(names(1)).toEqual(first);
    expect(names(2)).not.toEqual(first);
  });

  it('keeps an explicit name and rejects an object with neither name nor generateName as Invalid', () => {
    const { store } = setup();
    expect(store.create(newPod({ name: 'explicit' })).metadata.name).toBe('explicit');
    let err: unknown;
    try {
      store.create(newPod({}));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdmissionError);
    expect((err as AdmissionError).code).toBe('Invalid');
    expect((err as AdmissionError).message).toBe('name or generateName is required');
    expect(store.count('Pod')).toBe(1);
  });

  it('rejects a duplicate name in the same namespace with AlreadyExists; another namespace is fine', () => {
    const { store, seen } = setup();
    const first = store.create(newJob('dup'));
    let err: unknown;
    try {
      store.create(newJob('dup'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdmissionError);
    expect((err as AdmissionError).code).toBe('AlreadyExists');
    expect((err as AdmissionError).message).toBe('jobs "dup" already exists');
    expect(store.count('Job')).toBe(1);
    expect(store.get('Job', 'default', 'dup')).toBe(first);
    expect(seen.filter((e) => e.type === 'ADDED')).toHaveLength(1);

    const other = newJob('dup');
    other.metadata.namespace = 'other';
    store.create(other);
    expect(store.count('Job')).toBe(2);
    expect(store.get<Job>('Job', 'other', 'dup')?.metadata.namespace).toBe('other');
  });

  it('runs the admission plugins of the kind in registration order; each sees the previous one’s mutation', () => {
    const { store } = setup();
    const calls: string[] = [];
    store.addAdmission<Pod>('Pod', (p) => {
      calls.push(`first:${p.metadata.name}`);
      p.metadata.labels = { ...(p.metadata.labels ?? {}), mutated: 'yes' };
    });
    store.addAdmission<Pod>('Pod', (p) => {
      calls.push(`second:${p.metadata.labels?.mutated}`);
    });
    store.addAdmission<Job>('Job', () => {
      calls.push('job-plugin');
    });
    const p = store.create(newPod({ name: 'p' }));
    expect(calls).toEqual(['first:p', 'second:yes']);
    expect(p.metadata.labels).toEqual({ mutated: 'yes' });
  });

  it('a throwing admission plugin rejects the create: nothing is stored, indexed or watched', () => {
    const { store, seen } = setup();
    const owner = store.create(newJob('owner'));
    const later: string[] = [];
    store.addAdmission<Pod>('Pod', (p) => {
      if (p.metadata.name.endsWith('-1-abcde'))
        throw new AdmissionError('follower pod node selector not set', 'Forbidden', 'vpod');
    });
    store.addAdmission<Pod>('Pod', (p) => {
      later.push(p.metadata.name);
    });
    let err: unknown;
    try {
      store.create(newPod({ name: 'js-rjob-0-1-abcde' }, owner));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdmissionError);
    expect((err as AdmissionError).code).toBe('Forbidden');
    expect((err as AdmissionError).apiMessage).toBe(
      'admission webhook "vpod" denied the request: follower pod node selector not set',
    );
    expect(later).toEqual([]);
    expect(store.get('Pod', 'default', 'js-rjob-0-1-abcde')).toBeUndefined();
    expect(store.count('Pod')).toBe(0);
    expect(store.dependentsOf(owner.metadata.uid)).toEqual([]);
    expect(store.podsWithPrefix('default', 'js-rjob-0-1').size).toBe(0);
    expect(seen.filter((e) => e.kind === 'Pod')).toEqual([]);
  });
});

describe('Store.update / updateStatus / watch', () => {
  it('update bumps generation and resourceVersion; updateStatus only resourceVersion; watchers see MODIFIED', () => {
    const { store, seen } = setup();
    const j = store.create(newJob('j'));
    expect(j.metadata.resourceVersion).toBe('1');
    j.spec.parallelism = 4;
    store.update(j);
    expect(j.metadata.generation).toBe(2);
    expect(j.metadata.resourceVersion).toBe('2');
    j.status.active = 4;
    store.updateStatus(j);
    expect(j.metadata.generation).toBe(2);
    expect(j.metadata.resourceVersion).toBe('3');
    expect(seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED j', 'MODIFIED j', 'MODIFIED j']);
  });

  it('delivers ADDED, MODIFIED and DELETED only to the handlers of the object’s kind, in registration order', () => {
    const { store } = setup();
    const log: string[] = [];
    store.watch<Job>('Job', (t, o) => log.push(`h1 ${t} ${o.metadata.name}`));
    store.watch<Job>('Job', (t, o) => log.push(`h2 ${t} ${o.metadata.name}`));
    store.watch<Pod>('Pod', (t, o) => log.push(`pod ${t} ${o.metadata.name}`));
    const j = store.create(newJob('j'));
    store.updateStatus(j);
    store.delete(j);
    expect(log).toEqual(['h1 ADDED j', 'h2 ADDED j', 'h1 MODIFIED j', 'h2 MODIFIED j', 'h1 DELETED j', 'h2 DELETED j']);
    expect(store.get('Job', 'default', 'j')).toBeUndefined();
    expect(store.getByUid(j.metadata.uid)).toBeUndefined();
  });
});

describe('Store owner references and garbage collection', () => {
  it('dependentsOf indexes by owner uid, filters by kind, and forgets removed dependents', () => {
    const { store } = setup();
    const js = store.create(newJobSet('js'));
    const j0 = store.create(newJob('js-a-0', js));
    const j1 = store.create(newJob('js-a-1', js));
    const svc = store.create<Service>({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'js', namespace: 'default', ownerReferences: [ownerRef(js)] },
      spec: { clusterIP: 'None' },
    });
    store.create(newJob('unowned'));
    expect(store.dependentsOf(js.metadata.uid).map((o) => o.metadata.name)).toEqual(['js-a-0', 'js-a-1', 'js']);
    expect(store.dependentsOf<Job>(js.metadata.uid, 'Job')).toEqual([j0, j1]);
    expect(store.dependentsOf(js.metadata.uid, 'Service')).toEqual([svc]);
    expect(store.dependentsOf('no-such-uid')).toEqual([]);
    store.delete(j0);
    expect(store.dependentsOf<Job>(js.metadata.uid, 'Job')).toEqual([j1]);
  });

  it('background cascading deletion: the owner goes now, its dependents one gcLatency later, theirs one more', () => {
    const { sim, store, at, deletedAt } = setup();
    const js = store.create(newJobSet('js'));
    const j0 = store.create(newJob('js-a-0', js));
    store.create(newJob('js-a-1', js));
    store.create(newPod({ name: 'js-a-0-0-bbbbb' }, j0));
    at(1_000_000, () => store.delete(js, 'Background'));
    sim.run(1_000_000);
    expect(store.get('JobSet', 'default', 'js')).toBeUndefined();
    expect(js.metadata.deletionTimestamp).toBe(1);
    expect(store.count('Job')).toBe(2);
    sim.run(1_000_000 + GC_US - 1);
    expect(store.count('Job')).toBe(2);
    sim.run(10_000_000);
    expect(deletedAt('js')).toBe(1_000_000);
    expect(deletedAt('js-a-0')).toBe(1_000_000 + GC_US);
    expect(deletedAt('js-a-1')).toBe(1_000_000 + GC_US);
    expect(deletedAt('js-a-0-0-bbbbb')).toBe(1_000_000 + 2 * GC_US);
    expect(store.count('Job')).toBe(0);
    expect(store.count('Pod')).toBe(0);
  });

  it('Orphan deletion removes the owner and leaves its dependents', () => {
    const { sim, store } = setup();
    const js = store.create(newJobSet('js'));
    store.create(newJob('js-a-0', js));
    store.delete(js, 'Orphan');
    sim.run(10_000_000);
    expect(store.get('JobSet', 'default', 'js')).toBeUndefined();
    expect(store.get('Job', 'default', 'js-a-0')).toBeDefined();
  });

  it('foreground deletion: the owner is marked with the foregroundDeletion finalizer and goes after its dependents', () => {
    const { sim, store, seen, at, deletedAt } = setup();
    const js = store.create(newJobSet('js'));
    store.create(newJob('js-a-0', js));
    store.create(newJob('js-a-1', js));
    at(1_000_000, () => store.delete(js, 'Foreground'));
    sim.run(1_000_000);
    const marked = store.get<JobSet>('JobSet', 'default', 'js');
    expect(marked).toBe(js);
    expect(js.metadata.deletionTimestamp).toBe(1);
    expect(js.metadata.finalizers).toEqual([FOREGROUND_FINALIZER]);
    expect(seen.filter((e) => e.name === 'js').map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    // Deleting again keeps the first policy: nothing changes.
    store.delete(js, 'Background');
    expect(store.get('JobSet', 'default', 'js')).toBe(js);
    sim.run(10_000_000);
    expect(deletedAt('js-a-0')).toBe(1_000_000 + GC_US);
    expect(deletedAt('js-a-1')).toBe(1_000_000 + GC_US);
    expect(deletedAt('js')).toBe(1_000_000 + 2 * GC_US);
    expect(store.get('JobSet', 'default', 'js')).toBeUndefined();
    expect(js.metadata.finalizers).toEqual([]);
  });

  it('foreground deletion waits for a gracefully terminating dependent pod, however long it takes', () => {
    const { sim, store, at, deletedAt } = setup();
    const job = store.create(newJob('js-a-0'));
    const pod = store.create(newPod({ name: 'js-a-0-0-bbbbb' }, job));
    store.bind(pod, 'node-a');
    pod.status.phase = 'Running';
    at(1_000_000, () => store.delete(job, 'Foreground'));
    sim.run(4_000_000);
    // The GC deleted the pod at 1.02 s, but a bound running pod terminates gracefully: as the apiserver,
    // deletionTimestamp is when the deletion is due (request + the default 30 s grace).
    expect(pod.metadata.deletionTimestamp).toBe(31.02);
    expect(pod.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.get('Pod', 'default', 'js-a-0-0-bbbbb')).toBe(pod);
    expect(store.get('Job', 'default', 'js-a-0')).toBe(job);
    expect(job.metadata.finalizers).toEqual([FOREGROUND_FINALIZER]);
    at(5_000_000, () => store.finishDeletion(pod));
    sim.run(20_000_000);
    expect(deletedAt('js-a-0-0-bbbbb')).toBe(5_000_000);
    expect(deletedAt('js-a-0')).toBe(5_000_000 + GC_US);
    expect(store.count('Job')).toBe(0);
  });

  it('a foreground-deleted owner whose dependent has dependents deletes that dependent in the foreground too', () => {
    const { sim, store, at, deletedAt } = setup();
    const js = store.create(newJobSet('js'));
    const job = store.create(newJob('js-a-0', js));
    store.create(newPod({ name: 'js-a-0-0-bbbbb' }, job));
    at(1_000_000, () => store.delete(js, 'Foreground'));
    sim.run(1_000_000 + GC_US);
    expect(job.metadata.finalizers).toEqual([FOREGROUND_FINALIZER]);
    expect(job.metadata.deletionTimestamp).toBe(1.02);
    sim.run(20_000_000);
    expect(deletedAt('js-a-0-0-bbbbb')).toBe(1_000_000 + 2 * GC_US);
    expect(deletedAt('js-a-0')).toBe(1_000_000 + 3 * GC_US);
    expect(deletedAt('js')).toBe(1_000_000 + 4 * GC_US);
  });
});

describe('Store pods: graceful deletion and indexes', () => {
  it('a pod bound to a node terminates gracefully: deletionTimestamp set, still present until finishDeletion', () => {
    const { sim, store, seen, at } = setup();
    const pod = store.create(newPod({ name: 'p-0-bbbbb' }));
    store.bind(pod, 'node-a');
    pod.status.phase = 'Running';
    at(2_000_000, () => store.delete(pod));
    sim.run(3_000_000);
    expect(pod.metadata.deletionTimestamp).toBe(32);
    expect(pod.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.get('Pod', 'default', 'p-0-bbbbb')).toBe(pod);
    expect(store.podsOn('node-a').has(pod)).toBe(true);
    expect(seen.filter((e) => e.type === 'DELETED')).toEqual([]);
    store.finishDeletion(pod);
    expect(store.get('Pod', 'default', 'p-0-bbbbb')).toBeUndefined();
    expect(store.podsOn('node-a').size).toBe(0);
    expect(seen.filter((e) => e.type === 'DELETED').map((e) => e.name)).toEqual(['p-0-bbbbb']);
  });

  it('an unbound pod, or a bound pod that already finished, is removed at once', () => {
    const { store } = setup();
    const pending = store.create(newPod({ name: 'pending-bbbbb' }));
    store.delete(pending);
    expect(store.get('Pod', 'default', 'pending-bbbbb')).toBeUndefined();
    const done = store.create(newPod({ name: 'done-bbbbb' }));
    store.bind(done, 'node-a');
    done.status.phase = 'Succeeded';
    store.delete(done);
    expect(store.get('Pod', 'default', 'done-bbbbb')).toBeUndefined();
    expect(store.podsOn('node-a').size).toBe(0);
  });

  it('a pod with a finalizer waits for removeFinalizer; finishDeletion does not remove it early', () => {
    const { store } = setup();
    const pod = newPod({ name: 'tracked-bbbbb' });
    pod.metadata.finalizers = ['batch.kubernetes.io/job-tracking'];
    const p = store.create(pod);
    store.delete(p);
    expect(p.metadata.deletionTimestamp).toBe(0);
    expect(store.get('Pod', 'default', 'tracked-bbbbb')).toBe(p);
    store.finishDeletion(p);
    expect(store.get('Pod', 'default', 'tracked-bbbbb')).toBe(p);
    store.removeFinalizer(p, 'batch.kubernetes.io/job-tracking');
    expect(store.get('Pod', 'default', 'tracked-bbbbb')).toBeUndefined();
  });

  it('podsOn(node) lists the pods bound to the node after bind', () => {
    const { store } = setup();
    const a = store.create(newPod({ name: 'a-bbbbb' }));
    const b = store.create(newPod({ name: 'b-bbbbb' }));
    const c = store.create(newPod({ name: 'c-bbbbb' }));
    expect(store.podsOn('node-a').size).toBe(0);
    store.bind(a, 'node-a');
    store.bind(b, 'node-a');
    store.bind(c, 'node-b');
    expect(a.spec.nodeName).toBe('node-a');
    expect([...store.podsOn('node-a')]).toEqual([a, b]);
    expect([...store.podsOn('node-b')]).toEqual([c]);
    expect(a.metadata.resourceVersion).toBe('4');
  });

  it('podsWithPrefix finds js-rjob-0-0-abcde under js-rjob-0-0 in its namespace only', () => {
    const { store } = setup();
    const leader = store.create(newPod({ name: 'js-rjob-0-0-abcde' }));
    const other = store.create(newPod({ name: 'js-rjob-0-1-fghjk' }));
    expect([...store.podsWithPrefix('default', 'js-rjob-0-0')]).toEqual([leader]);
    expect([...store.podsWithPrefix('default', 'js-rjob-0-1')]).toEqual([other]);
    expect(store.podsWithPrefix('other', 'js-rjob-0-0').size).toBe(0);
    expect(store.podsWithPrefix('default', 'js-rjob-0').size).toBe(0);
    store.delete(leader);
    expect(store.podsWithPrefix('default', 'js-rjob-0-0').size).toBe(0);
  });

  it('podsWithPrefix keeps namespaces apart and lists a prefix in creation order across deletions', () => {
    const { store } = setup();
    const inOther = newPod({ name: 'js-rjob-0-0-abcde' });
    inOther.metadata.namespace = 'team-b';
    const b = store.create(inOther);
    const first = store.create(newPod({ name: 'js-rjob-0-0-fghjk' }));
    const second = store.create(newPod({ name: 'js-rjob-0-0-lmnpq' }));
    expect([...store.podsWithPrefix('default', 'js-rjob-0-0')]).toEqual([first, second]);
    expect([...store.podsWithPrefix('team-b', 'js-rjob-0-0')]).toEqual([b]);
    store.delete(first);
    const third = store.create(newPod({ name: 'js-rjob-0-0-rstvw' }));
    expect([...store.podsWithPrefix('default', 'js-rjob-0-0')]).toEqual([second, third]);
    store.delete(b);
    expect(store.podsWithPrefix('team-b', 'js-rjob-0-0').size).toBe(0);
    expect([...store.podsWithPrefix('default', 'js-rjob-0-0')]).toEqual([second, third]);
  });

  it('podsOn(node) is empty once its last pod is gone and lists the next pod bound there', () => {
    const { store } = setup();
    const a = store.create(newPod({ name: 'a-bbbbb' }));
    store.bind(a, 'node-a');
    a.status.phase = 'Succeeded';
    store.delete(a);
    expect(store.podsOn('node-a').size).toBe(0);
    const b = store.create(newPod({ name: 'b-bbbbb' }));
    store.bind(b, 'node-a');
    expect([...store.podsOn('node-a')]).toEqual([b]);
    expect(store.podsOn('node-b').size).toBe(0);
  });

  it('podNamePrefix strips the last dash-separated segment', () => {
    expect(podNamePrefix('js-rjob-0-0-abcde')).toBe('js-rjob-0-0');
    expect(podNamePrefix('nodash')).toBeUndefined();
    expect(podNamePrefix('-leading')).toBeUndefined();
  });
});
