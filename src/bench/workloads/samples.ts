/**
 * How many timed runs a workload kernel gets: the runs asked for, then more while they
 * add up to little (issue #20). Short runs are the noisiest: on a small VM 15–25 % of
 * sub-millisecond CPU runs carry a millisecond more than the rest (a worker waking from
 * `Atomics.wait`, a preemption tick), and a median of three inherits them whenever two
 * land together. Twenty-odd samples of a 100 µs kernel cost 2 ms and hold the median to
 * the typical run; a kernel of 10 ms or more gets exactly the runs asked for. The same
 * rule serves the achievable ladders and "Run this workload", so the model and the run
 * it is checked against take their figures alike. Pure.
 */

/** Timed runs go on past the count asked for while their total stays under this, ms. */
export const MORE_SAMPLES_UNDER_MS = 10;
/** Never more timed runs than this. */
export const MAX_SAMPLES = 31;

/** True while another timed run should follow `samplesSeconds` (every timed run so far, s) when `runs` were asked for. */
export function wantsAnotherSample(samplesSeconds: readonly number[], runs: number): boolean {
  if (samplesSeconds.length < runs) return true;
  if (samplesSeconds.length >= MAX_SAMPLES) return false;
  const totalMs = samplesSeconds.reduce((a, s) => a + s, 0) * 1000;
  return totalMs < MORE_SAMPLES_UNDER_MS;
}
