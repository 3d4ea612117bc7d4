// The finish shortcut's history key (src/predict/finish-memo.ts): names drawn from the run's streams (pod suffixes,
// the Workload's hash) and the nodes do not change it, times relative to all-running and the records' order do; the
// all-running moment is the collector's rule (every expected pod Running); after it, only the JobSet's pods
// succeeding, its Jobs and itself completing keep a run fit to be remembered.
import { describe, expect, it } from 'vitest';
import type { JobSet } from '../../src/api/jobset.js';
import type { LogRecord } from '../../src/engine/event-log.js';
import { History } from '../../src/predict/finish-memo.js';

const js = {
  metadata: { name: 'mine', namespace: 'ns' },
  spec: { replicatedJobs: [{ name: 'w', replicas: 1, template: { spec: { parallelism: 2, completions: 2 } } }] },
} as unknown as JobSet;

/** The records of a JobSet whose two pods run at `t0 + 5` and `t0 + 5.5`, with the given suffixes and nodes. */
function records(
  t0: number,
  suffixes: [string, string],
  nodes: [string, string],
  wl = 'jobset-mine-abcde',
): LogRecord[] {
  const pods = suffixes.map((s, i) => `ns/mine-w-0-${i}-${s}`);
  return [
    { t: t0, type: 'JobSetCreated', jobSet: 'ns/mine', restarts: 0 },
    { t: t0 + 0.01, type: 'JobCreated', jobSet: 'ns/mine', job: 'ns/mine-w-0' },
    { t: t0 + 0.02, type: 'WorkloadAdmitted', workload: `ns/${wl}`, jobSet: 'ns/mine', clusterQueue: 'cq' },
    ...pods.map((pod) => ({ t: t0 + 0.04, type: 'PodCreated', pod, job: 'ns/mine-w-0', jobSet: 'ns/mine' })),
    ...pods.map((pod, i) => ({ t: t0 + 0.05, type: 'PodScheduled', pod, jobSet: 'ns/mine', node: nodes[i] })),
    {
      t: t0 + 0.05,
      type: 'Event',
      object: pods[0],
      kind: 'Pod',
      reason: 'Scheduled',
      message: `Successfully assigned ${pods[0]!.slice(3)} to ${nodes[0]}`,
    },
    { t: t0 + 0.06, type: 'Event', object: 'ns/other-w-0', kind: 'Job', reason: 'Suspended', message: 'x' },
    { t: t0 + 5, type: 'PodRunning', pod: pods[0], jobSet: 'ns/mine' },
    { t: t0 + 5.5, type: 'PodRunning', pod: pods[1], jobSet: 'ns/mine' },
  ];
}

function keyOf(rs: LogRecord[]): { key: string; at: number | undefined; allRunningAt: number } {
  const h = new History('ns/mine', js);
  let allRunningAt = -1;
  rs.forEach((r, i) => {
    if (h.add(r)) allRunningAt = i;
  });
  return { key: h.keyNow(), at: h.allRunningUs, allRunningAt };
}

describe('finish shortcut: the history key', () => {
  it('all-running is the record of the last expected pod Running', () => {
    const k = keyOf(records(100, ['aaaaa', 'bbbbb'], ['n-1', 'n-2']));
    expect(k.allRunningAt).toBe(10);
    expect(k.at).toBe(105_500_000);
  });

  it('drawn names and nodes do not change the key; another JobSet’s records are not in it', () => {
    const a = keyOf(records(100, ['aaaaa', 'bbbbb'], ['n-1', 'n-2']));
    const b = keyOf(records(7, ['zzzzz', 'yyyyy'], ['node-10', 'n-3'], 'jobset-mine-fghij'));
    expect(b.key).toBe(a.key);
    expect(a.key).not.toContain('other');
    expect(a.key).not.toContain('aaaaa');
    expect(a.key).toMatch(/Successfully assigned pod#\d to node"/);
  });

  it('another time relative to all-running changes it', () => {
    const a = keyOf(records(100, ['aaaaa', 'bbbbb'], ['n-1', 'n-2']));
    const rs = records(100, ['aaaaa', 'bbbbb'], ['n-1', 'n-2']);
    rs[1] = { ...rs[1]!, t: 100.03 }; // admitted 10 ms later
    expect(keyOf(rs).key).not.toBe(a.key);
  });

  it('after all-running: completions keep the run fit to remember, anything else spoils it', () => {
    const h = new History('ns/mine', js);
    for (const r of records(0, ['aaaaa', 'bbbbb'], ['n-1', 'n-2'])) h.add(r);
    h.add({ t: 3600, type: 'PodSucceeded', pod: 'ns/mine-w-0-0-aaaaa', jobSet: 'ns/mine' });
    h.add({
      t: 3601,
      type: 'Event',
      object: 'ns/mine-w-0',
      kind: 'Job',
      reason: 'Completed',
      message: 'Job completed',
    });
    h.add({ t: 3601, type: 'JobCompleted', jobSet: 'ns/mine', job: 'ns/mine-w-0' });
    h.add({ t: 3601, type: 'PodFailed', pod: 'ns/other-0', jobSet: 'ns/other' });
    h.add({ t: 3601, type: 'Event', object: 'ns/mine-other', kind: 'Job', reason: 'Suspended', message: 'x' });
    expect(h.spoiled).toBe(false);
    h.add({ t: 3601, type: 'Event', object: 'ns/mine-w-0', kind: 'Job', reason: 'Suspended', message: 'x' });
    expect(h.spoiled).toBe(true);
    const h2 = new History('ns/mine', js);
    for (const r of records(0, ['aaaaa', 'bbbbb'], ['n-1', 'n-2'])) h2.add(r);
    h2.add({ t: 3602, type: 'WorkloadEvicted', workload: 'ns/jobset-mine-abcde', jobSet: 'ns/mine' });
    expect(h2.spoiled).toBe(true);
  });
});
