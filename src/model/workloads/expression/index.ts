/**
 * The `expression` workload kind's model (issue #18): a NumPy/PyTorch expression over named
 * arrays (`w.expr`, `w.arrays`, `w.dtype`, `w.mode`), parsed by our own parser (never
 * evaluated), counted eager or fused, with its Python snippet. This file is the kind's
 * public surface; the registry definition (kinds/expression.ts) builds on it. Pure.
 */
export { parseExpression, parseExpressionFields } from './parse.ts';
export type { ExpressionFieldsParse, ExpressionParse, ParsedExpression } from './parse.ts';
export type { ExpressionError } from './errors.ts';
export { formatArrays, formatShape, parseArrays, MAX_ARRAYS, MAX_ELEMENTS, MAX_RANK } from './arrays.ts';
export type { ArraysResult, NamedArray } from './arrays.ts';
export { MAX_EXPRESSION_LENGTH, MAX_NESTING, MAX_OPERATIONS } from './parser.ts';
export { EXPRESSION_CONVENTION, expressionCounts, planCounts } from './counts.ts';
export { buildPlan, PLAN_MODES } from './plan.ts';
export type { BufferRef, KernelExpr, Plan, PlanKernel, PlanMode } from './plan.ts';
export { expressionSnippet } from './snippet.ts';
export { renderExpression } from './render.ts';
export type { ElementType, Node } from './ir.ts';

import type { PlanMode } from './plan.ts';
import { PLAN_MODES } from './plan.ts';

/** The URL's values when a parameter is absent: the worked example, eager. */
export const EXPRESSION_DEFAULTS = Object.freeze({
  expr: 'a*b + c',
  arrays: 'a:100000000,b:100000000,c:100000000',
  mode: 'eager',
});

/** `w.mode`: eager or fused; anything else is refused with the choices named. */
export function parseMode(raw: string): { ok: true; mode: PlanMode } | { ok: false; message: string } {
  const v = raw.trim().toLowerCase();
  return (PLAN_MODES as readonly string[]).includes(v)
    ? { ok: true, mode: v as PlanMode }
    : { ok: false, message: 'Choose eager (one kernel per operator) or fused (one kernel per elementwise chain).' };
}
