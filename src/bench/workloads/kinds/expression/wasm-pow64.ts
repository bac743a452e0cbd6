/**
 * NumPy's power on two f64 lanes, as a WebAssembly SIMD sequence in the style of
 * wasm-math64.ts: fdlibm's pow (e_pow.c) vectorised. A plain e^(y·ln|x|) loses |y·ln x|
 * ulps (the log's rounding, times y); fdlibm carries log₂|x| as t1 + t2 and y·log₂|x| as
 * ph + pl, the leading parts with 21 significant bits (the low 32 bits cleared) so their
 * products are exact, and finishes with 2^(ph + pl) = 2ⁿ·e^((ph − n + pl)·ln 2), the
 * reduced argument again in two parts. Measured within 1 ulp of Math.pow and of correctly
 * rounded values, also where |y·ln x| ≈ 700 (wasm-math64.test.ts). The selections fdlibm
 * makes by branches are lane masks here; results past the range saturate to 0 or ∞.
 */
import { SIMD } from '../../../wasm/asm.ts';
import type { Locals } from './wasm-locals.ts';
import { horner64, ROUNDER64, scale2, select, splitExponent } from './wasm-math64.ts';
import { J, V64, X } from './wasm-ops.ts';

const s = (op: number): number[] => J.simd(op);
const get = J.get;
const set = J.set;
const { add: ADD, sub: SUB, mul: MUL } = V64;

/** fdlibm's pow constants. */
export const POW64 = {
  /** 1 + f is taken about 1 (below √1.5) or 1.5 (below √3; above, halved): |s| ≤ 0.1. */
  sqrt1p5: Math.sqrt(1.5),
  sqrt3: Math.sqrt(3),
  /** log₂ 1.5 = dpH + dpL. */
  dpH: 5.84962487220764160156e-1,
  dpL: 1.35003920212974897128e-8,
  /** (3/2)·(log(x) − 2s − 2s³/3) ≈ s⁴·(L1 + s²·(L2 + …)). */
  l: [
    5.99999999999994648725e-1, 4.28571428578550184252e-1, 3.33333329818377432918e-1, 2.72728123808534006489e-1,
    2.30660745775561754067e-1, 2.06975017800338417784e-1,
  ],
  /** e^z on |z| ≤ ln2/2: c = z − z²·P(z²) in 1 + z + z·c/(2 − c). */
  p: [
    1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.6533902205465251539e-6,
    4.13813679705723846039e-8,
  ],
  lg2: 6.93147180559945286227e-1,
  lg2H: 6.93147182464599609375e-1,
  lg2L: -1.90465429995776804525e-9,
  /** 2/(3·ln 2) = cpH + cpL. */
  cp: 9.61796693925975554329e-1,
  cpH: 9.61796700954437255859e-1,
  cpL: -7.02846165095275826516e-9,
  /** |y·log₂|x|| beyond which the result is 0 or ∞ whatever the rest (2ⁿ's factors stay normal). */
  limit: 1100,
} as const;

/** The f64x2 on the stack with its low 32 bits cleared (fdlibm's SET_LOW_WORD(x, 0)): 21 significant bits. */
function high(L: Locals): number[] {
  return [...L.i64(-(2n ** 32n)), ...s(X.v128And)];
}

/** Locals of one role each, by name. */
function roles<const K extends string>(L: Locals, prefix: string, names: readonly K[]): Record<K, number> {
  return Object.fromEntries(names.map((n) => [n, L.role(`${prefix}.${n}`)])) as Record<K, number>;
}

/** log₂ of the f64x2 in local `ax` (≥ 0 or NaN) as t1 + t2, t1 with 21 significant bits: locals `t1`, `t2`. */
function log2Split(L: Locals, ax: number, t1: number, t2: number): number[] {
  const v = roles(L, 'log2s', ['n', 'm', 'c', 'bp', 'u', 'v', 'ss', 'sh', 'th', 'tl', 'sl', 'rr'] as const);
  const P = POW64;
  const out = splitExponent(L, ax, v.n, v.m, 53);
  // m ≥ √3: halve it, n + 1; then about 1.5 where m ≥ √1.5 (mask c), else about 1.
  out.push(...get(v.m), ...L.f64(P.sqrt3), ...s(X.f64x2Ge), ...set(v.c));
  out.push(...select([...get(v.m), ...L.f64(0.5), ...MUL], get(v.m), get(v.c)), ...set(v.m));
  out.push(...select([...get(v.n), ...L.f64(1), ...ADD], get(v.n), get(v.c)), ...set(v.n));
  out.push(...get(v.m), ...L.f64(P.sqrt1p5), ...s(X.f64x2Ge), ...set(v.c));
  out.push(...select(L.f64(1.5), L.f64(1), get(v.c)), ...set(v.bp));
  // ss = sh + sl = (m − bp)/(m + bp), sh with 21 bits; th + tl = m + bp likewise (exactly).
  out.push(...get(v.m), ...get(v.bp), ...SUB, ...set(v.u));
  out.push(...L.f64(1), ...get(v.m), ...get(v.bp), ...ADD, ...s(SIMD.f64x2Div), ...set(v.v));
  out.push(...get(v.u), ...get(v.v), ...MUL, ...J.tee(v.ss), ...high(L), ...set(v.sh));
  out.push(...get(v.m), ...get(v.bp), ...ADD, ...high(L), ...set(v.th));
  out.push(...get(v.m), ...get(v.th), ...get(v.bp), ...SUB, ...SUB, ...set(v.tl));
  out.push(...get(v.v), ...get(v.u), ...get(v.sh), ...get(v.th), ...MUL, ...SUB);
  out.push(...get(v.sh), ...get(v.tl), ...MUL, ...SUB, ...MUL, ...set(v.sl));
  // rr = ss⁴·L(ss²) + sl·(sh + ss)
  out.push(...get(v.ss), ...get(v.ss), ...MUL, ...set(v.u), ...get(v.u), ...get(v.u), ...MUL);
  out.push(...horner64(L, v.u, [...P.l].reverse()), ...MUL);
  out.push(...get(v.sl), ...get(v.sh), ...get(v.ss), ...ADD, ...MUL, ...ADD, ...set(v.rr));
  // th + tl = 3 + sh² + rr, th with 21 bits
  out.push(...get(v.sh), ...get(v.sh), ...MUL, ...set(v.u));
  out.push(...L.f64(3), ...get(v.u), ...ADD, ...get(v.rr), ...ADD, ...high(L), ...set(v.th));
  out.push(...get(v.rr), ...get(v.th), ...L.f64(3), ...SUB, ...get(v.u), ...SUB, ...SUB, ...set(v.tl));
  // u + v = ss·(3 + ss² + …) = (3/2)·ln(m/bp), regrouped as ph + pl (ph with 21 bits, in th, tl).
  out.push(...get(v.sh), ...get(v.th), ...MUL, ...set(v.u));
  out.push(...get(v.sl), ...get(v.th), ...MUL, ...get(v.tl), ...get(v.ss), ...MUL, ...ADD, ...set(v.v));
  out.push(...get(v.u), ...get(v.v), ...ADD, ...high(L), ...set(v.th));
  out.push(...get(v.v), ...get(v.th), ...get(v.u), ...SUB, ...SUB, ...set(v.tl));
  // zh + zl = (ph + pl)·2/(3·ln 2) + dpL (in u, v); t1 + t2 = n + dpH + zh + zl, t1 with 21 bits.
  out.push(...L.f64(P.cpH), ...get(v.th), ...MUL, ...set(v.u));
  out.push(...L.f64(P.cpL), ...get(v.th), ...MUL, ...get(v.tl), ...L.f64(P.cp), ...MUL, ...ADD);
  out.push(...select(L.f64(P.dpL), L.f64(0), get(v.c)), ...ADD, ...set(v.v));
  out.push(...select(L.f64(P.dpH), L.f64(0), get(v.c)), ...set(v.c));
  out.push(...get(v.u), ...get(v.v), ...ADD, ...get(v.c), ...ADD, ...get(v.n), ...ADD, ...high(L), ...set(t1));
  out.push(...get(v.v), ...get(t1), ...get(v.n), ...SUB, ...get(v.c), ...SUB, ...get(v.u), ...SUB, ...SUB, ...set(t2));
  // log₂ of NaN or ∞ is NaN so far (+ ax·0), then log₂ ∞ = ∞ and log₂ 0 = −∞.
  out.push(...get(t1), ...get(ax), ...L.f64(0), ...MUL, ...ADD, ...set(t1));
  out.push(...select(L.f64(Infinity), get(t1), [...get(ax), ...L.f64(Infinity), ...s(X.f64x2Eq)]), ...set(t1));
  out.push(...select(L.f64(-Infinity), get(t1), [...get(ax), ...L.f64(0), ...s(X.f64x2Eq)]), ...set(t1));
  return out;
}

/** NumPy's power for any x and y: 2^(y·log₂|x|) carried in two parts (fdlibm), then the sign for x < 0 (NaN unless y is whole). */
export function vpow64(L: Locals, x: number, y: number): number[] {
  const v = roles(L, 'pow64', ['ax', 't1', 't2', 'ph', 'pl', 'k', 't', 'u', 'v', 'z', 'w', 'whole'] as const);
  const P = POW64;
  const nearest = (e: number[]) => [...e, ...s(SIMD.f64x2Nearest)];
  const out = [...get(x), ...s(X.f64x2Abs), ...set(v.ax), ...log2Split(L, v.ax, v.t1, v.t2)];
  // ph + pl = y·(t1 + t2): y1·t1 exact (y1 = y with 21 bits), pl = (y − y1)·t1 + y·t2.
  out.push(...get(y), ...high(L), ...J.tee(v.u), ...get(v.t1), ...MUL, ...set(v.ph));
  out.push(...get(y), ...get(v.u), ...SUB, ...get(v.t1), ...MUL, ...get(y), ...get(v.t2), ...MUL, ...ADD);
  // Beyond ±limit (or ±∞, NaN) the low part is meaningless: zero it, clamp ph (NaN stays NaN).
  out.push(...get(v.ph), ...s(X.f64x2Abs), ...L.f64(P.limit), ...s(X.f64x2Lt), ...s(X.v128And), ...set(v.pl));
  out.push(...get(v.ph), ...L.f64(P.limit), ...s(X.f64x2Min), ...L.f64(-P.limit), ...s(SIMD.f64x2Max), ...set(v.ph));
  // n = nearest(ph + pl) (its bits in k, by the rounder); ph −= n, exactly.
  out.push(...get(v.ph), ...get(v.pl), ...ADD, ...L.f64(ROUNDER64), ...ADD, ...J.tee(v.k));
  out.push(...L.f64(ROUNDER64), ...SUB, ...set(v.t), ...get(v.ph), ...get(v.t), ...SUB, ...set(v.ph));
  // z + w = (ph + pl)·ln 2, z's leading product exact.
  out.push(...get(v.pl), ...get(v.ph), ...ADD, ...high(L), ...set(v.t));
  out.push(...get(v.t), ...L.f64(P.lg2H), ...MUL, ...set(v.u));
  out.push(...get(v.pl), ...get(v.t), ...get(v.ph), ...SUB, ...SUB, ...L.f64(P.lg2), ...MUL);
  out.push(...get(v.t), ...L.f64(P.lg2L), ...MUL, ...ADD, ...set(v.v));
  out.push(
    ...get(v.u),
    ...get(v.v),
    ...ADD,
    ...set(v.z),
    ...get(v.v),
    ...get(v.z),
    ...get(v.u),
    ...SUB,
    ...SUB,
    ...set(v.w),
  );
  // e^(z + w) = 1 − (((z·c)/(c − 2) − (w + z·w)) − z), c = z − z²·P(z²); then × 2ⁿ.
  out.push(...get(v.z), ...get(v.z), ...MUL, ...set(v.t));
  out.push(...get(v.z), ...get(v.t), ...horner64(L, v.t, [...P.p].reverse()), ...MUL, ...SUB, ...set(v.u));
  out.push(...L.f64(1), ...get(v.z), ...get(v.u), ...MUL, ...get(v.u), ...L.f64(2), ...SUB, ...s(SIMD.f64x2Div));
  out.push(...get(v.w), ...get(v.z), ...get(v.w), ...MUL, ...ADD, ...SUB, ...get(v.z), ...SUB, ...SUB);
  out.push(...scale2(L, v.k), ...set(v.z));
  // Signs and NaN as NumPy: y whole and x's sign bit set (−0 too): −r if y is odd; x < 0 and
  // y fractional: NaN; y = 0: 1 (even for x = 0 or NaN).
  out.push(...get(y), ...nearest(get(y)), ...s(X.f64x2Eq), ...set(v.whole));
  const odd = [...get(y), ...L.f64(0.5), ...MUL, ...nearest([...get(y), ...L.f64(0.5), ...MUL]), ...s(X.f64x2Ne)];
  const signed = [
    ...get(x),
    ...J.i32(63),
    ...s(X.i64x2ShrS),
    ...get(v.whole),
    ...s(X.v128And),
    ...odd,
    ...s(X.v128And),
  ];
  out.push(...select([...get(v.z), ...s(X.f64x2Neg)], get(v.z), signed), ...set(v.z));
  const negative = [...get(x), ...L.f64(0), ...s(X.f64x2Lt), ...get(v.whole), ...s(X.v128AndNot)];
  out.push(...select(L.f64(NaN), get(v.z), negative), ...set(v.z));
  out.push(...select(L.f64(1), get(v.z), [...get(y), ...L.f64(0), ...s(X.f64x2Eq)]));
  return out;
}
