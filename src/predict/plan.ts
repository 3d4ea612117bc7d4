// Reads and validates predict's input once, in the main thread: the scenario (or snapshot) files and the --submit
// JobSet through the normal loader (every problem in the usual FILE: document N (Kind ns/name): field: message
// form), then the parsed documents every future reloads, the submitted JobSet's queue, and the arrival fit.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { JobSet } from '../api/jobset.js';
import { admissionFairSharingEnabled } from '../kueue/admission-fair-sharing.js';
import { managedByKueue, queueNameOf } from '../kueue/workload.js';
import { DurationError, parseDuration } from '../scenario/duration.js';
import { ANNOTATION_SUBMIT_AT, loadScenarioFromTexts, MAX_HORIZON_US } from '../scenario/load.js';
import type { Scenario } from '../scenario/model.js';
import { type Problem, ScenarioError } from '../scenario/problems.js';
import { parseYamlFast } from '../scenario/yaml-fast-path.js';
import { neverSchedulableWarnings } from '../scheduler/preflight.js';
import { loaderOptions } from '../simulate.js';
import { fitArrivals, MAX_ARRIVALS } from './arrivals.js';
import type { PlanInput, PredictPlan } from './types.js';

export interface PlanOptions {
  files: string[];
  /** The JobSet to submit now (one document). */
  submit: string;
  /** First seed; default Simulation.spec.seed. */
  seed?: number;
  /** Go-style duration; default 30d. */
  horizon?: string;
  /** Submit at this simulated time of the input instead of now (Go-style duration; default 0). */
  at?: string;
  /** Fitted future arrivals (default true). */
  arrivals?: boolean;
  sets?: string[];
}

export interface Plan {
  plan: PredictPlan;
  seed: number;
  /** The scheduler's preflight: no node can ever hold a pod of the submitted JobSet (the futures are not run). */
  neverSchedulable?: string;
  warnings: { code: string; object: string; message: string }[];
}

function readAll(files: string[]): { file: string; text: string }[] {
  const problems: Problem[] = [];
  const out: { file: string; text: string }[] = [];
  for (const file of files) {
    try {
      out.push({ file, text: readFileSync(file, 'utf8') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'it is a directory' : code;
      problems.push({ file, message: `cannot read file: ${why}` });
    }
  }
  if (problems.length) throw new ScenarioError(problems);
  return out;
}

/** A duration flag in seconds, within [min, 365d]. */
function flagSeconds(flag: string, v: string, positive: boolean): number {
  let us: number;
  try {
    us = parseDuration(v);
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
    throw new ScenarioError([{ file: flag, message: e.message }]);
  }
  if (us < 0 || (positive && us === 0) || us > MAX_HORIZON_US) {
    const range = positive ? '(0, 365d]' : '[0, 365d]';
    throw new ScenarioError([{ file: flag, message: `expected a duration in ${range}, got ${v}` }]);
  }
  return us / 1e6;
}

/** The submit file holds exactly one document, a JobSet. */
function checkSubmit(file: string, docs: unknown[], scenario: Scenario): JobSet {
  const problems: Problem[] = [];
  docs.forEach((d, i) => {
    const kind = (d as { kind?: unknown } | null)?.kind;
    if (d !== null && d !== undefined && kind !== 'JobSet') {
      problems.push({
        file,
        document: i + 1,
        ...(typeof kind === 'string' ? { kind } : {}),
        message: `--submit takes one JobSet; this document is ${typeof kind === 'string' ? `a ${kind}` : 'not one'}`,
      });
    }
  });
  const mine = scenario.jobSets.filter((e) => e.source.file === file);
  if (mine.length !== 1 && problems.length === 0) {
    problems.push({ file, message: `--submit takes exactly one JobSet; the file has ${mine.length}` });
  }
  if (problems.length) throw new ScenarioError(problems);
  return mine[0]!.object;
}

export function makePlan(opts: PlanOptions): Plan {
  const sets = opts.sets ?? [];
  const horizon = flagSeconds('--horizon', opts.horizon ?? '30d', true);
  const at = flagSeconds('--at', opts.at ?? '0s', false);
  const texts = readAll([...opts.files, opts.submit]);
  // Parsed once, here: the futures reload these documents. With a YAML syntax error the loader reads the texts and
  // reports it with its line and column; otherwise it validates the documents (every problem of every file, the
  // submitted JobSet's included, in the usual form).
  let inputs: PlanInput[];
  try {
    inputs = texts.map(({ file, text }) => ({
      file,
      documents:
        parseYamlFast(text) ??
        parseAllDocuments(text, { merge: true }).map((d) => {
          if (d.errors.length > 0) throw d.errors[0];
          return d.toJS({ maxAliasCount: 1000 }) as unknown;
        }),
    }));
  } catch (e) {
    loadScenarioFromTexts(texts, loaderOptions({ sets })); // throws the ScenarioError that says where
    throw e;
  }
  const scenario = loadScenarioFromTexts(structuredClone(inputs), loaderOptions({ sets })).scenario;
  const submitDocs = inputs[inputs.length - 1]!.documents;
  const js = checkSubmit(opts.submit, submitDocs, scenario);
  // Submitted now (or --at): its own submit-at annotation, if any, does not apply.
  for (const d of submitDocs) {
    const meta = (d as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata;
    if (meta) meta.annotations = { ...(meta.annotations ?? {}), [ANNOTATION_SUBMIT_AT]: `${Math.round(at * 1e6)}us` };
  }
  const namespace = js.metadata.namespace ?? 'default';
  const name = js.metadata.name ?? '';
  const key = `${namespace}/${name}`;

  const kueue = managedByKueue(js, scenario);
  const lqName = kueue ? queueNameOf(js, scenario) : undefined;
  const lq = scenario.kueue.localQueues.find(
    (q) => q.metadata.name === lqName && (q.metadata.namespace ?? 'default') === namespace,
  );
  const cqName = lq?.spec.clusterQueue;
  const cq = scenario.kueue.clusterQueues.find((c) => c.metadata.name === cqName);
  const fairShare =
    cq !== undefined &&
    ((scenario.kueue.config.fairSharing !== undefined && !!cq.spec?.cohortName) ||
      (cq.spec?.admissionScope?.admissionMode === 'UsageBasedAdmissionFairSharing' &&
        admissionFairSharingEnabled(scenario.kueue.config, scenario.simulation.featureGates)));

  let arrivals: PredictPlan['arrivals'] = null;
  let arrivalsNote = 'no arrival process: switched off (--no-arrivals)';
  if (opts.arrivals !== false) {
    const f = fitArrivals(scenario, key, at);
    arrivals = f.fit;
    arrivalsNote = f.note;
    if (arrivals) {
      // An arrival is renamed <prefix>-<i>: keep the shapes whose child Job names stay valid under the longest name.
      const longest = `${arrivals.prefix}-${MAX_ARRIVALS}`;
      const validate = loaderOptions().validateJobSet!;
      const source = { file: '(predict arrivals)', document: 0, kind: 'JobSet', name: longest };
      arrivals.templates = arrivals.templates.filter(
        (t) =>
          validate({ ...t, metadata: { ...t.metadata, name: longest } } as JobSet, {
            source,
            simulation: scenario.simulation,
          }).length === 0,
      );
      if (arrivals.templates.length === 0) {
        arrivals = null;
        arrivalsNote = 'no arrival process: no input JobSet stays valid when renamed for an arrival';
      }
    }
  }

  const submittedEntry = scenario.jobSets.find((e) => e.object === js)!;
  const never = neverSchedulableWarnings({ ...scenario, jobSets: [submittedEntry], jobs: [] })[0];
  return {
    plan: {
      inputs,
      sets,
      seedDependent: scenario.seedDependent === true,
      submitted: { namespace, name, file: opts.submit },
      ...(cqName ? { clusterQueue: cqName } : {}),
      kueue,
      fairShare,
      horizon,
      at,
      arrivals,
      arrivalsNote,
    },
    seed: opts.seed ?? scenario.simulation.seed,
    ...(never ? { neverSchedulable: never.message } : {}),
    warnings: scenario.warnings,
  };
}
