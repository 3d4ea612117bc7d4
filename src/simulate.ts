// The library's door (`import { simulate } from 'jobset-sim'`): load a scenario, build the cluster and the
// controllers on one virtual clock, run it, and return the result and the event log. The CLI uses this too.

import { readFileSync } from 'node:fs';
import { type Job, jobFinished } from './api/batch.js';
import { clonePlain } from './api/clone.js';
import type { Node, Pod } from './api/core.js';
import { defaultJob } from './api/job-defaults.js';
import { validateJob } from './api/job-validation.js';
import { BATCH, type JobSet, JS } from './api/jobset.js';
import { defaultJobSet } from './api/jobset-defaults.js';
import { jobSetCreateStatus, validateJobSetCreate } from './api/jobset-validation.js';
import { namespacedName } from './api/meta.js';
import { defaultTolerationSeconds, extendedResourceToleration, PriorityAdmission } from './api/pod-admission.js';
import { FinishedArchive } from './archive-finished.js';
import { validateNodePoolSpec } from './cluster/catalog.js';
import type { ControllerContext } from './controllers/context.js';
import { JobController } from './controllers/job/controller.js';
import { JobSetController } from './controllers/jobset/controller.js';
import { JobSetPodController } from './controllers/jobset/pod-controller.js';
import { followerRejectedBeforeBuild, mutateJobSetPod, validateJobSetPod } from './controllers/jobset/pod-webhook.js';
import { Kubelet } from './controllers/kubelet/kubelet.js';
import { NodeLifecycle } from './controllers/node/lifecycle.js';
import { TERMINATED_POD_GC_THRESHOLD, TerminatedPodGC } from './controllers/node/terminated-pod-gc.js';
import { EventLog, type LogRecord } from './engine/event-log.js';
import { resolveLatencies } from './engine/latencies.js';
import { RandomStreams } from './engine/random.js';
import { attachRecorder } from './engine/recorder.js';
import { Phase, Simulator, type StopReason } from './engine/simulator.js';
import { AdmissionError, Store } from './engine/store.js';
import { drawDuration } from './faults/distributions.js';
import { DISRUPTION_MESSAGES, FaultInjector } from './faults/injector.js';
import { FaultProcesses } from './faults/processes.js';
import { ProgressTracker } from './faults/progress.js';
import { validateJobForKueue } from './kueue/job-integration.js';
import { KueueManager } from './kueue/manager.js';
import { bareWorkloadMetrics } from './metrics/bare-workloads.js';
import { Collector } from './metrics/collector.js';
import { buildResult, type Result } from './metrics/result.js';
import { SERIES_MAX_POINTS, SeriesRecorder } from './metrics/series.js';
import { withMetricWindow } from './metrics/window.js';
import { parseDuration } from './scenario/duration.js';
import { type LoadOptions, loadScenarioFromTexts, type ScenarioInput } from './scenario/load.js';
import type { Scenario, ScenarioWarning, TimedAction } from './scenario/model.js';
import { type Problem, ScenarioError } from './scenario/problems.js';
import { workloadShapes } from './scheduler/gpu-workload.js';
import { PLACEMENT_POLICIES } from './scheduler/policies/index.js';
import { Scheduler } from './scheduler/scheduler.js';
import { exportSnapshot, type KubectlList } from './snapshot/export.js';
import { restoreSnapshot } from './snapshot/restore.js';
import { studyResult } from './study/result.js';

/** Placement policies (`Simulation.spec.scheduler.policy`); see src/scheduler/scheduler.ts selectHost. */
export const POLICIES = PLACEMENT_POLICIES.map((p) => p.name);

/** The messages Kubernetes components write with a DisruptionTarget condition, by reason. */
export { DISRUPTION_MESSAGES };

export interface SimulateOptions {
  /** Overrides Simulation.spec.seed. */
  seed?: number;
  /** Overrides Simulation.spec.until (a duration such as `72h`). */
  until?: string;
  /** `PATH=VALUE` overrides (CONTRACT.md §1 `--set`). */
  sets?: string[];
  /**
   * `--snapshot-at`: at this simulated time (a duration, e.g. `6h`) the cluster's state is exported as kubectl's
   * List (src/snapshot/export.ts) into the run's `snapshot`; the run goes on to its end.
   */
  snapshotAt?: string;
  /** `--now`: the wall time (RFC 3339) a snapshot's state is taken as t = 0 (README, Snapshots). */
  now?: string;
  /** Called for every event-log record as it happens (streaming sinks). */
  onEvent?: (r: LogRecord) => void;
  /** Keep the event log in memory and return it (default true). */
  retainEvents?: boolean;
  /** Points per series in the result's `series` (default 500, SERIES_MAX_POINTS); 0 leaves `series` out. */
  seriesMaxPoints?: number;
  /**
   * Debug hook: called after every event-log record with a read-only view of the cluster's objects at that instant
   * (jobset-sim/testing checks its invariants here). Costs nothing when absent.
   */
  debug?: (record: LogRecord, view: RunView) => void;
  /**
   * Ends the run early (`stoppedBy: 'stopped'`, `end` = that time): after the event whose log record makes `when`
   * return true, or at `at` simulated seconds at the latest. `jobset-sim predict` stops each future once it has its
   * answer.
   */
  stop?: { when?: (record: LogRecord, view: RunView) => boolean; at?: number };
  /**
   * Drop finished JobSets nothing acts on any more (with their Jobs and Service) from the simulated apiserver,
   * keeping their records (src/archive-finished.ts; README "Memory"). Default: on unless something could observe the
   * objects — `snapshotAt`, `debug`, `stop.when`, or a Script action naming a JobSet.
   */
  archiveFinished?: boolean;
}

/** Read-only access to the simulated API objects, for the `debug` hook. Do not mutate what it returns. */
export interface RunView {
  /** Simulated seconds since the start of the run. */
  now(): number;
  /** `namespace` is ignored for cluster-scoped kinds (Node). */
  get<T>(kind: string, namespace: string | undefined, name: string): T | undefined;
  list<T>(kind: string): Iterable<T>;
}

export interface SimulationRun {
  result: Result;
  /** The event log (CONTRACT.md §5), empty when retainEvents is false. */
  events: LogRecord[];
  stoppedBy: StopReason;
  /** Number of engine events processed. */
  engineEvents: number;
  /** The scenario as loaded (defaults applied, overrides set); jobset-sim/testing reads its quotas and specs. */
  scenario: Scenario;
  /** With `snapshotAt`: the state at that time as `kubectl get ... -o yaml` prints it (undefined if never reached). */
  snapshot?: KubectlList;
  /** JobSets archived under `archiveFinished` (0 when off). */
  archivedJobSets: number;
}

export type SimulateInput = string | string[] | Scenario | { texts: ScenarioInput[] };

/** The loader options every door uses: catalog checks and the known policies. */
export function loaderOptions(opts: SimulateOptions = {}): LoadOptions {
  return {
    seed: opts.seed,
    until: opts.until,
    sets: opts.sets,
    ...(opts.now !== undefined ? { now: opts.now } : {}),
    policies: POLICIES,
    validateNodePool: (spec) => validateNodePoolSpec(spec),
    // The apiserver defaults, then validates (a copy: the scenario keeps the object as written).
    validateJobSet: (js, ctx) => {
      const j = clonePlain(js);
      defaultJobSet(j);
      return validateJobSetCreate(j, ctx.simulation.featureGates);
    },
    validateJob: (job, ctx) => {
      const j = clonePlain(job);
      defaultJob(j, { featureGates: ctx.simulation.featureGates });
      const issues = validateJob(j);
      // Kueue's job webhook: its annotations on a structurally valid Job.
      return issues.length > 0 ? issues : validateJobForKueue(j);
    },
  };
}

/** Loads scenario files synchronously (throws ScenarioError listing every problem). */
export function loadFiles(files: string[], opts: SimulateOptions = {}): Scenario {
  const inputs: ScenarioInput[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, text: readFileSync(file, 'utf8') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'it is a directory' : String(code);
      problems.push({ file, message: `cannot read file: ${why}` });
    }
  }
  if (problems.length) throw new ScenarioError(problems);
  return loadScenarioFromTexts(inputs, loaderOptions(opts)).scenario;
}

function isScenario(x: SimulateInput): x is Scenario {
  return typeof x === 'object' && !Array.isArray(x) && 'simulation' in x;
}

/** Runs one scenario to its end (CONTRACT.md §2 "When a run ends"). Deterministic for a given seed. */
export function simulate(input: SimulateInput, opts: SimulateOptions = {}): SimulationRun {
  let scenario: Scenario;
  if (isScenario(input)) scenario = input;
  else if (typeof input === 'string') scenario = loadFiles([input], opts);
  else if (Array.isArray(input)) scenario = loadFiles(input, opts);
  else scenario = loadScenarioFromTexts(input.texts, loaderOptions(opts)).scenario;
  if (scenario.fgdStudy) return studyRun(scenario);
  const w = scenario.simulation.metricsWindow;
  const window = w ? { start: w.start, end: w.end ?? Number.POSITIVE_INFINITY } : undefined;
  return withMetricWindow(window, () => new Run(scenario, opts).run());
}

/** One simulation: the wiring of store, controllers, scheduler and metrics. */
class Run {
  private readonly sim = new Simulator();
  private readonly random: RandomStreams;
  private readonly log: EventLog;
  private readonly store: Store;
  private readonly collector: Collector;
  private readonly scheduler: Scheduler;
  private kueue: KueueManager | undefined;
  private readonly kubelet: Kubelet;
  private readonly jobs: JobController;
  private readonly faults: FaultInjector;
  private readonly progress: ProgressTracker;
  private readonly warnings: ScenarioWarning[];
  private readonly never = new Map<string, string>();
  private readonly series: SeriesRecorder | undefined;
  private readonly seriesMaxPoints: number;
  /** Script addNodePool actions still to come. */
  private poolsToAdd = 0;
  private snapshot: KubectlList | undefined;
  private readonly archive: FinishedArchive | undefined;

  constructor(
    private readonly scenario: Scenario,
    private readonly opts: SimulateOptions,
  ) {
    const s = scenario.simulation;
    const sim = this.sim;
    this.random = new RandomStreams(s.seed);
    this.warnings = [...scenario.warnings];
    this.log = new EventLog(() => sim.now / 1e6, opts.retainEvents ?? true);
    if (opts.onEvent) this.log.subscribe(opts.onEvent);
    const store = () => this.store;
    const view: RunView = {
      now: () => sim.now / 1e6,
      get: <T>(kind: string, ns: string | undefined, name: string) =>
        store().get(kind, kind === 'Node' ? undefined : ns, name) as T | undefined,
      list: <T>(kind: string) => store().list(kind) as Iterable<T>,
    };
    if (opts.debug) {
      const hook = opts.debug;
      this.log.subscribe((r) => hook(r, view));
    }
    const when = opts.stop?.when;
    if (when) this.log.subscribe((r) => when(r, view) && sim.stop());
    const stopAt = opts.stop?.at;
    if (stopAt !== undefined) sim.at(Math.round(stopAt * 1e6), Phase.Timer, () => sim.stop());
    const lat = resolveLatencies(s.latencyProfile, s.latencies);
    const names = this.random.stream('names');
    const uids = this.random.stream('uids');
    this.store = new Store({
      now: () => sim.now,
      after: (delay, fn) => sim.after(delay, Phase.Controller, fn),
      suffix: () => names.k8sSuffix(),
      uid: () => uids.uuid(),
      gcLatency: () => lat.garbageCollector,
      touched: () => sim.touched(),
    });
    const ctx: ControllerContext = { sim, store: this.store, log: this.log, lat, random: this.random, settings: s };

    attachRecorder(this.store, this.log);
    this.collector = new Collector(
      this.store,
      () => sim.now,
      (js) => this.kueue?.managesNew(js) ?? false,
    );
    this.admission(scenario);
    this.liveness();
    const k = scenario.kueue;
    if (k.clusterQueues.length > 0 || k.localQueues.length > 0 || (scenario.workloads?.length ?? 0) > 0) {
      this.kueue = new KueueManager(ctx, scenario, {
        admitted: (key, info) => this.collector.kueueAdmitted(key, info),
        evicted: (key, _reason, requeued) => this.collector.kueueEvicted(key, requeued),
        deactivated: (kind, key) => {
          if (kind !== 'Workload') this.relive(kind, key);
        },
        live: (uid, live) => sim.setLive(uid, live),
      });
    }
    this.seriesMaxPoints = opts.seriesMaxPoints ?? SERIES_MAX_POINTS;
    if (this.seriesMaxPoints > 0) {
      this.series = new SeriesRecorder(() => sim.now, this.seriesMaxPoints);
      this.collector.series = this.series;
      this.kueue?.recordSeries(this.series);
    }
    new JobSetController(ctx);
    new JobSetPodController(ctx);
    this.jobs = new JobController(ctx);
    this.kubelet = new Kubelet(ctx);
    this.faults = new FaultInjector(ctx, new NodeLifecycle(ctx, this.kubelet), this.kubelet);
    new FaultProcesses(ctx, this.faults, scenario.faultModels);
    this.progress = new ProgressTracker(ctx, this.kubelet, this.faults);
    new TerminatedPodGC(ctx, s.terminatedPodGCThreshold ?? TERMINATED_POD_GC_THRESHOLD);
    if (opts.archiveFinished ?? archiveByDefault(scenario, opts))
      this.archive = new FinishedArchive(this.store, () => sim.now);
    this.scheduler = new Scheduler(ctx, { onNeverSchedulable: (pod, msg) => this.neverSchedulable(pod, msg) }, () =>
      workloadShapes(this.scenario.jobSets.map((e) => e.object)),
    );
  }

  private admission(scenario: Scenario): void {
    const store = this.store;
    const priority = new PriorityAdmission(scenario.priorityClasses);
    const gates = scenario.simulation.featureGates;
    // Kueue's jobframework webhook: a JobSet it manages is created suspended.
    store.addAdmission<JobSet>('JobSet', (js) => this.kueue?.mutateJobSet(js));
    store.addAdmission<JobSet>('JobSet', (js) => {
      defaultJobSet(js);
      const st = jobSetCreateStatus(js, gates);
      if (st) throw new AdmissionError(st.message, 'Invalid', st.webhook);
    });
    // Kueue's job webhook: a standalone Job it manages is created suspended.
    store.addAdmission<Job>('Job', (job) => this.kueue?.mutateJob(job));
    store.addAdmission<Job>('Job', (job) => {
      defaultJob(job, { featureGates: gates });
      const issues = validateJob(job);
      if (issues.length) {
        throw new AdmissionError(issues.map((i) => `${i.path}: ${i.message}`).join(', '), 'Invalid');
      }
    });
    store.addAdmission<Pod>('Pod', (pod) => {
      try {
        priority.admit(pod);
      } catch (e) {
        throw new AdmissionError((e as Error).message);
      }
    });
    store.addAdmission<Pod>('Pod', (pod) => extendedResourceToleration(pod));
    store.addAdmission<Pod>('Pod', (pod) => defaultTolerationSeconds(pod));
    store.addAdmission<Pod>('Pod', (pod) => mutateJobSetPod(store, pod));
    store.addAdmission<Pod>('Pod', (pod) => validateJobSetPod(store, pod));
    // The Job controller skips building a follower pod these webhooks would reject (its leader not yet scheduled).
    store.addPrecheck<Pod>('Pod', (probe) => followerRejectedBeforeBuild(store, probe));
  }

  /**
   * Workloads that keep a run without `until` alive: not finished, not suspended, not never-schedulable. Keyed by uid
   * (unique across kinds; a name is reused only after its object is gone), which every event already carries: no key
   * is built per watch event.
   */
  private liveness(): void {
    const sim = this.sim;
    this.store.watch<JobSet>('JobSet', (type, js) => {
      sim.setLive(js.metadata.uid, type !== 'DELETED' && this.jobSetLive(js));
    });
    // Every Job counts, child or standalone: a finished JobSet's active Jobs keep the run alive until deleted.
    this.store.watch<Job>('Job', (type, job) => {
      sim.setLive(job.metadata.uid, type !== 'DELETED' && this.jobLive(job));
    });
  }

  /** A JobSet Kueue holds suspended until admission is pending, not suspended by its owner. */
  private jobSetLive(js: JobSet): boolean {
    return (
      !js.status.terminalState &&
      (js.spec.suspend !== true || (this.kueue?.waitsForAdmission(js) ?? false)) &&
      (this.never.size === 0 || !this.never.has(namespacedName(js)))
    );
  }

  /** Likewise a Job Kueue holds suspended. */
  private jobLive(job: Job): boolean {
    if (this.never.size > 0) {
      const ns = job.metadata.namespace ?? 'default';
      const owner = job.metadata.labels?.[JS.jobSetName];
      if (this.never.has(`${ns}/${owner ?? job.metadata.name}`)) return false;
    }
    if (jobFinished(job)) return false;
    return job.spec.suspend !== true || (this.kueue?.waitsForAdmissionJob(job) ?? false);
  }

  /** Kueue deactivated a workload: the suspended owner no longer waits for anything. */
  private relive(kind: 'JobSet' | 'Job', key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const obj = this.store.get<JobSet | Job>(kind, ns, name);
    if (!obj) return;
    const live = kind === 'JobSet' ? this.jobSetLive(obj as JobSet) : this.jobLive(obj as Job);
    this.sim.setLive(obj.metadata.uid, live);
  }

  private neverSchedulable(pod: Pod, message: string): void {
    // Capacity still to come (a node pool to be added, nodes being replaced): not a verdict on the cluster.
    if (this.poolsToAdd > 0 || this.faults.capacityPending()) return;
    const ns = pod.metadata.namespace ?? 'default';
    const jsName = pod.metadata.labels?.[JS.jobSetName];
    const owner = jsName ?? pod.metadata.labels?.['batch.kubernetes.io/job-name'] ?? pod.metadata.name;
    const key = `${ns}/${owner}`;
    if (this.never.has(key)) return;
    const rjob = pod.metadata.labels?.[JS.replicatedJobName];
    const full = rjob ? `replicatedJob "${rjob}": ${message}` : message;
    this.never.set(key, full);
    this.warnings.push({ code: 'NeverSchedulable', object: key, message: full });
    const rec = this.collector.jobsets.get(key);
    if (rec) rec.neverSchedulable = full;
    const obj = this.store.get<JobSet | Job>(jsName ? 'JobSet' : 'Job', ns, owner);
    if (obj) this.sim.setLive(obj.metadata.uid, false);
    for (const job of this.store.list<Job>('Job')) {
      const o = job.metadata.labels?.[JS.jobSetName] ?? job.metadata.name;
      if ((job.metadata.namespace ?? 'default') === ns && o === owner) this.sim.setLive(job.metadata.uid, false);
    }
  }

  private build(): void {
    const snap = this.scenario.snapshot;
    if (snap) {
      restoreSnapshot(snap, {
        store: this.store,
        kubelet: this.kubelet,
        jobs: this.jobs,
        kueue: this.kueue,
        collector: this.collector,
        rng: this.random.stream('snapshot/remaining'),
        defaultDuration: this.scenario.simulation.defaults.podDuration,
        warnings: this.warnings,
      });
    }
    for (const doc of this.scenario.nodePools) this.faults.addNodePool(doc);
    for (const e of this.scenario.jobSets) {
      this.sim.arrival(e.submitAt, () => this.store.create<JobSet>(clonePlain(e.object)));
    }
    for (const e of this.scenario.jobs) {
      this.sim.arrival(e.submitAt, () => this.store.create<Job>(clonePlain(e.object)));
    }
    for (const e of this.scenario.workloads ?? []) {
      this.sim.arrival(e.submitAt, () => this.kueue!.submitWorkload(clonePlain(e.object), e.runtime));
    }
    for (const a of this.scenario.actions) {
      if (a.action.kind === 'addNodePool') this.poolsToAdd++;
      this.sim.arrival(a.at, () => this.act(a));
    }
  }

  private act(a: TimedAction): void {
    const store = this.store;
    const act = a.action;
    switch (act.kind) {
      case 'suspend':
      case 'resume': {
        const js = store.get<JobSet>('JobSet', act.namespace, act.jobSet);
        if (!js) {
          this.scriptMiss(a, `JobSet ${act.namespace}/${act.jobSet} does not exist`);
          return;
        }
        js.spec.suspend = act.kind === 'suspend';
        store.update(js);
        return;
      }
      case 'delete': {
        const js = store.get<JobSet>('JobSet', act.namespace, act.jobSet);
        if (!js) {
          this.scriptMiss(a, `JobSet ${act.namespace}/${act.jobSet} does not exist`);
          return;
        }
        store.delete(js, 'Foreground');
        return;
      }
      case 'cordon':
      case 'uncordon':
      case 'deleteNode':
      case 'failNode':
      case 'recoverNode':
      case 'maintenance':
      case 'spotReclaim': {
        const nodes = this.targetNodes(act.node, act.nodePool);
        if (nodes.length === 0) {
          this.scriptMiss(a, `no node ${act.node ? `named ${act.node}` : `in node pool ${act.nodePool}`}`);
          return;
        }
        const names = nodes.map((n) => n.metadata.name);
        const fallback =
          act.kind === 'maintenance' ? 'maintenance' : act.kind === 'spotReclaim' ? 'spot-reclaim' : 'node-failure';
        const info = { cause: ('cause' in act && act.cause) || fallback, source: `Script/${a.source.name}` };
        const rng = this.random.stream(`faults/Script/${a.source.name}`);
        if (act.kind === 'failNode') {
          const recoverAfter = act.recovery ? drawDuration(act.recovery, rng) : undefined;
          this.faults.fail(names, info, {
            ...(act.action ? { action: act.action } : {}),
            ...(recoverAfter !== undefined ? { recoverAfter } : {}),
          });
          return;
        }
        if (act.kind === 'recoverNode') {
          this.faults.recover(names);
          return;
        }
        if (act.kind === 'maintenance') {
          const duration = act.duration;
          this.faults.maintenance(names, info, act.notice, () => drawDuration(duration, rng));
          return;
        }
        if (act.kind === 'spotReclaim') {
          const recoverAfter = act.recovery ? drawDuration(act.recovery, rng) : undefined;
          this.faults.spotReclaim(names, info, act.notice, recoverAfter);
          return;
        }
        for (const node of nodes) {
          if (act.kind === 'deleteNode') store.delete(node);
          else {
            node.spec.unschedulable = act.kind === 'cordon';
            store.update(node);
          }
        }
        return;
      }
      case 'addNodePool': {
        this.poolsToAdd--;
        const clash = this.faults.poolsNamed(act.pool.name);
        if (clash.length > 0) {
          this.scriptMiss(a, `addNodePool at ${a.at / 1e6}s: node pool ${act.pool.name} already exists`);
          return;
        }
        this.faults.addNodePool(act.pool);
        return;
      }
      case 'removeNodePool': {
        const pools = this.faults.poolsNamed(act.nodePool);
        if (pools.length === 0) {
          this.scriptMiss(a, `removeNodePool at ${a.at / 1e6}s: no node pool ${act.nodePool}`);
          return;
        }
        const info = { cause: 'removeNodePool', source: `Script/${a.source.name}` };
        for (const p of pools) this.faults.removeNodePool(p, act.drain, info);
        return;
      }
      case 'failPod':
        this.failPod(a, act);
        return;
    }
  }

  /** failPod: the pod of the current attempt at (replicatedJob, jobIndex, podIndex). */
  private failPod(a: TimedAction, act: Extract<TimedAction['action'], { kind: 'failPod' }>): void {
    const t = act.target;
    const where = `${t.namespace}/${t.jobSet} ${t.replicatedJob}[${t.jobIndex}] pod ${t.podIndex}`;
    const js = this.store.get<JobSet>('JobSet', t.namespace, t.jobSet);
    const job = js
      ? this.store.get<Job>('Job', t.namespace, `${t.jobSet}-${t.replicatedJob}-${t.jobIndex}`)
      : undefined;
    const attempt = String(js?.status.restarts ?? 0);
    const pod =
      job && job.metadata.labels?.[JS.restartAttempt] === attempt
        ? this.store
            .dependentsOf<Pod>(job.metadata.uid, 'Pod')
            .find(
              (p) =>
                p.metadata.annotations?.[BATCH.completionIndex] === String(t.podIndex) &&
                p.metadata.deletionTimestamp === undefined &&
                p.status.phase !== 'Succeeded' &&
                p.status.phase !== 'Failed',
            )
        : undefined;
    if (!pod) {
      this.scriptMiss(a, `failPod at ${a.at / 1e6}s: no live pod for ${where}`);
      return;
    }
    if (act.exitCode !== undefined) {
      if (!this.faults.failContainer(pod, act.exitCode, 'application')) {
        this.scriptMiss(a, `failPod at ${a.at / 1e6}s: pod ${namespacedName(pod)} is not running`);
      }
      return;
    }
    const reason = act.reason ?? 'TerminationByKubelet';
    this.faults.disruptPod(pod, act.condition ?? 'DisruptionTarget', reason, reason);
  }

  private targetNodes(node?: string, pool?: string): Node[] {
    if (node) {
      const n = this.store.get<Node>('Node', undefined, node);
      return n ? [n] : [];
    }
    const out: Node[] = [];
    for (const n of this.store.list<Node>('Node')) {
      if (n.metadata.labels?.['cloud.google.com/gke-nodepool'] === pool) out.push(n);
    }
    return out;
  }

  private scriptMiss(a: TimedAction, message: string): void {
    this.warnings.push({ code: 'ScriptTargetMissing', object: `Script/${a.source.name}`, message });
  }

  run(): SimulationRun {
    this.build();
    if (this.opts.snapshotAt !== undefined) this.scheduleSnapshot(this.opts.snapshotAt);
    const s = this.scenario.simulation;
    const { end, reason } = this.sim.run(s.until);
    if (reason === 'horizon') {
      this.warnings.push({
        code: 'HorizonReached',
        object: s.name,
        message: 'the run reached 365 simulated days and was stopped there',
      });
    }
    if (reason === 'stalled') {
      this.warnings.push({
        code: 'Stalled',
        object: s.name,
        message: 'nothing was left to happen while workloads were unfinished; the run ended at the last change',
      });
    }
    const result = buildResult({
      name: s.name,
      seed: s.seed,
      files: this.scenario.files,
      endUs: end,
      collector: this.collector,
      warnings: this.warnings,
      preemptions: this.scheduler.stats.preemptions,
      ...(s.metricsWindow
        ? { window: { start: s.metricsWindow.start, end: s.metricsWindow.end ?? Number.POSITIVE_INFINITY } }
        : {}),
    });
    const st = this.scheduler.stats;
    result.metrics.scheduler = {
      attempts: st.attempts,
      scheduled: st.scheduled,
      unschedulableAttempts: st.unschedulableAttempts,
      gangTimeouts: st.gangTimeouts,
      attemptsPerPod: st.scheduled > 0 ? Math.round((st.attempts / st.scheduled) * 1e6) / 1e6 : null,
      busySeconds: st.busyUs / 1e6,
      // node rejections by filter reason, over all failed attempts (sorted for a stable result)
      unschedulableReasons: Object.fromEntries(Object.entries(st.reasons).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
    const placement = this.scheduler.placementSummary(end);
    result.metrics.stranded = placement.stranded;
    result.metrics.partialDomains = placement.partialDomains;
    for (const js of result.jobsets) {
      const p = this.progress.summary(`${js.namespace}/${js.name}`, end);
      if (p) js.progress = p;
    }
    result.metrics.goodput = this.progress.fleet(end);
    result.metrics.faults = {
      ...this.faults.stats,
      byKind: sorted(this.faults.stats.byKind),
      byCause: sorted(this.faults.stats.byCause),
      byCategory: sorted(this.faults.stats.byCategory),
    };
    if (this.kueue) {
      result.metrics.evictions = this.kueue.stats.evictionsByReason();
      result.metrics.kueue = this.kueue.summary(end);
    }
    if (this.series) result.series = this.series.output(end);
    if (this.kueue && this.scenario.workloads !== undefined) {
      result.workloads = this.kueue.bareWorkloads();
      result.metrics.workloads = bareWorkloadMetrics(result.workloads);
    }
    return {
      result,
      events: this.log.records,
      stoppedBy: reason,
      engineEvents: this.sim.events,
      scenario: this.scenario,
      ...(this.snapshot ? { snapshot: this.snapshot } : {}),
      archivedJobSets: this.archive?.archived ?? 0,
    };
  }

  /** The export at `at`, after everything else due at that microsecond; the run stays alive until then. */
  private scheduleSnapshot(at: string): void {
    let us: number;
    try {
      us = parseDuration(at);
    } catch (e) {
      throw new ScenarioError([{ file: '--snapshot-at', message: (e as Error).message }]);
    }
    if (us < 0)
      throw new ScenarioError([{ file: '--snapshot-at', message: `expected a non-negative duration, got "${at}"` }]);
    this.sim.setLive('snapshot', true);
    this.sim.at(us, Phase.Timer, () => {
      this.sim.setLive('snapshot', false);
      this.snapshot = exportSnapshot({
        store: this.store,
        kubelet: this.kubelet,
        jobs: this.jobs,
        kueue: this.kueue,
        scenario: this.scenario,
        now: this.sim.now,
      });
    });
  }
}

/** An FgdStudy scenario: the study's own replay (src/study/), not the event engine; no event log. */
function studyRun(scenario: Scenario): SimulationRun {
  const s = scenario.simulation;
  const result = studyResult(scenario.fgdStudy!, { name: s.name, seed: s.seed, files: scenario.files }, [
    ...scenario.warnings,
  ]);
  return { result, events: [], stoppedBy: 'quiet', engineEvents: 0, scenario, archivedJobSets: 0 };
}

/** Archiving is on unless something could look at a finished JobSet's objects (SimulateOptions.archiveFinished). */
function archiveByDefault(scenario: Scenario, opts: SimulateOptions): boolean {
  if (opts.snapshotAt !== undefined || opts.debug || opts.stop?.when) return false;
  const byName = new Set(['suspend', 'resume', 'delete', 'failPod']);
  return !scenario.actions.some((a) => byName.has(a.action.kind));
}

function sorted(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
