// The JobSet pod webhooks for exclusive placement (§3, pkg/webhooks/pod_webhook.go upstream):
// the mutating one labels priority, gives leaders (completion index 0) the exclusive (anti-)affinity
// and pins followers to their scheduled leader's domain; the validating one rejects followers until then.
import { mergeMaps } from '../../api/clone.js';
import type { Node, Pod } from '../../api/core.js';
import { BATCH, JS } from '../../api/jobset.js';
import { controllerOf } from '../../api/meta.js';
import { AdmissionError, type Store } from '../../engine/store.js';

function isLeader(pod: Pod): boolean {
  return pod.metadata.annotations?.[BATCH.completionIndex] === '0';
}

export function mutateJobSetPod(store: Store, pod: Pod): void {
  const ann = pod.metadata.annotations ?? {};
  if (ann[JS.jobSetName] === undefined) return;
  if (ann[JS.nodeSelectorStrategy] !== undefined) return;
  // In place: the pod being created owns its labels (the Job controller builds them for each pod, newPodMetadata), so
  // no copy of the JobSet's dozen labels is made to add one.
  if (pod.spec.priority !== undefined) (pod.metadata.labels ??= {})[JS.priority] = String(pod.spec.priority);
  const topologyKey = ann[JS.exclusiveKey];
  if (topologyKey === undefined) return;
  if (isLeader(pod)) {
    setExclusiveAffinities(pod, topologyKey);
    return;
  }
  const leader = findLeader(store, pod, false);
  // Upstream ignores lookup errors here; the validating webhook reports them.
  if (typeof leader === 'string' || !leader.spec.nodeName) return;
  const node = store.get<Node>('Node', undefined, leader.spec.nodeName);
  if (!node) throw new AdmissionError(`nodes "${leader.spec.nodeName}" not found`, 'NotFound', MUTATING_POD_WEBHOOK);
  const value = node.metadata.labels?.[topologyKey];
  if (value === undefined) {
    throw new AdmissionError(`node does not have topology label: ${topologyKey}`, 'Forbidden', MUTATING_POD_WEBHOOK);
  }
  const selector = mergeMaps(pod.spec.nodeSelector);
  selector[topologyKey] = value;
  pod.spec.nodeSelector = selector;
}

export function setExclusiveAffinities(pod: Pod, topologyKey: string): void {
  const labels = pod.metadata.labels ?? {};
  const aff = (pod.spec.affinity ??= {});
  const pa = (aff.podAffinity ??= {});
  const paa = (aff.podAntiAffinity ??= {});
  (pa.requiredDuringSchedulingIgnoredDuringExecution ??= []).push({
    labelSelector: { matchExpressions: [{ key: JS.jobKey, operator: 'In', values: [labels[JS.jobKey] ?? ''] }] },
    topologyKey,
    namespaceSelector: {},
  });
  (paa.requiredDuringSchedulingIgnoredDuringExecution ??= []).push({
    labelSelector: {
      matchExpressions: [
        { key: JS.jobKey, operator: 'Exists' },
        { key: JS.jobKey, operator: 'NotIn', values: [labels[JS.jobKey] ?? ''] },
        { key: JS.priority, operator: 'In', values: [labels[JS.priority] ?? ''] },
      ],
    },
    topologyKey,
    namespaceSelector: {},
  });
}

/** The JobSet webhooks' registered names (config/components/webhook upstream). */
export const MUTATING_POD_WEBHOOK = 'mpod.kb.io';
export const VALIDATING_POD_WEBHOOK = 'vpod.kb.io';

export function validateJobSetPod(store: Store, pod: Pod): void {
  try {
    validate(store, pod);
  } catch (e) {
    if (e instanceof AdmissionError) throw new AdmissionError(e.message, e.code, VALIDATING_POD_WEBHOOK);
    throw e;
  }
}

const LEADER_NOT_SCHEDULED =
  'leader pod not yet scheduled, not creating follower pod. this is an expected, transient error';

/** validate()'s first checks, on the follower's own nodeSelector: the rejection message, or undefined. */
function followerSelectorError(pod: Pod, topologyKey: string): string | undefined {
  const selector = pod.spec.nodeSelector;
  if (!selector) return 'follower pod node selector not set';
  if (selector[topologyKey] === undefined) {
    return `follower pod node selector for topology domain not found. missing selector: ${topologyKey}`;
  }
  return undefined;
}

function validate(store: Store, pod: Pod): void {
  const ann = pod.metadata.annotations ?? {};
  if (ann[JS.jobSetName] === undefined) return;
  if (ann[JS.nodeSelectorStrategy] !== undefined) return;
  const topologyKey = ann[JS.exclusiveKey];
  if (topologyKey === undefined || isLeader(pod)) return;
  const selectorError = followerSelectorError(pod, topologyKey);
  if (selectorError !== undefined) throw new AdmissionError(selectorError);
  const leader = leaderPodForFollower(store, pod);
  if (!leader.spec.nodeName) throw new AdmissionError(LEADER_NOT_SCHEDULED);
}

/**
 * Store precheck for a follower pod about to be created (Store.addPrecheck: its metadata as the Job controller
 * builds it, its spec the Job template's): while its leader is live and not scheduled, the validating webhook
 * rejects it, and nothing before it can decide otherwise. The mutating webhook then leaves the pod as it was
 * (it pins followers of a scheduled leader only), and the apiserver's plugins before it admitted the leader, built
 * from the same Job's template. Returns that rejection, as validateJobSetPod throws it; undefined otherwise.
 */
export function followerRejectedBeforeBuild(store: Store, probe: Pod): AdmissionError | undefined {
  const ann = probe.metadata.annotations ?? {};
  if (ann[JS.jobSetName] === undefined || ann[JS.nodeSelectorStrategy] !== undefined) return undefined;
  const topologyKey = ann[JS.exclusiveKey];
  if (topologyKey === undefined || isLeader(probe)) return undefined;
  const leader = findLeader(store, probe, false);
  // No live leader from this Job: nothing vouches for the plugins before the webhooks.
  if (typeof leader === 'string' || leader.spec.nodeName) return undefined;
  // validate()'s checks in its order, the leader found above standing for its own lookup (the same store).
  const message = followerSelectorError(probe, topologyKey) ?? LEADER_NOT_SCHEDULED;
  return new AdmissionError(message, 'Forbidden', VALIDATING_POD_WEBHOOK);
}

/** `<js>-<rjob>-<jobIdx>-0`, found through the pod-name-prefix index; live pods only; same owner Job. */
export function leaderPodForFollower(store: Store, pod: Pod): Pod {
  const leader = findLeader(store, pod, true);
  if (typeof leader === 'string') throw new AdmissionError(leader);
  return leader;
}

/**
 * leaderPodForFollower's leader, or the message of its error: the mutating webhook and the precheck, which ignore
 * the error, neither build nor throw one (a follower is looked up on every create attempt until its leader is placed);
 * without `explain` the message is '' (the lookup's verdict alone).
 */
function findLeader(store: Store, pod: Pod, explain: boolean): Pod | string {
  const l = pod.metadata.labels ?? {};
  const jobSet = l[JS.jobSetName];
  if (jobSet === undefined) return `pod missing label: ${JS.jobSetName}`;
  const rjob = l[JS.replicatedJobName];
  if (rjob === undefined) return `pod missing label: ${JS.replicatedJobName}`;
  const jobIndex = l[JS.jobIndex];
  if (jobIndex === undefined) return `pod missing label: ${JS.jobIndex}`;
  const leaderName = `${jobSet}-${rjob}-${jobIndex}-0`;
  let leader: Pod | undefined;
  let live = 0;
  for (const p of store.podsWithPrefix(pod.metadata.namespace ?? 'default', leaderName)) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    if (p.status.phase === 'Failed' || p.status.phase === 'Succeeded') continue;
    live++;
    leader ??= p;
  }
  if (live !== 1 || leader === undefined) {
    if (!explain) return '';
    return `expected 1 leader pod (${leaderName}), but got ${live}. this is an expected, transient error`;
  }
  const f = controllerOf(pod);
  const lo = controllerOf(leader);
  if (!f) return 'follower pod has no owner reference';
  if (!lo) return `leader pod "${leader.metadata.name}" has no owner reference`;
  if (f.uid !== lo.uid) return `follower pod owner UID (${f.uid}) != leader pod owner UID (${lo.uid})`;
  return leader;
}
