/**
 * Transfer-curve model: time = latency + bytes / bandwidth, fitted by weighted least
 * squares. Pure math, no GPU: the suite feeds it (bytes, ms) points.
 *
 * Why weighted: a sweep spans 4 KB … 64 MB, so times span three to four orders of
 * magnitude. Ordinary least squares would let the largest sizes' absolute noise swamp
 * the intercept (latency) and often drive it negative. Weighting each point by 1/t²
 * minimises *relative* residuals, which treats the latency-bound and bandwidth-bound
 * ends of the curve evenly (the same reason nvbandwidth reports both separately).
 */
import { fitLine, weightedR2 } from '../shared/stats.ts';

/** One measured transfer: `bytes` moved in `ms` milliseconds. */
export interface TransferPoint {
  bytes: number;
  ms: number;
}

/** Result of fitting `ms = latencyMs + bytes / (gbps · 1e6)`. */
export interface TransferFit {
  /** Fixed cost per transfer, ms (intercept). Clamped to ≥ 0, see `clamped`. */
  latencyMs: number;
  /** Asymptotic bandwidth in GB/s (1 GB = 1e9 bytes), from the slope. */
  gbps: number;
  /** Coefficient of determination on the weighted fit, 0..1 (1 = perfect line). */
  r2: number;
  /** True when the unconstrained intercept was negative and the fit was redone through 0. */
  clamped: boolean;
  /** Number of points used. */
  n: number;
}

/** Bytes per millisecond at 1 GB/s: 1e9 B/s = 1e6 B/ms. */
const BYTES_PER_MS_PER_GBPS = 1e6;

/**
 * Fit time = latency + bytes / bandwidth. Returns undefined when the data cannot define a
 * line (fewer than 2 distinct sizes, non-positive times, or a non-positive slope, i.e.
 * bigger transfers were not slower — the measurement is broken, not the model).
 */
export function fitTransfer(points: readonly TransferPoint[]): TransferFit | undefined {
  const fit = fitLine(points.map((p) => ({ x: p.bytes, y: p.ms })));
  if (!fit) return undefined;
  return {
    latencyMs: fit.intercept,
    gbps: 1 / (fit.slope * BYTES_PER_MS_PER_GBPS),
    r2: fit.r2,
    clamped: fit.clamped,
    n: fit.n,
  };
}

/** R² of the line under the same 1/t² weights. */
function transferR2(points: readonly TransferPoint[], intercept: number, slope: number): number {
  return weightedR2(
    points.map((p) => ({ x: p.bytes, y: p.ms })),
    intercept,
    slope,
  );
}

/**
 * The suite's fit: latency from the weighted fit above, bandwidth from the transfers big
 * enough to be bandwidth-bound (≥ `largeFraction` of the largest size), as
 * Σ bytes / Σ (t − latency).
 *
 * Why: mid-size transfers (≈ 1–16 MB) often run from CPU caches and beat the asymptote,
 * and the relative weighting then lets them set the slope, overstating what a large
 * transfer achieves (seen on this machine: fitted 7.9 GB/s vs 5.0 GB/s for 64 MB). Large
 * transfers are the regime the estimator's bandwidth is used for; nvbandwidth likewise
 * quotes bandwidth at large sizes.
 */
export function fitTransferForBandwidth(
  points: readonly TransferPoint[],
  largeFraction = 1 / 16,
): TransferFit | undefined {
  const base = fitTransfer(points);
  if (!base) return undefined;
  const usable = points.filter((p) => p.bytes > 0 && p.ms > 0 && Number.isFinite(p.ms));
  const maxBytes = Math.max(...usable.map((p) => p.bytes));
  const large = usable.filter((p) => p.bytes >= maxBytes * largeFraction);
  const bytes = large.reduce((a, p) => a + p.bytes, 0);
  const ms = large.reduce((a, p) => a + (p.ms - base.latencyMs), 0);
  if (!(ms > 0)) return base;
  const gbps = bytes / (ms * BYTES_PER_MS_PER_GBPS);
  return { ...base, gbps, r2: transferR2(usable, base.latencyMs, 1 / (gbps * BYTES_PER_MS_PER_GBPS)) };
}

/** Model time in ms for `bytes` under a fit (for drawing the fitted line). */
export function predictMs(fit: Pick<TransferFit, 'latencyMs' | 'gbps'>, bytes: number): number {
  return fit.latencyMs + bytes / (fit.gbps * BYTES_PER_MS_PER_GBPS);
}

/** Sizes from `minBytes` to `maxBytes` (inclusive when reachable), multiplying by `factor`. */
export function geometricSizes(minBytes: number, maxBytes: number, factor: number): number[] {
  if (!(minBytes > 0) || !(factor > 1)) throw new RangeError('need minBytes > 0 and factor > 1');
  const sizes: number[] = [];
  for (let s = minBytes; s <= maxBytes; s *= factor) sizes.push(s);
  return sizes;
}
