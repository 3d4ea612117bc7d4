// The loader's snapshot pass: recognises kubectl output among the raw documents (a `kind: List` with `items`, or
// plain objects with server-set metadata), takes the live objects (Nodes, Pods, Workloads, JobSets and Jobs that
// exist on the cluster) out of the normal pipeline into a SnapshotState, and cleans the configuration objects
// (Kueue's queues and flavors, PriorityClasses) of server-set fields so the normal readers take them.
// A malformed live object is skipped with a warning naming its file, document, item and field: the rest still runs.
import { parseQuantity } from '../api/quantity.js';
import { Checker, got, idx, isMap, type Obj, orList } from '../scenario/checker.js';
import { groupOf, KINDS } from '../scenario/kinds.js';
import type { ScenarioWarning } from '../scenario/model.js';
import { formatProblem, type Problem } from '../scenario/problems.js';
import type { RawDoc } from '../scenario/set.js';
import { SNAPSHOT_TIME_ANNOTATION, type SnapshotState } from './model.js';
import { collectTimes, convertTimes, parseRfc3339Us } from './time.js';

const KUEUE = ['kueue.x-k8s.io/v1beta2', 'kueue.x-k8s.io/v1beta1'];

/** The kinds a snapshot carries as live state, with the apiVersions kubectl shows for them. */
const LIVE_KINDS = new Map<string, readonly string[]>([
  ['Node', ['v1']],
  ['Pod', ['v1']],
  ['Workload', KUEUE],
  ['JobSet', ['jobset.x-k8s.io/v1alpha2']],
  ['Job', ['batch/v1']],
]);

/** Server-set metadata a configuration object loses before the normal readers see it. */
const SERVER_META = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'finalizers',
  'ownerReferences',
];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface SnapshotOptions {
  /** `--now`: the wall time (RFC 3339) that becomes simulated t = 0. */
  now?: string;
}

/**
 * Splits the documents into those the normal readers take and the snapshot's live state. Returns the documents
 * unchanged (Lists flattened) when nothing in them looks like kubectl output.
 */
export function extractSnapshot(
  input: RawDoc[],
  opts: SnapshotOptions,
  problems: Problem[],
  warnings: ScenarioWarning[],
): { raws: RawDoc[]; snapshot?: SnapshotState } {
  const raws: RawDoc[] = [];
  let hadList = false;
  let listTime: string | undefined;
  for (const raw of input) {
    const o = raw.object;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      hadList = true;
      const ann = isMap(o.metadata) && isMap(o.metadata.annotations) ? o.metadata.annotations : undefined;
      if (typeof ann?.[SNAPSHOT_TIME_ANNOTATION] === 'string') listTime = ann[SNAPSHOT_TIME_ANNOTATION] as string;
      o.items.forEach((item, i) => {
        if (isMap(item)) raws.push({ file: raw.file, document: raw.document, item: i, object: item });
        else
          problems.push({
            file: raw.file,
            document: raw.document,
            path: idx('items', i),
            message: `not a Kubernetes object: expected a mapping with apiVersion, kind and metadata, got ${got(item)}`,
          });
      });
    } else raws.push(raw);
  }
  // A Workload without server-set metadata is a bare Workload the scenario creates (src/scenario/read-bare-workload.ts).
  const serverSet = (o: Obj) =>
    isMap(o.metadata) &&
    ('uid' in o.metadata || o.metadata.creationTimestamp !== undefined || o.metadata.ownerReferences !== undefined);
  const looksLive = (o: Obj) =>
    o.kind === 'Node' ||
    o.kind === 'Pod' ||
    (o.kind === 'Workload' && serverSet(o)) ||
    (isMap(o.metadata) && 'uid' in o.metadata);
  if (!hadList && !raws.some((r) => looksLive(r.object))) return { raws };

  const kept: RawDoc[] = [];
  const live: { raw: RawDoc; kind: string }[] = [];
  const unmodelled = new Map<string, string[]>();
  for (const raw of raws) {
    const o = raw.object;
    const kind = typeof o.kind === 'string' ? o.kind : undefined;
    const av = typeof o.apiVersion === 'string' ? o.apiVersion : undefined;
    if (isMap(o.metadata)) {
      delete o.metadata.managedFields;
      if (isMap(o.metadata.annotations)) delete o.metadata.annotations[LAST_APPLIED];
    }
    if (kind === undefined || av === undefined || groupOf(av) === 'jobset-sim.dev') {
      kept.push(raw); // the normal pipeline reports it (or it is the simulator's own kind)
      continue;
    }
    const created = isMap(o.metadata) && o.metadata.creationTimestamp !== undefined;
    const liveVersions = LIVE_KINDS.get(kind);
    const isLive =
      liveVersions !== undefined &&
      (kind === 'Node' || kind === 'Pod' || (kind === 'Workload' ? serverSet(o) : created));
    const def = KINDS.get(kind);
    if (!isLive && !def) {
      const m = isMap(o.metadata) ? o.metadata : {};
      const ref = `${typeof m.namespace === 'string' ? `${m.namespace}/` : ''}${typeof m.name === 'string' ? m.name : '?'}`;
      const refs = unmodelled.get(kind) ?? [];
      refs.push(ref);
      unmodelled.set(kind, refs);
      continue;
    }
    const known = isLive ? liveVersions! : def!.apiVersions;
    if (!known.includes(av)) {
      warnings.push({
        code: 'UnknownApiVersion',
        object: objectRef(o, kind),
        message: `${where(raw)}: apiVersion ${got(av)} is not one the simulator knows for ${kind} (${orList(known)}); read as ${known[0]}`,
      });
      o.apiVersion = known[0];
    }
    if (isLive) live.push({ raw, kind });
    else {
      cleanConfig(o);
      kept.push(raw);
    }
  }
  if (unmodelled.size > 0) warnings.push(unmodelledWarning(unmodelled));

  // Time 0: --now, else the List's snapshot-time annotation, else the newest timestamp of a live object.
  let nowUs: number | undefined;
  let nowSource: SnapshotState['nowSource'] = 'none';
  if (opts.now !== undefined) {
    nowUs = parseRfc3339Us(opts.now);
    if (nowUs === undefined)
      problems.push({
        file: '--now',
        message: `expected an RFC 3339 time such as 2025-01-01T06:00:00Z, got ${got(opts.now)}`,
      });
    nowSource = 'flag';
  } else if (listTime !== undefined && parseRfc3339Us(listTime) !== undefined) {
    nowUs = parseRfc3339Us(listTime);
    nowSource = 'annotation';
  } else {
    const times: number[] = [];
    for (const l of live) collectTimes(l.raw.object, times);
    if (times.length > 0) {
      nowUs = times.reduce((a, b) => Math.max(a, b));
      nowSource = 'newest';
    }
  }
  const now = nowUs ?? 0;
  const takenUs = listTime !== undefined ? parseRfc3339Us(listTime) : undefined;
  const snapshot: SnapshotState = {
    nowUs: now,
    nowSource,
    ...(takenUs !== undefined ? { takenUs } : {}),
    files: [...new Set(live.map((l) => l.raw.file))],
    nodes: [],
    jobSets: [],
    jobs: [],
    pods: [],
    workloads: [],
  };
  for (const { raw, kind } of live) {
    const o = raw.object;
    const local: Problem[] = [];
    const meta = isMap(o.metadata) ? o.metadata : undefined;
    const name = typeof meta?.name === 'string' ? meta.name : undefined;
    const namespaced = kind !== 'Node';
    const namespace = namespaced ? (typeof meta?.namespace === 'string' ? meta.namespace : 'default') : undefined;
    const c = new Checker(local, {
      file: raw.file,
      ...(raw.document !== undefined ? { document: raw.document } : {}),
      ...(raw.item !== undefined ? { item: raw.item } : {}),
      kind,
      ...(name !== undefined ? { name, ...(namespace ? { namespace } : {}) } : {}),
    });
    checkLive(c, kind, o);
    if (c.errors > 0) {
      for (const p of local)
        warnings.push({ code: 'SnapshotObjectSkipped', object: objectRef(o, kind), message: formatProblem(p) });
      continue;
    }
    const m = o.metadata as Obj;
    if (namespace) m.namespace = namespace;
    delete m.resourceVersion;
    delete m.selfLink;
    if (typeof m.uid !== 'string') m.uid = syntheticUid(kind, namespace, name!);
    for (const ref of (m.ownerReferences as Obj[] | undefined) ?? []) {
      if (typeof ref.uid !== 'string') ref.uid = syntheticUid(String(ref.kind), namespace, String(ref.name));
    }
    convertTimes(o, (x) => {
      if (typeof x !== 'string') return x;
      const us = parseRfc3339Us(x);
      return us === undefined ? x : (us - now) / 1e6;
    });
    o.status ??= {};
    switch (kind) {
      case 'Node': {
        const st = o.status as Obj;
        st.capacity ??= st.allocatable;
        if (!Array.isArray(st.conditions) || st.conditions.length === 0)
          st.conditions = [{ type: 'Ready', status: 'True' }];
        o.spec ??= {};
        snapshot.nodes.push(o as never);
        break;
      }
      case 'Pod':
        (o.status as Obj).phase ??= 'Pending';
        snapshot.pods.push(o as never);
        break;
      case 'Workload':
        snapshot.workloads.push(o as never);
        break;
      case 'JobSet':
        (o.status as Obj).restarts ??= 0;
        snapshot.jobSets.push(o as never);
        break;
      case 'Job':
        snapshot.jobs.push(o as never);
        break;
    }
  }
  return { raws: kept, snapshot };
}

function where(raw: RawDoc): string {
  return `${raw.file}: document ${raw.document ?? 0}${raw.item !== undefined ? `, items[${raw.item}]` : ''}`;
}

function objectRef(o: Obj, kind: string): string {
  const m = isMap(o.metadata) ? o.metadata : {};
  const name = typeof m.name === 'string' ? m.name : '?';
  return kind === 'Node' || typeof m.namespace !== 'string' ? `${kind}/${name}` : `${kind}/${m.namespace}/${name}`;
}

/** A uid for a hand-written object without one, stable so that ownerReferences by name still match. */
function syntheticUid(kind: string, namespace: string | undefined, name: string): string {
  return `snapshot:${kind}/${namespace ?? ''}/${name}`;
}

/** A configuration object from a cluster: what the normal readers take (metadata as written, no status). */
function cleanConfig(o: Obj): void {
  if (isMap(o.metadata)) for (const k of SERVER_META) delete o.metadata[k];
  delete o.status;
}

function unmodelledWarning(byKind: Map<string, string[]>): ScenarioWarning {
  let n = 0;
  const parts: string[] = [];
  for (const [kind, refs] of byKind) {
    n += refs.length;
    const shown = refs.slice(0, 5).join(', ');
    parts.push(`${kind} (${refs.length}: ${shown}${refs.length > 5 ? ', …' : ''})`);
  }
  return {
    code: 'UnmodelledObjects',
    object: 'snapshot',
    message: `${n} object${n === 1 ? '' : 's'} of kinds the simulator does not model ${n === 1 ? 'was' : 'were'} ignored: ${parts.join('; ')}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Per-kind checks: just enough that the restore can rely on the shapes it reads.

function checkLive(c: Checker, kind: string, o: Obj): void {
  const m = c.map(o.metadata, 'metadata', true);
  if (m) {
    c.string(m.name, 'metadata.name', true);
    c.stringMap(m.labels, 'metadata.labels');
    c.stringMap(m.annotations, 'metadata.annotations');
    c.list(m.ownerReferences, 'metadata.ownerReferences')?.forEach((r, i) => {
      const p = idx('metadata.ownerReferences', i);
      const rm = c.map(r, p, true);
      if (!rm) return;
      c.string(rm.kind, `${p}.kind`, true);
      c.string(rm.name, `${p}.name`, true);
    });
    for (const t of ['creationTimestamp', 'deletionTimestamp'])
      if (m[t] !== undefined && (typeof m[t] !== 'string' || parseRfc3339Us(m[t] as string) === undefined))
        c.err(`metadata.${t}`, `expected an RFC 3339 time such as 2025-01-01T06:00:00Z, got ${got(m[t])}`);
  }
  const status = c.map(o.status, 'status');
  switch (kind) {
    case 'Node': {
      const spec = c.map(o.spec, 'spec');
      c.list(spec?.taints, 'spec.taints')?.forEach((t, i) => {
        const tm = c.map(t, idx('spec.taints', i), true);
        if (!tm) return;
        c.string(tm.key, `${idx('spec.taints', i)}.key`, true);
        c.string(tm.effect, `${idx('spec.taints', i)}.effect`, true);
      });
      if (!status) {
        c.err('status', 'required; expected a mapping with allocatable');
        return;
      }
      quantities(c, status.allocatable, 'status.allocatable', true);
      quantities(c, status.capacity, 'status.capacity', false);
      conditions(c, status.conditions, 'status.conditions');
      return;
    }
    case 'Pod': {
      const spec = c.map(o.spec, 'spec', true);
      if (spec) {
        const cs = c.list(spec.containers, 'spec.containers', { required: true, nonEmpty: true });
        cs?.forEach((ct, i) => {
          const p = idx('spec.containers', i);
          const cm = c.map(ct, p, true);
          if (!cm) return;
          c.string(cm.name, `${p}.name`, true);
          const r = c.map(cm.resources, `${p}.resources`);
          if (r) {
            quantities(c, r.requests, `${p}.resources.requests`, false);
            quantities(c, r.limits, `${p}.resources.limits`, false);
          }
        });
        c.string(spec.nodeName, 'spec.nodeName');
      }
      if (
        status?.phase !== undefined &&
        !['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].includes(status.phase as string)
      )
        c.err('status.phase', `expected Pending, Running, Succeeded, Failed or Unknown, got ${got(status.phase)}`);
      if (status) conditions(c, status.conditions, 'status.conditions');
      return;
    }
    case 'Workload': {
      const spec = c.map(o.spec, 'spec', true);
      if (spec) {
        c.string(spec.queueName, 'spec.queueName');
        c.int(spec.priority, 'spec.priority');
        c.list(spec.podSets, 'spec.podSets', { required: true, nonEmpty: true })?.forEach((ps, i) => {
          const p = idx('spec.podSets', i);
          const pm = c.map(ps, p, true);
          if (!pm) return;
          c.string(pm.name, `${p}.name`, true);
          c.int(pm.count, `${p}.count`, { min: 0 });
          c.map(pm.template, `${p}.template`, true);
        });
      }
      const adm = c.map(status?.admission, 'status.admission');
      if (adm) {
        c.string(adm.clusterQueue, 'status.admission.clusterQueue', true);
        c.list(adm.podSetAssignments, 'status.admission.podSetAssignments', { required: true })?.forEach((a, i) => {
          const p = idx('status.admission.podSetAssignments', i);
          const am = c.map(a, p, true);
          if (!am) return;
          c.string(am.name, `${p}.name`, true);
          c.stringMap(am.flavors, `${p}.flavors`);
          quantities(c, am.resourceUsage, `${p}.resourceUsage`, false);
        });
      }
      if (status) conditions(c, status.conditions, 'status.conditions');
      return;
    }
    case 'JobSet':
    case 'Job': {
      const spec = c.map(o.spec, 'spec', true);
      if (spec && kind === 'JobSet')
        c.list(spec.replicatedJobs, 'spec.replicatedJobs', { required: true, nonEmpty: true })?.forEach((rj, i) => {
          const p = idx('spec.replicatedJobs', i);
          const rm = c.map(rj, p, true);
          if (!rm) return;
          c.string(rm.name, `${p}.name`, true);
          c.map(rm.template, `${p}.template`, true);
        });
      if (spec && kind === 'Job') c.map(spec.template, 'spec.template', true);
      if (status) conditions(c, status.conditions, 'status.conditions');
      return;
    }
  }
}

function quantities(c: Checker, v: unknown, path: string, required: boolean): void {
  const m = c.map(v, path, required);
  if (!m) return;
  for (const [k, q] of Object.entries(m)) {
    const p = `${path}["${k}"]`;
    if (typeof q !== 'string' && typeof q !== 'number') {
      c.err(p, `expected a quantity such as "8" or 64Gi, got ${got(q)}`);
      continue;
    }
    try {
      if (!Number.isFinite(parseQuantity(q))) throw new Error('not finite');
    } catch {
      c.err(p, `expected a quantity such as "8" or 64Gi, got ${got(q)}`);
    }
  }
}

function conditions(c: Checker, v: unknown, path: string): void {
  c.list(v, path)?.forEach((x, i) => {
    const p = idx(path, i);
    const m = c.map(x, p, true);
    if (!m) return;
    c.string(m.type, `${p}.type`, true);
    if (!['True', 'False', 'Unknown'].includes(m.status as string))
      c.err(`${p}.status`, `expected "True", "False" or "Unknown", got ${got(m.status)}`);
  });
}
