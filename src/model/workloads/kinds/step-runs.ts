/**
 * How each single kind runs for real ("Run this workload"): one line per runnable kind,
 * each its `RunSpec` from kinds/<kind>-run.ts (the row-wise kinds share rows-run.ts's).
 * kinds/runs.ts adds the composite kinds, whose specs read these. Apart from the kinds'
 * definitions (kinds/steps.ts) because only a run needs it: the first paint counts and
 * estimates with the definitions and never loads this. Pure.
 */
import type { AnyShape, RunSpec } from './define.ts';
import { attentionRun } from './attention-run.ts';
import { conv2dRun } from './conv2d-run.ts';
import { elementwiseRun } from './elementwise-run.ts';
import { expressionRun } from './expression-run.ts';
import { fftRun } from './fft-run.ts';
import type { LayernormShape } from './layernorm.ts';
import { matmulRun } from './matmul-run.ts';
import { matvecRun } from './matvec-run.ts';
import { reductionRun } from './reduction-run.ts';
import { rowwiseRun } from './rows-run.ts';
import type { SoftmaxShape } from './softmax.ts';
import type { KernelWorkloadId, ShapeOf } from './steps.ts';
import type { RunnableStepId } from '../runnable.ts';

/** The type checks that every single kind marked `runs: true` has its line here, and no other. */
export const STEP_RUNS = {
  matmul: matmulRun,
  matvec: matvecRun,
  elementwise: elementwiseRun,
  expression: expressionRun,
  reduction: reductionRun,
  softmax: rowwiseRun<SoftmaxShape>(),
  layernorm: rowwiseRun<LayernormShape>(),
  conv2d: conv2dRun,
  attention: attentionRun,
  fft: fftRun,
} satisfies { readonly [K in RunnableStepId]: RunSpec<ShapeOf[K]> };

/** A single kind's run spec, as generic code sees it; undefined for a kind that does not run. */
export function stepRun(id: KernelWorkloadId): RunSpec<AnyShape> | undefined {
  return Object.hasOwn(STEP_RUNS, id) ? (STEP_RUNS as Record<string, RunSpec<AnyShape>>)[id] : undefined;
}
