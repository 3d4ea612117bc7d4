// Quota builders shaped like upstream's utiltestingapi wrappers, shared by the Kueue conformance tests.
import type { FlavorQuotas, ResourceGroup } from '../../src/kueue/api.js';

/** MakeFlavorQuotas(flavor).Resource(name, nominal, borrowingLimit, lendingLimit): '' leaves a limit unset. */
export type Res = [name: string, nominal: string, borrowingLimit?: string, lendingLimit?: string];

export function fq(flavor: string, ...resources: Res[]): FlavorQuotas {
  return {
    name: flavor,
    resources: resources.map(([name, nominal, bl, ll]) => ({
      name,
      nominalQuota: nominal,
      ...(bl ? { borrowingLimit: bl } : {}),
      ...(ll ? { lendingLimit: ll } : {}),
    })),
  };
}

/** utiltestingapi.ResourceGroup: coveredResources from the first flavor. */
export function rg(...flavors: FlavorQuotas[]): ResourceGroup {
  return { coveredResources: (flavors[0]?.resources ?? []).map((r) => r.name), flavors };
}
