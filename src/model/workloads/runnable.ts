/**
 * Which kinds run for real ("Run this workload"): those whose definition says `runs: true`,
 * with a run spec (kinds/runs.ts) and kernels on both devices in
 * src/bench/workloads/kinds/<kind>/. Derived from the registry. Small on purpose: the
 * history's validator imports it without the verification model or the run specs. Pure.
 */
import { WORKLOAD_IDS, WORKLOAD_KINDS, kindOf, type WorkloadId } from './kinds/index.ts';
import type { KernelWorkloadId } from './kinds/steps.ts';

type Kinds = typeof WORKLOAD_KINDS;

/** The ids of the kinds that say `runs: true`. */
export type RunnableWorkloadId = { [K in WorkloadId]: Kinds[K] extends { runs: true } ? K : never }[WorkloadId];

/** The single kinds (a pipeline's possible steps) that run. */
export type RunnableStepId = RunnableWorkloadId & KernelWorkloadId;

export const RUNNABLE_WORKLOAD_IDS = WORKLOAD_IDS.filter((id): id is RunnableWorkloadId => kindOf(id).runs === true);

export function isRunnableWorkloadId(id: string): id is RunnableWorkloadId {
  return (RUNNABLE_WORKLOAD_IDS as readonly string[]).includes(id);
}
