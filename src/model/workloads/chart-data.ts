/**
 * The series of the two workload charts, as uPlot's aligned columns (one shared x, nulls
 * where a series has no point), with the ranges and the sentence that is the chart's
 * accessible name. Pure: the elements only draw.
 */
import { formatBytesSi, formatDuration, formatNumber, formatSpeedup } from '../shared/format.ts';
import type { SizeBreakEven, SizeSweepPoint } from './break-even.ts';
import { formatSize } from './present.ts';
import { attainableFlopsPerSecond, roofCurve, type WorkloadEstimate } from './roofline.ts';
import { cpuCacheLevels } from './cache-levels.ts';
import { ACHIEVABLE_CLASS_LABELS, achievableClassOf } from './achievable.ts';

/** A roof drawn besides the two peaks: a CPU cache level, or what a kernel class achieves under a peak. */
export interface ExtraRoof {
  device: 'cpu' | 'gpu';
  kind: 'cache' | 'achieved';
  /** Legend text: 'CPU cache 2 (sets ≤ 2.1 MB)', 'GPU matmul kernels, achieved'. */
  label: string;
}

export interface RooflineChartData {
  /**
   * [intensity, CPU roof GFLOPS, GPU roof GFLOPS, workload on CPU, workload on GPU], then
   * one column per entry of `extraRoofs`, in that order.
   */
  data: [number[], number[], number[], (number | null)[], (number | null)[], ...number[][]];
  /** The roofs after the first five columns: the CPU's cache levels, then the achieved roofs in use. */
  extraRoofs: ExtraRoof[];
  /** Index of the workload's own intensity in `data[0]`, or -1 when it cannot be drawn (no FLOPs). */
  pointIndex: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  description: string;
}

const decadeBelow = (x: number): number => 10 ** Math.floor(Math.log10(x));
const decadeAbove = (x: number): number => 10 ** Math.ceil(Math.log10(x));

/**
 * Both roofs from the rates in use, over whole decades that hold both ridge points and
 * the workload's intensity with room either side, and the workload at its achieved rate
 * (FLOPs ÷ kernel time) on each device.
 */
export function rooflineChartData(e: WorkloadEstimate): RooflineChartData {
  const r = e.roofline;
  const intensity = r.intensityFlopsPerByte;
  const drawable = intensity > 0 && Number.isFinite(intensity);
  const marks = [r.cpu.ridgeFlopsPerByte, r.gpu.ridgeFlopsPerByte, ...(drawable ? [intensity] : [])];
  const xMin = decadeBelow(Math.min(...marks) / 10);
  const xMax = decadeAbove(Math.max(...marks) * 10);
  const xs = new Set<number>();
  for (const side of [r.cpu, r.gpu]) {
    for (const p of roofCurve(side.peakFlopsPerSecond, side.memoryBytesPerSecond, {
      minIntensity: xMin,
      maxIntensity: xMax,
      perDecade: 4,
    })) {
      xs.add(p.intensityFlopsPerByte);
    }
  }
  if (drawable) xs.add(intensity);
  const sorted = [...xs].sort((a, b) => a - b);
  const roof = (peak: number, bw: number) => sorted.map((x) => attainableFlopsPerSecond(peak, bw, x) / 1e9);
  const cpuRoof = roof(r.cpu.peakFlopsPerSecond, r.cpu.memoryBytesPerSecond);
  const gpuRoof = roof(r.gpu.peakFlopsPerSecond, r.gpu.memoryBytesPerSecond);
  const pointIndex = drawable ? sorted.indexOf(intensity) : -1;
  const cpuAchieved = r.cpu.achievedFlopsPerSecond / 1e9;
  const gpuAchieved = r.gpu.achievedFlopsPerSecond / 1e9;
  const cpuPoint = sorted.map((_, i) => (i === pointIndex && cpuAchieved > 0 ? cpuAchieved : null));
  const gpuPoint = sorted.map((_, i) => (i === pointIndex && gpuAchieved > 0 ? gpuAchieved : null));
  // Cache levels above DRAM: each its own bandwidth roof under the CPU's peak (issue #20).
  const extraRoofs: ExtraRoof[] = [];
  const extraColumns: number[][] = [];
  const rates = e.dtypeRates.rates;
  // Labelled by the working sets they hold, not L1/L2: the sweep's first points can be past
  // L1, and two hardware levels whose bandwidths differ by less than the step merge into one
  // (this machine's all-core sweep: one level up to 4.19 MB, one up to 16.8 MB).
  const caches = cpuCacheLevels(rates.cpuBandwidthCurve, r.cpu.memoryBytesPerSecond).filter((l) => l.name !== 'DRAM');
  for (const [i, level] of caches.entries()) {
    extraRoofs.push({
      device: 'cpu',
      kind: 'cache',
      label: `CPU cache${caches.length > 1 ? ` ${i + 1}` : ''} (sets ≤ ${formatBytesSi(level.maxWorkingSetBytes)})`,
    });
    extraColumns.push(roof(r.cpu.peakFlopsPerSecond, level.bytesPerSecond));
  }
  // Achieved roofs: each kernel class the workload runs that reaches less than its peak, per device.
  for (const [device, side] of [
    ['cpu', r.cpu],
    ['gpu', r.gpu],
  ] as const) {
    const seen = new Set<string>();
    side.kernels.forEach((k, i) => {
      const counted = e.counts.kernels[i];
      const kernelClass = counted ? achievableClassOf(counted) : undefined;
      if (!kernelClass || k.efficiency === 1 || seen.has(kernelClass)) return;
      seen.add(kernelClass);
      extraRoofs.push({
        device,
        kind: 'achieved',
        label: `${device === 'gpu' ? 'GPU' : 'CPU'} ${ACHIEVABLE_CLASS_LABELS[kernelClass]} kernels, achieved`,
      });
      extraColumns.push(roof(side.peakFlopsPerSecond * k.efficiency, side.memoryBytesPerSecond * k.efficiency));
    });
  }
  const lows = [
    cpuRoof[0] ?? 1,
    gpuRoof[0] ?? 1,
    ...extraColumns.map((c) => c[0] ?? 1),
    ...(drawable ? [cpuAchieved, gpuAchieved].filter((v) => v > 0) : []),
  ];
  const yMin = decadeBelow(Math.min(...lows));
  const yMax = decadeAbove((Math.max(r.cpu.peakFlopsPerSecond, r.gpu.peakFlopsPerSecond) / 1e9) * 2);
  const where = (bound: string) => (bound === 'memory' ? 'on its memory roof' : 'on its compute roof');
  const description =
    `Log-log roofline: CPU peak ${formatNumber(r.cpu.peakFlopsPerSecond / 1e9)} GFLOPS with the ridge at ` +
    `${formatNumber(r.cpu.ridgeFlopsPerByte)} FLOPs/byte; GPU peak ${formatNumber(r.gpu.peakFlopsPerSecond / 1e9)} GFLOPS ` +
    `with the ridge at ${formatNumber(r.gpu.ridgeFlopsPerByte)} FLOPs/byte. ` +
    (drawable
      ? `Your workload, at ${formatNumber(intensity)} FLOPs/byte, reaches ${formatNumber(cpuAchieved)} GFLOPS on the CPU (${where(r.cpu.bound)}) ` +
        `and ${formatNumber(gpuAchieved)} GFLOPS on the GPU (${where(r.gpu.bound)}).`
      : 'Your workload does no arithmetic, so it has no point on the chart.');
  const achievedWords = extraRoofs.filter((x) => x.kind === 'achieved').map((x) => x.label);
  const cacheWords = extraRoofs.filter((x) => x.kind === 'cache').map((x) => x.label.replace(/^CPU /, ''));
  return {
    data: [sorted, cpuRoof, gpuRoof, cpuPoint, gpuPoint, ...extraColumns],
    extraRoofs,
    description:
      description +
      (cacheWords.length > 0 ? ` The CPU's cache levels are roofs of their own: ${cacheWords.join(', ')}.` : '') +
      (achievedWords.length > 0
        ? ` Under the peaks, what this machine's kernels achieved: ${achievedWords.join('; ')}.`
        : ''),
    pointIndex,
    xMin,
    xMax,
    yMin,
    yMax,
  };
}

export interface CrossoverChartData {
  /** [size, CPU seconds, GPU seconds, your size (GPU seconds), break-even (CPU seconds)]. */
  data: [number[], number[], number[], (number | null)[], (number | null)[]];
  /** Index of the workload's own size. */
  currentIndex: number;
  description: string;
}

/**
 * CPU and GPU time along the workload's size axis, with the workload's own size and the
 * break-even point marked (the break-even point is added as an x of its own when the
 * caller passes its times).
 */
export function crossoverChartData(
  points: readonly SizeSweepPoint[],
  breakEven: SizeBreakEven,
  breakEvenPoint: SizeSweepPoint | undefined,
  axisLabel: string,
): CrossoverChartData {
  const all = [...points];
  if (breakEvenPoint && !all.some((p) => p.size === breakEvenPoint.size)) all.push(breakEvenPoint);
  all.sort((a, b) => a.size - b.size);
  const xs = all.map((p) => p.size);
  const cpu = all.map((p) => p.cpuSeconds);
  const gpu = all.map((p) => p.gpuSeconds);
  const currentIndex = all.findIndex((p) => p.isCurrent);
  const mine = all.map((p) => (p.isCurrent ? p.gpuSeconds : null));
  const be = all.map((p) => (breakEvenPoint && p.size === breakEvenPoint.size ? p.cpuSeconds : null));
  const current = all[currentIndex];
  const first = xs[0] ?? 0;
  // Where fixed costs are most of both lines (issue #20), the chart says so: they set its left end.
  const small = all[0];
  const share = (fixed: number | undefined, total: number) => (fixed !== undefined && total > 0 ? fixed / total : 0);
  const cpuFixed = small !== undefined && share(small.cpuFixedSeconds, small.cpuSeconds) > 0.5;
  const gpuFixed = small !== undefined && share(small.gpuFixedSeconds, small.gpuSeconds) > 0.5;
  const cpuPart = small
    ? `the CPU's calls take ${formatDuration(small.cpuFixedSeconds ?? 0)} of its ${formatDuration(small.cpuSeconds)}`
    : '';
  const gpuPart = small
    ? `the GPU's launches and copy latencies ${formatDuration(small.gpuFixedSeconds ?? 0)} of its ${formatDuration(small.gpuSeconds)}`
    : '';
  const fixedWords = !small
    ? ''
    : cpuFixed && gpuFixed
      ? `At ${formatSize(small.size)} both lines are flat with fixed costs: ${cpuPart}, ${gpuPart}. `
      : cpuFixed
        ? `At ${formatSize(small.size)} the CPU line is flat with fixed costs: ${cpuPart}. `
        : gpuFixed
          ? `At ${formatSize(small.size)} the GPU line is flat with fixed costs: ${gpuPart.replace("the GPU's ", 'its ')}. `
          : '';
  const last = xs[xs.length - 1] ?? 0;
  const description =
    `Log-log chart of CPU and GPU time against ${axisLabel}, ${formatSize(first)} to ${formatSize(last)}. ` +
    (current
      ? `Your size (${formatSize(current.size)}): CPU ${formatDuration(current.cpuSeconds)}, GPU ${formatDuration(current.gpuSeconds)}, ${formatSpeedup(current.speedup)}. `
      : '') +
    fixedWords +
    (breakEven.kind === 'finite'
      ? `The lines cross at ${formatSize(breakEven.size)}.`
      : breakEven.kind === 'always'
        ? 'The GPU line stays below the CPU line everywhere.'
        : 'The GPU line stays above the CPU line everywhere.');
  return { data: [xs, cpu, gpu, mine, be], currentIndex, description };
}
