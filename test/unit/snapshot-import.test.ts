// Importing kubectl output (src/snapshot/read.ts, restore.ts, durations.ts): what is read, what is skipped with a
// per-object message, what is listed as unmodelled, how t = 0 and the remaining run times are chosen.
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { type SimulationRun, simulate } from '../../src/simulate.js';

const node = (name: string, ready: 'True' | 'Unknown' = 'True', cpu: unknown = '8') => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    uid: `uid-${name}`,
    resourceVersion: '12345',
    creationTimestamp: '2025-03-01T00:00:00Z',
    labels: { 'kubernetes.io/hostname': name },
    managedFields: [{ manager: 'kubelet', operation: 'Update' }],
  },
  spec: ready === 'True' ? {} : { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] },
  status: {
    allocatable: { cpu, memory: '32Gi', pods: '110' },
    conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: '2025-03-01T01:00:00Z' }],
  },
});

const pod = (name: string, nodeName: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2025-03-01T00:10:00Z' },
  spec: { nodeName, containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] },
  status: {
    phase: 'Running',
    startTime: '2025-03-01T00:10:00Z',
    containerStatuses: [{ name: 'c', restartCount: 0, state: { running: { startedAt: '2025-03-01T00:10:00Z' } } }],
  },
  ...extra,
});

const list = (items: unknown[]) =>
  stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });

function run(items: unknown[], opts: { now?: string; seed?: number; until?: string; extra?: unknown[] } = {}) {
  return simulate(
    {
      texts: [
        { file: 'snap.yaml', text: list(items) },
        ...(opts.extra ? [{ file: 'extra.yaml', documents: opts.extra }] : []),
      ],
    },
    { until: opts.until ?? '3h', ...(opts.now ? { now: opts.now } : {}), ...(opts.seed ? { seed: opts.seed } : {}) },
  );
}

const warning = (r: SimulationRun, code: string) => r.result.warnings.filter((w) => w.code === code);
const succeeded = (r: SimulationRun, p: string) => r.events.find((e) => e.type === 'PodSucceeded' && e.pod === p)?.t;

describe('snapshot import', () => {
  test('objects of kinds the simulator does not model are listed in one warning', () => {
    const r = run([
      node('n1'),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'kube-system' } },
      { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } },
    ]);
    expect(warning(r, 'UnmodelledObjects')).toEqual([
      {
        code: 'UnmodelledObjects',
        object: 'snapshot',
        message:
          '4 objects of kinds the simulator does not model were ignored: Service (1: default/svc); ConfigMap (1: kube-system/cm); Event (1: default/e1); Deployment (1: default/web)',
      },
    ]);
    expect(warning(r, 'UnmodelledKind')).toEqual([]);
  });

  test('a malformed object is skipped with a message naming file, document, item, object and field; the rest runs', () => {
    const badPod = pod('bad', 'n1');
    (badPod.spec as Record<string, unknown>).containers = 'oops';
    const badTime = pod('late', 'n1');
    (badTime.metadata as Record<string, unknown>).creationTimestamp = 'yesterday';
    const r = run([node('n1'), node('n2', 'True', 'lots'), badPod, pod('good', 'n1'), badTime]);
    expect(warning(r, 'SnapshotObjectSkipped').map((w) => w.message)).toEqual([
      'snap.yaml: document 1, items[1] (Node n2): status.allocatable["cpu"]: expected a quantity such as "8" or 64Gi, got "lots"',
      'snap.yaml: document 1, items[2] (Pod default/bad): spec.containers: expected a non-empty list, got "oops"',
      'snap.yaml: document 1, items[4] (Pod default/late): metadata.creationTimestamp: expected an RFC 3339 time such as 2025-01-01T06:00:00Z, got "yesterday"',
    ]);
    expect(warning(r, 'SnapshotImported')[0]?.message).toContain('restored 1 nodes (0 not Ready, kept down)');
    // the good pod ran 50 min before t = 0 (the newest timestamp, 01:00) and finishes its default hour at 600 s
    expect(succeeded(r, 'default/good')).toBe(600);
  });

  test('an unknown apiVersion is a warning and the object is read as the known one', () => {
    const r = run([node('n1'), { ...pod('p', 'n1'), apiVersion: 'v2' }]);
    expect(warning(r, 'UnknownApiVersion').map((w) => w.message)).toEqual([
      'snap.yaml: document 1, items[1]: apiVersion "v2" is not one the simulator knows for Pod (v1); read as v1',
    ]);
    expect(succeeded(r, 'default/p')).toBe(600);
  });

  test('managed fields, server metadata and status of configuration objects are dropped before validation', () => {
    const cq = {
      apiVersion: 'kueue.x-k8s.io/v1beta1',
      kind: 'ClusterQueue',
      metadata: {
        name: 'cq',
        uid: 'u1',
        resourceVersion: '9',
        generation: 3,
        creationTimestamp: '2025-03-01T00:00:00Z',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: {
        namespaceSelector: {},
        resourceGroups: [
          { coveredResources: ['cpu'], flavors: [{ name: 'f', resources: [{ name: 'cpu', nominalQuota: 4 }] }] },
        ],
      },
      status: { pendingWorkloads: 0, admittedWorkloads: 0 },
    };
    const rf = { apiVersion: 'kueue.x-k8s.io/v1beta1', kind: 'ResourceFlavor', metadata: { name: 'f', uid: 'u2' } };
    const r = run([node('n1'), cq, rf]);
    expect(r.scenario.kueue.clusterQueues.map((c) => c.metadata.name)).toEqual(['cq']);
    expect(r.scenario.kueue.clusterQueues[0]?.metadata.annotations).toEqual({});
  });

  test('--now sets t = 0; without it, the newest timestamp does', () => {
    expect(warning(run([node('n1'), pod('p', 'n1')]), 'SnapshotImported')[0]?.message).toMatch(
      /^t = 0 is 2025-03-01T01:00:00Z \(the newest timestamp\)/,
    );
    const r = run([node('n1'), pod('p', 'n1')], { now: '2025-03-01T00:40:00Z' });
    expect(warning(r, 'SnapshotImported')[0]?.message).toMatch(/^t = 0 is 2025-03-01T00:40:00Z \(--now\)/);
    expect(succeeded(r, 'default/p')).toBe(1800);
  });

  test('a node that is not Ready stays down: its pods do not progress', () => {
    const r = run([node('n1'), node('n2', 'Unknown'), pod('up', 'n1'), pod('down', 'n2')]);
    expect(warning(r, 'SnapshotImported')[0]?.message).toContain('restored 2 nodes (1 not Ready, kept down)');
    expect(succeeded(r, 'default/up')).toBe(600);
    expect(succeeded(r, 'default/down')).toBeUndefined();
  });

  test('remaining run times are drawn from a lognormal fitted to completed Jobs, from the seeded stream', () => {
    const completed = [600, 900, 1200, 1800, 2400, 3600].map((s, i) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `done-${i}`, namespace: 'default', uid: `job-${i}`, creationTimestamp: '2025-02-28T00:00:00Z' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c' }] } } },
      status: {
        startTime: '2025-02-28T00:00:00Z',
        completionTime: new Date(Date.parse('2025-02-28T00:00:00Z') + s * 1000).toISOString().replace('.000', ''),
        conditions: [{ type: 'Complete', status: 'True' }],
        succeeded: 1,
      },
    }));
    const items = [node('n1'), ...completed, pod('p', 'n1')];
    const r1 = run(items, { seed: 1 });
    const msg = warning(r1, 'SnapshotImported')[0]?.message ?? '';
    expect(msg).toContain('1 drawn from a lognormal fitted to 6 completed Jobs');
    const t1 = succeeded(r1, 'default/p');
    const t2 = succeeded(run(items, { seed: 2 }), 'default/p');
    expect(t1).toBeDefined();
    expect(t2).toBeDefined();
    expect(t1).not.toBe(t2);
    expect(succeeded(run(items, { seed: 1 }), 'default/p')).toBe(t1);
  });

  test('JSON and several files are read as one snapshot', () => {
    const r = simulate(
      {
        texts: [
          { file: 'nodes.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node('n1')] }) },
          { file: 'pods.yaml', text: `${stringify(pod('p', 'n1'))}---\n${stringify(pod('q', 'n1'))}` },
        ],
      },
      { until: '1h' },
    );
    expect(succeeded(r, 'default/p')).toBe(600);
    expect(succeeded(r, 'default/q')).toBe(600);
  });
});
