/**
 * What the CPU tiers measure and how much (split out of runner.ts): the tiers in run
 * order, the per-profile plans, time limits, the memory tiers' working set, and the
 * environment a run of the tiers gets. No workers here.
 */
import { metricLabel, type MetricId } from '../../model/bench/metrics.ts';
import type { BenchProfile } from '../types.ts';
import type { WorkerEnv } from '../workers/channel.ts';
import type { FlavorRequest } from '../workers/protocol.ts';
import type { Precision } from './wasm-kernel.ts';

/** Time limits (ms). A hung worker is terminated when one runs out. */
export interface TierTimeouts {
  /** For a worker to start, emit/compile its kernel and validate it. */
  initMs: number;
  /** Lower bound for one run request; the actual limit grows with the expected duration. */
  runMinMs: number;
  /** A run may take this many times its expected duration before it counts as hung. */
  runFactor: number;
}

/** Where the tiers run: the workers' environment and what the tiers add. */
export interface CpuTierEnv extends WorkerEnv {
  timeouts?: Partial<TierTimeouts>;
  /** Overrides the profile's plan (tests use tiny plans). */
  plan?: Partial<TierPlan>;
  /** Forces a SIMD flavour (comparisons); default 'auto': relaxed_madd where supported. */
  flavor?: FlavorRequest;
  /** Only these tiers (tests, comparisons); default all of {@link CPU_TIERS}. */
  tiers?: readonly MetricId[];
  /**
   * How a multi-worker round is timed. 'overlap' (default): workers start at a shared
   * barrier where SharedArrayBuffer exists, and only the window in which all of them ran
   * counts. 'span': the earlier method (no barrier, one fixed-size call per worker, earliest
   * start to latest end), kept so comparisons can measure both in one session.
   */
  window?: 'overlap' | 'span';
}

/** How much measuring one tier does. */
export interface TierPlan {
  /** Minimum warm-up time per tier: lets the engine tier the kernel up to optimized code. */
  warmupMs: number;
  /** Minimum warm-up calls, whatever the time. */
  warmupCalls: number;
  /** Target duration of one sample (10–50 ms: well above timer resolution, short enough not to stall). */
  targetSampleMs: number;
  /** Timed samples per tier. */
  samples: number;
  /** Memory tiers: total working sets (bytes, all workers together) of the cache sweep. */
  sweepBytes: readonly number[];
  /** Memory tiers: samples and sample duration (ms) per sweep point. */
  sweepSamples: number;
  sweepSampleMs: number;
  /** Memory tiers: headline working set of all workers together (default {@link memWorkingSet}). */
  memBytes?: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** 16 KiB … 256 MiB in steps of `factor`. */
function sweepSizes(factor: number): number[] {
  const out: number[] = [];
  for (let b = 16 * KiB; b <= 256 * MiB; b *= factor) out.push(b);
  return out;
}

/**
 * quick: all three tiers in ≈ 2–3 s (warm-up shortened to 300 ms, recorded in details;
 * V8 tiers Wasm and hot JS up within tens of ms). full: METHODS.md's ≥ 0.5 s warm-up,
 * 30 samples of 40 ms.
 */
export const TIER_PLANS: Record<BenchProfile, TierPlan> = {
  quick: {
    warmupMs: 300,
    warmupCalls: 3,
    targetSampleMs: 20,
    samples: 10,
    sweepBytes: sweepSizes(4),
    sweepSamples: 3,
    sweepSampleMs: 10,
  },
  full: {
    warmupMs: 1000,
    warmupCalls: 5,
    targetSampleMs: 40,
    samples: 30,
    sweepBytes: sweepSizes(2),
    sweepSamples: 5,
    sweepSampleMs: 20,
  },
};

/** Target duration of one chunk inside a sample: ≥ 200× the 5 µs timer, ≤ 1/20 of a sample. */
export const CHUNK_MS = 1;

/** A round counts only when the workers overlapped for at least this share of a sample. */
export const MIN_OVERLAP = 0.5;

/**
 * Working set of the memory tiers' headline figure, all workers together: ≥ 256 MiB (8× the
 * 32 MiB L3 of the CI machine; METHODS.md asks for ≥ 4× the last-level cache), and at least
 * 32 MiB per worker where that stays within 1 GiB in total (browsers cap Wasm memory; the
 * worker halves its request when refused, and says so).
 */
export function memWorkingSet(threads: number, totalBytes?: number): { total: number; perWorker: number } {
  const perWorker =
    totalBytes !== undefined
      ? totalBytes / threads
      : Math.max((256 * MiB) / threads, Math.min(32 * MiB, (1024 * MiB) / threads));
  const rounded = Math.floor(perWorker / 192) * 192; // whole 64-byte lines in each of 3 arrays
  return { total: rounded * threads, perWorker: rounded };
}

/** Default limits: generous for real engines (a worker starts and compiles in < 1 s). */
export const DEFAULT_TIMEOUTS: TierTimeouts = { initMs: 15_000, runMinMs: 5_000, runFactor: 20 };

/** Cap on all-cores workers, so a 256-thread server does not get 256 Wasm instances at once. */
export const MAX_THREADS = 64;

/** The tiers, in run order: the estimator's inputs (f32 rates, bandwidth) first, f64 last. */
export const CPU_TIERS = [
  { id: 'cpu.js.gflops', step: metricLabel('cpu.js.gflops'), kernel: 'js', allCores: false },
  { id: 'cpu.simd1.gflops', step: metricLabel('cpu.simd1.gflops'), kernel: 'simd', allCores: false },
  { id: 'cpu.simdAll.gflops', step: metricLabel('cpu.simdAll.gflops'), kernel: 'simd', allCores: true },
  { id: 'cpu.mem1.gbps', step: metricLabel('cpu.mem1.gbps'), kernel: 'mem', allCores: false },
  { id: 'cpu.mem.gbps', step: metricLabel('cpu.mem.gbps'), kernel: 'mem', allCores: true },
  {
    id: 'cpu.simd1.f64.gflops',
    step: metricLabel('cpu.simd1.f64.gflops'),
    kernel: 'simd',
    precision: 'f64',
    allCores: false,
  },
  {
    id: 'cpu.simdAll.f64.gflops',
    step: metricLabel('cpu.simdAll.f64.gflops'),
    kernel: 'simd',
    precision: 'f64',
    allCores: true,
  },
] as const satisfies readonly {
  id: MetricId;
  step: string;
  kernel: 'js' | 'simd' | 'mem';
  precision?: Precision;
  allCores: boolean;
}[];

export type Tier = (typeof CPU_TIERS)[number];
