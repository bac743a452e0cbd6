/**
 * How every runnable kind runs for real ("Run this workload"): the single kinds'
 * (kinds/step-runs.ts) and the composite ones, one line each here. Loaded with a run
 * (run-fit.ts), never with the first paint. Pure.
 */
import type { AnyShape, RunSpec } from './define.ts';
import type { WorkloadId, WorkloadShapeOf } from './index.ts';
import { pipelineRun } from './pipeline-run.ts';
import { STEP_RUNS } from './step-runs.ts';
import type { RunnableWorkloadId } from '../runnable.ts';

/** The type checks that every kind marked `runs: true` has its line here, and no other. */
export const RUNS = { ...STEP_RUNS, pipeline: pipelineRun } satisfies {
  readonly [K in RunnableWorkloadId]: RunSpec<WorkloadShapeOf[K]>;
};

/** A kind's run spec, as generic code sees it; undefined for a kind that does not run. */
export function runOf(id: WorkloadId): RunSpec<AnyShape> | undefined {
  return Object.hasOwn(RUNS, id) ? (RUNS as Record<string, RunSpec<AnyShape>>)[id] : undefined;
}
