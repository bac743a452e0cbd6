/**
 * Checking a kernel's output against the CPU reference (reference.ts): every element, or a
 * sample, within twice its error bound; NaN and ±∞ where the reference has them (for the
 * WebAssembly kernels; WGSL leaves out-of-domain results undefined, so there they are not
 * counted). A mismatch names the element, the values and the bound.
 */
import type { Node, Plan } from '../../../../model/workloads/expression/index.ts';
import type { Accuracy } from './accuracy.ts';
import { Reference, type InputSource } from './reference.ts';
import type { BufferData } from './wasm-host.ts';

export interface CheckResult {
  ok: boolean;
  /** Elements compared within their bound. */
  checked: number;
  /** Elements with no usable bound (an uncertain comparison, a division by ~0, a WGSL NaN). */
  skipped: number;
  /** The first mismatch, in words. */
  message?: string;
}

/** The node whose values the plan's output buffer holds (the expression without a final .T). */
export function outputNode(root: Node): Node {
  let n = root;
  while (n.op === 'transpose') n = n.arg;
  return n;
}

export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    idx[d] = i % n;
    i = Math.floor(i / n);
  }
  return idx;
}

/**
 * Compare `output` (the buffer of `node`, row-major) with the reference at `indices` (all
 * elements by default).
 */
export function checkAgainstReference(
  node: Node,
  arrays: ReadonlyMap<string, ArrayLike<number>> | InputSource,
  output: ArrayLike<number>,
  accuracy: Accuracy,
  indices?: readonly number[],
): CheckResult {
  return checkOutputs(new Reference(arrays, accuracy), node, output, accuracy, indices);
}

/**
 * Compare elements `indices` of `output` with `ref` (whose reductions and products, once
 * computed, are kept for the next check). `at(i)` is the multi-index of `node` that local
 * element i holds: a worker's slab maps its elements into the whole expression.
 */
export function checkOutputs(
  ref: Reference,
  node: Node,
  output: ArrayLike<number>,
  accuracy: Accuracy,
  indices?: readonly number[],
  at: (i: number) => number[] = (i) => unravel(i, node.shape),
  extraBound: (want: number) => number = () => 0,
): CheckResult {
  const picks = indices ?? Array.from({ length: output.length }, (_, i) => i);
  let checked = 0;
  let skipped = 0;
  for (const i of picks) {
    const [want, bound0] = ref.at(node, at(i));
    const bound = bound0 + extraBound(want);
    const got = output[i] as number;
    const where = `out[${i}]`;
    const bad = (why: string): CheckResult => ({
      ok: false,
      checked,
      skipped,
      message: `${accuracy.name}: ${where} = ${got}, expected ${want}${why}`,
    });
    if (node.type === 'mask') {
      if (bound > 0) skipped++;
      else if (got !== want) return bad('');
      else checked++;
      continue;
    }
    if (!Number.isFinite(bound)) {
      skipped++;
      continue;
    }
    if (Number.isNaN(want) || !Number.isFinite(want)) {
      if (!accuracy.strictSpecials) skipped++;
      else if (Object.is(got, want) || (Number.isNaN(want) && Number.isNaN(got))) checked++;
      else return bad('');
      continue;
    }
    // A value beyond the type's range is ∞ there.
    if (
      !Number.isFinite(got) &&
      Math.abs(want) + 2 * bound > accuracy.maxFinite &&
      Math.sign(got) === Math.sign(want)
    ) {
      checked++;
      continue;
    }
    const tolerance = 2 * bound + accuracy.floor;
    if (!(Math.abs(got - want) <= tolerance)) return bad(` ± ${tolerance.toPrecision(3)}`);
    checked++;
  }
  return { ok: true, checked, skipped };
}

/** Check the output buffer of a whole plan against the expression's reference. */
export function checkPlanOutput(
  plan: Plan,
  root: Node,
  arrays: ReadonlyMap<string, ArrayLike<number>> | InputSource,
  output: BufferData,
  accuracy: Accuracy,
  indices?: readonly number[],
): CheckResult {
  const node = outputNode(root);
  if (output.length !== plan.output.shape.reduce((p, d) => p * d, 1)) {
    return {
      ok: false,
      checked: 0,
      skipped: 0,
      message: `the output has ${output.length} elements, expected ${plan.output.shape.reduce((p, d) => p * d, 1)}`,
    };
  }
  return checkAgainstReference(node, arrays, output, accuracy, indices);
}
