// Turns object changes in the store into the event log's lifecycle records (CONTRACT.md §5).

import { type Job, jobFinished } from '../api/batch.js';
import type { Node, Pod } from '../api/core.js';
import { BATCH, type JobSet, JS } from '../api/jobset.js';
import { GPU_INDEX } from '../api/open-gpu-share.js';
import type { EventLog } from './event-log.js';
import type { Store } from './store.js';

interface PodSeen {
  phase: string;
  node?: string;
}

export function attachRecorder(store: Store, log: EventLog): void {
  const pods = new Map<string, PodSeen>();
  const jobsDone = new Set<string>();
  const nodeState = new Map<string, { unschedulable: boolean }>();

  // Without a listener or a kept log (sweeps, predict's futures, the benches) no record is built: the watches keep
  // only their state, which the records of a later change would read.
  store.watch<JobSet>('JobSet', (type, js) => {
    if (!log.recording) return;
    const jobSet = `${js.metadata.namespace}/${js.metadata.name}`;
    if (type === 'ADDED' && store.restoring) return; // a snapshot's object: created before t = 0
    if (type === 'ADDED') log.emit('JobSetCreated', { jobSet, restarts: js.status.restarts ?? 0 });
    if (type === 'DELETED') log.emit('JobSetDeleted', { jobSet, restarts: js.status.restarts ?? 0 });
  });

  // The records' fields are built only for the events that emit one (most Job and Pod updates emit nothing).
  store.watch<Job>('Job', (type, job) => {
    if (type === 'ADDED' && store.restoring) {
      if (jobFinished(job)) jobsDone.add(job.metadata.uid);
    } else if (type === 'ADDED') {
      if (log.recording) log.emit('JobCreated', jobFields(job));
    } else if (type === 'DELETED') {
      jobsDone.delete(job.metadata.uid);
      if (log.recording) log.emit('JobDeleted', jobFields(job));
    } else {
      const done = jobFinished(job);
      if (done && !jobsDone.has(job.metadata.uid)) {
        jobsDone.add(job.metadata.uid);
        if (!log.recording) return;
        const reason = job.status.conditions?.find((c) => c.type === done)?.reason ?? '';
        log.emit(done === 'Complete' ? 'JobCompleted' : 'JobFailed', { ...jobFields(job), reason });
      }
    }
  });

  store.onArchive<Job>('Job', (job) => jobsDone.delete(job.metadata.uid));

  store.watch<Pod>('Pod', (type, pod) => {
    const uid = pod.metadata.uid;
    const recording = log.recording;
    if (type === 'ADDED') {
      pods.set(uid, { phase: pod.status.phase, node: pod.spec.nodeName });
      if (recording && !store.restoring) log.emit('PodCreated', podFields(pod));
      return;
    }
    let seen = pods.get(uid);
    if (seen === undefined) {
      seen = { phase: 'Pending' };
      if (type !== 'DELETED') pods.set(uid, seen);
    }
    if (type === 'DELETED') {
      pods.delete(uid);
      if (recording) log.emit('PodDeleted', podFields(pod));
      return;
    }
    if (pod.spec.nodeName && !seen.node) {
      seen.node = pod.spec.nodeName;
      if (recording) {
        // Open-GPU-Share: the GPU devices Reserve assigned (alibabacloud.com/gpu-index), e.g. "0" or "2-3".
        const gpus = pod.metadata.annotations?.[GPU_INDEX];
        const f = podFields(pod);
        log.emit('PodScheduled', gpus !== undefined ? { ...f, gpuIndex: gpus } : f);
      }
    }
    if (pod.status.phase !== seen.phase) {
      seen.phase = pod.status.phase;
      if (!recording) return;
      if (pod.status.phase === 'Running') log.emit('PodRunning', podFields(pod));
      else if (pod.status.phase === 'Succeeded') log.emit('PodSucceeded', podFields(pod));
      else if (pod.status.phase === 'Failed') {
        const reason = pod.status.reason ?? terminatedReason(pod);
        log.emit('PodFailed', { ...podFields(pod), reason });
      }
    }
  });

  store.watch<Node>('Node', (type, node) => {
    const name = node.metadata.name;
    if (type === 'DELETED') {
      nodeState.delete(name);
      log.emit('NodeDeleted', { node: name });
      return;
    }
    const was = nodeState.get(name);
    const unschedulable = node.spec.unschedulable === true;
    if (was && was.unschedulable !== unschedulable)
      log.emit(unschedulable ? 'NodeCordoned' : 'NodeUncordoned', { node: name });
    nodeState.set(name, { unschedulable });
  });
}

function jobFields(job: Job): Record<string, unknown> {
  const ns = job.metadata.namespace;
  return {
    jobSet: job.metadata.labels?.[JS.jobSetName] ? `${ns}/${job.metadata.labels[JS.jobSetName]}` : null,
    job: `${ns}/${job.metadata.name}`,
  };
}

function podFields(pod: Pod): Record<string, unknown> {
  const ns = pod.metadata.namespace;
  const l = pod.metadata.labels ?? {};
  const f: Record<string, unknown> = {
    pod: `${ns}/${pod.metadata.name}`,
    job: l[BATCH.jobName] ? `${ns}/${l[BATCH.jobName]}` : null,
    jobSet: l[JS.jobSetName] ? `${ns}/${l[JS.jobSetName]}` : null,
  };
  if (pod.spec.nodeName) f.node = pod.spec.nodeName;
  return f;
}

function terminatedReason(pod: Pod): string {
  for (const c of pod.status.containerStatuses ?? []) {
    const t = c.state?.terminated;
    if (t && t.exitCode !== 0) return `${t.reason ?? 'Error'} (exit code ${t.exitCode})`;
  }
  return '';
}
