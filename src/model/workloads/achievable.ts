/**
 * Achievable roofs (issue #20): what this machine's own kernels reach, per kernel class and
 * device, under the peaks the suite measures. A class's figures are a share of the roof
 * (its kernels' time is the roofline's time at the peaks ÷ that share) and a fixed cost per
 * launch (the start-up that dominates tiny sizes: a dispatch and the first workgroup on a
 * GPU, waking the worker threads on a CPU), fitted as
 *
 *     seconds = fixed + roofline seconds at the peaks ÷ share
 *
 * over the sizes a profile measured (two or more, tiny to large), the way the Empirical
 * Roofline Toolkit draws achieved roofs under the rated ceiling. A class without figures
 * reaches its roof and pays the generic launch cost (GPU) or the CPU's per-call cost: the
 * model as it was. Pure.
 */
import { weightedR2 } from '../shared/stats.ts';
import { curveFactor, type ClassCurve } from './achievable-curve.ts';
import type { KernelClass, KernelCount } from './kinds/count.ts';

/** The kernel classes that runnable kinds measure ("Run this workload" has kernels for them). */
export const ACHIEVABLE_CLASSES = [
  'matmul',
  'matvec',
  'elementwise',
  'reduction',
  'rowwise',
  'conv2d',
  'attention',
  'fft',
] as const;
export type AchievableClass = (typeof ACHIEVABLE_CLASSES)[number];

export type AchievableDevice = 'cpu' | 'gpu';
export const ACHIEVABLE_DEVICES: readonly AchievableDevice[] = ['cpu', 'gpu'];

/** The class in words, for tables and notes. */
export const ACHIEVABLE_CLASS_LABELS: { readonly [C in AchievableClass]: string } = {
  matmul: 'matmul',
  matvec: 'matrix-vector',
  elementwise: 'elementwise',
  reduction: 'reduction',
  rowwise: 'softmax / layernorm',
  conv2d: 'conv2d',
  attention: 'attention',
  fft: 'FFT',
};

/** One class on one device; absent parts take the defaults of {@link kernelFigures}. */
export interface ClassFigures {
  /** Share of the roofline the class's kernels reach (0, …]; absent: 1 (the roof). */
  efficiency?: number | undefined;
  /** Fixed cost per launch, s; absent: the launch overhead (GPU) or the CPU's per-call cost. */
  fixedSeconds?: number | undefined;
  /** Measured ÷ fitted at the sizes a run measured (achievable-curve.ts); only with the figures that run fitted. */
  curve?: ClassCurve | undefined;
}

export type AchievableRates = {
  readonly [D in AchievableDevice]?: Partial<Record<AchievableClass, ClassFigures>>;
};

/** Per device and class, the curve a run measured (kept only while its figures are the run's). */
export type ClassCurves = {
  readonly [D in AchievableDevice]?: Partial<Record<AchievableClass, ClassCurve>>;
};

export function isAchievableClass(c: string): c is AchievableClass {
  return (ACHIEVABLE_CLASSES as readonly string[]).includes(c);
}

/**
 * The class whose measured figures a kernel runs at: the kind's own kernels where the
 * counts name them (`measuredAs`: conv2d's direct convolution, attention's kernels), else
 * its kernel class; undefined when no ladder measures it (a typed task).
 */
export function achievableClassOf(kernel: {
  kernelClass: KernelClass;
  measuredAs?: KernelCount['measuredAs'];
}): AchievableClass | undefined {
  const c = kernel.measuredAs ?? kernel.kernelClass;
  return isAchievableClass(c) ? c : undefined;
}

/** What the model uses for one kernel: share of its roof and fixed cost per launch. */
export interface KernelFigures {
  efficiency: number;
  fixedSeconds: number;
  /** True when a class figure (measured or typed) set either part. */
  fromClass: boolean;
  /** Measured ÷ fitted at this kernel's size, between the measured sizes (1: on the line); already in both parts. */
  factor: number;
}

/**
 * The figures one kernel runs at on `device`: its class's where it has them; else the roof
 * (share 1) and, per launch, the launch overhead on the GPU, or on the CPU the cost of a
 * call: on every core (waking the workers) when the kernel splits into pieces, on one core
 * when it is a single piece. A custom task (`task`) keeps the seed's formulas: no CPU call
 * cost. A class's own fixed cost on the CPU stands for a call on every core. With the
 * class's curve and the kernel's roofline time per launch (`roofSeconds`), both parts are
 * scaled by the curve's factor at that size (achievable-curve.ts): a size between two
 * measured ones takes the time interpolated between theirs, not the line's.
 */
export function kernelFigures(
  rates: {
    achievable?: AchievableRates | undefined;
    launchOverheadSeconds: number;
    cpuCallSeconds?: number | undefined;
    cpuSerialCallSeconds?: number | undefined;
  },
  device: AchievableDevice,
  kernel: { kernelClass: KernelClass; measuredAs?: KernelCount['measuredAs']; parallelUnits?: number | undefined },
  roofSeconds?: number,
): KernelFigures {
  const kernelClass = kernel.kernelClass;
  const measured = achievableClassOf(kernel);
  const c = measured ? rates.achievable?.[device]?.[measured] : undefined;
  const efficiency = c?.efficiency !== undefined && c.efficiency > 0 ? c.efficiency : 1;
  const fromClass = c?.efficiency !== undefined || c?.fixedSeconds !== undefined;
  const factor = roofSeconds === undefined ? 1 : classFactor(c, efficiency, roofSeconds, device);
  const scaled = (fixedSeconds: number): KernelFigures => ({
    efficiency: efficiency / factor,
    fixedSeconds: fixedSeconds * factor,
    fromClass,
    factor,
  });
  if (device === 'gpu') return scaled(c?.fixedSeconds ?? rates.launchOverheadSeconds);
  if (kernelClass === 'task') return { efficiency, fixedSeconds: 0, fromClass, factor: 1 };
  const oneCore = kernel.parallelUnits !== undefined && kernel.parallelUnits < 2;
  // One core pays its own call cost, which the class's sizes (run on every core) did not measure.
  if (oneCore) {
    return { efficiency, fixedSeconds: rates.cpuSerialCallSeconds ?? rates.cpuCallSeconds ?? 0, fromClass, factor: 1 };
  }
  return scaled(c?.fixedSeconds ?? rates.cpuCallSeconds ?? 0);
}

/**
 * The curve's factor for a kernel of `roofSeconds` per launch; below the smallest measured
 * size, the one that makes its time that size's time per launch (achievable-curve.ts).
 */
function classFactor(
  c: ClassFigures | undefined,
  efficiency: number,
  roofSeconds: number,
  device: AchievableDevice,
): number {
  const first = c?.curve?.[0];
  if (first?.seconds !== undefined && roofSeconds < first.x && c?.fixedSeconds !== undefined) {
    const line = c.fixedSeconds + roofSeconds / efficiency;
    if (line > 0) return first.seconds / line;
  }
  // Beyond the largest size a GPU may still be filling its threads (achievable-curve.ts); a CPU's workers are full.
  return curveFactor(c?.curve, roofSeconds, device === 'gpu' ? 'trend' : 'flat');
}

/** One size a profile ran a class's kernel at: the model's counts and the median time. */
export interface AchievablePoint {
  /** The size along the kind's axis (n for matmul, elements, rows). */
  size: number;
  /** The shape in words, e.g. 'm=512,n=512,k=512'. */
  shape: string;
  flops: number;
  deviceBytes: number;
  /** Median of the timed runs, s (GPU: timestamps around the kernels' pass; CPU: all workers). */
  seconds: number;
  /** CPU: the workers it ran on (a size too small to split runs on one). */
  threads?: number | undefined;
  /** Kernel launches of one run (unfused attention: 3); absent: 1. The fixed cost is per launch. */
  launches?: number | undefined;
}

/** The fit of {@link fitAchievable}. */
export interface AchievableFit {
  efficiency: number;
  fixedSeconds: number;
  r2: number;
  /** The fixed cost came out negative and was set to 0. */
  clamped: boolean;
  n: number;
}

/** The sizes whose roof time is within this factor of the largest set the share. */
const LARGE_SIZES = 8;

/**
 * Fit `seconds = fixed + roof(p) / efficiency` over measured points, `roof` being the
 * roofline's seconds for the point at the peaks (FLOPs ÷ peak or bytes ÷ bandwidth,
 * whichever is larger). Anchored at both ends, as `fitTransferForBandwidth` is: the
 * smallest size (all fixed cost, by the ladders' design) sets the fixed cost, and the sizes
 * within 1/8 of the largest set the share, Σ roof ÷ Σ (time − fixed); sizes between lie on
 * the line, or show how far off it they are (r2). A least-squares line through every size
 * let the middle of the range — where the fixed cost is giving way and the times are the
 * noisiest — tilt both ends. With two points the line goes through both.
 */
export function fitAchievable(
  points: readonly AchievablePoint[],
  roofSeconds: (p: AchievablePoint) => number,
): AchievableFit | undefined {
  const pts = points
    .map((p) => ({ x: roofSeconds(p), y: p.seconds, n: p.launches ?? 1 }))
    .filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x);
  const small = pts[0];
  const big = pts[pts.length - 1];
  if (!small || !big || !(big.x > small.x)) return undefined;
  const large = pts.filter((p) => p.x >= big.x / LARGE_SIZES && p !== small);
  let fixed = small.y / small.n;
  let efficiency = 0;
  // The smallest size's own (small) share of roof time comes off its fixed cost; a few
  // rounds settle both (each shrinks the change by the smallest size's roof ÷ the large ones').
  for (let i = 0; i < 20; i++) {
    const work = large.reduce((a, p) => a + p.x, 0);
    const beyond = large.reduce((a, p) => a + (p.y - p.n * fixed), 0);
    if (!(beyond > 0)) return undefined;
    efficiency = work / beyond;
    fixed = Math.max(0, (small.y - small.x / efficiency) / small.n);
  }
  // r2 on the per-launch line: each point's fixed part is its launches' share.
  const xy = pts.map((p) => ({ x: p.x, y: p.y - (p.n - 1) * fixed }));
  return {
    efficiency,
    fixedSeconds: fixed,
    r2: weightedR2(xy, fixed, 1 / efficiency),
    clamped: fixed === 0,
    n: pts.length,
  };
}

/** The prefix of a point's entries in a metric's details: `p0.size`, `p0.shape`, … */
const POINT_KEY = /^p(\d+)\.(size|shape|flops|bytes|s|threads|launches)$/;

/** Points as a metric's details (flat keys, so history, CSV and JSON carry them unchanged). */
export function achievablePointsToDetails(points: readonly AchievablePoint[]): Record<string, string | number> {
  const d: Record<string, string | number> = {};
  points.forEach((p, i) => {
    d[`p${i}.size`] = p.size;
    d[`p${i}.shape`] = p.shape;
    d[`p${i}.flops`] = p.flops;
    d[`p${i}.bytes`] = p.deviceBytes;
    d[`p${i}.s`] = p.seconds;
    if (p.threads !== undefined) d[`p${i}.threads`] = p.threads;
    if (p.launches !== undefined && p.launches !== 1) d[`p${i}.launches`] = p.launches;
  });
  return d;
}

/** Points back from a metric's details; incomplete or non-positive entries are skipped. Ascending size. */
export function achievablePointsFromDetails(
  details: Readonly<Record<string, string | number | boolean>> | undefined,
): AchievablePoint[] {
  const byIndex = new Map<number, Record<string, string | number | boolean>>();
  for (const [k, v] of Object.entries(details ?? {})) {
    const m = POINT_KEY.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    const entry = byIndex.get(i) ?? {};
    entry[m[2] as string] = v;
    byIndex.set(i, entry);
  }
  const out: AchievablePoint[] = [];
  for (const e of byIndex.values()) {
    const [size, flops, bytes, s] = [e['size'], e['flops'], e['bytes'], e['s']];
    const pos = (x: unknown): x is number => typeof x === 'number' && x > 0 && Number.isFinite(x);
    const nonNeg = (x: unknown): x is number => typeof x === 'number' && x >= 0 && Number.isFinite(x);
    if (!pos(size) || !nonNeg(flops) || !nonNeg(bytes) || !pos(s)) continue;
    out.push({
      size,
      shape: typeof e['shape'] === 'string' ? e['shape'] : String(size),
      flops,
      deviceBytes: bytes,
      seconds: s,
      ...(typeof e['threads'] === 'number' ? { threads: e['threads'] } : {}),
      ...(pos(e['launches']) ? { launches: Math.round(e['launches']) } : {}),
    });
  }
  return out.sort((a, b) => a.size - b.size);
}
