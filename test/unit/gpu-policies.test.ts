// The FGD study's placement policies (spec/fgd.md §3–4) as scheduler plugins: each policy's node and device choice
// through the real scheduler on small hand-built clusters, with the scores worked out by hand from the spec's
// formulas in the comments. GPU sharing is Open-GPU-Share's (gpu-share.test.ts).
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import {
  assignDevices,
  bindPod,
  DEVICE_SELECTION,
  makeNode,
  makePod,
  selectNode,
  targetWorkload,
} from '../../src/gpushare/index.js';
import { GPU_COUNT, GPU_INDEX, GPU_MILLI, GPU_MODEL } from '../../src/scheduler/gpu-share.js';
import type { WorkloadShape } from '../../src/scheduler/gpu-workload.js';
import { POLICIES } from '../../src/simulate.js';
import { type Harness, harness } from '../support/scheduler-harness.js';

function gpuNode(h: Harness, name: string, gpus: number, cores: number, model = 'G2') {
  h.node(
    name,
    {
      cpu: String(cores),
      memory: '512Gi',
      pods: '110',
      [GPU_COUNT]: String(gpus),
      [GPU_MILLI]: String(gpus * 1000),
    },
    { labels: { [GPU_MODEL]: model } },
  );
}

/** A pod asking `milli` on each of `count` GPUs and `cpuMilli` cpu; bound to `at` = [node, gpu-index] if given. */
function pod(h: Harness, name: string, cpuMilli: number, milli: number, count = 1, at?: [string, string]): Pod {
  const annotations: Record<string, string> =
    milli > 0 ? { [GPU_MILLI]: String(milli), [GPU_COUNT]: String(count) } : {};
  if (at) annotations[GPU_INDEX] = at[1];
  return h.store.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: `${cpuMilli}m`, memory: '1Gi' } } }],
      ...(at ? { nodeName: at[0] } : {}),
    },
    status: { phase: at ? 'Running' : 'Pending' },
  } as never);
}

const placed = (h: Harness, name: string) => {
  const p = [...h.store.list<Pod>('Pod')].find((x) => x.metadata.name === name)!;
  return [p.spec.nodeName, p.metadata.annotations?.[GPU_INDEX]];
};

/** Runs `policy` on a cluster built by `build`, then schedules pod `new` and returns [node, gpu-index]. */
function choose(
  policy: string,
  build: (h: Harness) => void,
  newPod: [cpuMilli: number, milli: number, count?: number],
  workload: WorkloadShape[] = [],
  seed = 1,
) {
  const h = harness({ policy }, seed, () => workload);
  build(h);
  h.sim.run(0);
  pod(h, 'new', newPod[0], newPod[1], newPod[2] ?? 1);
  h.sim.run(1e6);
  return placed(h, 'new');
}

describe('the study policies are selectable', () => {
  it('scheduler.policy accepts the six names', () => {
    for (const p of ['random', 'dot-product', 'gpu-clustering', 'gpu-packing', 'best-fit', 'fgd'])
      expect(POLICIES).toContain(p);
  });
});

describe('gpu-packing (gpu_packing_score.go)', () => {
  // a: 4 free GPUs → max(33 − 4, 4) = 29. b: free (1000, 1000, 1000, 600); the first device with ≥ 300 in
  // ascending free order is the 600 one, not fully free → max(100 − ⌊⌊600·100/1000⌋/10⌋, 50) = 94. c: free
  // (1000, 200): the 200 one is too small, the 1000 one is fully free → max(50 − 1, 33) = 49.
  const build = (h: Harness) => {
    gpuNode(h, 'a', 4, 64);
    gpuNode(h, 'b', 4, 64);
    gpuNode(h, 'c', 2, 64);
    pod(h, 'b-old', 1000, 400, 1, ['b', '3']);
    pod(h, 'c-old', 1000, 800, 1, ['c', '1']);
  };
  it('prefers a partly used GPU: node b, its 600-milli device', () => {
    expect(choose('gpu-packing', build, [1000, 300])).toEqual(['b', '3']);
  });
  it('a whole-GPU pod on the same cluster: b and c score max(50 − 1, 33) = 49, a 29; the tie goes to b', () => {
    expect(choose('gpu-packing', build, [1000, 1000])).toEqual(['b', '0']);
  });
});

describe('best-fit (best_fit_score.go)', () => {
  // raw = trunc(100·(1 − [0.5·(c − cpu)/128000 + 0.5·(U − kq)/8000])) for a 4-core, 1-GPU pod:
  // a (64 cores, 8 GPUs): 1 − (0.234375 + 0.4375) → 32; b (96 cores, 2 GPUs): 1 − (0.359375 + 0.0625) → 57;
  // c (8 cores, 1 GPU): 1 − (0.015625 + 0) → 98. Normalised 0, 38, 100: c.
  it('the node left with the least cpu and GPU: c', () => {
    const build = (h: Harness) => {
      gpuNode(h, 'a', 8, 64);
      gpuNode(h, 'b', 2, 96);
      gpuNode(h, 'c', 1, 8);
    };
    expect(choose('best-fit', build, [4000, 1000])).toEqual(['c', '0']);
  });
  it('a share goes to the tightest device of the chosen node (gpusel best)', () => {
    const build = (h: Harness) => {
      gpuNode(h, 'a', 2, 32);
      pod(h, 'a-old', 1000, 300, 1, ['a', '1']);
    };
    expect(choose('best-fit', build, [1000, 500])).toEqual(['a', '1']);
  });
});

describe('dot-product (dot_product_score.go, -dimext merge -norm max)', () => {
  // d = (c/128000)(cpu/128000) + (U/8000)(kq/8000) for an 8-core, 500-milli pod; score trunc(100·(1 − d/2)):
  // a (96 cores free, U 8000): d = 0.046875 + 0.0625 → 94; b (32 cores, U 2000): d = 0.015625 + 0.015625 → 98;
  // c (120 cores, U 500): d = 0.05859375 + 0.00390625 → 96. The smallest dot product, b, wins.
  it('the smallest alignment of free capacity and demand: b', () => {
    const build = (h: Harness) => {
      gpuNode(h, 'a', 8, 96);
      gpuNode(h, 'b', 2, 32);
      gpuNode(h, 'c', 1, 128);
      pod(h, 'c-old', 8000, 500, 1, ['c', '0']);
    };
    expect(choose('dot-product', build, [8000, 500])).toEqual(['b', '0']);
  });
});

describe('gpu-clustering (gpu_clustering_score.go)', () => {
  // base ⌊25·(8000 − U)/8000⌋ plus 75 (only the pod's tag), 50 (its tag among others), 25 (no GPU pod), 0 (others
  // only), for a share pod (tag share-gpu) on 8-GPU nodes: a (a 1-GPU pod, U 7000): 3 + 0; b (empty): 0 + 25;
  // c (a 500 share, U 7500): 1 + 75 = 76; d (a share and a 1-GPU pod, U 6500): 4 + 50 = 54. c wins, and its share
  // goes to the tightest device, the one already shared.
  it('next to pods of the same kind: c, on the shared device', () => {
    const build = (h: Harness) => {
      for (const n of ['a', 'b', 'c', 'd']) gpuNode(h, n, 8, 96);
      pod(h, 'a-1', 1000, 1000, 1, ['a', '0']);
      pod(h, 'c-s', 1000, 500, 1, ['c', '4']);
      pod(h, 'd-s', 1000, 500, 1, ['d', '0']);
      pod(h, 'd-1', 1000, 1000, 1, ['d', '1']);
    };
    expect(choose('gpu-clustering', build, [1000, 300])).toEqual(['c', '4']);
  });
  it('a CPU-only pod scores 0 everywhere: the smallest node name', () => {
    const build = (h: Harness) => {
      for (const n of ['b', 'a', 'c']) gpuNode(h, n, 8, 96);
    };
    expect(choose('gpu-clustering', build, [1000, 0])).toEqual(['a', undefined]);
  });
});

describe('fgd (fgd_score.go)', () => {
  // M = one class, a 500-milli share with 1 core (p = 1). A 500-milli pod on n1 (one GPU, 600 free): before,
  // F = 0 (600 ≥ 500); after, 100 free < 500 and no device fits the class → F = U = 100, Δ = 100,
  // score trunc(100·σ(−0.1)) = 47. On n2 (one free GPU): after, 500 free still fits the class → Δ = 0, score 50.
  const M: WorkloadShape[] = [{ cpuMilli: 1000, gpuMilli: 500, gpuCount: 1, model: '', count: 10 }];
  it('avoids leaving a fragment: n2, where packing policies would take the tighter n1', () => {
    const build = (h: Harness) => {
      gpuNode(h, 'n1', 1, 32);
      gpuNode(h, 'n2', 1, 32);
      pod(h, 'n1-old', 1000, 400, 1, ['n1', '0']);
    };
    expect(choose('fgd', build, [1000, 500], M)).toEqual(['n2', '0']);
    expect(choose('best-fit', build, [1000, 500], M)).toEqual(['n1', '0']);
    expect(choose('gpu-packing', build, [1000, 500], M)).toEqual(['n1', '0']);
  });
  it('picks the device by the same score: free (700, 1000) → device 1 (Δ 0), not the tighter device 0 (Δ 200)', () => {
    const build = (h: Harness) => {
      gpuNode(h, 'm', 2, 32);
      pod(h, 'm-old', 1000, 300, 1, ['m', '0']);
    };
    expect(choose('fgd', build, [1000, 500], M)).toEqual(['m', '1']);
    expect(choose('best-fit', build, [1000, 500], M)).toEqual(['m', '0']);
  });
  it('the target workload decides: with a 100-milli class instead, both leftovers fit it and the tie goes to n1', () => {
    // M = {100 milli}: n1's 100 left and n2's 500 left both still fit the class: Δ 0 on both (score 50), and the
    // tie goes to the smaller name, n1.
    const build = (h: Harness) => {
      gpuNode(h, 'n1', 1, 32);
      gpuNode(h, 'n2', 1, 32);
      pod(h, 'n1-old', 1000, 400, 1, ['n1', '0']);
    };
    const small: WorkloadShape[] = [{ cpuMilli: 1000, gpuMilli: 100, gpuCount: 1, model: '', count: 5 }];
    expect(choose('fgd', build, [1000, 500], small)).toEqual(['n1', '0']);
  });
});

describe('random (random_score.go, -gpusel random)', () => {
  it('a share lands on a uniformly drawn fitting device: over seeds, both fitting devices, never the full one', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const [node, dev] = choose(
        'random',
        (h) => {
          gpuNode(h, 'r', 3, 32);
          pod(h, 'r-old', 1000, 900, 1, ['r', '1']);
        },
        [1000, 500],
        [],
        seed,
      );
      expect(node).toBe('r');
      seen.add(dev!);
    }
    expect([...seen].sort()).toEqual(['0', '2']);
  });
});

describe('the plugins place as the study model does (src/gpushare selectNode, assignDevices, bindPod)', () => {
  // 40 pods of openb-like shapes arrive at once on 5 mixed nodes and never leave; the scheduler's choices must be
  // those of the pure model replayed on its own node state in the same order (fragments cached, tags kept, devices).
  const nodes: [string, number, number, string][] = [
    ['g2-a', 8, 96, 'G2'],
    ['g2-b', 8, 96, 'G2'],
    ['t4-a', 2, 64, 'T4'],
    ['t4-b', 2, 64, 'T4'],
    ['v16', 4, 48, 'V100M16'],
  ];
  const shapes: [number, number, number][] = [
    [3152, 810, 1],
    [11300, 1000, 1],
    [11908, 470, 1],
    [12500, 0, 0],
    [3152, 1000, 1],
    [6000, 250, 1],
    [16000, 1000, 2],
    [2000, 500, 1],
  ];
  const seq = Array.from({ length: 40 }, (_, i) => shapes[(i * 5 + Math.floor(i / 3)) % shapes.length]!);
  const M: WorkloadShape[] = shapes.map(([cpu, milli, count], i) => ({
    cpuMilli: cpu,
    gpuMilli: milli,
    gpuCount: count,
    model: '',
    count: 1 + (i % 3),
  }));

  const cases = (['dot-product', 'gpu-clustering', 'gpu-packing', 'best-fit', 'fgd'] as const).flatMap((policy) =>
    (['speed', 'fidelity'] as const).map((mode) => [policy, mode] as const),
  );
  for (const [policy, mode] of cases) {
    it(`${policy} (${mode} mode)`, () => {
      const h = harness({ policy, mode }, 1, () => M);
      for (const [n, g, c, m] of nodes) gpuNode(h, n, g, c, m);
      h.sim.run(0);
      for (const [i, [cpu, milli, count]] of seq.entries()) pod(h, `p${i}`, cpu, milli, count);
      h.sim.run(10e6);
      const got = seq.map((_, i) => placed(h, `p${i}`));

      const model = nodes.map(([n, g, c, m]) => makeNode(n, { cpu: c * 1000, gpus: g, model: m }));
      const w = targetWorkload(
        M.flatMap((s) =>
          Array.from({ length: s.count }, () => makePod({ cpu: s.cpuMilli, gpus: s.gpuCount, milli: s.gpuMilli })),
        ),
      );
      const want = seq.map(([cpu, milli, count]) => {
        const p = makePod({ cpu, gpus: count, milli });
        const i = selectNode(policy, p, model, { workload: w });
        if (i < 0) return [undefined, undefined];
        const devs = assignDevices(p, model[i]!, DEVICE_SELECTION[policy], { workload: w })!;
        bindPod(model[i]!, p, devs);
        return [model[i]!.name, devs.length > 0 ? devs.join('-') : undefined];
      });
      expect(got).toEqual(want);
      expect(got.filter(([n]) => n === undefined).length).toBeGreaterThan(0); // the cluster does fill up
    });
  }
});
