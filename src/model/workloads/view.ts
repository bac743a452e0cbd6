/**
 * Everything the workload results show, computed once per render from a valid workload
 * and the machine's rates: the estimate, the size axis, the break-even along it, the
 * crossover sweep and its break-even mark. Pure.
 */
import {
  breakEvenPoint,
  breakEvenSize,
  sizeAxis,
  sizeSweep,
  type SizeBreakEven,
  type SizeSweepPoint,
} from './break-even.ts';
import type { MachineRates } from './precision.ts';
import { estimateWorkload, type WorkloadEstimate } from './roofline.ts';
import type { Workload } from './types.ts';

export interface WorkloadResultsView {
  workload: Workload;
  machine: MachineRates;
  estimate: WorkloadEstimate;
  /** The size axis in words, e.g. 'n (square matrices, m = n = k)'. */
  axisLabel: string;
  breakEven: SizeBreakEven;
  sweep: SizeSweepPoint[];
  breakEvenPoint: SizeSweepPoint | undefined;
}

/** Sweep points per decade: enough for the bend where a kernel changes roof. */
const SWEEP_PER_DECADE = 8;

export function workloadResultsView(workload: Workload, machine: MachineRates): WorkloadResultsView {
  const estimate = estimateWorkload(workload, machine);
  const axis = sizeAxis(workload);
  const breakEven = breakEvenSize(workload, machine);
  return {
    workload,
    machine,
    estimate,
    axisLabel: axis.label,
    breakEven,
    sweep: sizeSweep(workload, machine, { perDecade: SWEEP_PER_DECADE }),
    breakEvenPoint: breakEvenPoint(workload, machine, breakEven),
  };
}
