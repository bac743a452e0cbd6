/**
 * What a workload costs (FLOPs, device bytes, host bytes, launches), by the kind's own
 * `counts` in kinds/<kind>.ts; this module dispatches through the registry and keeps the
 * classic fields a workload fills. The types and the conventions are in kinds/count.ts.
 * Pure.
 */
import { kindOf, type Workload } from './kinds/index.ts';
import type { KernelWorkload } from './kinds/steps.ts';
import type { WorkloadCounts } from './kinds/count.ts';

export {
  countsFrom,
  intensityFlopsPerByte,
  type CountFormulas,
  type KernelClass,
  type KernelCount,
  type WorkloadCounts,
} from './kinds/count.ts';

/** Counts of any workload. */
export function workloadCounts(w: Workload): WorkloadCounts {
  return kindOf(w.id).counts(w.shape, w.dtype);
}

/** Counts of one operation. */
export function kernelWorkloadCounts(w: KernelWorkload): WorkloadCounts {
  return workloadCounts(w);
}

/**
 * The classic estimator fields a workload fills (issue #12: "fills the classic fields",
 * provenance "from workload"), in the estimator's units. May fall outside those fields'
 * limits (a tiny workload below 1e-6 Giga-operations); the form's validation says so.
 */
export function classicFieldsFromCounts(c: WorkloadCounts): {
  totalGigaOps: number;
  dataGB: number;
  launchCount: number;
} {
  return { totalGigaOps: c.flops / 1e9, dataGB: c.hostBytes / 1e9, launchCount: c.launches };
}
