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
import { fitLine } from '../shared/stats.ts';
import type { KernelClass } from './kinds/count.ts';

/** The kernel classes that runnable kinds measure ("Run this workload" has kernels for them). */
export const ACHIEVABLE_CLASSES = ['matmul', 'matvec', 'elementwise', 'reduction', 'rowwise'] as const;
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
};

/** One class on one device; absent parts take the defaults of {@link kernelFigures}. */
export interface ClassFigures {
  /** Share of the roofline the class's kernels reach (0, …]; absent: 1 (the roof). */
  efficiency?: number | undefined;
  /** Fixed cost per launch, s; absent: the launch overhead (GPU) or the CPU's per-call cost. */
  fixedSeconds?: number | undefined;
}

export type AchievableRates = {
  readonly [D in AchievableDevice]?: Partial<Record<AchievableClass, ClassFigures>>;
};

export function isAchievableClass(c: KernelClass): c is AchievableClass {
  return (ACHIEVABLE_CLASSES as readonly string[]).includes(c);
}

/** What the model uses for one kernel: share of its roof and fixed cost per launch. */
export interface KernelFigures {
  efficiency: number;
  fixedSeconds: number;
  /** True when a class figure (measured or typed) set either part. */
  fromClass: boolean;
}

/**
 * The figures one kernel of `kernelClass` runs at on `device`: the class's where it has
 * them; else the roof (share 1) and, per launch, the launch overhead on the GPU or the
 * CPU's per-call cost. A custom task (`task`) keeps the seed's formulas: no CPU call cost.
 */
export function kernelFigures(
  rates: {
    achievable?: AchievableRates | undefined;
    launchOverheadSeconds: number;
    cpuCallSeconds?: number | undefined;
  },
  device: AchievableDevice,
  kernelClass: KernelClass,
): KernelFigures {
  const c = isAchievableClass(kernelClass) ? rates.achievable?.[device]?.[kernelClass] : undefined;
  const generic =
    device === 'gpu' ? rates.launchOverheadSeconds : kernelClass === 'task' ? 0 : (rates.cpuCallSeconds ?? 0);
  const efficiency = c?.efficiency !== undefined && c.efficiency > 0 ? c.efficiency : 1;
  return {
    efficiency,
    fixedSeconds: c?.fixedSeconds ?? generic,
    fromClass: c?.efficiency !== undefined || c?.fixedSeconds !== undefined,
  };
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

/**
 * Fit `seconds = fixed + roof(p) / efficiency` over measured points, `roof` being the
 * roofline's seconds for the point at the peaks (FLOPs ÷ peak or bytes ÷ bandwidth,
 * whichever is larger), relative residuals (stats.ts `fitLine`). With two points the line
 * goes through both: the tiny size sets the fixed cost, the large one the share.
 */
export function fitAchievable(
  points: readonly AchievablePoint[],
  roofSeconds: (p: AchievablePoint) => number,
): AchievableFit | undefined {
  const fit = fitLine(points.map((p) => ({ x: roofSeconds(p), y: p.seconds })));
  if (!fit) return undefined;
  return { efficiency: 1 / fit.slope, fixedSeconds: fit.intercept, r2: fit.r2, clamped: fit.clamped, n: fit.n };
}

/** The prefix of a point's entries in a metric's details: `p0.size`, `p0.shape`, … */
const POINT_KEY = /^p(\d+)\.(size|shape|flops|bytes|s)$/;

/** Points as a metric's details (flat keys, so history, CSV and JSON carry them unchanged). */
export function achievablePointsToDetails(points: readonly AchievablePoint[]): Record<string, string | number> {
  const d: Record<string, string | number> = {};
  points.forEach((p, i) => {
    d[`p${i}.size`] = p.size;
    d[`p${i}.shape`] = p.shape;
    d[`p${i}.flops`] = p.flops;
    d[`p${i}.bytes`] = p.deviceBytes;
    d[`p${i}.s`] = p.seconds;
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
    });
  }
  return out.sort((a, b) => a.size - b.size);
}
