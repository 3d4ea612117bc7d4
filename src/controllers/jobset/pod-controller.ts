// The JobSet pod reconciler for exclusive placement (pkg/controllers/pod_controller.go upstream): for a
// scheduled leader, every follower of its Job must be pinned to the leader's topology domain; otherwise all
// followers get DisruptionTarget/ExclusivePlacementViolation and are deleted, so the Job controller
// recreates them and the webhook pins them again.
import type { Node, Pod } from '../../api/core.js';
import { BATCH, JS } from '../../api/jobset.js';
import { controllerOf, namespacedName } from '../../api/meta.js';
import { WorkQueue } from '../../engine/workqueue.js';
import { type ControllerContext, seconds } from '../context.js';

export const EXCLUSIVE_PLACEMENT_VIOLATION = {
  reason: 'ExclusivePlacementViolation',
  message: 'Pod violated JobSet exclusive placement policy',
} as const;

function isLeader(pod: Pod): boolean {
  return pod.metadata.annotations?.[BATCH.completionIndex] === '0';
}

export class JobSetPodController {
  readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(
      ctx.sim,
      (key) => this.reconcile(key),
      () => ctx.lat.jobsetReconcile,
      {
        base: () => Math.max(ctx.lat.jobsetReconcile, 5000),
        maxFactor: 200_000,
      },
      'jobset-pod-controller',
    );
    ctx.store.watch<Pod>('Pod', (type, pod) => {
      if (type === 'DELETED' || !isLeader(pod) || !pod.spec.nodeName) return;
      if (pod.metadata.deletionTimestamp !== undefined) return;
      if (pod.metadata.annotations?.[JS.exclusiveKey] === undefined) return;
      this.queue.add(namespacedName(pod));
    });
  }

  private reconcile(key: string): void {
    const { store } = this.ctx;
    const [ns, name] = key.split('/') as [string, string];
    const leader = store.get<Pod>('Pod', ns, name);
    if (!leader) return;
    const jobKey = leader.metadata.labels?.[JS.jobKey];
    const owner = controllerOf(leader);
    if (!jobKey || !owner) return; // upstream: an error, retried; nothing is deleted
    const pods = store
      .dependentsOf<Pod>(owner.uid, 'Pod')
      .filter((p) => p.metadata.labels?.[JS.jobKey] === jobKey && controllerOf(p)?.uid === owner.uid);
    const topologyKey = leader.metadata.annotations?.[JS.exclusiveKey] ?? '';
    const node = leader.spec.nodeName ? store.get<Node>('Node', undefined, leader.spec.nodeName) : undefined;
    const leaderTopology = node ? (node.metadata.labels?.[topologyKey] ?? '') : '';
    let valid = true;
    for (const p of pods) {
      if (isLeader(p)) continue;
      const t = p.spec.nodeSelector?.[topologyKey];
      if (t === undefined || t !== leaderTopology) {
        valid = false;
        break;
      }
    }
    if (valid) return;
    if (leaderTopology === '') {
      this.queue.addRateLimited(key); // "leader topology is unknown (node not found)": retry, delete nothing
      return;
    }
    const now = seconds(this.ctx.sim.now);
    for (const p of pods) {
      if (isLeader(p)) continue;
      const conds = (p.status.conditions ??= []);
      const c = conds.find((x) => x.type === 'DisruptionTarget');
      if (c?.status !== 'True') {
        const cond = {
          type: 'DisruptionTarget',
          status: 'True' as const,
          ...EXCLUSIVE_PLACEMENT_VIOLATION,
          lastTransitionTime: now,
        };
        if (c) Object.assign(c, cond);
        else conds.push(cond);
        store.updateStatus(p);
      }
      store.delete(p, 'Background');
    }
    this.queue.forget(key);
  }
}
