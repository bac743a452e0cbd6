/**
 * The expression's CPU part: the plan (eager or fused) run by every worker over its slab
 * (model/workloads/expression/split.ts: the arrays cut along one group of tied
 * dimensions, so `a*b + c` splits by elements and `x @ w + b` by rows of x), each slab's
 * inputs the hashes of their global indices, the kernels those of cpu-plan.ts, in the
 * float32 or float64 the run asks for, checked within that type's accuracy. After each
 * run a worker checks sampled outputs of its slab against the reference of the whole
 * expression; where the last kernel reduces the cut axis to one value, each worker
 * returns its part, the runner combines them (a sum, or a maximum) and checks the total.
 */
import { splitRange, type CpuKernel } from '../../cpu/kernel.ts';
import type { ExpressionShape } from '../../../../model/workloads/kinds/expression.ts';
import { parsedShape } from '../../../../model/workloads/expression/kind-parts.ts';
import { checkCut, cutArrays, splitExpression } from '../../../../model/workloads/expression/split.ts';
import { buildPlan, parseExpression, type NamedArray } from '../../../../model/workloads/expression/index.ts';
import type { DimGroup } from '../../../../model/workloads/expression/dims.ts';
import { spreadPositions, type Check } from '../../inputs.ts';
import { checkOutputs, outputNode, unravel } from './check.ts';
import { CpuPlan } from './cpu-plan.ts';
import { expressionSource, expressionValue, fillSlab } from './inputs.ts';
import { lanesFor } from '../../cpu/lanes.ts';
import { wasmAccuracy } from './accuracy.ts';
import { Reference } from './reference.ts';

/**
 * Rows [r0, r0 + rows) of the cut dimensions, for the expression as the URL writes it
 * (`rows` 0: the whole expression on one worker).
 */
export type ExpressionSlice = {
  kind: 'expression';
  expr: string;
  arrays: string;
  mode: ExpressionShape['mode'];
  r0: number;
  rows: number;
};

/** Outputs each worker compares with the reference after every run. */
const WORKER_SAMPLES = 64;
/** Whole groups of 16 along the cut (64 bytes of a contiguous float32 axis, two lines of float64). */
const SLICE_UNIT = 16;

function sliceOf(s: ExpressionShape, r0: number, rows: number): ExpressionSlice {
  return { kind: 'expression', expr: s.expr, arrays: s.arrays, mode: s.mode, r0, rows };
}

/** The axis of `array` that `group` cuts, or −1. */
function cutAxisOf(group: DimGroup | undefined, array: string): number {
  return group?.members.find((m) => m.array === array)?.dim ?? -1;
}

/** Local flat index → global multi-index of a buffer cut along `axis` at `r0`. */
function globalIndex(local: readonly number[], axis: number, r0: number): (i: number) => number[] {
  return (i) => {
    const idx = unravel(i, local);
    if (axis >= 0) idx[axis] = (idx[axis] as number) + r0;
    return idx;
  };
}

/** Local flat index → global flat index of a named array cut along `axis` to `rows` at `r0`. */
function globalFlat(global: readonly number[], axis: number, r0: number, rows: number): (i: number) => number {
  if (axis < 0) return (i) => i;
  const inner = global.slice(axis + 1).reduce((p, d) => p * d, 1);
  const full = global[axis] as number;
  return (i) => {
    const o = Math.floor(i / (rows * inner));
    return (o * full + r0) * inner + (i - o * rows * inner);
  };
}

export const expressionCpu: CpuKernel<ExpressionShape, ExpressionSlice> = {
  slices(s, threads) {
    const whole = [sliceOf(s, 0, 0)];
    const parsed = parsedShape(s);
    const { group } = splitExpression(parsed, s.mode);
    if (!group || threads <= 1) return whole;
    const ranges = splitRange(group.size, threads, SLICE_UNIT);
    if (ranges.length <= 1) return whole;
    // Every slab size must cut into the same plan (a size can make two shapes equal by chance).
    for (const count of new Set(ranges.map((r) => r.count)))
      if (checkCut(parsed, s.mode, group, count) === false) return whole;
    return ranges.map((r) => sliceOf(s, r.start, r.count));
  },

  combine(s) {
    const split = splitExpression(parsedShape(s), s.mode);
    return split.partial === 'max' ? 'max' : 'sum';
  },

  async prepare(slice, dtype, flavor) {
    const L = lanesFor(dtype);
    const accuracy = wasmAccuracy(dtype);
    const shape: ExpressionShape = { expr: slice.expr, arrays: slice.arrays, mode: slice.mode };
    const parsed = parsedShape(shape);
    const cut = slice.rows > 0;
    const split = cut ? splitExpression(parsed, shape.mode) : undefined;
    const group = split?.group;
    if (cut && !group) throw new Error('this expression cannot be cut among workers');
    const arrays: readonly NamedArray[] = group ? cutArrays(parsed.arrays, group, slice.rows) : parsed.arrays;
    const local = parseExpression(parsed.text, arrays);
    if (!local.ok) throw new Error(`the slab of this expression does not check: ${local.error.message}`);
    const plan = buildPlan(local.expression.root, shape.mode, L.bytes);
    const cpu = await CpuPlan.create(plan, flavor, L);
    parsed.arrays.forEach((a, k) => {
      const b = plan.inputs.find((x) => x.id === a.name);
      const view = b && cpu.view(b);
      if (view && !(view instanceof Uint8Array)) {
        fillSlab(view, k, a.shape, cutAxisOf(group, a.name), slice.r0, slice.rows, dtype);
      }
    });
    const partial = cut ? split?.partial : undefined;
    if (partial) {
      // This worker's part of a whole reduction: checked once the runner has every part.
      const last = plan.kernels[plan.kernels.length - 1];
      const counts = last?.kind === 'reduction' ? last.inShape.reduce((p, d) => p * d, 1) : 1;
      const whole = counts * ((group?.size ?? slice.rows) / slice.rows);
      // A mean's part is its slab's mean weighted by the slab's share of the values.
      const weight = partial === 'mean' ? counts / whole : 1;
      const position = new Map(parsed.arrays.map((a, k) => [a.name, k]));
      const flat = new Map(
        parsed.arrays.map((a) => [a.name, globalFlat(a.shape, cutAxisOf(group, a.name), slice.r0, slice.rows)]),
      );
      const slabRef = new Reference(
        (name, i) => expressionValue(position.get(name) ?? -1, (flat.get(name) as (i: number) => number)(i), dtype),
        accuracy,
      );
      const root = outputNode(local.expression.root);
      const [value, bound] = slabRef.at(
        root,
        root.shape.map(() => 0),
      );
      return {
        run: () => {
          cpu.run();
          return (cpu.output()[0] as number) * weight;
        },
        check: (): Check => ({ ok: true, checked: 0 }),
        reference: { value: value * weight, absSum: bound * weight },
      };
    }
    const reference = new Reference(expressionSource(parsed.arrays, dtype), accuracy);
    const node = outputNode(parsed.root);
    const localShape = plan.output.shape;
    const at = globalIndex(localShape, outputCutAxis(node.shape, localShape, group), slice.r0);
    const picks = spreadPositions(
      localShape.reduce((p, d) => p * d, 1),
      WORKER_SAMPLES,
    );
    return {
      run: () => {
        cpu.run();
        return undefined;
      },
      check: (): Check => {
        const r = checkOutputs(reference, node, cpu.output(), accuracy, picks, at);
        if (!r.ok) return { ok: false, error: r.message ?? 'an output differs from the reference' };
        if (r.checked === 0) return { ok: false, error: `none of the ${r.skipped} sampled outputs could be compared` };
        return { ok: true, checked: r.checked };
      },
    };
  },

  checkTotal(total, reference) {
    const tolerance = 2 * reference.absSum + 1e-30;
    if (Number.isNaN(reference.value) ? Number.isNaN(total) : Math.abs(total - reference.value) <= tolerance) {
      return { ok: true, checked: 1 };
    }
    return {
      ok: false,
      error: `the combined result is ${total}; expected ${reference.value} ± ${tolerance.toPrecision(3)}`,
    };
  },
};

/** The output's axis the cut runs along (−1 when the output is not cut). */
function outputCutAxis(global: readonly number[], local: readonly number[], group: DimGroup | undefined): number {
  if (!group) return -1;
  for (let i = 0; i < global.length; i++) if (global[i] !== local[i]) return i;
  return -1;
}
