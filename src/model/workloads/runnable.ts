/**
 * Which kinds run for real ("Run this workload"): those whose definition has a `run` part,
 * with kernels on both devices in src/bench/workloads/kinds/<kind>/. Derived from the
 * registry. Small on purpose: the history's validator imports it without the verification
 * model. Pure.
 */
import { WORKLOAD_IDS, WORKLOAD_KINDS, kindOf, type WorkloadId } from './kinds/index.ts';

type Kinds = typeof WORKLOAD_KINDS;

/** The ids of the kinds that have a `run` part. */
export type RunnableWorkloadId = { [K in WorkloadId]: Kinds[K] extends { run: object } ? K : never }[WorkloadId];

export const RUNNABLE_WORKLOAD_IDS = WORKLOAD_IDS.filter(
  (id): id is RunnableWorkloadId => kindOf(id).run !== undefined,
);

export function isRunnableWorkloadId(id: string): id is RunnableWorkloadId {
  return (RUNNABLE_WORKLOAD_IDS as readonly string[]).includes(id);
}
