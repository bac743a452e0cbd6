/**
 * Workloads of issue #12: what the user's code does, as a shape and a data type, instead
 * of "Giga-operations". The unions here are derived from the registry of kinds
 * (kinds/index.ts, kinds/steps.ts); each kind's shape type lives with its definition.
 * Re-exports only, so older imports keep working. Pure.
 */
export { DTYPES, DTYPE_BYTES, DTYPE_LABELS, isDtype, type Dtype } from './dtype.ts';
export { WORKLOAD_IDS, isWorkloadId, type Workload, type WorkloadId } from './kinds/index.ts';
export {
  KERNEL_WORKLOAD_IDS,
  isKernelWorkloadId,
  type KernelWorkload,
  type KernelWorkloadId,
  type ShapeOf,
} from './kinds/steps.ts';
export { RUNNABLE_WORKLOAD_IDS, isRunnableWorkloadId, type RunnableWorkloadId } from './runnable.ts';
