/**
 * How far a correct implementation of each operation may land from the exact value: the
 * tables the CPU reference (reference.ts) propagates through an expression, one per
 * implementation checked: the float32 and float64 WebAssembly kernels, and WGSL. Pure.
 */
import type { CpuDtype } from '../../cpu/lanes.ts';
import { TRIG64 } from './wasm-trig64.ts';

/** f32 unit roundoff (half an ulp of 1). */
const U = 2 ** -24;
/** f64 unit roundoff. */
const D = 2 ** -53;
const FLT_MAX = 3.4028234663852886e38;

/** One operation's own error bound (absolute), given its exact result `v` and first operand `x`. */
export interface Accuracy {
  name: string;
  /** Unit roundoff of the type the kernels compute in: every relative bound is in these units. */
  unit: number;
  /** A literal as the kernels hold it (rounded to float32, or kept in float64). */
  round: (x: number) => number;
  /** The largest finite value of that type: a true value beyond it is ±∞ there. */
  maxFinite: number;
  /** Error of +, −, ×, ÷, sqrt etc.: relative, in units of `unit`. */
  basic: (op: string) => number;
  exp: (v: number, x: number) => number;
  log: (v: number, x: number) => number;
  sincos: (v: number, x: number) => number;
  tanh: (v: number, x: number) => number;
  /** A power's own error (beyond its operands'), `z` = |y·ln|x||. */
  pow: (v: number, z: number) => number;
  /** NaN where the reference is NaN, ±∞ where it is ±∞: required (Wasm) or not promised (WGSL). */
  strictSpecials: boolean;
  /** Smallest error allowed anywhere: GPUs may flush denormals to zero. */
  floor: number;
  /**
   * The longest chain of additions in the kernels' type that a sum of `extent` values goes
   * through in these kernels (their blocking): its rounding is at most depth·u·Σ|x|. Any
   * order needs extent + 1, which for 10⁸ values would allow any answer at all.
   */
  sumDepth: (extent: number) => number;
}

/** e^(y·log) in float32: the log's and the product's errors become relative errors of the result. */
const f32Pow = (exp: Accuracy['exp']) => (v: number, z: number) => Math.abs(v) * (z * 4 * U + 4 * U) + exp(v, z);

const wasmExp = (v: number) => 4 * U * Math.abs(v);

/** The generated float32 WebAssembly kernels: bounds from the measured errors of wasm-math.ts, with margin. */
export const WASM_ACCURACY: Accuracy = {
  name: 'WebAssembly',
  unit: U,
  round: Math.fround,
  maxFinite: FLT_MAX,
  basic: () => 1,
  exp: wasmExp,
  log: (v) => 4 * U * Math.abs(v) + 2 * U * U,
  // Reduction by π/2 in three float32 parts is exact to 2¹⁶ quadrants: beyond |x| = 10⁵ no bound.
  sincos: (v, x) => (Math.abs(x) <= 1e5 ? 4 * U * Math.abs(v) + 2 * U * (1 + Math.abs(x) / 8192) : Infinity),
  tanh: (v) => 4 * U * Math.abs(v),
  pow: f32Pow(wasmExp),
  strictSpecials: true,
  floor: 1e-44,
  // Blocks of 512 values, 32 per lane of 4 f32x4 accumulators, the blocks added in f64 (cpu-plan.ts).
  sumDepth: (extent) => Math.min(extent, 40) + 1,
};

/**
 * The generated float64 WebAssembly kernels (wasm-math64.ts, wasm-trig64.ts). In float64
 * the reference (plain JavaScript doubles and Math.*) is no longer exact beside the kernels,
 * so each bound is the kernel's measured error plus the reference's own, with margin:
 * +, −, ×, ÷ and sqrt are rounded once in each (2 units); exp, log, sin, cos and pow are
 * within 1 ulp in the kernels and in V8's Math.* (ulp ≤ 2 units: 6 units with margin);
 * tanh within 1 ulp in the kernels and 1.6 in V8's Math.tanh (8 units).
 */
export const WASM_F64_ACCURACY: Accuracy = {
  name: 'WebAssembly (float64)',
  unit: D,
  round: (x) => x,
  maxFinite: Number.MAX_VALUE,
  basic: () => 2,
  exp: (v) => 6 * D * Math.abs(v),
  log: (v) => 6 * D * Math.abs(v),
  // Exact reduction below 2²⁹·π/2 (the reduced argument right to ~2⁻¹¹⁰); to 2⁵⁰ the products
  // round, ≤ 2⁻⁵³·|x| absolute (measured: 0.99); beyond, the quadrant is lost: no bound.
  sincos: (v, x) => {
    const ax = Math.abs(x);
    if (ax < TRIG64.exactBelow) return 6 * D * Math.abs(v) + 2 ** -100;
    return ax <= 2 ** 50 ? 6 * D * Math.abs(v) + 2 * D * ax : Infinity;
  },
  tanh: (v) => 8 * D * Math.abs(v),
  // fdlibm's pow carries y·log₂|x| in two parts: within 1 ulp however large |y·ln x| (measured).
  pow: (v) => 6 * D * Math.abs(v),
  strictSpecials: true,
  // Ten steps of float64's smallest subnormal (4.9·10⁻³²⁴).
  floor: 5e-323,
  // As float32's (blocks of 256, 32 per lane of 4 f64x2 accumulators), the blocks' sums added
  // with their rounding errors kept (TwoSum), and the reference's own compensated sum.
  sumDepth: (extent) => Math.min(extent, 40) + 3,
};

/** The WebAssembly kernels' table for `dtype`. */
export function wasmAccuracy(dtype: CpuDtype): Accuracy {
  return dtype === 'f64' ? WASM_F64_ACCURACY : WASM_ACCURACY;
}

const wgslExp = (v: number, x: number) => (3 + 2 * Math.abs(x)) * 2 * U * Math.abs(v);

/** WGSL's accuracy table (f32): exp 3 + 2|x| ulp, log 3 ulp (abs 2⁻²¹ on [0.5, 2]), sin/cos abs 2⁻¹¹ on [−π, π]. */
export const WGSL_ACCURACY: Accuracy = {
  name: 'WGSL',
  unit: U,
  round: Math.fround,
  maxFinite: FLT_MAX,
  basic: (op) => (op === 'div' ? 3 : op === 'sqrt' ? 4 : 1),
  exp: wgslExp,
  log: (v, x) => (x >= 0.5 && x <= 2 ? 2 ** -21 : 3 * 2 * U * Math.abs(v)),
  // The specification bounds only [−π, π]; beyond it, what real range reduction achieves.
  sincos: (_v, x) => 2 ** -11 + (Math.abs(x) > Math.PI ? Math.abs(x) * 2 ** -22 : 0),
  // Inherited from sinh/cosh, i.e. from exp: a few ulps of e^|x| relative to cosh.
  tanh: (v) => 2 ** -20 + 8 * U * Math.abs(v),
  pow: f32Pow(wgslExp),
  strictSpecials: false,
  floor: 1e-37,
  // wgsl-reduce.ts: one thread over a short axis, four lanes a step; else 16 steps a thread,
  // a 256-thread tree, then each output's chunks 256 ways and another tree.
  sumDepth: (extent) => (extent <= 4096 ? Math.ceil(extent / 4) + 3 : 40 + Math.ceil(extent / 4_194_304)),
};
