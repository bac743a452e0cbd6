/**
 * exp, log, pow and whole-number powers on four f32 lanes, as WebAssembly SIMD instruction
 * sequences (WebAssembly has no transcendental instructions; sin, cos and tanh are in
 * wasm-trig.ts). Each takes its argument in a local and leaves its result on the stack;
 * each keeps its working values in locals of its own role (wasm-locals.ts), so one routine
 * may call another but never clobbers a caller's values. The method is the classic one
 * (Cephes' single-precision routines): reduce the argument by a Cody–Waite split constant,
 * evaluate a short minimax polynomial, scale back. Measured against Math.* (tests/unit/
 * bench/workloads/kinds/expression/wasm-math.test.ts): within 1 ulp for exp and log, 1.5
 * for sin, cos and tanh; WASM_ACCURACY in accuracy.ts bounds them with margin.
 *
 * Special values follow NumPy: NaN in, NaN out; exp(±∞) = ∞ / 0; log(0) = −∞, log(x < 0) =
 * NaN; sin/cos(±∞) = NaN; pow(x < 0, y) = NaN unless y is whole (then its sign by parity).
 */
import { SIMD } from '../../../wasm/asm.ts';
import type { Locals } from './wasm-locals.ts';
import { J, X } from './wasm-ops.ts';

const s = (op: number): number[] => J.simd(op);
const get = J.get;
const set = J.set;

/** Horner's rule over `coeffs` (highest degree first) in the variable held by local `v`. */
export function horner(L: Locals, v: number, coeffs: readonly number[]): number[] {
  const out = L.f32(coeffs[0] as number);
  for (const c of coeffs.slice(1)) out.push(...get(v), ...s(SIMD.f32x4Mul), ...L.f32(c), ...s(SIMD.f32x4Add));
  return out;
}

/** 2^k for the i32 lanes on the stack: (k + 127) << 23, k in [−126, 127]. */
function pow2(L: Locals): number[] {
  return [...L.i32(127), ...s(SIMD.i32x4Add), ...J.i32(23), ...s(SIMD.i32x4Shl)];
}

/** 1.5·2²³: adding it rounds a float of magnitude < 2²² to a whole number held in the low mantissa bits. */
export const ROUNDER = 12582912;
/** Its bit pattern: bits(x + ROUNDER) − ROUNDER_BITS = nearest(x) as an i32. */
export const ROUNDER_BITS = 0x4b400000;

export const EXP = {
  /** Beyond 89, e^x overflows f32 (e^88.72 = FLT_MAX); below −104 it rounds to 0 even as a denormal. */
  hi: 89,
  lo: -104,
  log2e: 1.4426950408889634,
  /** ln 2 = ln2Hi + ln2Lo; n·ln2Hi is exact for |n| < 2¹⁵ (Cody–Waite). */
  ln2Hi: 0.693359375,
  ln2Lo: -2.1219444e-4,
  /** Cephes expf: e^r ≈ 1 + r + r²·P(r) on |r| ≤ ln2/2. */
  poly: [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1],
} as const;

/** e^x of the f32x4 in local `x`. */
export function vexp(L: Locals, x: number): number[] {
  const r = L.role('exp.r');
  const n = L.role('exp.n');
  const k = L.role('exp.k');
  return [
    // r = clamp(x); n = nearest(r·log2 e); r −= n·ln2 (two parts). min/max keep NaN.
    ...get(x),
    ...L.f32(EXP.hi),
    ...s(X.f32x4Min),
    ...L.f32(EXP.lo),
    ...s(SIMD.f32x4Max),
    ...set(r),
    // n = nearest(r·log2 e) by adding 1.5·2²³ (the float then holds n in its low bits,
    // exactly, for |n| < 2²²): cheaper than nearest + trunc_sat on x86.
    ...get(r),
    ...L.f32(EXP.log2e),
    ...s(SIMD.f32x4Mul),
    ...L.f32(ROUNDER),
    ...s(SIMD.f32x4Add),
    ...J.tee(k),
    ...L.f32(ROUNDER),
    ...s(SIMD.f32x4Sub),
    ...set(n),
    ...get(r),
    ...get(n),
    ...L.f32(EXP.ln2Hi),
    ...s(SIMD.f32x4Mul),
    ...s(SIMD.f32x4Sub),
    ...get(n),
    ...L.f32(EXP.ln2Lo),
    ...s(SIMD.f32x4Mul),
    ...s(SIMD.f32x4Sub),
    ...set(r),
    // 1 + r + r²·P(r)
    ...horner(L, r, EXP.poly),
    ...get(r),
    ...get(r),
    ...s(SIMD.f32x4Mul),
    ...s(SIMD.f32x4Mul),
    ...get(r),
    ...s(SIMD.f32x4Add),
    ...L.f32(1),
    ...s(SIMD.f32x4Add),
    // × 2^(n>>1) × 2^(n − n>>1): both factors stay normal from n = −150 to 128, so results
    // overflow to ∞ and underflow through the denormals as the true value does.
    ...get(k),
    ...L.i32(ROUNDER_BITS),
    ...s(X.i32x4Sub),
    ...set(k),
    ...get(k),
    ...J.i32(1),
    ...s(X.i32x4ShrS),
    ...pow2(L),
    ...s(SIMD.f32x4Mul),
    ...get(k),
    ...get(k),
    ...J.i32(1),
    ...s(X.i32x4ShrS),
    ...s(X.i32x4Sub),
    ...pow2(L),
    ...s(SIMD.f32x4Mul),
  ];
}

const FLT_MIN = 1.1754943508222875e-38;

export const LOG = {
  sqrt2: Math.SQRT2,
  /** Cephes logf: log(1 + f) ≈ f − f²/2 + f³·P(f) on √½ − 1 ≤ f < √2 − 1. */
  poly: [
    7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
    2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
  ],
  ln2Hi: 0.693359375,
  ln2Lo: -2.1219444e-4,
} as const;

/** Natural log of the f32x4 in local `x`. */
export function vlog(L: Locals, x: number): number[] {
  const v = L.role('log.v');
  const e = L.role('log.e');
  const f = L.role('log.f');
  const c = L.role('log.c');
  const z = L.role('log.z');
  const isTiny = [...get(x), ...L.f32(FLT_MIN), ...s(X.f32x4Lt)];
  return [
    // Denormals: scale by 2²³ first, so the exponent field holds the exponent.
    ...get(x),
    ...L.f32(2 ** 23),
    ...s(SIMD.f32x4Mul),
    ...get(x),
    ...isTiny,
    ...s(X.v128Bitselect),
    ...set(v),
    // e = biased exponent − 127 (− 23 for scaled denormals); m = mantissa in [1, 2).
    ...get(v),
    ...J.i32(23),
    ...s(X.i32x4ShrU),
    ...L.i32(127),
    ...s(X.i32x4Sub),
    ...s(SIMD.f32x4ConvertI32x4S),
    ...L.f32(-23),
    ...L.f32(0),
    ...isTiny,
    ...s(X.v128Bitselect),
    ...s(SIMD.f32x4Add),
    ...set(e),
    ...get(v),
    ...L.i32(0x007fffff),
    ...s(X.v128And),
    ...L.i32(0x3f800000),
    ...s(X.v128Or),
    ...set(f),
    // m > √2: m /= 2, e += 1 (m in [√½, √2)); f = m − 1.
    ...get(f),
    ...L.f32(LOG.sqrt2),
    ...s(X.f32x4Gt),
    ...set(c),
    ...get(f),
    ...L.f32(0.5),
    ...s(SIMD.f32x4Mul),
    ...get(f),
    ...get(c),
    ...s(X.v128Bitselect),
    ...L.f32(1),
    ...s(SIMD.f32x4Sub),
    ...set(f),
    ...get(e),
    ...L.f32(1),
    ...s(SIMD.f32x4Add),
    ...get(e),
    ...get(c),
    ...s(X.v128Bitselect),
    ...set(e),
    ...get(f),
    ...get(f),
    ...s(SIMD.f32x4Mul),
    ...set(z),
    // y = f³·P(f) + e·ln2Lo − z/2; result = f + y + e·ln2Hi
    ...horner(L, f, LOG.poly),
    ...get(f),
    ...s(SIMD.f32x4Mul),
    ...get(z),
    ...s(SIMD.f32x4Mul),
    ...get(e),
    ...L.f32(LOG.ln2Lo),
    ...s(SIMD.f32x4Mul),
    ...s(SIMD.f32x4Add),
    ...get(z),
    ...L.f32(0.5),
    ...s(SIMD.f32x4Mul),
    ...s(SIMD.f32x4Sub),
    ...get(f),
    ...s(SIMD.f32x4Add),
    ...get(e),
    ...L.f32(LOG.ln2Hi),
    ...s(SIMD.f32x4Mul),
    ...s(SIMD.f32x4Add),
    ...set(v),
    // x < 0 or NaN → NaN; x = 0 → −∞; x = ∞ → ∞.
    ...L.f32(NaN),
    ...get(v),
    ...get(x),
    ...L.f32(0),
    ...s(X.f32x4Lt),
    ...get(x),
    ...get(x),
    ...s(X.f32x4Ne),
    ...s(X.v128Or),
    ...s(X.v128Bitselect),
    ...set(v),
    ...L.f32(-Infinity),
    ...get(v),
    ...get(x),
    ...L.f32(0),
    ...s(X.f32x4Eq),
    ...s(X.v128Bitselect),
    ...set(v),
    ...L.f32(Infinity),
    ...get(v),
    ...get(x),
    ...L.f32(Infinity),
    ...s(X.f32x4Eq),
    ...s(X.v128Bitselect),
  ];
}

/**
 * x**p for a whole p (|p| ≤ 16) by repeated squaring: the same multiplies the model counts
 * (flops.ts, squaringMultiplies), then one division for p < 0.
 */
export function vipow(L: Locals, x: number, p: number): number[] {
  if (p === 0) return L.f32(1);
  const b = L.role('ipow.b');
  const r = L.role('ipow.r');
  const out = [...get(x), ...set(b)];
  let m = Math.abs(p);
  let first = true;
  while (m > 0) {
    if (m & 1) {
      out.push(...(first ? [...get(b)] : [...get(r), ...get(b), ...s(SIMD.f32x4Mul)]), ...set(r));
      first = false;
    }
    m >>>= 1;
    if (m > 0) out.push(...get(b), ...get(b), ...s(SIMD.f32x4Mul), ...set(b));
  }
  if (p < 0) return [...out, ...L.f32(1), ...get(r), ...s(SIMD.f32x4Div)];
  return [...out, ...get(r)];
}

/** NumPy's power for any x and y: e^(y·log|x|), then the sign for x < 0 (NaN unless y is whole). */
export function vpow(L: Locals, x: number, y: number): number[] {
  const r = L.role('pow.r');
  const whole = L.role('pow.whole');
  const neg = L.role('pow.neg');
  const nearest = (v: number[]) => [...v, ...s(SIMD.f32x4Nearest)];
  return [
    ...get(x),
    ...s(X.f32x4Abs),
    ...set(r),
    ...vlog(L, r),
    ...get(y),
    ...s(SIMD.f32x4Mul),
    ...set(r),
    ...vexp(L, r),
    ...set(r),
    ...get(y),
    ...nearest(get(y)),
    ...s(X.f32x4Eq),
    ...set(whole),
    ...get(x),
    ...L.f32(0),
    ...s(X.f32x4Lt),
    ...set(neg),
    // x < 0 and y odd: −r
    ...get(r),
    ...s(X.f32x4Neg),
    ...get(r),
    ...get(neg),
    ...get(whole),
    ...s(X.v128And),
    ...get(y),
    ...L.f32(0.5),
    ...s(SIMD.f32x4Mul),
    ...nearest([...get(y), ...L.f32(0.5), ...s(SIMD.f32x4Mul)]),
    ...s(X.f32x4Ne),
    ...s(X.v128And),
    ...s(X.v128Bitselect),
    // x < 0 and y fractional: NaN
    ...set(r),
    ...L.f32(NaN),
    ...get(r),
    ...get(neg),
    ...get(whole),
    ...s(X.v128AndNot),
    ...s(X.v128Bitselect),
    // y = 0: 1 (even for x = 0 or NaN, as NumPy)
    ...set(r),
    ...L.f32(1),
    ...get(r),
    ...get(y),
    ...L.f32(0),
    ...s(X.f32x4Eq),
    ...s(X.v128Bitselect),
  ];
}
