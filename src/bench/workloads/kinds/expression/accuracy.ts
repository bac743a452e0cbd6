/**
 * How far a correct implementation of each operation may land from the exact value: the
 * tables the CPU reference (reference.ts) propagates through an expression, one per
 * implementation checked. Pure.
 */

/** f32 unit roundoff (half an ulp of 1). */
export const U = 2 ** -24;

/** One operation's own error bound (absolute), given its exact result `v` and first operand `x`. */
export interface Accuracy {
  name: string;
  /** Error of +, −, ×, ÷, sqrt etc.: relative, in units of U. */
  basic: (op: string) => number;
  exp: (v: number, x: number) => number;
  log: (v: number, x: number) => number;
  sincos: (v: number, x: number) => number;
  tanh: (v: number, x: number) => number;
  /** NaN where the reference is NaN, ±∞ where it is ±∞: required (Wasm) or not promised (WGSL). */
  strictSpecials: boolean;
  /** Smallest error allowed anywhere: GPUs may flush denormals to zero. */
  floor: number;
  /**
   * The longest chain of float32 additions a sum of `extent` values goes through in these
   * kernels (their blocking): its rounding is at most depth·u·Σ|x|. Any order needs
   * extent + 1, which for 10⁸ values would allow any answer at all.
   */
  sumDepth: (extent: number) => number;
}

/** The generated WebAssembly kernels: bounds from the measured errors of wasm-math.ts, with margin. */
export const WASM_ACCURACY: Accuracy = {
  name: 'WebAssembly',
  basic: () => 1,
  exp: (v) => 4 * U * Math.abs(v),
  log: (v) => 4 * U * Math.abs(v) + 2 * U * U,
  // Reduction by π/2 in three float32 parts is exact to 2¹⁶ quadrants: beyond |x| = 10⁵ no bound.
  sincos: (v, x) => (Math.abs(x) <= 1e5 ? 4 * U * Math.abs(v) + 2 * U * (1 + Math.abs(x) / 8192) : Infinity),
  tanh: (v) => 4 * U * Math.abs(v),
  strictSpecials: true,
  floor: 1e-44,
  // Blocks of 512 values, 32 per lane of 4 f32x4 accumulators, the blocks added in f64 (cpu-plan.ts).
  sumDepth: (extent) => Math.min(extent, 40) + 1,
};

/** WGSL's accuracy table (f32): exp 3 + 2|x| ulp, log 3 ulp (abs 2⁻²¹ on [0.5, 2]), sin/cos abs 2⁻¹¹ on [−π, π]. */
export const WGSL_ACCURACY: Accuracy = {
  name: 'WGSL',
  basic: (op) => (op === 'div' ? 3 : op === 'sqrt' ? 4 : 1),
  exp: (v, x) => (3 + 2 * Math.abs(x)) * 2 * U * Math.abs(v),
  log: (v, x) => (x >= 0.5 && x <= 2 ? 2 ** -21 : 3 * 2 * U * Math.abs(v)),
  // The specification bounds only [−π, π]; beyond it, what real range reduction achieves.
  sincos: (_v, x) => 2 ** -11 + (Math.abs(x) > Math.PI ? Math.abs(x) * 2 ** -22 : 0),
  // Inherited from sinh/cosh, i.e. from exp: a few ulps of e^|x| relative to cosh.
  tanh: (v) => 2 ** -20 + 8 * U * Math.abs(v),
  strictSpecials: false,
  floor: 1e-37,
  // wgsl-reduce.ts: one thread over a short axis, four lanes a step; else 16 steps a thread,
  // a 256-thread tree, then each output's chunks 256 ways and another tree.
  sumDepth: (extent) => (extent <= 4096 ? Math.ceil(extent / 4) + 3 : 40 + Math.ceil(extent / 4_194_304)),
};
