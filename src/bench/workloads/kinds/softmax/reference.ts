/**
 * The softmax reference: each row of x = 4·(input `SEED.x` at r·cols + c), in float64.
 * A row's maximum and sum are computed once by a loop (a row of 128 000 values or a billion:
 * no spread into `Math.max`, which overflows the call stack past ~65 000 arguments), then
 * any element is exp(x − max) / sum. Pure.
 */
import {
  SEED,
  checkSampledRows,
  forEachInput,
  inputAt,
  type Check,
  type KernelDtype,
  type Rounding,
} from '../../inputs.ts';

/** Scale of the inputs: x in [−4, 4). */
export const SOFTMAX_SCALE = 4;

export function softmaxInput(r: number, c: number, cols: number, dtype: KernelDtype): number {
  return inputAt(SEED.x, r * cols + c, dtype, SOFTMAX_SCALE);
}

/** A row's maximum and Σ exp(x − max), in f64. */
export function softmaxRowStats(r: number, cols: number, dtype: KernelDtype): { max: number; sum: number } {
  let max = -Infinity;
  forEachInput(
    SEED.x,
    r * cols,
    cols,
    dtype,
    (x, n) => {
      for (let i = 0; i < n; i++) max = Math.max(max, x[i] as number);
    },
    SOFTMAX_SCALE,
  );
  let sum = 0;
  forEachInput(
    SEED.x,
    r * cols,
    cols,
    dtype,
    (x, n) => {
      for (let i = 0; i < n; i++) sum += Math.exp((x[i] as number) - max);
    },
    SOFTMAX_SCALE,
  );
  return { max, sum };
}

/** The reference value of y[r][c] given its row's stats. */
export function softmaxElement(
  r: number,
  c: number,
  cols: number,
  stats: { max: number; sum: number },
  dtype: KernelDtype,
): number {
  return Math.exp(softmaxInput(r, c, cols, dtype) - stats.max) / stats.sum;
}

/**
 * Relative tolerance of an output: exp's own error (1e-5 covers both the Wasm polynomial's
 * 2e-7 and WGSL's 3 + 2·|x| ulp for |x| ≤ 8; 1e-13 the float64 polynomial), the row sum
 * (√-growth, 8 standard deviations) and the stored result's rounding.
 */
export function softmaxTolerance(cols: number, r: Rounding): number {
  const expError = r.compute < 2 ** -40 ? 1e-13 : 1e-5;
  return expError + 8 * Math.sqrt(cols) * r.compute + r.store;
}

/**
 * Check sampled rows of the output (`get(r, c)`, global row r) against the reference, at up
 * to `cols` sampled columns per row (both ends included).
 */
export function checkSoftmax(
  get: (r: number, c: number) => number,
  r0: number,
  rows: number,
  cols: number,
  dtype: KernelDtype,
  rounding: Rounding,
  counts: { rows: number; cols: number } = { rows: 8, cols: 64 },
): Check {
  const tol = softmaxTolerance(cols, rounding);
  return checkSampledRows(
    r0,
    rows,
    cols,
    counts,
    (r) => softmaxRowStats(r, cols, dtype),
    (r, c, stats) => {
      const want = softmaxElement(r, c, cols, stats, dtype);
      const got = get(r, c);
      return Math.abs(got - want) <= tol * want + 1e-30
        ? undefined
        : `softmax row ${r}, column ${c} is ${got}; the reference gives ${want}`;
    },
  );
}
