/**
 * CPU references for the GPU kernels in shaders/*.wgsl: what each kernel must produce,
 * computed in JS with the GPU's rounding (Math.fround for f32, f16Round for f16).
 * Pure, so unit tests check the references themselves.
 */

/** Every FMA chain's increment: 2^-10, exactly representable in f16 and f32. */
export const FMA_ADD = 2 ** -10;
/** f16 chains' increment: 2^-4, so small seeds still grow visibly within f16's 11 bits. */
export const FMA_ADD_F16 = 2 ** -4;
/** The multiplier: 1 at run time (the shader cannot know it), so each fma is exact. */
export const FMA_MUL = 1;
/** A value no chain reaches (all chains are positive): keeps results live. */
export const FMA_GUARD = -1;

/** Round a double to the nearest IEEE binary16 value (ties to even), returned as a number. */
export function f16Round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  // Largest f16 is 65504; beyond half an ulp past it, overflow to infinity.
  if (a >= 65520) return sign * Infinity;
  // Exponent of a, clamped to the subnormal range's (2^-14).
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  // 10 fraction bits: ulp = 2^(e-10).
  const ulp = 2 ** (e - 10);
  const q = a / ulp;
  let r = Math.round(q);
  if (Math.abs(q - Math.trunc(q) - 0.5) < 1e-12 && r % 2 !== 0) r -= 1; // ties to even
  return sign * r * ulp;
}

/**
 * The vec4 f32 kernel's stored result for thread `idx` after `iterations` loop trips
 * (4 chains × 4 unrolled fma per trip, each `c = c·1 + 2^-10`).
 */
export function fmaVec4Reference(idx: number, iterations: number): [number, number, number, number] {
  const f = Math.fround;
  const base = idx & 255;
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let lane = 0; lane < 4; lane++) {
    const seed = f(base + lane * 0.25);
    const chains = [seed, f(seed + 1), f(seed + 2), f(seed + 3)];
    // Each chain sees 4 fma per iteration; with mul = 1 every step is one rounded add.
    for (let c = 0; c < 4; c++) {
      let v = chains[c] as number;
      for (let i = 0; i < iterations * 4; i++) v = f(v * FMA_MUL + f(FMA_ADD));
      chains[c] = v;
    }
    out[lane] = f(f((chains[0] as number) + (chains[1] as number)) + f((chains[2] as number) + (chains[3] as number)));
  }
  return out;
}

/** The scalar reference kernel's result (stored in .x) for thread `idx`. */
export function fmaScalarReference(idx: number, iterations: number): number {
  const f = Math.fround;
  let v = f(idx & 255);
  for (let i = 0; i < iterations; i++) v = f(v * FMA_MUL + f(FMA_ADD));
  return v;
}

/** The f16 kernel's result for thread `idx` (chains in f16, sum widened to f32). */
export function fmaVec4F16Reference(
  idx: number,
  iterations: number,
  add: number = FMA_ADD_F16,
): [number, number, number, number] {
  const h = f16Round;
  const f = Math.fround;
  const base = h((idx & 7) * 0.125);
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let lane = 0; lane < 4; lane++) {
    const seed = h(base + lane * 0.25);
    const sums: number[] = [];
    for (let c = 0; c < 4; c++) {
      let v = h(seed + c);
      for (let i = 0; i < iterations * 4; i++) v = h(v * FMA_MUL + h(add));
      sums.push(v);
    }
    out[lane] = f(f(f((sums[0] as number) + (sums[1] as number)) + (sums[2] as number)) + (sums[3] as number));
  }
  return out;
}

/**
 * A seekable pseudo-random 32-bit pattern (lowbias32 hash of index ^ seed): the copy and
 * transfer checks recompute any word without keeping the whole buffer in JS memory.
 * Random bits also defeat hardware memory compression (METHODS.md).
 */
export function patternWord(index: number, seed: number): number {
  let x = (index ^ seed) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Fill `words` with the pattern for word indices `firstIndex …`. */
export function fillPattern(words: Uint32Array, seed: number, firstIndex = 0): void {
  for (let i = 0; i < words.length; i++) words[i] = patternWord(firstIndex + i, seed);
}

/**
 * Compare `actual` (words starting at word index `firstIndex`) with the pattern.
 * Returns undefined when equal, else a plain-words description of the first mismatch.
 */
export function checkPattern(actual: Uint32Array, seed: number, firstIndex = 0): string | undefined {
  for (let i = 0; i < actual.length; i++) {
    const want = patternWord(firstIndex + i, seed);
    if (actual[i] !== want) {
      return `word ${firstIndex + i}: got 0x${(actual[i] ?? 0).toString(16)}, expected 0x${want.toString(16)}`;
    }
  }
  return undefined;
}

/** Relative closeness for float checks. */
export function closeTo(actual: number, expected: number, relTol: number): boolean {
  if (Number.isNaN(actual)) return false;
  return Math.abs(actual - expected) <= relTol * Math.max(1, Math.abs(expected));
}
