/**
 * Break-even along the workload's own size ("the GPU wins from n ≈ 700" for matmul, "from
 * 3·10⁷ elements" for elementwise), and the CPU/GPU time sweep for the crossover chart.
 * Each workload has one size axis; everything else in its shape stays as the user set it.
 * Pure.
 */
import type { KindSizeAxis } from './kinds/define.ts';
import { WORKLOAD_IDS, WORKLOAD_KINDS, kindOf, workloadOf, type Workload, type WorkloadId } from './kinds/index.ts';
import type { MachineRates } from './precision.ts';
import { estimateWorkload } from './roofline.ts';

/** The axis unit per workload, for `data-unit` before any shape is known. */
export const SIZE_UNITS = Object.fromEntries(WORKLOAD_IDS.map((id) => [id, WORKLOAD_KINDS[id].sizeUnit])) as {
  readonly [K in WorkloadId]: string;
};

/** How one workload grows. */
export interface SizeAxis extends Omit<KindSizeAxis<unknown>, 'at'> {
  /** The workload resized to `size`, other parameters kept. */
  at(size: number): Workload;
}

/**
 * The size axis of a workload, as its kind defines it (kinds/<kind>.ts): matmul's square
 * n, elementwise's elements, softmax's rows, a pipeline's repeat count, …
 */
export function sizeAxis(w: Workload): SizeAxis {
  const axis = kindOf(w.id).sizeAxis(w.shape);
  return { ...axis, at: (size) => workloadOf(w.id, w.dtype, axis.at(size)) };
}

/**
 * Where the GPU starts to win along the size axis, within the searched range:
 * - `finite`: the smallest size (whole, on integer axes) where the GPU total is below the
 *   CPU total; below it the CPU is as fast or faster.
 * - `always`: the GPU already wins at the smallest size searched.
 * - `never`: the GPU wins nowhere in the range.
 */
export type SizeBreakEven =
  | { kind: 'finite'; size: number; unit: string }
  | { kind: 'always'; minSize: number; unit: string }
  | { kind: 'never'; maxSize: number; unit: string };

export interface SizeRangeOptions {
  /** Smallest size searched (default: the axis's min). */
  minSize?: number;
  /** Largest size searched (default: the axis's max, raised to include the current size). */
  maxSize?: number;
}

/** The range searched and swept: the options', else the axis's, raised to include the current size. */
export function sizeRange(axis: SizeAxis, options: SizeRangeOptions = {}): { min: number; max: number } {
  const min = options.minSize ?? axis.min;
  const max = options.maxSize ?? Math.max(axis.max, axis.current);
  if (!(min > 0 && max >= min && Number.isFinite(max))) {
    throw new RangeError('size range needs 0 < min ≤ max < ∞');
  }
  return { min, max };
}

/** Points per decade of the coarse scan that brackets the crossing before bisection. */
const SCAN_PER_DECADE = 8;

/**
 * Smallest size where the GPU wins. A coarse log-spaced scan finds the first size that
 * wins, then bisection on a log scale narrows the gap to it (to the exact whole number on
 * integer axes, to 1e-9 relative otherwise). The scan, not a single bisection, is what
 * makes it "smallest": times are sums of maxima and can cross more than once, e.g. when a
 * kernel changes roof part-way; a window narrower than a scan step (a factor 1.33) could
 * still be missed.
 */
export function breakEvenSize(w: Workload, machine: MachineRates, options: SizeRangeOptions = {}): SizeBreakEven {
  const axis = sizeAxis(w);
  return breakEvenAlong(
    axis,
    (size) => {
      const r = estimateWorkload(axis.at(size), machine).roofline;
      return r.gpu.totalSeconds < r.cpu.totalSeconds;
    },
    options,
  );
}

/**
 * The same search for any pair of time models (a catalog GPU against a chosen CPU):
 * `wins(size)` says whether the GPU is faster at `size`. A GPU that gives no time at some
 * size (the workload no longer fits in its memory) does not win there.
 */
export function breakEvenAlong(
  axis: SizeAxis,
  wins: (size: number) => boolean,
  options: SizeRangeOptions = {},
): SizeBreakEven {
  const { min, max } = sizeRange(axis, options);
  const snap = (x: number): number => (axis.integer ? Math.min(max, Math.max(min, Math.round(x))) : x);
  if (wins(snap(min))) return { kind: 'always', minSize: snap(min), unit: axis.unit };
  const steps = Math.max(1, Math.ceil(Math.log10(max / min) * SCAN_PER_DECADE));
  let lo = snap(min);
  let hi: number | undefined;
  for (let i = 1; i <= steps; i++) {
    const s = snap(i === steps ? max : min * (max / min) ** (i / steps));
    if (s <= lo) continue;
    if (wins(s)) {
      hi = s;
      break;
    }
    lo = s;
  }
  if (hi === undefined) return { kind: 'never', maxSize: max, unit: axis.unit };
  // Invariant: the GPU does not win at lo and wins at hi.
  if (axis.integer) {
    while (hi - lo > 1) {
      let mid = Math.round(Math.sqrt(lo * hi));
      if (mid <= lo) mid = lo + 1;
      if (mid >= hi) mid = hi - 1;
      if (wins(mid)) hi = mid;
      else lo = mid;
    }
  } else {
    for (let i = 0; i < 200 && hi / lo > 1 + 1e-9; i++) {
      const mid = Math.sqrt(lo * hi);
      if (wins(mid)) hi = mid;
      else lo = mid;
    }
  }
  return { kind: 'finite', size: hi, unit: axis.unit };
}

/** One point of the crossover chart. */
export interface SizeSweepPoint {
  size: number;
  cpuSeconds: number;
  gpuSeconds: number;
  speedup: number;
  /** This point is the workload's own size. */
  isCurrent: boolean;
  /**
   * The fixed parts of those times (issue #20): the CPU's call costs, the GPU's launches and
   * copy latencies. At small sizes they are most of both lines.
   */
  cpuFixedSeconds?: number;
  gpuFixedSeconds?: number;
}

/**
 * CPU and GPU time at log-spaced sizes (`perDecade` per factor of ten, default 4; rounded
 * and deduplicated on integer axes), plus the workload's own size, sorted by size.
 */
export function sizeSweep(
  w: Workload,
  machine: MachineRates,
  options: SizeRangeOptions & { perDecade?: number } = {},
): SizeSweepPoint[] {
  const axis = sizeAxis(w);
  const { min, max } = sizeRange(axis, options);
  const perDecade = options.perDecade ?? 4;
  if (!(perDecade >= 1)) throw new RangeError('sizeSweep needs at least one point per decade');
  const steps = Math.max(1, Math.round(Math.log10(max / min) * perDecade));
  const sizes = new Set<number>();
  for (let i = 0; i <= steps; i++) {
    const s = min * (max / min) ** (i / steps);
    // 12 significant digits so 10^k stays 1000, not 999.9999999.
    sizes.add(axis.integer ? Math.round(s) : Number(s.toPrecision(12)));
  }
  const current = axis.current;
  sizes.delete(current);
  const all = [...sizes, current].sort((a, b) => a - b);
  return all.map((size) => {
    // The current point is the user's own shape, not a resized one (a non-square matmul stays non-square).
    const e = estimateWorkload(size === current ? w : axis.at(size), machine);
    const r = e.roofline;
    const c = e.counts;
    const latencies =
      (c.hostToDeviceBytes > 0 ? (machine.uploadLatencySeconds ?? 0) : 0) +
      (c.deviceToHostBytes > 0 ? (machine.readbackLatencySeconds ?? 0) : 0);
    return {
      size,
      cpuSeconds: r.cpu.totalSeconds,
      gpuSeconds: r.gpu.totalSeconds,
      cpuFixedSeconds: r.cpu.fixedSeconds,
      gpuFixedSeconds: r.gpu.launchSeconds + latencies,
      speedup: r.speedup,
      isCurrent: size === current,
    };
  });
}

/** The crossover chart's break-even mark: both times at the break-even size, when there is one. */
export function breakEvenPoint(w: Workload, machine: MachineRates, be: SizeBreakEven): SizeSweepPoint | undefined {
  if (be.kind !== 'finite') return undefined;
  const r = estimateWorkload(sizeAxis(w).at(be.size), machine).roofline;
  return {
    size: be.size,
    cpuSeconds: r.cpu.totalSeconds,
    gpuSeconds: r.gpu.totalSeconds,
    speedup: r.speedup,
    isCurrent: false,
  };
}
