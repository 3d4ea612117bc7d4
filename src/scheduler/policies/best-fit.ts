// The FGD study's `best-fit` policy (spec/fgd.md §3–4; hkust-adsl/kubernetes-scheduler-simulator pkg/simulator/plugin):
// the score and device choice of src/gpushare, node selection as the study's scheduler (gpu-study.ts).
import { studyPolicy } from './gpu-study.js';

export const bestFitPolicy = studyPolicy(
  'best-fit',
  'BestFit: least free cpu and GPU left after placement (min-max normalised over the feasible nodes); tightest device',
);
