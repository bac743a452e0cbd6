/**
 * The runnable parts of every kind that has them: the single kinds (kinds/steps.ts, one
 * line each) and the composite ones, one line each here. The type checks that every kind
 * the model calls runnable (src/model/workloads/kinds/<kind>.ts says `runs: true`) has its
 * kernels here, and nothing else does.
 */
import type { AnyShape } from '../../../model/workloads/kinds/define.ts';
import type { WorkloadShapeOf } from '../../../model/workloads/kinds/index.ts';
import type { RunnableWorkloadId } from '../../../model/workloads/runnable.ts';
import type { BenchKind } from '../kind.ts';
import { pipelineCpu } from './pipeline/cpu.ts';
import { pipelineGpu } from './pipeline/gpu.ts';
import { BENCH_STEP_KINDS } from './steps.ts';

export const BENCH_KINDS = {
  ...BENCH_STEP_KINDS,
  pipeline: { gpu: pipelineGpu, cpu: pipelineCpu },
} satisfies { readonly [K in RunnableWorkloadId]: BenchKind<WorkloadShapeOf[K]> };

/** A kind's runnable parts, as generic code sees them. */
export function benchKind(id: RunnableWorkloadId): BenchKind<AnyShape> {
  return BENCH_KINDS[id];
}
