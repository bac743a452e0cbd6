/**
 * What the history keeps of a verification (issue #13): the workload, the size asked for
 * and the size that ran, the model's prediction and the measurement part by part, the
 * prediction error, the achieved rates and fractions of the peaks, and where it ran
 * (browser, adapter), so verifications on different machines and browsers compare and
 * later estimates of the same workload kind on this machine can use calibrated rates.
 *
 * The body carries its own version (VERIFICATION_SCHEMA_VERSION); the record envelope is
 * records.ts's. Pure: no DOM, no IndexedDB; validation is in validate.ts.
 */
import { median } from '../shared/stats.ts';
import { sizeAxis, type SizeBreakEven } from '../workloads/break-even.ts';
import { workloadLabel } from '../workloads/saved.ts';
import type { Calibration } from '../workloads/calibrated.ts';
import { RUNNABLE_WORKLOAD_IDS, type RunnableWorkloadId } from '../workloads/runnable.ts';
import type { FitResult } from '../workloads/run-fit.ts';
import {
  calibrationFrom,
  medianAbsoluteError,
  type AchievedRates,
  type MeasuredParts,
  type PredictedParts,
  type VerificationComparison,
} from '../workloads/verify.ts';
import type { Workload, WorkloadId } from '../workloads/types.ts';

export { chooseRates, type RateChoice } from '../workloads/calibrated.ts';

/** What a summary reads of a verification's result (the bench's VerifyResult has all of it). */
export interface VerificationResultLike {
  requested: Workload;
  ran: Workload;
  fit: Pick<FitResult, 'size' | 'requestedSize' | 'scaledDown'>;
  prediction: PredictedParts;
  measured: MeasuredParts;
  comparison: VerificationComparison;
  gpu: { uploadBytes: number; readbackBytes: number };
  sweep?: { measuredBreakEven: SizeBreakEven | undefined } | undefined;
}

/**
 * Version of the verification body. Bump it when the body changes and add a step to
 * `VERIFICATION_MIGRATIONS` in records.ts. 1 = the shape below.
 */
export const VERIFICATION_SCHEMA_VERSION = 1;

/** One side of the comparison, seconds (launches a count, speedup a ratio). */
export interface VerificationTimes {
  cpuSeconds: number;
  gpuComputeSeconds: number;
  uploadSeconds: number;
  readbackSeconds: number;
  /** upload + compute + readback (+ launches, predicted). */
  gpuTotalSeconds: number;
  speedup: number;
  launches: number;
}

/** Where a verification ran, for comparing machines and browsers. */
export interface VerificationEnvironment {
  userAgent: string;
  /** The adapter in words ("Google SwiftShader"), '' when unknown. */
  adapter: string;
  /** 'timestamp-query' or 'wall-clock'. */
  gpuTimer: string;
  cpuThreads: number;
}

export interface VerificationSummary {
  schemaVersion: typeof VERIFICATION_SCHEMA_VERSION;
  workload: RunnableWorkloadId;
  /** The requested workload in words ("matmul 256×256×256 f32"). */
  label: string;
  /** The size axis's unit ("n", "elements", "rows"). */
  sizeUnit: string;
  requestedSize: number;
  ranSize: number;
  scaledDown: boolean;
  predicted: VerificationTimes;
  measured: VerificationTimes;
  /** measured / predicted GPU total − 1, a signed fraction. */
  predictionError: number;
  /** Achieved rates and fractions of the peaks the model used ("kept with the run"). */
  achieved: AchievedRates;
  /** Host↔device bytes of one run (upload + readback), for the calibrated transfer rate. */
  hostBytes: number;
  /** After a sweep with a finite crossing. */
  measuredBreakEvenSize?: number;
  environment: VerificationEnvironment;
}

const timesList = (t: VerificationTimes): number[] => [
  t.cpuSeconds,
  t.gpuComputeSeconds,
  t.uploadSeconds,
  t.readbackSeconds,
  t.gpuTotalSeconds,
  t.speedup,
  t.launches,
];

/** A verification's summary for the history; undefined when a figure is not finite (nothing to keep). */
export function verificationSummary(
  result: VerificationResultLike,
  environment: VerificationEnvironment,
): VerificationSummary | undefined {
  const c = result.comparison;
  const p = result.prediction;
  const m = result.measured;
  const gpuMeasured = c.gpuTotal.measured;
  const summary: VerificationSummary = {
    schemaVersion: VERIFICATION_SCHEMA_VERSION,
    workload: result.ran.id,
    label: workloadLabel(result.requested),
    sizeUnit: sizeAxis(result.ran).unit,
    requestedSize: result.fit.requestedSize,
    ranSize: result.fit.size,
    scaledDown: result.fit.scaledDown,
    predicted: {
      cpuSeconds: p.cpuSeconds,
      gpuComputeSeconds: p.gpuComputeSeconds,
      uploadSeconds: p.uploadSeconds,
      readbackSeconds: p.readbackSeconds,
      gpuTotalSeconds: p.gpuTotalSeconds,
      speedup: p.speedup,
      launches: p.launches,
    },
    measured: {
      cpuSeconds: m.cpuSeconds,
      gpuComputeSeconds: m.gpuComputeSeconds,
      uploadSeconds: m.uploadSeconds,
      readbackSeconds: m.readbackSeconds,
      gpuTotalSeconds: gpuMeasured,
      speedup: c.speedup.measured,
      launches: m.launches,
    },
    predictionError: c.predictionError,
    achieved: { ...c.achieved },
    hostBytes: result.gpu.uploadBytes + result.gpu.readbackBytes,
    environment: { ...environment },
  };
  const be = result.sweep?.measuredBreakEven;
  if (be?.kind === 'finite') summary.measuredBreakEvenSize = be.size;
  const numbers: number[] = [
    ...timesList(summary.predicted),
    ...timesList(summary.measured),
    summary.predictionError,
    summary.hostBytes,
    ...Object.values(summary.achieved).filter((x): x is number => typeof x === 'number'),
  ];
  return numbers.every(Number.isFinite) ? summary : undefined;
}

/** The same machine and browser: the same user agent and adapter. */
export function sameEnvironment(a: VerificationEnvironment, b: VerificationEnvironment): boolean {
  return a.userAgent === b.userAgent && a.adapter === b.adapter;
}

/**
 * Efficiencies for workloads of `workload`'s kind from the verifications saved on this
 * machine (`here`: same browser and adapter); undefined when there are none.
 */
export function calibrationFromHistory(
  workload: WorkloadId,
  verifications: readonly { verification: VerificationSummary }[],
  here?: VerificationEnvironment,
): Calibration | undefined {
  const mine = verifications
    .map((v) => v.verification)
    .filter((v) => v.workload === workload && (here === undefined || sameEnvironment(v.environment, here)));
  return calibrationFrom(
    workload,
    mine.map((v) => ({
      workload: v.workload,
      achieved: v.achieved,
      hostBytes: v.hostBytes,
      transferSeconds: v.measured.uploadSeconds + v.measured.readbackSeconds,
    })),
  );
}

/** Calibrations for every runnable workload kind that has verifications here (for the page's estimator). */
export function calibrationsFromHistory(
  verifications: readonly { verification: VerificationSummary }[],
  here: VerificationEnvironment,
): Map<WorkloadId, Calibration> {
  const out = new Map<WorkloadId, Calibration>();
  for (const id of RUNNABLE_WORKLOAD_IDS) {
    const cal = calibrationFromHistory(id, verifications, here);
    if (cal) out.set(id, cal);
  }
  return out;
}

/** Prediction error of verifications of one workload in one environment. */
export interface WorkloadErrorCell {
  environment: string;
  runs: number;
  /** Median of the signed errors (fractions). */
  medianError: number;
  /** Median of |error|. */
  medianAbsError: number;
}

export interface WorkloadErrorRow {
  workload: RunnableWorkloadId;
  runs: number;
  medianAbsError: number;
  cells: WorkloadErrorCell[];
}

/**
 * Prediction error per workload (the compare view): one row per workload kind, one cell
 * per environment (`envLabel` of it: adapter and browser), each with the median error
 * over its verifications. Workloads and environments in order of first appearance.
 */
export function predictionErrorByWorkload(
  verifications: readonly { verification: VerificationSummary }[],
  envLabel: (e: VerificationEnvironment) => string,
): WorkloadErrorRow[] {
  const rows = new Map<RunnableWorkloadId, Map<string, number[]>>();
  for (const { verification: v } of verifications) {
    if (!Number.isFinite(v.predictionError)) continue;
    const row = rows.get(v.workload) ?? new Map<string, number[]>();
    rows.set(v.workload, row);
    const key = envLabel(v.environment);
    row.set(key, [...(row.get(key) ?? []), v.predictionError]);
  }
  return [...rows].map(([workload, cells]) => {
    const all = [...cells.values()].flat();
    return {
      workload,
      runs: all.length,
      medianAbsError: medianAbsoluteError(all),
      cells: [...cells].map(([environment, errors]) => ({
        environment,
        runs: errors.length,
        medianError: median(errors),
        medianAbsError: medianAbsoluteError(errors),
      })),
    };
  });
}
