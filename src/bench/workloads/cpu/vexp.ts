/**
 * exp of a v128 of float32 or float64 in Wasm SIMD, for the row-wise kernels (softmax):
 * range reduction x = n·ln2 + r (|r| ≤ ln2/2, Cody–Waite split ln2), a polynomial in r,
 * and 2ⁿ built in the exponent bits. float32: degree 6, relative error ≈ 2e-7; float64:
 * degree 13, ≈ 1e-16. Inputs are clamped below where 2ⁿ would need subnormals. Pure.
 */
import { I, SIMD } from '../../wasm/asm.ts';
import type { Lanes } from './lanes.ts';

/** Constants of the vector exp, per element type. */
export const EXP_CONST = {
  f32: {
    /** e^-87.3 ≈ 1.2e-38 is still a normal f32, so 2ⁿ needs no denormals. */
    minX: -87.3,
    log2e: 1.4426950408889634,
    /** ln 2 split so that n·ln2Hi is exact for |n| ≤ 2⁸. */
    ln2Hi: 0.693359375,
    ln2Lo: -2.1219444e-4,
    degree: 6,
  },
  f64: {
    /** e^-708 ≈ 3.3e-308 is still a normal f64. */
    minX: -708,
    log2e: 1.4426950408889634,
    /** fdlibm's split: n·ln2Hi is exact for |n| < 2¹¹. */
    ln2Hi: 6.9314718036912381649e-1,
    ln2Lo: 1.9082149292705877e-10,
    degree: 13,
  },
} as const;

/** exp of the v128 in local `x` (clobbers `x` and `n`), the result on the stack. */
export function vexp(L: Lanes, x: number, n: number): number[] {
  const K = EXP_CONST[L.dtype];
  const nearest = I.simd(L.dtype === 'f32' ? SIMD.f32x4Nearest : SIMD.f64x2Nearest);
  const out: number[] = [];
  // x = max(x, minX); n = nearest(x·log2e); x = x − n·ln2Hi − n·ln2Lo
  out.push(...I.get(x), ...L.vconst(K.minX), ...L.max, ...I.set(x));
  out.push(...I.get(x), ...L.vconst(K.log2e), ...L.mul, ...nearest, ...I.set(n));
  out.push(...I.get(x), ...I.get(n), ...L.vconst(K.ln2Hi), ...L.mul, ...L.sub);
  out.push(...I.get(n), ...L.vconst(K.ln2Lo), ...L.mul, ...L.sub, ...I.set(x));
  // Horner: Σ r^k / k!, k = degree … 0.
  let fact = 1;
  for (let k = 2; k <= K.degree; k++) fact *= k;
  out.push(...L.vconst(1 / fact));
  for (let k = K.degree - 1; k >= 0; k--) {
    fact /= k + 1;
    out.push(...I.get(x), ...L.mul, ...L.vconst(1 / fact), ...L.add);
  }
  // × 2ⁿ: the exponent field of (int)n + bias is 2ⁿ's bit pattern.
  if (L.dtype === 'f32') {
    out.push(...I.get(n), ...I.simd(SIMD.i32x4TruncSatF32x4S), ...I.v128ConstI32([127, 127, 127, 127]));
    out.push(...I.simd(SIMD.i32x4Add), ...I.i32(23), ...I.simd(SIMD.i32x4Shl), ...L.mul);
  } else {
    out.push(...I.get(n), ...I.simd(SIMD.i32x4TruncSatF64x2SZero), ...I.simd(SIMD.i64x2ExtendLowI32x4S));
    out.push(
      ...I.v128ConstI64([1023, 1023]),
      ...I.simd(SIMD.i64x2Add),
      ...I.i32(52),
      ...I.simd(SIMD.i64x2Shl),
      ...L.mul,
    );
  }
  return out;
}
