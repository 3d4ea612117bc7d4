// Plain, YAML-able documents: what every arbitrary produces, and how to write them as one multi-document file.
import { stringify } from 'yaml';

/** One Kubernetes-style document (JSON/YAML-able: no undefined, no functions, no cycles). */
export type Doc = { apiVersion: string; kind: string; metadata: Record<string, unknown> } & Record<string, unknown>;

export const API = {
  sim: 'jobset-sim.dev/v1alpha1',
  jobSet: 'jobset.x-k8s.io/v1alpha2',
  kueue: 'kueue.x-k8s.io/v1beta2',
} as const;

/** The documents as one multi-document YAML text (what a user would save to a file). */
export function toYaml(docs: readonly Doc[]): string {
  return docs.map((d) => stringify(d, { aliasDuplicateObjects: false })).join('---\n');
}
