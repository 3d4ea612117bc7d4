// The speed-mode walk's runs (src/scheduler/pass-runs.ts) and the anti-affinity counters' occupancy and uniform
// verdicts (src/scheduler/anti-affinity-counters.ts): what the cycle reads instead of asking per node or per domain.
import { describe, expect, it } from 'vitest';
import type { Pod, PodAffinityTerm } from '../../src/api/core.js';
import type { DomainTable } from '../../src/scheduler/affinity-domains.js';
import { AntiAffinityCounters } from '../../src/scheduler/anti-affinity-counters.js';
import { PassRuns, runEnds } from '../../src/scheduler/pass-runs.js';

/** A table over node ids 0..n-1 from their domain values (undefined: no label). */
function table(values: (string | undefined)[]): DomainTable {
  const ofNode = new Int32Array(values.length).fill(-1);
  const vals: string[] = [];
  const ids = new Map<string, number>();
  values.forEach((v, id) => {
    if (v === undefined) return;
    let d = ids.get(v);
    if (d === undefined) {
      d = vals.length;
      vals.push(v);
      ids.set(v, d);
    }
    ofNode[id] = d;
  });
  return { ofNode, values: vals, ids };
}

describe('runEnds', () => {
  it('groups neighbours of the pass list with the same domain; a domain met again later starts a new run', () => {
    const pools = table(['p0', 'p0', 'p1', 'p1', 'p1', 'p0', undefined, undefined]);
    const pass = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...runEnds(pass, [pools])]).toEqual([2, 2, 5, 5, 5, 6, 8, 8]);
  });

  it('splits where any table differs, and follows the pass list, not node ids', () => {
    const pools = table(['p0', 'p0', 'p0', 'p0']);
    const zones = table(['a', 'a', 'b', 'b']);
    expect([...runEnds(Int32Array.from([0, 1, 2, 3]), [pools, zones])]).toEqual([2, 2, 4, 4]);
    expect([...runEnds(Int32Array.from([0, 2, 1, 3]), [zones])]).toEqual([1, 2, 3, 4]);
  });

  it('without tables every pass node is one run', () => {
    expect([...runEnds(Int32Array.from([3, 1, 2]), [])]).toEqual([3, 3, 3]);
    expect([...runEnds(new Int32Array(0), [])]).toEqual([]);
  });

  it('PassRuns keeps the runs while the list and the tables are the same objects', () => {
    const runs = new PassRuns();
    const pass = Int32Array.from([0, 1, 2]);
    const t1 = table(['x', 'x', 'y']);
    const a = runs.of(pass, [t1]);
    expect(runs.of(pass, [t1])).toBe(a);
    // A node event replaces the tables: the runs are computed again from the new labels.
    const t2 = table(['x', 'y', 'y']);
    expect([...runs.of(pass, [t2])]).toEqual([1, 3, 3]);
    expect([...a]).toEqual([2, 2, 3]);
  });
});

const POOL = 'cloud.google.com/gke-nodepool';

function leader(key: string, priority: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: key, namespace: 'default', uid: key, labels: { 'job-key': key, priority } },
    spec: { containers: [] },
    status: {},
  } as unknown as Pod;
}

/** The exclusive-placement leader's anti-affinity term (pod_webhook.go). */
function exclusive(key: string, priority: string): PodAffinityTerm {
  return {
    labelSelector: {
      matchExpressions: [
        { key: 'job-key', operator: 'Exists' },
        { key: 'job-key', operator: 'NotIn', values: [key] },
        { key: 'priority', operator: 'In', values: [priority] },
      ],
    },
    topologyKey: POOL,
    namespaceSelector: {},
  };
}

describe('AntiAffinityCounters.uniform and occupancy', () => {
  it('leaders of one priority: uniform, and the occupied domains are those holding a leader', () => {
    const c = new AntiAffinityCounters();
    const pools = table(['p0', 'p1', 'p2']);
    const a = leader('a', '0');
    c.add(a, [exclusive('a', '0')], { [POOL]: 'p0' });
    const occ = c.occupancy(POOL, pools);
    expect([...occ]).toEqual([1, 0, 0]);
    // Kept up to date by add and remove once built.
    const b = leader('b', '0');
    c.add(b, [exclusive('b', '0')], { [POOL]: 'p2' });
    expect([...c.occupancy(POOL, pools)]).toEqual([1, 0, 1]);
    c.remove(a);
    expect([...c.occupancy(POOL, pools)]).toEqual([0, 0, 1]);
    const x = leader('x', '0');
    expect(c.uniform(x, c.newCycle())).toBe(true);
    expect(c.forbids(POOL, 'p2', x, c.newCycle())).toBe(true);
    expect(c.forbids(POOL, 'p0', x, c.newCycle())).toBe(false);
  });

  it('not uniform for a pod of another priority, or one whose key a placed term lists', () => {
    const c = new AntiAffinityCounters();
    c.add(leader('a', '0'), [exclusive('a', '0')], { [POOL]: 'p0' });
    expect(c.uniform(leader('y', '1'), c.newCycle())).toBe(false);
    // A pod labelled with the key the term excludes (a restarted Job's new leader) is not selected by it.
    expect(c.uniform(leader('a', '0'), c.newCycle())).toBe(false);
    expect(c.forbids(POOL, 'p0', leader('a', '0'), c.newCycle())).toBe(false);
  });

  it('a new table (after a node event) is filled from the counters', () => {
    const c = new AntiAffinityCounters();
    c.add(leader('a', '0'), [exclusive('a', '0')], { [POOL]: 'p1' });
    c.add(leader('b', '0'), [exclusive('b', '0')], { [POOL]: 'p1' });
    expect([...c.occupancy(POOL, table(['p0', 'p1']))]).toEqual([0, 2]);
    expect([...c.occupancy(POOL, table(['p1', 'p9', 'p0']))]).toEqual([2, 0, 0]);
  });
});
