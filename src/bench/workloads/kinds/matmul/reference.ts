/**
 * The matmul reference: C = A·B with A m×k and B k×n row-major, A[i][p] the input
 * `SEED.a` at i·k + p and B[p][j] `SEED.b` at p·n + j, recomputed in float64 for any
 * sampled element. Both devices' checks use it. Pure.
 */
import { SEED, inputAt, spreadPositions, type Check, type KernelDtype, type Rounding } from '../../inputs.ts';

/**
 * A dot product in f64 of `k` elements of A (from `a`, every `aStride`) and of B (from `b`,
 * every `bStride`), as `dtype` stores them, and Σ|a·b| for the tolerance.
 */
export function dotReference(
  a: number,
  aStride: number,
  b: number,
  bStride: number,
  k: number,
  dtype: KernelDtype,
): { value: number; absSum: number } {
  let value = 0;
  let absSum = 0;
  for (let p = 0; p < k; p++) {
    const prod = inputAt(SEED.a, a + p * aStride, dtype) * inputAt(SEED.b, b + p * bStride, dtype);
    value += prod;
    absSum += Math.abs(prod);
  }
  return { value, absSum };
}

/** One element of C, C[i][j] = Σ_p A[i][p]·B[p][j]. */
export function matmulElement(
  i: number,
  j: number,
  n: number,
  k: number,
  dtype: KernelDtype,
): { value: number; absSum: number } {
  return dotReference(i * k, 1, j, n, k, dtype);
}

/**
 * Tolerance of one dot product of length k: 8·√k·u·Σ|a·b| (rounding errors of a sum grow
 * like √k in practice; 8 standard deviations) plus the stored result's rounding and one
 * unit of the largest term. One wrong or missing term (≈ Σ|a·b|/k) exceeds it by far for
 * k up to ~10⁴ in float32.
 */
export function dotTolerance(k: number, absSum: number, value: number, r: Rounding): number {
  return 8 * Math.sqrt(Math.max(1, k)) * r.compute * absSum + r.store * Math.abs(value) + r.compute;
}

/**
 * Check rows [r0, r0 + rows) of C (`get(i, j)` gives the computed value for global row i)
 * at up to `count` distinct sampled positions (corners included) against the reference.
 */
export function checkMatmul(
  get: (i: number, j: number) => number,
  r0: number,
  rows: number,
  n: number,
  k: number,
  dtype: KernelDtype,
  r: Rounding,
  count = 28,
): Check {
  if (rows === 0) return { ok: true, checked: 0 };
  let checked = 0;
  const corners = [0, n - 1, (rows - 1) * n, rows * n - 1];
  for (const idx of new Set([...corners, ...spreadPositions(rows * n, count)])) {
    const i = r0 + Math.floor(idx / n);
    const j = idx % n;
    const want = matmulElement(i, j, n, k, dtype);
    const got = get(i, j);
    if (!(Math.abs(got - want.value) <= dotTolerance(k, want.absSum, want.value, r))) {
      return { ok: false, error: `C[${i}][${j}] is ${got}; the reference gives ${want.value}` };
    }
    checked++;
  }
  return { ok: true, checked };
}
