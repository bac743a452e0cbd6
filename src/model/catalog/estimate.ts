/**
 * A workload on a catalog GPU: each kernel at rated × typical efficiency for its class and
 * size (or a measured probe rate), bounded by compute or memory as the roofline says, plus
 * host copies and launches. A workload that does not fit in the GPU's memory, or a data type
 * the GPU cannot run, is its own result: no time is given as if it ran. Pure.
 */
import type { KernelCount, KernelClass, WorkloadCounts } from '../workloads/counts.ts';
import type { Bound } from '../workloads/roofline.ts';
import { deviceRoofline } from '../workloads/roofline.ts';
import { formatSi } from '../workloads/present.ts';
import type { Dtype } from '../workloads/types.ts';
import type { CapacityCheck } from './capacity.ts';
import { capacityCheck } from './capacity.ts';
import type { Efficiency } from './efficiency.ts';
import { MEMORY_SIZE_CURVE, STREAMING_EFFICIENCY, curveFactor } from './efficiency.ts';
import type { CopyEstimate, LaunchEstimate } from './fixed-costs.ts';
import { copyEstimate, launchEstimate } from './fixed-costs.ts';
import type { MeasuredGpuRates } from './measured.ts';
import type { ComputeRate, EstimateOptions, RateBasis, RateKind } from './rates.ts';
import { DEFAULT_ESTIMATE_OPTIONS, computeRate, sizeClause } from './rates.ts';
import type { SourceId } from './sources.ts';
import type { GpuEntry } from './types.ts';

/** The device-memory bandwidth one kernel streams at. */
export interface BandwidthUse {
  ratedBytesPerSecond: number;
  large: Efficiency;
  sizeFactor: number;
  bytesPerSecond: number;
  basis: RateBasis;
  sentence: string;
}

/** One kernel on the GPU. */
export interface KernelEstimate {
  label: string;
  kernelClass: KernelClass;
  count: number;
  compute: ComputeRate;
  memory: BandwidthUse;
  /** One launch: FLOPs / rate. */
  computeSeconds: number;
  /** One launch: bytes / bandwidth. */
  memorySeconds: number;
  /** count × max(compute, memory). */
  totalSeconds: number;
  bound: Bound;
}

/** Where the GPU time goes, seconds. */
export interface TimeBreakdown {
  /** Kernels bound by arithmetic. */
  computeSeconds: number;
  /** Kernels bound by device-memory bandwidth. */
  memorySeconds: number;
  copySeconds: number;
  launchSeconds: number;
}

/** A rate, bandwidth or overhead the estimate used, for the page's list of sources. */
export interface UsedFigure {
  sentence: string;
  basis: RateBasis;
  sources: SourceId[];
}

/** The estimate of a workload that fits and runs. */
export interface GpuEstimate {
  kind: 'estimate';
  gpu: GpuEntry;
  dtype: Dtype;
  options: EstimateOptions;
  /** "rated × typical efficiency", "measured", or both mixed (some figures measured). */
  basis: 'typical' | 'measured' | 'mixed';
  basisText: string;
  kernels: KernelEstimate[];
  kernelSeconds: number;
  copies: { up: CopyEstimate; down: CopyEstimate; seconds: number };
  launches: LaunchEstimate;
  /** Costs that do not grow with the work: launches and copy latencies. */
  fixedSeconds: number;
  totalSeconds: number;
  breakdown: TimeBreakdown;
  /** The roof holding most of the kernel time (a tie counts as compute, as in roofline.ts). */
  bound: Bound;
  capacity: CapacityCheck;
  used: UsedFigure[];
  notes: string[];
}

/** The workload does not fit in the GPU's memory. */
export interface OverCapacity {
  kind: 'over-capacity';
  gpu: GpuEntry;
  capacity: CapacityCheck;
  message: string;
}

/** The GPU cannot run the data type at all. */
export interface UnsupportedDtype {
  kind: 'unsupported';
  gpu: GpuEntry;
  dtype: Dtype;
  message: string;
}

export type DeviceEstimate = GpuEstimate | OverCapacity | UnsupportedDtype;

/** The large-kernel matmul rate a probe measured for the rate a kernel runs at, if any. */
function measuredMatmul(
  rateKind: RateKind,
  measured: MeasuredGpuRates | undefined,
): { flopsPerSecond: number; label: string } | undefined {
  if (!measured) return undefined;
  const v =
    rateKind === 'fp32' || rateKind === 'fp32Matrix'
      ? measured.matmulF32FlopsPerSecond
      : rateKind === 'tf32'
        ? measured.matmulTf32FlopsPerSecond
        : rateKind === 'fp16' || rateKind === 'bf16'
          ? measured.matmulF16FlopsPerSecond
          : undefined;
  return v === undefined ? undefined : { flopsPerSecond: v, label: measured.label };
}

function bandwidthUse(gpu: GpuEntry, bytesPerLaunch: number, measured: MeasuredGpuRates | undefined): BandwidthUse {
  const rated = gpu.memoryGBps.value * 1e9;
  const sizeFactor = curveFactor(MEMORY_SIZE_CURVE, bytesPerLaunch);
  const size = sizeClause(sizeFactor, bytesPerLaunch, MEMORY_SIZE_CURVE);
  if (measured?.deviceBytesPerSecond !== undefined) {
    return {
      ratedBytesPerSecond: rated,
      large: STREAMING_EFFICIENCY,
      sizeFactor,
      bytesPerSecond: measured.deviceBytesPerSecond * sizeFactor,
      basis: 'measured',
      sentence: `Memory measured ${formatSi(measured.deviceBytesPerSecond, 'B/s')} (${measured.label})${size}`,
    };
  }
  return {
    ratedBytesPerSecond: rated,
    large: STREAMING_EFFICIENCY,
    sizeFactor,
    bytesPerSecond: rated * STREAMING_EFFICIENCY.value * sizeFactor,
    basis: 'typical',
    sentence: `Memory rated ${formatSi(rated, 'B/s')} × ${STREAMING_EFFICIENCY.value.toFixed(2)}, a streaming pass${size}`,
  };
}

/**
 * One kernel: its rates, then roofline.ts's max(FLOPs / rate, bytes / bandwidth) × count.
 * A kernel with no FLOPs (a copy) gets no compute rate lookup beyond the type's.
 */
function kernelEstimate(
  gpu: GpuEntry,
  k: KernelCount,
  dtype: Dtype,
  options: EstimateOptions,
  measured: MeasuredGpuRates | undefined,
): KernelEstimate | { unsupported: string } {
  let compute = computeRate(gpu, dtype, k.kernelClass, k.flops, options);
  if ('unsupported' in compute) return { unsupported: compute.reason };
  // The probe measures plain matmuls; fused attention keeps its typical efficiency.
  const m = measuredMatmul(compute.rateKind, measured);
  if (m && k.kernelClass === 'matmul') {
    const again = computeRate(gpu, dtype, k.kernelClass, k.flops, options, m);
    if (!('unsupported' in again)) compute = again;
  }
  const memory = bandwidthUse(gpu, k.deviceBytes, measured);
  const [t] = deviceRoofline([k], compute.flopsPerSecond, memory.bytesPerSecond).kernels;
  // deviceRoofline returns one time per kernel given; one was given.
  const time = t as NonNullable<typeof t>;
  return {
    label: k.label,
    kernelClass: k.kernelClass,
    count: k.count,
    compute,
    memory,
    computeSeconds: time.computeSeconds,
    memorySeconds: time.memorySeconds,
    totalSeconds: time.totalSeconds,
    bound: time.bound,
  };
}

/**
 * The estimate of `counts` (a workload's kernels, copies and launches, in `dtype`) on `gpu`.
 * `measured`, from a probe run on this GPU, replaces typical figures where it has them.
 */
export function estimateOnGpu(
  gpu: GpuEntry,
  counts: WorkloadCounts,
  dtype: Dtype,
  options: EstimateOptions = DEFAULT_ESTIMATE_OPTIONS,
  measured?: MeasuredGpuRates,
): DeviceEstimate {
  const capacity = capacityCheck(gpu, counts);
  const kernels: KernelEstimate[] = [];
  for (const k of counts.kernels) {
    const e = kernelEstimate(gpu, k, dtype, options, measured);
    if ('unsupported' in e) return { kind: 'unsupported', gpu, dtype, message: e.unsupported };
    kernels.push(e);
  }
  if (!capacity.fits) return { kind: 'over-capacity', gpu, capacity, message: capacity.sentence };
  const up = copyEstimate(gpu, 'up', counts.hostToDeviceBytes, options.hostMemory, measured);
  const down = copyEstimate(gpu, 'down', counts.deviceToHostBytes, options.hostMemory, measured);
  const launches = launchEstimate(gpu, counts.launches, options.launchMode, measured);
  let computeSeconds = 0;
  let memorySeconds = 0;
  for (const k of kernels) {
    if (k.bound === 'compute') computeSeconds += k.totalSeconds;
    else memorySeconds += k.totalSeconds;
  }
  const kernelSeconds = computeSeconds + memorySeconds;
  const copySeconds = up.seconds + down.seconds;
  const totalSeconds = kernelSeconds + copySeconds + launches.seconds;
  const fixedSeconds =
    launches.seconds + (up.bytes > 0 ? up.latencySeconds : 0) + (down.bytes > 0 ? down.latencySeconds : 0);

  const used: UsedFigure[] = [];
  const seen = new Set<string>();
  const use = (sentence: string, basis: RateBasis, sources: SourceId[]) => {
    if (seen.has(sentence)) return;
    seen.add(sentence);
    used.push({ sentence, basis, sources });
  };
  for (const k of kernels) {
    const c = k.compute;
    use(
      c.sentence,
      c.basis,
      c.basis === 'measured' ? [c.figure.source] : [c.figure.source, c.large.source, c.sizeCurve.source],
    );
    if (k.memory.bytesPerSecond > 0)
      use(k.memory.sentence, k.memory.basis, [gpu.memoryGBps.source, k.memory.large.source]);
  }
  if (up.bytes > 0) use(up.sentence, up.basis, up.sources);
  if (down.bytes > 0) use(down.sentence, down.basis, down.sources);
  if (launches.count > 0) use(launches.sentence, launches.basis, [launches.source]);

  const bases = new Set(used.map((u) => u.basis));
  const basis = bases.size === 2 ? 'mixed' : bases.has('measured') ? 'measured' : 'typical';
  const notes = [...new Set(kernels.flatMap((k) => k.compute.notes))];
  return {
    kind: 'estimate',
    gpu,
    dtype,
    options,
    basis,
    basisText:
      basis === 'typical'
        ? 'rated × typical efficiency'
        : basis === 'measured'
          ? 'measured'
          : 'measured where the probe run measured, rated × typical efficiency elsewhere',
    kernels,
    kernelSeconds,
    copies: { up, down, seconds: copySeconds },
    launches,
    fixedSeconds,
    totalSeconds,
    breakdown: { computeSeconds, memorySeconds, copySeconds, launchSeconds: launches.seconds },
    bound: computeSeconds >= memorySeconds ? 'compute' : 'memory',
    capacity,
    used,
    notes,
  };
}

/**
 * The GPU time of an estimate, or undefined when it gives none (over capacity, a data type
 * the GPU cannot run): what a break-even search or a speedup divides, never a stand-in number.
 */
export function estimateSeconds(e: DeviceEstimate): number | undefined {
  return e.kind === 'estimate' ? e.totalSeconds : undefined;
}
