// Object metadata and the shapes shared by every kind (apimachinery's metav1).
// Times inside objects are simulated seconds (numbers), as in the result JSON.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: number;
  /** Set when a graceful or foreground deletion has started. */
  deletionTimestamp?: number;
  /** The grace period of a graceful deletion, in seconds. */
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** metav1.Condition (JobSet, Workload). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: number;
  observedGeneration?: number;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** What a user writes: metadata without the server-set fields. */
export type InputMeta = Partial<ObjectMeta> & { name?: string };

export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export function namespacedName(o: { metadata: { namespace?: string; name: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

/** The controller reference a controller puts on what it creates (blocking the owner's foreground deletion). */
export function controllerRef(
  apiVersion: string,
  kind: string,
  owner: { metadata: { name: string; uid: string } },
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerOf(o: KubeObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** An object as written before the store has created it: the server-set metadata is optional. */
export type NewObject<T extends KubeObject> = Omit<T, 'metadata'> & { metadata: InputMeta };
