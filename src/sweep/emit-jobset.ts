// `jobset-sim sweep SWEEP.yaml --emit-jobset N`: a JobSet that runs the sweep on a real Kubernetes cluster. Its
// `shards` replicatedJob is one Indexed Job whose pod i runs `sweep --shard /N` (i read from JOB_COMPLETION_INDEX,
// which the Job controller sets in every container) into /results/shard-i on a shared volume; its `merge`
// replicatedJob starts when `shards` is Complete (dependsOn) and merges them into /results/merged.
import { stringify } from 'yaml';

export interface EmitOptions {
  /** The sweep file as the container sees it (relative to the image's working directory). */
  sweepFile: string;
  sweepName: string;
  shards: number;
  image: string;
  /** A ReadWriteMany PersistentVolumeClaim every pod mounts at /results. */
  claim: string;
  /** Worker threads per shard pod (and CPUs requested). */
  workers: number;
}

function dnsName(s: string): string {
  const n = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return n.slice(0, 40).replace(/-+$/, '') || 'sweep';
}

export function emitJobSet(o: EmitOptions): string {
  const volume = { name: 'results', persistentVolumeClaim: { claimName: o.claim } };
  const mount = { name: 'results', mountPath: '/results' };
  const shardDirs = Array.from({ length: o.shards }, (_, i) => `/results/shard-${i}`);
  const podSpec = (args: string[], cpu: number) => ({
    restartPolicy: 'Never',
    containers: [
      {
        name: 'jobset-sim',
        image: o.image,
        command: ['jobset-sim'],
        args,
        resources: { requests: { cpu: String(cpu), memory: `${cpu}Gi` } },
        volumeMounts: [mount],
      },
    ],
    volumes: [volume],
  });
  const jobset = {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name: `sweep-${dnsName(o.sweepName)}` },
    spec: {
      // A restarted JobSet resumes: every shard passes --resume and keeps the runs it already wrote.
      failurePolicy: { maxRestarts: 3 },
      replicatedJobs: [
        {
          name: 'shards',
          replicas: 1,
          template: {
            spec: {
              completionMode: 'Indexed',
              completions: o.shards,
              parallelism: o.shards,
              backoffLimitPerIndex: 2,
              template: {
                spec: podSpec(
                  [
                    'sweep',
                    o.sweepFile,
                    '--shard',
                    `/${o.shards}`,
                    '--resume',
                    '--quiet',
                    '--workers',
                    String(o.workers),
                    '--out',
                    '/results/shard-$(JOB_COMPLETION_INDEX)',
                  ],
                  o.workers,
                ),
              },
            },
          },
        },
        {
          name: 'merge',
          replicas: 1,
          dependsOn: [{ name: 'shards', status: 'Complete' }],
          template: {
            spec: {
              completions: 1,
              parallelism: 1,
              backoffLimit: 2,
              template: { spec: podSpec(['merge', ...shardDirs, '--out', '/results/merged'], 1) },
            },
          },
        },
      ],
    },
  };
  return `# jobset-sim sweep ${o.sweepFile}: ${o.shards} shards, then a merge into /results/merged (PVC ${o.claim})\n${stringify(jobset)}`;
}
