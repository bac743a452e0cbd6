/**
 * Calibrated rates (issue #13): per-workload efficiencies learned from verifications, and
 * the rates the estimator uses with them instead of the raw measured peaks, with their
 * provenance. Small and dependency-free on purpose: the page's first paint picks rates
 * with it, while the verification code loads later. Pure.
 */
import type { MachineRates } from './precision.ts';
import type { WorkloadId } from './types.ts';

/** Where a calibrated rate set's figures came from. */
export type RateProvenance = 'measured' | 'calibrated';

/** Per-workload efficiencies learned from verifications: the estimator multiplies the roofs by them. */
export interface Calibration {
  workload: WorkloadId;
  /** Fraction of the binding roof the CPU kernel reached (cpuRoofFraction). */
  cpuEfficiency: number;
  gpuEfficiency: number;
  /** Measured host↔device bytes per second over both directions, latency included; absent when not measured. */
  transferBytesPerSecond?: number | undefined;
  /** Verifications it was learned from (their median). */
  runs: number;
}

export interface CalibratedRates {
  rates: MachineRates;
  provenance: 'calibrated';
  /** The sentence the page shows with the rates. */
  note: string;
}

/**
 * Rates the estimator can use instead of raw peaks for workloads of the calibration's
 * kind: every CPU roof (compute and memory) times the CPU efficiency, every GPU roof
 * times the GPU efficiency, so the bound stays where it was and the time becomes what
 * this kind of kernel really takes. The transfer rate becomes the measured one when known.
 */
export function calibratedRates(machine: MachineRates, cal: Calibration): CalibratedRates {
  const c = cal.cpuEfficiency;
  const g = cal.gpuEfficiency;
  const rates: MachineRates = {
    ...machine,
    cpuF32FlopsPerSecond: machine.cpuF32FlopsPerSecond * c,
    cpuF64FlopsPerSecond: machine.cpuF64FlopsPerSecond === undefined ? undefined : machine.cpuF64FlopsPerSecond * c,
    cpuMemoryBytesPerSecond: machine.cpuMemoryBytesPerSecond * c,
    cpuBandwidthCurve: machine.cpuBandwidthCurve?.map((p) => ({ ...p, bytesPerSecond: p.bytesPerSecond * c })),
    gpuF32FlopsPerSecond: machine.gpuF32FlopsPerSecond * g,
    gpuF16FlopsPerSecond: machine.gpuF16FlopsPerSecond === undefined ? undefined : machine.gpuF16FlopsPerSecond * g,
    gpuMemoryBytesPerSecond: machine.gpuMemoryBytesPerSecond * g,
    transferBytesPerSecond: cal.transferBytesPerSecond ?? machine.transferBytesPerSecond,
  };
  const pct = (f: number) => `${Math.round(f * 100)} %`;
  return {
    rates,
    provenance: 'calibrated',
    note:
      `Calibrated from ${cal.runs} verification${cal.runs === 1 ? '' : 's'} of ${cal.workload} on this machine: ` +
      `the CPU kernel reached ${pct(c)} of its roof, the GPU kernel ${pct(g)}.`,
  };
}

/** The rates an estimate uses, and where they came from. */
export interface RateChoice {
  rates: MachineRates;
  provenance: RateProvenance;
  /** When calibrated: the sentence shown with the badge. */
  note?: string;
  /** Whether a calibration exists for this workload (so the page offers to switch). */
  calibrationAvailable: boolean;
}

/** Calibrated rates when `useCalibrated` and a calibration exists, the raw (measured) peaks otherwise. */
export function chooseRates(machine: MachineRates, cal: Calibration | undefined, useCalibrated: boolean): RateChoice {
  if (!cal) return { rates: machine, provenance: 'measured', calibrationAvailable: false };
  if (!useCalibrated) return { rates: machine, provenance: 'measured', calibrationAvailable: true };
  const c = calibratedRates(machine, cal);
  return { rates: c.rates, provenance: 'calibrated', note: c.note, calibrationAvailable: true };
}
