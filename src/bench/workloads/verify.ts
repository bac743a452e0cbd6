/**
 * Run a workload for real and set it against the model (issue #13): the GPU side through
 * the kind's WebGPU kernels, the CPU side through its Wasm SIMD kernels on all cores (both
 * in kinds/<kind>/), in the data type asked for (a device that cannot run it is said
 * plainly and not run), at the user's size or, when that would not fit the adapter or the
 * time budget, at the largest size that does (and the result says so). Optionally a
 * log-spaced size sweep for the measured crossover. Every kernel output is checked
 * against a CPU reference inside the kernels; a mismatch, a lost device, a timeout or a
 * cancel ends the run with a `VerifyError` of that kind, never with a number.
 *
 * Takes a GPUDevice and a worker environment, so the same code runs in the page and
 * under Node with Dawn; the runners are injectable for tests with a fake device.
 */
import { breakEvenSize, sizeAxis, type SizeBreakEven } from '../../model/workloads/break-even.ts';
import type { MachineRates } from '../../model/workloads/precision.ts';
import type { Workload } from '../../model/workloads/kinds/index.ts';
import {
  DEFAULT_BUDGET_SECONDS,
  fitToBudget,
  notRunnableText,
  runSides,
  ranNotesFor,
  runnableForm,
  shapeNotRunnableText,
  sweepSizesFor,
  type FitResult,
  type RunLimits,
  type RunSides,
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
import type { WorkerEnv } from '../workers/channel.ts';
import { runCpuWorkload, type CpuWorkloadOptions, type CpuWorkloadResult } from './cpu/run.ts';
import { runGpuKernel, type GpuWorkloadOptions, type GpuWorkloadResult, type WorkloadShaders } from './gpu/run.ts';
import type { GpuDtype } from './gpu/shader.ts';
import { VerifyError, toVerifyError } from './errors.ts';
import { benchKind } from './kinds/index.ts';

export { VerifyError, toVerifyError, type VerifyErrorKind } from './errors.ts';

export type GpuRunner = (
  device: GPUDevice,
  w: Workload,
  dtype: GpuDtype,
  opts: GpuWorkloadOptions,
) => Promise<GpuWorkloadResult>;
export type CpuRunner = (env: WorkerEnv, w: Workload, opts: CpuWorkloadOptions) => Promise<CpuWorkloadResult>;

/** The real GPU kernels: the kind's GPU part. */
export const runGpuKernels: GpuRunner = (device, w, dtype, opts) => {
  if (!isRunnableWorkloadId(w.id)) throw new VerifyError('not-runnable', notRunnableText(w.id));
  return runGpuKernel(device, w.id, benchKind(w.id).gpu, w, dtype, opts);
};

export interface VerifyEnv {
  device: GPUDevice;
  shaders: WorkloadShaders;
  cpu: WorkerEnv;
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
  /** Also sweep sizes for the measured crossover (default false; needs both devices). */
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

/** What the GPU side reports: its run, or why it did not run (`ran: false`, times NaN). */
export interface VerifyGpuSide extends Pick<
  GpuWorkloadResult,
  'samples' | 'computeSamples' | 'uploadBytes' | 'readbackBytes'
> {
  ran: boolean;
  timer: GpuWorkloadResult['timer'] | 'not run';
  validated: boolean;
  variant?: string | undefined;
}

/** What the CPU side reports: its run, or why it did not run. */
export interface VerifyCpuSide extends Pick<CpuWorkloadResult, 'threads' | 'checked' | 'checkedRuns' | 'samples'> {
  ran: boolean;
  flavor: CpuWorkloadResult['flavor'] | 'not run';
  validated: boolean;
}

export interface VerifyResult {
  /** What the user asked for. */
  requested: Workload;
  /** What ran (one batch, a*b+c, possibly scaled down), in the type asked for. */
  ran: Workload;
  fit: FitResult;
  /** Which devices ran it, and why a device did not. */
  sides: RunSides;
  /** Sentences on what differs from the request. */
  notes: string[];
  prediction: PredictedParts;
  /** Seconds; NaN for a device that did not run. */
  measured: MeasuredParts;
  comparison: VerificationComparison;
  gpu: VerifyGpuSide;
  cpu: VerifyCpuSide;
  sweep?: VerifySweep | undefined;
  durationMs: number;
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

/**
 * Idle time between a side's GPU run and its CPU run. A software adapter's (or a driver's)
 * threads keep spinning for a moment after the queue is done; a CPU run started at once
 * shares the cores with them (softmax 64×1024 on two workers: 0.15 ms, or 1–2.5 ms right
 * after SwiftShader's run).
 */
const SETTLE_MS = 50;
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));

interface SideFactors {
  cpu: number;
  gpu: number;
}

/** One measurement of both running sides; a side that does not run gives NaN times. */
interface Measured {
  gpu: GpuWorkloadResult | undefined;
  cpu: CpuWorkloadResult | undefined;
  gpuTotal: number;
}

/** Run a workload on the devices that can run its type and compare with the model. Throws `VerifyError`. */
export async function verifyWorkload(env: VerifyEnv, workload: Workload, opts: VerifyOptions): Promise<VerifyResult> {
  const now = env.now ?? (() => performance.now());
  const started = now();
  const runGpu = env.runGpu ?? runGpuKernels;
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
  const shapeWhyNot = shapeNotRunnableText(workload);
  if (shapeWhyNot !== undefined) throw new VerifyError('not-runnable', shapeWhyNot);
  const sides = runSides(workload.dtype, { shaderF16: env.device.features.has('shader-f16') }, workload.id);
  if (!sides.gpu.run && !sides.cpu.run)
    throw new VerifyError('not-runnable', `${sides.gpu.reason} ${sides.cpu.reason}`);
  const { workload: runnable, notes } = runnableForm(workload);
  for (const s of [sides.gpu, sides.cpu]) if (!s.run) notes.push(s.reason);
  const limits = deviceRunLimits(env.device);
  const on = { gpu: sides.gpu.run, cpu: sides.cpu.run };

  /** The running sides at `w`; `n` timed runs each. */
  const measure = async (w: Workload, n: number, label: string, at: number, span: number): Promise<Measured> => {
    checkAbort();
    let gpu: GpuWorkloadResult | undefined;
    if (sides.gpu.run) {
      progress(at, `GPU: ${label}`);
      try {
        gpu = await runGpu(env.device, w, sides.gpu.dtype as GpuDtype, {
          shaders: env.shaders,
          runs: n,
          timeoutMs,
          ...(signal ? { signal } : {}),
        });
      } catch (e) {
        throw toVerifyError(e, 'GPU');
      }
      checkAbort();
    }
    let cpu: CpuWorkloadResult | undefined;
    if (sides.cpu.run) {
      progress(at + span / 2, `CPU: ${label}`);
      if (gpu) await settle();
      try {
        cpu = await runCpu(env.cpu, w, { runs: n, timeoutMs, ...(signal ? { signal } : {}) });
      } catch (e) {
        throw toVerifyError(e, 'CPU');
      }
      checkAbort();
    }
    const gpuTotal = gpu ? gpu.computeSeconds + gpu.uploadSeconds + gpu.readbackSeconds : Number.NaN;
    return { gpu, cpu, gpuTotal };
  };

  // Probe: a small size, one timed run, to learn how far off the model is before picking a size.
  let factors: SideFactors = { cpu: 1, gpu: 1 };
  const predicted = (w: Workload) => predictParts(w, opts.machine, opts.transfer);
  const axis = sizeAxis(runnable);
  const full = predicted(runnable);
  const fullMax = Math.max(on.cpu ? full.cpuSeconds : 0, on.gpu ? full.gpuTotalSeconds : 0);
  const learn = (m: Measured, p: PredictedParts): SideFactors => ({
    // Never trust a measurement to make the budget looser than the model by more than 2×.
    cpu: m.cpu ? Math.max(0.5, m.cpu.seconds / Math.max(p.cpuSeconds, 1e-9)) : 1,
    gpu: m.gpu ? Math.max(0.5, m.gpuTotal / Math.max(p.gpuTotalSeconds, 1e-9)) : 1,
  });
  const secondsAt = (w: Workload) => {
    const p = predicted(w);
    return { cpuSeconds: p.cpuSeconds * factors.cpu, gpuSeconds: p.gpuTotalSeconds * factors.gpu };
  };
  if (!opts.noProbe && fullMax > budget * PROBE_FRACTION * 10) {
    const probeFit = fitToBudget(runnable, secondsAt, { budgetSeconds: budget * PROBE_FRACTION, limits, sides: on });
    const probe = await measure(probeFit.workload, 1, `probe at ${fmtSize(probeFit.size)} ${axis.unit}`, 0, 0.1);
    factors = learn(probe, predicted(probeFit.workload));
  }
  // One run's time per side within budget ÷ (runs + warm-up).
  const fit = fitToBudget(runnable, secondsAt, { budgetSeconds: budget / (runs + 1), limits, sides: on });
  if (fit.scaledDown) {
    const parts = fit.scaled.map(
      (s) => `${fmtSize(s.size)} ${unitFor(s.size, s.unit)} (asked for ${fmtSize(s.requested)})`,
    );
    notes.push(`Scaled down to ${parts.join(' and ')}: ${fit.reason}. Compared with the model at the size that ran.`);
  }
  notes.push(...ranNotesFor(fit.workload));
  const sweeping = (opts.sweep ?? false) && on.cpu && on.gpu;
  if (opts.sweep && !sweeping) notes.push('The sweep needs both devices to run; it was skipped.');
  const sweepShare = sweeping ? 0.5 : 0;
  const main = await measure(fit.workload, runs, `${fmtSize(fit.size)} ${axis.unit}`, 0.1, 0.9 - sweepShare);
  const measured: MeasuredParts = {
    cpuSeconds: main.cpu?.seconds ?? Number.NaN,
    gpuComputeSeconds: main.gpu?.computeSeconds ?? Number.NaN,
    uploadSeconds: main.gpu?.uploadSeconds ?? Number.NaN,
    readbackSeconds: main.gpu?.readbackSeconds ?? Number.NaN,
    launches: main.gpu?.launches ?? Number.NaN,
  };
  const comparison = compareVerification(fit.workload, opts.machine, measured, opts.transfer);

  let sweep: VerifySweep | undefined;
  if (sweeping) {
    // Learn from the main run: the sweep's sizes are chosen against what this machine did.
    factors = learn(main, predicted(fit.workload));
    sweep = await runSweep(fit, factors, 0.1 + (0.9 - sweepShare), sweepShare);
  }
  progress(1, 'done');
  return {
    requested: workload,
    ran: fit.workload,
    fit,
    sides,
    notes,
    prediction: predicted(fit.workload),
    measured,
    comparison,
    gpu: main.gpu
      ? {
          ran: true,
          timer: main.gpu.timer,
          samples: main.gpu.samples,
          computeSamples: main.gpu.computeSamples,
          validated: main.gpu.validated,
          uploadBytes: main.gpu.uploadBytes,
          readbackBytes: main.gpu.readbackBytes,
          variant: main.gpu.variant,
        }
      : {
          ran: false,
          timer: 'not run',
          samples: 0,
          computeSamples: [],
          validated: false,
          uploadBytes: 0,
          readbackBytes: 0,
        },
    cpu: main.cpu
      ? {
          ran: true,
          threads: main.cpu.threads,
          flavor: main.cpu.flavor,
          checked: main.cpu.checked,
          checkedRuns: main.cpu.checkedRuns,
          samples: main.cpu.samples,
          validated: main.cpu.validated,
        }
      : { ran: false, threads: 0, flavor: 'not run', checked: 0, checkedRuns: 0, samples: [], validated: false },
    sweep,
    durationMs: now() - started,
  };

  async function runSweep(fitted: FitResult, f: SideFactors, at: number, span: number): Promise<VerifySweep> {
    const sweepBudget = opts.sweepBudgetSeconds ?? 2 * budget;
    const top = fitted.size;
    const sizes = sweepSizesFor(fitted.workload, top);
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
      const cpuSeconds = r.cpu?.seconds ?? Number.NaN;
      spentCpu += (sweepRuns + 1) * cpuSeconds;
      spentGpu += (sweepRuns + 1) * r.gpuTotal;
      points.push({
        size,
        cpuSeconds,
        gpuSeconds: r.gpuTotal,
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

/** 'rows' after any number but 1: '1 row', '2 rows' (the axis units are plurals, or a symbol such as n). */
function unitFor(size: number, unit: string): string {
  return size === 1 && unit.length > 2 && unit.endsWith('s') ? unit.slice(0, -1) : unit;
}

/** A size in a note: whole sizes with every digit, a fraction (a pipeline's share of each step) to two figures. */
function fmtSize(n: number): string {
  return Number.isInteger(n) || n >= 100
    ? n.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : n.toLocaleString('en-US', { maximumSignificantDigits: 2 });
}
