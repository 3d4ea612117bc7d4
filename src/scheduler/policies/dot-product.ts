// The FGD study's `dot-product` policy (spec/fgd.md §3–4; hkust-adsl/kubernetes-scheduler-simulator pkg/simulator/plugin):
// the score and device choice of src/gpushare, node selection as the study's scheduler (gpu-study.ts).
import { studyPolicy } from './gpu-study.js';

export const dotProductPolicy = studyPolicy(
  'dot-product',
  'DotProd (-dimext merge -norm max): the smallest dot product of free (cpu, GPU) and demand, normalised by 128 cores and 8 GPUs; tightest device',
);
