// TraceReplay and NodeList (CONTRACT.md §2; README "TraceReplay", "NodeList"): loader errors with their exact
// messages, and small tiresias, openb and csv traces turned into the expected JobSets and NodePools.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobSet } from '../../src/api/jobset.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { loaderOptions } from '../../src/simulate.js';
import { splitEvenly } from '../../src/workload/jobset-builder.js';
import { problemsOf } from '../support/scenario-problems.js';

const dir = mkdtempSync(join(tmpdir(), 'jobset-sim-traces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const yamlFile = join(dir, 'scenario.yaml');
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

// The first rows of traces/synthetic-philly-like/syn_480.csv, plus a 9-GPU row.
write(
  'tiresias.csv',
  `job_id,num_gpu,submit_time,iterations,model_name,duration,interval
0,1,0,17164,alexnet,8582,21
1,1,21,388,inception4,194,214
2,4,235,4952,inception4,2476,233
3,16,468,4456,alexnet,2228,140
4,9,500,10,vgg,60.5,1
`,
);
// The first rows of traces/alibaba-openb-2023/openb_pod_list_default.csv, a CPU-only pod and an 8-GPU pod.
write(
  'openb.csv',
  `name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0
openb-pod-0001,6000,12288,1,460,,LS,Running,427061,12902960,427061
openb-pod-0003,6000,12288,1,460,V100M16|V100M32,LS,Running,2690044,12902960,2690044
openb-pod-0100,4000,8192,0,0,,BE,Running,100,200,100
openb-pod-0200,88000,327680,8,1000,,Burstable,Succeeded,9437497,10769854,9437497
`,
);
write('bad-cells.csv', 'job_id,num_gpu,submit_time,duration\n0,1,0,10\n1,two,5,10\n2,1,-3,10\n');
write(
  'nodes.csv',
  `sn,cpu_milli,memory_mib,gpu,model
openb-node-0000,64000,262144,2,P100
openb-node-0001,64000,262144,2,P100
openb-node-0227,96000,393216,8,G2
openb-node-0228,128000,786432,8,G3
openb-node-0229,96000,393216,8,G2
`,
);

const SIM = 'apiVersion: jobset-sim.dev/v1alpha1';
const replay = (spec: string, name = 'syn') => `${SIM}\nkind: TraceReplay\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const load = (text: string) => loadScenarioFromTexts([{ file: yamlFile, text }], loaderOptions()).scenario;
const problems = (text: string): string[] => problemsOf(() => load(text));
const podSpec = (js: JobSet, i = 0) => js.spec.replicatedJobs[i]!.template.spec.template.spec;
const resources = (js: JobSet, i = 0) => podSpec(js, i).containers[0]!.resources;

describe('TraceReplay format tiresias', () => {
  const sc = load(replay('  file: tiresias.csv\n  format: tiresias\n  jobs: {queueName: gpu-lq, gpusPerPod: 8}\n'));
  const byName = new Map(sc.jobSets.map((e) => [e.object.metadata.name, e]));

  it('makes one JobSet per row, named <TraceReplay name>-<job_id>, created at submit_time', () => {
    expect(sc.jobSets.map((e) => [e.object.metadata.name, e.submitAt / 1e6])).toEqual([
      ['syn-0', 0],
      ['syn-1', 21],
      ['syn-2', 235],
      ['syn-3', 468],
      ['syn-4', 500],
    ]);
    expect(sc.warnings).toEqual([]);
  });

  it('runs each pod for the row duration and sets the queue-name label', () => {
    const js = byName.get('syn-0')!.object;
    expect(js.metadata.annotations).toEqual({ 'jobset-sim.dev/submit-at': '0s', 'jobset-sim.dev/duration': '8582s' });
    expect(js.metadata.labels).toEqual({ 'kueue.x-k8s.io/queue-name': 'gpu-lq' });
    expect(byName.get('syn-4')!.object.metadata.annotations?.['jobset-sim.dev/duration']).toBe('60.5s');
  });

  it('one replicatedJob workers: N GPUs on ceil(N/gpusPerPod) pods', () => {
    const js = byName.get('syn-3')!.object; // 16 GPUs, 8 per pod
    expect(
      js.spec.replicatedJobs.map((r) => [r.name, r.replicas, r.template.spec.parallelism, r.template.spec.completions]),
    ).toEqual([['workers', 1, 2, 2]]);
    expect(resources(js)).toEqual({ requests: { 'nvidia.com/gpu': '8' }, limits: { 'nvidia.com/gpu': '8' } });
    expect(resources(byName.get('syn-2')!.object)?.requests).toEqual({ 'nvidia.com/gpu': '4' });
  });

  it('an uneven split (9 GPUs, 8 per pod: 5 + 4) puts the smaller pods in a second replicatedJob', () => {
    expect(splitEvenly(9, 2)).toEqual([5, 4]);
    expect(splitEvenly(10, 4)).toEqual([3, 3, 2, 2]);
    const js = byName.get('syn-4')!.object;
    expect(
      js.spec.replicatedJobs.map((r) => [
        r.name,
        r.template.spec.parallelism,
        resources(js, js.spec.replicatedJobs.indexOf(r))?.requests,
      ]),
    ).toEqual([
      ['workers', 1, { 'nvidia.com/gpu': '5' }],
      ['workers-rest', 1, { 'nvidia.com/gpu': '4' }],
    ]);
  });

  it('limit keeps the first N rows; podRequests and tolerations reach every pod; namespace is set', () => {
    const s = load(
      replay(
        '  file: tiresias.csv\n  format: tiresias\n  limit: 2\n  jobs:\n    namespace: research\n    podRequests: {cpu: "1", memory: 4Gi}\n    tolerations: [{key: dedicated, operator: Exists, effect: NoSchedule}]\n',
      ),
    );
    expect(s.jobSets.map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`)).toEqual([
      'research/syn-0',
      'research/syn-1',
    ]);
    const js = s.jobSets[0]!.object;
    expect(resources(js)?.requests).toEqual({ cpu: '1', memory: '4Gi', 'nvidia.com/gpu': '1' });
    expect(podSpec(js).tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }]);
  });
});

describe('TraceReplay format openb', () => {
  const sc = load(replay('  file: openb.csv\n  format: openb\n', 'openb'));
  const js = (n: string) => sc.jobSets.find((e) => e.object.metadata.name === `openb-${n}`)!;
  const annotations = (j: JobSet) => j.spec.replicatedJobs[0]!.template.spec.template.metadata?.annotations;

  it('one JobSet per pod row, from creation_time to deletion_time, with its cpu and memory', () => {
    expect(
      sc.jobSets.map((e) => [
        e.object.metadata.name,
        e.submitAt / 1e6,
        e.object.metadata.annotations?.['jobset-sim.dev/duration'],
      ]),
    ).toEqual([
      ['openb-openb-pod-0000', 0, '12537496s'],
      ['openb-openb-pod-0001', 427061, '12475899s'],
      ['openb-openb-pod-0003', 2690044, '10212916s'],
      ['openb-openb-pod-0100', 100, '100s'],
      ['openb-openb-pod-0200', 9437497, '1332357s'],
    ]);
    expect(resources(js('openb-pod-0100').object)).toEqual({ requests: { cpu: '4', memory: '8Gi' } });
    expect(annotations(js('openb-pod-0100').object)).toBeUndefined();
  });

  it('GPU requests are Open-GPU-Share pods (default gpuSharing: share): milli and count in annotations', () => {
    // pod_csv_to_yaml.py's annotations; the total as the extended resource alibabacloud.com/gpu-milli.
    expect(annotations(js('openb-pod-0001').object)).toEqual({
      'alibabacloud.com/gpu-milli': '460',
      'alibabacloud.com/gpu-count': '1',
    });
    expect(resources(js('openb-pod-0001').object)).toEqual({
      requests: { cpu: '6', memory: '12Gi', 'alibabacloud.com/gpu-milli': '460' },
      limits: { 'alibabacloud.com/gpu-milli': '460' },
    });
    expect(annotations(js('openb-pod-0000').object)).toEqual({
      'alibabacloud.com/gpu-milli': '1000',
      'alibabacloud.com/gpu-count': '1',
    });
    // 8 whole GPUs: still ONE pod (gpusPerPod does not split an Open-GPU-Share pod)
    expect(js('openb-pod-0200').object.spec.replicatedJobs.map((r) => r.template.spec.parallelism)).toEqual([1]);
    expect(annotations(js('openb-pod-0200').object)).toEqual({
      'alibabacloud.com/gpu-milli': '1000',
      'alibabacloud.com/gpu-count': '8',
    });
    expect(resources(js('openb-pod-0200').object)?.requests).toEqual({
      cpu: '88',
      memory: '320Gi',
      'alibabacloud.com/gpu-milli': '8000',
    });
    expect(sc.warnings).toEqual([]);
  });

  it('gpu_spec becomes the gpu-card-model annotation (no node affinity)', () => {
    expect(annotations(js('openb-pod-0003').object)?.['alibabacloud.com/gpu-card-model']).toBe('V100M16|V100M32');
    expect(podSpec(js('openb-pod-0003').object).affinity).toBeUndefined();
    expect(annotations(js('openb-pod-0000').object)?.['alibabacloud.com/gpu-card-model']).toBeUndefined();
  });

  describe('gpuSharing: roundUp', () => {
    const rs = load(replay('  file: openb.csv\n  format: openb\n  gpuSharing: roundUp\n', 'openb'));
    const rjs = (n: string) => rs.jobSets.find((e) => e.object.metadata.name === `openb-${n}`)!;

    it('whole GPUs of jobs.gpuResource, shares rounded up to one GPU', () => {
      expect(resources(rjs('openb-pod-0000').object)?.requests).toEqual({
        cpu: '12',
        memory: '16Gi',
        'nvidia.com/gpu': '1',
      });
      expect(resources(rjs('openb-pod-0200').object)?.requests).toEqual({
        cpu: '88',
        memory: '320Gi',
        'nvidia.com/gpu': '8',
      });
      expect(resources(rjs('openb-pod-0001').object)?.requests?.['nvidia.com/gpu']).toBe('1');
      expect(annotations(rjs('openb-pod-0001').object)).toBeUndefined();
    });

    it('ONE summary warning counts the rounded-up shares', () => {
      expect(rs.warnings).toEqual([
        {
          code: 'GpuShareRoundedUp',
          object: 'TraceReplay/openb',
          message:
            '2 pods asking a fraction of a GPU (gpu_milli below 1000) were given one whole GPU each: GPU sharing is not modelled',
        },
      ]);
    });

    it('gpu_spec becomes a required node affinity on the GPU model label', () => {
      expect(podSpec(rjs('openb-pod-0003').object).affinity).toEqual({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'alibabacloud.com/gpu-card-model', operator: 'In', values: ['V100M16', 'V100M32'] },
                ],
              },
            ],
          },
        },
      });
      expect(podSpec(rjs('openb-pod-0000').object).affinity).toBeUndefined();
    });
  });

  it('errors: gpuSharing only with format openb, and only share or roundUp', () => {
    expect(problems(replay('  file: tiresias.csv\n  format: tiresias\n  gpuSharing: roundUp\n'))).toEqual([
      `${yamlFile}: document 1 (TraceReplay syn): spec.gpuSharing: only allowed with format openb (format tiresias has whole GPUs only)`,
    ]);
    expect(problems(replay('  file: openb.csv\n  format: openb\n  gpuSharing: round\n'))[0]).toContain(
      'spec.gpuSharing: expected share or roundUp, got "round"',
    );
  });
});

describe('TraceReplay format csv', () => {
  it('maps columns; endTime instead of duration', () => {
    const sc = load(
      replay(
        '  file: openb.csv\n  format: csv\n  limit: 1\n  columns: {id: name, submitTime: scheduled_time, endTime: deletion_time, gpus: num_gpu, cpuMilli: cpu_milli}\n',
        'c',
      ),
    );
    expect(
      sc.jobSets.map((e) => [e.object.metadata.name, e.object.metadata.annotations?.['jobset-sim.dev/duration']]),
    ).toEqual([['c-openb-pod-0000', '12537496s']]);
    expect(resources(sc.jobSets[0]!.object)?.requests).toEqual({ cpu: '12', 'nvidia.com/gpu': '1' });
  });
});

describe('TraceReplay errors name file, document, object and field', () => {
  const head = `${yamlFile}: document 1 (TraceReplay syn)`;
  it('a missing file', () => {
    expect(problems(replay('  file: nope.csv\n  format: tiresias\n'))).toEqual([
      `${head}: spec.file: cannot read "nope.csv" (resolved to ${join(dir, 'nope.csv')}): no such file or directory`,
    ]);
  });
  it('a bad format, with a suggestion', () => {
    expect(problems(replay('  file: tiresias.csv\n  format: tiresas\n'))).toEqual([
      `${head}: spec.format: expected tiresias, openb or csv, got "tiresas"; did you mean "tiresias"?`,
    ]);
  });
  it('a column the format needs is missing', () => {
    expect(problems(replay('  file: nodes.csv\n  format: tiresias\n'))).toEqual([
      `${head}: spec.file: nodes.csv has no column "job_id", which format tiresias requires (columns: sn, cpu_milli, memory_mib, gpu, model)`,
      `${head}: spec.file: nodes.csv has no column "num_gpu", which format tiresias requires (columns: sn, cpu_milli, memory_mib, gpu, model)`,
      `${head}: spec.file: nodes.csv has no column "submit_time", which format tiresias requires (columns: sn, cpu_milli, memory_mib, gpu, model)`,
      `${head}: spec.file: nodes.csv has no column "duration", which format tiresias requires (columns: sn, cpu_milli, memory_mib, gpu, model)`,
    ]);
  });
  it('a csv column mapping names a column the file does not have', () => {
    expect(
      problems(
        replay(
          '  file: tiresias.csv\n  format: csv\n  columns: {id: job_id, submitTime: submit_time, duration: runtime}\n',
        ),
      ),
    ).toEqual([
      `${head}: spec.columns.duration: column "runtime" is not in tiresias.csv (columns: job_id, num_gpu, submit_time, iterations, model_name, duration, interval)`,
    ]);
  });
  it('csv needs columns, and either duration or endTime', () => {
    expect(problems(replay('  file: tiresias.csv\n  format: csv\n'))).toEqual([
      `${head}: spec.columns: required with format csv; expected a mapping of id, submitTime, duration, endTime, gpus, cpuMilli, memoryMiB to column names`,
    ]);
    expect(
      problems(replay('  file: tiresias.csv\n  format: csv\n  columns: {id: job_id, submitTime: submit_time}\n')),
    ).toEqual([`${head}: spec.columns: one of duration or endTime is required`]);
  });
  it('bad cells, by line and column', () => {
    expect(problems(replay('  file: bad-cells.csv\n  format: tiresias\n'))).toEqual([
      `${head}: spec.file: bad-cells.csv line 3, column num_gpu: expected a non-negative integer, got "two"`,
      `${head}: spec.file: bad-cells.csv line 4, column submit_time: expected a non-negative number, got "-3"`,
    ]);
  });
  it('unknown fields and a bad jobs block', () => {
    expect(
      problems(
        replay(
          '  file: tiresias.csv\n  format: tiresias\n  limt: 3\n  jobs: {gpusPerPod: 0, podRequests: {cpu: lots}}\n',
        ),
      ),
    ).toEqual([
      `${head}: spec.limt: unknown field; did you mean "limit"?`,
      `${head}: spec.jobs.gpusPerPod: expected a positive integer, got 0`,
      `${head}: spec.jobs.podRequests.cpu: expected a quantity such as "1", 500m or 4Gi, got "lots"`,
    ]);
  });
  it('a replayed name that clashes with a JobSet of the scenario', () => {
    const js = `---\napiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: syn-1}\nspec:\n  replicatedJobs:\n  - name: w\n    template: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c}]}}}}\n`;
    expect(problems(replay('  file: tiresias.csv\n  format: tiresias\n  limit: 2\n') + js)).toEqual([
      `${yamlFile}: document 2 (JobSet default/syn-1): metadata.name: duplicate: JobSet default/syn-1 is already made by ${yamlFile}, document 1`,
    ]);
  });
});

describe('NodeList (openb node CSV)', () => {
  const sc = load(`${SIM}\nkind: NodeList\nmetadata: {name: openb}\nspec: {file: nodes.csv, format: openb}\n`);
  it('gpuSharing: roundUp gives whole gpuResource GPUs instead of devices', () => {
    const r = load(
      `${SIM}\nkind: NodeList\nmetadata: {name: openb}\nspec: {file: nodes.csv, format: openb, gpuSharing: roundUp}\n`,
    );
    expect(r.nodePools.map((p) => [p.name, p.spec.resources])).toEqual([
      ['openb-p100-0', { cpu: '64000m', memory: '262144Mi', 'nvidia.com/gpu': '2' }],
      ['openb-g2-0', { cpu: '96000m', memory: '393216Mi', 'nvidia.com/gpu': '8' }],
      ['openb-g3-0', { cpu: '128000m', memory: '786432Mi', 'nvidia.com/gpu': '8' }],
    ]);
  });
  it('one NodePool per node shape, nodes counted, GPU model as a node label, Open-GPU-Share devices', () => {
    const dev = (n: number) => ({ 'alibabacloud.com/gpu-count': String(n), 'alibabacloud.com/gpu-milli': `${n}000` });
    expect(sc.nodePools.map((p) => [p.name, p.spec.nodes, p.spec.resources, p.spec.labels, p.spec.taints])).toEqual([
      [
        'openb-p100-0',
        2,
        { cpu: '64000m', memory: '262144Mi', ...dev(2) },
        { 'alibabacloud.com/gpu-card-model': 'P100' },
        [],
      ],
      [
        'openb-g2-0',
        2,
        { cpu: '96000m', memory: '393216Mi', ...dev(8) },
        { 'alibabacloud.com/gpu-card-model': 'G2' },
        [],
      ],
      [
        'openb-g3-0',
        1,
        { cpu: '128000m', memory: '786432Mi', ...dev(8) },
        { 'alibabacloud.com/gpu-card-model': 'G3' },
        [],
      ],
    ]);
  });
  it('errors: a missing column', () => {
    expect(
      problems(`${SIM}\nkind: NodeList\nmetadata: {name: n}\nspec: {file: tiresias.csv, format: openb}\n`)[0],
    ).toBe(
      `${yamlFile}: document 1 (NodeList n): spec.file: tiresias.csv has no column "sn", which format openb requires (columns: job_id, num_gpu, submit_time, iterations, model_name, duration, interval)`,
    );
  });
});
