/**
 * The layer-norm reference: each row of x = 1 + (input `SEED.x` at r·cols + c) becomes
 * (x − mean)/√(var + ε)·γ + β, γ[c] = 1 + ½·(input `SEED.a` at c), β[c] = input `SEED.b`
 * at c, all in float64 from the stored inputs. The offset of 1 gives every row a mean the
 * kernel must remove. Pure.
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

/** ε of `torch.nn.LayerNorm`'s default. */
export const LAYERNORM_EPS = 1e-5;

export const layernormX = (r: number, c: number, cols: number, dtype: KernelDtype): number =>
  inputAt(SEED.x, r * cols + c, dtype, 1, 1);
export const layernormGamma = (c: number, dtype: KernelDtype): number => inputAt(SEED.a, c, dtype, 0.5, 1);
export const layernormBeta = (c: number, dtype: KernelDtype): number => inputAt(SEED.b, c, dtype);

/** A row's mean and 1/σ in f64. */
export function layernormRowStats(r: number, cols: number, dtype: KernelDtype): { mean: number; rstd: number } {
  let sum = 0;
  forEachInput(
    SEED.x,
    r * cols,
    cols,
    dtype,
    (x, n) => {
      for (let i = 0; i < n; i++) sum += x[i] as number;
    },
    1,
    1,
  );
  const mean = sum / cols;
  let sq = 0;
  forEachInput(
    SEED.x,
    r * cols,
    cols,
    dtype,
    (x, n) => {
      for (let i = 0; i < n; i++) sq += ((x[i] as number) - mean) ** 2;
    },
    1,
    1,
  );
  return { mean, rstd: 1 / Math.sqrt(sq / cols + LAYERNORM_EPS) };
}

/**
 * y[r][c] and its tolerance: the sums' rounding (√-growth, 16 standard deviations, through
 * the normalised value and γ) plus the stored result's rounding.
 */
export function layernormElement(
  r: number,
  c: number,
  cols: number,
  stats: { mean: number; rstd: number },
  dtype: KernelDtype,
  rounding: Rounding,
): { value: number; tol: number } {
  const z = (layernormX(r, c, cols, dtype) - stats.mean) * stats.rstd;
  const g = layernormGamma(c, dtype);
  const b = layernormBeta(c, dtype);
  const value = z * g + b;
  const tol =
    (16 * Math.sqrt(cols) + 16) * rounding.compute * (Math.abs(g) * (Math.abs(z) + 1) + Math.abs(b)) +
    rounding.store * Math.abs(value);
  return { value, tol };
}

/** Check sampled rows of the output (`get(r, c)`, global row r) at sampled columns, both ends included. */
export function checkLayernorm(
  get: (r: number, c: number) => number,
  r0: number,
  rows: number,
  cols: number,
  dtype: KernelDtype,
  rounding: Rounding,
  counts: { rows: number; cols: number } = { rows: 8, cols: 64 },
): Check {
  return checkSampledRows(
    r0,
    rows,
    cols,
    counts,
    (r) => layernormRowStats(r, cols, dtype),
    (r, c, stats) => {
      const want = layernormElement(r, c, cols, stats, dtype, rounding);
      const got = get(r, c);
      return Math.abs(got - want.value) <= want.tol
        ? undefined
        : `layernorm row ${r}, column ${c} is ${got}; the reference gives ${want.value}`;
    },
  );
}
