/**
 * The inputs of an expression's named arrays. A run ("Run this workload") fills each
 * element with the hash of its global index (`expressionValue`), so a CPU worker builds
 * only its slab and the reference recomputes any element. The generator tests use
 * `expressionInputs`: whole arrays from a 32-bit xorshift per array, with a chosen range.
 */
import type { NamedArray } from '../../../../model/workloads/expression/index.ts';
import { fillInputs, inputAt, type KernelDtype } from '../../inputs.ts';

/**
 * Whole arrays from a 32-bit xorshift per array (seeded from `seed` and the array's
 * position), values in [lo, hi), float32: the generator tests' data.
 */
export function expressionInputs(
  arrays: readonly NamedArray[],
  seed = 1,
  lo = -2,
  hi = 2,
): Map<string, Float32Array<ArrayBuffer>> {
  const out = new Map<string, Float32Array<ArrayBuffer>>();
  arrays.forEach((a, k) => {
    const n = a.shape.reduce((p, d) => p * d, 1);
    const data = new Float32Array(n);
    let x = ((seed + 7919 * k) * 0x9e3779b9) >>> 0 || 0x1234567;
    const scale = (hi - lo) / 2 ** 32;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      data[i] = lo + x * scale;
    }
    out.set(a.name, data);
  });
  return out;
}

/** Values of the kind's runs: each element a hash of its global index (../../inputs.ts), in [−2, 2). */
export const EXPRESSION_INPUT_SCALE = 2;

/** The seed of the array at position `k` of `w.arrays` (a worker's cut arrays keep the order). */
export function expressionSeed(k: number): number {
  return 101 + k;
}

/** Element `i` (global, row-major) of the array at position `k`, as `dtype` stores it. */
export function expressionValue(k: number, i: number, dtype: KernelDtype): number {
  return inputAt(expressionSeed(k), i, dtype, EXPRESSION_INPUT_SCALE);
}

/** The values a run's arrays hold, by name: what the reference reads. */
export function expressionSource(
  arrays: readonly NamedArray[],
  dtype: KernelDtype,
): (name: string, i: number) => number {
  const position = new Map(arrays.map((a, k) => [a.name, k]));
  return (name, i) => expressionValue(position.get(name) ?? -1, i, dtype);
}

/**
 * Fill `out` with the slab of array `k` (global `shape`) whose axis `axis` runs over
 * [r0, r0 + rows), every other axis whole (axis −1: the whole array), as `dtype` stores it.
 */
export function fillSlab(
  out: Float32Array | Float64Array,
  k: number,
  shape: readonly number[],
  axis: number,
  r0: number,
  rows: number,
  dtype: KernelDtype,
): void {
  if (axis < 0) {
    fillInputs(out, expressionSeed(k), 0, dtype, EXPRESSION_INPUT_SCALE);
    return;
  }
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const full = shape[axis] as number;
  for (let o = 0; o < outer; o++) {
    const dst = out.subarray(o * rows * inner, (o + 1) * rows * inner);
    fillInputs(dst, expressionSeed(k), (o * full + r0) * inner, dtype, EXPRESSION_INPUT_SCALE);
  }
}
