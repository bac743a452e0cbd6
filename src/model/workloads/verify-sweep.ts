/**
 * The held-out check of issue #20: every runnable kind at three sizes the achievable roofs
 * never measured (none is on a ladder, achievable-plan.ts), one tiny enough that fixed
 * costs are all there is, each predicted with no calibration and then run. The target is
 * CPU time, GPU time and speedup each within ±25 %. What to run, and the table of what
 * came out. Pure: `npm run bench -- --verify-sweep` runs it (src/bench/node/verify-sweep.ts).
 */
import type { Workload } from './kinds/index.ts';
import type { RunnableWorkloadId } from './runnable.ts';
import type { PartComparison, VerificationComparison } from './verify.ts';

/** The sizes, per kind: a tiny one, then two off every ladder. Chosen before the runs, not after. */
export const VERIFY_SWEEP_SIZES: { readonly [K in RunnableWorkloadId]: readonly Workload[] } = {
  // The issue's own 1×1×1 and 384³; 100 is between the quick ladder's 32 and 128.
  matmul: [1, 100, 384].map((n) => ({ id: 'matmul', dtype: 'f32', shape: { m: n, n, k: n, batch: 1 } })),
  matvec: [1, 500, 3000].map((n) => ({ id: 'matvec', dtype: 'f32', shape: { m: n, n, batch: 1 } })),
  // One element, 3·10⁴, and the 3·10⁶.
  elementwise: [1, 3e4, 3e6].map((elements) => ({
    id: 'elementwise',
    dtype: 'f32',
    shape: { elements, inputs: 3, outputs: 1, flopsPerElement: 2 },
  })),
  // One element, 10⁵, and the 5·10⁶.
  reduction: [1, 1e5, 5e6].map((elements) => ({ id: 'reduction', dtype: 'f32', shape: { elements } })),
  // Rows of 1000 (the ladders use 1024): one row, 50, 500.
  softmax: [1, 50, 500].map((rows) => ({ id: 'softmax', dtype: 'f32', shape: { rows, cols: 1000 } })),
  layernorm: [1, 50, 500].map((rows) => ({ id: 'layernorm', dtype: 'f32', shape: { rows, cols: 1000 } })),
  // Ladders: conv2d 8 → 8 channels on square images, attention 2 heads of 32, FFTs of 8 transforms.
  conv2d: [
    { batch: 1, cin: 1, cout: 1, h: 1, w: 1, kh: 1, kw: 1, stride: 1, pad: 0 },
    { batch: 1, cin: 16, cout: 16, h: 30, w: 30, kh: 3, kw: 3, stride: 1, pad: 1 },
    { batch: 2, cin: 32, cout: 64, h: 56, w: 56, kh: 3, kw: 3, stride: 1, pad: 1 },
  ].map((shape) => ({ id: 'conv2d', dtype: 'f32', shape })),
  attention: [
    { batch: 1, heads: 1, sq: 1, sk: 1, d: 8, causal: false, fused: false },
    { batch: 1, heads: 4, sq: 100, sk: 100, d: 64, causal: false, fused: false },
    { batch: 2, heads: 8, sq: 300, sk: 300, d: 64, causal: false, fused: true },
  ].map((shape) => ({ id: 'attention', dtype: 'f32', shape })),
  fft: [
    { length: 2, batch: 1, complex: true }, // the ladders run 8 transforms
    { length: 2048, batch: 10, complex: true },
    { length: 2 ** 17, batch: 6, complex: true },
  ].map((shape) => ({ id: 'fft', dtype: 'f32', shape })),
  // NumPy's a*b+c, eager (two kernels and a temporary) at the sizes of the elementwise rows, and fused once.
  expression: (
    [
      [1, 'eager'],
      [3e4, 'eager'],
      [3e6, 'fused'],
    ] as const
  ).map(([n, mode]) => ({
    id: 'expression',
    dtype: 'f32',
    shape: { expr: 'a*b+c', arrays: `a:${n},b:${n},c:${n}`, mode },
  })),
  pipeline: [1, 100, 300].map((n) => ({
    id: 'pipeline',
    dtype: 'f32',
    shape: {
      steps: [
        { id: 'matmul', dtype: 'f32', shape: { m: n, n, k: n, batch: 1 } },
        { id: 'softmax', dtype: 'f32', shape: { rows: n, cols: n } },
      ],
      dataStaysOnGpu: true,
      repeat: 2,
    },
  })),
};

/** The target, and the looser bound the browser test holds the page to (it runs beside other work). */
export const SWEEP_TARGET = 0.25;

/** One row of the table: a workload as it ran, and the three errors the target is about. */
export interface SweepRow {
  kind: string;
  /** The size as it ran ('n=384', '3,000,000 elements'). */
  size: string;
  tiny: boolean;
  cpu: PartComparison;
  gpu: PartComparison;
  speedup: PartComparison;
  upload: PartComparison;
  readback: PartComparison;
  gpuCompute: PartComparison;
}

/** A row from a verification's comparison: GPU time is its total (upload + kernels + readback). */
export function sweepRow(kind: string, size: string, tiny: boolean, c: VerificationComparison): SweepRow {
  return {
    kind,
    size,
    tiny,
    cpu: c.cpu,
    gpu: c.gpuTotal,
    speedup: c.speedup,
    upload: c.upload,
    readback: c.readback,
    gpuCompute: c.gpuCompute,
  };
}

/** Within the target: |measured ÷ predicted − 1| ≤ 25 %. */
export function withinTarget(p: PartComparison, target = SWEEP_TARGET): boolean {
  return Number.isFinite(p.errorPercent) && Math.abs(p.errorPercent) <= target * 100;
}

/** How many of the rows' CPU, GPU and speedup figures are within the target, of how many. */
export function sweepScore(rows: readonly SweepRow[]): {
  cpu: number;
  gpu: number;
  speedup: number;
  upload: number;
  readback: number;
  of: number;
} {
  const count = (pick: (r: SweepRow) => PartComparison) => rows.filter((r) => withinTarget(pick(r))).length;
  return {
    cpu: count((r) => r.cpu),
    gpu: count((r) => r.gpu),
    speedup: count((r) => r.speedup),
    upload: count((r) => r.upload),
    readback: count((r) => r.readback),
    of: rows.length,
  };
}

/** '+12 %', '−40 %', '–' for nothing to compare. */
export function signedPercent(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const r = Math.round(x);
  return `${r >= 0 ? '+' : '−'}${Math.abs(r).toLocaleString('en-US')} %`;
}
