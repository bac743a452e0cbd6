/**
 * The CPU tiers' kernels and their references. Pure: no DOM, no timers, no workers.
 *
 * Both kernels iterate the affine map x ← x·m + a on many independent chains. With
 * m = 1 − 2⁻¹⁰ and a ≈ 2⁻¹⁰/3 the map has the fixed point x* = a/(1 − m) ≈ 1/3, contracts
 * every error by m per step (so rounding cannot blow up, whatever the run length) and stays
 * far from denormals and infinities, which would slow some CPUs down.
 * Starting values spread over [0.5, 1.5) make every chain and lane distinct (identical
 * chains could be merged by a compiler) and make a missing or extra step visible.
 */
import { lanesOf, simdLayout, type Precision, type SimdFlavor } from './wasm-kernel.ts';

/** Multiplier m = 1 − 2⁻¹⁰: exact in f32; slow contraction (time constant ≈ 1024 steps). */
export const KERNEL_M = 1 - 2 ** -10;
/**
 * Addend a = f32(2⁻¹⁰/3): a full 24-bit significand, so x·m + a rounds differently fused
 * and unfused (with a = 2⁻¹⁰, on the values' own ulp grid, both would agree bit for bit
 * and a fused engine could not be told apart).
 */
export const KERNEL_A = Math.fround(2 ** -10 / 3);

/** The map's fixed point a/(1 − m) = 1024·a ≈ 1/3 (exact in f64). */
export const KERNEL_FIXED_POINT = KERNEL_A / (1 - KERNEL_M);

/**
 * Independent chains in the plain-JavaScript kernel. JS numbers are f64 and V8 keeps each
 * chain in its own xmm register; mul then add has ≈ 6–8 cycles of latency and 2 ports, so
 * ~12 chains are in flight at once (METHODS.md: 12 chains ≈ 7 GFLOPS in Chromium here).
 */
export const JS_CHAINS = 12;

/** Starting value of element `i` of a kernel's state: distinct, in [0.5, 1.5), exact in f32. */
export function initialValue(i: number): number {
  return 0.5 + ((i * 37) % 128) / 128; // 37 is coprime to 128: a permutation of 0..127
}

/** FLOPs of one JS kernel call: each step is one f64 multiply and one f64 add per chain. */
export function jsFlopsPerCall(steps: number): number {
  return steps * JS_CHAINS * 2;
}

/**
 * The plain-JavaScript kernel: `steps` multiply-add steps on each of the 12 chains held in
 * `state` (read at the start, written back at the end). Written out by hand, one local
 * per chain, as a person writing a tight numeric loop in JS would; f64 arithmetic
 * (JavaScript has no f32 arithmetic, and `Math.fround` per step would measure rounding).
 */
export function jsKernel(state: Float64Array, m: number, a: number, steps: number): void {
  let x0 = state[0] ?? 0,
    x1 = state[1] ?? 0,
    x2 = state[2] ?? 0,
    x3 = state[3] ?? 0;
  let x4 = state[4] ?? 0,
    x5 = state[5] ?? 0,
    x6 = state[6] ?? 0,
    x7 = state[7] ?? 0;
  let x8 = state[8] ?? 0,
    x9 = state[9] ?? 0,
    x10 = state[10] ?? 0,
    x11 = state[11] ?? 0;
  for (let i = 0; i < steps; i++) {
    x0 = x0 * m + a;
    x1 = x1 * m + a;
    x2 = x2 * m + a;
    x3 = x3 * m + a;
    x4 = x4 * m + a;
    x5 = x5 * m + a;
    x6 = x6 * m + a;
    x7 = x7 * m + a;
    x8 = x8 * m + a;
    x9 = x9 * m + a;
    x10 = x10 * m + a;
    x11 = x11 * m + a;
  }
  state[0] = x0;
  state[1] = x1;
  state[2] = x2;
  state[3] = x3;
  state[4] = x4;
  state[5] = x5;
  state[6] = x6;
  state[7] = x7;
  state[8] = x8;
  state[9] = x9;
  state[10] = x10;
  state[11] = x11;
}

/** The JS kernel's reference: the same f64 arithmetic, one chain at a time (a different code path). */
export function jsReference(initial: readonly number[], m: number, a: number, steps: number): number[] {
  return initial.map((x0) => {
    let x = x0;
    for (let i = 0; i < steps; i++) x = x * m + a;
    return x;
  });
}

/** Fresh JS kernel state: JS_CHAINS distinct starting values. */
export function jsInitialState(): Float64Array {
  return Float64Array.from({ length: JS_CHAINS }, (_, i) => initialValue(i));
}

/** Outcome of checking a kernel's output. */
export type CheckResult = { ok: true } | { ok: false; error: string };

/** Exact comparison of the JS kernel's output with its reference (same arithmetic ⇒ same bits). */
export function checkJsExact(out: ArrayLike<number>, expected: readonly number[]): CheckResult {
  for (let i = 0; i < expected.length; i++) {
    const got = out[i];
    if (got !== expected[i]) {
      return { ok: false, error: `chain ${i} gave ${got}, the reference gives ${expected[i]}` };
    }
  }
  return { ok: true };
}

/**
 * One step of the SIMD kernel's arithmetic for one f32 lane, as the engine may compute it.
 * Unfused: round(round(x·m) + a). Fused: round(x·m + a) — the product of two f32 values is
 * exact in f64 (48 significant bits ≤ 53), so only the final f64 sum and the f32 rounding
 * round; in rare ties that double rounding differs from a true FMA by one ulp, which the
 * tolerance in {@link checkSimdAgainstReference} absorbs.
 */
export function f32Step(x: number, m: number, a: number, fused: boolean): number {
  return fused ? Math.fround(x * m + a) : Math.fround(Math.fround(x * m) + a);
}

/** Reference for `steps` SIMD steps on each f32 lane, fused or unfused. */
export function simdReference(
  initial: readonly number[],
  m: number,
  a: number,
  steps: number,
  fused: boolean,
): number[] {
  const mf = Math.fround(m);
  const af = Math.fround(a);
  return initial.map((x0) => {
    let x = Math.fround(x0);
    for (let i = 0; i < steps; i++) x = f32Step(x, mf, af, fused);
    return x;
  });
}

/**
 * Relative tolerance for the short validation run: 2⁻¹⁵ ≈ 3.1e-5. Over 256 steps the fused
 * and unfused results drift apart by up to ≈ 5e-6 relative (rounding is biased, and each
 * error decays only by m per step), 6× under the tolerance; one missing or extra step moves
 * a lane by 2⁻¹⁰·|x − x*| ≥ 2.6e-4 relative for the starting values used, 8× over it.
 * Lanes are checked one by one, so a kernel that got any lane wrong cannot pass.
 */
export const SIMD_REL_TOL = 2 ** -15;

/**
 * Check the SIMD kernel's lanes against both the unfused and the fused reference and accept
 * either (relaxed_madd may or may not fuse, the spec lets the engine choose). Reports which
 * one matched, so a run records whether this engine fuses.
 */
export function checkSimdAgainstReference(
  out: ArrayLike<number>,
  initial: readonly number[],
  m: number,
  a: number,
  steps: number,
): { ok: true; matched: 'fused' | 'unfused' | 'mixed' } | { ok: false; error: string } {
  const unfused = simdReference(initial, m, a, steps, false);
  const fused = simdReference(initial, m, a, steps, true);
  let anyFusedOnly = false;
  let anyUnfusedOnly = false;
  for (let i = 0; i < initial.length; i++) {
    const got = out[i] ?? Number.NaN;
    const u = unfused[i] as number;
    const f = fused[i] as number;
    const nearU = Math.abs(got - u) <= SIMD_REL_TOL * Math.abs(u);
    const nearF = Math.abs(got - f) <= SIMD_REL_TOL * Math.abs(f);
    if (!nearU && !nearF) {
      return {
        ok: false,
        error: `lane ${i} gave ${got}; the reference gives ${u} (mul then add) or ${f} (fused)`,
      };
    }
    const exactU = got === u;
    const exactF = got === f;
    if (exactF && !exactU) anyFusedOnly = true;
    if (exactU && !exactF) anyUnfusedOnly = true;
  }
  const matched = anyFusedOnly && anyUnfusedOnly ? 'mixed' : anyFusedOnly ? 'fused' : 'unfused';
  return { ok: true, matched };
}

/**
 * Closed-form check for a long timed run, where stepping a reference would cost more than
 * the benchmark: after n steps, x = x* + mⁿ·(x₀ − x*) exactly (x* the fixed point); f32
 * rounding adds at most ≈ ulp/(1 − m) ≈ 1024 ulps ≈ 6e-5 around it (the map contracts each
 * error by m per step). A tolerance of 1e-3 therefore accepts any honest run and rejects
 * NaN, garbage, a wrong m or a, or a run that stopped early while still far from x*.
 */
export function checkClosedForm(
  out: ArrayLike<number>,
  initial: readonly number[],
  m: number,
  steps: number,
  fixedPoint: number = KERNEL_FIXED_POINT,
): CheckResult {
  const decay = Math.pow(m, steps);
  for (let i = 0; i < initial.length; i++) {
    const got = out[i] ?? Number.NaN;
    const expected = fixedPoint + decay * ((initial[i] as number) - fixedPoint);
    if (!(Math.abs(got - expected) <= CLOSED_FORM_TOL)) {
      return { ok: false, error: `element ${i} gave ${got} after ${steps} steps; expected ≈ ${expected}` };
    }
  }
  return { ok: true };
}

/** Absolute tolerance of {@link checkClosedForm} (values are ≤ 1.5; see its comment). */
export const CLOSED_FORM_TOL = 1e-3;

/** Fresh SIMD kernel memory contents (accumulators, m, a) for `chains` chains. */
export function simdInitialMemory(chains: number): { floats: Float32Array; initial: number[] };
export function simdInitialMemory(
  chains: number,
  precision: Precision,
): { floats: Float32Array | Float64Array; initial: number[] };
export function simdInitialMemory(
  chains: number,
  precision: Precision = 'f32',
): { floats: Float32Array | Float64Array; initial: number[] } {
  const layout = simdLayout(chains);
  const lanes = lanesOf(precision);
  const size = precision === 'f64' ? 8 : 4;
  const floats = precision === 'f64' ? new Float64Array(layout.bytes / size) : new Float32Array(layout.bytes / size);
  const initial = Array.from({ length: chains * lanes }, (_, i) => initialValue(i));
  floats.set(initial, layout.accOffset / size);
  floats.fill(KERNEL_M, layout.mOffset / size, layout.mOffset / size + lanes);
  floats.fill(KERNEL_A, layout.aOffset / size, layout.aOffset / size + lanes);
  return { floats, initial };
}

/**
 * Relative tolerance for the f64 kernel's validation run against the unfused f64 reference
 * (JS arithmetic is f64 mul then add): fused and unfused differ by ≲ 1 ulp per step and the
 * map contracts errors, so honest runs stay within ≈ 1e-13; one missing step moves a lane by
 * ≥ 2.6e-4 relative.
 */
export const F64_REL_TOL = 1e-9;

/** Check the f64 SIMD kernel's lanes against the f64 reference (JS's own mul then add). */
export function checkF64AgainstReference(
  out: ArrayLike<number>,
  initial: readonly number[],
  m: number,
  a: number,
  steps: number,
): { ok: true; matched: 'exact' | 'within-rounding' } | { ok: false; error: string } {
  const ref = jsReference(initial, m, a, steps);
  let exact = true;
  for (let i = 0; i < ref.length; i++) {
    const got = out[i] ?? Number.NaN;
    const want = ref[i] as number;
    if (!(Math.abs(got - want) <= F64_REL_TOL * Math.abs(want))) {
      return { ok: false, error: `lane ${i} gave ${got}; the f64 reference gives ${want}` };
    }
    if (got !== want) exact = false;
  }
  return { ok: true, matched: exact ? 'exact' : 'within-rounding' };
}

export type { SimdFlavor };
