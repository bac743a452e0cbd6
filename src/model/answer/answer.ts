/**
 * The one answer (issue #17): every place on the page that shows a result — the answer
 * card, the phone's summary bar, the copied report, a saved estimate and the comparison of
 * saved estimates — reads this one object, so the same inputs give the same figure
 * everywhere.
 *
 * The code is described in one of two ways, and both end here:
 * - a workload (matmul, elementwise, …): the roofline model (src/model/workloads), each
 *   kernel bound by compute or memory bandwidth, plus host copies and launches;
 * - "Custom": the seed page's seven fields, operations only. That is the roofline with no
 *   memory traffic counted, computed with the seed's own formulas (estimator.ts) so the
 *   page gives exactly the seed page's numbers; a unit test checks that the roofline gives
 *   the same ones.
 * Pure.
 */
import {
  breakEven as seedBreakEven,
  estimate,
  verdict as verdictInBand,
  type EstimatorInputs,
  type EstimatorOutputs,
  type Verdict,
} from '../estimator/estimator.ts';
import { KERNEL_WORDS, explainOutputs, explainVerdict, type VerdictExplained } from '../estimator/summary.ts';
import { formatGigaOps } from '../shared/format.ts';
import { sizeAxis, type SizeBreakEven } from '../workloads/break-even.ts';
import { intensityFlopsPerByte, workloadCounts } from '../workloads/counts.ts';
import type { Bound } from '../workloads/roofline.ts';
import type { WorkloadResultsView } from '../workloads/view.ts';

/** Where the GPU's time goes, in seconds: kernels split by the roof that binds them, then copies and launches. */
export interface GpuTimeSplit {
  /** Kernels bound by the compute rate. */
  compute: number;
  /** Kernels bound by device-memory bandwidth. */
  memory: number;
  /** Host ↔ device copies. */
  copies: number;
  launches: number;
}

/**
 * The size from which the GPU wins, along the description's own size axis (n for matmul,
 * elements, Giga-operations for a custom task):
 * - `finite`: from `size` on; `gigaOps` is the same point counted in operations;
 * - `always`: at every size (from `minSize`, the smallest searched, when there is one);
 * - `never`: at no size — because the GPU's rate is not above the CPU's (custom), or within
 *   the searched range up to `maxSize` (a workload).
 */
export type AnswerBreakEven =
  | { kind: 'finite'; size: number; unit: string; gigaOps: number }
  | { kind: 'always'; minSize: number | undefined; unit: string }
  | { kind: 'never'; maxSize: number | undefined; unit: string };

export interface AnswerCounts {
  flops: number;
  /** Device-memory traffic; undefined for a custom task, which counts none. */
  deviceBytes: number | undefined;
  hostBytes: number;
  launches: number;
  /** FLOPs per byte of device traffic; undefined when no traffic is counted. */
  intensity: number | undefined;
}

export interface Answer {
  mode: 'custom' | 'workload';
  /** The seed page's outputs. For a workload, `gpuComputeTime` is the kernels' time (compute- or memory-bound). */
  outputs: EstimatorOutputs;
  split: GpuTimeSplit;
  cpuBound: Bound;
  gpuBound: Bound;
  counts: AnswerCounts;
  breakEven: AnswerBreakEven;
  /** The size axis in words: 'n (square matrices, m = n = k)', 'total operations (Giga-operations)'. */
  axisLabel: string;
  verdict: VerdictExplained;
  /** The speedup's spread implied by the measured inputs' p10–p90, when some input is measured. */
  range: { low: number; high: number } | undefined;
  /** The roofline detail behind a workload's answer (charts, kernels, explanation). */
  view: WorkloadResultsView | undefined;
  /** The seven values a custom answer came from (the seed's sweep and formulas use them). */
  inputs: EstimatorInputs | undefined;
}

/** The unit of a custom task's size axis. */
export const CUSTOM_SIZE_UNIT = 'Giga-operations';

/** The answer for a custom task: the seed page's formulas, exactly. */
export function customAnswer(inputs: EstimatorInputs, range?: { low: number; high: number }): Answer {
  const out = estimate(inputs);
  const be = seedBreakEven(inputs);
  const breakEven: AnswerBreakEven =
    be.kind === 'finite'
      ? { kind: 'finite', size: be.gigaOps, unit: CUSTOM_SIZE_UNIT, gigaOps: be.gigaOps }
      : be.kind === 'always'
        ? { kind: 'always', minSize: undefined, unit: CUSTOM_SIZE_UNIT }
        : { kind: 'never', maxSize: undefined, unit: CUSTOM_SIZE_UNIT };
  return {
    mode: 'custom',
    outputs: out,
    split: { compute: out.gpuComputeTime, memory: 0, copies: out.transferTime, launches: out.kernelOverhead },
    cpuBound: 'compute',
    gpuBound: 'compute',
    counts: {
      flops: inputs.totalGigaOps * 1e9,
      deviceBytes: undefined,
      hostBytes: inputs.dataGB * 1e9,
      launches: inputs.launchCount,
      intensity: undefined,
    },
    breakEven,
    axisLabel: `total operations (${CUSTOM_SIZE_UNIT}), data and launches held fixed`,
    verdict: explainVerdict(inputs, out),
    range,
    view: undefined,
    inputs,
  };
}

/**
 * The verdict for a workload, consistent with its break-even as the seed's is (verdictFor):
 * where the GPU wins at no size the CPU's, where it wins at every size the GPU's, and the
 * ±10 % "about even" band only where the lines cross.
 */
export function verdictFromBreakEven(kind: SizeBreakEven['kind'], speedup: number): Verdict {
  if (kind === 'never') return speedup >= 1 ? 'even' : 'cpu';
  if (kind === 'always') return speedup > 1 ? 'gpu' : 'even';
  return verdictInBand(speedup);
}

/** The answer for a described workload: the roofline's, in the seed's output names. */
export function workloadAnswer(view: WorkloadResultsView, range?: { low: number; high: number }): Answer {
  const e = view.estimate;
  const r = e.roofline;
  const c = e.counts;
  let compute = 0;
  let memory = 0;
  for (const k of r.gpu.kernels) {
    if (k.bound === 'compute') compute += k.totalSeconds;
    else memory += k.totalSeconds;
  }
  const gpuTotal = r.gpu.totalSeconds;
  const outputs: EstimatorOutputs = {
    cpuTime: r.cpu.totalSeconds,
    gpuComputeTime: r.gpu.kernelSeconds,
    transferTime: r.gpu.transferSeconds,
    kernelOverhead: r.gpu.launchSeconds,
    totalOverhead: r.gpu.transferSeconds + r.gpu.launchSeconds,
    gpuTotalTime: gpuTotal,
    speedup: r.speedup,
    // The seed's definition: (operations ÷ total GPU time) ÷ the GPU's rate, in percent.
    efficiency: gpuTotal > 0 ? (c.flops / gpuTotal / r.gpu.peakFlopsPerSecond) * 100 : 100,
  };
  const be = view.breakEven;
  const breakEven: AnswerBreakEven =
    be.kind === 'finite'
      ? {
          kind: 'finite',
          size: be.size,
          unit: be.unit,
          gigaOps: workloadCounts(sizeAxis(view.workload).at(be.size)).flops / 1e9,
        }
      : be.kind === 'always'
        ? { kind: 'always', minSize: be.minSize, unit: be.unit }
        : { kind: 'never', maxSize: be.maxSize, unit: be.unit };
  return {
    mode: 'workload',
    outputs,
    split: { compute, memory, copies: r.gpu.transferSeconds, launches: r.gpu.launchSeconds },
    cpuBound: r.cpu.bound,
    gpuBound: r.gpu.bound,
    counts: {
      flops: c.flops,
      deviceBytes: c.deviceBytes,
      hostBytes: c.hostBytes,
      launches: c.launches,
      intensity: c.deviceBytes > 0 ? intensityFlopsPerByte(c) : undefined,
    },
    breakEven,
    axisLabel: view.axisLabel,
    verdict: explainOutputs(verdictFromBreakEven(be.kind, r.speedup), outputs, KERNEL_WORDS),
    range,
    view,
    inputs: undefined,
  };
}

/** "Custom task: 100 Giga-ops, 1 GB moved, 100 launches". */
export function customLabel(inputs: Pick<EstimatorInputs, 'totalGigaOps' | 'dataGB' | 'launchCount'>): string {
  const launches = `${inputs.launchCount.toLocaleString('en-US')} launch${inputs.launchCount === 1 ? '' : 'es'}`;
  return `Custom task: ${formatGigaOps(inputs.totalGigaOps)}, ${inputs.dataGB} GB moved, ${launches}`;
}
