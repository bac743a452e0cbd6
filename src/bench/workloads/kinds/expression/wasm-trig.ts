/**
 * sin, cos and tanh on four f32 lanes as WebAssembly SIMD sequences (Cephes' sinf, cosf and
 * tanhf), in the style of wasm-math.ts: argument in a local, result on the stack, working
 * values in locals of their own. sin/cos reduce by π/2 in three float32 parts, exact to 2¹⁶
 * quadrants (|x| ≈ 10⁵); beyond that their error grows (reference.ts claims no bound there).
 */
import { SIMD } from '../../../wasm/asm.ts';
import type { Locals } from './wasm-locals.ts';
import { horner, ROUNDER, vexp } from './wasm-math.ts';
import { J, X } from './wasm-ops.ts';

const s = (op: number): number[] => J.simd(op);
const get = J.get;
const set = J.set;

export const TRIG = {
  twoOverPi: 2 / Math.PI,
  /** π/2 = dp1 + dp2 + dp3; n·dp1 is exact for |n| < 2¹⁶ (dp1 has 8 significant bits). */
  dp1: 1.5703125,
  dp2: 4.837512969970703125e-4,
  dp3: 7.549789954891882e-8,
  /** Cephes sinf / cosf on |r| ≤ π/4. */
  sin: [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1],
  cos: [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2],
} as const;

/** sin (or cos) of the f32x4 in local `x`: quadrant q = nearest(x·2/π), r = x − q·π/2. */
export function vsincos(L: Locals, x: number, cos: boolean): number[] {
  const r = L.role('trig.r');
  const n = L.role('trig.n');
  const z = L.role('trig.z');
  const q = L.role('trig.q');
  const sinR = L.role('trig.s');
  // n = nearest(x·2/π) by the rounder (exact for |x| < 6.5·10⁶; beyond 10⁵ no accuracy is
  // claimed anyway); q's two low bits, all the quadrant needs, are those of the sum's bits.
  const out = [
    ...get(x),
    ...L.f32(TRIG.twoOverPi),
    ...s(SIMD.f32x4Mul),
    ...L.f32(ROUNDER),
    ...s(SIMD.f32x4Add),
    ...J.tee(q),
    ...L.f32(ROUNDER),
    ...s(SIMD.f32x4Sub),
    ...set(n),
    ...get(x),
  ];
  for (const dp of [TRIG.dp1, TRIG.dp2, TRIG.dp3])
    out.push(...get(n), ...L.f32(dp), ...s(SIMD.f32x4Mul), ...s(SIMD.f32x4Sub));
  out.push(...set(r), ...get(r), ...get(r), ...s(SIMD.f32x4Mul), ...set(z));
  // cos x = sin(x + π/2): one quadrant on.
  if (cos) out.push(...get(q), ...L.i32(1), ...s(SIMD.i32x4Add), ...set(q));
  // sin r = r + r·z·S(z)
  out.push(...horner(L, z, TRIG.sin), ...get(z), ...s(SIMD.f32x4Mul), ...get(r), ...s(SIMD.f32x4Mul));
  out.push(...get(r), ...s(SIMD.f32x4Add), ...set(sinR));
  // cos r = 1 − z/2 + z²·C(z)
  out.push(...horner(L, z, TRIG.cos), ...get(z), ...s(SIMD.f32x4Mul), ...get(z), ...s(SIMD.f32x4Mul));
  out.push(...get(z), ...L.f32(0.5), ...s(SIMD.f32x4Mul), ...s(SIMD.f32x4Sub), ...L.f32(1), ...s(SIMD.f32x4Add));
  // odd quadrant → cos r, else sin r; quadrants 2 and 3 → negated (sign bit from q & 2).
  out.push(...get(sinR), ...get(q), ...L.i32(1), ...s(X.v128And), ...L.i32(1), ...s(X.i32x4Eq));
  out.push(...s(X.v128Bitselect));
  out.push(...get(q), ...L.i32(2), ...s(X.v128And), ...J.i32(30), ...s(SIMD.i32x4Shl), ...s(X.v128Xor));
  return out;
}

/** Cephes tanhf for |x| < 0.625: x + x·z·P(z), z = x². */
const TANH_POLY = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];

/** tanh of the f32x4 in local `x`: the polynomial near 0, 1 − 2/(e^{2|x|} + 1) with x's sign beyond. */
export function vtanh(L: Locals, x: number): number[] {
  const z = L.role('tanh.z');
  const big = L.role('tanh.big');
  return [
    ...get(x),
    ...L.f32(2),
    ...s(SIMD.f32x4Mul),
    ...s(X.f32x4Abs),
    ...set(big),
    ...vexp(L, big),
    ...L.f32(1),
    ...s(SIMD.f32x4Add),
    ...set(big),
    ...L.f32(1),
    ...L.f32(2),
    ...get(big),
    ...s(SIMD.f32x4Div),
    ...s(SIMD.f32x4Sub),
    ...get(x),
    ...L.i32(-0x80000000),
    ...s(X.v128And),
    ...s(X.v128Or),
    ...set(big),
    ...get(x),
    ...get(x),
    ...s(SIMD.f32x4Mul),
    ...set(z),
    ...horner(L, z, TANH_POLY),
    ...get(z),
    ...s(SIMD.f32x4Mul),
    ...get(x),
    ...s(SIMD.f32x4Mul),
    ...get(x),
    ...s(SIMD.f32x4Add),
    ...get(big),
    ...get(x),
    ...s(X.f32x4Abs),
    ...L.f32(0.625),
    ...s(X.f32x4Lt),
    ...s(X.v128Bitselect),
  ];
}
