// The FGD study's `gpu-packing` policy (spec/fgd.md §3–4; hkust-adsl/kubernetes-scheduler-simulator pkg/simulator/plugin):
// the score and device choice of src/gpushare, node selection as the study's scheduler (gpu-study.ts).
import { studyPolicy } from './gpu-study.js';

export const gpuPackingPolicy = studyPolicy(
  'gpu-packing',
  'GpuPacking: partly used GPUs first, then nodes with fully free ones, then empty nodes; tightest device',
);
