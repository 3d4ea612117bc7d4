import { describe, expect, it } from 'vitest';
import { expandNodePool, poolNames } from '../../src/cluster/nodepool.js';
import type { NodePoolDoc, NodePoolSpec } from '../../src/scenario/model.js';

function doc(name: string, spec: Partial<NodePoolSpec>): NodePoolDoc {
  return {
    name,
    spec: { replicas: 1, labels: {}, ...spec },
    source: { file: 'cluster.yaml', document: 1, kind: 'NodePool', name },
  };
}

describe('expandNodePool: TPU', () => {
  const pools = expandNodePool(doc('v5e-slice', { replicas: 4, tpu: { type: 'v5e', topology: '4x4' } }));

  it('replicas 4 gives four pools of four nodes, named <name>-<i>', () => {
    expect(pools.map((p) => p.name)).toEqual(['v5e-slice-0', 'v5e-slice-1', 'v5e-slice-2', 'v5e-slice-3']);
    for (const p of pools) {
      expect(p.poolDoc).toBe('v5e-slice');
      expect(p.multiHost).toBe(true);
      expect(p.nodes.map((n) => n.metadata.name)).toEqual([0, 1, 2, 3].map((i) => `${p.name}-node-${i}`));
    }
  });

  it('v5e-slice-2-node-3 has the GKE labels, google.com/tpu 4 and the default TPU taint', () => {
    const node = pools[2]?.nodes[3];
    expect(node?.apiVersion).toBe('v1');
    expect(node?.kind).toBe('Node');
    expect(node?.metadata).toEqual({
      name: 'v5e-slice-2-node-3',
      labels: {
        'kubernetes.io/hostname': 'v5e-slice-2-node-3',
        'cloud.google.com/gke-nodepool': 'v5e-slice-2',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'ct5lp-hightpu-4t',
        'cloud.google.com/gke-tpu-accelerator': 'tpu-v5-lite-podslice',
        'cloud.google.com/gke-tpu-topology': '4x4',
      },
    });
    expect(node?.status.capacity).toEqual({
      cpu: '112',
      memory: '192Gi',
      'ephemeral-storage': '100Gi',
      pods: '110',
      'google.com/tpu': '4',
    });
    expect(node?.status.allocatable).toEqual(node?.status.capacity);
    expect(node?.status.allocatable).not.toBe(node?.status.capacity);
    expect(node?.status.conditions).toEqual([
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ]);
    expect(node?.spec).toEqual({ taints: [{ key: 'google.com/tpu', value: 'present', effect: 'NoSchedule' }] });
  });

  it('nodes do not share taint or resource objects', () => {
    const [a, b] = pools[0]?.nodes ?? [];
    expect(a?.spec.taints?.[0]).not.toBe(b?.spec.taints?.[0]);
    expect(a?.status.capacity).not.toBe(b?.status.capacity);
  });

  it('replicas 1 keeps the name; a v5p 4x4x4 slice is one pool of 16 nodes', () => {
    const [p, ...rest] = expandNodePool(doc('v5p', { tpu: { type: 'v5p', topology: '4x4x4' } }));
    expect(rest).toEqual([]);
    expect(p?.name).toBe('v5p');
    expect(p?.nodes).toHaveLength(16);
    expect(p?.nodes[15]?.metadata.name).toBe('v5p-node-15');
    expect(p?.nodes[0]?.status.capacity['google.com/tpu']).toBe('4');
  });

  it('a single-host v6e 2x4 on ct6e-standard-8t is one node with 8 chips, not multi-host', () => {
    const [p] = expandNodePool(
      doc('serve', { tpu: { type: 'v6e', topology: '2x4', machineType: 'ct6e-standard-8t' } }),
    );
    expect(p?.multiHost).toBe(false);
    expect(p?.nodes).toHaveLength(1);
    expect(p?.nodes[0]?.status.capacity['google.com/tpu']).toBe('8');
    expect(p?.nodes[0]?.metadata.labels?.['node.kubernetes.io/instance-type']).toBe('ct6e-standard-8t');
  });

  it('replicas 0 gives no pools', () => {
    expect(expandNodePool(doc('spare', { replicas: 0, tpu: { type: 'v5e', topology: '4x4' } }))).toEqual([]);
    expect(poolNames({ name: 'x', spec: { replicas: 2, labels: {} } })).toEqual(['x-0', 'x-1']);
  });

  it('throws on an invalid spec, naming the field', () => {
    expect(() => expandNodePool(doc('bad', { tpu: { type: 'v5p', topology: '4x4x3' } }))).toThrow(
      /NodePool bad is invalid .*spec\.tpu\.topology: topology "4x4x3" is not a valid v5p slice/,
    );
  });
});

describe('expandNodePool: GPU', () => {
  it('a gpu pool with a count override exposes that many GPUs on the matching machine type', () => {
    const [p] = expandNodePool(doc('h100', { gpu: { type: 'h100-80gb', count: 2 }, nodes: 3 }));
    expect(p?.multiHost).toBe(false);
    expect(p?.nodes).toHaveLength(3);
    const node = p?.nodes[1];
    expect(node?.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'h100-node-1',
      'cloud.google.com/gke-nodepool': 'h100',
      'cloud.google.com/gke-accelerator': 'nvidia-h100-80gb',
      'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
      'nvidia.com/gpu.count': '2',
      'node.kubernetes.io/instance-type': 'a3-highgpu-2g',
    });
    expect(node?.status.capacity).toEqual({
      cpu: '52',
      memory: '468Gi',
      'ephemeral-storage': '100Gi',
      pods: '110',
      'nvidia.com/gpu': '2',
    });
    expect(node?.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
  });

  it('without count a GB200 node has 4 GPUs and is arm64', () => {
    const [p] = expandNodePool(doc('gb', { gpu: { type: 'gb200' }, nodes: 18 }));
    expect(p?.nodes).toHaveLength(18);
    expect(p?.nodes[0]?.status.capacity['nvidia.com/gpu']).toBe('4');
    expect(p?.nodes[0]?.metadata.labels?.['kubernetes.io/arch']).toBe('arm64');
  });
});

describe('expandNodePool: taints, labels and topology', () => {
  it('an explicit empty taint list removes the default accelerator taint', () => {
    const [p] = expandNodePool(doc('open', { tpu: { type: 'v5e', topology: '2x2' }, taints: [] }));
    expect(p?.nodes[0]?.spec).toEqual({});
  });

  it('an explicit taint list replaces the defaults', () => {
    const taint = { key: 'team', value: 'a', effect: 'NoExecute' as const };
    const [p] = expandNodePool(doc('gpu', { gpu: { type: 'b200' }, nodes: 1, taints: [taint] }));
    expect(p?.nodes[0]?.spec.taints).toEqual([taint]);
    expect(p?.nodes[0]?.spec.taints?.[0]).not.toBe(taint);
  });

  it('user labels are added to every node and win over GKE labels of the same key', () => {
    const pools = expandNodePool(
      doc('a', {
        replicas: 2,
        tpu: { type: 'v5e', topology: '2x4' },
        labels: { team: 'research', 'kubernetes.io/arch': 'arm64' },
      }),
    );
    const nodes = pools.flatMap((p) => p.nodes);
    expect(nodes).toHaveLength(4);
    for (const n of nodes) {
      expect(n.metadata.labels?.team).toBe('research');
      expect(n.metadata.labels?.['kubernetes.io/arch']).toBe('arm64');
    }
  });

  it('topology adds zone, block, sub-block and host labels', () => {
    const [p] = expandNodePool(
      doc('a4', {
        gpu: { type: 'b200' },
        nodes: 2,
        topology: { zone: 'us-central1-b', block: 'b1', subblock: 'b1-s1' },
      }),
    );
    expect(p?.nodes[1]?.metadata.labels).toMatchObject({
      'topology.kubernetes.io/zone': 'us-central1-b',
      'cloud.google.com/gce-topology-block': 'b1',
      'cloud.google.com/gce-topology-subblock': 'b1-s1',
      'cloud.google.com/gce-topology-host': 'a4-node-1',
    });
  });

  it('without topology there are no placement labels', () => {
    const [p] = expandNodePool(doc('plain', { gpu: { type: 'b200' }, nodes: 1 }));
    const keys = Object.keys(p?.nodes[0]?.metadata.labels ?? {});
    expect(keys.filter((k) => k.startsWith('topology.') || k.includes('gce-topology'))).toEqual([]);
  });
});

describe('expandNodePool: resources pools', () => {
  it('gets exactly the given resources plus pods, no taints and no accelerator labels', () => {
    const [p] = expandNodePool(
      doc('cpu', {
        resources: { cpu: '96', memory: '512Gi', 'nvidia.com/gpu': 8, 'example.com/fpga': '2' },
        nodes: 10,
      }),
    );
    expect(p?.nodes).toHaveLength(10);
    const node = p?.nodes[9];
    expect(node?.metadata.name).toBe('cpu-node-9');
    expect(node?.status.capacity).toEqual({
      cpu: '96',
      memory: '512Gi',
      'nvidia.com/gpu': '8',
      'example.com/fpga': '2',
      pods: '110',
    });
    expect(node?.status.allocatable).toEqual(node?.status.capacity);
    expect(node?.spec).toEqual({});
    expect(node?.metadata.labels).toEqual({
      'kubernetes.io/hostname': 'cpu-node-9',
      'cloud.google.com/gke-nodepool': 'cpu',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
    });
  });

  it('keeps a pods value the user gives', () => {
    const [p] = expandNodePool(doc('dense', { resources: { cpu: '8', pods: '250' }, nodes: 1 }));
    expect(p?.nodes[0]?.status.capacity.pods).toBe('250');
  });
});
