/**
 * How expression runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/expression.ts) so that the first paint, which only counts and estimates,
 * does not load it. It imports the expression's parser and planner
 * (../expression/kind-parts.ts) outright: a run has loaded them anyway. Pure.
 */
import { expressionLargestArray, expressionRunnable, expressionWorkgroups } from '../expression/kind-parts.ts';
import type { RunSpec } from './define.ts';
import type { ExpressionShape } from './expression.ts';

export const expressionRun: RunSpec<ExpressionShape> = {
  runnable: (s) => expressionRunnable(s),
  largestArrayElements: (s) => expressionLargestArray(s),
  workgroupsPerDimension: (s) => expressionWorkgroups(s),
  sweep: { decades: 3, perDecade: 2 },
  cannotRunType: (dtype) =>
    dtype === 'f64'
      ? {
          cpu: 'The expression’s WebAssembly kernels are generated for float32 only (their exp, log, sin, cos, tanh and powers are float32 approximations), so the CPU cannot run it in float64 here.',
        }
      : {},
};
