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

/** One observation of a fixed cost plus a rate: `y` (a time) at `x` (the work). */
export interface LinePoint {
  x: number;
  y: number;
}

/** `y = intercept + slope · x`, fitted by {@link fitLine}. */
export interface LineFit {
  /** The fixed part (y at x = 0), ≥ 0; see `clamped`. */
  intercept: number;
  /** y per unit of x, > 0. */
  slope: number;
  /** Coefficient of determination under the same relative weights, 0…1. */
  r2: number;
  /** True when the free intercept came out negative and the line was refitted through the origin. */
  clamped: boolean;
  /** Points used. */
  n: number;
}

/**
 * Fit `y = intercept + slope · x` by least squares weighted by 1/y², i.e. on relative
 * residuals: times that span several decades (a 4 KB copy and a 64 MB one, a 2×2 matmul
 * and a 512³ one) then count evenly, so the intercept (the fixed cost that dominates tiny
 * sizes) and the slope (the rate that dominates large ones) are both heard. A negative
 * intercept is clamped to 0 and the slope refitted through the origin. Undefined when the
 * points cannot define a rising line: fewer than 2 distinct x, no positive y, or a slope
 * that is not positive (bigger work was not slower: the measurement is broken, not the model).
 */
export function fitLine(points: readonly LinePoint[]): LineFit | undefined {
  const usable = points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
  if (new Set(usable.map((p) => p.x)).size < 2) return undefined;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const { x, y } of usable) {
    const w = 1 / (y * y);
    sw += w;
    sx += w * x;
    sy += w * y;
    sxx += w * x * x;
    sxy += w * x * y;
  }
  const det = sw * sxx - sx * sx;
  let slope = det !== 0 ? (sw * sxy - sx * sy) / det : NaN;
  let intercept = (sy - slope * sx) / sw;
  let clamped = false;
  if (!(intercept >= 0)) {
    // Through the origin: minimise Σ w (y − s x)² → s = Σwxy / Σwxx.
    slope = sxy / sxx;
    intercept = 0;
    clamped = true;
  }
  if (!(slope > 0) || !Number.isFinite(slope)) return undefined;
  return { intercept, slope, r2: weightedR2(usable, intercept, slope), clamped, n: usable.length };
}

/** R² of `y = intercept + slope · x` under the weights 1/y² that {@link fitLine} uses. */
export function weightedR2(points: readonly LinePoint[], intercept: number, slope: number): number {
  let sw = 0;
  let sy = 0;
  for (const { y } of points) {
    sw += 1 / (y * y);
    sy += 1 / y;
  }
  const meanY = sy / sw;
  let ssRes = 0;
  let ssTot = 0;
  for (const { x, y } of points) {
    const w = 1 / (y * y);
    ssRes += w * (y - (intercept + slope * x)) ** 2;
    ssTot += w * (y - meanY) ** 2;
  }
  return ssTot > 0 ? Math.max(0, 1 - ssRes / ssTot) : 1;
}
