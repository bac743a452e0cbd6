/**
 * The registry of every workload kind the page offers, in the picker's order: the single
 * kinds (kinds/steps.ts, one line each) and the composite ones, one line each here. The
 * unions (`WorkloadId`, `Workload`), the URL's `w=` values, the form, history validation
 * and dispatch all come from it.
 */
import type { Dtype } from '../dtype.ts';
import { registry, type AnyShape, type AnyWorkloadKind, type ShapeOfKind } from './define.ts';
import { pipeline } from './pipeline.ts';
import { STEP_KINDS } from './steps.ts';

export const WORKLOAD_KINDS = registry({ ...STEP_KINDS, pipeline });

/** Every workload the page offers; also the URL's `w=` values. */
export type WorkloadId = keyof typeof WORKLOAD_KINDS;

/** Any workload: its kind, data type and shape. */
export type Workload = {
  [K in WorkloadId]: { id: K; dtype: Dtype; shape: ShapeOfKind<(typeof WORKLOAD_KINDS)[K]> };
}[WorkloadId];

/** The shape type of each kind. */
export type WorkloadShapeOf = { [K in WorkloadId]: ShapeOfKind<(typeof WORKLOAD_KINDS)[K]> };

export const WORKLOAD_IDS = Object.keys(WORKLOAD_KINDS) as readonly WorkloadId[];

export function isWorkloadId(s: string): s is WorkloadId {
  return Object.hasOwn(WORKLOAD_KINDS, s);
}

/** Whether every kind's lazily loaded part (kinds/define.ts `lazy`: the expression parser) is in. */
export function workloadKindsReady(): boolean {
  return Object.values<AnyWorkloadKind>(WORKLOAD_KINDS).every((k) => !k.lazy || k.lazy.ready());
}

/**
 * Load every kind's lazily loaded part. The page calls it once a workload is picked (and
 * before it reads saved estimates); Node callers (tests, scripts) before they count or
 * validate workloads.
 */
export async function loadWorkloadKinds(): Promise<void> {
  await Promise.all(Object.values<AnyWorkloadKind>(WORKLOAD_KINDS).flatMap((k) => (k.lazy ? [k.lazy.load()] : [])));
}

/** A kind's definition, as generic code sees it. */
export function kindOf(id: WorkloadId): AnyWorkloadKind {
  return WORKLOAD_KINDS[id];
}

/** The workload of kind `id` with `shape` (a shape its own form or size axis produced). */
export function workloadOf(id: WorkloadId, dtype: Dtype, shape: AnyShape): Workload {
  return { id, dtype, shape } as Workload;
}
