// The training-progress and application-failure models of JobSets that carry their annotations
// (src/faults/annotations.ts). A JobSet progresses only while every pod of its current attempt runs (Running,
// Ready, on a node in service): after an interruption it first pays the restart overhead, then works; every
// checkpoint interval of work it writes a blocking checkpoint; an interruption loses the work since the last
// completed checkpoint. When the total work is done its pods succeed. Application failures (a rate per hour of
// running, or a probability per run) make one pod's main container exit with the annotated code, through the
// FaultInjector. Goodput = effective training time (work kept) / wall time from the first start.
import type { Pod } from '../api/core.js';
import { type JobSet, JS } from '../api/jobset.js';
import type { ControllerContext } from '../controllers/context.js';
import type { Kubelet } from '../controllers/kubelet/kubelet.js';
import { Phase } from '../engine/simulator.js';
import { type FaultSettings, faultSettings } from './annotations.js';
import type { FaultInjector } from './injector.js';

type State = 'idle' | 'restarting' | 'working' | 'checkpointing' | 'done';

interface Track {
  key: string;
  s: FaultSettings;
  expected: number;
  attempt: number;
  /** Pods of the current attempt that run. */
  good: Map<string, Pod>;
  state: State;
  phaseStart: number;
  /** Work done (µs) at phaseStart. */
  progress: number;
  saved: number;
  timer?: number;
  appTimer?: number;
  firstStart?: number;
  finishedAt?: number;
  interruptedAt?: number;
  lost: number;
  restartTime: number;
  checkpointTime: number;
  checkpoints: number;
  interruptions: Record<string, number>;
}

export interface ProgressSummary {
  /** Seconds of work to do (null: no total-work annotation). */
  totalWork: number | null;
  /** Work done and kept (s): the effective training time. */
  effectiveTime: number;
  /** From the first time every pod ran to completion (or the end of the run), s. */
  wallTime: number;
  goodput: number | null;
  lostWork: number;
  restartTime: number;
  checkpointTime: number;
  checkpoints: number;
  interruptions: Record<string, number>;
}

export interface FleetProgress {
  jobsets: number;
  effectiveTime: number;
  wallTime: number;
  goodput: number | null;
  lostWork: number;
  restartTime: number;
  checkpointTime: number;
  interruptions: Record<string, number>;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export class ProgressTracker {
  private readonly tracks = new Map<string, Track>();
  /** The same tracks by namespace, then JobSet name: every pod event looks one up, without building its key. */
  private readonly byNamespace = new Map<string, Map<string, Track>>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kubelet: Kubelet,
    private readonly injector: FaultInjector,
  ) {
    ctx.store.watch<JobSet>('JobSet', (type, js) => this.onJobSet(type, js));
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
    injector.listen({ nodesDown: (nodes, cause) => this.nodesDown(nodes, cause) });
  }

  private onJobSet(type: string, js: JobSet): void {
    const key = `${js.metadata.namespace ?? 'default'}/${js.metadata.name}`;
    let t = this.tracks.get(key);
    if (!t) {
      if (type !== 'ADDED') return;
      const s = faultSettings(js);
      if (!s) return;
      let expected = 0;
      for (const rj of js.spec.replicatedJobs) {
        const p = rj.template.spec.parallelism ?? 1;
        const c = rj.template.spec.completions ?? p;
        expected += (rj.replicas ?? 1) * Math.min(p, c);
      }
      t = {
        key,
        s,
        expected,
        attempt: 0,
        good: new Map(),
        state: 'idle',
        phaseStart: 0,
        progress: 0,
        saved: 0,
        lost: 0,
        restartTime: 0,
        checkpointTime: 0,
        checkpoints: 0,
        interruptions: {},
      };
      this.tracks.set(key, t);
      const ns = js.metadata.namespace ?? 'default';
      let byName = this.byNamespace.get(ns);
      if (byName === undefined) this.byNamespace.set(ns, (byName = new Map()));
      byName.set(js.metadata.name, t);
    }
    const attempt = js.status.restarts ?? 0;
    if (attempt !== t.attempt) {
      t.attempt = attempt;
      t.good.clear();
      this.evaluate(t, 'JobSetRestart');
    }
    if ((js.status.terminalState || type === 'DELETED') && t.state !== 'done') {
      this.stopRunning(t, js.status.terminalState === 'Failed' ? 'JobSetFailed' : 'JobSetEnded', false);
      t.state = 'done';
      t.finishedAt ??= this.ctx.sim.now;
    }
  }

  private running(pod: Pod, t: Track): boolean {
    const node = pod.spec.nodeName;
    return (
      pod.status.phase === 'Running' &&
      pod.metadata.deletionTimestamp === undefined &&
      Number(pod.metadata.labels?.[JS.restartAttempt] ?? 0) === t.attempt &&
      (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') &&
      node !== undefined &&
      !this.kubelet.isNodeDown(node) &&
      !this.injector.isDown(node)
    );
  }

  private onPod(type: string, pod: Pod): void {
    if (this.tracks.size === 0) return;
    const jsName = pod.metadata.labels?.[JS.jobSetName];
    if (!jsName) return;
    const t = this.byNamespace.get(pod.metadata.namespace ?? 'default')?.get(jsName);
    if (!t || t.state === 'done') return;
    const uid = pod.metadata.uid;
    const was = t.good.has(uid);
    const is = type !== 'DELETED' && this.running(pod, t);
    if (is) t.good.set(uid, pod);
    else t.good.delete(uid);
    if (was && !is) this.evaluate(t, this.causeOf(pod, type));
    else if (!was && is) this.evaluate(t, '');
  }

  private causeOf(pod: Pod, type: string): string {
    const c = this.injector.causeOf(pod);
    if (c) return c;
    if (pod.status.phase === 'Failed') return 'PodFailed';
    if (type === 'DELETED' || pod.metadata.deletionTimestamp !== undefined) return 'PodDeleted';
    return 'ContainerRestart';
  }

  private nodesDown(nodes: readonly string[], cause: string): void {
    const set = new Set(nodes);
    for (const t of this.tracks.values()) {
      if (t.state === 'done') continue;
      let hit = false;
      for (const [uid, pod] of t.good) {
        if (pod.spec.nodeName && set.has(pod.spec.nodeName)) {
          t.good.delete(uid);
          hit = true;
        }
      }
      if (hit) this.evaluate(t, cause);
    }
  }

  private evaluate(t: Track, cause: string): void {
    const all = t.good.size >= t.expected;
    if (t.state === 'idle' && all) this.start(t);
    else if (t.state !== 'idle' && t.state !== 'done' && !all) this.stopRunning(t, cause || 'PodStopped', true);
  }

  private start(t: Track): void {
    const now = this.ctx.sim.now;
    t.firstStart ??= now;
    this.scheduleAppFailure(t);
    if (t.interruptedAt !== undefined && t.s.restartOverhead > 0) {
      t.state = 'restarting';
      t.phaseStart = now;
      t.timer = this.ctx.sim.after(t.s.restartOverhead, Phase.Kubelet, () => this.work(t));
      return;
    }
    this.work(t);
  }

  private work(t: Track): void {
    const sim = this.ctx.sim;
    t.timer = undefined;
    if (t.interruptedAt !== undefined) {
      t.restartTime += sim.now - t.interruptedAt;
      t.interruptedAt = undefined;
    }
    t.state = 'working';
    t.phaseStart = sim.now;
    const total = t.s.totalWork;
    if (total === undefined) return;
    const remaining = total - t.progress;
    const interval = t.s.checkpointInterval;
    const toCheckpoint = interval !== undefined ? interval - (t.progress - t.saved) : Number.POSITIVE_INFINITY;
    if (remaining <= toCheckpoint) {
      t.timer = sim.after(remaining, Phase.Kubelet, () => this.complete(t));
      return;
    }
    t.timer = sim.after(toCheckpoint, Phase.Kubelet, () => {
      t.progress += toCheckpoint;
      t.state = 'checkpointing';
      t.phaseStart = sim.now;
      t.timer = sim.after(t.s.checkpointCost, Phase.Kubelet, () => {
        t.checkpointTime += t.s.checkpointCost;
        t.checkpoints++;
        t.saved = t.progress;
        this.work(t);
      });
    });
  }

  private complete(t: Track): void {
    t.timer = undefined;
    t.progress = t.s.totalWork ?? t.progress;
    t.saved = t.progress;
    t.state = 'done';
    t.finishedAt = this.ctx.sim.now;
    this.cancel(t.appTimer);
    this.ctx.log.emit('TrainingCompleted', { jobSet: t.key, work: t.progress / 1e6 });
    for (const pod of [...t.good.values()]) this.kubelet.succeed(pod);
  }

  /** The run stops: work since the last checkpoint is lost; an interruption starts a restart period. */
  private stopRunning(t: Track, cause: string, interruption: boolean): void {
    const now = this.ctx.sim.now;
    if (t.state === 'working') t.progress += now - t.phaseStart;
    if (t.state === 'checkpointing') t.checkpointTime += now - t.phaseStart;
    const lost = t.progress - t.saved;
    this.cancel(t.timer);
    this.cancel(t.appTimer);
    t.timer = t.appTimer = undefined;
    if (t.state === 'idle' || t.state === 'done') return;
    t.state = 'idle';
    if (!interruption) return;
    t.lost += lost;
    t.progress = t.saved;
    t.interruptedAt ??= now;
    t.interruptions[cause] = (t.interruptions[cause] ?? 0) + 1;
    this.ctx.log.emit('TrainingInterrupted', { jobSet: t.key, cause, lostWork: lost / 1e6 });
  }

  private scheduleAppFailure(t: Track): void {
    const { failureRate, failureProbability } = t.s;
    if (failureRate === undefined && failureProbability === undefined) return;
    const rng = this.ctx.random.stream(`app-failures/${t.key}`);
    let after: number | undefined;
    if (failureRate !== undefined && failureRate > 0) after = rng.exponential(1 / failureRate);
    if (failureProbability !== undefined && rng.bernoulli(failureProbability)) {
      const pod = t.good.values().next().value;
      const length =
        t.s.totalWork !== undefined ? t.s.totalWork - t.saved : pod ? this.kubelet.durationOf(pod) : undefined;
      if (length !== undefined && Number.isFinite(length)) {
        const at = rng.uniform(0, length);
        after = Math.min(after ?? Number.POSITIVE_INFINITY, at);
      }
    }
    if (after === undefined) return;
    t.appTimer = this.ctx.sim.after(Math.max(1, Math.round(after)), Phase.Arrival, () => {
      t.appTimer = undefined;
      const pods = [...t.good.values()];
      if (pods.length === 0) return;
      const pod = pods[rng.int(pods.length)]!;
      this.injector.failContainer(pod, t.s.failureExitCode, 'application');
    });
  }

  private cancel(h: number | undefined): void {
    if (h !== undefined) this.ctx.sim.cancel(h);
  }

  /** Per-JobSet figures at `endUs`, or undefined for a JobSet without the annotations. */
  summary(key: string, endUs: number): ProgressSummary | undefined {
    const t = this.tracks.get(key);
    if (!t) return undefined;
    let progress = t.progress;
    let checkpointTime = t.checkpointTime;
    let restartTime = t.restartTime;
    const end = t.finishedAt ?? endUs;
    if (t.state === 'working') progress += end - t.phaseStart;
    if (t.state === 'checkpointing') checkpointTime += end - t.phaseStart;
    if (t.interruptedAt !== undefined && t.state !== 'done') restartTime += end - t.interruptedAt;
    const wall = t.firstStart !== undefined ? end - t.firstStart : 0;
    const hasWork = t.s.totalWork !== undefined;
    return {
      totalWork: hasWork ? round(t.s.totalWork! / 1e6) : null,
      effectiveTime: hasWork ? round(progress / 1e6) : 0,
      wallTime: round(wall / 1e6),
      goodput: hasWork && wall > 0 ? round(progress / wall) : null,
      lostWork: round(t.lost / 1e6),
      restartTime: round(restartTime / 1e6),
      checkpointTime: round(checkpointTime / 1e6),
      checkpoints: t.checkpoints,
      interruptions: sortKeys(t.interruptions),
    };
  }

  /** Over every JobSet with total-work that started. */
  fleet(endUs: number): FleetProgress {
    const out: FleetProgress = {
      jobsets: 0,
      effectiveTime: 0,
      wallTime: 0,
      goodput: null,
      lostWork: 0,
      restartTime: 0,
      checkpointTime: 0,
      interruptions: {},
    };
    for (const key of this.tracks.keys()) {
      const s = this.summary(key, endUs)!;
      for (const [c, n] of Object.entries(s.interruptions)) out.interruptions[c] = (out.interruptions[c] ?? 0) + n;
      if (s.totalWork === null || s.wallTime === 0) continue;
      out.jobsets++;
      out.effectiveTime += s.effectiveTime;
      out.wallTime += s.wallTime;
      out.lostWork += s.lostWork;
      out.restartTime += s.restartTime;
      out.checkpointTime += s.checkpointTime;
    }
    out.goodput = out.wallTime > 0 ? round(out.effectiveTime / out.wallTime) : null;
    for (const k of ['effectiveTime', 'wallTime', 'lostWork', 'restartTime', 'checkpointTime'] as const) {
      out[k] = round(out[k]);
    }
    out.interruptions = sortKeys(out.interruptions);
    return out;
  }

  keys(): string[] {
    return [...this.tracks.keys()];
  }
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
