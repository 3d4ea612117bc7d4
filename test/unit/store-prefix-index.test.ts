// The store's pod-name-prefix index is built at the first podsWithPrefix lookup (src/engine/store.ts): on random
// sequences of pod creates (named and generated, several namespaces, bound or not), deletions, graceful ends and
// archivals, every lookup, the first at any point of the sequence, lists what a scan of the store's live pods in
// creation order lists (podsWithPrefix as it was kept from the first pod on).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import type { NewObject } from '../../src/api/meta.js';
import { podNamePrefix } from '../../src/engine/store.js';
import { simStore } from '../support/sim-store.js';

type Op =
  | { kind: 'create'; ns: number; prefix: number; generated: boolean; bound: boolean }
  | { kind: 'delete'; pick: number }
  | { kind: 'finish'; pick: number }
  | { kind: 'archive'; pick: number }
  | { kind: 'lookup'; ns: number; prefix: number };

const NAMESPACES = ['default', 'team-b', undefined];
const PREFIXES = ['js-w-0-0', 'js-w-0-1', 'js-w-1-0', 'nodash', '-lead'];

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    ns: fc.nat(2),
    prefix: fc.nat(4),
    generated: fc.boolean(),
    bound: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant('archive' as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant('lookup' as const), ns: fc.nat(2), prefix: fc.nat(4) }),
);

function scan(pods: Iterable<Pod>, ns: string | undefined, prefix: string): string[] {
  const out: string[] = [];
  for (const p of pods)
    if (p.metadata.namespace === ns && podNamePrefix(p.metadata.name) === prefix) out.push(p.metadata.uid);
  return out;
}

describe('Store pod-name-prefix index, built at the first lookup', () => {
  it('lists what a scan of the live pods in creation order lists, whenever the first lookup comes', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 60 }), (ops) => {
        const { store } = simStore();
        const made: Pod[] = [];
        let n = 0;
        for (const op of ops) {
          if (op.kind === 'create') {
            const base = PREFIXES[op.prefix]!;
            const named = base === 'nodash' ? base : `${base}-${String(n++).padStart(5, 'x')}`;
            const pod: NewObject<Pod> = {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: op.generated ? { generateName: `${base}-` } : { name: named },
              spec: { containers: [], ...(op.bound ? { nodeName: 'n1' } : {}) },
              status: { phase: 'Running' },
            };
            const ns = NAMESPACES[op.ns];
            if (ns !== undefined) pod.metadata.namespace = ns;
            try {
              made.push(store.create(pod));
            } catch {
              // a name taken already (nodash twice): the apiserver's AlreadyExists
            }
          } else if (op.kind === 'lookup') {
            const ns = NAMESPACES[op.ns];
            const prefix = PREFIXES[op.prefix]!;
            const got = [...store.podsWithPrefix(ns as string, prefix)].map((p) => p.metadata.uid);
            expect(got).toEqual(scan(store.list<Pod>('Pod'), ns, prefix));
          } else if (made.length > 0) {
            const p = made[op.pick % made.length]!;
            if (op.kind === 'delete') store.delete(p);
            else if (op.kind === 'finish') {
              p.status.phase = 'Succeeded';
              store.finishDeletion(p);
            } else store.archive(p);
          }
        }
        // Every prefix of every namespace at the end, the index built by now or now.
        for (const ns of NAMESPACES)
          for (const prefix of PREFIXES) {
            const got = [...store.podsWithPrefix(ns as string, prefix)].map((p) => p.metadata.uid);
            expect(got).toEqual(scan(store.list<Pod>('Pod'), ns, prefix));
          }
      }),
      { numRuns: 1000 },
    );
  });
});
