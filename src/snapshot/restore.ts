// Starts a run from a snapshot's live state: every object goes into the store as the cluster had it (Store.restore),
// and the controllers that keep state beside the objects are told what the objects imply: Kueue's queues and quota
// (KueueManager.restoreWorkload), the Job controller's counted pods (the job-tracking finalizer), the kubelet's
// running containers (their remaining time) and down nodes, the metrics' submission and admission times.
// What no object carries (work queues, back-off counters, crash-loop history) starts fresh, as after a controller
// restart: every restored object is reconciled once at t = 0 + its controller's latency.
import type { Job } from '../api/batch.js';
import { nodeIsReady, type Pod, podIsTerminal } from '../api/core.js';
import { type JobSet, JS, SIM } from '../api/jobset.js';
import { controllerOf, FOREGROUND_FINALIZER, type KubeObject } from '../api/meta.js';
import type { JobController } from '../controllers/job/controller.js';
import type { Kubelet } from '../controllers/kubelet/kubelet.js';
import type { Rng } from '../engine/random.js';
import type { Store } from '../engine/store.js';
import type { Workload } from '../kueue/api.js';
import type { KueueManager } from '../kueue/manager.js';
import type { Collector } from '../metrics/collector.js';
import { formatDuration } from '../scenario/duration.js';
import type { ScenarioWarning } from '../scenario/model.js';
import { planRemaining } from './durations.js';
import { JOB_TRACKING_FINALIZER, type SnapshotState } from './model.js';
import { formatRfc3339 } from './time.js';

export interface RestoreEnv {
  store: Store;
  kubelet: Kubelet;
  jobs: JobController;
  kueue: KueueManager | undefined;
  collector: Collector;
  rng: Rng;
  defaultDuration: number;
  warnings: ScenarioWarning[];
}

export function restoreSnapshot(snap: SnapshotState, env: RestoreEnv): void {
  const { store, kubelet, warnings } = env;
  const skipped = (o: KubeObject, why: string) =>
    warnings.push({
      code: 'SnapshotObjectSkipped',
      object: `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
      message: `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name} is not restored: ${why}`,
    });
  const put = (o: KubeObject): boolean => {
    // Finalizers of controllers the simulator models by other means (Kueue's resource-in-use, job-tracking).
    const f = o.metadata.finalizers?.filter((x) => x === FOREGROUND_FINALIZER);
    if (f?.length) o.metadata.finalizers = f;
    else delete o.metadata.finalizers;
    try {
      store.restore(o);
      return true;
    } catch (e) {
      skipped(o, (e as Error).message);
      return false;
    }
  };

  store.restoring = true;
  for (const node of snap.nodes) put(node);
  // A node that is not Ready stays down: its kubelet runs nothing until a Script or FaultModel recovers it.
  let down = 0;
  for (const node of snap.nodes) {
    if (nodeIsReady(node)) continue;
    kubelet.nodeDown(node.metadata.name);
    down++;
  }
  const jobSets = snap.jobSets.filter(put);
  snap.jobs.filter(put);
  const wls: Workload[] = [];
  for (const wl of snap.workloads) {
    if (!env.kueue) {
      skipped(wl, 'the scenario has no ClusterQueue or LocalQueue');
      continue;
    }
    const why = env.kueue.restoreWorkload(wl);
    if (why) skipped(wl, why);
    else wls.push(wl);
  }
  const pods: Pod[] = [];
  for (const pod of snap.pods) {
    const tracked = pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
    if (!put(pod)) continue;
    pods.push(pod);
    const ref = controllerOf(pod);
    const job = ref?.kind === 'Job' ? store.getByUid<Job>(ref.uid) : undefined;
    if (job && podIsTerminal(pod) && !tracked) env.jobs.markCounted(job, pod.metadata.uid);
  }
  // Deletions under way that no kubelet or garbage collector pass will finish.
  for (const o of [...snap.jobs, ...snap.jobSets, ...pods] as KubeObject[]) {
    if (o.metadata.deletionTimestamp === undefined || o.metadata.finalizers?.length) continue;
    if (o.kind === 'Pod' && (o as Pod).spec.nodeName && !podIsTerminal(o as Pod)) continue; // the kubelet's
    store.finishDeletion(o);
  }

  const plan = planRemaining({
    snapshot: { ...snap, pods },
    durationAnnotation: (pod) => durationAnnotation(store, pod),
    progressModel: (pod) => kubelet.durationOf(pod) === Number.POSITIVE_INFINITY,
    defaultDuration: env.defaultDuration,
    rng: env.rng,
    skew: snap.takenUs !== undefined ? Math.max(0, snap.nowUs - snap.takenUs) : 0,
  });
  for (const pod of pods) {
    const r = plan.remaining.get(pod.metadata.uid);
    if (r !== undefined) kubelet.adopt(pod, r);
  }

  for (const js of jobSets) env.collector.restored(js, admissionOf(js, wls));
  store.restoring = false;

  const running = pods.filter((p) => p.status.phase === 'Running').length;
  const c = plan.counts;
  const sources = [
    c.annotation ? `${c.annotation} from ${'jobset-sim.dev/remaining'}` : '',
    c.duration ? `${c.duration} from jobset-sim.dev/duration` : '',
    c.fit && plan.fit
      ? `${c.fit} drawn from a lognormal fitted to ${plan.fit.n} completed Jobs (μ ${plan.fit.mu.toFixed(3)}, σ ${plan.fit.sigma.toFixed(3)} in log seconds; median ${formatDuration(Math.round(Math.exp(plan.fit.mu)) * 1e6)})`
      : '',
    c.default
      ? `${c.default} from defaults.podDuration (${formatDuration(env.defaultDuration)}) minus the time run`
      : '',
  ].filter(Boolean);
  const at = formatRfc3339(snap.nowUs, 0);
  const why = {
    flag: '--now',
    annotation: 'the List annotation jobset-sim.dev/snapshot-time',
    newest: 'the newest timestamp',
    none: 'no timestamp in the snapshot',
  }[snap.nowSource];
  warnings.push({
    code: 'SnapshotImported',
    object: 'snapshot',
    message:
      `t = 0 is ${at} (${why}); restored ${snap.nodes.length} nodes (${down} not Ready, kept down), ` +
      `${jobSets.length} JobSets, ${snap.jobs.length} Jobs, ${wls.length} Workloads, ${pods.length} pods (${running} running)` +
      (sources.length ? `; remaining run times: ${sources.join(', ')}` : ''),
  });
}

/** The duration annotation the kubelet would read: the pod's, its Job's, its JobSet's. */
function durationAnnotation(store: Store, pod: Pod): string | undefined {
  const own = pod.metadata.annotations?.[SIM.duration];
  if (own) return own;
  const ref = controllerOf(pod);
  const job = ref ? store.getByUid<Job>(ref.uid) : undefined;
  const fromJob = job?.metadata.annotations?.[SIM.duration];
  if (fromJob) return fromJob;
  const jsName = job?.metadata.labels?.[JS.jobSetName];
  if (!jsName) return undefined;
  return store.get<JobSet>('JobSet', job?.metadata.namespace, jsName)?.metadata.annotations?.[SIM.duration];
}

/** When and where Kueue admitted the JobSet, from its Workload (QuotaReserved True). */
function admissionOf(js: JobSet, wls: readonly Workload[]) {
  const wl = wls.find((w) => w.metadata.ownerReferences?.some((r) => r.uid === js.metadata.uid));
  const reserved = wl?.status?.conditions?.find((c) => c.type === 'QuotaReserved' && c.status === 'True');
  const adm = wl?.status?.admission;
  if (!wl || !reserved || !adm) return undefined;
  const flavors: Record<string, Record<string, string>> = {};
  for (const psa of adm.podSetAssignments ?? []) flavors[psa.name] = { ...(psa.flavors ?? {}) };
  return {
    at: reserved.lastTransitionTime,
    info: { localQueue: wl.spec.queueName ?? '', clusterQueue: adm.clusterQueue, flavors },
  };
}
