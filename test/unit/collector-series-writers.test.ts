// The collector's `series.allocated` writers (src/metrics/collector.ts), made once per resource: the series equal
// those written through `SeriesRecorder.set(['allocated', r], …)` from the bound, non-terminal pods' requests, for
// random bind/finish/delete sequences; and a recorder set later (or replaced) gets the writes, not the old one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import { Store } from '../../src/engine/store.js';
import { Collector } from '../../src/metrics/collector.js';
import { SeriesRecorder } from '../../src/metrics/series.js';

interface Clock {
  now: number;
}

function newStore(clock: Clock): Store {
  let n = 0;
  return new Store({
    now: () => clock.now,
    after: () => 0,
    suffix: () => String(++n).padStart(5, '0'),
    uid: () => `uid-${++n}`,
    gcLatency: () => 0,
    touched: () => {},
  });
}

function podOf(i: number, cpu: number, gpu: number): Pod {
  const requests: Record<string, string> = { cpu: `${cpu}m` };
  if (gpu > 0) requests['nvidia.com/gpu'] = String(gpu);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests } }] },
    status: { phase: 'Pending' },
  } as unknown as Pod;
}

// One step: create a pod (bound or not), bind one, finish one, delete one; then the clock moves on.
const step = fc.record({
  op: fc.constantFrom('create', 'bind', 'finish', 'delete'),
  pick: fc.nat(50),
  cpu: fc.integer({ min: 1, max: 4000 }),
  gpu: fc.nat(8),
  bound: fc.boolean(),
  dt: fc.nat(5_000_000),
});

describe('Collector series.allocated writers', () => {
  it('equal the series written by path from the allocated totals, for random pod sequences', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const clock: Clock = { now: 0 };
        const store = newStore(clock);
        const collector = new Collector(store, () => clock.now);
        const got = new SeriesRecorder(() => clock.now);
        collector.series = got;
        const want = new SeriesRecorder(() => clock.now);
        const pods: Pod[] = [];
        const live = new Set<Pod>();
        const totals = new Map<string, number>();
        const account = (p: Pod, sign: number) => {
          const r = p.spec.containers[0]!.resources!.requests as Record<string, string>;
          const add = (k: string, v: number) => {
            totals.set(k, (totals.get(k) ?? 0) + sign * v);
            want.set(['allocated', k], totals.get(k)! / 1000);
          };
          add('cpu', Number.parseInt(r.cpu!, 10));
          if (r['nvidia.com/gpu'] !== undefined) add('nvidia.com/gpu', 1000 * Number(r['nvidia.com/gpu']));
        };
        let i = 0;
        for (const s of steps) {
          const p = pods.length > 0 ? pods[s.pick % pods.length]! : undefined;
          if (s.op === 'create' || p === undefined) {
            const created = store.create<Pod>(podOf(i++, s.cpu, s.gpu));
            pods.push(created);
            if (s.bound) {
              created.spec.nodeName = 'n1';
              store.updateStatus(created);
              live.add(created);
              account(created, 1);
            }
          } else if (
            s.op === 'bind' &&
            !p.spec.nodeName &&
            p.status.phase === 'Pending' &&
            store.getByUid(p.metadata.uid)
          ) {
            p.spec.nodeName = 'n1';
            store.updateStatus(p);
            live.add(p);
            account(p, 1);
          } else if (s.op === 'finish' && p.status.phase === 'Pending' && store.getByUid(p.metadata.uid)) {
            p.status.phase = 'Succeeded';
            store.updateStatus(p);
            if (live.delete(p)) account(p, -1);
          } else if (s.op === 'delete' && store.getByUid(p.metadata.uid)) {
            store.delete(p);
            store.finishDeletion(p);
            if (live.delete(p)) account(p, -1);
          }
          clock.now += s.dt;
        }
        const end = clock.now + 1;
        expect(got.output(end)).toEqual(want.output(end));
      }),
      { numRuns: 200 },
    );
  });

  it('a recorder set after the first writes, or replaced, gets the later writes', () => {
    const clock: Clock = { now: 0 };
    const store = newStore(clock);
    const collector = new Collector(store, () => clock.now);
    const first = new SeriesRecorder(() => clock.now);
    const second = new SeriesRecorder(() => clock.now);
    const bind = (i: number) => {
      const p = store.create<Pod>(podOf(i, 500, 0));
      p.spec.nodeName = 'n1';
      store.updateStatus(p);
    };
    bind(0); // no recorder yet
    clock.now = 1_000_000;
    collector.series = first;
    bind(1);
    clock.now = 2_000_000;
    collector.series = second;
    bind(2);
    // The first recorder saw 1 core from t = 1 s on (the pod bound before it existed included); the second, 1.5
    // cores from t = 2 s; neither saw the other's writes.
    expect(first.output(3_000_000)).toEqual({ allocated: { cpu: { t: [0, 1], v: [0, 1] } } });
    expect(second.output(3_000_000)).toEqual({ allocated: { cpu: { t: [0, 2], v: [0, 1.5] } } });
  });
});
