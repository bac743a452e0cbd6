/**
 * How reduction runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/reduction.ts) so that the first paint, which only counts and estimates,
 * does not load it. Pure.
 */
import type { RunSpec } from './define.ts';
import type { ReductionShape } from './reduction.ts';

export const reductionRun: RunSpec<ReductionShape> = {
  runnable: (s) => ({ shape: s, notes: [] }),
  largestArrayElements: (s) => Math.ceil(s.elements / 4) * 4,
};
