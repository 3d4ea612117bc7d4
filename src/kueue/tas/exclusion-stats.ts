// Why nodes were left out of a topology assignment search (kueue ff69552e tas_flavor_snapshot.go
// tasExclusionStats): the counts per reason and their text in a failure message.

export interface Stats {
  totalNodes: number;
  nodeSelector: number;
  affinity: number;
  topologyDomain: number;
  taints: Map<string, number>;
  resources: Map<string, number>;
}

export function newStats(): Stats {
  return { totalNodes: 0, nodeSelector: 0, affinity: 0, topologyDomain: 0, taints: new Map(), resources: new Map() };
}

export function hasExclusions(s: Stats): boolean {
  return s.nodeSelector > 0 || s.affinity > 0 || s.taints.size > 0 || s.topologyDomain > 0 || s.resources.size > 0;
}

export function formatReasons(s: Stats): string {
  const reasons: string[] = [];
  if (s.nodeSelector > 0) reasons.push(`nodeSelector: ${s.nodeSelector}`);
  if (s.affinity > 0) reasons.push(`affinity: ${s.affinity}`);
  if (s.topologyDomain > 0) reasons.push(`topologyDomain: ${s.topologyDomain}`);
  for (const k of [...s.taints.keys()].sort()) reasons.push(`taint ${JSON.stringify(k)}: ${s.taints.get(k)}`);
  for (const k of [...s.resources.keys()].sort()) reasons.push(`resource ${JSON.stringify(k)}: ${s.resources.get(k)}`);
  reasons.sort();
  return reasons.join(', ');
}

/** corev1.Taint.ToString. */
export function taintString(t: { key: string; value?: string; effect: string }): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}
