import { describe, expect, it } from 'vitest';
import {
  GPU_SHAPES,
  gpuNodeShape,
  isQuantity,
  TPU_GENERATIONS,
  tpuSliceShape,
  validateNodePoolSpec,
} from '../../src/cluster/catalog.js';
import type { NodePoolSpec, TpuPoolShape } from '../../src/scenario/model.js';

function slice(shape: TpuPoolShape) {
  const r = tpuSliceShape(shape);
  if (!r.ok) throw new Error(`expected a valid slice, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

function sliceErrors(shape: TpuPoolShape) {
  const r = tpuSliceShape(shape);
  if (r.ok) throw new Error(`expected errors for ${JSON.stringify(shape)}`);
  return r.errors;
}

function spec(partial: Partial<NodePoolSpec>): NodePoolSpec {
  return { replicas: 1, labels: {}, ...partial };
}

describe('tpuSliceShape node counts', () => {
  it('v5p 4x4x4 is 16 nodes of 4 chips', () => {
    const s = slice({ type: 'v5p', topology: '4x4x4' });
    expect(s).toMatchObject({
      acceleratorLabel: 'tpu-v5p-slice',
      machineType: 'ct5p-hightpu-4t',
      chipsPerVm: 4,
      chips: 64,
      nodes: 16,
      multiHost: true,
      cpu: '208',
      memory: '448Gi',
    });
  });

  it('v5e 16x16 is 64 nodes of 4 chips (GKE 4-chip VMs, not 32 hosts of 8)', () => {
    const s = slice({ type: 'v5e', topology: '16x16' });
    expect(s.machineType).toBe('ct5lp-hightpu-4t');
    expect(s.chips).toBe(256);
    expect(s.nodes).toBe(64);
    expect(s.multiHost).toBe(true);
  });

  it('a single-host v6e 2x4 on ct6e-standard-8t is one node', () => {
    const s = slice({ type: 'v6e', topology: '2x4', machineType: 'ct6e-standard-8t' });
    expect(s).toMatchObject({ chips: 8, chipsPerVm: 8, nodes: 1, multiHost: false, acceleratorLabel: 'tpu-v6e-slice' });
  });

  it('v5e 4x4 is 4 nodes of 4 chips', () => {
    const s = slice({ type: 'v5e', topology: '4x4' });
    expect(s).toMatchObject({ acceleratorLabel: 'tpu-v5-lite-podslice', chipsPerVm: 4, chips: 16, nodes: 4 });
    expect(s.cpu).toBe('112');
    expect(s.memory).toBe('192Gi');
  });

  it('v6e 2x4 without a machine type defaults to two 4-chip VMs', () => {
    const s = slice({ type: 'v6e', topology: '2x4' });
    expect(s).toMatchObject({ machineType: 'ct6e-standard-4t', nodes: 2, multiHost: true });
  });

  it('slices smaller than the 4-chip VM default to the machine that holds exactly their chips', () => {
    expect(slice({ type: 'v5e', topology: '1x1' })).toMatchObject({ machineType: 'ct5lp-hightpu-1t', nodes: 1 });
    expect(slice({ type: 'v6e', topology: '1x1' })).toMatchObject({ machineType: 'ct6e-standard-1t', nodes: 1 });
    expect(slice({ type: 'tpu7x', topology: '1x1x1' })).toMatchObject({
      machineType: 'tpu7x-standard-1t',
      chips: 1,
      nodes: 1,
      multiHost: false,
    });
  });

  it('a 4-chip slice is one single-host 4-chip VM', () => {
    expect(slice({ type: 'v5e', topology: '2x2' })).toMatchObject({ machineType: 'ct5lp-hightpu-4t', nodes: 1 });
    expect(slice({ type: 'v4', topology: '2x2x1' })).toMatchObject({
      acceleratorLabel: 'tpu-v4-podslice',
      machineType: 'ct4p-hightpu-4t',
      nodes: 1,
      multiHost: false,
    });
  });

  it('accepts large multiple-of-4 3D shapes up to the largest slice', () => {
    expect(slice({ type: 'v5p', topology: '16x16x24' }).nodes).toBe(1536);
    expect(slice({ type: 'v4', topology: '8x16x16' }).nodes).toBe(512);
    expect(slice({ type: 'tpu7x', topology: '16x16x32' })).toMatchObject({ acceleratorLabel: 'tpu7x', nodes: 2048 });
    expect(slice({ type: 'v5p', topology: '4x4x12' }).chips).toBe(192);
  });

  it('every 2D topology of the catalog yields whole nodes', () => {
    for (const type of ['v5e', 'v6e'] as const) {
      for (const topology of TPU_GENERATIONS[type].topologies) {
        const s = slice({ type, topology });
        expect(s.nodes * s.chipsPerVm).toBe(s.chips);
      }
    }
  });
});

describe('tpuSliceShape errors', () => {
  it('an invalid v5p topology names the field and lists valid shapes', () => {
    const [e, ...rest] = sliceErrors({ type: 'v5p', topology: '4x4x3' });
    expect(rest).toEqual([]);
    expect(e?.path).toBe('spec.tpu.topology');
    expect(e?.message).toContain('topology "4x4x3" is not a valid v5p slice');
    expect(e?.message).toContain('valid v5p topologies are 2x2x1, 2x2x2, 2x2x4, 2x4x4');
    expect(e?.message).toContain('every side a multiple of 4');
    expect(e?.message).toContain('4x4x8');
  });

  it('says which side is not a multiple of 4 for cube-sized slices', () => {
    const [e] = sliceErrors({ type: 'v4', topology: '4x6x8' });
    expect(e?.message).toMatch(/6 is not/);
  });

  it('asks for ascending sides', () => {
    const [e] = sliceErrors({ type: 'v5p', topology: '8x4x4' });
    expect(e?.path).toBe('spec.tpu.topology');
    expect(e?.message).toContain('ascending order: "4x4x8"');
  });

  it('rejects slices larger than the largest one', () => {
    const [e] = sliceErrors({ type: 'v5p', topology: '16x16x32' });
    expect(e?.message).toContain('8192 chips; the largest v5p slice has 6144');
  });

  it('rejects a 2D topology not in the list and suggests the swapped form', () => {
    const [e] = sliceErrors({ type: 'v5e', topology: '4x2' });
    expect(e?.path).toBe('spec.tpu.topology');
    expect(e?.message).toContain('did you mean "2x4"?');
    expect(e?.message).toContain('valid v5e topologies are 1x1, 2x2, 2x4, 4x4, 4x8, 8x8, 8x16, 16x16');
  });

  it('rejects the wrong number of dimensions and malformed text', () => {
    expect(sliceErrors({ type: 'v6e', topology: '4x4x1' })[0]?.message).toContain('v6e slices have 2 dimensions');
    expect(sliceErrors({ type: 'v5p', topology: '4x4' })[0]?.message).toContain('v5p slices have 3 dimensions');
    expect(sliceErrors({ type: 'v5e', topology: '4 by 4' })[0]?.message).toContain('write it as AxB');
    expect(sliceErrors({ type: 'v5e', topology: '04x4' })[0]?.message).toContain('write it as "4x4"');
  });

  it('rejects a machine type of another generation, listing the valid ones', () => {
    const [e] = sliceErrors({ type: 'v5e', topology: '4x4', machineType: 'ct5p-hightpu-4t' });
    expect(e?.path).toBe('spec.tpu.machineType');
    expect(e?.message).toContain('"ct5p-hightpu-4t" is not a v5e machine type');
    expect(e?.message).toContain('ct5lp-hightpu-1t (1 chip), ct5lp-hightpu-4t (4 chips), ct5lp-hightpu-8t (8 chips)');
  });

  it('rejects a single-host machine for a multi-host slice and names the right one', () => {
    const [e] = sliceErrors({ type: 'v6e', topology: '4x4', machineType: 'ct6e-standard-8t' });
    expect(e?.path).toBe('spec.tpu.machineType');
    expect(e?.message).toContain('ct6e-standard-8t holds only a single-host v6e slice of 8 chips');
    expect(e?.message).toContain('use ct6e-standard-4t (4 nodes of 4 chips)');
  });

  it('rejects a machine whose VMs the slice does not fill', () => {
    const [e] = sliceErrors({ type: 'v5e', topology: '1x1', machineType: 'ct5lp-hightpu-4t' });
    expect(e?.path).toBe('spec.tpu.machineType');
    expect(e?.message).toContain('1 chip does not fill whole ct5lp-hightpu-4t VMs of 4 chips');
    expect(e?.message).toContain('use ct5lp-hightpu-1t (1 node of 1 chip)');
  });

  it('rejects a 1-chip 3D slice where the generation has no 1-chip VM', () => {
    const [e] = sliceErrors({ type: 'v5p', topology: '1x1x1' });
    expect(e?.path).toBe('spec.tpu.topology');
    expect(e?.message).toContain('smaller than a 4x4x4 cube must be one of 2x2x1, 2x2x2, 2x2x4, 2x4x4');
  });

  it('rejects an unknown TPU type', () => {
    const [e] = sliceErrors({ type: 'v3' as TpuPoolShape['type'], topology: '2x2' });
    expect(e).toEqual({
      path: 'spec.tpu.type',
      message: '"v3" is not a supported TPU type; valid types are v4, v5e, v5p, v6e, tpu7x',
    });
  });
});

describe('gpuNodeShape', () => {
  it('defaults count to the shape GPUs', () => {
    const r = gpuNodeShape({ type: 'h100-80gb' });
    expect(r).toEqual({
      ok: true,
      value: {
        acceleratorLabel: 'nvidia-h100-80gb',
        machineType: 'a3-highgpu-8g',
        gpus: 8,
        gpuProduct: 'NVIDIA-H100-80GB-HBM3',
        cpu: '208',
        memory: '1872Gi',
        arch: 'amd64',
      },
    });
  });

  it('a count with its own GCE machine type uses it', () => {
    const r = gpuNodeShape({ type: 'h100-80gb', count: 4 });
    expect(r.ok && r.value).toMatchObject({ machineType: 'a3-highgpu-4g', gpus: 4, cpu: '104', memory: '936Gi' });
  });

  it('a count without its own machine type keeps the full machine', () => {
    const r = gpuNodeShape({ type: 'b200', count: 4 });
    expect(r.ok && r.value).toMatchObject({ machineType: 'a4-highgpu-8g', gpus: 4, gpuProduct: 'NVIDIA-B200' });
  });

  it('GB200 nodes are 4-GPU arm64 A4X VMs', () => {
    const r = gpuNodeShape({ type: 'gb200' });
    expect(r.ok && r.value).toMatchObject({ machineType: 'a4x-highgpu-4g', gpus: 4, arch: 'arm64' });
  });

  it('rejects a count above the machine GPUs', () => {
    const r = gpuNodeShape({ type: 'gb200', count: 8 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.path).toBe('spec.gpu.count');
      expect(r.errors[0]?.message).toContain('count must be a whole number from 1 to 4');
    }
  });

  it('every shape has its default machine last with the most GPUs', () => {
    for (const def of Object.values(GPU_SHAPES)) {
      const last = def.machines[def.machines.length - 1]!;
      expect(Math.max(...def.machines.map((m) => m.gpus))).toBe(last.gpus);
    }
  });
});

describe('validateNodePoolSpec', () => {
  it('a valid TPU pool has no errors', () => {
    expect(validateNodePoolSpec(spec({ replicas: 4, tpu: { type: 'v5e', topology: '4x4' } }))).toEqual([]);
  });

  it('needs exactly one of tpu, gpu, resources', () => {
    const none = validateNodePoolSpec(spec({}));
    expect(none).toHaveLength(1);
    expect(none[0]?.path).toBe('spec');
    expect(none[0]?.message).toContain('exactly one of tpu');
    const two = validateNodePoolSpec(spec({ tpu: { type: 'v5e', topology: '4x4' }, gpu: { type: 'b200' }, nodes: 2 }));
    expect(two.map((e) => e.message)).toContain(
      'a NodePool takes exactly one of tpu, gpu or resources; this one has tpu and gpu',
    );
  });

  it('gpu and resources pools need nodes', () => {
    expect(validateNodePoolSpec(spec({ gpu: { type: 'h100-80gb' } }))).toEqual([
      { path: 'spec.nodes', message: 'a gpu pool needs nodes: how many identical nodes each pool has' },
    ]);
    const e = validateNodePoolSpec(spec({ resources: { cpu: '96' }, nodes: 0 }));
    expect(e.map((x) => x.path)).toEqual(['spec.nodes']);
    expect(e[0]?.message).toContain('nodes must be a whole number, 1 or more; got 0');
  });

  it('a TPU pool with a nodes count that disagrees with the topology is an error', () => {
    const e = validateNodePoolSpec(spec({ tpu: { type: 'v5p', topology: '4x4x4' }, nodes: 8 }));
    expect(e).toEqual([
      {
        path: 'spec.nodes',
        message:
          "a TPU slice's node count comes from its topology: 4x4x4 on ct5p-hightpu-4t is 16 nodes; remove nodes or set it to 16",
      },
    ]);
    expect(validateNodePoolSpec(spec({ tpu: { type: 'v5p', topology: '4x4x4' }, nodes: 16 }))).toEqual([]);
  });

  it('reports replicas, topology, labels, taints and quantities with their paths', () => {
    const e = validateNodePoolSpec({
      replicas: -1,
      tpu: { type: 'v5p', topology: '4x4x3' },
      labels: { 'bad key!': 'ok', team: 'not ok!' },
      taints: [{ key: 'x', effect: 'Sometimes' as 'NoSchedule' }],
      topology: { zone: '' },
    });
    expect(e.map((x) => x.path)).toEqual([
      'spec.replicas',
      'spec.tpu.topology',
      'spec.labels["bad key!"]',
      'spec.labels["team"]',
      'spec.taints[0].effect',
      'spec.topology.zone',
    ]);
    expect(e[0]?.message).toContain('replicas must be a whole number, 0 or more');
    expect(e[4]?.message).toContain('valid effects are NoSchedule, PreferNoSchedule, NoExecute');
  });

  it('checks resource quantities', () => {
    const e = validateNodePoolSpec(
      spec({ resources: { cpu: '96', memory: '512 GB', 'example.com/fpga': 2 }, nodes: 3 }),
    );
    expect(e).toHaveLength(1);
    expect(e[0]?.path).toBe('spec.resources["memory"]');
    expect(e[0]?.message).toContain('"512 GB" is not a valid quantity');
  });

  it('recognises Kubernetes quantities', () => {
    for (const q of ['96', '512Gi', '1.5', '500m', '1e3', '2Ti', 8]) expect(isQuantity(q)).toBe(true);
    for (const q of ['-1', '512GB', 'lots', '', -2, Number.NaN]) expect(isQuantity(q)).toBe(false);
  });
});
