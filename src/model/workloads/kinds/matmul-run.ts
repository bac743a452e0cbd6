/**
 * How matmul runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/matmul.ts) so that the first paint, which only counts and estimates,
 * does not load it. Pure.
 */
import type { RunSpec } from './define.ts';
import type { MatmulShape } from './matmul.ts';

const pad4 = (x: number): number => Math.ceil(x / 4) * 4;

export const matmulRun: RunSpec<MatmulShape> = {
  runnable: (s) =>
    s.batch === 1
      ? { shape: s, notes: [] }
      : { shape: { ...s, batch: 1 }, notes: [`Ran one product of the batch of ${s.batch}.`] },
  // Rows are padded to whole vec4 on the GPU.
  largestArrayElements: (s) => Math.max(s.m * pad4(s.k), s.k * pad4(s.n), s.m * pad4(s.n)),
  // One workgroup per 64 rows of C in y (shaders: kinds/matmul/matmul.wgsl).
  workgroupsPerDimension: (s) => Math.ceil(s.m / 64),
  // Work grows as n³: 1.5 decades of n are 4.5 decades of work.
  sweep: { decades: 1.5, perDecade: 3, min: 8 },
};
