/**
 * sin, cos and tanh on two f64 lanes as WebAssembly SIMD sequences: the float64
 * counterparts of wasm-trig.ts, in the style of wasm-math64.ts.
 *
 * sin and cos reduce x by π/2 (quadrant n = nearest(x·2/π)) with π/2 split into six parts
 * of 24 bits (144 bits in all): each n·Cᵢ is exact while |n| < 2²⁹, and the differences are
 * carried as a double-double by TwoSum, so the reduced argument is right to about 2⁻¹¹⁰
 * absolute, whatever the cancellation, for |x| < 2²⁹·π/2 ≈ 8.4·10⁸. fdlibm's __kernel_sin
 * and __kernel_cos (degree 13 and 14 on |r| ≤ π/4, the low part folded in) finish it.
 * Beyond 8.4·10⁸ the products round and the error grows as about 2⁻⁵³·|x| absolute (NumPy
 * reduces exactly at any size with Payne–Hanek, which needs a table of 2/π); beyond 2⁵⁰ the
 * quadrant itself is lost. reference.ts bounds them accordingly.
 *
 * tanh is Cephes' (tanh.c): x + x·z·P(z)/Q(z) for |x| < 0.625, else 1 − 2/(e^{2|x|} + 1)
 * with x's sign.
 */
import { SIMD } from '../../../wasm/asm.ts';
import type { Locals } from './wasm-locals.ts';
import { horner64, ROUNDER64, twoSum, vexp64 } from './wasm-math64.ts';
import { J, V64, X } from './wasm-ops.ts';

const s = (op: number): number[] => J.simd(op);
const get = J.get;
const set = J.set;
const { add: ADD, sub: SUB, mul: MUL, sel: SEL } = V64;

export const TRIG64 = {
  twoOverPi: 2 / Math.PI,
  /** π/2 = Σ Cᵢ + 2⁻¹⁴⁵·…: six parts of ≤ 24 significant bits each (bits 0–23, 24–47, …). */
  pio2: [
    1.570796251296997, 7.549789415861596e-8, 5.390302529957765e-15, 3.282003415807913e-22, 1.270655753080676e-29,
    1.2293330898111133e-36,
  ],
  /** |x| below which the reduction is exact (|n| < 2²⁹). */
  exactBelow: 2 ** 29 * (Math.PI / 2),
  /** fdlibm __kernel_sin on |x| ≤ π/4: sin x = x + x³·(S1 + x²·(S2 + …)). */
  sin: [
    -1.66666666666666324348e-1, 8.33333333332248946124e-3, -1.98412698298579493134e-4, 2.75573137070700676789e-6,
    -2.50507602534068634195e-8, 1.58969099521155010221e-10,
  ],
  /** fdlibm __kernel_cos on |x| ≤ π/4: cos x = 1 − x²/2 + x⁴·(C1 + x²·(C2 + …)). */
  cos: [
    4.16666666666666019037e-2, -1.38888888888741095749e-3, 2.48015872894767294178e-5, -2.75573143513906633035e-7,
    2.0875723212981748279e-9, -1.13596475577881948265e-11,
  ],
} as const;

/** r = rh + rl = x − n·π/2 in double-double; `q` keeps the rounder's sum, whose low bits are n. */
function reduce(L: Locals, x: number, q: number, rh: number, rl: number): number[] {
  const n = L.role('trig64.n');
  const p = L.role('trig64.p');
  const sum = L.role('trig64.sum');
  const err = L.role('trig64.err');
  const [c1, ...rest] = TRIG64.pio2;
  const out = [
    ...get(x),
    ...L.f64(TRIG64.twoOverPi),
    ...MUL,
    ...L.f64(ROUNDER64),
    ...ADD,
    ...J.tee(q),
    ...L.f64(ROUNDER64),
    ...SUB,
    ...set(n),
    // x − n·C1 is exact (n·C1 is, and lies within a factor 2 of x).
    ...get(x),
    ...get(n),
    ...L.f64(c1),
    ...MUL,
    ...SUB,
    ...set(rh),
    ...L.f64(0),
    ...set(rl),
  ];
  for (const c of rest) {
    out.push(...get(n), ...L.f64(-c), ...MUL, ...set(p));
    out.push(...twoSum(rh, p, sum, err), ...get(sum), ...set(rh));
    out.push(...get(rl), ...get(err), ...ADD, ...set(rl));
  }
  // Renormalise: rl below rh's last place.
  out.push(...twoSum(rh, rl, sum, err), ...get(sum), ...set(rh), ...get(err), ...set(rl));
  return out;
}

/** Horner over coefficients (highest degree first) in local `v`, lowest first in the table. */
const hornerUp = (L: Locals, v: number, lowFirst: readonly number[]) => horner64(L, v, [...lowFirst].reverse());

/** sin (or cos) of the f64x2 in local `x`. */
export function vsincos64(L: Locals, x: number, cos: boolean): number[] {
  const q = L.role('trig64.q');
  const rh = L.role('trig64.rh');
  const rl = L.role('trig64.rl');
  const z = L.role('trig64.z');
  const v = L.role('trig64.v');
  const w = L.role('trig64.w');
  const sinR = L.role('trig64.s');
  const [s1, ...sRest] = TRIG64.sin;
  const out = reduce(L, x, q, rh, rl);
  out.push(...get(rh), ...get(rh), ...MUL, ...set(z), ...get(z), ...get(rh), ...MUL, ...set(v));
  // cos x = sin(x + π/2): one quadrant on.
  if (cos) out.push(...get(q), ...L.i64(1n), ...s(SIMD.i64x2Add), ...set(q));
  // sin: rh − ((z·(rl/2 − v·S(z)) − rl) − v·S1), S(z) = S2 + z·(S3 + …)
  out.push(...get(rh), ...get(z), ...get(rl), ...L.f64(0.5), ...MUL);
  out.push(...get(v), ...hornerUp(L, z, sRest), ...MUL, ...SUB, ...MUL, ...get(rl), ...SUB);
  out.push(...get(v), ...L.f64(s1), ...MUL, ...SUB, ...SUB, ...set(sinR));
  // cos: w + (((1 − w) − z/2) + (z·z·C(z) − rh·rl)), w = 1 − z/2
  out.push(...L.f64(1), ...get(z), ...L.f64(0.5), ...MUL, ...SUB, ...J.tee(w));
  out.push(...L.f64(1), ...get(w), ...SUB, ...get(z), ...L.f64(0.5), ...MUL, ...SUB);
  out.push(...get(z), ...get(z), ...MUL, ...hornerUp(L, z, TRIG64.cos), ...MUL);
  out.push(...get(rh), ...get(rl), ...MUL, ...SUB, ...ADD, ...ADD);
  // odd quadrant → cos r, else sin r; quadrants 2 and 3 → negated (sign bit from q & 2).
  out.push(...get(sinR), ...get(q), ...L.i64(1n), ...s(X.v128And), ...L.i64(1n), ...s(X.i64x2Eq), ...SEL);
  out.push(...get(q), ...L.i64(2n), ...s(X.v128And), ...J.i32(62), ...s(SIMD.i64x2Shl), ...s(X.v128Xor));
  // sin x = x to the last bit below 2⁻²⁷ (x³/6 is under half an ulp): keeps −0 and subnormals.
  if (!cos) out.push(...tiny(L, x));
  return out;
}

/** x itself where |x| < 2⁻²⁷, else the value on the stack (sin and tanh there round to x). */
function tiny(L: Locals, x: number): number[] {
  return [
    ...set(L.role('trig64.t')),
    ...get(x),
    ...get(L.role('trig64.t')),
    ...get(x),
    ...s(X.f64x2Abs),
    ...L.f64(2 ** -27),
    ...s(X.f64x2Lt),
    ...SEL,
  ];
}

/** Cephes tanh for |x| < 0.625: x + x·z·P(z)/Q(z), z = x² (Q monic); its 21-digit constants as the doubles they round to. */
export const TANH64 = {
  p: [-0.9643991794250523, -99.28772310019185, -1614.6876844170845],
  q: [1, 112.81167849163293, 2235.4883906010045, 4844.063053251255],
} as const;

/** tanh of the f64x2 in local `x`: the rational function near 0, 1 − 2/(e^{2|x|} + 1) with x's sign beyond. */
export function vtanh64(L: Locals, x: number): number[] {
  const z = L.role('tanh64.z');
  const big = L.role('tanh64.big');
  return [
    ...get(x),
    ...L.f64(2),
    ...MUL,
    ...s(X.f64x2Abs),
    ...set(big),
    ...vexp64(L, big),
    ...L.f64(1),
    ...ADD,
    ...set(big),
    ...L.f64(1),
    ...L.f64(2),
    ...get(big),
    ...s(SIMD.f64x2Div),
    ...SUB,
    ...get(x),
    ...L.i64(-(2n ** 63n)),
    ...s(X.v128And),
    ...s(X.v128Or),
    ...set(big),
    ...get(x),
    ...get(x),
    ...MUL,
    ...set(z),
    ...horner64(L, z, TANH64.p),
    ...horner64(L, z, TANH64.q),
    ...s(SIMD.f64x2Div),
    ...get(z),
    ...MUL,
    ...get(x),
    ...MUL,
    ...get(x),
    ...ADD,
    ...get(big),
    ...get(x),
    ...s(X.f64x2Abs),
    ...L.f64(0.625),
    ...s(X.f64x2Lt),
    ...SEL,
    ...tiny(L, x),
  ];
}
