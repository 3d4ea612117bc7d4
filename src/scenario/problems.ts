// Problems found while loading a scenario, and their one-line format (CONTRACT.md §3):
//   FILE: document N (Kind namespace/name): field.path: message
//   FILE: document N, items[I] (Kind namespace/name): field.path: message   (an item of a kubectl List)
//   FILE: document N (Kind name): field.path: message        (cluster-scoped kinds)
//   FILE: document N (Kind): field.path: message             (the object has no name yet)
//   FILE: document N: line L, column C: message              (YAML syntax errors)
//   FILE: document N: message                                (not a Kubernetes object)
//   FILE: message                                            (unreadable file; `--set EXPR`, `--seed`, `--until`)
import type { ScenarioWarning } from './model.js';

export interface Problem {
  /** The file as given, or a flag such as `--set EXPR` or `--until`. */
  file: string;
  /** 1-based index of the document in its file. */
  document?: number;
  /** 0-based index in the document's `items` (a kubectl List). */
  item?: number;
  kind?: string;
  /** Only for namespaced kinds. */
  namespace?: string;
  name?: string;
  /** The field, e.g. `spec.replicatedJobs[0].template.metadata.annotations["jobset-sim.dev/duration"]`. */
  path?: string;
  message: string;
  /** 1-based; YAML syntax errors. */
  line?: number;
  /** 1-based; YAML syntax errors. */
  column?: number;
}

/** `Kind namespace/name`, `Kind name` or `Kind`. */
export function objectLabel(kind: string, namespace: string | undefined, name: string | undefined): string {
  if (!name) return kind;
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

export function formatProblem(p: Problem): string {
  let out = p.file;
  if (p.document !== undefined) out += `: document ${p.document}`;
  if (p.item !== undefined) out += `, items[${p.item}]`;
  if (p.kind) out += ` (${objectLabel(p.kind, p.namespace, p.name)})`;
  if (p.line !== undefined) {
    out += `: line ${p.line}`;
    if (p.column !== undefined) out += `, column ${p.column}`;
  }
  if (p.path) out += `: ${p.path}`;
  return `${out}: ${p.message}`;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

/** Invalid input: every problem of every file, one per line in `message`. */
export class ScenarioError extends Error {
  readonly problems: Problem[];
  /** Warnings gathered before the load failed (a `validate` command prints them too). */
  readonly warnings: ScenarioWarning[];

  constructor(problems: Problem[], warnings: ScenarioWarning[] = []) {
    super(formatProblems(problems));
    this.name = 'ScenarioError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

export function scenarioWarning(code: string, object: string, message: string): ScenarioWarning {
  return { code, object, message };
}

/** A well-formed object of a kind the simulator does not model. `object` is `namespace/name` (or `name`). */
export function unmodelledKindWarning(kind: string, namespace: string | undefined, name: string): ScenarioWarning {
  const ref = namespace ? `${namespace}/${name}` : name;
  return scenarioWarning(
    'UnmodelledKind',
    ref,
    `${objectLabel(kind, namespace, name)} is not modelled by the simulator and is ignored`,
  );
}

/** One per kind that is recognised but not simulated yet. `object` is the kind. */
export function notYetSimulatedWarning(kind: string, refs: readonly string[]): ScenarioWarning {
  const n = refs.length;
  const list = refs.filter((r) => r !== '').join(', ');
  return scenarioWarning(
    'NotYetSimulated',
    kind,
    `${kind} is recognised but not simulated yet; ${n} object${n === 1 ? '' : 's'} ignored${list ? ` (${list})` : ''}`,
  );
}

/** openb pods asking a share of one GPU, rounded up to a whole GPU (GPU sharing is not modelled). One per replay. */
export function gpuShareWarning(replay: string, count: number): ScenarioWarning {
  return scenarioWarning(
    'GpuShareRoundedUp',
    `TraceReplay/${replay}`,
    `${count} pod${count === 1 ? '' : 's'} asking a fraction of a GPU (gpu_milli below 1000) ${count === 1 ? 'was' : 'were'} ` +
      'given one whole GPU each: GPU sharing is not modelled',
  );
}
