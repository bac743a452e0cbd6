/**
 * Summary statistics for benchmark samples. Pure: no timers, no DOM.
 *
 * Ceilings (throughput, bandwidth) are reported by their best sample, as ERT, vkpeak and
 * webgpu-bench do; latencies by median with p10/p90 (nvbandwidth). Both views are kept
 * for every metric so the UI can show spread either way.
 */

/** Whether a larger or a smaller value of a metric is better. */
export type Better = 'higher' | 'lower';

export interface SampleSummary {
  /** Number of samples. */
  n: number;
  /** Best sample: the maximum for `higher`, the minimum for `lower`. */
  best: number;
  median: number;
  /** 10th percentile (linear interpolation between order statistics). */
  p10: number;
  /** 90th percentile. */
  p90: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single sample. */
  stdev: number;
}

/**
 * Percentile `q` in [0, 1] of an ascending-sorted array, by linear interpolation
 * between closest ranks (the "R-7" definition NumPy uses by default).
 */
export function percentileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`percentile q must be in [0, 1], got ${q}`);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Summarise samples; throws on an empty or non-finite sample set (a caller bug). */
export function summarize(samples: readonly number[], better: Better): SampleSummary {
  if (samples.length === 0) throw new RangeError('cannot summarise zero samples');
  for (const s of samples) {
    if (!Number.isFinite(s)) throw new RangeError(`non-finite sample: ${s}`);
  }
  const sorted = [...samples].sort((x, y) => x - y);
  const n = sorted.length;
  const mean = sorted.reduce((acc, v) => acc + v, 0) / n;
  const variance = n > 1 ? sorted.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (n - 1) : 0;
  return {
    n,
    best: better === 'higher' ? (sorted[n - 1] as number) : (sorted[0] as number),
    median: percentileSorted(sorted, 0.5),
    p10: percentileSorted(sorted, 0.1),
    p90: percentileSorted(sorted, 0.9),
    mean,
    stdev: Math.sqrt(variance),
  };
}

/** Median of `values` (the mean of the middle two for an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  return percentileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
