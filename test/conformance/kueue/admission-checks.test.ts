// Admission checks' pure rules against kueue ff69552e: pkg/workload/workload_test.go TestAdmissionChecksForWorkload,
// pkg/controller/core/workload_controller.go buildAdmissionChecksMessage, pkg/workload/evict/evict.go
// resetChecksOnEviction, the AdmissionCheck CRD schema, and the simulated controller's outcome scripts.
import { describe, expect, it } from 'vitest';
import {
  type AdmissionCheck,
  admissionChecksForAdmission,
  admissionChecksMessage,
  outcomeFor,
  parseOutcomes,
  resetChecksOnEviction,
  retryBackoffSeconds,
} from '../../../src/kueue/admission-checks.js';
import type { AdmissionCheckState, ClusterQueue } from '../../../src/kueue/api.js';
import { validateAdmissionCheck } from '../../../src/kueue/validation.js';

describe('TestAdmissionChecksForWorkload (workload_test.go)', () => {
  // MakeClusterQueue("cq").ResourceGroup(flavor1, flavor2).AdmissionCheckStrategy(ac1..ac6).
  const cq = {
    metadata: { name: 'cq' },
    spec: {
      resourceGroups: [
        {
          coveredResources: ['cpu', 'memory'],
          flavors: [
            { name: 'flavor1', resources: [] },
            { name: 'flavor2', resources: [] },
          ],
        },
      ],
      admissionChecksStrategy: {
        admissionChecks: [
          { name: 'ac1', onFlavors: ['flavor1'] },
          { name: 'ac2', onFlavors: ['flavor2'] },
          { name: 'ac3', onFlavors: ['flavor1', 'flavor2'] },
          { name: 'ac4', onFlavors: ['flavor1', 'flavor2', 'non-existent-flavor'] },
          { name: 'ac5', onFlavors: ['non-existent-flavor'] },
          { name: 'ac6' },
        ],
      },
    },
  } as unknown as ClusterQueue;

  it('"Only relevant checks returned for an admitted workload": cpu on flavor1, memory on flavor2', () => {
    expect(admissionChecksForAdmission(cq, ['flavor1', 'flavor2'])).toEqual(['ac1', 'ac2', 'ac3', 'ac4', 'ac6']);
  });
  it('an admission on flavor2 only gets the checks that list flavor2 or no flavor', () => {
    expect(admissionChecksForAdmission(cq, ['flavor2'])).toEqual(['ac2', 'ac3', 'ac4', 'ac6']);
  });
  it('a ClusterQueue without checks gives none', () => {
    expect(admissionChecksForAdmission({ metadata: { name: 'x' }, spec: {} } as ClusterQueue, ['flavor1'])).toEqual([]);
  });
});

describe('buildAdmissionChecksMessage (workload_controller.go)', () => {
  it('one check, several sorted by name with their messages', () => {
    expect(admissionChecksMessage([{ name: 'prov' }], 'Retry')).toBe('AdmissionCheck in Retry state: "prov"');
    expect(admissionChecksMessage([{ name: 'b', message: 'no capacity' }, { name: 'a' }], 'Rejected')).toBe(
      'AdmissionChecks in Rejected state: "a"; "b" (no capacity)',
    );
  });
});

describe('resetChecksOnEviction (evict.go)', () => {
  it('every check back to Pending with "Reset to Pending after eviction. Previously: <state>"; Retry counts a retry', () => {
    const checks: AdmissionCheckState[] = [
      { name: 'a', state: 'Ready', lastTransitionTime: 1 },
      { name: 'b', state: 'Retry', lastTransitionTime: 1, requeueAfterSeconds: 60 },
      { name: 'c', state: 'Pending', lastTransitionTime: 1 },
    ];
    const wl = { status: { admissionChecks: checks } };
    resetChecksOnEviction(wl, 5);
    expect(wl.status.admissionChecks).toEqual([
      {
        name: 'a',
        state: 'Pending',
        message: 'Reset to Pending after eviction. Previously: Ready',
        lastTransitionTime: 5,
      },
      {
        name: 'b',
        state: 'Pending',
        message: 'Reset to Pending after eviction. Previously: Retry',
        lastTransitionTime: 5,
        requeueAfterSeconds: 60,
        retryCount: 1,
      },
      { name: 'c', state: 'Pending', lastTransitionTime: 1 },
    ]);
  });
});

describe('the simulated check controller', () => {
  const check = (outcomes?: string): AdmissionCheck => ({
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'AdmissionCheck',
    metadata: {
      name: 'prov',
      ...(outcomes ? { annotations: { 'jobset-sim.dev/admission-check-outcomes': outcomes } } : {}),
    },
    spec: { controllerName: 'kueue.x-k8s.io/provisioning-request' },
  });
  it('outcome scripts: one entry per attempt, the last repeats; default Ready; the workload overrides the check', () => {
    const ac = check('Retry,Retry,Ready');
    expect([0, 1, 2, 3].map((i) => outcomeFor(ac, undefined, i))).toEqual(['Retry', 'Retry', 'Ready', 'Ready']);
    expect(outcomeFor(check(), undefined, 0)).toBe('Ready');
    expect(outcomeFor(ac, { 'jobset-sim.dev/admission-check.prov': 'Rejected' }, 0)).toBe('Rejected');
    expect(() => parseOutcomes('Ready,Maybe')).toThrow(
      '"Maybe" is not an outcome: expected a comma-separated list of Ready, Retry, Rejected',
    );
  });
  it('Retry backoff: ProvisioningRequest retryStrategy defaults, 60 s · 2^(n−1) up to 1800 s', () => {
    expect([0, 1, 2, 3, 4, 5].map(retryBackoffSeconds)).toEqual([60, 120, 240, 480, 960, 1800]);
  });
});

describe('AdmissionCheck CRD schema (admissioncheck_types.go)', () => {
  it('controllerName is required and non-empty; parameters need apiGroup, kind and name', () => {
    expect(validateAdmissionCheck({ spec: { controllerName: 'x' } })).toEqual([]);
    expect(validateAdmissionCheck({ spec: {} }).map((e) => [e.path, e.message])).toEqual([
      ['spec.controllerName', 'Required value'],
      ['', expect.any(String)],
    ]);
    expect(
      validateAdmissionCheck({
        spec: { controllerName: '', parameters: { apiGroup: 'a.b', kind: '9x', name: 'p' } },
      }).map((e) => [e.path, e.message]),
    ).toEqual([
      ['spec.controllerName', 'spec.controllerName in body should be at least 1 chars long'],
      ['spec.parameters.kind', "spec.parameters.kind in body should match '^(?i)[a-z]([-a-z0-9]*[a-z0-9])?$'"],
    ]);
  });
});
