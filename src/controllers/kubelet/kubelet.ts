// The kubelet model: a bound pod starts after the start-up latency, runs for its duration and succeeds;
// a deleted pod terminates after the termination latency (capped by its grace period) and is removed.
// Pod durations: the pod's `jobset-sim.dev/duration` annotation, else its Job's, else its JobSet's,
// else `defaults.podDuration`.
import type { Job } from '../../api/batch.js';
import { type Pod, type PodCondition, podIsTerminal } from '../../api/core.js';
import { type JobSet, JS, SIM } from '../../api/jobset.js';
import { controllerOf } from '../../api/meta.js';
import { Phase } from '../../engine/simulator.js';
import { parseDuration } from '../../scenario/duration.js';
import { type ControllerContext, seconds } from '../context.js';

interface PodTimers {
  start?: number;
  finish?: number;
  stop?: number;
}

export class Kubelet {
  private readonly timers = new Map<string, PodTimers>();

  constructor(private readonly ctx: ControllerContext) {
    ctx.store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
  }

  private onPod(type: string, pod: Pod): void {
    const uid = pod.metadata.uid;
    if (type === 'DELETED') {
      this.clear(uid);
      return;
    }
    if (!pod.spec.nodeName) return;
    let t = this.timers.get(uid);
    if (!t) {
      t = {};
      this.timers.set(uid, t);
    }
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (t.stop === undefined) this.beginTermination(pod, t);
      return;
    }
    if (pod.status.phase === 'Pending' && t.start === undefined) {
      t.start = this.ctx.sim.after(this.ctx.lat.podStartup, Phase.Kubelet, () => this.start(pod));
    }
  }

  private start(pod: Pod): void {
    const t = this.timers.get(pod.metadata.uid);
    if (!t || pod.metadata.deletionTimestamp !== undefined || !this.ctx.store.getByUid(pod.metadata.uid)) return;
    const now = seconds(this.ctx.sim.now);
    pod.status.phase = 'Running';
    pod.status.startTime = now;
    setPodCondition(pod, { type: 'Ready', status: 'True', lastTransitionTime: now });
    pod.status.containerStatuses = pod.spec.containers.map((c) => ({
      name: c.name,
      restartCount: 0,
      state: { running: { startedAt: now } },
    }));
    this.ctx.store.updateStatus(pod);
    t.finish = this.ctx.sim.after(this.durationOf(pod), Phase.Kubelet, () => this.succeed(pod));
  }

  private succeed(pod: Pod): void {
    if (podIsTerminal(pod) || pod.metadata.deletionTimestamp !== undefined) return;
    this.terminate(pod, 'Succeeded', 0);
    this.clear(pod.metadata.uid);
  }

  /** Marks the pod terminal with the containers' exit code. */
  private terminate(pod: Pod, phase: 'Succeeded' | 'Failed', exitCode: number, reason?: string): void {
    const now = seconds(this.ctx.sim.now);
    pod.status.phase = phase;
    if (reason) pod.status.reason = reason;
    setPodCondition(pod, { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: now });
    pod.status.containerStatuses = pod.spec.containers.map((c, i) => ({
      name: c.name,
      restartCount: pod.status.containerStatuses?.[i]?.restartCount ?? 0,
      state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' } },
    }));
    this.ctx.store.updateStatus(pod);
  }

  private beginTermination(pod: Pod, t: PodTimers): void {
    if (t.start !== undefined) this.ctx.sim.cancel(t.start);
    if (t.finish !== undefined) this.ctx.sim.cancel(t.finish);
    const grace = (pod.spec.terminationGracePeriodSeconds ?? 30) * 1e6;
    t.stop = this.ctx.sim.after(Math.min(this.ctx.lat.podTermination, grace), Phase.Kubelet, () => {
      // A pod killed before it succeeded ends Failed (the kubelet's terminal phase on deletion).
      if (!podIsTerminal(pod)) this.terminate(pod, 'Failed', 137);
      this.clear(pod.metadata.uid);
      this.ctx.store.finishDeletion(pod);
    });
  }

  private clear(uid: string): void {
    this.timers.delete(uid);
  }

  private durationOf(pod: Pod): number {
    const own = pod.metadata.annotations?.[SIM.duration];
    if (own) return parseDuration(own);
    const store = this.ctx.store;
    const ref = controllerOf(pod);
    const job = ref ? store.getByUid<Job>(ref.uid) : undefined;
    const fromJob = job?.metadata.annotations?.[SIM.duration];
    if (fromJob) return parseDuration(fromJob);
    const jsName = job?.metadata.labels?.[JS.jobSetName];
    if (jsName) {
      const js = store.get<JobSet>('JobSet', job?.metadata.namespace, jsName);
      const fromJs = js?.metadata.annotations?.[SIM.duration];
      if (fromJs) return parseDuration(fromJs);
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
