/**
 * The roofline model of issue #12 (Williams, Waterman & Patterson, 2009): a kernel takes
 * max(FLOPs / compute rate, bytes / memory bandwidth) on each device. The CPU's time is the
 * sum over kernels; the GPU's adds host↔device copies and launch overhead exactly as the
 * seed model does (estimator.ts), so with unlimited memory bandwidth and one kernel it
 * gives the seed's numbers. Every time is in seconds. Pure.
 *
 * Issue #20 puts the achieved roof under the peak: a kernel whose class has measured
 * figures (achievable.ts) takes its roofline time ÷ the share of the roof the class
 * reaches, plus the class's fixed cost per launch; copies pay a latency per direction
 * besides their bytes ÷ bandwidth; a CPU kernel pays the cost of one parallel call. With
 * none of those set the model is the one above.
 */
import { formatBytesSi, formatDuration, formatSi, formatSpeedup } from '../shared/format.ts';
import type { KernelCount, WorkloadCounts } from './counts.ts';
import { intensityFlopsPerByte, workloadCounts } from './counts.ts';
import { curveFactor } from './achievable-curve.ts';
import { ACHIEVABLE_CLASS_LABELS, achievableClassOf, kernelFigures, type AchievableDevice } from './achievable.ts';
import type { DeviceRates, DtypeRates, MachineRates } from './precision.ts';
import { cpuBandwidthFor, ratesForDtype } from './precision.ts';
import type { Workload } from './types.ts';

/** Which roof a kernel sits under. */
export type Bound = 'compute' | 'memory';

/** One kernel on one device. */
export interface KernelTime {
  label: string;
  count: number;
  /** One launch: FLOPs / rate. */
  computeSeconds: number;
  /** One launch: bytes / bandwidth. */
  memorySeconds: number;
  /** count × max(compute, memory) ÷ efficiency: the work, fixed costs apart. */
  totalSeconds: number;
  bound: Bound;
  /** Share of the roof this kernel's class reaches (1: the roof itself). */
  efficiency: number;
  /** Fixed cost per launch: the class's, or the launch overhead (GPU) / per-call cost (CPU). */
  fixedSeconds: number;
  /** Set when the kernel's working set fits in a cache faster than memory: that bandwidth. */
  cache?: { workingSetBytes: number; bytesPerSecond: number };
}

/** One device's side of the roofline. */
export interface DeviceRoofline {
  /** Σ kernels' totalSeconds: the time the device spends computing. */
  kernelSeconds: number;
  /** Σ count × fixedSeconds: launches (GPU) or parallel calls (CPU). */
  fixedSeconds: number;
  /**
   * The roof that holds most of the kernel time; a tie counts as compute (at the ridge
   * point both roofs are hit at once).
   */
  bound: Bound;
  kernels: KernelTime[];
  /** Peak rate and bandwidth the roofs are drawn from. */
  peakFlopsPerSecond: number;
  memoryBytesPerSecond: number;
  /** Intensity where the roofs meet: peak / bandwidth, FLOPs per byte. */
  ridgeFlopsPerByte: number;
  /** What the workload achieves in kernel time: FLOPs / kernelSeconds (the chart's point). */
  achievedFlopsPerSecond: number;
}

export interface GpuRoofline extends DeviceRoofline {
  /** Host ↔ device: uploadSeconds + readbackSeconds. */
  transferSeconds: number;
  /** Host → device: latency (when bytes move) + bytes / transfer rate. */
  uploadSeconds: number;
  /** Device → host: latency (when bytes move) + bytes / readback rate (the transfer rate unless measured). */
  readbackSeconds: number;
  /** Σ launches × fixed cost per launch (= fixedSeconds). */
  launchSeconds: number;
  /** kernelSeconds + transferSeconds + launchSeconds. */
  totalSeconds: number;
}

export interface RooflineResult {
  /** totalSeconds = kernelSeconds + fixedSeconds (the parallel calls). */
  cpu: DeviceRoofline & { totalSeconds: number };
  gpu: GpuRoofline;
  /** FLOPs per byte of device-memory traffic, the chart's x. */
  intensityFlopsPerByte: number;
  /** CPU total / GPU total; > 1 means the GPU is faster. */
  speedup: number;
  /** CPU total / GPU kernel time: the speedup if copies and launches were free. */
  kernelSpeedup: number;
  /** GPU peak / CPU peak. */
  flopsRatio: number;
  /** GPU memory bandwidth / CPU memory bandwidth. */
  bandwidthRatio: number;
}

/** max(FLOPs / rate, bytes / bandwidth) ÷ efficiency per kernel, summed; fixed costs apart. */
export function deviceRoofline(
  kernels: readonly KernelCount[],
  peakFlopsPerSecond: number,
  memoryBytesPerSecond: number,
  /** Bandwidth for a kernel's working set (its device bytes); absent: `memoryBytesPerSecond` for all. */
  bandwidthFor?: (workingSetBytes: number) => number,
  /** Share of the roof and fixed cost per launch of each kernel; absent: the roof, nothing fixed. */
  figuresFor?: (k: KernelCount, roofSeconds: number) => { efficiency: number; fixedSeconds: number },
): DeviceRoofline {
  let kernelSeconds = 0;
  let fixedSeconds = 0;
  let computeBoundSeconds = 0;
  let flops = 0;
  const times = kernels.map((k): KernelTime => {
    const bw = bandwidthFor ? bandwidthFor(k.deviceBytes) : memoryBytesPerSecond;
    const computeSeconds = k.flops / peakFlopsPerSecond;
    const memorySeconds = k.deviceBytes / bw;
    const f = figuresFor?.(k, Math.max(computeSeconds, memorySeconds)) ?? { efficiency: 1, fixedSeconds: 0 };
    const bound: Bound = computeSeconds >= memorySeconds ? 'compute' : 'memory';
    const totalSeconds = (k.count * Math.max(computeSeconds, memorySeconds)) / f.efficiency;
    kernelSeconds += totalSeconds;
    fixedSeconds += k.count * f.fixedSeconds;
    if (bound === 'compute') computeBoundSeconds += totalSeconds;
    flops += k.count * k.flops;
    const t: KernelTime = {
      label: k.label,
      count: k.count,
      computeSeconds,
      memorySeconds,
      totalSeconds,
      bound,
      efficiency: f.efficiency,
      fixedSeconds: f.fixedSeconds,
    };
    if (bw > memoryBytesPerSecond) t.cache = { workingSetBytes: k.deviceBytes, bytesPerSecond: bw };
    return t;
  });
  return {
    kernelSeconds,
    fixedSeconds,
    bound: computeBoundSeconds >= kernelSeconds - computeBoundSeconds ? 'compute' : 'memory',
    kernels: times,
    peakFlopsPerSecond,
    memoryBytesPerSecond,
    ridgeFlopsPerByte: ridgePoint(peakFlopsPerSecond, memoryBytesPerSecond),
    achievedFlopsPerSecond: kernelSeconds > 0 ? flops / kernelSeconds : 0,
  };
}

/**
 * Host ↔ device copy times: a latency per direction that moves bytes, plus bytes ÷ that
 * direction's rate; with the run's copy curves, scaled by the factor measured at the size
 * of one copy (copy-curve.ts).
 */
export function copySeconds(
  counts: Pick<WorkloadCounts, 'hostToDeviceBytes' | 'deviceToHostBytes' | 'hostCopies'>,
  rates: Pick<
    DeviceRates,
    | 'transferBytesPerSecond'
    | 'uploadLatencySeconds'
    | 'readbackLatencySeconds'
    | 'readbackBytesPerSecond'
    | 'copyCurves'
  >,
): { uploadSeconds: number; readbackSeconds: number } {
  const up = counts.hostToDeviceBytes;
  const back = counts.deviceToHostBytes;
  // Every copy pays the latency: one each way, or one per step and repetition (a pipeline whose data goes back).
  const upCopies = counts.hostCopies?.up ?? (up > 0 ? 1 : 0);
  const downCopies = counts.hostCopies?.down ?? (back > 0 ? 1 : 0);
  const upFactor = upCopies > 0 ? curveFactor(rates.copyCurves?.up, up / upCopies) : 1;
  const backFactor = downCopies > 0 ? curveFactor(rates.copyCurves?.back, back / downCopies) : 1;
  return {
    uploadSeconds: upFactor * (upCopies * (rates.uploadLatencySeconds ?? 0) + up / rates.transferBytesPerSecond),
    readbackSeconds:
      backFactor *
      (downCopies * (rates.readbackLatencySeconds ?? 0) +
        back / (rates.readbackBytesPerSecond ?? rates.transferBytesPerSecond)),
  };
}

/** Both devices' rooflines and the speedup. Rates must be positive (validated fields are). */
export function roofline(counts: WorkloadCounts, rates: DeviceRates): RooflineResult {
  const figures = (device: AchievableDevice) => (k: KernelCount, roof: number) => kernelFigures(rates, device, k, roof);
  const cpuSide = deviceRoofline(
    counts.kernels,
    rates.cpuFlopsPerSecond,
    rates.cpuMemoryBytesPerSecond,
    (b) => cpuBandwidthFor(b, rates),
    figures('cpu'),
  );
  const gpuSide = deviceRoofline(
    counts.kernels,
    rates.gpuFlopsPerSecond,
    rates.gpuMemoryBytesPerSecond,
    undefined,
    figures('gpu'),
  );
  const { uploadSeconds, readbackSeconds } = copySeconds(counts, rates);
  const transferSeconds = uploadSeconds + readbackSeconds;
  // Launches the counts name beyond their kernels' (a custom task: one kernel, n launches) pay the launch overhead.
  const kernelLaunches = counts.kernels.reduce((a, k) => a + k.count, 0);
  const launchSeconds =
    gpuSide.fixedSeconds + Math.max(0, counts.launches - kernelLaunches) * rates.launchOverheadSeconds;
  const gpuTotal = gpuSide.kernelSeconds + transferSeconds + launchSeconds;
  const cpuTotal = cpuSide.kernelSeconds + cpuSide.fixedSeconds;
  return {
    cpu: { ...cpuSide, totalSeconds: cpuTotal },
    gpu: { ...gpuSide, transferSeconds, uploadSeconds, readbackSeconds, launchSeconds, totalSeconds: gpuTotal },
    intensityFlopsPerByte: intensityFlopsPerByte(counts),
    // No work and no overhead anywhere: even, as in estimator.ts, not 0/0.
    speedup: gpuTotal > 0 ? cpuTotal / gpuTotal : 1,
    kernelSpeedup: gpuSide.kernelSeconds > 0 ? cpuTotal / gpuSide.kernelSeconds : 1,
    flopsRatio: rates.gpuFlopsPerSecond / rates.cpuFlopsPerSecond,
    bandwidthRatio: rates.gpuMemoryBytesPerSecond / rates.cpuMemoryBytesPerSecond,
  };
}

/** Intensity at which a device turns from memory-bound to compute-bound, FLOPs per byte. */
export function ridgePoint(peakFlopsPerSecond: number, memoryBytesPerSecond: number): number {
  return peakFlopsPerSecond / memoryBytesPerSecond;
}

/** The roof at `intensity` FLOPs/byte: min(peak, bandwidth × intensity), FLOP/s. */
export function attainableFlopsPerSecond(
  peakFlopsPerSecond: number,
  memoryBytesPerSecond: number,
  intensityFlopsPerByte: number,
): number {
  return Math.min(peakFlopsPerSecond, memoryBytesPerSecond * intensityFlopsPerByte);
}

/**
 * Points of one roof for a log-log chart: log-spaced intensities from `minIntensity` to
 * `maxIntensity` (FLOPs/byte), plus the ridge point itself so the corner is drawn sharp.
 */
export function roofCurve(
  peakFlopsPerSecond: number,
  memoryBytesPerSecond: number,
  options: { minIntensity?: number; maxIntensity?: number; perDecade?: number } = {},
): { intensityFlopsPerByte: number; flopsPerSecond: number }[] {
  const min = options.minIntensity ?? 1 / 64;
  const max = options.maxIntensity ?? 4096;
  const perDecade = options.perDecade ?? 4;
  if (!(min > 0 && max >= min && perDecade >= 1)) {
    throw new RangeError('roofCurve needs 0 < min ≤ max and at least one point per decade');
  }
  const steps = Math.round(Math.log10(max / min) * perDecade);
  const xs: number[] = [];
  for (let i = 0; i <= steps; i++) xs.push(min * 10 ** (i / perDecade));
  const ridge = ridgePoint(peakFlopsPerSecond, memoryBytesPerSecond);
  if (ridge > min && ridge < max) xs.push(ridge);
  xs.sort((a, b) => a - b);
  return xs.map((x) => ({
    intensityFlopsPerByte: x,
    flopsPerSecond: attainableFlopsPerSecond(peakFlopsPerSecond, memoryBytesPerSecond, x),
  }));
}

/**
 * The result in plain words, one sentence per entry: which roof binds on each device and
 * what that makes the speedup, then whatever eats the GPU's time besides its kernels. The
 * verdict is the answer's (src/model/answer), said once.
 */
export function explainRoofline(
  r: RooflineResult,
  counts: Pick<WorkloadCounts, 'hostBytes' | 'launches'> & Partial<Pick<WorkloadCounts, 'kernels'>>,
): string[] {
  const out: string[] = [];
  const flops = formatSpeedup(r.flopsRatio);
  const bw = formatSpeedup(r.bandwidthRatio);
  const kernel = formatSpeedup(r.kernelSpeedup);
  if (r.cpu.bound === 'memory' && r.gpu.bound === 'memory') {
    out.push(`Memory-bound on both: the speedup is the bandwidth ratio, ${bw}, not the FLOPS ratio (${flops}).`);
  } else if (r.cpu.bound === 'compute' && r.gpu.bound === 'compute') {
    out.push(`Compute-bound on both: the speedup is the FLOPS ratio, ${flops}.`);
  } else if (r.cpu.bound === 'compute') {
    out.push(
      `Compute-bound on the CPU, memory-bound on the GPU: the GPU's kernels are ${kernel} faster, held back by its memory bandwidth, not its FLOPS.`,
    );
  } else {
    out.push(
      `Memory-bound on the CPU, compute-bound on the GPU: the GPU's kernels are ${kernel} faster, less than the bandwidth ratio (${bw}).`,
    );
  }
  // The memory-bound CPU kernel with the most time whose working set fits in cache.
  const cached = r.cpu.kernels
    .filter((k) => k.cache && k.bound === 'memory')
    .sort((a, b) => b.totalSeconds - a.totalSeconds)[0]?.cache;
  if (cached) {
    out.push(
      `The working set fits in the CPU's cache: ${formatBytesSi(cached.workingSetBytes)} at ${formatSi(cached.bytesPerSecond, 'B/s')}, not ${formatSi(r.cpu.memoryBytesPerSecond, 'B/s')} from DRAM.`,
    );
  }
  const g = r.gpu;
  const biggest = Math.max(g.kernelSeconds, g.transferSeconds, g.launchSeconds);
  if (g.transferSeconds > g.kernelSeconds && g.transferSeconds === biggest) {
    out.push(
      `Copying ${formatBytesSi(counts.hostBytes)} between host and GPU takes ${formatDuration(g.transferSeconds)}, more than the GPU's kernels (${formatDuration(g.kernelSeconds)}): keep the data on the GPU between steps.`,
    );
  } else if (g.launchSeconds > g.kernelSeconds && g.launchSeconds === biggest) {
    out.push(
      `Starting ${counts.launches.toLocaleString('en-US')} kernel${counts.launches === 1 ? '' : 's'} takes ${formatDuration(g.launchSeconds)}, more than the kernels' work (${formatDuration(g.kernelSeconds)}): fuse steps or batch the work into fewer, larger calls.`,
    );
  }
  out.push(...achievedWords(r, counts));
  // The overall verdict is the answer's own sentence (src/model/answer): said there, once.
  return out;
}

/**
 * Per device, the kernel classes that run under their peak here (issue #20), in words:
 * "On the GPU, matmul kernels reach 0.7 % of the roof, plus 1.9 ms per launch (achievable
 * figures, see this machine's numbers); the estimate uses that, not the peak."
 */
function achievedWords(r: RooflineResult, counts: Partial<Pick<WorkloadCounts, 'kernels'>>): string[] {
  const out: string[] = [];
  for (const [device, side] of [
    ['CPU', r.cpu],
    ['GPU', r.gpu],
  ] as const) {
    const seen = new Set<string>();
    const parts: string[] = [];
    side.kernels.forEach((k, i) => {
      const counted = counts.kernels?.[i];
      const c = counted ? achievableClassOf(counted) : undefined;
      if (!c || k.efficiency === 1 || seen.has(c)) return;
      seen.add(c);
      parts.push(
        `${ACHIEVABLE_CLASS_LABELS[c]} kernels reach ${Number((k.efficiency * 100).toPrecision(2))} % of the roof, plus ${formatDuration(k.fixedSeconds)} per launch`,
      );
    });
    if (parts.length > 0) {
      out.push(
        `On the ${device}, ${parts.join('; ')} (achievable figures, under this machine's numbers): the estimate uses them, not the peak.`,
      );
    }
  }
  return out;
}

/** Everything the page shows for one workload on one machine. */
export interface WorkloadEstimate {
  counts: WorkloadCounts;
  /** The rates used for the workload's data type, with notes on derived ones. */
  dtypeRates: DtypeRates;
  roofline: RooflineResult;
  /** `explainRoofline`, then the rate notes. */
  explanation: string[];
}

/**
 * Count the workload, pick the rates for its data type, run the roofline, explain it. A
 * pipeline runs at its own `dtype`'s rates (the URL gives every step that type); a step
 * of another type still counts its own bytes.
 */
export function estimateWorkload(workload: Workload, machine: MachineRates): WorkloadEstimate {
  const counts = workloadCounts(workload);
  const dtypeRates = ratesForDtype(machine, workload.dtype);
  const result = roofline(counts, dtypeRates.rates);
  return {
    counts,
    dtypeRates,
    roofline: result,
    explanation: [...explainRoofline(result, counts), ...dtypeRates.notes],
  };
}
