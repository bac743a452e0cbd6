/**
 * What every GPU suite step shares: the per-step context handed out by runGpuSuite
 * (suite.ts), the per-profile effort a step reads from it, and how a step turns samples
 * into a Metric. No GPU calls here; those live in gpu-helpers.ts.
 */
import type { ReferenceMeasurement, TransferCurve } from '../../model/bench-run.ts';
import { okMetric, type MetricFailed, type MetricId } from '../../model/metrics.ts';
import type { Better } from '../../model/stats.ts';
import type { GpuGuard } from './errors.ts';
import type { GpuTimer } from './timer.ts';
// Type-only: suite.ts owns the public option type and erases from this module at runtime.
import type { GpuSuiteOptions } from './suite.ts';

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

/** Unit and direction of every metric, so failed metrics carry the same as ok ones. */
const METRIC_META: Record<MetricId, { unit: string; better: Better }> = {
  'gpu.f32.gflops': { unit: 'GFLOPS', better: 'higher' },
  'gpu.f16.gflops': { unit: 'GFLOPS', better: 'higher' },
  'gpu.upload.gbps': { unit: 'GB/s', better: 'higher' },
  'gpu.upload.latency.ms': { unit: 'ms', better: 'lower' },
  'gpu.readback.gbps': { unit: 'GB/s', better: 'higher' },
  'gpu.readback.latency.ms': { unit: 'ms', better: 'lower' },
  'gpu.device.gbps': { unit: 'GB/s', better: 'higher' },
  'gpu.dispatch.us': { unit: 'µs', better: 'lower' },
  'gpu.encode.us': { unit: 'µs', better: 'lower' },
  'gpu.roundtrip.ms': { unit: 'ms', better: 'lower' },
  'cpu.js.gflops': { unit: 'GFLOPS', better: 'higher' },
  'cpu.simd1.gflops': { unit: 'GFLOPS', better: 'higher' },
  'cpu.simdAll.gflops': { unit: 'GFLOPS', better: 'higher' },
};

/** A failed/skipped/cancelled metric with its reason. */
export function failedMetric(id: MetricId, status: MetricFailed['status'], error: string): MetricFailed {
  return { id, status, unit: METRIC_META[id].unit, better: METRIC_META[id].better, error };
}

/** An ok metric with the unit and direction registered for `id`. */
export function ok(id: MetricId, samples: number[], details?: Record<string, string | number | boolean>) {
  return okMetric(id, METRIC_META[id].unit, METRIC_META[id].better, samples, details);
}

/** Median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

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
