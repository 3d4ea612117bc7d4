// The fleet scenario of bench/fleet/generate.ts (issue 9): what it builds at 1,000 nodes, and the first 6 simulated
// hours of it: Kueue admits through Fair Sharing and TAS, and every TPU child Job lands on one slice.
import { describe, expect, it } from 'vitest';
import { CLUSTER_QUEUES, fleetFigures, fleetScenario } from '../../bench/fleet/generate.js';
import type { LogRecord } from '../../src/engine/event-log.js';
import { loadScenarioFromTexts } from '../../src/scenario/load.js';
import { loaderOptions, simulate } from '../../src/simulate.js';

describe('fleet scenario, 1,000 nodes', () => {
  const text = fleetScenario(1000);
  const { scenario } = loadScenarioFromTexts([{ file: 'fleet-1000.yaml', text }], loaderOptions());

  it('is the same text for the same size, and loads without warnings', () => {
    expect(fleetScenario(1000)).toBe(text);
    expect(scenario.warnings).toEqual([]);
  });

  it('has TPU slices of three generations and H100/B200 pools, 2 JobSets per node', () => {
    const f = fleetFigures(1000);
    expect(f.nodes).toBe(1024);
    expect(scenario.jobSets).toHaveLength(f.jobSets);
    const tpu = scenario.nodePools.filter((p) => p.spec.tpu).map((p) => p.spec.tpu!.type);
    expect(tpu.sort()).toEqual(['v5e', 'v5p', 'v6e']);
    const gpu = new Set(scenario.nodePools.filter((p) => p.spec.gpu).map((p) => p.spec.gpu!.type));
    expect([...gpu].sort()).toEqual(['b200', 'h100-80gb']);
    expect(scenario.faultModels.map((m) => m.name).sort()).toEqual(['gpu-faults', 'tpu-faults']);
  });

  it('has 10 ClusterQueues under a two-level cohort tree, Fair Sharing, and TAS flavors', () => {
    const k = scenario.kueue;
    expect(k.clusterQueues).toHaveLength(CLUSTER_QUEUES);
    const parent = Object.fromEntries(k.cohorts.map((c) => [c.metadata.name, c.spec?.parentName ?? null]));
    expect(parent).toEqual({ fleet: null, training: 'fleet', research: 'fleet' });
    expect(k.config.fairSharing).toBeDefined();
    expect(k.topologies.map((t) => t.metadata.name).sort()).toEqual(['gpu-fabric', 'tpu-slices']);
    for (const f of k.resourceFlavors) expect(f.spec?.topologyName).toBeTruthy();
  });

  it('in its first 6 hours, admits workloads with topology assignments and keeps each TPU child Job on one slice', () => {
    const short = loadScenarioFromTexts(
      [{ file: 'fleet-1000-6h.yaml', text: fleetScenario(1000, 0.25) }],
      loaderOptions(),
    );
    const events: LogRecord[] = [];
    const { result } = simulate(short.scenario, { retainEvents: false, onEvent: (r) => events.push(r) });
    expect(result.end).toBe(6 * 3600);
    const admitted = events.filter((e) => e.type === 'WorkloadAdmitted');
    expect(admitted.length).toBeGreaterThanOrEqual(10);
    expect(admitted.every((e) => e.topology !== undefined)).toBe(true);
    // One incarnation of a child Job: its creation count and its JobSet's admission count (a restart recreates the
    // Job, an eviction and readmission gives it a new topology assignment).
    const created = new Map<string, number>();
    const admissions = new Map<string, number>();
    const poolOfJob = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.type === 'JobCreated') created.set(String(e.job), (created.get(String(e.job)) ?? 0) + 1);
      if (e.type === 'WorkloadAdmitted') admissions.set(String(e.jobSet), (admissions.get(String(e.jobSet)) ?? 0) + 1);
      if (e.type !== 'PodScheduled' || !/^(v5e|v5p|v6e)-/.test(String(e.node))) continue;
      const key = `${e.job}#${created.get(String(e.job))}#${admissions.get(String(e.jobSet))}`;
      const s = poolOfJob.get(key) ?? new Set<string>();
      s.add(String(e.node).replace(/-node-\d+$/, ''));
      poolOfJob.set(key, s);
    }
    expect(poolOfJob.size).toBeGreaterThan(10);
    for (const pools of poolOfJob.values()) expect(pools.size).toBe(1);
    expect(result.metrics.jobsets.completed).toBeGreaterThan(0);
  });
});
