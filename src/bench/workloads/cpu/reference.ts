/**
 * Inputs and JavaScript references for the CPU workload kernels. Inputs are a hash of the
 * element's global index, so every worker can build its own slice (no 100 MB messages) and
 * the references can recompute any element. Pure.
 */

/** Which input array an element belongs to (seeds of the hash). */
export const SEED = { a: 1, b: 2, c: 3, x: 4 } as const;

/**
 * Input value of element `i` of array `seed`: a 24-bit hash mapped to [−1, 1), exact in f32
 * (so the f32 arrays hold exactly what the references use).
 */
export function inputValue(seed: number, i: number): number {
  let h = Math.imul((i ^ Math.imul(seed, 0x9e3779b9)) >>> 0, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ (i / 4294967296), 0x27d4eb2f); // high bits of i (arrays past 2³² elements)
  h ^= h >>> 15;
  return (h >>> 8) / 8388608 - 1;
}

/** Fill `out` with elements [first, first + out.length) of array `seed` (× `scale`, a power of 2). */
export function fillInputs(out: Float32Array, seed: number, first: number, scale = 1): void {
  for (let i = 0; i < out.length; i++) out[i] = scale * inputValue(seed, first + i);
}

export type Check = { ok: true; checked: number } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------
// matmul: C = A·B, A m×k and B k×n row-major; A[i][p] = inputValue(a, i·k + p), B likewise.

/** One element of C in f64, and Σ|a·b| for the tolerance. */
export function matmulElement(i: number, j: number, n: number, k: number): { value: number; absSum: number } {
  let value = 0;
  let absSum = 0;
  for (let p = 0; p < k; p++) {
    const prod = inputValue(SEED.a, i * k + p) * inputValue(SEED.b, p * n + j);
    value += prod;
    absSum += Math.abs(prod);
  }
  return { value, absSum };
}

/**
 * Tolerance of one f32 dot product of length k: 8·√k·2⁻²⁴·Σ|a·b| (rounding errors of an
 * f32 sum grow like √k in practice; 8 standard deviations) plus one f32 ulp of the largest
 * term. One wrong or missing term (≈ Σ|a·b|/k) exceeds it by far for k up to ~10⁵.
 */
export function dotTolerance(k: number, absSum: number): number {
  return 8 * Math.sqrt(Math.max(1, k)) * 2 ** -24 * absSum + 2 ** -24;
}

/** Sample positions of an m×n output: corners, edges, and a spread of interior points. */
export function samplePositions(m: number, n: number, count: number): [number, number][] {
  const out: [number, number][] = [
    [0, 0],
    [0, n - 1],
    [m - 1, 0],
    [m - 1, n - 1],
  ];
  for (let s = 0; s < count; s++) {
    const h = (Math.imul(s + 1, 0x9e3779b9) >>> 0) / 4294967296;
    const g = (Math.imul(s + 7, 0x85ebca6b) >>> 0) / 4294967296;
    out.push([Math.floor(h * m), Math.floor(g * n)]);
  }
  return out;
}

/**
 * Check rows [r0, r0 + rows) of C (`get(i, j)` gives the computed value for global row i)
 * at sampled positions against the f64 reference.
 */
export function checkMatmul(
  get: (i: number, j: number) => number,
  r0: number,
  rows: number,
  n: number,
  k: number,
  count = 24,
): Check {
  if (rows === 0) return { ok: true, checked: 0 };
  let checked = 0;
  for (const [li, j] of samplePositions(rows, n, count)) {
    const i = r0 + li;
    const want = matmulElement(i, j, n, k);
    const got = get(i, j);
    if (!(Math.abs(got - want.value) <= dotTolerance(k, want.absSum))) {
      return { ok: false, error: `C[${i}][${j}] is ${got}; the reference gives ${want.value}` };
    }
    checked++;
  }
  return { ok: true, checked };
}

// ---------------------------------------------------------------------------------------
// elementwise: out = a·b + c

/** The exact f32 result of element i (plain mul then add, as the kernel does). */
export function axpbElement(i: number): number {
  return Math.fround(Math.fround(inputValue(SEED.a, i) * inputValue(SEED.b, i)) + inputValue(SEED.c, i));
}

/** Check out[0..len) (global indices first..) at sampled indices plus both ends: exact. */
export function checkAxpb(out: Float32Array, first: number, count = 64): Check {
  const len = out.length;
  if (len === 0) return { ok: true, checked: 0 };
  const idx = new Set<number>([0, len - 1]);
  for (let s = 0; s < count; s++) idx.add(Math.floor(((Math.imul(s + 3, 0x9e3779b9) >>> 0) / 4294967296) * len));
  for (const li of idx) {
    const want = axpbElement(first + li);
    if (out[li] !== want) return { ok: false, error: `out[${first + li}] is ${out[li]}; expected ${want}` };
  }
  return { ok: true, checked: idx.size };
}

// ---------------------------------------------------------------------------------------
// reduction: Σ x

/** Reference sum of x[first, first + len) in f64, and Σ|x| for the tolerance. */
export function sumReference(first: number, len: number): { value: number; absSum: number } {
  let value = 0;
  let absSum = 0;
  for (let i = first; i < first + len; i++) {
    const x = inputValue(SEED.x, i);
    value += x;
    absSum += Math.abs(x);
  }
  return { value, absSum };
}

/**
 * Tolerance of the kernel's sum: each 512-value block is summed in f32 (32 values per lane,
 * then 4 lanes and 4 accumulators: ≤ 38 additions deep) and the blocks in f64, so the error is
 * ≤ 38·2⁻²⁴·Σ|x| in the worst case.
 */
export function sumTolerance(absSum: number): number {
  return 38 * 2 ** -24 * absSum + 1e-12;
}

// ---------------------------------------------------------------------------------------
// softmax over rows × cols; x[r][c] = 4·inputValue(x, r·cols + c) (range [−4, 4))

export const SOFTMAX_SCALE = 4;

/** The reference row in f64. */
export function softmaxRowReference(r: number, cols: number): number[] {
  const x = Array.from({ length: cols }, (_, c) => SOFTMAX_SCALE * inputValue(SEED.x, r * cols + c));
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/**
 * Relative tolerance of a softmax output: exp's ≈ 2e-7 and the division, plus the f32 row sum
 * (cols/4 additions per lane; √-growth, 8 standard deviations).
 */
export function softmaxTolerance(cols: number): number {
  return 1e-5 + 8 * Math.sqrt(cols) * 2 ** -24;
}

/** Check sampled rows of the output (`get(r, c)`, global row r) against the reference. */
export function checkSoftmax(
  get: (r: number, c: number) => number,
  r0: number,
  rows: number,
  cols: number,
  count = 6,
): Check {
  if (rows === 0) return { ok: true, checked: 0 };
  const sampleRows = new Set<number>([0, rows - 1]);
  for (let s = 0; s < count; s++)
    sampleRows.add(Math.floor(((Math.imul(s + 5, 0x9e3779b9) >>> 0) / 4294967296) * rows));
  let checked = 0;
  for (const lr of sampleRows) {
    const r = r0 + lr;
    const want = softmaxRowReference(r, cols);
    const tol = softmaxTolerance(cols);
    for (let c = 0; c < cols; c++) {
      const got = get(r, c);
      const w = want[c] as number;
      if (!(Math.abs(got - w) <= tol * w + 1e-30)) {
        return { ok: false, error: `softmax row ${r}, column ${c} is ${got}; the reference gives ${w}` };
      }
      checked++;
    }
  }
  return { ok: true, checked };
}
