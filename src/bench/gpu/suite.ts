/**
 * The GPU measurement suite. DOM-free: it takes a GPUDevice (from a page or from Dawn
 * under Node), shader sources and options, and returns a GpuSuiteResult. Method notes are in
 * BENCHMARKS.md ("Method notes"); every kernel's output is checked against a CPU reference
 * (src/model/bench/gpu-reference.ts) before its number is reported.
 *
 * This file is the orchestration: steps in order, progress, cancellation, timeouts and
 * turning errors into failed metrics. Each measurement lives in its own file
 * (throughput.ts, device-bandwidth.ts, transfer.ts, dispatch.ts, references.ts) and
 * shares the GPU plumbing in gpu-helpers.ts and the step context in step-context.ts.
 */
import type { GpuSuiteResult, ReferenceMeasurement, TransferCurve } from '../../model/bench/bench-run.ts';
import { failedMetric, metricLabel, type Metric, type MetricId } from '../../model/bench/metrics.ts';
import { errorMessage } from '../../model/shared/errors.ts';
import { isQuantized } from '../../model/bench/timer-quantization.ts';
import type { BenchProfile } from '../types.ts';
import { stepDevice } from './device-bandwidth.ts';
import { stepDispatch, stepRoundtrip } from './dispatch.ts';
import { GpuBenchError, GpuGuard, yieldToEventLoop } from './errors.ts';
import { perSubmitReference } from './references.ts';
import type { GpuStepId, GpuSuiteOptions, ProfileConfig, StepContext } from './step-context.ts';
import { stepF16, stepF32 } from './throughput.ts';
import { GpuTimer } from './timer.ts';
import { stepReadback, stepUpload } from './transfer.ts';

/** One step of the suite: what it measures and how it shows in the progress bar. */
interface GpuStep {
  /** The metrics the step produces, in the registry's words (model/metrics.ts). */
  metrics: readonly MetricId[];
  /** Relative weight in the progress bar (≈ its share of run time). */
  weight: number;
  /** Progress text for a step that measures several metrics; else its metric's label. */
  label?: string;
  run: (ctx: StepContext) => Promise<Metric[]>;
}

const STEPS: Record<GpuStepId, GpuStep> = {
  f32: { metrics: ['gpu.f32.gflops'], weight: 2, run: stepF32 },
  f16: { metrics: ['gpu.f16.gflops'], weight: 1, run: stepF16 },
  device: { metrics: ['gpu.device.gbps'], weight: 2, run: stepDevice },
  upload: {
    metrics: ['gpu.upload.gbps', 'gpu.upload.latency.ms'],
    weight: 3.5,
    label: 'Upload CPU → GPU',
    run: stepUpload,
  },
  readback: {
    metrics: ['gpu.readback.gbps', 'gpu.readback.latency.ms'],
    weight: 1.5,
    label: 'Readback GPU → CPU',
    run: stepReadback,
  },
  dispatch: {
    metrics: ['gpu.dispatch.us', 'gpu.encode.us'],
    weight: 1.5,
    label: 'Dispatch overhead',
    run: stepDispatch,
  },
  roundtrip: { metrics: ['gpu.roundtrip.ms'], weight: 0.5, run: stepRoundtrip },
};

/**
 * Every step, in the order the suite runs them: first the three the estimator reads (GPU
 * f32 rate, upload bandwidth, dispatch overhead), so its fields fill early; then the rest.
 */
export const GPU_STEPS: readonly GpuStepId[] = ['f32', 'upload', 'dispatch', 'device', 'f16', 'readback', 'roundtrip'];

function stepLabel(step: GpuStepId): string {
  const s = STEPS[step];
  return s.label ?? metricLabel(s.metrics[0] as MetricId);
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
  const totalWeight = steps.reduce((a, s) => a + STEPS[s].weight, 0);
  let doneWeight = 0;
  const metrics: Metric[] = [];
  /** Keep finished metrics and hand each to the caller at once (the page fills fields as they come). */
  const push = (...done: Metric[]) => {
    metrics.push(...done);
    for (const m of done) opts.onMetric?.(m);
  };
  const transfers: TransferCurve[] = [];
  const references: ReferenceMeasurement[] = [];
  let fatal: string | undefined;
  let cancelled = false;

  for (const step of steps) {
    const ids = STEPS[step].metrics;
    const label = stepLabel(step);
    if (fatal) {
      push(...ids.map((id) => failedMetric(id, 'skipped', `not run: the run ended early (${fatal})`)));
      continue;
    }
    if (cancelled || opts.signal?.aborted) {
      cancelled = true;
      push(...ids.map((id) => failedMetric(id, 'cancelled', 'cancelled before this step ran')));
      continue;
    }
    const stepStart = doneWeight;
    const report = (fraction: number, detail?: string) =>
      opts.onProgress?.({
        fraction: (stepStart + STEPS[step].weight * Math.min(1, Math.max(0, fraction))) / totalWeight,
        step: detail ? `${label}: ${detail}` : label,
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
    const stepStartMs = now();
    try {
      timer ??= new GpuTimer(device, guard, now);
      ctx.timer = timer;
      push(...(await STEPS[step].run(ctx)));
    } catch (e) {
      const err = e instanceof GpuBenchError ? e : new GpuBenchError(errorMessage(e), 'internal', false);
      if (err.kind === 'cancelled') {
        cancelled = true;
        push(...ids.map((id) => failedMetric(id, 'cancelled', 'cancelled while measuring')));
      } else {
        push(...ids.map((id) => failedMetric(id, 'failed', err.message)));
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
      opts.onStep?.(label, stepStartMs, now());
    }
    doneWeight += STEPS[step].weight;
    opts.onProgress?.({ fraction: doneWeight / totalWeight, step: label });
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
