// The Job controller's interval shortcuts against the full computations they stand for (src/controllers/job/
// indexed.ts): withOrderedIndexes returns a list unchanged when there is nothing to add and merge would copy it as it
// is, firstPendingIndexes skips the de-duplicating sort when the pods' indexes come ascending, and podsByIndex skips
// the sorted copy when they come in order.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import { BATCH } from '../../src/api/jobset.js';
import {
  firstPendingIndexes,
  formatIntervals,
  type Interval,
  merge,
  podsByIndex,
  withOrderedIndexes,
} from '../../src/controllers/job/indexed.js';
import { Rng } from '../../src/engine/random.js';

/** Random interval lists, canonical or not: gaps, adjacent, overlapping, out of order and reversed intervals. */
function randomIntervals(r: Rng): Interval[] {
  const out: Interval[] = [];
  let at = r.int(4);
  for (let n = r.int(6); n > 0; n--) {
    const kind = r.int(6);
    const first = kind === 0 ? r.int(20) : at + (kind === 1 ? 1 : r.int(4));
    const last = kind === 2 ? first - 1 : first + r.int(3);
    out.push({ first, last });
    at = Math.max(at, last + 1);
  }
  return out;
}

function pod(index: number | undefined): Pod {
  const annotations: Record<string, string> = index === undefined ? {} : { [BATCH.completionIndex]: String(index) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${index}`, namespace: 'default', uid: `u-${index}`, annotations },
    spec: { containers: [] },
    status: { phase: 'Running' },
  } as unknown as Pod;
}

/** firstPendingIndexes as written before the shortcut: a Set of every pod's index, sorted. */
function pendingFromScratch(
  active: readonly Pod[],
  succeeded: readonly Interval[],
  count: number,
  completions: number,
): number[] {
  const ixs = active
    .map((p) => p.metadata.annotations?.[BATCH.completionIndex])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  const nonPending = merge(
    succeeded,
    [...new Set(ixs)].sort((a, b) => a - b).map((i) => ({ first: i, last: i })),
  );
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

describe('Job interval shortcuts', () => {
  it('withOrderedIndexes(list, []) equals merge(list, []) for 2,000 random lists', () => {
    const r = new Rng('job-indexed-shortcuts');
    let same = 0;
    for (let i = 0; i < 2000; i++) {
      const oi = randomIntervals(r);
      const got = withOrderedIndexes(oi, []);
      expect(got).toEqual(merge(oi, []));
      expect(formatIntervals(got)).toBe(formatIntervals(merge(oi, [])));
      if (got === oi) same++;
    }
    // The shortcut did apply to some lists (and merge ran for the others).
    expect(same).toBeGreaterThan(0);
    expect(same).toBeLessThan(2000);
  });

  it('a non-canonical list still goes through merge: adjacent intervals joined, a stray one dropped', () => {
    expect(
      withOrderedIndexes(
        [
          { first: 0, last: 1 },
          { first: 2, last: 3 },
        ],
        [],
      ),
    ).toEqual([{ first: 0, last: 3 }]);
    expect(
      withOrderedIndexes(
        [
          { first: 5, last: 6 },
          { first: 3, last: 3 },
        ],
        [],
      ),
    ).toEqual([{ first: 5, last: 6 }]);
  });

  it('firstPendingIndexes equals the from-scratch computation for 2,000 random pod lists', () => {
    const r = new Rng('job-indexed-pending');
    for (let i = 0; i < 2000; i++) {
      const completions = 1 + r.int(12);
      const pods: Pod[] = [];
      // Ascending runs mostly (a Job's pods in creation order), with repeats, gaps, missing and out-of-order indexes.
      let ix = 0;
      for (let n = r.int(10); n > 0; n--) {
        const kind = r.int(8);
        if (kind === 0) pods.push(pod(undefined));
        else if (kind === 1) pods.push(pod(r.int(completions + 2)));
        else if (kind === 2) pods.push(pod(ix));
        else pods.push(pod((ix += 1 + r.int(2))));
      }
      const succeeded = withOrderedIndexes(
        [],
        [...new Set([r.int(completions), r.int(completions)])].sort((a, b) => a - b),
      );
      const count = r.int(completions + 1);
      expect(firstPendingIndexes({ activePods: pods, succeededIndexes: succeeded }, count, completions)).toEqual(
        pendingFromScratch(pods, succeeded, count, completions),
      );
    }
  });

  it('podsByIndex equals the stable sort by index for 2,000 random pod lists, uncopied when already in order', () => {
    const r = new Rng('job-indexed-by-index');
    let uncopied = 0;
    for (let i = 0; i < 2000; i++) {
      const pods: Pod[] = [];
      // Mostly ascending (creation order), with repeats, pods without an index and replacements out of order.
      let ix = 0;
      for (let n = r.int(10); n > 0; n--) {
        const kind = r.int(8);
        const p = kind === 0 ? pod(undefined) : kind === 1 ? pod(r.int(12)) : kind === 2 ? pod(ix) : pod((ix += 1));
        p.metadata.uid = `u-${n}`; // tells apart pods of the same index: the order among them must be kept
        pods.push(p);
      }
      const sorted = [...pods].sort(
        (a, b) =>
          Number(a.metadata.annotations?.[BATCH.completionIndex] ?? -1) -
          Number(b.metadata.annotations?.[BATCH.completionIndex] ?? -1),
      );
      const got = podsByIndex(pods);
      expect(got.map((p) => p.metadata.uid)).toEqual(sorted.map((p) => p.metadata.uid));
      if (got === pods) uncopied++;
    }
    expect(uncopied).toBeGreaterThan(0);
    expect(uncopied).toBeLessThan(2000);
  });
});
