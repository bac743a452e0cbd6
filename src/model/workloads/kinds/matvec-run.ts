/**
 * How matvec runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/matvec.ts) so that the first paint, which only counts and estimates,
 * does not load it. Pure.
 */
import type { RunSpec } from './define.ts';
import type { MatvecShape } from './matvec.ts';

export const matvecRun: RunSpec<MatvecShape> = {
  runnable: (s) => ({ shape: s, notes: [] }),
  // Rows of A and of each x padded to whole vec4.
  largestArrayElements: (s) => Math.max(s.m * Math.ceil(s.n / 4) * 4, s.batch * Math.ceil(s.n / 4) * 4, s.batch * s.m),
};
