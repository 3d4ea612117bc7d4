// Deliberately invalid JobSets: a valid document with one field broken, and the field a loader error must name.
import fc from 'fast-check';
import type { Doc } from './docs.js';

export interface InvalidJobSet {
  document: Doc;
  /** The field that is wrong, as the loader's message names it (`spec.replicatedJobs[0].replicas`). */
  field: string;
  /** What was done to it, for a failing property's report. */
  mutation: string;
}

type Mutation = { field: string; mutation: string; apply: (d: Doc) => void };

// biome-ignore lint/suspicious/noExplicitAny: the mutations reach into a plain document by path.
const spec = (d: Doc): any => d.spec;

const MUTATIONS: Mutation[] = [
  {
    field: 'spec.replicatedJobs[0].replicas',
    mutation: 'negative replicas',
    apply: (d) => {
      spec(d).replicatedJobs[0].replicas = -1;
    },
  },
  {
    field: 'spec.successPolicy.operator',
    mutation: 'unknown success operator',
    apply: (d) => {
      spec(d).successPolicy = { operator: 'Most' };
    },
  },
  {
    field: 'spec.successPolicy.targetReplicatedJobs',
    mutation: 'success target that is no replicatedJob',
    apply: (d) => {
      spec(d).successPolicy = { operator: 'All', targetReplicatedJobs: ['nope'] };
    },
  },
  {
    field: 'spec.startupPolicy.startupPolicyOrder',
    mutation: 'unknown startup order',
    apply: (d) => {
      spec(d).startupPolicy = { startupPolicyOrder: 'Sideways' };
    },
  },
  {
    field: 'metadata.name',
    mutation: 'name that is not a DNS-1035 label',
    apply: (d) => {
      d.metadata.name = 'Bad_Name';
    },
  },
  {
    field: 'metadata.annotations["jobset-sim.dev/duration"]',
    mutation: 'duration that is not a duration',
    apply: (d) => {
      (d.metadata.annotations as Record<string, string>)['jobset-sim.dev/duration'] = 'soon';
    },
  },
  {
    field: 'spec.replicatedJobs',
    mutation: 'no replicatedJobs',
    apply: (d) => {
      spec(d).replicatedJobs = [];
    },
  },
];

/** The names of the mutations `invalidJobSetArb` draws from. */
export const INVALID_JOBSET_MUTATIONS = MUTATIONS.map((m) => m.mutation);

/** One valid document (from `valid`) with one field broken. */
export function invalidJobSetArb(valid: fc.Arbitrary<Doc>): fc.Arbitrary<InvalidJobSet> {
  return fc.tuple(valid, fc.constantFrom(...MUTATIONS)).map(([doc, m]) => {
    const document = structuredClone(doc);
    m.apply(document);
    return { document, field: m.field, mutation: m.mutation };
  });
}
