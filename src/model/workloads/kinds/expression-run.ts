/**
 * How expression runs for real ("Run this workload"; kinds/define.ts `RunSpec`), apart from its
 * definition (kinds/expression.ts) so that the first paint, which only counts and estimates,
 * does not load it. It imports the expression's parser and planner
 * (../expression/kind-parts.ts) outright: a run has loaded them anyway. Pure.
 *
 * Every data type runs where the device does (run-fit.ts `runSides`): float32 on both,
 * float16 on a GPU with shader-f16, float64 on the CPU (the generated Wasm has f64x2
 * variants of every kernel and float64 math), so the kind adds no refusal of its own.
 */
import { expressionLargestArray, expressionRunnable, expressionWorkgroups } from '../expression/kind-parts.ts';
import type { RunSpec } from './define.ts';
import type { ExpressionShape } from './expression.ts';

export const expressionRun: RunSpec<ExpressionShape> = {
  runnable: (s, dtype) => expressionRunnable(s, dtype),
  largestArrayElements: (s) => expressionLargestArray(s),
  workgroupsPerDimension: (s) => expressionWorkgroups(s),
  sweep: { decades: 3, perDecade: 2 },
};
