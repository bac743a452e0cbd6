/**
 * From a run's metrics to the achievable figures the model uses (issue #20): per kernel
 * class and device, the fit of `seconds = fixed + roof ÷ share` over the sizes the run
 * measured, the roof being the roofline at that same run's peaks (so the share is "of this
 * machine's peak", and carries over when a peak is typed), and the sentence the page shows
 * with it. Pure.
 */
import { headlineValue, okMetricIn, type Metric, type MetricId, type MetricOk } from '../bench/metrics.ts';
import { formatDuration, formatSi } from '../shared/format.ts';
import {
  ACHIEVABLE_CLASSES,
  ACHIEVABLE_CLASS_LABELS,
  achievablePointsFromDetails,
  fitAchievable,
  type AchievableClass,
  type AchievableDevice,
  type AchievablePoint,
} from './achievable.ts';
import { classCurve, loweredPoints, type ClassCurve } from './achievable-curve.ts';
import { cpuBandwidthCurveFromDetails, cpuBandwidthFor, type CpuBandwidthCurve } from './precision.ts';

/** The metric that holds each class's points on each device. */
export const ACHIEVABLE_METRICS: { readonly [D in AchievableDevice]: { readonly [C in AchievableClass]: MetricId } } = {
  gpu: {
    matmul: 'gpu.matmul.gflops',
    matvec: 'gpu.matvec.gbps',
    elementwise: 'gpu.elementwise.gbps',
    reduction: 'gpu.reduction.gbps',
    rowwise: 'gpu.rowwise.gbps',
    conv2d: 'gpu.conv2d.gflops',
    attention: 'gpu.attention.gflops',
    fft: 'gpu.fft.gflops',
  },
  cpu: {
    matmul: 'cpu.matmul.gflops',
    matvec: 'cpu.matvec.gbps',
    elementwise: 'cpu.elementwise.gbps',
    reduction: 'cpu.reduction.gbps',
    rowwise: 'cpu.rowwise.gbps',
    conv2d: 'cpu.conv2d.gflops',
    attention: 'cpu.attention.gflops',
    fft: 'cpu.fft.gflops',
  },
};

/** One device's peaks in a run, base units: what a class's share is a share of. */
export interface RunPeaks {
  flopsPerSecond: number;
  bytesPerSecond: number;
  /** CPU only: the cache sweep, so a small working set's roof is its cache's bandwidth. */
  curve?: CpuBandwidthCurve | undefined;
}

/** The peaks a run measured per device (the CPU's for the all-cores tier the kernels run on). */
export function runPeaks(metrics: readonly Metric[]): { [D in AchievableDevice]?: RunPeaks } {
  const v = (id: MetricId) => {
    const m = okMetricIn(metrics, id);
    return m ? headlineValue(m) : undefined;
  };
  const out: { [D in AchievableDevice]?: RunPeaks } = {};
  const gf = v('gpu.f32.gflops');
  const gb = v('gpu.device.gbps');
  if (gf && gb) out.gpu = { flopsPerSecond: gf * 1e9, bytesPerSecond: gb * 1e9 };
  const cf = v('cpu.simdAll.gflops');
  const cmem = okMetricIn(metrics, 'cpu.mem.gbps');
  if (cf && cmem) {
    out.cpu = {
      flopsPerSecond: cf * 1e9,
      bytesPerSecond: headlineValue(cmem) * 1e9,
      curve: cpuBandwidthCurveFromDetails(cmem.details),
    };
  }
  return out;
}

/** The roofline's seconds for one point at `peaks`. */
export function roofSecondsAt(p: Pick<AchievablePoint, 'flops' | 'deviceBytes'>, peaks: RunPeaks): number {
  const bw = peaks.curve
    ? cpuBandwidthFor(p.deviceBytes, { cpuMemoryBytesPerSecond: peaks.bytesPerSecond, cpuBandwidthCurve: peaks.curve })
    : peaks.bytesPerSecond;
  return Math.max(p.flops / peaks.flopsPerSecond, p.deviceBytes / bw);
}

/** A class's figures from one run, and what the page says about them. */
export interface MeasuredClassFigures {
  device: AchievableDevice;
  kernelClass: AchievableClass;
  /** Share of the roof, (0, …]. */
  efficiency: number;
  fixedSeconds: number;
  metric: MetricId;
  points: AchievablePoint[];
  /** Measured ÷ fitted at each size (achievable-curve.ts): what a size between two measured ones takes. */
  curve: ClassCurve;
  /** "achievable: matmul kernel at m=512,n=512,k=512 reached 0.61 GFLOPS, 2 % of peak; …". */
  note: string;
}

/** A share in percent, two significant digits: '2.3 %', '10 %', '0.71 %'. */
const pct = (f: number): string => `${Number((f * 100).toPrecision(2))} %`;

/**
 * Every class's figures a run measured, per device. A class whose points do not fit a
 * rising line (or whose device's peaks are missing) has none: the model then uses the roof.
 */
export function achievableFromRun(metrics: readonly Metric[]): MeasuredClassFigures[] {
  const peaks = runPeaks(metrics);
  const out: MeasuredClassFigures[] = [];
  for (const device of ['cpu', 'gpu'] as const) {
    const pk = peaks[device];
    if (!pk) continue;
    for (const kernelClass of ACHIEVABLE_CLASSES) {
      const id = ACHIEVABLE_METRICS[device][kernelClass];
      const m = okMetricIn(metrics, id);
      if (!m) continue;
      // The CPU's fixed cost stands for a call on every core: sizes that ran on one are left out.
      const points = achievablePointsFromDetails(m.details).filter(
        (p) => device === 'gpu' || p.threads === undefined || p.threads >= 2,
      );
      const roof = (p: AchievablePoint) => roofSecondsAt(p, pk);
      const launches = (p: AchievablePoint) => p.launches ?? 1;
      // The fit and the curve read the same times: each lowered to the least of any larger size.
      const lowered = loweredPoints(points, (p) => roof(p) / launches(p));
      const fit = fitAchievable(lowered, roof);
      if (!fit) continue;
      const curve = classCurve(
        lowered,
        (p) => roof(p) / launches(p),
        (p) => launches(p) * fit.fixedSeconds + roof(p) / fit.efficiency,
      );
      out.push({
        device,
        kernelClass,
        efficiency: fit.efficiency,
        fixedSeconds: fit.fixedSeconds,
        metric: id,
        points,
        curve,
        note: achievableNote(m, device, kernelClass, points, pk, fit),
      });
    }
  }
  return out;
}

/** The sentence a class's figures come with: the largest size's rate and share of peak, then the fit. */
function achievableNote(
  m: MetricOk,
  device: AchievableDevice,
  kernelClass: AchievableClass,
  points: readonly AchievablePoint[],
  peaks: RunPeaks,
  fit: { efficiency: number; fixedSeconds: number; n: number },
): string {
  const top = points[points.length - 1] as AchievablePoint;
  const first = points[0] as AchievablePoint;
  const flops = m.unit === 'GFLOPS';
  const rate = flops ? top.flops / top.seconds : top.deviceBytes / top.seconds;
  const peak = flops ? peaks.flopsPerSecond : peaks.bytesPerSecond;
  const what = `${device === 'gpu' ? 'GPU' : 'CPU'} ${ACHIEVABLE_CLASS_LABELS[kernelClass]}`;
  const reached =
    `achievable: the ${what} kernel at ${top.shape} reached ${formatSi(rate, flops ? 'FLOPS' : 'B/s')}, ` +
    `${pct(rate / peak)} of the measured peak ${flops ? 'FLOPS' : 'bandwidth'}`;
  const sizes = fit.n === 2 ? 'two sizes' : `${fit.n} sizes`;
  const fixed = device === 'gpu' ? 'per launch' : 'per call on every core';
  return (
    `${reached}. Fitted over ${sizes} (${first.shape} … ${top.shape}): the smallest sets the fixed cost, ` +
    `${formatDuration(fit.fixedSeconds)} ${fixed}, the largest the share, ${pct(fit.efficiency)} of the roof. ` +
    `A size between two measured ones takes the time interpolated between theirs (log–log); below them, the smallest size's time; ` +
    (device === 'gpu'
      ? `beyond them, the line bent by the last two sizes' trend (a GPU may still be filling its threads there).`
      : `beyond them, the line.`)
  );
}
