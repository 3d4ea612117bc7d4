// Store.archive (the `archiveFinished` memory policy, README "Memory"): an object leaves the store and its indexes
// silently, its handlers drop their caches, and its name stays taken.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/core.js';
import type { KubeObject, NewObject } from '../../src/api/meta.js';
import { AdmissionError } from '../../src/engine/store.js';
import { simStore } from '../support/sim-store.js';

function setup() {
  let writes = 0;
  const { store } = simStore({
    touched: () => {
      writes++;
    },
  });
  const seen: string[] = [];
  for (const kind of ['Thing', 'Pod']) store.watch(kind, (type, o) => seen.push(`${type} ${o.metadata.name}`));
  const thing = (name: string, owner?: KubeObject) =>
    store.create({
      apiVersion: 'v1',
      kind: 'Thing',
      metadata: {
        name,
        namespace: 'ns',
        ...(owner
          ? {
              ownerReferences: [
                { apiVersion: 'v1', kind: 'Thing', name: owner.metadata.name, uid: owner.metadata.uid },
              ],
            }
          : {}),
      },
    } as unknown as NewObject<KubeObject>);
  return { store, seen, thing, writes: () => writes };
}

describe('Store.archive', () => {
  it('removes the object from get, getByUid, list and its owner’s dependents, with no watch event or write', () => {
    const { store, seen, thing, writes } = setup();
    const owner = thing('owner');
    const child = thing('child', owner);
    const other = thing('other');
    const archived: string[] = [];
    store.onArchive('Thing', (o) => archived.push(o.metadata.name));
    const w = writes();
    const events = seen.length;
    expect(store.archive(child)).toBe(true);
    expect(store.get('Thing', 'ns', 'child')).toBeUndefined();
    expect(store.getByUid(child.metadata.uid)).toBeUndefined();
    expect(store.dependentsOf(owner.metadata.uid)).toEqual([]);
    expect([...store.list('Thing')].map((o) => o.metadata.name)).toEqual(['owner', 'other']);
    expect(store.count('Thing')).toBe(2);
    expect(archived).toEqual(['child']);
    expect(seen.length).toBe(events);
    expect(writes()).toBe(w);
    expect(store.archive(child)).toBe(false); // already gone
    expect(store.get('Thing', 'ns', 'other')).toBe(other);
  });

  it('refuses an owner with dependents unless their kind is kept, and an object being deleted', () => {
    const { store, thing } = setup();
    const owner = thing('owner');
    thing('child', owner);
    expect(store.archive(owner)).toBe(false);
    expect(store.get('Thing', 'ns', 'owner')).toBe(owner);
    expect(store.archive(owner, new Set(['Thing']))).toBe(true);
    const going = thing('going');
    going.metadata.finalizers = ['x'];
    store.delete(going);
    expect(store.archive(going)).toBe(false);
  });

  it('keeps an archived name taken, as the object would: a create of it is AlreadyExists', () => {
    const { store, thing } = setup();
    store.archive(thing('a'));
    expect(() => thing('a')).toThrow(AdmissionError);
    expect(() => thing('a')).toThrow('things "a" already exists');
  });

  it('drops an archived pod from the node and name-prefix indexes', () => {
    const { store } = setup();
    const pod = store.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'js-w-0-0-abcde', namespace: 'ns' },
      spec: { containers: [{ name: 'c', image: 'x' }], nodeName: 'n0' },
      status: { phase: 'Succeeded' },
    });
    expect(store.podsOn('n0').size).toBe(1);
    expect(store.podsWithPrefix('ns', 'js-w-0-0').size).toBe(1);
    expect(store.archive(pod)).toBe(true);
    expect(store.podsOn('n0').size).toBe(0);
    expect(store.podsWithPrefix('ns', 'js-w-0-0').size).toBe(0);
  });
});
