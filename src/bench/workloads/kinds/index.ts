/**
 * The runnable parts of every kind that has them, one line each. The type checks that
 * every kind the model calls runnable (src/model/workloads/kinds/<kind>.ts has a `run`
 * part) has its kernels here, and nothing else does.
 */
import type { AnyShape } from '../../../model/workloads/kinds/define.ts';
import type { WorkloadShapeOf } from '../../../model/workloads/kinds/index.ts';
import type { RunnableWorkloadId } from '../../../model/workloads/runnable.ts';
import type { BenchKind } from '../kind.ts';
import { elementwiseCpu } from './elementwise/cpu.ts';
import { elementwiseGpu } from './elementwise/gpu.ts';
import { expressionCpu } from './expression/cpu.ts';
import { expressionGpu } from './expression/gpu.ts';
import { layernormCpu } from './layernorm/cpu.ts';
import { layernormGpu } from './layernorm/gpu.ts';
import { matmulCpu } from './matmul/cpu.ts';
import { matmulGpu } from './matmul/gpu.ts';
import { matvecCpu } from './matvec/cpu.ts';
import { matvecGpu } from './matvec/gpu.ts';
import { reductionCpu } from './reduction/cpu.ts';
import { reductionGpu } from './reduction/gpu.ts';
import { softmaxCpu } from './softmax/cpu.ts';
import { softmaxGpu } from './softmax/gpu.ts';

export const BENCH_KINDS = {
  matmul: { gpu: matmulGpu, cpu: matmulCpu },
  matvec: { gpu: matvecGpu, cpu: matvecCpu },
  elementwise: { gpu: elementwiseGpu, cpu: elementwiseCpu },
  expression: { gpu: expressionGpu, cpu: expressionCpu },
  reduction: { gpu: reductionGpu, cpu: reductionCpu },
  softmax: { gpu: softmaxGpu, cpu: softmaxCpu },
  layernorm: { gpu: layernormGpu, cpu: layernormCpu },
} satisfies { readonly [K in RunnableWorkloadId]: BenchKind<WorkloadShapeOf[K]> };

/** A kind's runnable parts, as generic code sees them. */
export function benchKind(id: RunnableWorkloadId): BenchKind<AnyShape> {
  return BENCH_KINDS[id];
}
