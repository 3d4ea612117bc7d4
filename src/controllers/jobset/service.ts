// The headless Service (§2.5): named after the subdomain, selecting the JobSet's pods.
import type { Service } from '../../api/core.js';
import { JOBSET_API_VERSION, type JobSet, JS } from '../../api/jobset.js';
import { controllerRef, type NewObject } from '../../api/meta.js';
import { subdomainOf } from './construct.js';

export function headlessService(js: JobSet): NewObject<Service> | undefined {
  const net = js.spec.network;
  if (!net?.enableDNSHostnames) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: subdomainOf(js),
      namespace: js.metadata.namespace ?? 'default',
      ownerReferences: [controllerRef(JOBSET_API_VERSION, 'JobSet', js)],
    },
    spec: {
      clusterIP: 'None',
      selector: { [JS.jobSetName]: js.metadata.name },
      publishNotReadyAddresses: net.publishNotReadyAddresses ?? true,
    },
  };
}
