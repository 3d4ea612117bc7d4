// The FGD study's `fgd` policy, fragmentation gradient descent (spec/fgd.md §3; hkust-adsl/kubernetes-scheduler-
// simulator pkg/simulator/plugin/fgd_score.go): score trunc(100·σ(−Δ/1000)) with Δ the growth of the node's
// fragmentation against the target workload M (the scenario's pod shapes, gpu-study.ts), device by the same score.
import { studyPolicy } from './gpu-study.js';

export const fgdPolicy = studyPolicy(
  'fgd',
  "FGD: the node and device that least grow GPU fragmentation against the scenario's pod shapes (Weng et al., ATC'23)",
);
