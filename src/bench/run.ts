/**
 * The page's benchmark: acquire WebGPU, run the GPU suite, then the CPU tiers, and return
 * one BenchRun. DOM-free (reads navigator only), so the UI just renders what it returns.
 */
import type { BenchRun, GpuSuiteResult } from '../model/bench-run.ts';
import { runCpuTiers } from './cpu/index.ts';
import { acquireGpu, type GpuUnavailableReason } from './gpu/device.ts';
import { errorMessage } from './gpu/errors.ts';
import { browserShaders } from './gpu/shaders-vite.ts';
import { runGpuSuite, type GpuStepId } from './gpu/suite.ts';
import { assembleBenchRun } from './run-common.ts';
import type { BenchRunOptions, CpuTiersResult } from './types.ts';

export interface RunBenchmarkOptions extends BenchRunOptions {
  /** Skip the CPU tiers (GPU suite only). */
  noCpu?: boolean;
  /** Skip the GPU suite (CPU tiers only). */
  noGpu?: boolean;
  /** Time the slow reference kernels too. */
  reference?: boolean;
  /** Subset of GPU steps (tests). */
  gpuSteps?: readonly GpuStepId[];
  /** Inject navigator.gpu (tests). */
  gpu?: GPU;
}

/** The GPU part's share of the progress bar (it takes ≈ 3/4 of a run). */
const GPU_SHARE = 0.75;

/**
 * Run the whole benchmark in the page. Never rejects for GPU or CPU trouble: reasons are
 * in `errors`, `gpuUnavailable`, and the failed metrics.
 */
export async function runBenchmark(opts: RunBenchmarkOptions): Promise<BenchRun> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const nav = globalThis.navigator as Navigator | undefined;
  const userAgent = nav?.userAgent ?? '';
  const isolated = Boolean(globalThis.crossOriginIsolated);
  const gpuShare = opts.noCpu ? 1 : opts.noGpu ? 0 : GPU_SHARE;
  let gpu: GpuSuiteResult | undefined;
  let gpuUnavailable: string | undefined;
  let gpuUnavailableReason: GpuUnavailableReason | undefined;
  if (!opts.noGpu) {
    opts.onProgress?.({ fraction: 0, step: 'Starting the GPU' });
    const got = await acquireGpu(opts.gpu ? { gpu: opts.gpu } : {});
    if (!got.ok) {
      gpuUnavailable = got.message;
      gpuUnavailableReason = got.reason;
    } else {
      try {
        gpu = await runGpuSuite(got.device, {
          profile: opts.profile,
          shaders: browserShaders,
          adapter: got.info,
          limits: got.limits,
          userAgent,
          crossOriginIsolated: isolated,
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.reference !== undefined ? { reference: opts.reference } : {}),
          ...(opts.gpuSteps ? { steps: opts.gpuSteps } : {}),
          onProgress: (p) => opts.onProgress?.({ fraction: p.fraction * gpuShare, step: p.step }),
        });
      } finally {
        got.device.destroy();
      }
    }
  }
  let cpu: CpuTiersResult | undefined;
  let cpuError: string | undefined;
  if (!opts.noCpu && !opts.signal?.aborted) {
    try {
      cpu = await runCpuTiers({
        profile: opts.profile,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (p) => opts.onProgress?.({ fraction: gpuShare + p.fraction * (1 - gpuShare), step: p.step }),
      });
    } catch (e) {
      cpuError = errorMessage(e);
    }
  }
  opts.onProgress?.({ fraction: 1, step: 'Done' });
  return assembleBenchRun({
    profile: opts.profile,
    startedAt,
    durationMs: performance.now() - t0,
    environment: { host: 'browser', userAgent, crossOriginIsolated: isolated },
    gpu,
    gpuUnavailable,
    gpuUnavailableReason,
    cpu,
    cpuError,
    cancelled: Boolean(opts.signal?.aborted) || Boolean(gpu?.cancelled),
  });
}
