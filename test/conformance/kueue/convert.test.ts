// v1beta1 → v1beta2 conversion and the TopologyAssignment encoding against kueue ff69552e:
// apis/kueue/v1beta1/clusterqueue_conversion_test.go TestClusterQueueConvertTo, localqueue_conversion_test.go
// TestLocalQueueConvertTo, workload_conversion_test.go TestWorkloadConvertTo, and pkg/util/tas/
// tas_assignment_test.go bothWaysTestCases (TestV1Beta2FromInternal / TestInternalFromV1Beta2).
// Objects are written as YAML gives them (JSON names, omitempty fields absent).
import { describe, expect, it } from 'vitest';
import { convertV1beta1 } from '../../../src/kueue/api.js';
import {
  encodeTopologyAssignment,
  type TopologyDomainAssignment,
  topologyDomains,
} from '../../../src/kueue/topology-assignment.js';

const V1 = 'kueue.x-k8s.io/v1beta1';
const V2 = 'kueue.x-k8s.io/v1beta2';
const meta = { name: 'test-clusterqueue' };

describe('clusterqueue_conversion_test.go TestClusterQueueConvertTo', () => {
  const obj = (apiVersion: string, spec: object, status?: object) => ({
    apiVersion,
    kind: 'ClusterQueue',
    metadata: meta,
    spec,
    ...(status ? { status } : {}),
  });
  it.each<[string, object, object, object?, object?]>([
    ['nil cohort', { cohort: '' }, {}],
    ['cohort to cohortName conversion', { cohort: 'test-cohort' }, { cohortName: 'test-cohort' }],
    [
      'AdmissionChecks to AdmissionChecksStrategy conversion',
      { admissionChecks: ['check1', 'check2'] },
      { admissionChecksStrategy: { admissionChecks: [{ name: 'check1' }, { name: 'check2' }] } },
    ],
    [
      'AdmissionChecksStrategy preserved',
      { admissionChecksStrategy: { admissionChecks: [{ name: 'strategy-check1' }, { name: 'strategy-check2' }] } },
      { admissionChecksStrategy: { admissionChecks: [{ name: 'strategy-check1' }, { name: 'strategy-check2' }] } },
    ],
    ['empty AdmissionChecks', { admissionChecks: [] }, {}],
    [
      'FlavorFungibility Preempt to MayStopSearch',
      { flavorFungibility: { whenCanPreempt: 'Preempt' } },
      { flavorFungibility: { whenCanPreempt: 'MayStopSearch' } },
    ],
    [
      'FlavorFungibility Borrow to MayStopSearch',
      { flavorFungibility: { whenCanBorrow: 'Borrow' } },
      { flavorFungibility: { whenCanBorrow: 'MayStopSearch' } },
    ],
    [
      'FlavorFungibility MayStopSearch preserved',
      { flavorFungibility: { whenCanPreempt: 'MayStopSearch', whenCanBorrow: 'MayStopSearch' } },
      { flavorFungibility: { whenCanPreempt: 'MayStopSearch', whenCanBorrow: 'MayStopSearch' } },
    ],
    [
      'FlavorFungibility TryNextFlavor preserved',
      { flavorFungibility: { whenCanPreempt: 'TryNextFlavor', whenCanBorrow: 'TryNextFlavor' } },
      { flavorFungibility: { whenCanPreempt: 'TryNextFlavor', whenCanBorrow: 'TryNextFlavor' } },
    ],
    [
      'complete ClusterQueue with all fields',
      {
        cohort: 'prod-cohort',
        admissionChecks: ['multikueue-check'],
        flavorFungibility: { whenCanPreempt: 'TryNextFlavor', whenCanBorrow: 'MayStopSearch' },
        queueingStrategy: 'StrictFIFO',
      },
      {
        cohortName: 'prod-cohort',
        admissionChecksStrategy: { admissionChecks: [{ name: 'multikueue-check' }] },
        flavorFungibility: { whenCanPreempt: 'TryNextFlavor', whenCanBorrow: 'MayStopSearch' },
        queueingStrategy: 'StrictFIFO',
      },
      {
        fairSharing: {
          weightedShare: 100,
          admissionFairSharingStatus: { consumedResources: { cpu: '10' }, lastUpdate: 0 },
        },
        conditions: [{ type: 'Active', status: 'True', reason: 'Ready' }],
        pendingWorkloads: 5,
      },
      {
        fairSharing: { weightedShare: 100 },
        conditions: [{ type: 'Active', status: 'True', reason: 'Ready' }],
        pendingWorkloads: 5,
      },
    ],
  ])('%s', (_name, spec, wantSpec, status, wantStatus) => {
    const input = obj(V1, spec, status);
    const before = structuredClone(input);
    expect(convertV1beta1(input)).toEqual(obj(V2, wantSpec, wantStatus));
    expect(input).toEqual(before); // the input is not mutated
  });

  it('other versions are returned unchanged', () => {
    const o = obj(V2, { cohortName: 'x' });
    expect(convertV1beta1(o)).toEqual(o);
  });
});

describe('localqueue_conversion_test.go TestLocalQueueConvertTo', () => {
  const lq = (apiVersion: string, status: object) => ({
    apiVersion,
    kind: 'LocalQueue',
    metadata: { name: 'test-localqueue', namespace: 'default' },
    spec: { clusterQueue: 'cq' },
    status,
  });
  const usage = [{ name: 'default-flavor', resources: [{ name: 'cpu', total: '10' }] }];
  it.each<[string, object, object]>([
    ['nil FlavorUsage', {}, {}],
    ['empty FlavorUsage', { flavorUsage: [] }, { flavorsUsage: [] }],
    ['single FlavorUsage', { flavorUsage: usage }, { flavorsUsage: usage }],
    [
      'with conditions and status fields',
      { pendingWorkloads: 2, flavorsReservation: usage, flavorUsage: usage, flavors: [{ name: 'default-flavor' }] },
      { pendingWorkloads: 2, flavorsReservation: usage, flavorsUsage: usage },
    ],
  ])('%s', (_name, status, want) => {
    expect(convertV1beta1(lq(V1, status))).toEqual(lq(V2, want));
  });
});

describe('workload_conversion_test.go TestWorkloadConvertTo', () => {
  const wl = (apiVersion: string, spec: object, status: object = {}) => ({
    apiVersion,
    kind: 'Workload',
    metadata: { name: 'test-workload', namespace: 'default' },
    spec: { podSets: [], ...spec },
    status,
  });
  it.each<[string, object, object, object, object]>([
    ['nil AccumulatedPastExexcutionTimeSeconds', {}, {}, {}, {}],
    [
      'zero AccumulatedPastExexcutionTimeSeconds',
      {},
      { accumulatedPastExexcutionTimeSeconds: 0 },
      {},
      { accumulatedPastExecutionTimeSeconds: 0 },
    ],
    [
      'non-zero AccumulatedPastExexcutionTimeSeconds',
      {},
      { accumulatedPastExexcutionTimeSeconds: 3600 },
      {},
      { accumulatedPastExecutionTimeSeconds: 3600 },
    ],
    [
      'with PodPriorityClassSource',
      { priority: 100, priorityClassSource: 'scheduling.k8s.io/priorityclass', priorityClassName: 'low' },
      {},
      { priority: 100, priorityClassRef: { group: 'scheduling.k8s.io', kind: 'PriorityClass', name: 'low' } },
      {},
    ],
    [
      'with WorkloadPriorityClassSource',
      { priority: 100, priorityClassSource: 'kueue.x-k8s.io/workloadpriorityclass', priorityClassName: 'low' },
      {},
      { priority: 100, priorityClassRef: { group: 'kueue.x-k8s.io', kind: 'WorkloadPriorityClass', name: 'low' } },
      {},
    ],
    [
      'with TopologyAssignment',
      {},
      {
        admission: {
          clusterQueue: 'cq',
          podSetAssignments: [
            {
              name: 'main',
              topologyAssignment: {
                levels: ['a', 'b'],
                domains: [
                  { values: ['a1', 'b1'], count: 10 },
                  { values: ['a1', 'b2'], count: 20 },
                ],
              },
            },
          ],
        },
      },
      {},
      {
        admission: {
          clusterQueue: 'cq',
          podSetAssignments: [
            {
              name: 'main',
              topologyAssignment: {
                levels: ['a', 'b'],
                slices: [
                  {
                    domainCount: 2,
                    valuesPerLevel: [{ universal: 'a1' }, { individual: { prefix: 'b', roots: ['1', '2'] } }],
                    podCounts: { individual: [10, 20] },
                  },
                ],
              },
            },
          ],
        },
      },
    ],
  ])('%s', (_name, spec, status, wantSpec, wantStatus) => {
    expect(convertV1beta1(wl(V1, spec, status))).toEqual(wl(V2, wantSpec, wantStatus));
  });
});

describe('tas_assignment_test.go bothWaysTestCases', () => {
  const d = (values: string[], count: number): TopologyDomainAssignment => ({ values, count });
  const ind = (roots: string[], prefix?: string, suffix?: string) => ({
    individual: { ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}), roots },
  });
  const cases: [string, string[], TopologyDomainAssignment[], object[]][] = [
    ['empty', ['a', 'b'], [], []],
    [
      'one domain',
      ['a', 'b'],
      [d(['a1', 'b1'], 1)],
      [{ domainCount: 1, podCounts: { universal: 1 }, valuesPerLevel: [{ universal: 'a1' }, { universal: 'b1' }] }],
    ],
    [
      'multiple domains, same counts, no common prefix',
      ['a', 'b'],
      [d(['a1', 'b1'], 1), d(['a2', 'b2'], 1)],
      [{ domainCount: 2, podCounts: { universal: 1 }, valuesPerLevel: [ind(['1', '2'], 'a'), ind(['1', '2'], 'b')] }],
    ],
    [
      'multiple domains, different counts, common prefix and suffix',
      ['a', 'b'],
      [d(['p.a1.s', 'p.b1.s'], 1), d(['p.a2.s', 'p.b2.s'], 2)],
      [
        {
          domainCount: 2,
          podCounts: { individual: [1, 2] },
          valuesPerLevel: [ind(['1', '2'], 'p.a', '.s'), ind(['1', '2'], 'p.b', '.s')],
        },
      ],
    ],
    [
      'multiple domains, universal value',
      ['a', 'b'],
      [d(['a1', 'x'], 1), d(['a1', 'y'], 2)],
      [{ domainCount: 2, podCounts: { individual: [1, 2] }, valuesPerLevel: [{ universal: 'a1' }, ind(['x', 'y'])] }],
    ],
    [
      'multiple domains, same counts, shrinking prefix',
      ['a'],
      [d(['a123'], 1), d(['a12'], 1), d(['a1'], 1), d(['a13'], 1)],
      [{ domainCount: 4, podCounts: { universal: 1 }, valuesPerLevel: [ind(['23', '2', '', '3'], 'a1')] }],
    ],
    [
      'multiple domains, same counts, shrinking suffix',
      ['a'],
      [d(['123b'], 1), d(['23b'], 1), d(['3b'], 1), d(['13b'], 1)],
      [{ domainCount: 4, podCounts: { universal: 1 }, valuesPerLevel: [ind(['12', '2', '', '1'], undefined, '3b')] }],
    ],
    [
      'multiple domains, same counts, max prefix & suffix overlap partially',
      ['a'],
      [d(['abacacada'], 1), d(['abacada'], 1)],
      [{ domainCount: 2, podCounts: { universal: 1 }, valuesPerLevel: [ind(['ac', ''], 'ab', 'acada')] }],
    ],
    [
      'multiple domains, same counts, max prefix & suffix overlap fully, shrinking strings',
      ['a'],
      [d(['ababa'], 1), d(['aba'], 1)],
      [{ domainCount: 2, podCounts: { universal: 1 }, valuesPerLevel: [ind(['ab', ''], undefined, 'aba')] }],
    ],
    [
      'multiple domains, same counts, max prefix & suffix overlap fully, growing strings',
      ['a'],
      [d(['aba'], 1), d(['ababa'], 1)],
      [{ domainCount: 2, podCounts: { universal: 1 }, valuesPerLevel: [ind(['', 'ab'], undefined, 'aba')] }],
    ],
  ];
  it.each(cases)('%s', (_name, levels, domains, slices) => {
    const encoded = encodeTopologyAssignment(levels, domains);
    expect(encoded).toEqual({ levels, slices });
    expect(topologyDomains(encoded)).toEqual(domains);
  });

  it('decodes multi-slice encodings ("multiple slices, prefixes, suffixes & universal values")', () => {
    const ta = {
      levels: ['a', 'b'],
      slices: [
        {
          domainCount: 2,
          podCounts: { individual: [2, 3] },
          valuesPerLevel: [{ universal: 'a1' }, ind(['1', '2'], 'b', '-s')],
        },
        {
          domainCount: 3,
          podCounts: { universal: 5 },
          valuesPerLevel: [ind(['2', '3', '4'], 'a'), ind(['x', 'y', 'z'], undefined, '-t')],
        },
        { domainCount: 2, podCounts: { universal: 10 }, valuesPerLevel: [{ universal: 'a10' }, { universal: 'b10' }] },
      ],
    };
    expect(topologyDomains(ta)).toEqual([
      d(['a1', 'b1-s'], 2),
      d(['a1', 'b2-s'], 3),
      d(['a2', 'x-t'], 5),
      d(['a3', 'y-t'], 5),
      d(['a4', 'z-t'], 5),
      d(['a10', 'b10'], 10),
      d(['a10', 'b10'], 10),
    ]);
  });
});
