/**
 * Contracts shared by the GPU suite (src/bench/gpu), the CPU tiers (src/bench/cpu), the
 * combined runner and the UI. Types only.
 */
import type { Metric } from '../model/bench/metrics.ts';

/** `quick` runs on page visit (seconds); `full` is the careful run a user asks for. */
export type BenchProfile = 'quick' | 'full';

export interface BenchProgress {
  /** 0..1 over the whole run. */
  fraction: number;
  /** Human-readable name of the current step, e.g. "GPU f32 throughput". */
  step: string;
}

export type ProgressFn = (p: BenchProgress) => void;

export interface BenchRunOptions {
  profile: BenchProfile;
  /** Checked between steps; an aborted run ends with the completed metrics kept. */
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Called with each metric the moment it is finished (measured, failed, skipped or cancelled). */
  onMetric?: (metric: Metric) => void;
  /**
   * Called as each step ends, with its start and end on `performance.now()`'s clock (the
   * run's timeline, issue #20: proof that CPU and GPU steps never overlapped).
   */
  onStep?: (step: string, startMs: number, endMs: number) => void;
}

/** What the CPU tiers return (browser Web Workers or Node worker threads). */
export interface CpuTiersResult {
  metrics: Metric[];
  /** Logical cores reported (navigator.hardwareConcurrency / os.availableParallelism). */
  logicalCores: number;
  /** Worker count used for the all-cores tier. */
  threads: number;
  /** Which SIMD flavour the kernel used: relaxed_madd where supported, mul+add otherwise. */
  simdFlavor: 'relaxed_madd' | 'mul_add' | 'none';
  /** Set when a tier could not run (e.g. workers failed to start), in plain words. */
  warnings: string[];
}
