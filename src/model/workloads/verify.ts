/**
 * Verify the estimate (issue #13): the model's prediction next to what the workload took
 * when it really ran, part by part, and what follows from the difference — achieved
 * fractions of the measured peaks, calibrated rates the estimator can use instead of raw
 * peaks, the measured break-even from a size sweep. What runs and at which size is
 * run-fit.ts. Pure: the runs themselves are in src/bench/workloads/verify.ts.
 *
 * The prediction compared here is the roofline's (`estimateWorkload`), the one the answer
 * shows: host↔device copies cost a fixed latency per direction (a queue round trip, a
 * `mapAsync`) plus bytes ÷ that direction's bandwidth, as measured on the path the runs
 * themselves use (issue #20); the classic formula's single transfer rate and no latency
 * predicts a 4 MB readback at a tenth of its time on this machine.
 */
import { headlineValue, okMetricIn, type CpuTier, type Metric } from '../bench/metrics.ts';
import { median } from '../shared/stats.ts';
import type { SizeBreakEven } from './break-even.ts';
import type { MachineRates } from './precision.ts';
import { copySeconds, estimateWorkload, type Bound } from './roofline.ts';
import { withExtraFields } from './achievable-fields.ts';
import { measuredCurves, measuredMachineFields, type MachineFieldKey } from './machine.ts';
import type { Workload, WorkloadId } from './types.ts';

export { parseVerifySpec } from './verify-spec.ts';

export { RUNNABLE_WORKLOAD_IDS, isRunnableWorkloadId, type RunnableWorkloadId } from './runnable.ts';
export { notRunnableText, type FitResult } from './run-fit.ts';

/** Per-direction transfer figures (the suite's transfer fits), base units. */
export interface TransferDetail {
  uploadBytesPerSecond: number;
  uploadLatencySeconds: number;
  readbackBytesPerSecond: number;
  readbackLatencySeconds: number;
}

/** What the model predicts for one run, split the way the run measures it, seconds. */
export interface PredictedParts {
  cpuSeconds: number;
  /** The GPU's kernels (roofline kernel time). */
  gpuComputeSeconds: number;
  uploadSeconds: number;
  readbackSeconds: number;
  launches: number;
  launchSeconds: number;
  /** gpuCompute + launch + upload + readback. */
  gpuTotalSeconds: number;
  /** cpu / gpuTotal. */
  speedup: number;
  /** The roofline's own GPU total (one transfer rate, no latency), for comparison. */
  rooflineGpuTotalSeconds: number;
  cpuBound: Bound;
  gpuBound: Bound;
  flops: number;
  deviceBytes: number;
}

/**
 * The model's prediction for `w`. Copies are the roofline's (latency + bytes ÷ rate per
 * direction, from the machine's figures); `transfer`, when given, replaces those figures.
 */
export function predictParts(w: Workload, machine: MachineRates, transfer?: TransferDetail): PredictedParts {
  const e = estimateWorkload(w, machine);
  const r = e.roofline;
  const c = e.counts;
  const copies = transfer
    ? copySeconds(c, {
        transferBytesPerSecond: transfer.uploadBytesPerSecond,
        uploadLatencySeconds: transfer.uploadLatencySeconds,
        readbackBytesPerSecond: transfer.readbackBytesPerSecond,
        readbackLatencySeconds: transfer.readbackLatencySeconds,
        copyCurves: machine.copyCurves,
      })
    : { uploadSeconds: r.gpu.uploadSeconds, readbackSeconds: r.gpu.readbackSeconds };
  const { uploadSeconds, readbackSeconds } = copies;
  const gpuTotalSeconds = r.gpu.kernelSeconds + r.gpu.launchSeconds + uploadSeconds + readbackSeconds;
  return {
    cpuSeconds: r.cpu.totalSeconds,
    gpuComputeSeconds: r.gpu.kernelSeconds,
    uploadSeconds,
    readbackSeconds,
    launches: c.launches,
    launchSeconds: r.gpu.launchSeconds,
    gpuTotalSeconds,
    speedup: gpuTotalSeconds > 0 ? r.cpu.totalSeconds / gpuTotalSeconds : 1,
    rooflineGpuTotalSeconds: r.gpu.totalSeconds,
    cpuBound: r.cpu.bound,
    gpuBound: r.gpu.bound,
    flops: c.flops,
    deviceBytes: c.deviceBytes,
  };
}

/** What one verification run measured, seconds (medians of the timed runs). */
export interface MeasuredParts {
  cpuSeconds: number;
  /** GPU kernels only (timestamps, or wall clock without them). */
  gpuComputeSeconds: number;
  uploadSeconds: number;
  readbackSeconds: number;
  launches: number;
}

/** measured / predicted − 1, in percent; NaN when there is nothing to compare. */
export function errorPercent(measured: number, predicted: number): number {
  return predicted > 0 && Number.isFinite(measured) ? (measured / predicted - 1) * 100 : Number.NaN;
}

export interface PartComparison {
  predicted: number;
  measured: number;
  /** (measured / predicted − 1) · 100. */
  errorPercent: number;
}

function part(measured: number, predicted: number): PartComparison {
  return { predicted, measured, errorPercent: errorPercent(measured, predicted) };
}

/** Measured rates and the fractions of the machine's peaks they are. */
export interface AchievedRates {
  cpuGflops: number;
  cpuGbps: number;
  gpuGflops: number;
  gpuGbps: number;
  /** Achieved ÷ the peak the model used (FLOP/s) and ÷ the memory bandwidth it used. */
  cpuFlopsFraction: number;
  cpuBandwidthFraction: number;
  gpuFlopsFraction: number;
  gpuBandwidthFraction: number;
  /**
   * Fraction of the roof that binds (predicted kernel time ÷ measured): 1 means the
   * kernel reached the roofline exactly; this is what calibration multiplies rates by.
   */
  cpuRoofFraction: number;
  gpuRoofFraction: number;
  cpuBound: Bound;
  gpuBound: Bound;
}

export interface VerificationComparison {
  cpu: PartComparison;
  gpuCompute: PartComparison;
  upload: PartComparison;
  readback: PartComparison;
  launches: PartComparison;
  /** upload + compute + readback measured against the predicted GPU total. */
  gpuTotal: PartComparison;
  /** measured GPU total / predicted − 1, a signed fraction (the `predictionError` output). */
  predictionError: number;
  /** The same against the roofline's unrefined GPU total (one transfer rate, no latency). */
  rooflinePredictionError: number;
  /** measured CPU / measured GPU total, against the predicted speedup. */
  speedup: PartComparison;
  achieved: AchievedRates;
}

/**
 * Prediction against measurement for the same workload at the same size. The measured GPU
 * total is upload + compute + readback: launch costs are inside those wall and GPU clocks.
 */
export function compareVerification(
  w: Workload,
  machine: MachineRates,
  measured: MeasuredParts,
  transfer?: TransferDetail,
): VerificationComparison {
  const p = predictParts(w, machine, transfer);
  const gpuMeasured = measured.gpuComputeSeconds + measured.uploadSeconds + measured.readbackSeconds;
  const rates = estimateWorkload(w, machine).dtypeRates.rates;
  const speedupMeasured = gpuMeasured > 0 ? measured.cpuSeconds / gpuMeasured : Number.NaN;
  const cpuGflops = p.flops / measured.cpuSeconds / 1e9;
  const cpuGbps = p.deviceBytes / measured.cpuSeconds / 1e9;
  const gpuGflops = p.flops / measured.gpuComputeSeconds / 1e9;
  const gpuGbps = p.deviceBytes / measured.gpuComputeSeconds / 1e9;
  return {
    cpu: part(measured.cpuSeconds, p.cpuSeconds),
    // The kernels' launch cost (GPU side) is inside the timestamps, so it is predicted with them.
    gpuCompute: part(measured.gpuComputeSeconds, p.gpuComputeSeconds + p.launchSeconds),
    upload: part(measured.uploadSeconds, p.uploadSeconds),
    readback: part(measured.readbackSeconds, p.readbackSeconds),
    launches: part(measured.launches, p.launches),
    gpuTotal: part(gpuMeasured, p.gpuTotalSeconds),
    predictionError: p.gpuTotalSeconds > 0 ? gpuMeasured / p.gpuTotalSeconds - 1 : Number.NaN,
    rooflinePredictionError: p.rooflineGpuTotalSeconds > 0 ? gpuMeasured / p.rooflineGpuTotalSeconds - 1 : Number.NaN,
    speedup: part(speedupMeasured, p.speedup),
    achieved: {
      cpuGflops,
      cpuGbps,
      gpuGflops,
      gpuGbps,
      cpuFlopsFraction: (cpuGflops * 1e9) / rates.cpuFlopsPerSecond,
      cpuBandwidthFraction: (cpuGbps * 1e9) / rates.cpuMemoryBytesPerSecond,
      gpuFlopsFraction: (gpuGflops * 1e9) / rates.gpuFlopsPerSecond,
      gpuBandwidthFraction: (gpuGbps * 1e9) / rates.gpuMemoryBytesPerSecond,
      cpuRoofFraction: p.cpuSeconds / measured.cpuSeconds,
      gpuRoofFraction: p.gpuComputeSeconds / measured.gpuComputeSeconds,
      cpuBound: p.cpuBound,
      gpuBound: p.gpuBound,
    },
  };
}

/** "matmul reaches 38 % of the measured f32 peak here", per device, from the bound that applies. */
export function achievedText(id: WorkloadId, a: AchievedRates): string[] {
  const pct = (f: number) => `${Math.round(f * 100)} %`;
  const side = (device: string, bound: Bound, flopsFraction: number, bwFraction: number) =>
    bound === 'compute'
      ? `${id} reaches ${pct(flopsFraction)} of the measured ${device} FLOPS peak here (compute-bound).`
      : `${id} reaches ${pct(bwFraction)} of the measured ${device} memory bandwidth here (memory-bound).`;
  return [
    side('GPU', a.gpuBound, a.gpuFlopsFraction, a.gpuBandwidthFraction),
    side('CPU', a.cpuBound, a.cpuFlopsFraction, a.cpuBandwidthFraction),
  ];
}

export { calibratedRates, type CalibratedRates, type Calibration, type RateProvenance } from './calibrated.ts';
import type { Calibration } from './calibrated.ts';

/** Median of the finite values (NaN when there are none): one run that measured nothing does not count. */
const medianOf = (xs: readonly number[]): number => median(xs.filter(Number.isFinite));

/**
 * Learn efficiencies for one workload from its verifications (the median over runs, so
 * one noisy run does not set them). Runs of other workloads are ignored: a matmul's
 * efficiency says nothing about a reduction's.
 */
export function calibrationFrom(
  workload: WorkloadId,
  runs: readonly { workload: WorkloadId; achieved: AchievedRates; hostBytes?: number; transferSeconds?: number }[],
): Calibration | undefined {
  const mine = runs.filter((r) => r.workload === workload);
  if (mine.length === 0) return undefined;
  const cpu = medianOf(mine.map((r) => r.achieved.cpuRoofFraction));
  const gpu = medianOf(mine.map((r) => r.achieved.gpuRoofFraction));
  if (!(cpu > 0 && gpu > 0)) return undefined;
  const transfer = medianOf(
    mine.flatMap((r) =>
      r.hostBytes !== undefined && r.transferSeconds !== undefined && r.transferSeconds > 0
        ? [r.hostBytes / r.transferSeconds]
        : [],
    ),
  );
  return {
    workload,
    cpuEfficiency: cpu,
    gpuEfficiency: gpu,
    transferBytesPerSecond: transfer > 0 ? transfer : undefined,
    runs: mine.length,
  };
}

/** One measured point of a size sweep. */
export interface MeasuredSweepPoint {
  size: number;
  cpuSeconds: number;
  /** GPU total: upload + compute + readback. */
  gpuSeconds: number;
}

/**
 * The measured break-even from a sweep: the first size where the GPU total drops below the
 * CPU time, interpolated log-log between the two points that bracket the crossing (where
 * log(gpu/cpu) crosses 0). Points are sorted by size first.
 */
export function measuredBreakEven(points: readonly MeasuredSweepPoint[], unit: string): SizeBreakEven | undefined {
  const ps = points
    .filter((p) => p.size > 0 && p.cpuSeconds > 0 && p.gpuSeconds > 0)
    .slice()
    .sort((a, b) => a.size - b.size);
  const first = ps[0];
  const last = ps[ps.length - 1];
  if (!first || !last) return undefined;
  const gap = (p: MeasuredSweepPoint) => Math.log(p.gpuSeconds / p.cpuSeconds);
  if (gap(first) < 0) return { kind: 'always', minSize: first.size, unit };
  for (let i = 1; i < ps.length; i++) {
    const a = ps[i - 1] as MeasuredSweepPoint;
    const b = ps[i] as MeasuredSweepPoint;
    if (gap(b) < 0) {
      const ga = gap(a);
      const gb = gap(b);
      const t = ga / (ga - gb);
      const size = Math.exp(Math.log(a.size) + t * (Math.log(b.size) - Math.log(a.size)));
      return { kind: 'finite', size: Math.max(a.size, Math.min(b.size, Math.round(size))), unit };
    }
  }
  return { kind: 'never', maxSize: last.size, unit };
}

/**
 * The machine rates and transfer detail a run's metrics give, for verifying under Node
 * (the page takes them from its fields, filled from the same metrics by the same rules:
 * `measuredMachineFields`). Undefined when a rate the roofline needs is missing. The
 * launch cost is the GPU-side per-dispatch cost: launches are inside the timed pass, the
 * round trip is inside the transfers' wall clock. The copies and the achievable figures
 * per kernel class are the run's (issue #20): the path the workload runs use, the classes
 * its kernels reached.
 */
export function verifyRatesFromMetrics(
  metrics: readonly Metric[],
  cpuTier: CpuTier = 'simdAll',
): { machine: MachineRates; transfer: TransferDetail | undefined } | undefined {
  const v = (id: Parameters<typeof okMetricIn>[1]) => {
    const m = okMetricIn(metrics, id);
    return m ? headlineValue(m) : undefined;
  };
  const cpuGflops = v(`cpu.${cpuTier}.gflops` as Parameters<typeof okMetricIn>[1]);
  const gpuGflops = v('gpu.f32.gflops');
  const gpuMem = v('gpu.device.gbps');
  const up = v('gpu.copy.upload.gbps') ?? v('gpu.upload.gbps');
  const dispatchUs = v('gpu.dispatch.us');
  const fields = measuredMachineFields(metrics, cpuTier);
  const cpuMem = fields.cpuMemGBps?.value;
  if ([cpuGflops, gpuGflops, cpuMem, gpuMem, up].some((x) => x === undefined || !(x > 0))) return undefined;
  const values = Object.fromEntries(Object.values(fields).map((f) => [f.key, f.value])) as Partial<
    Record<MachineFieldKey, number>
  >;
  const base: MachineRates = {
    cpuF32FlopsPerSecond: (cpuGflops as number) * 1e9,
    cpuMemoryBytesPerSecond: (cpuMem as number) * 1e9,
    cpuBandwidthCurve: fields.cpuMemGBps?.curve,
    gpuF32FlopsPerSecond: (gpuGflops as number) * 1e9,
    gpuF64PerF32Ratio: 1 / 32,
    gpuMemoryBytesPerSecond: (gpuMem as number) * 1e9,
    transferBytesPerSecond: (up as number) * 1e9,
    launchOverheadSeconds: (dispatchUs ?? 0) / 1e6,
  };
  const machine = withExtraFields(
    base,
    {
      ...values,
      cpuCallUs: values.cpuCallUs ?? 0,
      cpuCall1Us: values.cpuCall1Us ?? 0,
      uploadLatencyMs: values.uploadLatencyMs ?? 0,
      readbackLatencyMs: values.readbackLatencyMs ?? 0,
    },
    measuredCurves(fields),
  );
  // Per-direction figures: the runs' own copy path; a run made before it had one, the suite's transfer fits.
  const upLat = values.uploadLatencyMs ?? v('gpu.upload.latency.ms');
  const back = values.readbackGBps ?? v('gpu.readback.gbps');
  const backLat = values.readbackLatencyMs ?? v('gpu.readback.latency.ms');
  const transfer =
    upLat !== undefined && back !== undefined && backLat !== undefined && back > 0
      ? {
          uploadBytesPerSecond: machine.transferBytesPerSecond,
          uploadLatencySeconds: upLat / 1e3,
          readbackBytesPerSecond: back * 1e9,
          readbackLatencySeconds: backLat / 1e3,
        }
      : undefined;
  return { machine, transfer };
}

/** Median of |predictionError| over verifications, for the compare view and BENCHMARKS.md. */
export function medianAbsoluteError(errors: readonly number[]): number {
  return medianOf(errors.map(Math.abs));
}

/**
 * The crossover chart's aligned columns with measured points added: the x column becomes
 * the union of both size sets, every existing series gets null where it has no point
 * (drawn with spanGaps), and two columns follow: measured CPU and measured GPU seconds.
 */
export function withMeasuredColumns(
  data: readonly (readonly (number | null)[])[],
  measured: readonly MeasuredSweepPoint[],
): (number | null)[][] {
  const xs = (data[0] ?? []) as readonly number[];
  const all = [...new Set([...xs, ...measured.map((p) => p.size)])].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const at = new Map(measured.map((p) => [p.size, p]));
  const columns: (number | null)[][] = [all];
  for (const series of data.slice(1)) {
    columns.push(all.map((x) => (index.has(x) ? (series[index.get(x) as number] ?? null) : null)));
  }
  columns.push(all.map((x) => at.get(x)?.cpuSeconds ?? null));
  columns.push(all.map((x) => at.get(x)?.gpuSeconds ?? null));
  return columns;
}
