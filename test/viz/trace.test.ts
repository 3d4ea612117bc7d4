// trace.json (Chrome trace event format, ui.perfetto.dev) built from the event log of the example scenarios.
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/engine/event-log.js';
import { simulate } from '../../src/simulate.js';
import { buildTrace, type TraceEvent } from '../../viz/trace.js';

function traceOf(file: string) {
  const run = simulate([file]);
  // Through JSON text, as a trace viewer reads the file.
  const trace = JSON.parse(JSON.stringify(buildTrace(run.events, run.result.end))) as {
    traceEvents: TraceEvent[];
    displayTimeUnit: string;
  };
  return { run, trace };
}

function names(events: TraceEvent[], kind: 'process_name' | 'thread_name'): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === kind) m.set(`${e.pid}/${e.tid ?? ''}`, String(e.args?.name));
  return m;
}

/** Complete slices on one thread must not overlap (an overlap is what Perfetto shows as a broken slice). */
function overlaps(events: TraceEvent[]): number {
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events.filter((x) => x.ph === 'X')) {
    const k = `${e.pid}/${e.tid}`;
    byThread.set(k, [...(byThread.get(k) ?? []), e]);
  }
  let n = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts! - b.ts!);
    for (let i = 1; i < list.length; i++) if (list[i]!.ts! < list[i - 1]!.ts! + list[i - 1]!.dur!) n++;
  }
  return n;
}

describe('trace.json', () => {
  it('jax-multislice: pools as processes, node slots as threads, one slice per pod placement', () => {
    const { run, trace } = traceOf('scenarios/jax-multislice.yaml');
    expect(trace.displayTimeUnit).toBe('ms');
    for (const e of trace.traceEvents) {
      expect(typeof e.ph).toBe('string');
      expect(Number.isInteger(e.pid)).toBe(true);
    }
    const procs = [...names(trace.traceEvents, 'process_name').values()].sort();
    expect(procs).toEqual([
      'JobSets',
      'Workloads',
      'pool v5e-slice-0',
      'pool v5e-slice-1',
      'pool v5e-slice-2',
      'pool v5e-slice-3',
    ]);
    const scheduled = run.events.filter((r: LogRecord) => r.type === 'PodScheduled');
    const slices = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(slices).toHaveLength(scheduled.length);
    expect(slices).toHaveLength(16);
    // Each pod's slice sits in its node's pool process, on a thread named for that node, from bind to success.
    const threads = names(trace.traceEvents, 'thread_name');
    const pools = names(trace.traceEvents, 'process_name');
    for (const r of scheduled) {
      const s = slices.find((e) => e.name === r.pod)!;
      expect(s.args?.node).toBe(r.node);
      expect(threads.get(`${s.pid}/${s.tid}`)).toBe(`${r.node} slot 0`);
      expect(pools.get(`${s.pid}/`)).toBe(`pool ${String(r.node).replace(/-node-\d+$/, '')}`);
      expect(s.ts).toBe(Math.round(r.t * 1e6));
      expect(s.args?.outcome).toBe('Succeeded');
    }
    expect(overlaps(trace.traceEvents)).toBe(0);
    // The JobSet lifecycle: one async span from creation to completion.
    const js = trace.traceEvents.filter((e) => e.cat === 'jobset' && e.name === 'default/multislice-job');
    expect(js.map((e) => [e.ph, e.ts])).toEqual([
      ['b', 0],
      ['e', Math.round(run.result.jobsets[0]!.finishedAt! * 1e6)],
    ]);
  });

  it('kueue-fair-sharing: Workload admissions as async spans ended by preemption, no broken slices', () => {
    const { run, trace } = traceOf('scenarios/kueue-fair-sharing.yaml');
    const admitted = run.events.filter((r) => r.type === 'WorkloadAdmitted');
    const begins = trace.traceEvents.filter((e) => e.cat === 'workload' && e.ph === 'b');
    const ends = trace.traceEvents.filter((e) => e.cat === 'workload' && e.ph === 'e');
    expect(begins).toHaveLength(admitted.length);
    expect(ends).toHaveLength(admitted.length);
    const preempted = ends.filter((e) => String(e.args?.end).startsWith('Preempted'));
    expect(preempted.map((e) => [e.ts, e.args?.end])).toEqual([
      [1200020000, 'Preempted: InCohortReclamation'],
      [2400020000, 'Preempted: InClusterQueue'],
    ]);
    expect(trace.traceEvents.filter((e) => e.ph === 'X')).toHaveLength(
      run.events.filter((r) => r.type === 'PodScheduled').length,
    );
    expect(overlaps(trace.traceEvents)).toBe(0);
  });
});

describe('TraceBuilder slots', () => {
  it('puts pods that overlap on one node on different slot threads, and reuses a freed slot', () => {
    const pod = (t: number, type: string, name: string) => ({
      t,
      type,
      pod: `default/${name}`,
      job: 'default/j',
      jobSet: 'default/js',
      node: 'gpu-node-0',
    });
    const trace = buildTrace(
      [
        pod(0, 'PodScheduled', 'a'),
        pod(1, 'PodScheduled', 'b'),
        pod(2, 'PodSucceeded', 'a'),
        pod(3, 'PodScheduled', 'c'),
        pod(4, 'PodFailed', 'b'),
      ],
      10,
    );
    const threads = names(trace.traceEvents, 'thread_name');
    const slot = (n: string) =>
      threads.get(
        `${trace.traceEvents.find((e) => e.name === `default/${n}`)!.pid}/${trace.traceEvents.find((e) => e.name === `default/${n}`)!.tid}`,
      );
    expect([slot('a'), slot('b'), slot('c')]).toEqual(['gpu-node-0 slot 0', 'gpu-node-0 slot 1', 'gpu-node-0 slot 0']);
    const c = trace.traceEvents.find((e) => e.name === 'default/c')!;
    expect([c.ts, c.dur, c.args?.outcome]).toEqual([3e6, 7e6, 'Running']);
    expect(overlaps(trace.traceEvents)).toBe(0);
  });
});
