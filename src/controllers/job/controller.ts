// The batch/v1 Job controller (pkg/controller/job upstream): counters, the failure and success decision,
// terminal conditions only once no pod is terminating, suspend, slow-start pod creation with the API
// backoff after a rejected create, and the pod-failure backoff.
//
// Simplification (named): the job-tracking finalizer is modelled by this controller's own bookkeeping of
// which terminated pods it has counted, instead of a finalizer on each pod.
import { type Job, type JobCondition, jobCondition, jobFinished } from '../../api/batch.js';
import { type Pod, podCondition, podIsTerminal } from '../../api/core.js';
import { controllerOf, namespacedName } from '../../api/meta.js';
import { AdmissionError } from '../../engine/store.js';
import { WorkQueue } from '../../engine/workqueue.js';
import { type ControllerContext, seconds } from '../context.js';
import { formatIndexes, parseIndexes } from './indexes.js';
import { isIndexed, newPodForJob, podIndex } from './pods.js';

const POD_FAILURE_BACKOFF_US = 10_000_000;
const MAX_POD_FAILURE_BACKOFF_US = 600_000_000;
const MAX_POD_CREATE_PER_SYNC = 500;

interface JobState {
  /** Terminated pods already folded into the status. */
  counted: Set<string>;
  /** Pods the controller deleted on purpose (suspend, finish, surplus): not failures. */
  noCount: Set<string>;
  uncountedSucceeded: number[];
  uncountedFailed: number;
  failuresSinceSuccess: number;
  lastFailureAt: number;
  succeededIndexes: Set<number>;
}

export class JobController {
  readonly queue: WorkQueue;
  private readonly state = new Map<string, JobState>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(
      ctx.sim,
      (key) => this.sync(key),
      () => ctx.lat.jobReconcile,
      { base: () => ctx.lat.jobApiBackoff, maxFactor: 60 },
    );
    // Spec changes (a new generation) sync at once; status-only updates are batched (upstream updateJob).
    ctx.store.watch<Job>('Job', (type, job) => {
      const uid = job.metadata.uid;
      if (type === 'DELETED') {
        this.state.delete(uid);
        this.generations.delete(uid);
        return;
      }
      const gen = job.metadata.generation ?? 1;
      if (this.generations.get(uid) !== gen) {
        this.generations.set(uid, gen);
        this.queue.add(namespacedName(job));
      } else {
        this.queue.addAfter(namespacedName(job), ctx.lat.jobSyncBatchPeriod);
      }
    });
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
  }

  private jobState(job: Job): JobState {
    let s = this.state.get(job.metadata.uid);
    if (!s) {
      s = {
        counted: new Set(),
        noCount: new Set(),
        uncountedSucceeded: [],
        uncountedFailed: 0,
        failuresSinceSuccess: 0,
        lastFailureAt: 0,
        succeededIndexes: parseIndexes(job.status.completedIndexes),
      };
      this.state.set(job.metadata.uid, s);
    }
    return s;
  }

  private onPod(type: string, pod: Pod): void {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'Job') return;
    const job = this.ctx.store.getByUid<Job>(ref.uid);
    if (!job) return;
    const s = this.jobState(job);
    const uid = pod.metadata.uid;
    if (!s.counted.has(uid)) {
      if (pod.status.phase === 'Succeeded') {
        s.counted.add(uid);
        s.uncountedSucceeded.push(podIndex(pod) ?? -1);
        s.failuresSinceSuccess = 0;
      } else if (pod.status.phase === 'Failed' || (type === 'DELETED' && !podIsTerminal(pod))) {
        s.counted.add(uid);
        if (!s.noCount.has(uid) && !this.ignoredByPolicy(job, pod)) {
          s.uncountedFailed++;
          s.failuresSinceSuccess++;
          s.lastFailureAt = this.ctx.sim.now;
        }
      }
    }
    if (type === 'DELETED') {
      s.counted.delete(uid);
      s.noCount.delete(uid);
    }
    this.queue.addAfter(namespacedName(job), this.ctx.lat.jobSyncBatchPeriod);
  }

  /** podFailurePolicy Ignore on a matching condition: the failure is not counted. */
  private ignoredByPolicy(job: Job, pod: Pod): boolean {
    for (const rule of job.spec.podFailurePolicy?.rules ?? []) {
      if (!podMatchesRule(pod, rule)) continue;
      return rule.action === 'Ignore';
    }
    return false;
  }

  private sync(key: string): void {
    const { store, sim } = this.ctx;
    const [ns, name] = key.split('/') as [string, string];
    const job = store.get<Job>('Job', ns, name);
    if (!job || job.metadata.deletionTimestamp !== undefined || jobFinished(job)) return;
    const s = this.jobState(job);
    const now = seconds(sim.now);
    const st = job.status;
    const before = JSON.stringify(st);

    // Fold newly terminated pods into the counters.
    for (const idx of s.uncountedSucceeded) {
      if (isIndexed(job)) {
        if (idx >= 0 && idx < (job.spec.completions ?? 0)) s.succeededIndexes.add(idx);
      } else st.succeeded = (st.succeeded ?? 0) + 1;
    }
    if (isIndexed(job)) {
      st.succeeded = s.succeededIndexes.size;
      const ci = formatIndexes(s.succeededIndexes);
      st.completedIndexes = ci === '' ? undefined : ci;
    }
    s.uncountedSucceeded = [];
    st.failed = (st.failed ?? 0) + s.uncountedFailed;
    s.uncountedFailed = 0;

    const pods = store.dependentsOf<Pod>(job.metadata.uid, 'Pod');
    let active = pods.filter((p) => !podIsTerminal(p) && p.metadata.deletionTimestamp === undefined);
    const terminating = () =>
      pods.filter(
        (p) => p.metadata.deletionTimestamp !== undefined && !podIsTerminal(p) && store.getByUid(p.metadata.uid),
      );
    const conds = (st.conditions ??= []);

    if (job.spec.suspend) {
      this.deletePods(job, s, active);
      active = [];
      setJobCondition(conds, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
      this.writeStatus(job, before, active, terminating().length);
      return;
    }
    if (jobCondition(job, 'Suspended')?.status === 'True') {
      setJobCondition(conds, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
      st.startTime = now;
    }
    st.startTime ??= now;

    let interim = conds.find(
      (c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True',
    );
    if (!interim) {
      const failure = this.failureDecision(job, active, now);
      if (failure) {
        setJobCondition(conds, 'FailureTarget', 'True', failure.reason, failure.message, now);
      } else if (this.succeeded(job, active.length)) {
        setJobCondition(
          conds,
          'SuccessCriteriaMet',
          'True',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          now,
        );
      }
      interim = conds.find(
        (c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True',
      );
    }
    if (interim) {
      this.deletePods(job, s, active);
      active = [];
      if (terminating().length === 0) {
        const type = interim.type === 'FailureTarget' ? 'Failed' : 'Complete';
        setJobCondition(conds, type, 'True', interim.reason ?? '', interim.message ?? '', now);
        st.completionTime = type === 'Complete' ? now : undefined;
      }
      this.writeStatus(job, before, active, terminating().length);
      return;
    }

    const error = this.managePods(job, s, active, terminating().length);
    this.writeStatus(job, before, active, terminating().length);
    if (error) this.queue.addRateLimited(key);
    else this.queue.forget(key);
  }

  private failureDecision(job: Job, active: Pod[], _now: number): { reason: string; message: string } | undefined {
    const failed = job.status.failed ?? 0;
    const limit = job.spec.backoffLimit ?? 6;
    if (failed > limit)
      return { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    if (job.spec.template.spec.restartPolicy === 'OnFailure') {
      let restarts = 0;
      for (const p of active) for (const c of p.status.containerStatuses ?? []) restarts += c.restartCount;
      if ((limit === 0 && restarts > 0) || (limit > 0 && restarts >= limit)) {
        return { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      }
    }
    const deadline = job.spec.activeDeadlineSeconds;
    if (deadline !== undefined && job.status.startTime !== undefined) {
      if (seconds(this.ctx.sim.now) - job.status.startTime >= deadline) {
        return { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      }
    }
    return undefined;
  }

  private succeeded(job: Job, active: number): boolean {
    const succeeded = job.status.succeeded ?? 0;
    if (job.spec.completions === undefined) return succeeded >= 1 && active === 0;
    if (isIndexed(job)) return succeeded >= job.spec.completions;
    return succeeded >= job.spec.completions && active === 0;
  }

  /** Creates the missing pods in slow-start batches; returns an error text when a create was rejected. */
  private managePods(job: Job, s: JobState, active: Pod[], terminating: number): string | undefined {
    const parallelism = job.spec.parallelism ?? 1;
    const completions = job.spec.completions;
    const succeeded = job.status.succeeded ?? 0;
    let want =
      completions === undefined ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded);
    want = Math.max(want, 0);
    if (active.length > want) {
      // Surplus: delete the highest indexes, preferring pods not yet bound.
      const surplus = [...active]
        .sort(
          (a, b) => Number(!!a.spec.nodeName) - Number(!!b.spec.nodeName) || (podIndex(b) ?? 0) - (podIndex(a) ?? 0),
        )
        .slice(0, active.length - want);
      this.deletePods(job, s, surplus);
      return undefined;
    }
    let diff = want - active.length - (job.spec.podReplacementPolicy === 'Failed' ? terminating : 0);
    if (diff <= 0) return undefined;

    // Pod-failure backoff: 10 s · 2^(n−1), capped at 10 min, from the last failure.
    if (s.failuresSinceSuccess > 0) {
      const delay = Math.min(POD_FAILURE_BACKOFF_US * 2 ** (s.failuresSinceSuccess - 1), MAX_POD_FAILURE_BACKOFF_US);
      const ready = s.lastFailureAt + delay;
      if (ready > this.ctx.sim.now) {
        this.queue.addAfter(namespacedName(job), ready - this.ctx.sim.now);
        return undefined;
      }
    }

    let indexes: (number | undefined)[];
    if (isIndexed(job)) {
      const taken = new Set<number>(s.succeededIndexes);
      for (const p of active) {
        const i = podIndex(p);
        if (i !== undefined) taken.add(i);
      }
      if (job.spec.podReplacementPolicy === 'Failed') {
        for (const p of this.ctx.store.dependentsOf<Pod>(job.metadata.uid, 'Pod')) {
          const i = podIndex(p);
          if (i !== undefined && p.metadata.deletionTimestamp !== undefined && !podIsTerminal(p)) taken.add(i);
        }
      }
      indexes = [];
      for (let i = 0; i < (completions ?? 0) && indexes.length < diff; i++) if (!taken.has(i)) indexes.push(i);
      diff = indexes.length;
    } else {
      indexes = new Array(diff).fill(undefined);
    }
    diff = Math.min(diff, MAX_POD_CREATE_PER_SYNC);
    let next = 0;
    for (let batch = Math.min(diff, 1); diff > 0; batch = Math.min(2 * batch, diff)) {
      const errors: string[] = [];
      for (let k = 0; k < batch; k++) {
        const idx = indexes[next++];
        try {
          this.ctx.store.create(newPodForJob(job, idx));
        } catch (e) {
          const text = e instanceof AdmissionError ? e.apiMessage : e instanceof Error ? e.message : String(e);
          errors.push(text);
          this.ctx.log.kubeEvent(namespacedName(job), 'Job', 'Warning', 'FailedCreate', `Error creating: ${text}`);
        }
      }
      diff -= batch;
      if (errors.length) return errors.join('; ');
    }
    return undefined;
  }

  private deletePods(job: Job, s: JobState, pods: Pod[]): void {
    for (const p of pods) {
      if (p.metadata.deletionTimestamp !== undefined) continue;
      s.noCount.add(p.metadata.uid);
      this.ctx.store.delete(p);
    }
    void job;
  }

  private writeStatus(job: Job, before: string, active: Pod[], terminating: number): void {
    const st = job.status;
    st.active = active.length;
    st.ready = active.filter((p) => podCondition(p, 'Ready')?.status === 'True').length;
    st.terminating = terminating;
    st.failed ??= 0;
    st.succeeded ??= 0;
    if (JSON.stringify(st) !== before) this.ctx.store.updateStatus(job);
  }
}

function setJobCondition(
  conds: JobCondition[],
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): void {
  const c = conds.find((x) => x.type === type);
  if (!c) {
    if (status === 'True' || type === 'Suspended')
      conds.push({ type, status, reason, message, lastTransitionTime: now });
    return;
  }
  if (c.status !== status) c.lastTransitionTime = now;
  c.status = status;
  c.reason = reason;
  c.message = message;
}

function podMatchesRule(pod: Pod, rule: NonNullable<Job['spec']['podFailurePolicy']>['rules'][number]): boolean {
  if (pod.status.phase !== 'Failed') return false;
  if (rule.onPodConditions) {
    return rule.onPodConditions.some((pc) =>
      pod.status.conditions?.some((c) => c.type === pc.type && c.status === (pc.status ?? 'True')),
    );
  }
  if (rule.onExitCodes) {
    const { operator, values, containerName } = rule.onExitCodes;
    return (pod.status.containerStatuses ?? []).some((cs) => {
      if (containerName && cs.name !== containerName) return false;
      const code = cs.state?.terminated?.exitCode;
      if (code === undefined || code === 0) return false;
      return operator === 'In' ? values.includes(code) : !values.includes(code);
    });
  }
  return false;
}
