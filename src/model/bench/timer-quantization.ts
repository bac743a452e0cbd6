/**
 * Detecting quantized GPU timestamps. Chrome without `--enable-unsafe-webgpu` /
 * developer features, and Dawn by default, round timestamps to 65 536 ns (METHODS.md).
 * A run records whether that happened so readers know the timer's resolution.
 */

/** Chrome's and Dawn's timestamp quantum: 2^16 ns = 65.536 µs. */
export const TIMESTAMP_QUANTUM_NS = 65_536;

/**
 * True when every non-zero delta is a whole multiple of `quantumNs` and there are at
 * least `minSamples` non-zero deltas (two or three multiples could be chance: with a
 * real 1 ns clock, the odds that a delta is a multiple of 65 536 are 1 in 65 536).
 * All-zero input is reported as quantized: a timer that never moves is as coarse as it gets.
 */
export function isQuantized(
  deltasNs: readonly number[],
  quantumNs: number = TIMESTAMP_QUANTUM_NS,
  minSamples = 3,
): boolean {
  const nonZero = deltasNs.filter((d) => d !== 0);
  if (deltasNs.length > 0 && nonZero.length === 0) return true;
  if (nonZero.length < minSamples) return false;
  return nonZero.every((d) => Number.isInteger(d / quantumNs));
}
