/**
 * The documents a benchmark run produces: the GPU suite's result and the combined
 * BenchRun (GPU + CPU) that the UI shows and the history store will persist.
 * Pure types; no GPU, no DOM.
 */
import type { Metric, MetricId } from './metrics.ts';
import type { TimelineStep } from './timeline.ts';
import type { TransferFit, TransferPoint } from './transfer-fit.ts';

/** Bump when the BenchRun shape changes; the store migrates older records. */
export const BENCH_RUN_SCHEMA_VERSION = 1;

export type BenchProfileName = 'quick' | 'full';

/** Adapter identity as the browser or Dawn reports it (strings may be empty). */
export interface GpuAdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software or otherwise "fallback" adapter, e.g. SwiftShader. */
  isFallbackAdapter: boolean;
  /** Features the device was created with (subset of the adapter's we asked for). */
  features: string[];
}

/** How GPU time was measured. */
export type GpuTimerKind = 'timestamp-query' | 'wall-clock';

/** One transfer path's sweep: raw points and the latency + bandwidth fit. */
export interface TransferCurve {
  /** Stable key, e.g. 'upload.writeBuffer', 'upload.staging', 'readback.mapAsync'. */
  path: string;
  /** Human label for legends. */
  label: string;
  points: TransferPoint[];
  /** Fit over all points; absent when the fit failed. */
  fit?: TransferFit;
}

/**
 * A plain reference measurement taken in the same run, for BENCHMARKS.md's ratios
 * (e.g. a single-chain scalar FMA loop against the vec4 kernel).
 */
export interface ReferenceMeasurement {
  id: string;
  label: string;
  unit: string;
  value: number;
  /** The suite metric it is the naive counterpart of. */
  comparedTo: MetricId;
}

/** What the GPU suite returns. */
export interface GpuSuiteResult {
  metrics: Metric[];
  adapter: GpuAdapterFacts;
  /** Device limits the suite asked for and used (name → value). */
  limits: Record<string, number>;
  timer: GpuTimerKind;
  /** Timestamps were rounded (65.536 µs steps); undefined when no timestamps were taken. */
  timestampsQuantized?: boolean;
  crossOriginIsolated: boolean;
  /** navigator.userAgent in a page, 'node <version> (Dawn)' under Node. */
  userAgent: string;
  profile: BenchProfileName;
  /** Warm-up per kernel in ms (a quick profile uses less than METHODS' 0.5 s and says so). */
  warmupMs: number;
  transfers: TransferCurve[];
  /** Naive counterparts measured in the same run (some only with the reference option). */
  references: ReferenceMeasurement[];
  /** ISO 8601 start time. */
  startedAt: string;
  durationMs: number;
  /** Fatal error that ended the run early (device lost, timeout), in plain words. */
  error?: string;
  /** Non-fatal problems (a kernel failed validation, a size was skipped, ...). */
  warnings: string[];
  /** Set when the run was cancelled through its AbortSignal. */
  cancelled: boolean;
}

/** CPU side of a run, as the CPU tiers report it. */
export interface CpuFacts {
  logicalCores: number;
  threads: number;
  simdFlavor: 'relaxed_madd' | 'mul_add' | 'none';
  warnings: string[];
}

/** Where the run happened. */
export interface BenchEnvironment {
  /** 'browser' or 'node'; 'python' only on the view of a Python-lane run (never stored as a run). */
  host: 'browser' | 'node' | 'python';
  userAgent: string;
  crossOriginIsolated: boolean;
}

/** One complete benchmark run: GPU and CPU metrics plus everything needed to judge them. */
export interface BenchRun {
  schemaVersion: typeof BENCH_RUN_SCHEMA_VERSION;
  /** GPU and CPU metrics together, keyed by id. */
  metrics: Metric[];
  profile: BenchProfileName;
  startedAt: string;
  durationMs: number;
  environment: BenchEnvironment;
  /** GPU details; absent when WebGPU was unavailable (see `gpuUnavailable`). */
  gpu?: Omit<GpuSuiteResult, 'metrics'>;
  /** Why there are no GPU numbers, in plain words. */
  gpuUnavailable?: string;
  /** The same as a code, so the UI can say what to do. */
  gpuUnavailableReason?: 'no-webgpu' | 'insecure-context' | 'no-adapter' | 'device-failed';
  cpu?: CpuFacts;
  /** True when the GPU is a software/fallback adapter: its numbers say nothing about a real GPU. */
  software: boolean;
  /** Errors from any part of the run, in plain words. */
  errors: string[];
  cancelled: boolean;
  /**
   * Every step's start and end on one clock, and its device (issue #20): the proof that
   * CPU and GPU measurements never overlapped. Absent in runs made before it existed.
   */
  timeline?: TimelineStep[];
}

/** Find a metric by id. */
export function findMetric(metrics: readonly Metric[], id: MetricId): Metric | undefined {
  return metrics.find((m) => m.id === id);
}
