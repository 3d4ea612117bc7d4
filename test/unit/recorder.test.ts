// The event log's lifecycle records (src/engine/recorder.ts): without a listener or a kept log no record is built, but
// the watches keep their state, so a listener subscribed later gets the records of later changes exactly once.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import type { NewObject } from '../../src/api/meta.js';
import { EventLog, type LogRecord } from '../../src/engine/event-log.js';
import { attachRecorder } from '../../src/engine/recorder.js';
import { Store } from '../../src/engine/store.js';

function setup(retain: boolean) {
  let now = 0;
  let n = 0;
  const store = new Store({
    now: () => now,
    after: () => {},
    suffix: () => `s${n++}`,
    uid: () => `uid-${n++}`,
    gcLatency: () => 0,
    touched: () => {},
  });
  const log = new EventLog(() => now / 1e6, retain);
  attachRecorder(store, log);
  return { store, log, tick: () => (now += 1e6) };
}

const newPod = (): NewObject<Pod> =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p-0', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Pending' },
  }) as unknown as NewObject<Pod>;

describe('recorder', () => {
  it('records every pod transition when the log is kept', () => {
    const { store, log, tick } = setup(true);
    const pod = store.create(newPod());
    tick();
    store.bind(pod, 'n1');
    tick();
    pod.status.phase = 'Running';
    store.updateStatus(pod);
    expect(log.records.map((r) => [r.t, r.type, r.node])).toEqual([
      [0, 'PodCreated', undefined],
      [1, 'PodScheduled', 'n1'],
      [2, 'PodRunning', 'n1'],
    ]);
  });

  it('builds no record while nothing listens, and a later listener sees only later transitions, once', () => {
    const { store, log, tick } = setup(false);
    const pod = store.create(newPod());
    tick();
    store.bind(pod, 'n1');
    expect(log.records).toEqual([]);
    const heard: LogRecord[] = [];
    log.subscribe((r) => heard.push(r));
    tick();
    store.updateStatus(pod); // nothing changed since the bind: no record
    pod.status.phase = 'Running';
    store.updateStatus(pod);
    pod.status.phase = 'Succeeded';
    store.updateStatus(pod);
    expect(heard.map((r) => [r.t, r.type, r.pod, r.node])).toEqual([
      [2, 'PodRunning', 'default/p-0', 'n1'],
      [2, 'PodSucceeded', 'default/p-0', 'n1'],
    ]);
    expect(log.records).toEqual([]);
  });
});
