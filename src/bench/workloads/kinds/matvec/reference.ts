/**
 * The matvec reference: y_b = A·x_b for every vector b of the batch, A m×n row-major with
 * A[i][j] the input `SEED.a` at i·n + j and x_b[j] `SEED.b` at b·n + j, recomputed in
 * float64 for any sampled output. Both devices' checks use it. Pure.
 */
import { spreadPositions, type Check, type KernelDtype, type Rounding } from '../../inputs.ts';
import { dotReference, dotTolerance } from '../matmul/reference.ts';

/** y_b[i] in f64, and Σ|a·x| for the tolerance. */
export function matvecElement(i: number, b: number, n: number, dtype: KernelDtype): { value: number; absSum: number } {
  return dotReference(i * n, 1, b * n, 1, n, dtype);
}

/**
 * Check outputs y_b[i] for rows [r0, r0 + rows) and every vector of the batch (`get(i, b)`,
 * global row i) at up to `count` distinct sampled positions, both ends included.
 */
export function checkMatvec(
  get: (i: number, b: number) => number,
  r0: number,
  rows: number,
  n: number,
  batch: number,
  dtype: KernelDtype,
  r: Rounding,
  count = 32,
): Check {
  let checked = 0;
  for (const idx of spreadPositions(rows * batch, count, 7)) {
    const i = r0 + Math.floor(idx / batch);
    const b = idx % batch;
    const want = matvecElement(i, b, n, dtype);
    const got = get(i, b);
    if (!(Math.abs(got - want.value) <= dotTolerance(n, want.absSum, want.value, r))) {
      return { ok: false, error: `y[${b}][${i}] is ${got}; the reference gives ${want.value}` };
    }
    checked++;
  }
  return { ok: true, checked };
}
