// The FGD study's `gpu-clustering` policy (spec/fgd.md §3–4; hkust-adsl/kubernetes-scheduler-simulator pkg/simulator/plugin):
// the score and device choice of src/gpushare, node selection as the study's scheduler (gpu-study.ts).
import { studyPolicy } from './gpu-study.js';

export const gpuClusteringPolicy = studyPolicy(
  'gpu-clustering',
  'GpuClustering: nodes already holding GPU pods of the same kind (share, 1-GPU, 2-GPU, ...) first; tightest device',
);
