// A Workload written in a scenario (no metadata.uid, creationTimestamp or ownerReferences: those are a snapshot's,
// src/snapshot/read.ts): a bare Workload Kueue queues and admits with no job behind it (src/kueue/bare-workload.ts),
// created at its jobset-sim.dev/submit-at and finished its jobset-sim.dev/duration after admission. v1beta1 is
// converted to v1beta2, the CRD defaults applied, then Kueue's webhook validation (src/kueue/validation.ts).
import { parseQuantity, QuantityError } from '../api/quantity.js';
import { convertV1beta1, type Workload } from '../kueue/api.js';
import { validateWorkload } from '../kueue/validation.js';
import { isMap, key } from './checker.js';
import type { Entry } from './entry.js';
import type { BareWorkloadEntry } from './model.js';
import { ANNOTATION_DURATION, ANNOTATION_SUBMIT_AT, checkPodTemplate } from './read-workloads.js';

export function readBareWorkload(e: Entry): BareWorkloadEntry | undefined {
  const { c } = e;
  const before = c.errors;
  // convertV1beta1 returns a copy: the raw document is never mutated.
  const obj = convertV1beta1(e.raw.object as { apiVersion: string; kind: string }) as Record<string, unknown>;
  obj.apiVersion = 'kueue.x-k8s.io/v1beta2';
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  meta.namespace ??= e.namespace ?? 'default';
  if (obj.status !== undefined)
    c.err(
      'status',
      'a Workload the scenario creates has no status (a snapshot Workload carries metadata.creationTimestamp)',
    );
  const spec = c.map(obj.spec, 'spec', true);
  if (!spec) return undefined;
  const podSets = c.list(spec.podSets, 'spec.podSets', { required: true, nonEmpty: true });
  podSets?.forEach((ps, i) => {
    const p = `spec.podSets[${i}]`;
    if (!isMap(ps)) {
      c.err(p, 'expected a pod set (a mapping with name, count and template)');
      return;
    }
    // CRD defaults: name main, count 1.
    ps.name ??= 'main';
    ps.count ??= 1;
    checkPodTemplate(c, ps.template, `${p}.template`);
    checkRequests(e, ps.template, `${p}.template.spec`);
  });
  if (c.string(spec.queueName, 'spec.queueName') === undefined && spec.queueName === undefined)
    c.err('spec.queueName', 'required: Kueue admits a Workload only through the LocalQueue it names');
  if (c.errors > before) return undefined;
  for (const f of validateWorkload(obj as unknown as Workload)) c.err(f.path || undefined, f.message);
  const ann = isMap(meta.annotations) ? meta.annotations : {};
  const base = 'metadata.annotations';
  const submitAt = c.duration(ann[ANNOTATION_SUBMIT_AT], key(base, ANNOTATION_SUBMIT_AT), 'nonNegative', false) ?? 0;
  const runtime = c.duration(ann[ANNOTATION_DURATION], key(base, ANNOTATION_DURATION), 'positive', false, '1h');
  if (c.errors > before) return undefined;
  return {
    object: obj as unknown as Workload,
    submitAt,
    source: e.source,
    ...(runtime !== undefined ? { runtime } : {}),
  };
}

/** Each container's resources.requests: quantities (the admission sums them per pod set). */
function checkRequests(e: Entry, template: unknown, path: string): void {
  if (!isMap(template) || !isMap(template.spec) || !Array.isArray(template.spec.containers)) return;
  template.spec.containers.forEach((ct, i) => {
    if (!isMap(ct) || !isMap(ct.resources) || ct.resources.requests === undefined) return;
    const rp = `${path}.containers[${i}].resources.requests`;
    const req = e.c.map(ct.resources.requests, rp);
    for (const [name, q] of Object.entries(req ?? {})) {
      try {
        parseQuantity(q as string);
      } catch (err) {
        if (!(err instanceof QuantityError)) throw err;
        e.c.err(key(rp, name), err.message);
      }
    }
  });
}
