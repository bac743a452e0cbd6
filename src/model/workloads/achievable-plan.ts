/**
 * Which kernels a profile runs to measure each class's achievable roof, at which sizes
 * (issue #20): a ladder from a size tiny enough that fixed costs are all there is, up by a
 * constant factor, each rung the same kernel "Run this workload" runs (its code path, its
 * validation). The bench climbs a ladder until a run takes its target time or its budget
 * runs out, so a fast GPU reaches large sizes and a software adapter stops early; the fit
 * then spans tiny to large. The full profile climbs in smaller steps (more sizes). Pure.
 */
import type { AchievableClass } from './achievable.ts';
import type { Workload } from './kinds/index.ts';
import type { RunnableWorkloadId } from './runnable.ts';

/** One size of a ladder: one workload per kind that measures the class. */
export interface AchievableRung {
  size: number;
  workloads: Workload[];
}

/**
 * The kinds whose kernels stand for each class (softmax and layernorm both are row-wise;
 * attention runs both ways, fused and as three kernels).
 */
export const ACHIEVABLE_KINDS: { readonly [C in AchievableClass]: readonly RunnableWorkloadId[] } = {
  matmul: ['matmul'],
  matvec: ['matvec'],
  elementwise: ['elementwise'],
  reduction: ['reduction'],
  rowwise: ['softmax', 'layernorm'],
  conv2d: ['conv2d'],
  attention: ['attention'],
  fft: ['fft'],
};

/**
 * Row length of the row-wise ladder: its rungs add rows (the kinds' size axis), so the fit
 * follows the axis the page sweeps; 1024 is a typical hidden size or short vocabulary.
 */
export const ROWWISE_LADDER_COLS = 1024;

/** A profile's ladders: the first size, the last, and the step between rungs. */
interface LadderSpec {
  first: number;
  last: number;
  quickStep: number;
  fullStep: number;
}

/**
 * Square matmuls from 2³; vectors from 16 elements; rows from one; conv2d images from 1×1
 * pixels; attention sequences from one token; FFTs from 2 points.
 */
const LADDERS: { readonly [C in AchievableClass]: LadderSpec } = {
  matmul: { first: 2, last: 4096, quickStep: 4, fullStep: 2 },
  matvec: { first: 4, last: 16384, quickStep: 4, fullStep: 2 },
  elementwise: { first: 16, last: 2 ** 26, quickStep: 4, fullStep: 2 },
  reduction: { first: 16, last: 2 ** 26, quickStep: 4, fullStep: 2 },
  rowwise: { first: 1, last: 2 ** 16, quickStep: 4, fullStep: 2 },
  conv2d: { first: 1, last: 1024, quickStep: 4, fullStep: 2 },
  attention: { first: 1, last: 8192, quickStep: 4, fullStep: 2 },
  fft: { first: 2, last: 2 ** 22, quickStep: 8, fullStep: 2 },
};

/** Transforms per FFT rung: more than the cores, so the CPU's kernel runs on every worker. */
const FFT_LADDER_BATCH = 8;

/**
 * The workloads of one rung of `kernelClass` at `size`, in float32: one per kind of the
 * class (attention: fused and as three kernels). conv2d: 8 → 8 channels, 3×3, same padding,
 * a size×size image; attention: 2 heads of 32, size tokens each way.
 */
function rungWorkloads(kernelClass: AchievableClass, size: number): Workload[] {
  switch (kernelClass) {
    case 'matmul':
      return [{ id: 'matmul', dtype: 'f32', shape: { m: size, n: size, k: size, batch: 1 } }];
    case 'matvec':
      return [{ id: 'matvec', dtype: 'f32', shape: { m: size, n: size, batch: 1 } }];
    case 'elementwise':
      return [
        { id: 'elementwise', dtype: 'f32', shape: { elements: size, inputs: 3, outputs: 1, flopsPerElement: 2 } },
      ];
    case 'reduction':
      return [{ id: 'reduction', dtype: 'f32', shape: { elements: size } }];
    case 'rowwise':
      return (['softmax', 'layernorm'] as const).map((id) => ({
        id,
        dtype: 'f32',
        shape: { rows: size, cols: ROWWISE_LADDER_COLS },
      }));
    case 'conv2d':
      return [
        {
          id: 'conv2d',
          dtype: 'f32',
          shape: { batch: 1, cin: 8, cout: 8, h: size, w: size, kh: 3, kw: 3, stride: 1, pad: 1 },
        },
      ];
    case 'attention':
      return [false, true].map((fused) => ({
        id: 'attention',
        dtype: 'f32',
        shape: { batch: 1, heads: 2, sq: size, sk: size, d: 32, causal: false, fused },
      }));
    case 'fft':
      return [{ id: 'fft', dtype: 'f32', shape: { length: size, batch: FFT_LADDER_BATCH, complex: true } }];
  }
}

/** The ladder of `kernelClass` for `profile`, smallest rung first. */
export function achievableLadder(kernelClass: AchievableClass, profile: 'quick' | 'full'): AchievableRung[] {
  const spec = LADDERS[kernelClass];
  const step = profile === 'quick' ? spec.quickStep : spec.fullStep;
  const rungs: AchievableRung[] = [];
  for (let size = spec.first; size <= spec.last; size *= step) {
    rungs.push({ size, workloads: rungWorkloads(kernelClass, size) });
  }
  return rungs;
}

/** A rung's workload in a few words, for a metric's details: 'm=512,n=512,k=512', 'softmax rows=64,cols=1024', 'fused sq=64,…'. */
export function rungShape(w: Workload, kernelClass: AchievableClass): string {
  const dims = Object.entries(w.shape)
    .filter(([k, v]) => typeof v === 'number' && !['batch', 'inputs', 'outputs', 'flopsPerElement'].includes(k))
    .map(([k, v]) => `${k}=${v as number}`)
    .join(',');
  if (w.id === 'attention') return `${w.shape.fused ? 'fused' : 'unfused'} ${dims}`;
  return ACHIEVABLE_KINDS[kernelClass].length > 1 ? `${w.id} ${dims}` : dims;
}
