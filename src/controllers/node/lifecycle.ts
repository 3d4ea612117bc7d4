// Node failure and recovery as a cluster plays them: the kubelet stops; after the monitor grace period the
// node lifecycle controller marks it Ready=Unknown and taints it unreachable (NoSchedule, NoExecute); the
// taint manager evicts pods once their toleration runs out (DefaultTolerationSeconds: 300 s) with
// DisruptionTarget/DeletionByTaintManager. Their deletion cannot finish while the kubelet is down, as on a
// real cluster; recovery or deleting the node (PodGC, DeletionByPodGC) ends it.
import type { Node, Pod, Taint } from '../../api/core.js';
import { podIsTerminal } from '../../api/core.js';
import { toleratesTaint } from '../../api/taints.js';
import { Phase } from '../../engine/simulator.js';
import { type ControllerContext, seconds } from '../context.js';
import type { Kubelet } from '../kubelet/kubelet.js';

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
const DISRUPTION = 'DisruptionTarget';

interface NodeFailure {
  notReady?: number;
  evictions: Map<string, number>;
}

export class NodeLifecycle {
  private readonly failed = new Map<string, NodeFailure>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kubelet: Kubelet,
  ) {
    ctx.store.watch<Node>('Node', (type, node) => {
      if (type === 'DELETED') this.podGC(node.metadata.name);
    });
  }

  private node(name: string): Node | undefined {
    return this.ctx.store.get<Node>('Node', undefined, name);
  }

  failNode(name: string): void {
    const node = this.node(name);
    if (!node || this.failed.has(name)) return;
    this.kubelet.nodeDown(name);
    this.ctx.log.emit('NodeFailed', { node: name });
    const f: NodeFailure = { evictions: new Map() };
    this.failed.set(name, f);
    f.notReady = this.ctx.sim.after(this.ctx.lat.nodeMonitorGracePeriod, Phase.Controller, () =>
      this.markUnreachable(name),
    );
  }

  private markUnreachable(name: string): void {
    const node = this.node(name);
    const f = this.failed.get(name);
    if (!node || !f) return;
    f.notReady = undefined;
    const now = seconds(this.ctx.sim.now);
    const ready = node.status.conditions.find((c) => c.type === 'Ready');
    const cond = {
      type: 'Ready',
      status: 'Unknown' as const,
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: now,
    };
    if (ready) Object.assign(ready, cond);
    else node.status.conditions.push(cond);
    const taints = (node.spec.taints ??= []);
    for (const effect of ['NoSchedule', 'NoExecute'] as const) {
      if (!taints.some((t) => t.key === UNREACHABLE && t.effect === effect)) taints.push({ key: UNREACHABLE, effect });
    }
    this.ctx.store.update(node);
    const noExecute: Taint = { key: UNREACHABLE, effect: 'NoExecute' };
    for (const pod of this.ctx.store.podsOn(name)) {
      if (podIsTerminal(pod) || pod.metadata.deletionTimestamp !== undefined) continue;
      const after = tolerationSecondsFor(pod, noExecute);
      if (after === undefined) continue; // tolerated forever
      const h = this.ctx.sim.after(after * 1e6, Phase.Controller, () => this.evict(name, pod));
      f.evictions.set(pod.metadata.uid, h);
    }
  }

  private evict(node: string, pod: Pod): void {
    this.failed.get(node)?.evictions.delete(pod.metadata.uid);
    if (!this.ctx.store.getByUid(pod.metadata.uid) || pod.metadata.deletionTimestamp !== undefined) return;
    const now = seconds(this.ctx.sim.now);
    const conds = (pod.status.conditions ??= []);
    conds.push({
      type: DISRUPTION,
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      lastTransitionTime: now,
    });
    this.ctx.store.updateStatus(pod);
    this.ctx.store.delete(pod);
  }

  recoverNode(name: string): void {
    const node = this.node(name);
    const f = this.failed.get(name);
    if (!node || !f) return;
    this.failed.delete(name);
    if (f.notReady !== undefined) this.ctx.sim.cancel(f.notReady);
    for (const h of f.evictions.values()) this.ctx.sim.cancel(h);
    const ready = node.status.conditions.find((c) => c.type === 'Ready');
    if (ready && ready.status !== 'True') {
      Object.assign(ready, {
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastTransitionTime: seconds(this.ctx.sim.now),
      });
    }
    node.spec.taints = (node.spec.taints ?? []).filter((t) => t.key !== UNREACHABLE);
    this.ctx.store.update(node);
    this.ctx.log.emit('NodeRecovered', { node: name });
    this.kubelet.nodeUp(name);
  }

  /** PodGC: pods bound to a node that no longer exists are failed and removed. */
  private podGC(name: string): void {
    this.failed.delete(name);
    this.ctx.sim.after(this.ctx.lat.podGC, Phase.Controller, () => {
      for (const pod of [...this.ctx.store.podsOn(name)]) {
        if (!podIsTerminal(pod)) {
          const now = seconds(this.ctx.sim.now);
          (pod.status.conditions ??= []).push({
            type: DISRUPTION,
            status: 'True',
            reason: 'DeletionByPodGC',
            message: 'PodGC: node no longer exists',
            lastTransitionTime: now,
          });
          pod.status.phase = 'Failed';
          this.ctx.store.updateStatus(pod);
        }
        if (pod.metadata.deletionTimestamp === undefined) this.ctx.store.delete(pod);
        this.ctx.store.finishDeletion(pod);
      }
    });
  }
}

/** Seconds until the taint manager evicts the pod for this NoExecute taint; undefined = never. */
export function tolerationSecondsFor(pod: Pod, taint: Taint): number | undefined {
  let min: number | undefined;
  let tolerated = false;
  for (const t of pod.spec.tolerations ?? []) {
    if (!toleratesTaint(t, taint)) continue;
    tolerated = true;
    if (t.tolerationSeconds === undefined) return undefined;
    min = Math.min(min ?? Number.POSITIVE_INFINITY, Math.max(0, t.tolerationSeconds));
  }
  return tolerated ? min : 0;
}
