/**
 * What every GPU suite step shares: the suite's options (the shaders, the adapter, which
 * steps to run), the per-step context handed out by runGpuSuite (suite.ts), the
 * per-profile effort a step reads from it, and how a step turns samples into a Metric.
 * No GPU calls here; those live in gpu-helpers.ts.
 */
import type { GpuAdapterFacts, ReferenceMeasurement, TransferCurve } from '../../model/bench/bench-run.ts';
import { failedMetric, measuredMetric } from '../../model/bench/metrics.ts';
import { median } from '../../model/shared/stats.ts';
import type { BenchRunOptions } from '../types.ts';
import type { GpuGuard } from './errors.ts';
import type { GpuTimer } from './timer.ts';

/** WGSL sources, one kernel family per file in shaders/. */
export interface ShaderSources {
  /** shaders/fma.wgsl: fma_vec4, fma_scalar */
  fma: string;
  /** shaders/fma-f16.wgsl: fma_vec4_f16 */
  fmaF16: string;
  /** shaders/copy.wgsl: copy_vec4 */
  copy: string;
  /** shaders/dispatch.wgsl: dispatch_empty, dispatch_count */
  dispatch: string;
}

/** The suite's steps (suite.ts runs them in the order of its GPU_STEPS). */
export type GpuStepId = 'f32' | 'f16' | 'device' | 'upload' | 'readback' | 'dispatch' | 'roundtrip';

/** Options for runGpuSuite: the shared run options plus what the suite needs to know. */
export interface GpuSuiteOptions extends BenchRunOptions {
  shaders: ShaderSources;
  /** Adapter identity (from acquireGpu). */
  adapter: GpuAdapterFacts;
  /** Limits the device was created with (recorded in the result). */
  limits?: Record<string, number>;
  /** Longest wait for any single GPU call, ms (default 20 s). */
  timeoutMs?: number;
  /** Run only these steps (tests, partial runs); metrics of the others are omitted. */
  steps?: readonly GpuStepId[];
  /** Also time the slow reference kernels for BENCHMARKS.md (always on in `full`). */
  reference?: boolean;
  /** Defaults: navigator.userAgent / 'node …'. */
  userAgent?: string;
  crossOriginIsolated?: boolean;
  /** Clock, ms (default performance.now). */
  now?: () => number;
}

/** Per-profile effort. Comments say why each number. */
export interface ProfileConfig {
  /** Timed samples per kernel metric (METHODS: 10–30; quick takes fewer). */
  samples: number;
  /** Warm-up per kernel; METHODS asks ≥ 500 ms for clocks to ramp, quick shortens it. */
  warmupMs: number;
  /** Largest transfer in the sweep (METHODS: ≥ 64 MB). */
  transferMaxBytes: number;
  /** Step between sweep sizes. */
  transferFactor: number;
  /** Sweeps per transfer path; each sweep gives one fitted (latency, bandwidth) sample. */
  transferRounds: number;
  /** Round trips timed (METHODS: median of ≥ 50). */
  roundtrips: number;
  /** Device-bandwidth buffer on a real GPU (≥ 4× any last-level cache: H100 L2 is 50 MB). */
  deviceBytes: number;
  /** Device-bandwidth buffer on a software adapter (a CPU copy; bigger only takes longer). */
  deviceBytesFallback: number;
}

/** An ok metric with the unit and direction the registry gives `id`. */
export const ok = measuredMetric;

// The step files take these from here, beside `ok`; both live in model/.
export { failedMetric, median };

/** Everything a step needs. */
export interface StepContext {
  device: GPUDevice;
  guard: GpuGuard;
  timer: GpuTimer;
  cfg: ProfileConfig;
  opts: GpuSuiteOptions;
  fallback: boolean;
  now: () => number;
  warnings: string[];
  transfers: TransferCurve[];
  references: ReferenceMeasurement[];
  /** Report progress within the current step, 0..1. */
  progress: (fraction: number, detail?: string) => void;
  /** GPU objects to destroy when the step ends. */
  owned: { destroy(): void }[];
}

/** Human-readable size for messages and labels: whole MiB from 1 MiB, else KiB. */
export function mib(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}
