// WorkloadGenerator: synthetic JobSets — Poisson arrivals (diurnal, bursts), a weighted mix of job shapes (GPU jobs
// sized in GPUs, or JobSet templates sized in slices), clipped-lognormal durations and tenants mapped to
// namespaces, LocalQueues and priorities. Each aspect draws from its own named stream
// (`workload/<generator>/arrivals`, `…/shapes`, `…/sizes`, `…/durations`, `…/tenants`), a fixed number of draws per
// job, so changing one aspect's parameters leaves the others' draws — and the arms of a sweep — aligned.
import type { JobSet } from '../api/jobset.js';
import { RandomStreams } from '../engine/random.js';
import { ArrivalProcess, type ArrivalSpec } from './arrivals.js';
import { Categorical, type LognormalSpec, sampleDuration } from './distributions.js';
import {
  buildJobSet,
  type JobsBlock,
  QUEUE_NAME_LABEL,
  secondsToDuration,
  WORKLOAD_PRIORITY_LABEL,
} from './jobset-builder.js';

export interface Tenant {
  name: string;
  weight: number;
  namespace: string;
  queueName?: string;
  priorityClassName?: string;
  workloadPriorityClass?: string;
}

export type ShapeSize =
  | { kind: 'gpus'; gpus: Map<number, number> }
  | {
      kind: 'template';
      slices: Map<number, number>;
      /** index of the replicatedJob whose replicas is the size */
      replicatedJob: number;
      /** a JobSet as written (metadata labels/annotations, spec) */
      template: { metadata?: Record<string, unknown>; spec: Record<string, unknown> };
    };

export interface Shape {
  name: string;
  weight: number;
  size: ShapeSize;
  durations?: LognormalSpec;
}

export interface GeneratorSpec {
  name: string;
  count?: number;
  /** µs: no arrival at or after it */
  until?: number;
  /** µs: the process starts here */
  start: number;
  arrivals: ArrivalSpec;
  durations: LognormalSpec;
  shapes: Shape[];
  tenants: Tenant[];
  jobs: JobsBlock;
}

export interface GeneratedJob {
  object: JobSet;
  /** µs */
  submitAt: number;
  /** 0-based index of the job */
  index: number;
}

/** At most this many JobSets per generator: a typo in `perHour` or `until` should not exhaust memory. */
export const MAX_GENERATED = 1_000_000;

export class TooManyJobs extends Error {}

export function generate(spec: GeneratorSpec, seed: number): GeneratedJob[] {
  const streams = new RandomStreams(seed);
  const s = (aspect: string) => streams.stream(`workload/${spec.name}/${aspect}`);
  const arrivals = s('arrivals');
  const shapes = s('shapes');
  const sizes = s('sizes');
  const durations = s('durations');
  const tenants = s('tenants');
  const process = new ArrivalProcess(spec.arrivals);
  const shapePick = new Categorical(spec.shapes.map((sh) => [sh, sh.weight] as [Shape, number]));
  const tenantPick = new Categorical(spec.tenants.map((t) => [t, t.weight] as [Tenant, number]));
  const sizePick = new Map(
    spec.shapes.map((sh) => [sh, new Categorical(sh.size.kind === 'gpus' ? sh.size.gpus : sh.size.slices)]),
  );
  const out: GeneratedJob[] = [];
  let t = spec.start;
  for (let i = 0; spec.count === undefined || i < spec.count; i++) {
    t = process.next(t, arrivals);
    const submitAt = Math.round(t);
    if (spec.until !== undefined && submitAt >= spec.until) break;
    if (i >= MAX_GENERATED) throw new TooManyJobs(`more than ${MAX_GENERATED} JobSets`);
    const shape = shapePick.sample(shapes);
    const size = sizePick.get(shape)!.sample(sizes);
    const duration = sampleDuration(durations, shape.durations ?? spec.durations);
    const tenant = tenantPick.sample(tenants);
    const name = `${spec.name}-${i}`;
    const jobs: JobsBlock = {
      ...spec.jobs,
      namespace: tenant.namespace,
      ...(tenant.queueName !== undefined ? { queueName: tenant.queueName } : {}),
      ...(tenant.priorityClassName !== undefined ? { priorityClassName: tenant.priorityClassName } : {}),
      ...(tenant.workloadPriorityClass !== undefined ? { workloadPriorityClass: tenant.workloadPriorityClass } : {}),
    };
    const object =
      shape.size.kind === 'gpus'
        ? buildJobSet({ name, submitTime: submitAt / 1e6, duration, gpus: size }, jobs)
        : fromTemplate(shape.size, size, name, submitAt, duration, jobs);
    out.push({ object, submitAt, index: i });
  }
  return out;
}

function fromTemplate(
  size: Extract<ShapeSize, { kind: 'template' }>,
  slices: number,
  name: string,
  submitAt: number,
  duration: number,
  jobs: JobsBlock,
): JobSet {
  const t = structuredClone(size.template);
  const meta = (t.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const labels = { ...(meta.labels ?? {}) };
  if (jobs.queueName) labels[QUEUE_NAME_LABEL] = jobs.queueName;
  if (jobs.workloadPriorityClass) labels[WORKLOAD_PRIORITY_LABEL] = jobs.workloadPriorityClass;
  const annotations = {
    ...(meta.annotations ?? {}),
    'jobset-sim.dev/submit-at': secondsToDuration(submitAt / 1e6),
    'jobset-sim.dev/duration': secondsToDuration(duration),
  };
  const spec = t.spec as {
    replicatedJobs: { replicas?: number; template: { spec: { template: { spec: Record<string, unknown> } } } }[];
  };
  spec.replicatedJobs[size.replicatedJob]!.replicas = slices;
  if (jobs.priorityClassName) {
    for (const rj of spec.replicatedJobs) {
      const pod = rj.template.spec.template.spec;
      pod.priorityClassName ??= jobs.priorityClassName;
    }
  }
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: {
      name,
      namespace: jobs.namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations,
    },
    spec: t.spec,
    status: { restarts: 0 },
  } as unknown as JobSet;
}
