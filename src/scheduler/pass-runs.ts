// Runs of a shape's static-pass list (ShapeEntry.passIdList) whose nodes share their domain under every topology key
// a cycle's InterPodAffinity filter reads. The filter's verdict depends only on those domains (DomainAffinityFilter),
// so the speed-mode walk asks it once per run and skips a run a placed pod's anti-affinity forbids in one step: an
// exclusive JobSet's leader crosses each occupied node pool once instead of node by node.
import type { DomainTable } from './affinity-domains.js';

/**
 * ends[i]: one past the last index of the run holding pass index i (runs never wrap past the list's end); two
 * neighbours share a run when every table gives them the same domain id (-1, no label, counts as a domain).
 */
export function runEnds(passIds: Int32Array, tables: readonly DomainTable[]): Int32Array {
  const m = passIds.length;
  const ends = new Int32Array(m);
  let end = m;
  for (let i = m - 1; i >= 0; i--) {
    ends[i] = end;
    if (i === 0) break;
    const a = passIds[i]!;
    const b = passIds[i - 1]!;
    for (let t = 0; t < tables.length; t++) {
      const ofNode = tables[t]!.ofNode;
      if (ofNode[a] !== ofNode[b]) {
        end = i;
        break;
      }
    }
  }
  return ends;
}

interface Cached {
  readonly tables: readonly DomainTable[];
  readonly ends: Int32Array;
}

function sameTables(a: readonly DomainTable[], b: readonly DomainTable[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * runEnds per pass list and set of tables, kept while both are: a pass list is rebuilt and the tables are replaced
 * after any node event, so identity is the key (the list weakly, so dropped shapes take their runs with them).
 */
export class PassRuns {
  private readonly byPass = new WeakMap<Int32Array, Cached[]>();

  of(passIds: Int32Array, tables: readonly DomainTable[]): Int32Array {
    let list = this.byPass.get(passIds);
    if (!list) {
      list = [];
      this.byPass.set(passIds, list);
    }
    for (const c of list) if (sameTables(c.tables, tables)) return c.ends;
    // A few table sets per list at most (one per combination of topology keys); stale ones hold dead tables.
    if (list.length >= 4) list.shift();
    const ends = runEnds(passIds, tables);
    list.push({ tables, ends });
    return ends;
  }
}
