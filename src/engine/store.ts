// An in-memory apiserver: create/update/delete with resourceVersion, admission, watches, indexes,
// owner references and the garbage collector's background and foreground cascading deletion.
// Objects are stored by reference; a controller that changes one must call update() so watchers see it.
import type { Pod } from '../api/core.js';
import { FOREGROUND_FINALIZER, type KubeObject, type NewObject, type OwnerReference } from '../api/meta.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchHandler<T extends KubeObject = KubeObject> = (type: WatchType, obj: T) => void;

/**
 * A rejected create, as a webhook or the apiserver would answer. An API answer, not a program error: it carries no
 * stack trace (capturing one cost more than the rest of a rejection, and followers are rejected until their leader
 * is scheduled).
 */
export class AdmissionError extends Error {
  constructor(
    message: string,
    readonly code = 'Forbidden',
    /** The webhook that denied the request, for the apiserver's message. */
    readonly webhook?: string,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }

  /** The error text a client sees. */
  get apiMessage(): string {
    return this.webhook ? `admission webhook "${this.webhook}" denied the request: ${this.message}` : this.message;
  }
}

/** Mutating and validating admission for one kind; throws AdmissionError to reject. */
export type AdmissionPlugin<T extends KubeObject = KubeObject> = (obj: T) => void;

/** A certain rejection of an object about to be created, told before it is built (Store.addPrecheck). */
export type AdmissionPrecheck<T extends KubeObject = KubeObject> = (probe: T) => AdmissionError | undefined;

export interface StoreClock {
  now(): number;
  /** Schedules fn after delay µs in the controller phase. */
  after(delay: number, fn: () => void): void;
  /** Seeded suffix for generateName and uids. */
  suffix(): string;
  uid(): string;
  gcLatency(): number;
  /** Called on every write, for the run's `end` and quiet detection. */
  touched(): void;
}

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

function key(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

export class Store {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly byUid = new Map<string, KubeObject>();
  /** owner uid → dependents */
  private readonly dependents = new Map<string, Set<KubeObject>>();
  /**
   * node name → pods bound to it. A node's set stays when its last pod leaves (node names are few and come back):
   * an exclusive node would otherwise get a new Set for every pod it runs.
   */
  private readonly podsOnNode = new Map<string, Set<Pod>>();
  /**
   * namespace → pod name minus its 5-character suffix → pods (the JobSet webhook's leader index). Two levels, so
   * no `namespace/prefix` string is built on every index, unindex and lookup. Built at the first lookup (only
   * exclusive placement looks pods up by prefix; a run without it made a Set and a prefix string per pod for
   * nothing), from the pods then in the store in creation order, the order it would have added them in; kept from then.
   */
  private podsByPrefix: Map<string, Map<string, Set<Pod>>> | undefined;
  private readonly watchers = new Map<string, WatchHandler[]>();
  private readonly admission = new Map<string, AdmissionPlugin[]>();
  private readonly prechecks = new Map<string, AdmissionPrecheck[]>();
  /** Handlers told when an object is archived (archive()): caches keyed by it drop their entry. */
  private readonly archivers = new Map<string, ((obj: KubeObject) => void)[]>();
  /** The keys of archived objects, per kind: their names stay taken, as the objects would still hold them. */
  private readonly archivedKeys = new Map<string, Set<string>>();
  private rv = 0;
  /** True while a snapshot's objects are being restored (the event log records no creations then). */
  restoring = false;

  constructor(private readonly clock: StoreClock) {}

  watch<T extends KubeObject>(kind: string, handler: WatchHandler<T>): void {
    const list = this.watchers.get(kind) ?? [];
    list.push(handler as WatchHandler);
    this.watchers.set(kind, list);
  }

  addAdmission<T extends KubeObject>(kind: string, plugin: AdmissionPlugin<T>): void {
    const list = this.admission.get(kind) ?? [];
    list.push(plugin as AdmissionPlugin);
    this.admission.set(kind, list);
  }

  /**
   * A check run by precheck(): given a probe of an object about to be created (its metadata as create() will get it;
   * its spec may be a template's, shared: read only), the AdmissionError create() would certainly throw, or
   * undefined when that is not certain. It must never answer an error create() would not give.
   */
  addPrecheck<T extends KubeObject>(kind: string, check: AdmissionPrecheck<T>): void {
    const list = this.prechecks.get(kind) ?? [];
    list.push(check as AdmissionPrecheck);
    this.prechecks.set(kind, list);
  }

  /** The first precheck's certain rejection of the probe, if any; changes nothing, as a rejected create. */
  precheck<T extends KubeObject>(kind: string, probe: NewObject<T>): AdmissionError | undefined {
    const list = this.prechecks.get(kind);
    if (list === undefined) return undefined;
    for (const check of list) {
      const e = check(probe as unknown as KubeObject);
      if (e !== undefined) return e;
    }
    return undefined;
  }

  get<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(kind)?.get(key(namespace, name)) as T | undefined;
  }

  /**
   * get by the `namespace/name` key (`name` alone without a namespace) a work queue holds: no key is built, and the
   * queue's own string, hashed already, is looked up.
   */
  getByKey<T extends KubeObject>(kind: string, key: string): T | undefined {
    return this.objects.get(kind)?.get(key) as T | undefined;
  }

  getByUid<T extends KubeObject>(uid: string): T | undefined {
    return this.byUid.get(uid) as T | undefined;
  }

  /** Every object of a kind, in creation order. Not for hot paths. */
  list<T extends KubeObject>(kind: string): IterableIterator<T> {
    return ((this.objects.get(kind) ?? new Map()) as Map<string, T>).values();
  }

  count(kind: string): number {
    return this.objects.get(kind)?.size ?? 0;
  }

  /** Objects whose ownerReferences name this uid. */
  dependentsOf<T extends KubeObject>(ownerUid: string, kind?: string): T[] {
    const set = this.dependents.get(ownerUid);
    if (!set) return [];
    const out: T[] = [];
    for (const o of set) if (!kind || o.kind === kind) out.push(o as T);
    return out;
  }

  /** The same objects as `dependentsOf(ownerUid)`, unfiltered and uncopied (in the same order): read, don't keep. */
  dependentSet(ownerUid: string): ReadonlySet<KubeObject> {
    return this.dependents.get(ownerUid) ?? EMPTY;
  }

  podsOn(node: string): ReadonlySet<Pod> {
    return this.podsOnNode.get(node) ?? EMPTY;
  }

  podsWithPrefix(namespace: string, prefix: string): ReadonlySet<Pod> {
    let index = this.podsByPrefix;
    if (index === undefined) {
      index = this.podsByPrefix = new Map();
      const pods = this.objects.get('Pod');
      if (pods !== undefined) for (const p of pods.values()) this.indexPrefix(index, p as Pod);
    }
    return index.get(namespace)?.get(prefix) ?? EMPTY;
  }

  /**
   * Creates an object: admission first (mutating, then validating), then the name check, and only then the
   * server-set fields, so a rejected create changes nothing and draws nothing from the seeded streams.
   */
  create<T extends KubeObject>(input: NewObject<T>): T {
    const m = input.metadata;
    const obj = input as unknown as T;
    const plugins = this.admission.get(obj.kind);
    if (plugins !== undefined) for (const plugin of plugins) plugin(obj);
    // The kind's map and the object's key are looked up once, for the name check and the insert (admission may
    // have set the namespace, so not before it).
    let byName = this.objects.get(obj.kind);
    let name = m.name;
    let k: string;
    if (!name) {
      if (!m.generateName) throw new AdmissionError('name or generateName is required', 'Invalid');
      // A generated name that collides is retried, as the apiserver's client would.
      do {
        name = m.generateName.slice(0, 58) + this.clock.suffix();
        k = key(m.namespace, name);
      } while (byName?.has(k) || this.isArchivedKey(obj.kind, k));
    } else {
      k = key(m.namespace, name);
      if (byName?.has(k) || this.isArchivedKey(obj.kind, k))
        throw new AdmissionError(`${obj.kind.toLowerCase()}s "${name}" already exists`, 'AlreadyExists');
    }
    // Object.assign then plain writes: the same keys in the same order as `{...m, name, uid, …}`, which V8 (node 20)
    // builds several times slower (about 10 µs a pod in bench/scheduler.bench.ts).
    const meta = Object.assign({}, m) as T['metadata'];
    meta.name = name;
    // A uid already taken (a restored snapshot's objects came from another run's stream) is drawn again.
    do meta.uid = this.clock.uid();
    while (this.byUid.has(meta.uid));
    meta.resourceVersion = String(++this.rv);
    meta.generation = 1;
    meta.creationTimestamp = this.clock.now() / 1e6;
    obj.metadata = meta;
    if (!byName) {
      byName = new Map();
      this.objects.set(obj.kind, byName);
    }
    byName.set(k, obj);
    this.byUid.set(meta.uid, obj);
    const refs = meta.ownerReferences;
    if (refs !== undefined) for (const ref of refs) addTo(this.dependents, ref.uid, obj);
    if (obj.kind === 'Pod') this.indexPod(obj as unknown as Pod);
    this.clock.touched();
    this.notify('ADDED', obj);
    return obj;
  }

  /**
   * Puts an object read from a snapshot into the store as the cluster had it: uid, timestamps, generation and
   * status kept, a new resourceVersion, no admission. Watchers see it ADDED. A foreground deletion in progress
   * continues with the garbage collector's next pass.
   */
  restore<T extends KubeObject>(obj: T): T {
    const m = obj.metadata;
    if (this.get(obj.kind, m.namespace, m.name) || this.byUid.has(m.uid)) {
      throw new AdmissionError(`${obj.kind.toLowerCase()}s "${m.name}" already exists`, 'AlreadyExists');
    }
    m.resourceVersion = String(++this.rv);
    m.generation ??= 1;
    let byName = this.objects.get(obj.kind);
    if (!byName) {
      byName = new Map();
      this.objects.set(obj.kind, byName);
    }
    byName.set(key(m.namespace, m.name), obj);
    this.byUid.set(m.uid, obj);
    for (const ref of m.ownerReferences ?? []) addTo(this.dependents, ref.uid, obj);
    if (obj.kind === 'Pod') this.indexPod(obj as unknown as Pod);
    this.notify('ADDED', obj);
    if (m.deletionTimestamp !== undefined && m.finalizers?.includes(FOREGROUND_FINALIZER)) {
      this.clock.after(this.clock.gcLatency(), () => {
        if (this.dependents.get(m.uid)?.size) this.gcDependents(obj, true);
        else this.removeFinalizer(obj, FOREGROUND_FINALIZER);
      });
    }
    return obj;
  }

  /** A spec (or metadata) change: bumps metadata.generation, as the apiserver does for spec changes. */
  update<T extends KubeObject>(obj: T): T {
    obj.metadata.generation = (obj.metadata.generation ?? 1) + 1;
    return this.updateStatus(obj);
  }

  /** A status subresource write: the generation stays. */
  updateStatus<T extends KubeObject>(obj: T): T {
    obj.metadata.resourceVersion = String(++this.rv);
    this.clock.touched();
    this.notify('MODIFIED', obj);
    return obj;
  }

  /** Binds a pod to a node (the Binding subresource). */
  bind(pod: Pod, node: string): void {
    if (pod.spec.nodeName)
      throw new AdmissionError(
        `pod ${pod.metadata.name} is already assigned to node "${pod.spec.nodeName}"`,
        'Conflict',
      );
    pod.spec.nodeName = node;
    this.addToNode(node, pod);
    this.updateStatus(pod);
  }

  /**
   * Deletes an object. Pods still running on a node terminate gracefully (the kubelet finishes them);
   * Foreground keeps the owner, marked, until every blocking dependent is gone.
   */
  delete(obj: KubeObject, propagation: Propagation = 'Background'): void {
    if (!this.byUid.has(obj.metadata.uid)) return;
    const m = obj.metadata;
    // Already deleting: upstream keeps the first propagation policy.
    if (m.deletionTimestamp !== undefined) return;
    if (propagation === 'Foreground') {
      // The apiserver always marks the owner; the garbage collector deletes the dependents and, once none
      // is left, removes the finalizer (one pass later when there were none).
      m.deletionTimestamp = this.clock.now() / 1e6;
      m.finalizers = [...(m.finalizers ?? []), FOREGROUND_FINALIZER];
      this.updateStatus(obj);
      this.clock.after(this.clock.gcLatency(), () => {
        if (this.dependents.get(m.uid)?.size) this.gcDependents(obj, true);
        else this.removeFinalizer(obj, FOREGROUND_FINALIZER);
      });
      return;
    }
    if (obj.kind === 'Pod' && this.isGraceful(obj as Pod)) {
      // As the apiserver: the timestamp is when the deletion is due (now + grace), with the grace beside it.
      const grace = (obj as Pod).spec.terminationGracePeriodSeconds ?? 30;
      m.deletionTimestamp = this.clock.now() / 1e6 + grace;
      m.deletionGracePeriodSeconds = grace;
      this.update(obj);
      return;
    }
    if (m.finalizers?.length) {
      m.deletionTimestamp = this.clock.now() / 1e6;
      this.update(obj);
      return;
    }
    this.remove(obj, propagation);
  }

  /** Ends a graceful deletion (the kubelet's final delete with grace 0). */
  finishDeletion(obj: KubeObject): void {
    if (!this.byUid.has(obj.metadata.uid)) return;
    if (obj.metadata.finalizers?.length) return;
    this.remove(obj, 'Background');
  }

  removeFinalizer(obj: KubeObject, finalizer: string): void {
    const f = obj.metadata.finalizers;
    if (!f?.includes(finalizer)) return;
    obj.metadata.finalizers = f.filter((x) => x !== finalizer);
    if (obj.metadata.deletionTimestamp !== undefined && obj.metadata.finalizers.length === 0) {
      this.remove(obj, 'Background');
    } else {
      this.update(obj);
    }
  }

  private isGraceful(p: Pod): boolean {
    return p.spec.nodeName !== undefined && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed';
  }

  private remove(obj: KubeObject, propagation: Propagation): void {
    const m = obj.metadata;
    this.objects.get(obj.kind)?.delete(key(m.namespace, m.name));
    this.byUid.delete(m.uid);
    for (const ref of m.ownerReferences ?? []) this.dropDependent(ref, obj);
    if (obj.kind === 'Pod') this.unindexPod(obj as unknown as Pod);
    if (m.deletionTimestamp === undefined) m.deletionTimestamp = this.clock.now() / 1e6;
    this.clock.touched();
    this.notify('DELETED', obj);
    if (propagation !== 'Orphan' && this.dependents.get(m.uid)?.size) {
      this.clock.after(this.clock.gcLatency(), () => this.gcDependents(obj, false));
    }
  }

  private dropDependent(ref: OwnerReference, obj: KubeObject): void {
    const set = this.dependents.get(ref.uid);
    if (!set) return;
    set.delete(obj);
    if (set.size > 0) return;
    this.dependents.delete(ref.uid);
    // A foreground-deleting owner waits only for its dependents; release it when the last one is gone.
    const owner = this.byUid.get(ref.uid);
    if (owner?.metadata.deletionTimestamp !== undefined && owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) {
      this.clock.after(this.clock.gcLatency(), () => this.removeFinalizer(owner, FOREGROUND_FINALIZER));
    }
  }

  /** The garbage collector: delete the dependents of a deleted (or foreground-deleting) owner. */
  private gcDependents(owner: KubeObject, foreground: boolean): void {
    const deps = this.dependents.get(owner.metadata.uid);
    if (!deps) return;
    for (const d of [...deps]) {
      // A dependent with dependents of its own is deleted in the foreground when its owner is (upstream GC).
      const policy: Propagation = foreground && this.dependents.get(d.metadata.uid)?.size ? 'Foreground' : 'Background';
      this.delete(d, policy);
    }
  }

  /** archive() calls the handler with each archived object of the kind, after it left the store. */
  onArchive<T extends KubeObject>(kind: string, handler: (obj: T) => void): void {
    const list = this.archivers.get(kind) ?? [];
    list.push(handler as (obj: KubeObject) => void);
    this.archivers.set(kind, list);
  }

  /**
   * The simulator's memory policy for finished objects (README, `archiveFinished`), not an apiserver operation: the
   * object leaves the store and its indexes without a watch event, a record, a resourceVersion or a write, and
   * onArchive handlers drop what they keep of it. Its name stays taken. Refused (false) for an object not in the
   * store, being deleted, or with dependents of its own other than the `keep` kinds (whose entries stay indexed
   * under its uid).
   */
  archive(obj: KubeObject, keep?: ReadonlySet<string>): boolean {
    const m = obj.metadata;
    if (this.byUid.get(m.uid) !== obj || m.deletionTimestamp !== undefined) return false;
    const deps = this.dependents.get(m.uid);
    if (deps !== undefined) for (const d of deps) if (!keep?.has(d.kind)) return false;
    const k = key(m.namespace, m.name);
    this.objects.get(obj.kind)?.delete(k);
    this.byUid.delete(m.uid);
    let names = this.archivedKeys.get(obj.kind);
    if (!names) {
      names = new Set();
      this.archivedKeys.set(obj.kind, names);
    }
    names.add(k);
    const refs = m.ownerReferences;
    if (refs !== undefined) for (const ref of refs) deleteFrom(this.dependents, ref.uid, obj);
    if (obj.kind === 'Pod') this.unindexPod(obj as unknown as Pod);
    const list = this.archivers.get(obj.kind);
    if (list !== undefined) for (const h of list) h(obj);
    return true;
  }

  private isArchivedKey(kind: string, k: string): boolean {
    return this.archivedKeys.size > 0 && (this.archivedKeys.get(kind)?.has(k) ?? false);
  }

  private indexPod(p: Pod): void {
    if (p.spec.nodeName) this.addToNode(p.spec.nodeName, p);
    if (this.podsByPrefix !== undefined) this.indexPrefix(this.podsByPrefix, p);
  }

  private indexPrefix(index: Map<string, Map<string, Set<Pod>>>, p: Pod): void {
    const prefix = podNamePrefix(p.metadata.name);
    if (prefix === undefined) return;
    // `undefined` is a key of its own, as the `undefined/prefix` string key was.
    const ns = p.metadata.namespace as string;
    let byPrefix = index.get(ns);
    if (byPrefix === undefined) {
      byPrefix = new Map();
      index.set(ns, byPrefix);
    }
    addTo(byPrefix, prefix, p);
  }

  private unindexPod(p: Pod): void {
    if (p.spec.nodeName) this.podsOnNode.get(p.spec.nodeName)?.delete(p);
    if (this.podsByPrefix === undefined) return;
    const prefix = podNamePrefix(p.metadata.name);
    if (prefix === undefined) return;
    const byPrefix = this.podsByPrefix.get(p.metadata.namespace as string);
    if (byPrefix !== undefined) deleteFrom(byPrefix, prefix, p);
  }

  private addToNode(node: string, p: Pod): void {
    let s = this.podsOnNode.get(node);
    if (s === undefined) {
      s = new Set();
      this.podsOnNode.set(node, s);
    }
    s.add(p);
  }

  private notify(type: WatchType, obj: KubeObject): void {
    const list = this.watchers.get(obj.kind);
    if (!list) return;
    for (const h of list) h(type, obj);
  }
}

const EMPTY: ReadonlySet<never> = new Set();

/** `js-rjob-0-0-abcde` → `js-rjob-0-0` (the name minus its random suffix). */
export function podNamePrefix(name: string): string | undefined {
  const i = name.lastIndexOf('-');
  return i > 0 ? name.slice(0, i) : undefined;
}

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  s.add(v);
}

function deleteFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}
