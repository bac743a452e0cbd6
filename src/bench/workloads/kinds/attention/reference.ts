/**
 * The attention reference, the unfused path in float64: for sequence-head b (of batch ×
 * heads), Q[b][i][e] the input `SEED.a` at (b·sq + i)·d + e, K[b][j][e] `SEED.b` and
 * V[b][j][e] `SEED.c` at (b·sk + j)·d + e; scores s_ij = Q_i·K_j/√d, masked where j > i
 * when causal (PyTorch's `is_causal`: the top-left triangle), P = softmax over each row's
 * unmasked scores, O = P·V. Row statistics are computed once per checked row by loops (no
 * spread into `Math.max`). Pure.
 */
import { SEED, inputAt, spreadPositions, type Check, type KernelDtype, type Rounding } from '../../inputs.ts';
import { softmaxTolerance } from '../softmax/reference.ts';

/** The shape the kernels run: the unfused path, causal or not. */
export interface AttentionRun {
  batch: number;
  heads: number;
  sq: number;
  sk: number;
  d: number;
  causal: boolean;
}

/** Keys query row `i` sees: all, or those up to its position when causal. */
export const validKeys = (s: AttentionRun, i: number): number => (s.causal ? Math.min(i + 1, s.sk) : s.sk);

export const attentionQ = (s: AttentionRun, b: number, i: number, e: number, dtype: KernelDtype): number =>
  inputAt(SEED.a, (b * s.sq + i) * s.d + e, dtype);
export const attentionK = (s: AttentionRun, b: number, j: number, e: number, dtype: KernelDtype): number =>
  inputAt(SEED.b, (b * s.sk + j) * s.d + e, dtype);
export const attentionV = (s: AttentionRun, b: number, j: number, e: number, dtype: KernelDtype): number =>
  inputAt(SEED.c, (b * s.sk + j) * s.d + e, dtype);

/** One query row's probabilities over its keys (f64), and the largest error its stored scores may carry. */
export interface AttentionRow {
  p: Float64Array;
  /** Bound on |computed score − exact score|: the dot product's rounding and the score's store. */
  scoreError: number;
}

/** Row `i` of sequence-head `b`: scores, softmax, in f64 from the stored inputs. */
export function attentionRow(s: AttentionRun, b: number, i: number, dtype: KernelDtype, r: Rounding): AttentionRow {
  const valid = validKeys(s, i);
  const q = Float64Array.from({ length: s.d }, (_, e) => attentionQ(s, b, i, e, dtype));
  const scale = 1 / Math.sqrt(s.d);
  const p = new Float64Array(valid);
  let max = -Infinity;
  let scoreError = 0;
  for (let j = 0; j < valid; j++) {
    let dot = 0;
    let abs = 0;
    for (let e = 0; e < s.d; e++) {
      const prod = (q[e] as number) * attentionK(s, b, j, e, dtype);
      dot += prod;
      abs += Math.abs(prod);
    }
    const score = dot * scale;
    p[j] = score;
    max = Math.max(max, score);
    scoreError = Math.max(
      scoreError,
      8 * Math.sqrt(s.d) * r.compute * abs * scale + (r.store + r.compute) * Math.abs(score),
    );
  }
  let sum = 0;
  for (let j = 0; j < valid; j++) {
    const e = Math.exp((p[j] as number) - max);
    p[j] = e;
    sum += e;
  }
  for (let j = 0; j < valid; j++) p[j] = (p[j] as number) / sum;
  return { p, scoreError };
}

/** O[b][i][e] from its row's probabilities, with its tolerance. */
export function attentionOutput(
  s: AttentionRun,
  b: number,
  e: number,
  row: AttentionRow,
  dtype: KernelDtype,
  r: Rounding,
): { value: number; tolerance: number } {
  let value = 0;
  let weighted = 0;
  for (let j = 0; j < row.p.length; j++) {
    const term = (row.p[j] as number) * attentionV(s, b, j, e, dtype);
    value += term;
    weighted += Math.abs(term);
  }
  // A score off by δ moves every probability by at most 2δ relative; exp's error and the
  // row sum's (softmaxTolerance), the stored probability's rounding, then the weighted sum's.
  const relative = 2 * row.scoreError + softmaxTolerance(row.p.length, r) + r.store;
  const tolerance =
    relative * weighted + 8 * Math.sqrt(row.p.length) * r.compute * weighted + r.store * Math.abs(value) + r.compute;
  return { value, tolerance };
}

/**
 * Check query rows [r0, r0 + rows) of O (a row: one (sequence-head, query) pair,
 * b·sq + i; `get(b, i, e)`) at up to `counts.rows` sampled rows and `counts.cols` columns
 * each, fewer rows when a row's reference is long (≈ 2·10⁷ products in all).
 */
export function checkAttention(
  get: (b: number, i: number, e: number) => number,
  s: AttentionRun,
  r0: number,
  rows: number,
  dtype: KernelDtype,
  rounding: Rounding,
  counts: { rows: number; cols: number } = { rows: 4, cols: 16 },
): Check {
  const perRow = s.sk * s.d + counts.cols * s.sk;
  const sampledRows = Math.max(2, Math.min(counts.rows, Math.floor(2e7 / Math.max(1, perRow))));
  let checked = 0;
  for (const lr of spreadPositions(rows, sampledRows, 3)) {
    const global = r0 + lr;
    const b = Math.floor(global / s.sq);
    const i = global % s.sq;
    const row = attentionRow(s, b, i, dtype, rounding);
    for (const e of spreadPositions(s.d, counts.cols, 9)) {
      const want = attentionOutput(s, b, e, row, dtype, rounding);
      const got = get(b, i, e);
      if (!(Math.abs(got - want.value) <= want.tolerance)) {
        return { ok: false, error: `O[${b}][${i}][${e}] is ${got}; the reference gives ${want.value}` };
      }
      checked++;
    }
  }
  return { ok: true, checked };
}
