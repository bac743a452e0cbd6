/**
 * Run a workload for real and set it against the model (issue #13): the GPU side through
 * the WebGPU workload kernels (./gpu), the CPU side through the Wasm SIMD kernels on all
 * cores (./cpu), at the user's size or, when that would not fit the adapter or the time
 * budget, at the largest size that does (and the result says so). Optionally a
 * log-spaced size sweep for the measured crossover. Every kernel output is checked
 * against a CPU reference inside the kernels; a mismatch, a lost device, a timeout or a
 * cancel ends the run with a `VerifyError` of that kind, never with a number.
 *
 * Takes a GPUDevice and a CPU tier environment, so the same code runs in the page and
 * under Node with Dawn; the runners are injectable for tests with a fake device.
 */
import { errorMessage } from '../../model/shared/errors.ts';
import { breakEvenSize, sizeAxis, type SizeBreakEven } from '../../model/workloads/break-even.ts';
import type { MachineRates } from '../../model/workloads/precision.ts';
import type { Workload } from '../../model/workloads/types.ts';
import {
  DEFAULT_BUDGET_SECONDS,
  fitToBudget,
  notRunnableText,
  runnableForm,
  sweepSizes,
  type FitResult,
  type RunLimits,
} from '../../model/workloads/run-fit.ts';
import { isRunnableWorkloadId } from '../../model/workloads/runnable.ts';
import {
  compareVerification,
  measuredBreakEven,
  predictParts,
  type MeasuredParts,
  type MeasuredSweepPoint,
  type PredictedParts,
  type TransferDetail,
  type VerificationComparison,
} from '../../model/workloads/verify.ts';
import { GpuBenchError } from '../gpu/errors.ts';
import { TierError, type CpuTierEnv } from '../cpu/runner.ts';
import { runCpuWorkload, type CpuWorkload, type CpuWorkloadOptions, type CpuWorkloadResult } from './cpu/run.ts';
import type { GpuWorkloadOptions, GpuWorkloadResult, WorkloadShaders } from './gpu/common.ts';
import { runElementwiseGpu } from './kinds/elementwise/gpu.ts';
import { runMatmulGpu } from './kinds/matmul/gpu.ts';
import { runReductionGpu } from './kinds/reduction/gpu.ts';
import { runSoftmaxGpu } from './kinds/softmax/gpu.ts';

/** Why a verification stopped without a result. */
export type VerifyErrorKind =
  'cancelled' | 'timeout' | 'device-lost' | 'mismatch' | 'not-runnable' | 'out-of-memory' | 'failed';

export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  constructor(
    readonly kind: VerifyErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Map the kernels' errors to one kind the UI and the CLI can show. */
export function toVerifyError(e: unknown, side: 'GPU' | 'CPU'): VerifyError {
  if (e instanceof VerifyError) return e;
  const text = errorMessage(e);
  if (e instanceof GpuBenchError) {
    const kind: VerifyErrorKind =
      e.kind === 'cancelled'
        ? 'cancelled'
        : e.kind === 'timeout'
          ? 'timeout'
          : e.kind === 'device-lost'
            ? 'device-lost'
            : e.kind === 'mismatch'
              ? 'mismatch'
              : e.kind === 'out-of-memory'
                ? 'out-of-memory'
                : 'failed';
    return new VerifyError(kind, kind === 'cancelled' ? 'Cancelled.' : `GPU: ${text}`);
  }
  if (e instanceof TierError) {
    const kind: VerifyErrorKind =
      e.kind === 'cancelled'
        ? 'cancelled'
        : e.kind === 'timeout'
          ? 'timeout'
          : (e.kind as string) === 'invalid'
            ? 'mismatch'
            : 'failed';
    return new VerifyError(kind, kind === 'cancelled' ? 'Cancelled.' : `CPU: ${text}`);
  }
  return new VerifyError('failed', `${side}: ${text}`);
}

export type GpuRunner = (device: GPUDevice, w: CpuWorkload, opts: GpuWorkloadOptions) => Promise<GpuWorkloadResult>;
export type CpuRunner = (env: CpuTierEnv, w: CpuWorkload, opts: CpuWorkloadOptions) => Promise<CpuWorkloadResult>;

/** The real GPU kernels, by workload. */
export const runGpuKernel: GpuRunner = (device, w, opts) => {
  switch (w.kind) {
    case 'matmul':
      return runMatmulGpu(device, { m: w.m, n: w.n, k: w.k }, opts);
    case 'elementwise':
      return runElementwiseGpu(device, { elements: w.elements }, opts);
    case 'reduction':
      return runReductionGpu(device, { elements: w.elements }, opts);
    case 'softmax':
      return runSoftmaxGpu(device, { rows: w.rows, cols: w.cols }, opts);
  }
};

export interface VerifyEnv {
  device: GPUDevice;
  shaders: WorkloadShaders;
  cpu: CpuTierEnv;
  /** Default: the real kernels (tests pass fakes). */
  runGpu?: GpuRunner;
  runCpu?: CpuRunner;
  now?: () => number;
}

export interface VerifyProgress {
  /** 0…1. */
  fraction: number;
  /** What runs now, in words. */
  step: string;
}

export interface VerifyOptions {
  /** Rates the prediction uses (the page's fields, or the CLI's suite run). */
  machine: MachineRates;
  /** Per-direction transfer fits, when measured: the prediction then includes transfer latency. */
  transfer?: TransferDetail | undefined;
  /** Per side, for the run at the user's size (all its timed runs together), s. Default 2. */
  budgetSeconds?: number;
  /** Timed runs per side after one warm-up (default 3). */
  runs?: number;
  /** Also sweep sizes for the measured crossover (default false). */
  sweep?: boolean;
  /** Per side, for the whole sweep, s (default 2 × budgetSeconds). */
  sweepBudgetSeconds?: number;
  /** Longest wait for any one GPU call or worker reply, ms (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: VerifyProgress) => void;
  /** Skip the probe that corrects the budget for a model that misses (default: probe). */
  noProbe?: boolean;
}

/** One sweep point: measured and predicted times at one size. */
export interface SweepPoint extends MeasuredSweepPoint {
  predictedCpuSeconds: number;
  predictedGpuSeconds: number;
}

export interface VerifySweep {
  points: SweepPoint[];
  measuredBreakEven: SizeBreakEven | undefined;
  predictedBreakEven: SizeBreakEven;
  unit: string;
}

export interface VerifyResult {
  /** What the user asked for. */
  requested: Workload;
  /** What ran (f32, one batch, a*b+c, possibly scaled down). */
  ran: Workload;
  fit: FitResult;
  /** Sentences on what differs from the request. */
  notes: string[];
  prediction: PredictedParts;
  measured: MeasuredParts;
  comparison: VerificationComparison;
  gpu: Pick<
    GpuWorkloadResult,
    'timer' | 'samples' | 'computeSamples' | 'validated' | 'uploadBytes' | 'readbackBytes'
  > & {
    variant?: string | undefined;
  };
  cpu: Pick<CpuWorkloadResult, 'threads' | 'flavor' | 'checked' | 'samples' | 'validated'>;
  sweep?: VerifySweep | undefined;
  durationMs: number;
}

/** The kernels' size description for a runnable workload. */
export function kernelSize(w: Workload): CpuWorkload {
  switch (w.id) {
    case 'matmul':
      return { kind: 'matmul', m: w.shape.m, n: w.shape.n, k: w.shape.k };
    case 'elementwise':
      return { kind: 'elementwise', elements: w.shape.elements };
    case 'reduction':
      return { kind: 'reduction', elements: w.shape.elements };
    case 'softmax':
      return { kind: 'softmax', rows: w.shape.rows, cols: w.shape.cols };
    default:
      throw new VerifyError('not-runnable', notRunnableText(w.id));
  }
}

/** The device's limits that decide what fits. */
export function deviceRunLimits(device: GPUDevice): RunLimits {
  return {
    maxBindingBytes: Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize),
    maxWorkgroupsPerDimension: device.limits.maxComputeWorkgroupsPerDimension,
  };
}

/** A probe's predicted time per side: small enough that a model 100× optimistic still costs well under a second. */
const PROBE_FRACTION = 1 / 1000;

interface SideFactors {
  cpu: number;
  gpu: number;
}

/**
 * Run a workload on both sides and compare with the model. Throws `VerifyError`.
 */
export async function verifyWorkload(env: VerifyEnv, workload: Workload, opts: VerifyOptions): Promise<VerifyResult> {
  const now = env.now ?? (() => performance.now());
  const started = now();
  const runGpu = env.runGpu ?? runGpuKernel;
  const runCpu = env.runCpu ?? runCpuWorkload;
  const signal = opts.signal;
  const runs = Math.max(1, opts.runs ?? 3);
  const budget = opts.budgetSeconds ?? DEFAULT_BUDGET_SECONDS;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const progress = (fraction: number, step: string) => opts.onProgress?.({ fraction, step });
  const checkAbort = () => {
    if (signal?.aborted) throw new VerifyError('cancelled', 'Cancelled.');
  };
  if (!isRunnableWorkloadId(workload.id)) throw new VerifyError('not-runnable', notRunnableText(workload.id));
  const { workload: runnable, notes } = runnableForm(workload);
  const limits = deviceRunLimits(env.device);

  /** Both sides at `w`; `n` timed runs each. */
  const measure = async (w: Workload, n: number, label: string, at: number, span: number) => {
    checkAbort();
    const size = kernelSize(w);
    progress(at, `GPU: ${label}`);
    let gpu: GpuWorkloadResult;
    try {
      gpu = await runGpu(env.device, size, {
        shaders: env.shaders,
        runs: n,
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      throw toVerifyError(e, 'GPU');
    }
    checkAbort();
    progress(at + span / 2, `CPU: ${label}`);
    let cpu: CpuWorkloadResult;
    try {
      cpu = await runCpu(env.cpu, size, { runs: n, timeoutMs, ...(signal ? { signal } : {}) });
    } catch (e) {
      throw toVerifyError(e, 'CPU');
    }
    checkAbort();
    return { gpu, cpu };
  };

  // Probe: a small size, one timed run, to learn how far off the model is before picking a size.
  let factors: SideFactors = { cpu: 1, gpu: 1 };
  const predicted = (w: Workload) => predictParts(w, opts.machine, opts.transfer);
  const axis = sizeAxis(runnable);
  const full = predicted(runnable);
  const fullMax = Math.max(full.cpuSeconds, full.gpuTotalSeconds);
  if (!opts.noProbe && fullMax > budget * PROBE_FRACTION * 10) {
    const probeFit = fitToBudget(
      runnable,
      (w) => {
        const p = predicted(w);
        return { cpuSeconds: p.cpuSeconds, gpuSeconds: p.gpuTotalSeconds };
      },
      { budgetSeconds: budget * PROBE_FRACTION, limits },
    );
    const probe = await measure(probeFit.workload, 1, `probe at ${fmtSize(probeFit.size)} ${axis.unit}`, 0, 0.1);
    const p = predicted(probeFit.workload);
    const gpuTotal = probe.gpu.computeSeconds + probe.gpu.uploadSeconds + probe.gpu.readbackSeconds;
    factors = {
      // Never trust a probe to make the budget looser than the model by more than 2×.
      cpu: Math.max(0.5, probe.cpu.seconds / Math.max(p.cpuSeconds, 1e-9)),
      gpu: Math.max(0.5, gpuTotal / Math.max(p.gpuTotalSeconds, 1e-9)),
    };
  }
  // One run's time per side within budget ÷ (runs + warm-up).
  const fit = fitToBudget(
    runnable,
    (w) => {
      const p = predicted(w);
      return { cpuSeconds: p.cpuSeconds * factors.cpu, gpuSeconds: p.gpuTotalSeconds * factors.gpu };
    },
    { budgetSeconds: budget / (runs + 1), limits },
  );
  if (fit.scaledDown) {
    notes.push(
      `Scaled down to ${fmtSize(fit.size)} ${axis.unit} (asked for ${fmtSize(fit.requestedSize)}): ${fit.reason}. ` +
        'Compared with the model at the size that ran.',
    );
  }
  const sweepShare = opts.sweep ? 0.5 : 0;
  const main = await measure(fit.workload, runs, `${fmtSize(fit.size)} ${axis.unit}`, 0.1, 0.9 - sweepShare);
  const measured: MeasuredParts = {
    cpuSeconds: main.cpu.seconds,
    gpuComputeSeconds: main.gpu.computeSeconds,
    uploadSeconds: main.gpu.uploadSeconds,
    readbackSeconds: main.gpu.readbackSeconds,
    launches: main.gpu.launches,
  };
  const comparison = compareVerification(fit.workload, opts.machine, measured, opts.transfer);

  let sweep: VerifySweep | undefined;
  if (opts.sweep) {
    // Learn from the main run: the sweep's sizes are chosen against what this machine did.
    const p = predicted(fit.workload);
    factors = {
      cpu: Math.max(0.5, measured.cpuSeconds / Math.max(p.cpuSeconds, 1e-9)),
      gpu: Math.max(0.5, comparison.gpuTotal.measured / Math.max(p.gpuTotalSeconds, 1e-9)),
    };
    sweep = await runSweep(fit, factors, 0.1 + (0.9 - sweepShare), sweepShare);
  }
  progress(1, 'done');
  return {
    requested: workload,
    ran: fit.workload,
    fit,
    notes,
    prediction: predicted(fit.workload),
    measured,
    comparison,
    gpu: {
      timer: main.gpu.timer,
      samples: main.gpu.samples,
      computeSamples: main.gpu.computeSamples,
      validated: main.gpu.validated,
      uploadBytes: main.gpu.uploadBytes,
      readbackBytes: main.gpu.readbackBytes,
      variant: main.gpu.variant,
    },
    cpu: {
      threads: main.cpu.threads,
      flavor: main.cpu.flavor,
      checked: main.cpu.checked,
      samples: main.cpu.samples,
      validated: main.cpu.validated,
    },
    sweep,
    durationMs: now() - started,
  };

  async function runSweep(fitted: FitResult, f: SideFactors, at: number, span: number): Promise<VerifySweep> {
    const sweepBudget = opts.sweepBudgetSeconds ?? 2 * budget;
    const top = fitted.size;
    // matmul's work grows as n³: 1.5 decades of n is 4.5 decades of work.
    const bottom = runnable.id === 'matmul' ? Math.max(8, Math.round(top / 32)) : Math.max(1, Math.round(top / 1000));
    const sizes = sweepSizes(bottom, top, runnable.id === 'matmul' ? 3 : 2).filter((s) => s < top);
    const sweepRuns = 2;
    const points: SweepPoint[] = [];
    let spentCpu = 0;
    let spentGpu = 0;
    for (const [i, size] of sizes.entries()) {
      const w = sizeAxis(fitted.workload).at(size);
      const p = predicted(w);
      const cost = (sweepRuns + 1) * Math.max(p.cpuSeconds * f.cpu, p.gpuTotalSeconds * f.gpu);
      if (spentCpu + cost > sweepBudget || spentGpu + cost > sweepBudget) break;
      const r = await measure(w, sweepRuns, `sweep ${fmtSize(size)} ${axis.unit}`, at + (span * i) / sizes.length, 0);
      const gpuSeconds = r.gpu.computeSeconds + r.gpu.uploadSeconds + r.gpu.readbackSeconds;
      spentCpu += (sweepRuns + 1) * r.cpu.seconds;
      spentGpu += (sweepRuns + 1) * gpuSeconds;
      points.push({
        size,
        cpuSeconds: r.cpu.seconds,
        gpuSeconds,
        predictedCpuSeconds: p.cpuSeconds,
        predictedGpuSeconds: p.gpuTotalSeconds,
      });
    }
    const mainPredicted = predicted(fitted.workload);
    points.push({
      size: top,
      cpuSeconds: measured.cpuSeconds,
      gpuSeconds: comparison.gpuTotal.measured,
      predictedCpuSeconds: mainPredicted.cpuSeconds,
      predictedGpuSeconds: mainPredicted.gpuTotalSeconds,
    });
    const unit = sizeAxis(fitted.workload).unit;
    return {
      points,
      measuredBreakEven: measuredBreakEven(points, unit),
      predictedBreakEven: breakEvenSize(fitted.workload, opts.machine),
      unit,
    };
  }
}

function fmtSize(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}
