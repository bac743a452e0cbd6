/**
 * The GPU measurement suite. DOM-free: it takes a GPUDevice (from a page or from Dawn
 * under Node), shader sources and options, and returns a GpuSuiteResult. Methodology in
 * /work/shared/METHODS.md; every kernel's output is checked against a CPU reference
 * (src/model/gpu-reference.ts) before its number is reported.
 *
 * This file is the orchestration: steps in order, progress, cancellation, timeouts and
 * turning errors into failed metrics. Each measurement lives in its own file
 * (throughput.ts, device-bandwidth.ts, transfer.ts, dispatch.ts, references.ts) and
 * shares the GPU plumbing in gpu-helpers.ts and the step context in step-context.ts.
 */
import type { GpuAdapterFacts, GpuSuiteResult, ReferenceMeasurement, TransferCurve } from '../../model/bench-run.ts';
import type { Metric, MetricId } from '../../model/metrics.ts';
import { isQuantized } from '../../model/timer-quantization.ts';
import type { BenchProfile, BenchRunOptions } from '../types.ts';
import { stepDevice } from './device-bandwidth.ts';
import { stepDispatch, stepRoundtrip } from './dispatch.ts';
import { GpuBenchError, GpuGuard, errorMessage, yieldToEventLoop } from './errors.ts';
import { perSubmitReference } from './references.ts';
import { failedMetric, type ProfileConfig, type StepContext } from './step-context.ts';
import { stepF16, stepF32 } from './throughput.ts';
import { GpuTimer } from './timer.ts';
import { stepReadback, stepUpload } from './transfer.ts';

// Part of the public API (tests build failed metrics with it); it lives beside the other step helpers.
export { failedMetric };

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

/** The suite's steps, in run order. */
export type GpuStepId = 'f32' | 'f16' | 'device' | 'upload' | 'readback' | 'dispatch' | 'roundtrip';

/** Every step, in the order the suite runs them (cheap and most important first). */
export const GPU_STEPS: readonly GpuStepId[] = ['f32', 'f16', 'device', 'upload', 'readback', 'dispatch', 'roundtrip'];

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

const PROFILES: Record<BenchProfile, ProfileConfig> = {
  quick: {
    samples: 8,
    warmupMs: 100,
    transferMaxBytes: 64 * 2 ** 20,
    transferFactor: 4,
    transferRounds: 3,
    roundtrips: 50,
    deviceBytes: 256 * 2 ** 20,
    deviceBytesFallback: 64 * 2 ** 20,
  },
  full: {
    samples: 20,
    warmupMs: 500,
    transferMaxBytes: 256 * 2 ** 20,
    transferFactor: 2,
    transferRounds: 7,
    roundtrips: 200,
    deviceBytes: 1024 * 2 ** 20,
    deviceBytesFallback: 128 * 2 ** 20,
  },
};

const STEP_METRICS: Record<GpuStepId, MetricId[]> = {
  f32: ['gpu.f32.gflops'],
  f16: ['gpu.f16.gflops'],
  device: ['gpu.device.gbps'],
  upload: ['gpu.upload.gbps', 'gpu.upload.latency.ms'],
  readback: ['gpu.readback.gbps', 'gpu.readback.latency.ms'],
  dispatch: ['gpu.dispatch.us', 'gpu.encode.us'],
  roundtrip: ['gpu.roundtrip.ms'],
};

/** Relative weights of the steps in the progress bar (≈ their share of run time). */
const STEP_WEIGHT: Record<GpuStepId, number> = {
  f32: 2,
  f16: 1,
  device: 2,
  upload: 3.5,
  readback: 1.5,
  dispatch: 1.5,
  roundtrip: 0.5,
};

const STEP_LABEL: Record<GpuStepId, string> = {
  f32: 'GPU f32 throughput',
  f16: 'GPU f16 throughput',
  device: 'GPU memory bandwidth',
  upload: 'Upload CPU → GPU',
  readback: 'Readback GPU → CPU',
  dispatch: 'Dispatch overhead',
  roundtrip: 'Submit round trip',
};

const STEP_FN: Record<GpuStepId, (ctx: StepContext) => Promise<Metric[]>> = {
  f32: stepF32,
  f16: stepF16,
  device: stepDevice,
  upload: stepUpload,
  readback: stepReadback,
  dispatch: stepDispatch,
  roundtrip: stepRoundtrip,
};

function defaultUserAgent(): string {
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  if (nav?.userAgent && !nav.userAgent.startsWith('Node.js')) return nav.userAgent;
  const proc = (globalThis as { process?: { version?: string } }).process;
  return `node ${proc?.version ?? ''} (Dawn)`.trim();
}

/**
 * Run the GPU suite on `device`. Never throws for GPU trouble: failures become failed
 * metrics, a fatal error (device lost, a call that never returned) ends the run with
 * `error` set and the remaining metrics 'skipped'; cancellation keeps finished metrics
 * and marks the rest 'cancelled'.
 */
export async function runGpuSuite(device: GPUDevice, opts: GpuSuiteOptions): Promise<GpuSuiteResult> {
  const now = opts.now ?? (() => performance.now());
  const startedAt = new Date().toISOString();
  const t0 = now();
  const cfg = PROFILES[opts.profile];
  const guard = new GpuGuard(device, opts.timeoutMs ?? 20_000, opts.signal);
  const warnings: string[] = [];
  const onUncaptured = (ev: Event) => {
    const err = (ev as GPUUncapturedErrorEvent).error;
    if (warnings.length < 20) warnings.push(`uncaptured GPU error: ${err?.message ?? 'unknown'}`);
  };
  device.addEventListener?.('uncapturederror', onUncaptured);
  let timer: GpuTimer | undefined;
  const steps = GPU_STEPS.filter((s) => !opts.steps || opts.steps.includes(s));
  const totalWeight = steps.reduce((a, s) => a + STEP_WEIGHT[s], 0);
  let doneWeight = 0;
  const metrics: Metric[] = [];
  const transfers: TransferCurve[] = [];
  const references: ReferenceMeasurement[] = [];
  let fatal: string | undefined;
  let cancelled = false;

  for (const step of steps) {
    const ids = STEP_METRICS[step];
    if (fatal) {
      metrics.push(...ids.map((id) => failedMetric(id, 'skipped', `not run: the run ended early (${fatal})`)));
      continue;
    }
    if (cancelled || opts.signal?.aborted) {
      cancelled = true;
      metrics.push(...ids.map((id) => failedMetric(id, 'cancelled', 'cancelled before this step ran')));
      continue;
    }
    const stepStart = doneWeight;
    const report = (fraction: number, detail?: string) =>
      opts.onProgress?.({
        fraction: (stepStart + STEP_WEIGHT[step] * Math.min(1, Math.max(0, fraction))) / totalWeight,
        step: detail ? `${STEP_LABEL[step]}: ${detail}` : STEP_LABEL[step],
      });
    report(0);
    const ctx: StepContext = {
      device,
      guard,
      timer: undefined as unknown as GpuTimer,
      cfg,
      opts,
      fallback: opts.adapter.isFallbackAdapter,
      now,
      warnings,
      transfers,
      references,
      progress: report,
      owned: [],
    };
    try {
      timer ??= new GpuTimer(device, guard, now);
      ctx.timer = timer;
      const produced = await STEP_FN[step](ctx);
      metrics.push(...produced);
    } catch (e) {
      const err = e instanceof GpuBenchError ? e : new GpuBenchError(errorMessage(e), 'internal', false);
      if (err.kind === 'cancelled') {
        cancelled = true;
        metrics.push(...ids.map((id) => failedMetric(id, 'cancelled', 'cancelled while measuring')));
      } else {
        metrics.push(...ids.map((id) => failedMetric(id, 'failed', err.message)));
        if (err.fatal || guard.lostMessage) fatal = guard.lostMessage ?? err.message;
      }
    } finally {
      for (const o of ctx.owned) {
        try {
          o.destroy();
        } catch {
          // Destroying on a lost device may throw; nothing left to free.
        }
      }
    }
    doneWeight += STEP_WEIGHT[step];
    opts.onProgress?.({ fraction: doneWeight / totalWeight, step: STEP_LABEL[step] });
    await yieldToEventLoop();
  }
  device.removeEventListener?.('uncapturederror', onUncaptured);
  // Derived naive counterpart of the dispatch metric (no extra GPU work).
  const perSubmit = perSubmitReference(metrics);
  if (perSubmit) references.push(perSubmit);
  const rawDeltas = timer?.rawDeltasNs ?? [];
  if (!fatal) timer?.destroy();
  const result: GpuSuiteResult = {
    metrics,
    adapter: opts.adapter,
    limits: opts.limits ?? {
      maxBufferSize: device.limits.maxBufferSize,
      maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
    },
    timer: timer?.useTimestamps ? 'timestamp-query' : 'wall-clock',
    crossOriginIsolated:
      opts.crossOriginIsolated ?? (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false,
    userAgent: opts.userAgent ?? defaultUserAgent(),
    profile: opts.profile,
    warmupMs: cfg.warmupMs,
    transfers,
    references,
    startedAt,
    durationMs: now() - t0,
    warnings,
    cancelled,
  };
  if (timer?.useTimestamps && rawDeltas.length > 0) result.timestampsQuantized = isQuantized(rawDeltas);
  if (fatal) result.error = fatal;
  return result;
}
