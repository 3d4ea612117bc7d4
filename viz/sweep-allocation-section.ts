// The FGD study's figure inside a sweep report: when the sweep's runs carry `study.curve["X"]` metrics (an
// FgdStudy sweep such as scenarios/fgd-openb.sweep.yaml), `jobset-sim report SWEEPDIR` draws the allocation curves
// per arm (median and min–max band over the seeds) below the header, as `npm run fgd-figure` does.

import { curvesFromRuns, renderAllocationSvg } from './allocation-curve.js';
import type { G } from './charts.js';
import type { SweepFolder, SweepReportData } from './sweep-data.js';

export function renderAllocationSection(
  root: G,
  _data: SweepReportData,
  _width: number,
  y: number,
  folder: SweepFolder,
): number {
  const curves = curvesFromRuns(
    folder
      .records()
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  if (curves.length === 0) return y;
  // The figure is its own SVG (620 px high); nested as-is so the PNG and the page show the same drawing.
  const svg = renderAllocationSvg(curves);
  root
    .append('g')
    .attr('class', 'allocation-curves')
    .attr('transform', `translate(20,${y + 20})`)
    .html(svg);
  return y + 20 + 620;
}
