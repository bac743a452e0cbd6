/**
 * One benchmark run, GPU suite then CPU tiers, assembled into a BenchRun; shared by the
 * page's runner (run.ts) and Node's (node/run-node.ts), which supply only what differs
 * between them (a BenchHost): where the GPU, the shaders and the CPU workers come from.
 */
import {
  BENCH_RUN_SCHEMA_VERSION,
  type BenchEnvironment,
  type BenchRun,
  type GpuSuiteResult,
} from '../model/bench/bench-run.ts';
import type { Metric, MetricId } from '../model/bench/metrics.ts';
import { TimelineRecorder } from '../model/bench/timeline.ts';
import { DEFAULT_RUN_LIMITS } from '../model/workloads/run-fit.ts';
import {
  CPU_TIERS,
  SCALING_GOAL,
  addMissingScaling,
  combineTierRuns,
  lowScaling,
  type CpuTierRunOptions,
} from './cpu/runner.ts';
import type { GpuAcquireResult } from './gpu/device.ts';
import { errorMessage } from '../model/shared/errors.ts';
import type { GpuStepId, ShaderSources } from './gpu/step-context.ts';
import { runGpuSuite } from './gpu/suite.ts';
import type { BenchProfile, BenchRunOptions, CpuTiersResult } from './types.ts';
import type { WorkerEnv } from './workers/channel.ts';
import type { WorkloadShaders } from './workloads/gpu/run.ts';
import type { CpuRunner, GpuRunner } from './workloads/verify.ts';

/** The GPU part's share of the progress bar (it takes ≈ 3/4 of a run). */
const GPU_SHARE = 0.75;
/** Of each device's part, the share its achievable roofs take (issue #20) when the host measures them. */
const ACHIEVABLE_SHARE = { gpu: 0.3, cpu: 0.3 } as const;

/** What measuring the achievable roofs needs besides the device: the workload kernels' WGSL and the CPU's workers. */
export interface AchievableHost {
  shaders: WorkloadShaders;
  cpu: WorkerEnv;
  /** The kernels' runners (default: the real ones; tests pass fakes). */
  runGpu?: GpuRunner;
  runCpu?: CpuRunner;
}

/**
 * The CPU tier the estimator's CPU field reads unless the person picks another (the page's
 * default). A run measures it before the GPU suite, whose first three steps are the other
 * three estimator inputs, so all four fields are filled early instead of after the whole
 * suite and the tiers before it (issue #11: "Sooner first answer").
 */
export const ESTIMATOR_CPU_TIER: MetricId = 'cpu.simdAll.gflops';

/** What differs between the page and Node; everything else about a run is shared. */
export interface BenchHost {
  /** Recorded in the run; its userAgent and crossOriginIsolated also go to the GPU suite. */
  environment: BenchEnvironment;
  /** Get a device for the suite; called once, and only when the GPU part runs. */
  acquireGpu(): Promise<GpuAcquireResult>;
  /** Called when the GPU part is over, however it ended (Node lets go of Dawn here). */
  releaseGpu?(): void;
  /** The run's words for an unavailable GPU (default: the acquirer's own message). */
  describeUnavailable?(failure: Extract<GpuAcquireResult, { ok: false }>): string;
  /** The kernels' WGSL; asked for only once there is a device. */
  shaders(): ShaderSources;
  /** The CPU tiers on this host's workers (Web Workers or worker threads); `tiers` picks some. */
  runCpuTiers(opts: CpuTierRunOptions): Promise<CpuTiersResult>;
  /**
   * The workload kernels, for the achievable roofs after the peaks (issue #20); asked for
   * once, when they are about to run (the page loads them lazily). Absent: not measured.
   */
  achievable?(): Promise<AchievableHost>;
}

/** What a caller may ask of a run, in the page or under Node. */
export interface CombinedRunOptions extends BenchRunOptions {
  /** Skip the GPU suite (CPU tiers only). */
  noGpu?: boolean | undefined;
  /** Skip the CPU tiers (GPU suite only). */
  noCpu?: boolean | undefined;
  /** Time the slow reference kernels too. */
  reference?: boolean | undefined;
  /** Subset of GPU steps. */
  steps?: readonly GpuStepId[] | undefined;
  /** Longest wait for the adapter, the device and any single GPU call, ms. */
  timeoutMs?: number | undefined;
  /**
   * The CPU tier measured before the GPU suite (default {@link ESTIMATOR_CPU_TIER}; null: all
   * tiers after the suite, as before). The rest still run after the suite, in their order.
   */
  firstCpuTier?: MetricId | null | undefined;
  /** Skip the achievable roofs (the workload kernels after the peaks). */
  noAchievable?: boolean | undefined;
}

/**
 * Run the estimator's CPU tier, the GPU suite, then the other CPU tiers on `host`, and
 * return one BenchRun (its CPU metrics in {@link CPU_TIERS} order). Never rejects for GPU or
 * CPU trouble: reasons are in `errors`, `gpuUnavailable`, and the failed metrics.
 *
 * The order is for the first answer: the estimator's four inputs (this CPU tier, then the
 * suite's f32, upload and dispatch) come first, each filling its field as it finishes. The
 * tier runs alone, not beside the GPU: on a software adapter the GPU is the same CPU cores.
 */
export async function runBenchmarkWith(host: BenchHost, opts: CombinedRunOptions): Promise<BenchRun> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const timeline = new TimelineRecorder(() => performance.now(), t0);
  const { environment } = host;
  const gpuShare = opts.noCpu ? 1 : opts.noGpu ? 0 : GPU_SHARE;
  const measureAchievable = host.achievable !== undefined && !opts.noAchievable;
  // Each device's share of the bar splits between its peaks and, when measured, its achievable roofs.
  const gpuAchShare = measureAchievable ? gpuShare * ACHIEVABLE_SHARE.gpu : 0;
  const cpuAchShare = measureAchievable ? (1 - gpuShare) * ACHIEVABLE_SHARE.cpu : 0;
  const suiteShare = gpuShare - gpuAchShare;
  const tiersShare = 1 - gpuShare - cpuAchShare;
  const allTiers: readonly MetricId[] = CPU_TIERS.map((t) => t.id);
  const firstTier =
    opts.noCpu || opts.noGpu ? null : opts.firstCpuTier === undefined ? ESTIMATOR_CPU_TIER : opts.firstCpuTier;
  const firstTiers = firstTier && allTiers.includes(firstTier) ? [firstTier] : [];
  // The first tier's share of the bar is its share of the CPU tiers'.
  const firstShare = (tiersShare * firstTiers.length) / allTiers.length;
  const cpuParts: CpuTiersResult[] = [];
  const extraMetrics: { gpu: Metric[]; cpu: Metric[] } = { gpu: [], cpu: [] };
  let cpuError: string | undefined;
  let achievable: AchievableHost | undefined;
  let achievableError: string | undefined;
  const loadAchievable = async (): Promise<AchievableHost | undefined> => {
    if (!measureAchievable || achievableError) return undefined;
    try {
      achievable ??= await host.achievable?.();
    } catch (e) {
      achievableError = `the workload kernels did not load: ${errorMessage(e)}`;
    }
    return achievable;
  };
  /** One call of the CPU tiers, drawn on the bar from `from` over `share`. */
  const runTiers = async (tiers: readonly MetricId[], from: number, share: number): Promise<void> => {
    try {
      cpuParts.push(
        await host.runCpuTiers({
          profile: opts.profile,
          tiers,
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: (p) => opts.onProgress?.({ fraction: from + p.fraction * share, step: p.step }),
          ...(opts.onMetric ? { onMetric: opts.onMetric } : {}),
          onStep: (step, startMs, endMs) => timeline.add(step, 'cpu', startMs, endMs),
        }),
      );
    } catch (e) {
      cpuError ??= errorMessage(e);
    }
  };
  /**
   * The all-cores tier, measured first while the page was still starting, once more when it
   * reached less than SCALING_GOAL of cores × one core: both runs' samples kept, the best
   * quoted (what the cores showed they can do), the retake said in its details.
   */
  const retakeLowScaling = async (parts: CpuTiersResult[]): Promise<void> => {
    const metrics = parts.flatMap((p) => p.metrics);
    const low = lowScaling(metrics);
    if (!low || opts.signal?.aborted) return;
    try {
      const again = await host.runCpuTiers({
        profile: opts.profile,
        tiers: [low.id],
        ...(opts.signal ? { signal: opts.signal } : {}),
        onStep: (step, startMs, endMs) => timeline.add(`${step} (again)`, 'cpu', startMs, endMs),
      });
      const second = again.metrics.find((m) => m.id === low.id);
      if (second?.status !== 'ok') return;
      const combined = combineTierRuns(
        low,
        second,
        `below ${SCALING_GOAL} × cores × one core when measured first, so measured again after the other tiers`,
      );
      for (const p of parts) p.metrics = p.metrics.map((m) => (m === low ? combined : m));
      opts.onMetric?.(combined);
    } catch {
      // The first measurement stands.
    }
  };
  if (firstTiers.length > 0 && !opts.signal?.aborted) await runTiers(firstTiers, 0, firstShare);
  const gpuFrom = firstShare;
  let gpu: GpuSuiteResult | undefined;
  let gpuUnavailable: string | undefined;
  let gpuUnavailableReason: BenchRun['gpuUnavailableReason'];
  if (!opts.noGpu) {
    try {
      // Adapter and device requests can take seconds: show the bar moving first.
      opts.onProgress?.({ fraction: gpuFrom, step: 'Starting the GPU' });
      const got = await timeline.timed('Starting the GPU', 'gpu', () => host.acquireGpu());
      if (!got.ok) {
        gpuUnavailable = host.describeUnavailable?.(got) ?? got.message;
        gpuUnavailableReason = got.reason;
      } else {
        try {
          gpu = await runGpuSuite(got.device, {
            profile: opts.profile,
            shaders: host.shaders(),
            adapter: got.info,
            limits: got.limits,
            userAgent: environment.userAgent,
            crossOriginIsolated: environment.crossOriginIsolated,
            ...(opts.signal ? { signal: opts.signal } : {}),
            ...(opts.reference !== undefined ? { reference: opts.reference } : {}),
            ...(opts.steps ? { steps: opts.steps } : {}),
            ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
            onProgress: (p) => opts.onProgress?.({ fraction: gpuFrom + p.fraction * suiteShare, step: p.step }),
            // Each metric as it finishes, so the page fills a field the moment it can.
            ...(opts.onMetric ? { onMetric: opts.onMetric } : {}),
            onStep: (step, startMs, endMs) => timeline.add(step, 'gpu', startMs, endMs),
          });
          // The achievable roofs, on the same device, after the peaks; never beside CPU work.
          const ach = gpu.error || opts.signal?.aborted ? undefined : await loadAchievable();
          if (ach) {
            const { measureGpuAchievable } = await import('./achievable/run.ts');
            extraMetrics.gpu.push(
              ...(await measureGpuAchievable(got.device, ach, {
                profile: opts.profile,
                signal: opts.signal,
                timeline,
                ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
                onProgress: (fraction, step) =>
                  opts.onProgress?.({ fraction: gpuFrom + suiteShare + fraction * gpuAchShare, step }),
                ...(opts.onMetric ? { onMetric: opts.onMetric } : {}),
              })),
            );
          }
        } finally {
          got.device.destroy();
        }
      }
    } finally {
      host.releaseGpu?.();
    }
  }
  const restFrom = gpuFrom + gpuShare;
  if (!opts.noCpu && !opts.signal?.aborted) {
    const rest = allTiers.filter((t) => !firstTiers.includes(t));
    await runTiers(rest, restFrom, tiersShare - firstShare);
    await retakeLowScaling(cpuParts);
    // The CPU's achievable roofs need working tiers (the same workers), and come after them.
    const ach = opts.signal?.aborted || cpuParts.length === 0 ? undefined : await loadAchievable();
    if (ach) {
      const { measureCpuAchievable } = await import('./achievable/run.ts');
      extraMetrics.cpu.push(
        ...(await measureCpuAchievable(ach, DEFAULT_RUN_LIMITS, {
          profile: opts.profile,
          signal: opts.signal,
          timeline,
          onProgress: (fraction, step) =>
            opts.onProgress?.({ fraction: restFrom + tiersShare - firstShare + fraction * cpuAchShare, step }),
          ...(opts.onMetric ? { onMetric: opts.onMetric } : {}),
        })),
      );
    }
  }
  const cpu = mergeCpuParts(cpuParts);
  if (cpu) cpu.metrics.push(...extraMetrics.cpu);
  if (gpu) gpu.metrics.push(...extraMetrics.gpu);
  const run = assembleBenchRun({
    profile: opts.profile,
    startedAt,
    durationMs: performance.now() - t0,
    environment,
    gpu,
    gpuUnavailable,
    gpuUnavailableReason,
    cpu,
    cpuError: cpuError ?? achievableError,
    cancelled: Boolean(opts.signal?.aborted) || Boolean(gpu?.cancelled),
  });
  run.timeline = [...timeline.steps].sort((a, b) => a.startMs - b.startMs);
  return run;
}

/** The CPU tiers' calls as one result: metrics in CPU_TIERS order, warnings once each. */
function mergeCpuParts(parts: readonly CpuTiersResult[]): CpuTiersResult | undefined {
  const [first, ...others] = parts;
  if (!first) return undefined;
  if (others.length === 0) return first;
  const order = (m: Metric) => CPU_TIERS.findIndex((t) => t.id === m.id);
  const metrics = parts.flatMap((p) => p.metrics).sort((a, b) => order(a) - order(b));
  // The all-cores tier ran before its one-thread tier: its scaling is known only now.
  addMissingScaling(metrics);
  return {
    metrics,
    logicalCores: first.logicalCores,
    threads: first.threads,
    simdFlavor: parts.map((p) => p.simdFlavor).find((f) => f !== 'none') ?? 'none',
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
  };
}

export interface AssembleInput {
  profile: BenchProfile;
  startedAt: string;
  durationMs: number;
  environment: BenchEnvironment;
  gpu?: GpuSuiteResult | undefined;
  gpuUnavailable?: string | undefined;
  gpuUnavailableReason?: BenchRun['gpuUnavailableReason'];
  cpu?: CpuTiersResult | undefined;
  cpuError?: string | undefined;
  cancelled: boolean;
}

/** One BenchRun document: GPU and CPU metrics together, errors collected in plain words. */
export function assembleBenchRun(input: AssembleInput): BenchRun {
  const metrics: Metric[] = [...(input.gpu?.metrics ?? []), ...(input.cpu?.metrics ?? [])];
  const errors: string[] = [];
  if (input.gpuUnavailable) errors.push(`GPU: ${input.gpuUnavailable}`);
  if (input.gpu?.error) errors.push(`GPU: ${input.gpu.error}`);
  for (const m of input.gpu?.metrics ?? []) {
    if (m.status === 'failed') errors.push(`${m.id}: ${m.error}`);
  }
  if (input.cpuError) errors.push(`CPU: ${input.cpuError}`);
  for (const m of input.cpu?.metrics ?? []) {
    if (m.status === 'failed') errors.push(`${m.id}: ${m.error}`);
  }
  const run: BenchRun = {
    schemaVersion: BENCH_RUN_SCHEMA_VERSION,
    metrics,
    profile: input.profile,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    environment: input.environment,
    software: input.gpu?.adapter.isFallbackAdapter ?? false,
    errors,
    cancelled: input.cancelled,
  };
  if (input.gpu) {
    const { metrics: _gpuMetrics, ...gpuFacts } = input.gpu;
    void _gpuMetrics;
    run.gpu = gpuFacts;
  }
  if (input.gpuUnavailable) run.gpuUnavailable = input.gpuUnavailable;
  if (input.gpuUnavailableReason) run.gpuUnavailableReason = input.gpuUnavailableReason;
  if (input.cpu) {
    run.cpu = {
      logicalCores: input.cpu.logicalCores,
      threads: input.cpu.threads,
      simdFlavor: input.cpu.simdFlavor,
      warnings: input.cpu.warnings,
    };
  }
  return run;
}
