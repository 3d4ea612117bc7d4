// One fleet run, measured in its own process (so peak RSS is this run's): what `jobset-sim run FILE --output json`
// does without `--out` (the event log is not kept; the result JSON is built and written), then one JSON line of
// figures on stdout. Called by bench/fleet/run.ts; alone:
//   node dist/bench/fleet/measure.js bench/fleet/out/fleet-1000.yaml [RESULT.json]
import { writeFileSync } from 'node:fs';
import { loadFiles, simulate } from '../../src/simulate.js';

const ACCELERATORS = ['nvidia.com/gpu', 'google.com/tpu'];

export interface FleetMeasure {
  file: string;
  nodes: number;
  jobSets: number;
  pods: number;
  end: number;
  stoppedBy: string;
  engineEvents: number;
  placements: number;
  loadCpuMs: number;
  cpuMs: number;
  wallMs: number;
  maxRssMb: number;
  /** Simulated accelerator-hours (GPU + TPU chip-hours) the run's pods held. */
  acceleratorHours: number;
  completed: number;
  unfinished: number;
  failed: number;
  faults: number;
  resultBytes: number;
  /** JobSets archived (`archiveFinished`, src/archive-finished.ts). */
  archivedJobSets: number;
}

function cpuMs(c: NodeJS.CpuUsage): number {
  return (c.user + c.system) / 1000;
}

export function measure(file: string, resultFile?: string): FleetMeasure {
  const c0 = process.cpuUsage();
  const w0 = performance.now(); // wall-clock: a benchmark figure, never a simulation input
  const scenario = loadFiles([file]);
  const loadCpu = cpuMs(process.cpuUsage(c0));
  const run = simulate(scenario, { retainEvents: false });
  const json = `${JSON.stringify(run.result, null, 2)}\n`;
  if (resultFile) writeFileSync(resultFile, json);
  const cpu = cpuMs(process.cpuUsage(c0));
  const wall = performance.now() - w0;
  const r = run.result;
  let nodes = 0;
  const capacity: Record<string, number> = {};
  // Capacity from the NodePool shapes (the fleet's TPU VMs have 4 chips each; GPU nodes `gpu.count`).
  for (const { spec: p } of scenario.nodePools) {
    const replicas = p.replicas;
    if (p.tpu) {
      const chips = p.tpu.topology.split('x').reduce((a, b) => a * Number(b), 1);
      nodes += (replicas * chips) / 4;
      capacity['google.com/tpu'] = (capacity['google.com/tpu'] ?? 0) + replicas * chips;
    } else if (p.gpu) {
      const n = (p.nodes ?? 1) * replicas;
      nodes += n;
      capacity['nvidia.com/gpu'] = (capacity['nvidia.com/gpu'] ?? 0) + n * (p.gpu.count ?? 8);
    }
  }
  let acceleratorHours = 0;
  for (const res of ACCELERATORS)
    acceleratorHours += (r.metrics.utilization[res] ?? 0) * (capacity[res] ?? 0) * (r.end / 3600);
  let pods = 0;
  for (const e of scenario.jobSets) {
    for (const rj of e.object.spec.replicatedJobs) pods += (rj.replicas ?? 1) * (rj.template.spec.parallelism ?? 1);
  }
  const faults = (r.metrics.faults as { total?: number } | undefined)?.total ?? 0;
  return {
    file,
    nodes,
    jobSets: scenario.jobSets.length,
    pods,
    end: r.end,
    stoppedBy: run.stoppedBy,
    engineEvents: run.engineEvents,
    placements: (r.metrics.scheduler as { scheduled: number }).scheduled,
    loadCpuMs: Math.round(loadCpu),
    cpuMs: Math.round(cpu),
    wallMs: Math.round(wall),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    acceleratorHours: Math.round(acceleratorHours),
    completed: r.metrics.jobsets.completed,
    unfinished: r.metrics.jobsets.unfinished,
    failed: r.metrics.jobsets.failed,
    faults,
    resultBytes: json.length,
    archivedJobSets: run.archivedJobSets,
  };
}

if (process.argv[1]?.includes('measure')) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: measure FILE [RESULT.json]');
    process.exit(1);
  }
  console.log(JSON.stringify(measure(file, process.argv[3])));
}
