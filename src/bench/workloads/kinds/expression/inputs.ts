/**
 * Deterministic random inputs for an expression's named arrays (a 32-bit xorshift per
 * array, seeded from the seed and the array's position), so tests, checks and reruns see
 * the same data. Values in [lo, hi), float32.
 */
import type { NamedArray } from '../../../../model/workloads/expression/index.ts';

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
