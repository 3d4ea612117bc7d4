// Kueue Configuration `admissionFairSharing` (config.kueue.x-k8s.io v1beta2 AdmissionFairSharing): defaulted as
// apis/config/v1beta2/defaults.go (usageSamplingInterval 5m when unset or 0) and validated as pkg/config/validation.go
// validateAdmissionFairSharing, with its messages at its paths.
import {
  type AdmissionFairSharingConfig,
  DEFAULT_USAGE_SAMPLING_INTERVAL_US,
} from '../kueue/admission-fair-sharing.js';
import { got, key } from './checker.js';
import { DurationError, parseDuration } from './duration.js';
import type { Entry } from './entry.js';

const FIELDS = ['usageHalfLifeTime', 'usageSamplingInterval', 'resourceWeights'] as const;

/** A Go duration in µs, any sign; undefined (with the problem reported) when it does not parse. */
function goDuration(c: Entry['c'], v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'string' && typeof v !== 'number') {
    c.err(path, `expected a duration such as 168h, got ${got(v)}`);
    return undefined;
  }
  try {
    return parseDuration(v);
  } catch (e) {
    if (e instanceof DurationError) {
      c.err(path, e.message);
      return undefined;
    }
    throw e;
  }
}

export function readAdmissionFairSharing(c: Entry['c'], raw: unknown): AdmissionFairSharingConfig | undefined {
  const path = 'admissionFairSharing';
  const o = c.map(raw, path);
  if (!o) return undefined;
  c.unknownFields(o, path, FIELDS);
  const halfLife = goDuration(c, o.usageHalfLifeTime, `${path}.usageHalfLifeTime`);
  let sampling = goDuration(c, o.usageSamplingInterval, `${path}.usageSamplingInterval`);
  if (sampling === 0) sampling = DEFAULT_USAGE_SAMPLING_INTERVAL_US; // cmp.Or(d, 5*time.Minute)
  if (halfLife !== undefined && halfLife < 0) c.err(`${path}.usageHalfLifeTime`, 'must be greater than or equal to 0');
  if (sampling !== undefined && sampling < 0) c.err(`${path}.usageSamplingInterval`, 'must be greater than 0');
  const weights: Record<string, number> = {};
  const w = c.map(o.resourceWeights, `${path}.resourceWeights`);
  for (const [r, v] of Object.entries(w ?? {})) {
    const p = key(`${path}.resourceWeights`, r);
    if (typeof v !== 'number' || !Number.isFinite(v)) c.err(p, `expected a number, got ${got(v)}`);
    else if (v < 0) c.err(p, 'must be greater than or equal to 0');
    else weights[r] = v;
  }
  if (halfLife === undefined || sampling === undefined || halfLife < 0 || sampling < 0) return undefined;
  return { usageHalfLifeTimeUs: halfLife, usageSamplingIntervalUs: sampling, resourceWeights: weights };
}
