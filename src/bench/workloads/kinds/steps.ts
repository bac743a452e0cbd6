/**
 * The runnable parts of every single kind, one line each (a pipeline chains these:
 * kinds/pipeline/). The type checks that every single kind the model calls runnable has
 * its kernels here, its GPU part a stage (so that it can be a pipeline's step);
 * kinds/index.ts adds the composite kinds.
 */
import type { AnyShape } from '../../../model/workloads/kinds/define.ts';
import type { ShapeOf } from '../../../model/workloads/kinds/steps.ts';
import type { RunnableStepId } from '../../../model/workloads/runnable.ts';
import type { StagedKernel } from '../gpu/run.ts';
import type { BenchKind } from '../kind.ts';
import { attentionCpu } from './attention/cpu.ts';
import { attentionGpu } from './attention/gpu.ts';
import { conv2dCpu } from './conv2d/cpu.ts';
import { conv2dGpu } from './conv2d/gpu.ts';
import { elementwiseCpu } from './elementwise/cpu.ts';
import { elementwiseGpu } from './elementwise/gpu.ts';
import { expressionCpu } from './expression/cpu.ts';
import { expressionGpu } from './expression/gpu.ts';
import { fftCpu } from './fft/cpu.ts';
import { fftGpu } from './fft/gpu.ts';
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

export const BENCH_STEP_KINDS = {
  matmul: { gpu: matmulGpu, cpu: matmulCpu },
  matvec: { gpu: matvecGpu, cpu: matvecCpu },
  elementwise: { gpu: elementwiseGpu, cpu: elementwiseCpu },
  expression: { gpu: expressionGpu, cpu: expressionCpu },
  reduction: { gpu: reductionGpu, cpu: reductionCpu },
  softmax: { gpu: softmaxGpu, cpu: softmaxCpu },
  layernorm: { gpu: layernormGpu, cpu: layernormCpu },
  conv2d: { gpu: conv2dGpu, cpu: conv2dCpu },
  attention: { gpu: attentionGpu, cpu: attentionCpu },
  fft: { gpu: fftGpu, cpu: fftCpu },
} satisfies { readonly [K in RunnableStepId]: BenchStepKind<ShapeOf[K]> };

/** A single kind's runnable parts: its GPU part can run alone and as a pipeline's step. */
export type BenchStepKind<S> = BenchKind<S> & { gpu: StagedKernel<S> };

/** True for a single kind with runnable parts. */
export function isBenchStepId(id: string): id is RunnableStepId {
  return Object.hasOwn(BENCH_STEP_KINDS, id);
}

/** A single kind's runnable parts, as generic code sees them. */
export function benchStepKind(id: RunnableStepId): BenchStepKind<AnyShape> {
  return BENCH_STEP_KINDS[id];
}
