/**
 * Which pitfalls apply to an answer, and only those (issue #19, point 5). Each rule is the
 * `when` of its text in pitfalls.ts, evaluated on the workload, the device and its
 * estimate; each warning says why it applies here ("copies take 476 ms of 480 ms"). Works
 * for a catalog GPU (with its estimate) and for this machine (with its roofline times).
 * Pure.
 */
import { formatDuration, formatPercent } from '../shared/format.ts';
import type { WorkloadCounts } from '../workloads/counts.ts';
import { formatBytesSi } from '../workloads/present.ts';
import type { GpuRoofline } from '../workloads/roofline.ts';
import type { Dtype } from '../workloads/types.ts';
import { workingSetBytes } from './capacity.ts';
import type { DeviceEstimate, GpuEstimate } from './estimate.ts';
import { estimateOnGpu } from './estimate.ts';
import type { MeasuredGpuRates } from './measured.ts';
import type { PitfallId, PitfallText } from './pitfalls.ts';
import {
  F64_CONSUMER_RATIO,
  FIRST_CALL_SECONDS,
  MOST_OF_THE_TIME,
  PAGEABLE_SHARE,
  PITFALLS,
  PITFALL_IDS,
  TF32_CHANGE,
} from './pitfalls.ts';
import type { EstimateOptions } from './rates.ts';
import { RATE_LABELS } from './rates.ts';
import type { GpuEntry } from './types.ts';
import { hasValue } from './types.ts';

/** A pitfall that applies, with the reason it applies to this answer. */
export interface Pitfall extends PitfallText {
  id: PitfallId;
  /** Why here, with this answer's numbers. */
  why: string;
}

/** The browser-measured GPU of this machine, as far as the warnings need it. */
export interface ThisMachineGpu {
  kind: 'this-machine';
  /** FP64 ÷ FP32 rate the estimate assumes (precision.ts `gpuF64PerF32Ratio`). */
  f64PerF32Ratio: number;
  /** CPU and GPU share memory (integrated GPUs, Apple). */
  unifiedMemory: boolean;
  /** Device memory, when known (WebGPU does not report it). */
  memoryBytes?: number;
  /** Last-level GPU cache, when known. */
  l2Bytes?: number;
}

/** This machine's GPU time, split as the roofline splits it. */
export interface MachineTiming {
  kind: 'timing';
  kernelSeconds: number;
  copySeconds: number;
  launchSeconds: number;
  /** Launches plus copy latencies (the classic model has no copy latency: launches). */
  fixedSeconds: number;
  totalSeconds: number;
  /** Some kernel is bound by memory bandwidth. */
  memoryBound: boolean;
}

/** This machine's timing from its roofline (workloads/roofline.ts). */
export function machineTimingFromRoofline(gpu: GpuRoofline): MachineTiming {
  return {
    kind: 'timing',
    kernelSeconds: gpu.kernelSeconds,
    copySeconds: gpu.transferSeconds,
    launchSeconds: gpu.launchSeconds,
    fixedSeconds: gpu.launchSeconds,
    totalSeconds: gpu.totalSeconds,
    memoryBound: gpu.kernels.some((k) => k.bound === 'memory'),
  };
}

export type PitfallDevice = { kind: 'catalog'; gpu: GpuEntry; measured?: MeasuredGpuRates } | ThisMachineGpu;

export interface PitfallInput {
  dtype: Dtype;
  counts: WorkloadCounts;
  device: PitfallDevice;
  /** The device's estimate: `estimateOnGpu`'s result for a catalog GPU, the timing for this machine. */
  estimate: DeviceEstimate | MachineTiming;
  options: EstimateOptions;
}

/** The common view of a timing the rules read. */
interface Timing {
  kernelSeconds: number;
  copySeconds: number;
  launchSeconds: number;
  fixedSeconds: number;
  totalSeconds: number;
  memoryBound: boolean;
}

function timingOf(e: GpuEstimate | MachineTiming): Timing {
  if (e.kind === 'timing') return e;
  return {
    kernelSeconds: e.kernelSeconds,
    copySeconds: e.copies.seconds,
    launchSeconds: e.launches.seconds,
    fixedSeconds: e.fixedSeconds,
    totalSeconds: e.totalSeconds,
    memoryBound: e.kernels.some((k) => k.bound === 'memory'),
  };
}

/** "476 ms of 480 ms (99.2 %)". */
function share(part: number, total: number): string {
  return `${formatDuration(part)} of ${formatDuration(total)} (${formatPercent((100 * part) / total)})`;
}

/** FP64 ÷ FP32 of a catalog GPU: its plain FP64 rate over its plain FP32 rate, 0 without FP64. */
export function f64Ratio(gpu: GpuEntry): number {
  return hasValue(gpu.fp64) ? gpu.fp64.value / gpu.fp32.value : 0;
}

type Rule = (input: PitfallInput, timing: Timing | undefined) => string | undefined;

const RULES: Readonly<Record<PitfallId, Rule>> = {
  'f64-consumer': ({ dtype, device }) => {
    if (dtype !== 'f64') return undefined;
    if (device.kind === 'this-machine') {
      return device.f64PerF32Ratio <= F64_CONSUMER_RATIO
        ? `This GPU's float64 rate is taken as ${formatPercent(100 * device.f64PerF32Ratio)} of its float32 rate.`
        : undefined;
    }
    const g = device.gpu;
    if (!hasValue(g.fp64)) return `${g.name} has no FP64 hardware.`;
    const r = f64Ratio(g);
    if (r > F64_CONSUMER_RATIO) return undefined;
    return `${g.name}: FP64 ${g.fp64.value} against FP32 ${g.fp32.value} TFLOPS (1/${Math.round(1 / r)}).`;
  },
  tf32: ({ dtype, counts, device, options }, timing) => {
    if (dtype !== 'f32' || device.kind !== 'catalog' || !timing) return undefined;
    if (!hasValue(device.gpu.tf32)) return undefined;
    if (!counts.kernels.some((k) => k.kernelClass === 'matmul' || k.kernelClass === 'attention')) return undefined;
    const other = estimateOnGpu(device.gpu, counts, dtype, { ...options, tf32: !options.tf32 }, device.measured);
    if (other.kind !== 'estimate') return undefined;
    const change = Math.abs(other.totalSeconds - timing.totalSeconds) / timing.totalSeconds;
    if (!(change > TF32_CHANGE)) return undefined;
    return `With TF32 ${options.tf32 ? 'off' : 'on'} the GPU time would be ${formatDuration(other.totalSeconds)} instead of ${formatDuration(timing.totalSeconds)}.`;
  },
  sparsity: ({ estimate }) => {
    if (estimate.kind !== 'estimate') return undefined;
    const k = estimate.kernels.find(
      (x) => x.compute.basis === 'typical' && (x.compute.figure.flags ?? []).includes('sparse-halved'),
    );
    if (!k) return undefined;
    const f = k.compute.figure;
    return `${estimate.gpu.name}: the vendor quotes ${RATE_LABELS[k.compute.rateKind]} as ${f.value * 2} TFLOPS with sparsity; the estimate uses the dense ${f.value}.`;
  },
  'transfer-bound': (_, t) =>
    t && t.totalSeconds > 0 && t.copySeconds > MOST_OF_THE_TIME * t.totalSeconds
      ? `Copies take ${share(t.copySeconds, t.totalSeconds)} of the GPU time.`
      : undefined,
  'too-small': (_, t) =>
    t && t.totalSeconds > 0 && t.fixedSeconds > MOST_OF_THE_TIME * t.totalSeconds
      ? `Launches and copy latencies take ${share(t.fixedSeconds, t.totalSeconds)} of the GPU time.`
      : undefined,
  capacity: ({ device, counts, estimate }) => {
    if (estimate.kind === 'over-capacity') return estimate.capacity.sentence;
    if (device.kind !== 'this-machine' || device.memoryBytes === undefined) return undefined;
    const ws = workingSetBytes(counts);
    return ws > device.memoryBytes
      ? `The working set, ${formatBytesSi(ws)}, exceeds this GPU's ${formatBytesSi(device.memoryBytes)}.`
      : undefined;
  },
  'sync-timing': (_, t) =>
    t && t.kernelSeconds > 0 && t.kernelSeconds >= t.launchSeconds
      ? `An unsynchronized timer would see ${formatDuration(t.launchSeconds)} of launches and miss ${formatDuration(t.kernelSeconds)} of GPU work.`
      : undefined,
  'first-call': (_, t) =>
    t && t.totalSeconds < FIRST_CALL_SECONDS
      ? `The estimate, ${formatDuration(t.totalSeconds)}, is the steady state; the first call adds set-up costs of the same order or more.`
      : undefined,
  'warm-cache': ({ device, counts }, t) => {
    if (!t || !t.memoryBound) return undefined;
    const ws = workingSetBytes(counts);
    let l2: number | undefined;
    if (device.kind === 'this-machine') l2 = device.l2Bytes;
    else if (hasValue(device.gpu.l2MB)) l2 = device.gpu.l2MB.value * 1e6;
    if (l2 === undefined || ws > l2) return undefined;
    return `The working set, ${formatBytesSi(ws)}, fits in the ${formatBytesSi(l2)} L2 cache.`;
  },
  'pageable-memory': ({ device, counts, dtype, options }, t) => {
    if (options.hostMemory !== 'pageable' || !t || !(t.totalSeconds > 0)) return undefined;
    if (device.kind !== 'catalog' || device.gpu.hostLink.kind === 'unified') return undefined;
    if (!(t.copySeconds > PAGEABLE_SHARE * t.totalSeconds)) return undefined;
    const pinned = estimateOnGpu(device.gpu, counts, dtype, { ...options, hostMemory: 'pinned' }, device.measured);
    const alt =
      pinned.kind === 'estimate' ? `; from pinned memory they would take ${formatDuration(pinned.copies.seconds)}` : '';
    return `Pageable copies take ${share(t.copySeconds, t.totalSeconds)}${alt}.`;
  },
  'unified-memory': ({ device, counts }) => {
    const unified = device.kind === 'this-machine' ? device.unifiedMemory : device.gpu.hostLink.kind === 'unified';
    if (!unified || !(counts.hostBytes > 0)) return undefined;
    return `The ${formatBytesSi(counts.hostBytes)} a discrete GPU would copy over PCIe need no copy here.`;
  },
};

/**
 * The pitfalls that apply to `input`, in PITFALL_IDS order. An estimate that gives no
 * time (over capacity, unsupported type) gets only the warnings that need no time.
 */
export function pitfallsFor(input: PitfallInput): Pitfall[] {
  const e = input.estimate;
  const timing = e.kind === 'estimate' || e.kind === 'timing' ? timingOf(e) : undefined;
  const out: Pitfall[] = [];
  for (const id of PITFALL_IDS) {
    const why = RULES[id](input, timing);
    if (why !== undefined) out.push({ id, ...PITFALLS[id], why });
  }
  return out;
}
