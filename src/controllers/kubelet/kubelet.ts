// The kubelet model. A bound pod is Running and Ready after `podStartup`, runs for its duration and succeeds.
// A container that fails restarts in place under restartPolicy OnFailure/Always with CrashLoopBackOff
// (10 s doubling to 5 min, reset after 10 min of running) and runs its whole duration again; under Never
// the pod fails with the exit code. A deleted pod terminates after `podTermination` (capped by its grace
// period) and is removed. A node that is down runs nothing: its pods freeze until it comes back.
// Pod durations: the pod's `jobset-sim.dev/duration` annotation, else its Job's, else its JobSet's, else
// `defaults.podDuration`.
import type { Job } from '../../api/batch.js';
import { type Pod, type PodCondition, podIsTerminal } from '../../api/core.js';
import { type JobSet, JS, SIM } from '../../api/jobset.js';
import { controllerOf } from '../../api/meta.js';
import { Phase } from '../../engine/simulator.js';
import { DurationMemo } from './duration-memo.js';

/** The training-progress annotation (src/faults/annotations.ts): its pods run until the work is done. */
const TOTAL_WORK = 'jobset-sim.dev/total-work';

import { type ControllerContext, seconds } from '../context.js';

export const CRASH_BACKOFF_INITIAL_US = 10_000_000;
export const CRASH_BACKOFF_MAX_US = 300_000_000;
export const CRASH_BACKOFF_RESET_US = 600_000_000;
/** Exit code of a container killed by SIGKILL (eviction, node loss). */
export const KILLED_EXIT_CODE = 137;

interface PodRun {
  start?: number;
  finish?: number;
  /** When `finish` is due (µs), for a snapshot's remaining-time annotation. */
  finishAt?: number;
  /** When `restart` is due (µs). */
  restartAt?: number;
  /** When `start` is due (µs). */
  startAt?: number;
  /** When `stop` is due (µs). */
  stopAt?: number;
  stop?: number;
  restart?: number;
  /** Consecutive crashes since the last 10 minutes of clean running. */
  crashes: number;
  /** When the container last started (µs). */
  runningSince?: number;
  /** The node died while this pod was running: it needs a restart when the node is back. */
  lostOnNode?: boolean;
}

export class Kubelet {
  private readonly runs = new Map<string, PodRun>();
  private readonly downNodes = new Set<string>();
  /** The pods' duration annotations, each text parsed once. */
  private readonly durations = new DurationMemo();

  constructor(private readonly ctx: ControllerContext) {
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
  }

  private run(pod: Pod): PodRun {
    let r = this.runs.get(pod.metadata.uid);
    if (!r) {
      r = { crashes: 0 };
      this.runs.set(pod.metadata.uid, r);
    }
    return r;
  }

  private onPod(type: string, pod: Pod): void {
    if (type === 'DELETED') {
      this.cancelAll(pod);
      this.runs.delete(pod.metadata.uid);
      return;
    }
    const node = pod.spec.nodeName;
    if (!node || this.downNodes.has(node)) return;
    const r = this.run(pod);
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (r.stop === undefined) this.beginTermination(pod, r);
      return;
    }
    if (pod.status.phase === 'Pending' && r.start === undefined) this.startIn(pod, r, this.ctx.lat.podStartup);
  }

  private startIn(pod: Pod, r: PodRun, us: number): void {
    r.startAt = this.ctx.sim.now + us;
    r.start = this.ctx.sim.after(us, Phase.Kubelet, () => this.start(pod));
  }

  private alive(pod: Pod): boolean {
    return (
      this.ctx.store.getByUid(pod.metadata.uid) !== undefined &&
      pod.metadata.deletionTimestamp === undefined &&
      !podIsTerminal(pod) &&
      !this.downNodes.has(pod.spec.nodeName ?? '')
    );
  }

  private start(pod: Pod): void {
    const r = this.runs.get(pod.metadata.uid);
    if (!r || !this.alive(pod)) return;
    r.start = undefined;
    const now = seconds(this.ctx.sim.now);
    pod.status.phase = 'Running';
    pod.status.startTime ??= now;
    setPodCondition(pod, { type: 'Ready', status: 'True', lastTransitionTime: now });
    pod.status.containerStatuses = pod.spec.containers.map((c, i) => ({
      name: c.name,
      restartCount: pod.status.containerStatuses?.[i]?.restartCount ?? 0,
      state: { running: { startedAt: now } },
    }));
    this.ctx.store.updateStatus(pod);
    this.runContainers(pod, r);
  }

  private runContainers(pod: Pod, r: PodRun): void {
    r.runningSince = this.ctx.sim.now;
    const duration = this.durationOf(pod);
    // A JobSet under the training-progress model (src/faults/progress.ts) ends when its work is done.
    if (!Number.isFinite(duration)) return;
    this.finishIn(pod, r, duration);
  }

  private finishIn(pod: Pod, r: PodRun, us: number): void {
    r.finishAt = this.ctx.sim.now + us;
    r.finish = this.ctx.sim.after(us, Phase.Kubelet, () => {
      r.finish = undefined;
      if (this.alive(pod)) this.terminate(pod, 'Succeeded', 0);
    });
  }

  /**
   * A pod restored from a snapshot: the kubelet's next step for it comes `remaining` µs from now, as
   * remainingOf measured it: a bound Pending pod starts, a Running pod's containers exit 0 (Infinity: the
   * training-progress model ends them), a deleted pod's termination ends. The crash-loop history starts fresh.
   */
  adopt(pod: Pod, remaining: number): void {
    const node = pod.spec.nodeName;
    if (!node || podIsTerminal(pod)) return;
    const r = this.run(pod);
    const us = Math.max(0, remaining);
    if (this.downNodes.has(node)) {
      r.lostOnNode = pod.status.phase === 'Running';
      return;
    }
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (r.stop === undefined) return;
      this.cancel(r.stop);
      this.stopIn(pod, r, us);
    } else if (pod.status.phase === 'Pending') {
      if (r.start === undefined) return;
      this.cancel(r.start);
      this.startIn(pod, r, us);
    } else if (pod.status.phase === 'Running') {
      r.runningSince = this.ctx.sim.now;
      if (Number.isFinite(us)) this.finishIn(pod, r, us);
    }
  }

  /**
   * How long until the kubelet's next step for the pod (µs): a deleted pod's termination ends, a bound Pending pod
   * starts, a Running pod's containers exit (a pending crash-loop restart counts as its back-off plus a whole run).
   * Undefined when nothing is scheduled (a terminal pod, a node down, a run the progress model ends).
   */
  remainingOf(pod: Pod): number | undefined {
    const r = this.runs.get(pod.metadata.uid);
    if (!r) return undefined;
    const now = this.ctx.sim.now;
    if (r.stop !== undefined && r.stopAt !== undefined) return r.stopAt - now;
    if (r.start !== undefined && r.startAt !== undefined) return r.startAt - now;
    if (r.finish !== undefined && r.finishAt !== undefined) return r.finishAt - now;
    if (r.restart !== undefined && r.restartAt !== undefined) {
      const d = this.durationOf(pod);
      return Number.isFinite(d) ? r.restartAt - now + d : undefined;
    }
    return undefined;
  }

  /**
   * The pod's (first) container exits with `exitCode`: restart in place with CrashLoopBackOff under
   * OnFailure/Always, or the pod fails under Never. Returns false if the pod was not running.
   */
  failContainer(pod: Pod, exitCode: number): boolean {
    const r = this.runs.get(pod.metadata.uid);
    if (!r || !this.alive(pod) || pod.status.phase !== 'Running' || r.restart !== undefined) return false;
    this.cancel(r.finish);
    r.finish = undefined;
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Never') {
      this.terminate(pod, 'Failed', exitCode, undefined, true);
      return true;
    }
    this.crashLoop(pod, r, exitCode);
    return true;
  }

  private crashLoop(pod: Pod, r: PodRun, exitCode: number): void {
    const sim = this.ctx.sim;
    if (r.runningSince !== undefined && sim.now - r.runningSince >= CRASH_BACKOFF_RESET_US) r.crashes = 0;
    r.crashes++;
    const backoff = Math.min(CRASH_BACKOFF_INITIAL_US * 2 ** (r.crashes - 1), CRASH_BACKOFF_MAX_US);
    const now = seconds(sim.now);
    setPodCondition(pod, { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now });
    pod.status.containerStatuses = pod.spec.containers.map((c, i) => ({
      name: c.name,
      restartCount: (pod.status.containerStatuses?.[i]?.restartCount ?? 0) + (i === 0 ? 1 : 0),
      state: i === 0 ? { waiting: { reason: 'CrashLoopBackOff' } } : pod.status.containerStatuses?.[i]?.state,
      lastState: i === 0 ? { terminated: { exitCode, reason: 'Error', finishedAt: now } } : undefined,
    }));
    this.ctx.store.updateStatus(pod);
    r.restartAt = sim.now + backoff;
    r.restart = sim.after(backoff, Phase.Kubelet, () => {
      r.restart = undefined;
      if (!this.alive(pod)) return;
      const t = seconds(sim.now);
      setPodCondition(pod, { type: 'Ready', status: 'True', lastTransitionTime: t });
      const cs = pod.status.containerStatuses?.[0];
      if (cs) cs.state = { running: { startedAt: t } };
      this.ctx.store.updateStatus(pod);
      this.runContainers(pod, r);
    });
  }

  /**
   * A disruption the kubelet or a control-plane component applies: the DisruptionTarget-style condition, then
   * the pod is terminated and ends Failed, whatever its restartPolicy.
   */
  disrupt(pod: Pod, condition: string, reason: string, message: string): boolean {
    if (!this.ctx.store.getByUid(pod.metadata.uid) || podIsTerminal(pod)) return false;
    const now = seconds(this.ctx.sim.now);
    setPodCondition(pod, { type: condition, status: 'True', reason, message, lastTransitionTime: now });
    const r = this.run(pod);
    this.cancelAll(pod);
    r.start = r.finish = r.restart = undefined;
    this.terminate(pod, 'Failed', KILLED_EXIT_CODE, reason === 'TerminationByKubelet' ? 'Terminated' : undefined);
    return true;
  }

  /** The pod's containers exit 0 now (the training-progress model finished its work). */
  succeed(pod: Pod): boolean {
    const r = this.runs.get(pod.metadata.uid);
    if (!r || !this.alive(pod) || pod.status.phase !== 'Running') return false;
    this.cancelAll(pod);
    r.start = r.finish = r.restart = undefined;
    this.terminate(pod, 'Succeeded', 0);
    return true;
  }

  /** The node stops: nothing on it progresses until it is back. */
  nodeDown(node: string): void {
    if (this.downNodes.has(node)) return;
    this.downNodes.add(node);
    for (const pod of this.ctx.store.podsOn(node)) {
      const r = this.runs.get(pod.metadata.uid);
      if (!r) continue;
      r.lostOnNode = pod.status.phase === 'Running' || r.restart !== undefined;
      this.cancelAll(pod);
      r.start = r.finish = r.restart = r.stop = undefined;
    }
  }

  /** The node is back: deletions finish, lost containers restart (or fail under Never), pending pods start. */
  nodeUp(node: string): void {
    if (!this.downNodes.delete(node)) return;
    for (const pod of [...this.ctx.store.podsOn(node)]) {
      if (podIsTerminal(pod)) continue;
      const r = this.run(pod);
      if (pod.metadata.deletionTimestamp !== undefined) {
        this.beginTermination(pod, r);
      } else if (r.lostOnNode) {
        r.lostOnNode = false;
        if ((pod.spec.restartPolicy ?? 'Always') === 'Never') this.terminate(pod, 'Failed', KILLED_EXIT_CODE);
        else this.crashLoop(pod, r, KILLED_EXIT_CODE);
      } else if (pod.status.phase === 'Pending') {
        this.startIn(pod, r, this.ctx.lat.podStartup);
      }
    }
  }

  isNodeDown(node: string): boolean {
    return this.downNodes.has(node);
  }

  /**
   * Marks the pod terminal. `exitCode` is the first (main) container's; with `onlyFirst` the others exit 0
   * (a scripted application error in the main container), otherwise they share it (a kill, a success).
   */
  private terminate(
    pod: Pod,
    phase: 'Succeeded' | 'Failed',
    exitCode: number,
    reason?: string,
    onlyFirst = false,
  ): void {
    const now = seconds(this.ctx.sim.now);
    pod.status.phase = phase;
    if (reason) pod.status.reason = reason;
    setPodCondition(pod, { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: now });
    pod.status.containerStatuses = pod.spec.containers.map((c, i) => {
      const code = onlyFirst && i > 0 ? 0 : exitCode;
      return {
        name: c.name,
        restartCount: pod.status.containerStatuses?.[i]?.restartCount ?? 0,
        state: { terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error', finishedAt: now } },
      };
    });
    this.ctx.store.updateStatus(pod);
  }

  private beginTermination(pod: Pod, r: PodRun): void {
    this.cancel(r.start);
    this.cancel(r.finish);
    this.cancel(r.restart);
    r.start = r.finish = r.restart = undefined;
    const grace = (pod.spec.terminationGracePeriodSeconds ?? 30) * 1e6;
    this.stopIn(pod, r, Math.min(this.ctx.lat.podTermination, grace));
  }

  private stopIn(pod: Pod, r: PodRun, us: number): void {
    r.stopAt = this.ctx.sim.now + us;
    r.stop = this.ctx.sim.after(us, Phase.Kubelet, () => {
      r.stop = undefined;
      if (this.downNodes.has(pod.spec.nodeName ?? '')) return;
      // A pod killed before it succeeded ends Failed (the kubelet's terminal phase on deletion).
      if (!podIsTerminal(pod)) this.terminate(pod, 'Failed', KILLED_EXIT_CODE);
      this.ctx.store.finishDeletion(pod);
    });
  }

  private cancel(h: number | undefined): void {
    if (h !== undefined) this.ctx.sim.cancel(h);
  }

  private cancelAll(pod: Pod): void {
    const r = this.runs.get(pod.metadata.uid);
    if (!r) return;
    this.cancel(r.start);
    this.cancel(r.finish);
    this.cancel(r.restart);
    this.cancel(r.stop);
  }

  /** How long the pod runs once Running; infinite for a JobSet with `jobset-sim.dev/total-work`. */
  durationOf(pod: Pod): number {
    const own = pod.metadata.annotations?.[SIM.duration];
    if (own) return this.durations.parse(own);
    const store = this.ctx.store;
    const ref = controllerOf(pod);
    const job = ref ? store.getByUid<Job>(ref.uid) : undefined;
    const fromJob = job?.metadata.annotations?.[SIM.duration];
    if (fromJob) return this.durations.parse(fromJob);
    const jsName = job?.metadata.labels?.[JS.jobSetName];
    if (jsName) {
      const js = store.get<JobSet>('JobSet', job?.metadata.namespace, jsName);
      if (js?.metadata.annotations?.[TOTAL_WORK]) return Number.POSITIVE_INFINITY;
      const fromJs = js?.metadata.annotations?.[SIM.duration];
      if (fromJs) return this.durations.parse(fromJs);
    }
    return this.ctx.settings.defaults.podDuration;
  }
}

export function setPodCondition(pod: Pod, c: PodCondition): void {
  const conds = (pod.status.conditions ??= []);
  const i = conds.findIndex((x) => x.type === c.type);
  if (i < 0) conds.push(c);
  else conds[i] = c;
}
