/**
 * exp, log and whole-number powers on two f64 lanes, as WebAssembly SIMD instruction
 * sequences: the float64 counterparts of wasm-math.ts (sin, cos and tanh are in
 * wasm-trig64.ts, pow in wasm-pow64.ts), in its style (argument in a local, result on the
 * stack, working values in locals of their own role). The methods are fdlibm's,
 * vectorised without tables or branches:
 *
 * - exp: x = n·ln2 + r with ln2 split in two (Cody–Waite; n·ln2Hi exact), e^r by its Taylor
 *   polynomial of degree 13 on |r| ≤ ln2/2 (truncation 6·10⁻¹⁸ relative), × 2ⁿ built in
 *   two factors so overflow and the subnormal results come out as the true value's.
 * - log: x = 2ᵉ·(1 + f) with 1 + f in [√½, √2), then fdlibm's log kernel (s = f/(2+f), a
 *   degree-14 polynomial in s) with ln2 in two parts.
 *
 * Measured (tests/unit/bench/workloads/kinds/expression/wasm-math64.test.ts): within 1 ulp
 * of Math.* and of correctly rounded values, subnormal results included; WASM_F64_ACCURACY
 * in accuracy.ts bounds them with margin. Special values as wasm-math.ts (NumPy's).
 */
import { SIMD } from '../../../wasm/asm.ts';
import type { Locals } from './wasm-locals.ts';
import { J, V64, X } from './wasm-ops.ts';

const s = (op: number): number[] => J.simd(op);
const get = J.get;
const set = J.set;
const { add: ADD, sub: SUB, mul: MUL, sel: SEL } = V64;

/** Horner's rule over `coeffs` (highest degree first) in the variable held by local `v`. */
export function horner64(L: Locals, v: number, coeffs: readonly number[]): number[] {
  const out = L.f64(coeffs[0] as number);
  for (const c of coeffs.slice(1)) out.push(...get(v), ...MUL, ...L.f64(c), ...ADD);
  return out;
}

/** 1.5·2⁵²: adding it rounds a float of magnitude < 2⁵¹ to a whole number held in the low mantissa bits. */
export const ROUNDER64 = 6755399441055744;
/** Its bit pattern: bits(x + ROUNDER64) − ROUNDER64_BITS = nearest(x) as an i64. */
export const ROUNDER64_BITS = 0x4338000000000000n;

/** 2ᵏ for the i64 lanes on the stack: (k + 1023) << 52, k in [−1022, 1023]. */
function pow2(L: Locals): number[] {
  return [...L.i64(1023n), ...s(SIMD.i64x2Add), ...J.i32(52), ...s(SIMD.i64x2Shl)];
}

/**
 * The f64x2 on the stack × 2ⁿ, n in local `k` as the rounder's sum (bits − ROUNDER64_BITS):
 * × 2^(n>>1) × 2^(n − n>>1), both factors normal for n in [−2044, 2046], so overflow and the
 * subnormal results come out as the true value's (one rounding, at the last product).
 */
export function scale2(L: Locals, k: number): number[] {
  const half = [...get(k), ...J.i32(1), ...s(X.i64x2ShrS)];
  return [
    ...[...get(k), ...L.i64(ROUNDER64_BITS), ...s(X.i64x2Sub), ...set(k)],
    ...[...half, ...pow2(L), ...MUL],
    ...[...get(k), ...half, ...s(X.i64x2Sub), ...pow2(L), ...MUL],
  ];
}

/** e^r = Σ rᵏ/k!, k = 2 … 13, highest first: the factor of r² in 1 + r + r²·P(r). */
const EXP_TAYLOR = Array.from({ length: 12 }, (_, i) => {
  let f = 1;
  for (let k = 2; k <= 13 - i; k++) f *= k;
  return 1 / f;
});

export const EXP64 = {
  /** Beyond 709.78 e^x overflows; below −745.13 it rounds to 0. The clamps keep both factors of 2ⁿ normal. */
  hi: 710,
  lo: -746,
  log2e: 1.4426950408889634,
  /** fdlibm's ln 2 = ln2Hi + ln2Lo; ln2Hi has 32 significant bits, so n·ln2Hi is exact for |n| < 2²¹. */
  ln2Hi: 6.9314718036912381649e-1,
  ln2Lo: 1.90821492927058770002e-10,
  poly: EXP_TAYLOR,
} as const;

/** e^x of the f64x2 in local `x`. */
export function vexp64(L: Locals, x: number): number[] {
  const r = L.role('exp64.r');
  const n = L.role('exp64.n');
  const k = L.role('exp64.k');
  const out: number[] = [];
  // r = clamp(x) (min/max keep NaN); n = nearest(r·log2 e) by the rounder; r −= n·ln2 in two parts.
  out.push(...get(x), ...L.f64(EXP64.hi), ...s(X.f64x2Min), ...L.f64(EXP64.lo), ...s(SIMD.f64x2Max), ...set(r));
  out.push(...get(r), ...L.f64(EXP64.log2e), ...MUL, ...L.f64(ROUNDER64), ...ADD, ...J.tee(k));
  out.push(...L.f64(ROUNDER64), ...SUB, ...set(n));
  out.push(...get(r), ...get(n), ...L.f64(EXP64.ln2Hi), ...MUL, ...SUB);
  out.push(...get(n), ...L.f64(EXP64.ln2Lo), ...MUL, ...SUB, ...set(r));
  // 1 + (r + r²·P(r)): the small terms first, the 1 last.
  out.push(...horner64(L, r, EXP64.poly), ...get(r), ...get(r), ...MUL, ...MUL);
  out.push(...get(r), ...ADD, ...L.f64(1), ...ADD);
  out.push(...scale2(L, k));
  return out;
}

export const DBL_MIN = 2.2250738585072014e-308;

/** `a` where the mask `cond` is set, else `b`. */
export const select = (a: number[], b: number[], cond: number[]): number[] => [...a, ...b, ...cond, ...SEL];

/**
 * The positive finite f64x2 in local `x` as 2ᵉ·m: sets `e` (a float, exact) and `m` (the
 * mantissa with a zero exponent, in [1, 2)). Subnormals are scaled by 2^`scale` first.
 */
export function splitExponent(L: Locals, x: number, e: number, m: number, scale: number): number[] {
  const tiny = [...get(x), ...L.f64(DBL_MIN), ...s(X.f64x2Lt)];
  const out = [...select([...get(x), ...L.f64(2 ** scale), ...MUL], get(x), tiny), ...set(m)];
  // e = biased exponent − 1023 (− scale): (2⁵² + biased) read as a float, less 2⁵² + 1023.
  out.push(...get(m), ...J.i32(52), ...s(X.i64x2ShrU), ...L.i64(0x4330000000000000n), ...s(X.v128Or));
  out.push(...L.f64(2 ** 52 + 1023), ...SUB, ...select(L.f64(-scale), L.f64(0), tiny), ...ADD, ...set(e));
  out.push(...get(m), ...L.i64(0x000fffffffffffffn), ...s(X.v128And), ...L.i64(0x3ff0000000000000n), ...s(X.v128Or));
  out.push(...set(m));
  return out;
}

export const LOG64 = {
  /** fdlibm's log: log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2 + f), |R − (its series)| < 2⁻⁵⁸·⁴⁵. */
  lg: [
    6.66666666666673513e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
    1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
  ],
  ln2Hi: EXP64.ln2Hi,
  ln2Lo: EXP64.ln2Lo,
} as const;

/** NaN for x < 0 or NaN, −∞ for 0, ∞ for ∞, else the value on the stack (NumPy's log); `v` is clobbered. */
export function logSpecials(L: Locals, x: number, v: number): number[] {
  const out = [...set(v)];
  const nanIf = [...get(x), ...L.f64(0), ...s(X.f64x2Lt), ...get(x), ...get(x), ...s(X.f64x2Ne), ...s(X.v128Or)];
  out.push(...select(L.f64(NaN), get(v), nanIf), ...set(v));
  out.push(...select(L.f64(-Infinity), get(v), [...get(x), ...L.f64(0), ...s(X.f64x2Eq)]), ...set(v));
  out.push(...select(L.f64(Infinity), get(v), [...get(x), ...L.f64(Infinity), ...s(X.f64x2Eq)]));
  return out;
}

/** Natural log of the f64x2 in local `x`. */
export function vlog64(L: Locals, x: number): number[] {
  const [e, f, c, sv, z, w, hfsq, t] = ['e', 'f', 'c', 's', 'z', 'w', 'hfsq', 't'].map((n) => L.role(`log64.${n}`)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [g1, g2, g3, g4, g5, g6, g7] = LOG64.lg;
  const out = splitExponent(L, x, e, f, 54);
  // m > √2: halve it and count one more, so 1 + f = m in [√½, √2); f = m − 1 exactly.
  out.push(...get(f), ...L.f64(Math.SQRT2), ...s(X.f64x2Gt), ...set(c));
  out.push(...select([...get(f), ...L.f64(0.5), ...MUL], get(f), get(c)), ...L.f64(1), ...SUB, ...set(f));
  out.push(...select([...get(e), ...L.f64(1), ...ADD], get(e), get(c)), ...set(e));
  // s = f/(2 + f), z = s², w = z², hfsq = f²/2
  out.push(...get(f), ...L.f64(2), ...get(f), ...ADD, ...s(SIMD.f64x2Div), ...J.tee(sv), ...get(sv), ...MUL);
  out.push(
    ...J.tee(z),
    ...get(z),
    ...MUL,
    ...set(w),
    ...get(f),
    ...get(f),
    ...MUL,
    ...L.f64(0.5),
    ...MUL,
    ...set(hfsq),
  );
  // t = s·(hfsq + R), R = z·(Lg1 + w·(Lg3 + w·(Lg5 + w·Lg7))) + w·(Lg2 + w·(Lg4 + w·Lg6))
  out.push(...horner64(L, w, [g7, g5, g3]), ...get(w), ...MUL, ...L.f64(g1), ...ADD, ...get(z), ...MUL);
  out.push(...horner64(L, w, [g6, g4, g2]), ...get(w), ...MUL, ...ADD);
  out.push(...get(hfsq), ...ADD, ...get(sv), ...MUL, ...set(t));
  // e·ln2Hi − ((hfsq − (t + e·ln2Lo)) − f)
  out.push(...get(e), ...L.f64(LOG64.ln2Hi), ...MUL, ...get(hfsq), ...get(t), ...get(e), ...L.f64(LOG64.ln2Lo));
  out.push(...MUL, ...ADD, ...SUB, ...get(f), ...SUB, ...SUB);
  out.push(...logSpecials(L, x, t));
  return out;
}

/** sum + err = a + b exactly (Knuth's TwoSum), for a and b in locals; `sum` and `err` distinct from both. */
export function twoSum(a: number, b: number, sum: number, err: number): number[] {
  // s = a + b; bb = s − a (held in err); e = (a − (s − bb)) + (b − bb)
  return [
    ...[...get(a), ...get(b), ...ADD, ...J.tee(sum), ...get(a), ...SUB, ...set(err)],
    ...[...get(a), ...get(sum), ...get(err), ...SUB, ...SUB, ...get(b), ...get(err), ...SUB, ...ADD, ...set(err)],
  ];
}

/** x**p for a whole p (|p| ≤ 16) by repeated squaring, as wasm-math.ts's `vipow`. */
export function vipow64(L: Locals, x: number, p: number): number[] {
  if (p === 0) return L.f64(1);
  const b = L.role('ipow64.b');
  const r = L.role('ipow64.r');
  const out = [...get(x), ...set(b)];
  let m = Math.abs(p);
  let first = true;
  while (m > 0) {
    if (m & 1) {
      out.push(...(first ? [...get(b)] : [...get(r), ...get(b), ...MUL]), ...set(r));
      first = false;
    }
    m >>>= 1;
    if (m > 0) out.push(...get(b), ...get(b), ...MUL, ...set(b));
  }
  if (p < 0) return [...out, ...L.f64(1), ...get(r), ...s(SIMD.f64x2Div)];
  return [...out, ...get(r)];
}
