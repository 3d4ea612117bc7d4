// pkg/scheduler/scheduler_test.go TestEntryOrdering (kueue ff69552e), the cases over
// inputForOrderingPreemptorWorkloads: "Some workloads are preemptors; PrioritizePreemptorWorkloads is disabled" and
// "... is enabled" (PrioritySortingWithinCohort on), against makeClassicalIterator's comparison.
import { describe, expect, it } from 'vitest';
import { type ClassicalEntryKey, compareClassicalEntries } from '../../../src/kueue/entry-order.js';

const NOW = 1_000_000;
const S = 1_000_000; // µs per second
const input: (ClassicalEntryKey & { name: string })[] = [
  { name: 'preemptor-borrowing', queueTs: NOW + S, priority: 1, isPreemptor: true, borrowing: 1, seq: 0 },
  { name: 'preemptor-not-borrowing', queueTs: NOW + 2 * S, priority: 1, isPreemptor: true, borrowing: 0, seq: 1 },
  { name: 'not-preemptor-not-borrowing', queueTs: NOW, priority: 2, isPreemptor: false, borrowing: 0, seq: 2 },
];

const order = (prioritize: boolean) =>
  [...input].sort((a, b) => compareClassicalEntries(a, b, prioritize)).map((e) => e.name);

describe('scheduler_test.go TestEntryOrdering (preemptor workloads)', () => {
  it('Some workloads are preemptors; PrioritizePreemptorWorkloads is disabled', () => {
    expect(order(false)).toEqual(['not-preemptor-not-borrowing', 'preemptor-not-borrowing', 'preemptor-borrowing']);
  });

  it('Some workloads are preemptors; PrioritizePreemptorWorkloads is enabled', () => {
    expect(order(true)).toEqual(['preemptor-not-borrowing', 'preemptor-borrowing', 'not-preemptor-not-borrowing']);
  });
});
