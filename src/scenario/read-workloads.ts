// Structural checks of JobSets and Jobs (just enough that the webhooks may rely on the shapes they read) and the
// simulator's submit-at and duration annotations.
import type { Job } from '../api/batch.js';
import type { JobSet } from '../api/jobset.js';
import { parseOutcomes, WORKLOAD_OUTCOMES_PREFIX } from '../kueue/admission-checks.js';
import { type Checker, got, idx, isMap, key, type Obj } from './checker.js';
import type { Entry } from './entry.js';
import type { WorkloadEntry } from './model.js';
import { checkFaultAnnotations } from './read-fault-annotations.js';

export const ANNOTATION_SUBMIT_AT = 'jobset-sim.dev/submit-at';
export const ANNOTATION_DURATION = 'jobset-sim.dev/duration';

const JOB_SPEC_INTS = [
  'parallelism',
  'completions',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'activeDeadlineSeconds',
  'ttlSecondsAfterFinished',
] as const;

function checkTemplateMeta(c: Checker, v: unknown, path: string): Obj | undefined {
  const m = c.map(v, path);
  if (!m) return undefined;
  c.stringMap(m.labels, `${path}.labels`);
  c.stringMap(m.annotations, `${path}.annotations`);
  return m;
}

export function checkPodTemplate(c: Checker, v: unknown, path: string): void {
  const t = c.map(v, path, true);
  if (!t) return;
  checkTemplateMeta(c, t.metadata, `${path}.metadata`);
  const spec = c.map(t.spec, `${path}.spec`, true);
  if (!spec) return;
  const containers = c.list(spec.containers, `${path}.spec.containers`, { required: true, nonEmpty: true });
  containers?.forEach((ct, i) => {
    if (!isMap(ct)) c.err(idx(`${path}.spec.containers`, i), `expected a container (a mapping), got ${got(ct)}`);
  });
}

function checkJobSpec(c: Checker, v: unknown, path: string): void {
  const spec = c.map(v, path, true);
  if (!spec) return;
  for (const f of JOB_SPEC_INTS) c.int(spec[f], `${path}.${f}`);
  c.bool(spec.suspend, `${path}.suspend`);
  checkPodTemplate(c, spec.template, `${path}.template`);
}

/** A list of strings (each item checked), or absent. */
function stringList(c: Checker, v: unknown, path: string): void {
  c.list(v, path)?.forEach((x, i) => {
    c.string(x, idx(path, i), true);
  });
}

/** Reads the sim annotations of a metadata block; returns submitAt (µs). */
function simAnnotations(c: Checker, meta: unknown, path: string, readSubmitAt: boolean): number {
  if (!isMap(meta) || !isMap(meta.annotations)) return 0;
  const ann = meta.annotations;
  const base = `${path}.annotations`;
  let submitAt = 0;
  if (readSubmitAt && typeof ann[ANNOTATION_SUBMIT_AT] === 'string') {
    submitAt = c.duration(ann[ANNOTATION_SUBMIT_AT], key(base, ANNOTATION_SUBMIT_AT), 'nonNegative', false, '10m') ?? 0;
  }
  if (typeof ann[ANNOTATION_DURATION] === 'string') {
    c.duration(ann[ANNOTATION_DURATION], key(base, ANNOTATION_DURATION), 'positive', false, '1h');
  }
  if (readSubmitAt) checkFaultAnnotations(c, ann, base);
  // The simulated admission check controllers' outcome scripts (src/kueue/admission-checks.ts).
  for (const [k, v] of Object.entries(ann)) {
    if (!k.startsWith(WORKLOAD_OUTCOMES_PREFIX)) continue;
    try {
      parseOutcomes(String(v));
    } catch (err) {
      c.err(key(base, k), (err as Error).message);
    }
  }
  return submitAt;
}

export function readJobSet(e: Entry): WorkloadEntry<JobSet> | undefined {
  const { c } = e;
  const o = e.raw.object;
  const submitAt = simAnnotations(c, o.metadata, 'metadata', true);
  const spec = c.map(o.spec, 'spec', true);
  if (spec) {
    const rjs = c.list(spec.replicatedJobs, 'spec.replicatedJobs', { required: true, nonEmpty: true });
    rjs?.forEach((rj, i) => {
      const p = idx('spec.replicatedJobs', i);
      const m = c.map(rj, p, true);
      if (!m) return;
      c.string(m.name, `${p}.name`, true);
      c.int(m.replicas, `${p}.replicas`);
      c.list(m.dependsOn, `${p}.dependsOn`)?.forEach((d, k) => {
        const dm = c.map(d, idx(`${p}.dependsOn`, k), true);
        if (!dm) return;
        c.string(dm.name, `${idx(`${p}.dependsOn`, k)}.name`);
        c.string(dm.status, `${idx(`${p}.dependsOn`, k)}.status`);
      });
      const t = c.map(m.template, `${p}.template`, true);
      if (!t) return;
      checkTemplateMeta(c, t.metadata, `${p}.template.metadata`);
      simAnnotations(c, t.metadata, `${p}.template.metadata`, false);
      checkJobSpec(c, t.spec, `${p}.template.spec`);
    });
    const fp = c.map(spec.failurePolicy, 'spec.failurePolicy');
    if (fp) {
      c.int(fp.maxRestarts, 'spec.failurePolicy.maxRestarts');
      c.string(fp.restartStrategy, 'spec.failurePolicy.restartStrategy');
      c.list(fp.rules, 'spec.failurePolicy.rules')?.forEach((r, i) => {
        const p = idx('spec.failurePolicy.rules', i);
        const m = c.map(r, p, true);
        if (!m) return;
        c.string(m.name, `${p}.name`);
        c.string(m.action, `${p}.action`);
        stringList(c, m.onJobFailureReasons, `${p}.onJobFailureReasons`);
        stringList(c, m.onJobFailureMessagePatterns, `${p}.onJobFailureMessagePatterns`);
        stringList(c, m.targetReplicatedJobs, `${p}.targetReplicatedJobs`);
      });
    }
    const sp = c.map(spec.successPolicy, 'spec.successPolicy');
    if (sp) {
      c.string(sp.operator, 'spec.successPolicy.operator');
      stringList(c, sp.targetReplicatedJobs, 'spec.successPolicy.targetReplicatedJobs');
    }
    const st = c.map(spec.startupPolicy, 'spec.startupPolicy');
    if (st) c.string(st.startupPolicyOrder, 'spec.startupPolicy.startupPolicyOrder');
    c.string(spec.managedBy, 'spec.managedBy');
    c.int(spec.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished');
    c.bool(spec.suspend, 'spec.suspend');
  }
  if (c.errors !== 0) return undefined; // the webhooks see only structurally valid objects
  o.status = { restarts: 0 };
  return { object: o as unknown as JobSet, submitAt, source: e.source };
}

export function readJob(e: Entry): WorkloadEntry<Job> | undefined {
  const { c } = e;
  const o = e.raw.object;
  const submitAt = simAnnotations(c, o.metadata, 'metadata', true);
  checkJobSpec(c, o.spec, 'spec');
  if (c.errors !== 0) return undefined; // the webhooks see only structurally valid objects
  o.status = {};
  return { object: o as unknown as Job, submitAt, source: e.source };
}
