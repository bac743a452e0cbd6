/**
 * The expression kind's heavy parts (kinds/expression.ts loads this module on demand):
 * parsing with a small cache (the size axis re-checks the expression at every size a
 * sweep visits), the cross-field check with the column of the failure, counts, the size
 * axis, the Python snippet and what a run holds. Pure.
 */
import type { WorkloadCounts } from '../kinds/count.ts';
import type { KindSizeAxis, PythonSnippet } from '../kinds/define.ts';
import type { ExpressionShape } from '../kinds/expression.ts';
import type { FieldProblem } from '../kinds/form.ts';
import { DTYPE_BYTES, type Dtype } from '../dtype.ts';
import { formatArrays, MAX_ELEMENTS, parseArrays, type NamedArray } from './arrays.ts';
import { analyze } from './analyze.ts';
import { CHECKED_OUTPUTS, checkCost } from './check-cost.ts';
import { expressionCounts } from './counts.ts';
import { dimGroups, groupMaxSize, groupText, mainGroup, resizeGroup } from './dims.ts';
import { ExpressionFailure, type ExpressionError } from './errors.ts';
import type { ParsedExpression } from './parse.ts';
import { parseSyntax } from './parser.ts';
import { buildPlan, type Plan } from './plan.ts';
import { planElements, splitExpression } from './split.ts';
import { expressionSnippet } from './snippet.ts';
import type { Syntax } from './syntax.ts';

type Parsed =
  { ok: true; expression: ParsedExpression } | { ok: false; problem: Partial<Record<'expr' | 'arrays', FieldProblem>> };

/** Recent parses by text; a sweep re-checks one expression over a few dozen array sizes. */
const CACHE_SIZE = 64;
const syntaxCache = new Map<string, Syntax | ExpressionError>();
const parseCache = new Map<string, Parsed>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}

function failure(e: unknown): ExpressionError {
  if (e instanceof ExpressionFailure) return e.error;
  // A bug must still not show a stack trace or a wrong estimate.
  return {
    message: 'this expression could not be read (an internal error); please report it',
    column: 1,
    endColumn: 2,
  };
}

/** The message at the field: where, then the parser's words (which may start with code: `np.linalg`). */
export function expressionProblem(error: ExpressionError): FieldProblem {
  const m = error.message;
  return {
    message: `At column ${error.column}: ${m}${/[.)]$/.test(m) && !m.endsWith(')') ? '' : '.'}`,
    span: { column: error.column, endColumn: error.endColumn },
  };
}

function syntaxOf(text: string): Syntax | ExpressionError {
  const hit = syntaxCache.get(text);
  if (hit) return hit;
  let r: Syntax | ExpressionError;
  try {
    r = parseSyntax(text);
  } catch (e) {
    r = failure(e);
  }
  return remember(syntaxCache, text, r);
}

function parseWith(text: string, arrays: readonly NamedArray[], key: string): Parsed {
  const syntax = syntaxOf(text);
  if ('message' in syntax)
    return remember(parseCache, key, { ok: false, problem: { expr: expressionProblem(syntax) } });
  try {
    const root = analyze(text, syntax, arrays);
    return remember(parseCache, key, { ok: true, expression: { text, arrays, syntax, root } });
  } catch (e) {
    return remember(parseCache, key, { ok: false, problem: { expr: expressionProblem(failure(e)) } });
  }
}

function parse(expr: string, arraysText: string): Parsed {
  const key = `${expr}\u0000${arraysText}`;
  const hit = parseCache.get(key);
  if (hit) return hit;
  const arrays = parseArrays(arraysText);
  if (!arrays.ok) return remember(parseCache, key, { ok: false, problem: { arrays: { message: arrays.message } } });
  return parseWith(expr, arrays.arrays, key);
}

/** The parsed expression of a shape the form accepted. */
export function parsedShape(s: ExpressionShape): ParsedExpression {
  const r = parse(s.expr, s.arrays);
  if (!r.ok) throw new Error(`not an accepted expression: ${JSON.stringify(r.problem)}`);
  return r.expression;
}

/** The kind's cross-field check: the first thing wrong, at its field (and column). */
export function checkExpression(expr: string, arrays: string): Partial<Record<'expr' | 'arrays', FieldProblem>> {
  const r = parse(expr, arrays);
  return r.ok ? {} : r.problem;
}

export function expressionShapeCounts(s: ExpressionShape, dtype: Dtype): WorkloadCounts {
  return expressionCounts(parsedShape(s), dtype, s.mode);
}

function withArrays(s: ExpressionShape, arrays: readonly NamedArray[]): ExpressionShape {
  return { ...s, arrays: formatArrays(arrays) };
}

/** Largest sizes a sweep goes to: 10¹¹ elements, as the elementwise kind. */
const AXIS_MAX_ELEMENTS = 1e11;

/**
 * The size axis: the group of dimensions holding the largest array's leading dimension
 * (and every dimension that must match it), scaled together; everything else kept.
 */
export function expressionSizeAxis(s: ExpressionShape): KindSizeAxis<ExpressionShape> {
  const p = parsedShape(s);
  const group = mainGroup(dimGroups(p.root, p.arrays), p.arrays);
  if (!group) {
    // Every array has one element: nothing to scale; the axis stays at 1.
    return {
      label: 'n (every array has one element)',
      unit: 'n',
      integer: true,
      min: 1,
      max: 2,
      current: 1,
      at: () => s,
    };
  }
  return {
    label: `n = ${groupText(group)} (the leading dimension and the dimensions that must match it, scaled together)`,
    unit: 'n',
    integer: true,
    min: 1,
    max: Math.max(2, groupMaxSize(p.arrays, group, Math.min(MAX_ELEMENTS, AXIS_MAX_ELEMENTS))),
    current: group.size,
    at: (n) => withArrays(s, resizeGroup(p.arrays, group, Math.max(1, Math.round(n)))),
  };
}

export function expressionPython(s: ExpressionShape, dtype: Dtype): PythonSnippet {
  const lines = expressionSnippet(parsedShape(s), dtype, s.mode).split('\n');
  const numpy = lines.includes('import numpy as np');
  const torch = lines.includes('import torch');
  return {
    lines: lines.filter((l) => l !== 'import numpy as np' && l !== 'import torch'),
    numpy,
    torch,
    functional: false,
  };
}

function planOf(s: ExpressionShape): Plan {
  return buildPlan(parsedShape(s).root, s.mode, 4);
}

/** Everything one run holds at most: inputs, temporaries and the result (1 GiB, as run-fit's MAX_RUN_BYTES). */
const RUN_BYTES = 2 ** 30;
/**
 * Element evaluations the CPU reference may spend checking one run: about 4·10⁶ a second
 * of JavaScript on a busy 2-core machine here (the page's GPU check runs on its main thread).
 */
export const CHECK_BUDGET = 4e6;

/** The largest size on `axis` (≤ its current) where `ok` holds, by bisection; the axis min when none. */
function largestWhere(axis: KindSizeAxis<ExpressionShape>, ok: (s: ExpressionShape) => boolean): number {
  let lo = axis.min;
  let hi = Math.floor(axis.current);
  if (ok(axis.at(hi))) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor(Math.sqrt(lo * hi));
    const m = mid <= lo ? lo + 1 : mid >= hi ? hi - 1 : mid;
    if (ok(axis.at(m))) lo = m;
    else hi = m;
  }
  return lo;
}

/**
 * What the kernels run for `s` in `dtype`: the same expression, scaled along its size axis where its
 * temporaries would not fit the memory one run holds, or where checking its outputs
 * would take the CPU reference too long; each change with its sentence. Also says when
 * the CPU workers cannot share it.
 */
export function expressionRunnable(
  s: ExpressionShape,
  dtype: Dtype = 'f32',
): { shape: ExpressionShape; notes: string[] } {
  const notes: string[] = [];
  let shape = s;
  const axis = expressionSizeAxis(s);
  // float64 holds 8 bytes an element; float16 is built as float32 first, so 4 at least.
  const bytes = Math.max(DTYPE_BYTES.f32, DTYPE_BYTES[dtype]);
  const fitsMemory = (x: ExpressionShape) => planElements(planOf(x)) * bytes <= RUN_BYTES;
  if (!fitsMemory(shape)) {
    const n = largestWhere(axis, fitsMemory);
    shape = axis.at(n);
    notes.push(
      `Ran at n = ${n.toLocaleString('en-US')}: with its temporaries this expression holds more than the 1 GiB one run may hold.`,
    );
  }
  const cheap = (x: ExpressionShape) => checkCost(parsedShape(x).root, CHECKED_OUTPUTS) <= CHECK_BUDGET;
  if (!cheap(shape)) {
    const n = largestWhere(expressionSizeAxis(shape), cheap);
    shape = expressionSizeAxis(shape).at(n);
    notes.push(
      `Ran at n = ${n.toLocaleString('en-US')}: the CPU reference recomputes each checked output of its reductions and matrix products in JavaScript, so the check stays within about a second.`,
    );
  }
  const split = splitExpression(parsedShape(shape), shape.mode);
  if (!split.group) notes.push(`The CPU side ran on one worker: ${split.reason}.`);
  return { shape, notes };
}

/** The largest buffer a run binds, elements (each padded to whole vec4 on the GPU). */
export function expressionLargestArray(s: ExpressionShape): number {
  let most = 0;
  for (const k of planOf(s).kernels) {
    for (const b of [...k.inputs, k.output])
      most = Math.max(most, Math.ceil(b.shape.reduce((p, d) => p * d, 1) / 4) * 4);
  }
  return most;
}

/** Workgroups a matmul's grid needs in one dimension (16 × 16 outputs each); other kernels spread over two. */
export function expressionWorkgroups(s: ExpressionShape): number {
  let most = 0;
  for (const k of planOf(s).kernels) {
    if (k.kind === 'matmul') most = Math.max(most, Math.ceil(k.m / 16), Math.ceil(k.n / 16));
  }
  return most;
}
