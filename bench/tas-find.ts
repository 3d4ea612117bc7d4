// TAS placement cost: 5,000 findTopologyAssignmentsForFlavor calls on the kueue-perf `tas` topology (1 block × 10
// racks × 64 hosts of 96 cpu), 4 pods × 1250m each, cycling required rack / preferred rack / rack slices of 2, on an
// empty cluster. Prints the CPU time (process.cpuUsage, user+system). Run: npx tsx bench/tas-find.ts
import { findTopologyAssignmentsForFlavor } from '../src/kueue/tas/find-assignment.js';
import { TasFlavorSnapshot, type TasNode } from '../src/kueue/tas/snapshot.js';

const nodes: TasNode[] = [];
for (let r = 0; r < 10; r++)
  for (let i = 0; i < 64; i++)
    nodes.push({
      name: `n-${r}-${i}`,
      labels: { b: 'b0', r: `r${r}`, 'kubernetes.io/hostname': `n-${r}-${i}` },
      allocatable: new Map([
        ['cpu', 96000],
        ['memory', 256e9 * 1000],
        ['pods', 110000],
      ]),
    });
const snap = new TasFlavorSnapshot({ topologyName: 't', levels: ['b', 'r', 'kubernetes.io/hostname'], nodes });
const reqs = (i: number) => [
  {
    podSet: {
      name: 'main',
      topologyRequest:
        i % 3 === 0
          ? { required: 'r' }
          : i % 3 === 1
            ? { preferred: 'r' }
            : { podSetSliceRequiredTopology: 'r', podSetSliceSize: 2 },
      template: { spec: {} },
    },
    singlePodRequests: new Map([['cpu', 1250]]),
    count: 4,
  },
];
const c0 = process.cpuUsage();
let ok = 0;
for (let i = 0; i < 5000; i++)
  if (findTopologyAssignmentsForFlavor(snap, reqs(i)).get('main')!.failureReason === '') ok++;
const c = process.cpuUsage(c0);
console.log(`5000 finds, ${ok} ok, CPU ${((c.user + c.system) / 1000).toFixed(0)} ms`);
