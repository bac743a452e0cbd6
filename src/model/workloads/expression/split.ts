/**
 * How the CPU workers share an expression. Each worker has its own memory, so a worker
 * computes a slab of the result with everything that slab needs: the expression over
 * arrays cut along one group of tied dimensions (dims.ts) — `a*b + c` as a*b + c over a
 * range of elements, `x @ w + bias` over a range of x's rows (all of w and bias) — and
 * the slab of the plan's every kernel is the same plan over the cut arrays.
 *
 * A group splits when every buffer of the plan has at most one of its dimensions (so a
 * slab is a range of that one axis everywhere) and no kernel turns a cut operand into an
 * uncut result (a sum over the split axis needs every row), except the last kernel when it
 * reduces everything to one value: then each worker returns its part and the parts are
 * added (or, for max, their maximum taken). Where no group splits, one worker runs the
 * whole expression, and the run says so. Pure.
 */
import type { NamedArray } from './arrays.ts';
import { dimGroups, mainGroup, resizeGroup, type DimGroup } from './dims.ts';
import { elementsOf } from './ir.ts';
import { parseExpression, type ParsedExpression } from './parse.ts';
import { buildPlan, type BufferRef, type Plan, type PlanMode } from './plan.ts';
import type { Reduction } from './syntax.ts';

export interface ExpressionSplit {
  /** The dimensions the workers cut, or undefined: one worker runs it all. */
  group: DimGroup | undefined;
  /** The last kernel reduces the cut axis to one value: each worker's result is a part of it. */
  partial: Reduction | undefined;
  /** Why one worker, when `group` is undefined (a sentence). */
  reason: string;
}

/** The plan of `parsed` over `arrays` (the same text), or undefined when it no longer checks. */
function planOver(parsed: ParsedExpression, arrays: readonly NamedArray[], mode: PlanMode): Plan | undefined {
  const r = parseExpression(parsed.text, arrays);
  return r.ok ? buildPlan(r.expression.root, mode, 4) : undefined;
}

function buffersOf(plan: Plan): BufferRef[][] {
  return plan.kernels.map((k) => [...k.inputs, k.output]);
}

/** The axis of `global` that the cut changed to `rows` (−1: none), or null when more than one changed. */
function cutAxis(global: readonly number[], local: readonly number[], size: number, rows: number): number | null {
  if (global.length !== local.length) return null;
  let axis = -1;
  for (let i = 0; i < global.length; i++) {
    if (global[i] === local[i]) continue;
    if (axis >= 0 || global[i] !== size || local[i] !== rows) return null;
    axis = i;
  }
  return axis;
}

/**
 * Whether cutting `group` to `rows` leaves the same plan, each buffer cut along at most one
 * axis, with no kernel reducing over the cut but (where allowed) a last full reduction.
 * Returns that last reduction's function, 'none' when there is none, or false.
 */
export function checkCut(
  parsed: ParsedExpression,
  mode: PlanMode,
  group: DimGroup,
  rows: number,
): Reduction | 'none' | false {
  const global = buildPlan(parsed.root, mode, 4);
  const local = planOver(parsed, resizeGroup(parsed.arrays, group, rows), mode);
  if (!local || local.kernels.length !== global.kernels.length) return false;
  const g = buffersOf(global);
  const l = buffersOf(local);
  let partial: Reduction | 'none' = 'none';
  for (let i = 0; i < global.kernels.length; i++) {
    const gk = global.kernels[i];
    const lk = local.kernels[i];
    if (!gk || !lk || gk.kind !== lk.kind || gk.inputs.length !== lk.inputs.length) return false;
    const gb = g[i] as BufferRef[];
    const lb = l[i] as BufferRef[];
    const axes = gb.map((b, j) => cutAxis(b.shape, (lb[j] as BufferRef).shape, group.size, rows));
    if (axes.some((a) => a === null)) return false;
    const outCut = axes[axes.length - 1] !== -1;
    const inCut = axes.slice(0, -1).some((a) => a !== -1);
    if (inCut && !outCut) {
      const last = i === global.kernels.length - 1;
      if (!(last && gk.kind === 'reduction' && gk.axis === null)) return false;
      partial = gk.fn;
    }
  }
  return partial;
}

/** A cut size distinct from the group's own size and from 1, to tell cut axes from kept ones. */
function probeRows(group: DimGroup): number {
  return group.size === 2 ? 3 : 2;
}

/** How the CPU workers share `parsed` in `mode`. */
export function splitExpression(parsed: ParsedExpression, mode: PlanMode): ExpressionSplit {
  const groups = dimGroups(parsed.root, parsed.arrays);
  const main = mainGroup(groups, parsed.arrays);
  const order = main ? [main, ...groups.filter((g) => g !== main)] : groups;
  for (const group of order) {
    const r = checkCut(parsed, mode, group, probeRows(group));
    if (r !== false) return { group, partial: r === 'none' ? undefined : r, reason: '' };
  }
  return {
    group: undefined,
    partial: undefined,
    reason:
      groups.length === 0
        ? 'every array has a single element, so there is nothing to share among the CPU workers'
        : 'every dimension the CPU workers could share is reduced (or multiplied over) before the end of the expression, and each worker has its own memory, so one worker runs it',
  };
}

/** Elements of the arrays cut to `rows` along `group`, for the memory a worker needs. */
export function cutArrays(arrays: readonly NamedArray[], group: DimGroup, rows: number): NamedArray[] {
  return resizeGroup(arrays, group, rows);
}

/** Total elements of every buffer of a plan (inputs, temporaries, the result): what one run holds. */
export function planElements(plan: Plan): number {
  const seen = new Set<string>();
  let total = 0;
  for (const k of plan.kernels) {
    for (const b of [...k.inputs, k.output]) {
      if (seen.has(b.id)) continue;
      seen.add(b.id);
      total += elementsOf(b.shape);
    }
  }
  return total;
}
