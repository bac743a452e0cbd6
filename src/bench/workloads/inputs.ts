/**
 * Inputs of the workload kernels and what both devices' checks share. Every input element
 * is a hash of its global index, so a CPU worker builds only its own slice (no 100 MB
 * messages), the GPU runner builds whole arrays, and one reference recomputes any element
 * for either side. Values are exact in float32 (and so in float64); a float16 run rounds
 * them to float16 first, and the reference uses the rounded values. Pure.
 */
import type { Dtype } from '../../model/workloads/dtype.ts';

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

/** The data types the kernels store: float32 on both sides, float16 on the GPU, float64 on the CPU. */
export type KernelDtype = Extract<Dtype, 'f32' | 'f16' | 'f64'>;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bit pattern nearest to `x` (rounding to nearest, ties to even; x is first taken to float32). */
export function f16Bits(x: number): number {
  f32[0] = x;
  const b = u32[0] as number;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal (or zero) in float16.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && half & 1)) half++;
    return sign | half;
  }
  // A carry out of the mantissa rounds up into the exponent, as it should.
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** The value of a float16 bit pattern. */
export function fromF16Bits(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 0x1f) return m ? Number.NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** `x` as stored in `dtype`. */
export function roundTo(dtype: KernelDtype, x: number): number {
  if (dtype === 'f64') return x;
  if (dtype === 'f32') return Math.fround(x);
  return fromF16Bits(f16Bits(x));
}

/** Element `i` of array `seed` times `scale` plus `offset` (powers of two and small integers keep it exact), as `dtype` stores it. */
export function inputAt(seed: number, i: number, dtype: KernelDtype, scale = 1, offset = 0): number {
  const v = offset + scale * inputValue(seed, i);
  // Inline rather than roundTo: this runs for every element of every array.
  return dtype === 'f32' ? Math.fround(v) : dtype === 'f64' ? v : fromF16Bits(f16Bits(v));
}

/** Fill `out` with elements [first, first + out.length) of array `seed` (× `scale` + `offset`), as `dtype` stores them. */
export function fillInputs(
  out: Float32Array | Float64Array,
  seed: number,
  first: number,
  dtype: KernelDtype = 'f32',
  scale = 1,
  offset = 0,
): void {
  if (dtype === 'f16') {
    for (let i = 0; i < out.length; i++) out[i] = inputAt(seed, first + i, dtype, scale, offset);
  } else {
    // A Float32Array rounds on store, a Float64Array keeps the value: the f32/f64 input exactly.
    for (let i = 0; i < out.length; i++) out[i] = offset + scale * inputValue(seed, first + i);
  }
}

/** Visit elements [first, first + length) of array `seed` (× `scale` + `offset`, as `dtype` stores them) in chunks, without holding them all. */
export function forEachInput(
  seed: number,
  first: number,
  length: number,
  dtype: KernelDtype,
  visit: (chunk: Float64Array, count: number) => void,
  scale = 1,
  offset = 0,
): void {
  const chunk = new Float64Array(Math.min(length, 65_536));
  for (let done = 0; done < length; done += chunk.length) {
    const count = Math.min(chunk.length, length - done);
    const view = count === chunk.length ? chunk : chunk.subarray(0, count);
    fillInputs(view, seed, first + done, dtype, scale, offset);
    // A Float64Array keeps f64 values exact; f32 and f16 ones are rounded here as they are stored.
    if (dtype === 'f32') for (let i = 0; i < count; i++) view[i] = Math.fround(view[i] as number);
    visit(view, count);
  }
}

/**
 * Rounding of a kernel's arithmetic and of its stored results: unit roundoffs. Both
 * devices compute float16 data in float32 (as PyTorch does), then round once on store.
 */
export interface Rounding {
  compute: number;
  store: number;
}

export function roundingOf(dtype: KernelDtype): Rounding {
  switch (dtype) {
    case 'f64':
      return { compute: 2 ** -53, store: 2 ** -53 };
    case 'f32':
      return { compute: 2 ** -24, store: 2 ** -24 };
    case 'f16':
      return { compute: 2 ** -24, store: 2 ** -11 };
  }
}

/** A check of outputs against the reference: how many distinct outputs matched, or the first that did not. */
export type Check = { ok: true; checked: number } | { ok: false; error: string };

/**
 * Check sampled rows of a row-wise output (softmax, layernorm): for up to `counts.rows` rows
 * (first and last included) the row's statistics once, then up to `counts.cols` columns of
 * it; `wrong` says what is wrong with one output, or nothing.
 */
export function checkSampledRows<T>(
  r0: number,
  rows: number,
  cols: number,
  counts: { rows: number; cols: number },
  rowStats: (r: number) => T,
  wrong: (r: number, c: number, stats: T) => string | undefined,
): Check {
  let checked = 0;
  for (const lr of spreadPositions(rows, counts.rows, 5)) {
    const r = r0 + lr;
    const stats = rowStats(r);
    for (const c of spreadPositions(cols, counts.cols, 11)) {
      const error = wrong(r, c, stats);
      if (error !== undefined) return { ok: false, error };
      checked++;
    }
  }
  return { ok: true, checked };
}

/** Up to `count` distinct positions in [0, n): both ends first, then a hashed spread. */
export function spreadPositions(n: number, count: number, salt = 0): number[] {
  if (n <= 0) return [];
  const out = new Set<number>([0, n - 1]);
  for (let s = 0; out.size < Math.min(n, count) && s < count * 4; s++) {
    out.add(Math.floor(((Math.imul(s + salt + 3, 0x9e3779b9) >>> 0) / 4294967296) * n));
  }
  return [...out].sort((a, b) => a - b);
}
