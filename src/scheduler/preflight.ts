// Before a run: which workloads can never be scheduled on the scenario's cluster, whatever else runs
// (`jobset-sim validate` reports these as NeverSchedulable warnings).
import type { Node, Pod } from '../api/core.js';
import { extendedResourceToleration, PriorityAdmission } from '../api/pod-admission.js';
import { expandNodePool } from '../cluster/nodepool.js';
import type { Scenario, ScenarioWarning } from '../scenario/model.js';
import { DEFAULT_FILTERS } from './filters.js';
import { NodeInfo } from './node-info.js';
import { staticInfeasibility } from './static-infeasibility.js';

export function neverSchedulableWarnings(scenario: Scenario): ScenarioWarning[] {
  const nodes: NodeInfo[] = [];
  for (const doc of scenario.nodePools) {
    for (const pool of expandNodePool(doc)) for (const n of pool.nodes) nodes.push(new NodeInfo(n as Node));
  }
  // A snapshot's nodes are not NodePools (src/snapshot): they count as the cluster too.
  for (const n of scenario.snapshot?.nodes ?? []) nodes.push(new NodeInfo(structuredClone(n)));
  const priority = new PriorityAdmission(scenario.priorityClasses);
  const cache = new Map<string, string | undefined>();
  const out: ScenarioWarning[] = [];
  const check = (ns: string, owner: string, label: string, spec: Pod['spec']) => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: owner, namespace: ns },
      spec: structuredClone(spec),
      status: { phase: 'Pending' },
    } as unknown as Pod;
    try {
      priority.admit(pod);
    } catch {
      return; // the missing PriorityClass is reported by the run itself
    }
    extendedResourceToleration(pod);
    const why = staticInfeasibility(pod, nodes, DEFAULT_FILTERS, cache);
    if (why)
      out.push({ code: 'NeverSchedulable', object: `${ns}/${owner}`, message: label ? `${label}: ${why}` : why });
  };
  for (const e of scenario.jobSets) {
    const js = e.object;
    const ns = js.metadata.namespace ?? 'default';
    for (const rj of js.spec.replicatedJobs) {
      check(ns, js.metadata.name ?? '', `replicatedJob "${rj.name}"`, rj.template.spec.template.spec);
      if (out.some((w) => w.object === `${ns}/${js.metadata.name}`)) break;
    }
  }
  for (const e of scenario.jobs) {
    const job = e.object;
    check(job.metadata.namespace ?? 'default', job.metadata.name ?? '', '', job.spec.template.spec);
  }
  return out;
}
