// GPU sharing as Open-GPU-Share exposes it (the openb study's simulator, hkust-adsl/kubernetes-scheduler-simulator
// pkg/simulator/plugin/open_gpu_share.go and pkg/type/open-gpu-share/cache/gpunodeinfo.go): per-device accounting in
// the scheduler's NodeInfo, the filter, the device assignment recorded on the pod, deletion, and the model constraint,
// on hand-built nodes through the real scheduler.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import {
  allocateGpuId,
  GPU_COUNT,
  GPU_INDEX,
  GPU_MILLI,
  GPU_MODEL,
  gpuShareRequestOf,
  modelAccessible,
} from '../../src/scheduler/gpu-share.js';
import { requestsOf } from '../../src/scheduler/node-info.js';
import { type Harness, harness } from '../support/scheduler-harness.js';

/** A node with `gpus` shared GPU devices of `model`, as the study's node YAML writes it. */
function gpuNode(h: Harness, name: string, gpus: number, model = 'G2', cpu = '96') {
  h.node(
    name,
    { cpu, memory: '512Gi', pods: '110', [GPU_COUNT]: String(gpus), [GPU_MILLI]: String(gpus * 1000) },
    { labels: { [GPU_MODEL]: model } },
  );
}

/** A pod asking `milli` on each of `count` devices (annotations, as pod_csv_to_yaml.py writes them). */
function sharePod(
  h: Harness,
  name: string,
  milli: number,
  count = 1,
  model?: string,
  cpu = '1',
  priority?: number,
): Pod {
  const annotations: Record<string, string> = { [GPU_MILLI]: String(milli), [GPU_COUNT]: String(count) };
  if (model) annotations[GPU_MODEL] = model;
  return h.store.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      containers: [{ name: 'c', image: 'x', resources: { requests: { cpu, memory: '1Gi' } } }],
      ...(priority !== undefined ? { priority } : {}),
    },
    status: { phase: 'Pending' },
  } as never);
}

const devicesOf = (h: Harness) => {
  const out: Record<string, string | undefined> = {};
  for (const p of h.store.list<Pod>('Pod')) out[p.metadata.name] = p.metadata.annotations?.[GPU_INDEX];
  return out;
};

const failures = (h: Harness) =>
  h.log.records.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message as string);

for (const mode of ['speed', 'fidelity'] as const) {
  describe(`Open-Gpu-Share in the scheduler (${mode} mode)`, () => {
    it('packs shares on the tightest device and records the device at bind (gpu-index)', () => {
      const h = harness({ mode });
      gpuNode(h, 'n0', 2);
      h.sim.run(0);
      sharePod(h, 'a', 300);
      h.sim.run(1e6);
      sharePod(h, 'b', 200); // devices free 700, 1000: the tighter is device 0
      h.sim.run(2e6);
      sharePod(h, 'c', 1000); // a whole GPU: the only fully free device, 1
      h.sim.run(3e6);
      sharePod(h, 'd', 500); // device 0 has 500 left
      h.sim.run(4e6);
      sharePod(h, 'e', 100); // nothing left anywhere
      h.sim.run(5e6);
      expect(h.placements()).toEqual({ a: 'n0', b: 'n0', c: 'n0', d: 'n0', e: undefined });
      expect(devicesOf(h)).toEqual({ a: '0', b: '0', c: '1', d: '0', e: undefined });
      expect(h.scheduler.gpuFree('n0')).toEqual([0, 0]);
      expect(failures(h)).toContain('0/1 nodes are available: 1 Insufficient alibabacloud.com/gpu-milli.');
    });

    it('two pods of 600 milli cannot share one device: each gets its own', () => {
      const h = harness({ mode });
      gpuNode(h, 'n0', 2);
      h.sim.run(0);
      sharePod(h, 'a', 600);
      sharePod(h, 'b', 600);
      sharePod(h, 'c', 600);
      h.sim.run(5e6);
      expect(h.placements()).toEqual({ a: 'n0', b: 'n0', c: undefined });
      expect(devicesOf(h)).toEqual({ a: '0', b: '1', c: undefined });
    });

    it('whole-GPU pods take the lowest-index fully free devices; a partly used device does not count', () => {
      const h = harness({ mode });
      gpuNode(h, 'n0', 4);
      h.sim.run(0);
      sharePod(h, 's', 300);
      h.sim.run(1e6);
      sharePod(h, 'w2', 1000, 2);
      h.sim.run(2e6);
      sharePod(h, 'w2b', 1000, 2); // only device 3 is fully free
      h.sim.run(3e6);
      expect(devicesOf(h)).toEqual({ s: '0', w2: '1-2', w2b: undefined });
      expect(h.placements().w2b).toBeUndefined();
    });

    it('deleting a pod frees its device share for the next pod', () => {
      const h = harness({ mode });
      gpuNode(h, 'n0', 1);
      h.sim.run(0);
      const a = sharePod(h, 'a', 700);
      h.sim.run(1e6);
      sharePod(h, 'b', 500);
      h.sim.run(2e6);
      expect(h.placements()).toEqual({ a: 'n0', b: undefined });
      h.store.delete(a);
      h.store.finishDeletion(a);
      h.sim.run(120e6);
      expect(h.placements()).toEqual({ b: 'n0' });
      expect(devicesOf(h)).toEqual({ b: '0' });
      expect(h.scheduler.gpuFree('n0')).toEqual([500]);
    });

    it('a GPU model list places the pod only on a listed model; an unknown model never schedules', () => {
      const h = harness({ mode });
      gpuNode(h, 'v16', 8, 'V100M16');
      gpuNode(h, 't4', 2, 'T4');
      h.sim.run(0);
      sharePod(h, 'a100', 500, 1, 'A100');
      sharePod(h, 'any-v100', 500, 1, 'V100M32|V100M16');
      sharePod(h, 't4-only', 1000, 2, 'T4');
      h.sim.run(5e6);
      expect(h.placements()).toEqual({ 'any-v100': 'v16', 't4-only': 't4', a100: undefined });
      expect(failures(h)).toContain(
        "0/2 nodes are available: 2 node(s) didn't match Pod's GPU model (alibabacloud.com/gpu-card-model).",
      );
    });

    it('a node without GPU resources rejects a GPU-share pod; pods without a share ignore the devices', () => {
      const h = harness({ mode });
      h.node('cpu', { cpu: '96', memory: '512Gi', pods: '110' });
      gpuNode(h, 'g', 1);
      h.sim.run(0);
      sharePod(h, 'share', 1000);
      h.sim.run(1e6);
      sharePod(h, 'share2', 1000);
      h.store.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'plain', namespace: 'default' },
        spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }] },
        status: { phase: 'Pending' },
      } as never);
      h.sim.run(5e6);
      const p = h.placements();
      expect(p.share).toBe('g');
      expect(p.share2).toBeUndefined();
      expect(p.plain).toBeDefined();
      expect(devicesOf(h).plain).toBeUndefined();
      // The cpu node has no alibabacloud.com/gpu-milli at all: NodeResourcesFit rejects it before Open-Gpu-Share.
      expect(failures(h)).toContain('0/2 nodes are available: 2 Insufficient alibabacloud.com/gpu-milli.');
    });
  });
}

describe('Open-Gpu-Share and DefaultPreemption', () => {
  it("a higher-priority share preempts the pod holding the device's milli, then takes that device", () => {
    const h = harness();
    gpuNode(h, 'n0', 1);
    h.sim.run(0);
    const low = sharePod(h, 'low', 700, 1, undefined, '1', 0);
    h.sim.run(1e6);
    sharePod(h, 'high', 500, 1, undefined, '1', 1000);
    h.sim.run(2e6);
    expect(low.metadata.deletionTimestamp).toBeDefined();
    expect(low.status.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason).toBe('PreemptionByScheduler');
    h.store.finishDeletion(low);
    h.sim.run(120e6);
    expect(h.placements()).toEqual({ high: 'n0' });
    expect(devicesOf(h)).toEqual({ high: '0' });
  });

  it('no preemption for a pod whose GPU model no node has (unresolvable)', () => {
    const h = harness();
    gpuNode(h, 'n0', 1, 'T4');
    h.sim.run(0);
    const low = sharePod(h, 'low', 700, 1, undefined, '1', 0);
    h.sim.run(1e6);
    sharePod(h, 'high', 500, 1, 'A100', '1', 1000);
    h.sim.run(2e6);
    expect(low.metadata.deletionTimestamp).toBeUndefined();
    expect(h.placements()).toEqual({ low: 'n0', high: undefined });
  });
});

describe('Open-Gpu-Share pieces', () => {
  it('reads the request from the annotations and charges count × milli of alibabacloud.com/gpu-milli', () => {
    const h = harness();
    const p = sharePod(h, 'p', 250, 1, 'V100M16|V100M32');
    expect(gpuShareRequestOf(p)).toEqual({ milli: 250, count: 1, model: 'V100M16|V100M32' });
    expect(requestsOf(p).get(GPU_MILLI)).toBe(250_000); // milli-units of the quantity "250"
    const w = sharePod(h, 'w', 1000, 4);
    expect(requestsOf(w).get(GPU_MILLI)).toBe(4_000_000);
  });

  it('IsNodeAccessibleToPodByType: empty pod model goes anywhere; exact match on a | entry; no model rejects', () => {
    expect(modelAccessible('T4', '')).toBe(true);
    expect(modelAccessible('V100M32', 'V100M16|V100M32')).toBe(true);
    expect(modelAccessible('V100M3', 'V100M16|V100M32')).toBe(false);
    expect(modelAccessible('', 'T4')).toBe(false);
    expect(modelAccessible('T4', '|T4|')).toBe(true);
  });

  it('AllocateGpuId: k>1 shares walk devices in order and may stack on one device', () => {
    const free = Int32Array.from([1000, 300, 1000]);
    expect(allocateGpuId(free, { milli: 400, count: 3, model: '' })).toEqual([0, 0, 2]);
    expect(allocateGpuId(free, { milli: 1000, count: 3, model: '' })).toBeUndefined();
    expect(allocateGpuId(free, { milli: 300, count: 1, model: '' })).toEqual([1]);
    expect(allocateGpuId(free, { milli: 300, count: 0, model: '' })).toBeUndefined();
  });
});
