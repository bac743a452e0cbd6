/**
 * Between the rungs (issue #20): a class's fitted line, fixed + roof ÷ share, is anchored at
 * the smallest and the largest sizes its ladder measured, and a size between them can sit
 * far from it. A software adapter's time per byte is not constant: a matrix-vector product
 * of 256 rows leaves most of its threads idle, one of 2048 rows fills them (on this
 * machine 64× the bytes took 7× the time), so the line through both ends put 500×500 at a
 * quarter of its measured time. The curve keeps, per measured size, how far the measured
 * time stood from the line (measured ÷ line), and a kernel between two sizes takes the
 * factor interpolated between them, linearly in log(roof time) and log(factor); outside
 * the measured range it takes the nearest end's (≈ 1: the line is anchored there).
 *
 * Below the smallest measured size a kernel is all fixed cost, and no slower than that
 * size: it takes that size's time per launch (the line alone would let a size whose roof
 * is a slow memory roof drive the fixed cost to zero: SwiftShader's conv2d).
 *
 * Measured times are noisy upwards only (a worker's wake-up, a preemption tick add time;
 * nothing makes a kernel faster than it is), and a larger size of the same kernel takes
 * at least as long as a smaller one: each size's time is first lowered to the least time
 * of any larger size of the same kernel (a running minimum from the top), so one slow
 * sample does not bend the curve. Pure.
 */
import type { AchievablePoint } from './achievable.ts';

/** One measured size as the curve keeps it. */
export interface ClassCurvePoint {
  /** Where along the size axis: a kernel's roofline time per launch at its run's peaks, s; a copy's bytes. */
  x: number;
  /** Measured time ÷ the fitted line's time at that size, > 0. */
  factor: number;
  /** The measured time per launch there, s (kernel classes; absent for copies). */
  seconds?: number;
}

/** A curve: its sizes in ascending x (two or more), or empty when there is nothing to interpolate. */
export type ClassCurve = readonly ClassCurvePoint[];

/**
 * The kernel a ladder point ran, where a class runs several (rowwise: softmax and layernorm;
 * attention: fused and unfused): the word before the dimensions in its shape
 * (achievable-plan.ts `rungShape`), or '' for a class of one kernel.
 */
function seriesOf(p: AchievablePoint): string {
  const space = p.shape.indexOf(' ');
  return space < 0 ? '' : p.shape.slice(0, space);
}

/** Geometric mean of positive values; one value is itself, exactly. */
function geometricMean(xs: readonly number[]): number {
  return xs.length === 1 ? (xs[0] as number) : Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

/**
 * Each kernel's times lowered to the least time of any larger size of that kernel (sizes
 * ordered by `x`): noise only adds time, and a larger size takes at least as long. The fit
 * and the curve both read these.
 */
export function loweredPoints(
  points: readonly AchievablePoint[],
  x: (p: AchievablePoint) => number,
): AchievablePoint[] {
  const bySeries = new Map<string, AchievablePoint[]>();
  for (const p of points) bySeries.set(seriesOf(p), [...(bySeries.get(seriesOf(p)) ?? []), p]);
  const lowered = new Map<AchievablePoint, number>();
  for (const series of bySeries.values()) {
    const sorted = [...series].sort((a, b) => x(a) - x(b));
    let least = Infinity;
    for (let i = sorted.length - 1; i >= 0; i--) {
      const p = sorted[i] as AchievablePoint;
      if (p.seconds > 0) least = Math.min(least, p.seconds);
      lowered.set(p, least);
    }
  }
  return points.map((p) => {
    const s = lowered.get(p) ?? p.seconds;
    return s === p.seconds || !Number.isFinite(s) ? p : { ...p, seconds: s };
  });
}

/**
 * The curve of measured ÷ fitted over `points` (one class on one device), `roofSeconds`
 * giving each point's roofline time per launch at its run's peaks and `line` the fitted time
 * (fixed × launches + roof ÷ share). Points of one size (a class of several kernels) are
 * combined into one, by geometric means.
 */
export function classCurve(
  points: readonly AchievablePoint[],
  roofSeconds: (p: AchievablePoint) => number,
  line: (p: AchievablePoint) => number,
): ClassCurve {
  const usable = loweredPoints(
    points.filter((p) => p.seconds > 0 && roofSeconds(p) > 0 && line(p) > 0),
    roofSeconds,
  );
  // One point per size: geometric means of the roof times, the factors and the times per launch.
  const bySize = new Map<number, { xs: number[]; factors: number[]; perLaunch: number[] }>();
  for (const p of usable) {
    const e = bySize.get(p.size) ?? { xs: [], factors: [], perLaunch: [] };
    e.xs.push(roofSeconds(p));
    e.factors.push(p.seconds / line(p));
    e.perLaunch.push(p.seconds / (p.launches ?? 1));
    bySize.set(p.size, e);
  }
  const curve = [...bySize.values()]
    .map((e) => ({ x: geometricMean(e.xs), factor: geometricMean(e.factors), seconds: geometricMean(e.perLaunch) }))
    .filter((c) => Number.isFinite(c.x) && Number.isFinite(c.factor) && c.factor > 0)
    .sort((a, b) => a.x - b.x);
  return curve.length >= 2 ? curve : [];
}

/** How far the trend beyond the last measured size may bend the factor: down to x^−½ (time ∝ √work), never up. */
const TREND_LIMITS = { min: -0.5, max: 0 } as const;

/**
 * The factor at `x` (a kernel's roofline time per launch, or a copy's bytes): interpolated
 * log–log between the two measured sizes around it; 1 without a curve. Below the first
 * size, the first's factor. Beyond the last, the last's (`beyond: 'flat'`), or (`'trend'`)
 * the last two sizes' trend carried on, its log–log slope held between −½ and 0: a GPU
 * that was still filling its threads at the largest size the budget allowed (a software
 * adapter) keeps getting cheaper per byte beyond it, and one already full keeps a flat
 * factor.
 */
export function curveFactor(curve: ClassCurve | undefined, x: number, beyond: 'flat' | 'trend' = 'flat'): number {
  const first = curve?.[0];
  const last = curve?.[curve.length - 1];
  if (!curve || !first || !last || !(x > 0) || !Number.isFinite(x)) return 1;
  if (x <= first.x) return first.factor;
  const before = curve[curve.length - 2];
  if (x >= last.x && beyond === 'trend' && before && last.x > before.x) {
    const slope = Math.log(last.factor / before.factor) / Math.log(last.x / before.x);
    const held = Math.min(TREND_LIMITS.max, Math.max(TREND_LIMITS.min, slope));
    return last.factor * (x / last.x) ** held;
  }
  if (x >= last.x) return last.factor;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1] as ClassCurvePoint;
    const b = curve[i] as ClassCurvePoint;
    if (x > b.x) continue;
    const span = Math.log(b.x) - Math.log(a.x);
    const t = span > 0 ? (Math.log(x) - Math.log(a.x)) / span : 0;
    return Math.exp(Math.log(a.factor) + t * (Math.log(b.factor) - Math.log(a.factor)));
  }
  return last.factor;
}
