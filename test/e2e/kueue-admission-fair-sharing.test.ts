// Admission Fair Sharing (spec/kueue.md §3.8) in whole runs: the flooding tenant scenario, the cases of kueue
// ff69552e pkg/scheduler/scheduler_afs_test.go TestScheduleForAFS (as admission order), preemption within a
// ClusterQueue taking from the LocalQueue that consumed more, and the Configuration's validation.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/problems.js';
import { simulate } from '../../src/simulate.js';

const admissions = (events: LogRecord[]) =>
  events.filter((e) => e.type === 'WorkloadAdmitted').map((e) => String(e.jobSet).split('/')[1]);

describe('scenarios/kueue-admission-fair-sharing.yaml: one tenant floods a shared ClusterQueue', () => {
  it('AFS interleaves: speech goes next once vision has consumed more, although vision queued first', () => {
    const { result, events } = simulate('scenarios/kueue-admission-fair-sharing.yaml');
    expect(admissions(events)).toEqual([
      'vision-1',
      'vision-2', // speech arrives at 5m; only vision is waiting at 0
      'speech-1', // vision-1/2 done at ~30m: speech's LocalQueue has consumed nothing
      'speech-2', // still below vision (one entry penalty against two admissions and 30 min of usage)
      'vision-3', // after 30 min of speech's usage, vision's decayed history is the lower one
      'vision-4',
      'speech-3',
      'vision-5',
      'vision-6',
      'vision-7',
      'vision-8',
    ]);
    expect(result.metrics.jobsets).toEqual({ submitted: 11, completed: 11, failed: 0, unfinished: 0 });
    // The LocalQueues' usage is in the series: vision's exceeds speech's when speech-1 is chosen.
    const lqs = (
      result.series as {
        kueue: {
          clusterQueues: { shared: { localQueues: Record<string, { afsUsage: { t: number[]; v: number[] } }> } };
        };
      }
    ).kueue.clusterQueues.shared.localQueues;
    const speech1 = events.find((e) => e.type === 'WorkloadAdmitted' && e.jobSet === 'speech/speech-1')!.t;
    const at = (s: { t: number[]; v: number[] }, t: number) => s.v[s.t.findLastIndex((x) => x < t)]!;
    expect(at(lqs['vision/lq']!.afsUsage, speech1)).toBeGreaterThan(at(lqs['speech/lq']!.afsUsage, speech1));
    expect(at(lqs['speech/lq']!.afsUsage, speech1)).toBe(0);
  });

  it('plain BestEffortFIFO (no admissionScope): speech waits behind all eight of vision', () => {
    const { events } = simulate('scenarios/kueue-admission-fair-sharing.yaml', {
      sets: ['ClusterQueue/shared:spec.admissionScope=null'],
    });
    expect(admissions(events)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `vision-${i}`),
      'speech-1',
      'speech-2',
      'speech-3',
    ]);
  });

  it('the AdmissionFairSharing feature gate off: the same FIFO order', () => {
    const { events } = simulate('scenarios/kueue-admission-fair-sharing.yaml', {
      sets: ['featureGates={AdmissionFairSharing: false}'],
    });
    expect(admissions(events).slice(0, 3)).toEqual(['vision-1', 'vision-2', 'vision-3']);
  });
});

// TestScheduleForAFS's setup: cq1 {cpu 8, memory 8Gi} in UsageBasedAdmissionFairSharing mode, LocalQueues lq-a,
// lq-b, lq-c (weight 1) and lq-zero (weight 0) in `default`, usageHalfLifeTime 10s, usageSamplingInterval 1s. The
// initial usage is the LocalQueues' persisted status (upstream: the ledger set directly). All workloads exist
// before the first cycle, in the order given (upstream: creation times now, now+1s, …).
function afsCluster(
  initial: Record<string, number>,
  jobs: [name: string, lq: string, cpu: number][],
  extra = '',
): string {
  const lq = (name: string, weight: string) => {
    const usage = initial[name];
    const status =
      usage === undefined
        ? ''
        : `\nstatus: {fairSharing: {weightedShare: 0, admissionFairSharingStatus: {consumedResources: {cpu: "${usage}"}, lastUpdate: 0}}}`;
    return `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: ${name}, namespace: default}
spec: {clusterQueue: cq1, fairSharing: {weight: "${weight}"}}${status}
`;
  };
  const job = ([name, queue, cpu]: [string, string, number]) => `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  labels: {kueue.x-k8s.io/queue-name: ${queue}}
  annotations: {jobset-sim.dev/duration: 10m}
spec:
  replicatedJobs:
  - name: one
    template:
      spec:
        template:
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {requests: {cpu: "${cpu}"}}}]
`;
  return `apiVersion: jobset-sim.dev/v1alpha1
kind: Simulation
metadata: {name: afs}
spec: {seed: 1, latencyProfile: zero}
---
apiVersion: jobset-sim.dev/v1alpha1
kind: NodePool
metadata: {name: cpu}
spec: {nodes: 2, resources: {cpu: "16", memory: 64Gi}}
---
apiVersion: config.kueue.x-k8s.io/v1beta2
kind: Configuration
admissionFairSharing: {usageHalfLifeTime: 10s, usageSamplingInterval: 1s}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: default}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: cq1}
spec:
  namespaceSelector: {}
  admissionScope: {admissionMode: UsageBasedAdmissionFairSharing}
  resourceGroups:
  - coveredResources: [cpu, memory]
    flavors: [{name: default, resources: [{name: cpu, nominalQuota: 8}, {name: memory, nominalQuota: 8Gi}]}]
${lq('lq-a', '1')}${lq('lq-b', '1')}${lq('lq-c', '1')}${lq('lq-zero', '0')}${extra}${jobs.map(job).join('')}`;
}

/** Admitted at the first instant (before any workload finished) vs later. */
function firstWave(text: string, sets: string[] = []): { first: string[]; later: string[] } {
  const { events } = simulate({ texts: [{ file: 'afs.yaml', text }] }, { sets });
  const adm = events.filter((e) => e.type === 'WorkloadAdmitted');
  return {
    first: adm.filter((e) => e.t < 60).map((e) => String(e.jobSet).split('/')[1]!),
    later: adm.filter((e) => e.t >= 60).map((e) => String(e.jobSet).split('/')[1]!),
  };
}

describe('scheduler_afs_test.go TestScheduleForAFS', () => {
  it('admits workload from less active localqueue', () => {
    const text = afsCluster({ 'lq-a': 8, 'lq-b': 2 }, [
      ['wl-a1', 'lq-a', 8],
      ['wl-b1', 'lq-b', 8],
    ]);
    expect(firstWave(text)).toEqual({ first: ['wl-b1'], later: ['wl-a1'] });
  });

  it('does not prioritize a zero-weight localqueue', () => {
    const text = afsCluster({ 'lq-a': 0, 'lq-zero': 0 }, [
      ['wl-z1', 'lq-zero', 8],
      ['wl-a1', 'lq-a', 8],
    ]);
    expect(firstWave(text)).toEqual({ first: ['wl-a1'], later: ['wl-z1'] });
  });

  it('without AFS: classic admission decision ignores queue usage', () => {
    const text = afsCluster({ 'lq-a': 8, 'lq-b': 2 }, [
      ['wl-a1', 'lq-a', 8],
      ['wl-b1', 'lq-b', 8],
    ]);
    expect(firstWave(text, ['featureGates={AdmissionFairSharing: false}'])).toEqual({
      first: ['wl-a1'],
      later: ['wl-b1'],
    });
  });

  it('admits one workload from each localqueue when quota is limited', () => {
    const text = afsCluster({ 'lq-a': 4, 'lq-b': 4 }, [
      ['wl-a1', 'lq-a', 4],
      ['wl-a2', 'lq-a', 4],
      ['wl-b1', 'lq-b', 4],
      ['wl-b2', 'lq-b', 4],
    ]);
    // wl-a1 first (equal usage, older), then its entry penalty puts lq-a behind lq-b.
    expect(firstWave(text).first).toEqual(['wl-a1', 'wl-b1']);
  });

  it('schedules normally when queues have equal usage', () => {
    const text = afsCluster({ 'lq-a': 2, 'lq-b': 2, 'lq-c': 2 }, [
      ['wl-a1', 'lq-a', 4],
      ['wl-b1', 'lq-b', 3],
      ['wl-c1', 'lq-c', 1],
    ]);
    expect(firstWave(text)).toEqual({ first: ['wl-a1', 'wl-b1', 'wl-c1'], later: [] });
  });
});

describe('preemption within a ClusterQueue under AFS (preemption/common/ordering.go CandidatesOrdering)', () => {
  // Two low-priority 4-cpu workloads run, lq-a's admitted first; a high-priority one needs one of them.
  // CandidatesOrdering: same priority, so the most recently admitted (wl-b-low) goes first, unless AFS applies:
  // then the workload of the LocalQueue with the higher usage (lq-a, seeded with 100 cpu) goes first.
  const text = (afs: boolean) =>
    afsCluster(
      { 'lq-a': 100, 'lq-b': 0 },
      [],
      `---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: low}
value: 1
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: WorkloadPriorityClass
metadata: {name: high}
value: 100
${[
  ['wl-a-low', 'lq-a', 'low', '0s'],
  ['wl-b-low', 'lq-b', 'low', '10s'],
  ['wl-urgent', 'lq-b', 'high', '60s'],
]
  .map(
    ([name, lq, prio, at]) => `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: ${name}
  labels: {kueue.x-k8s.io/queue-name: ${lq}, kueue.x-k8s.io/priority-class: ${prio}}
  annotations: {jobset-sim.dev/submit-at: ${at}, jobset-sim.dev/duration: 1h}
spec:
  replicatedJobs:
  - name: one
    template:
      spec:
        template:
          spec:
            restartPolicy: Never
            containers: [{name: c, image: x, resources: {requests: {cpu: "4"}}}]
`,
  )
  .join('')}`,
    )
      // Without admissionScope the ClusterQueue does not use AFS (the Configuration still enables it).
      .replace('  admissionScope', afs ? '  admissionScope' : '  # admissionScope')
      .replace('namespaceSelector: {}', 'namespaceSelector: {}\n  preemption: {withinClusterQueue: LowerPriority}');
  const preempted = (afs: boolean) =>
    simulate({ texts: [{ file: 'p.yaml', text: text(afs) }] })
      .events.filter((e) => e.type === 'WorkloadPreempted')
      .map((e) => [String(e.jobSet).split('/')[1], e.reason]);

  it('AFS: the workload of the LocalQueue with the higher usage is preempted', () => {
    expect(preempted(true)).toEqual([['wl-a-low', 'InClusterQueue']]);
  });

  it('without AFS: the most recently admitted one', () => {
    expect(preempted(false)).toEqual([['wl-b-low', 'InClusterQueue']]);
  });
});

describe('Configuration admissionFairSharing validation (pkg/config/validation.go validateAdmissionFairSharing)', () => {
  const problems = (section: string): string[] => {
    const text = afsCluster({}, []).replace(
      'admissionFairSharing: {usageHalfLifeTime: 10s, usageSamplingInterval: 1s}',
      `admissionFairSharing: ${section}`,
    );
    try {
      simulate({ texts: [{ file: 'c.yaml', text }] });
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
      throw e;
    }
    return [];
  };

  it('negative half-life, negative sampling interval and negative resource weights are errors at their fields', () => {
    expect(
      problems('{usageHalfLifeTime: -1m, usageSamplingInterval: -5m, resourceWeights: {cpu: -1, memory: 2}}'),
    ).toEqual([
      'admissionFairSharing.usageHalfLifeTime: must be greater than or equal to 0',
      'admissionFairSharing.usageSamplingInterval: must be greater than 0',
      'admissionFairSharing.resourceWeights.cpu: must be greater than or equal to 0',
    ]);
  });

  it('defaults: usageSamplingInterval 0 or absent is 5m; unknown fields and non-numeric weights are errors', () => {
    expect(problems('{usageHalfLifeTime: 1h, usageSamplingInterval: 0s}')).toEqual([]);
    expect(problems('{usageHalfLifeTime: 1h}')).toEqual([]);
    const cfg = (section: string) =>
      loadScenarioFromTexts([
        {
          file: 'c.yaml',
          text: afsCluster({}, []).replace(/admissionFairSharing: \{.*\}/, `admissionFairSharing: ${section}`),
        },
      ]).scenario.kueue.config.admissionFairSharing;
    expect(cfg('{usageHalfLifeTime: 1h, usageSamplingInterval: 0s}')).toEqual({
      usageHalfLifeTimeUs: 3600e6,
      usageSamplingIntervalUs: 300e6,
      resourceWeights: {},
    });
    // usageHalfLifeTime has no default: absent is 0 (the usage is reset at every sample).
    expect(cfg('{resourceWeights: {cpu: 2}}')).toEqual({
      usageHalfLifeTimeUs: 0,
      usageSamplingIntervalUs: 300e6,
      resourceWeights: { cpu: 2 },
    });
    expect(problems('{usageHalfLife: 1h}')).toEqual([
      'admissionFairSharing.usageHalfLife: unknown field (expected one of: usageHalfLifeTime, usageSamplingInterval, resourceWeights)',
    ]);
    expect(problems('{usageHalfLifeTime: 1h, resourceWeights: {nvidia.com/gpu: "2"}}')).toEqual([
      'admissionFairSharing.resourceWeights["nvidia.com/gpu"]: expected a number, got "2"',
    ]);
  });
});
