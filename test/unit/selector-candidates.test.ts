// The scheduler's nodeSelector candidate index (label key → value → nodes) is kept up to date node by node rather
// than rebuilt after every node event: a node relabelled in place, added or deleted must be found (or no longer
// found) by the next pod, in speed mode (which walks only the candidates) as in fidelity mode (every node).
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/api/core.js';
import { harness } from '../support/scheduler-harness.js';

const POOL = 'cloud.google.com/gke-nodepool';
const ALLOC = { cpu: '8', memory: '16Gi', pods: '110' };

function scenario(mode: 'speed' | 'fidelity') {
  const h = harness({ mode });
  const a = h.node('a', ALLOC, { labels: { [POOL]: 'p1' } });
  h.node('b', ALLOC, { labels: { [POOL]: 'p2' }, unschedulable: true });
  const select = (name: string, pool: string, at: number): void => {
    h.sim.at(at, 0, () => {
      h.pod(name, { nodeSelector: { [POOL]: pool } } as Partial<Pod['spec']>);
    });
  };
  const relabel = (node: Node, pool: string, at: number): void => {
    h.sim.at(at, 0, () => {
      node.metadata.labels![POOL] = pool; // in place, as the fault injector edits taints
      h.store.update(node);
    });
  };
  select('first-p2', 'p2', 1e6); // builds the index for POOL: only b (cordoned) carries p2
  relabel(a, 'p2', 2e6);
  select('then-p2', 'p2', 3e6);
  relabel(a, 'p3', 4e6);
  select('later-p2', 'p2', 5e6);
  select('later-p3', 'p3', 5e6);
  h.sim.at(6e6, 0, () => h.store.delete(h.store.get<Node>('Node', undefined, 'a')!));
  select('gone-p3', 'p3', 7e6);
  h.sim.at(8e6, 0, () => h.node('c', ALLOC, { labels: { [POOL]: 'p3' } }));
  h.sim.run(9e6);
  return h.placements();
}

describe('nodeSelector candidates follow node events', () => {
  it('a relabelled, deleted or added node is found by the next pod, in both modes', () => {
    const speed = scenario('speed');
    expect(speed).toEqual({
      // first-p2 waited for a node with p2: `a` once relabelled (the relabel moves unschedulable pods back)
      'first-p2': 'a',
      'then-p2': 'a',
      'later-p2': undefined,
      // later-p3 bound on `a` before it was deleted; gone-p3 waited for `c`
      'later-p3': 'a',
      'gone-p3': 'c',
    });
    expect(scenario('fidelity')).toEqual(speed);
  });
});
