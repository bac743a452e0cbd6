/**
 * The page's benchmark: acquire WebGPU, run the GPU suite, then the CPU tiers, and return
 * one BenchRun. DOM-free (reads navigator only), so the UI just renders what it returns.
 * The run itself is shared with Node (run-common.ts); this file supplies the page's GPU,
 * shaders and Web Workers.
 */
import type { BenchRun } from '../model/bench/bench-run.ts';
import { runCpuTiers } from './cpu/index.ts';
import { acquireGpu } from './gpu/device.ts';
import { browserShaders } from './gpu/shaders-vite.ts';
import type { GpuStepId } from './gpu/step-context.ts';
import { runBenchmarkWith } from './run-common.ts';
import type { BenchRunOptions } from './types.ts';

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

/**
 * Run the whole benchmark in the page. Never rejects for GPU or CPU trouble: reasons are
 * in `errors`, `gpuUnavailable`, and the failed metrics.
 */
export async function runBenchmark(opts: RunBenchmarkOptions): Promise<BenchRun> {
  const nav = globalThis.navigator as Navigator | undefined;
  const { gpuSteps, gpu, ...common } = opts;
  const run = await runBenchmarkWith(
    {
      environment: {
        host: 'browser',
        userAgent: nav?.userAgent ?? '',
        crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
      },
      // run-common.ts shows 'Starting the GPU' on the bar before this.
      acquireGpu: () => acquireGpu(gpu ? { gpu } : {}),
      shaders: () => browserShaders,
      runCpuTiers,
      // The workload kernels load only when the achievable roofs are measured (not on first paint).
      achievable: async () => {
        const [{ browserWorkloadShaders }, { browserCpuTierEnv }] = await Promise.all([
          import('./workloads/gpu/shaders-vite.ts'),
          import('./cpu/index.ts'),
        ]);
        return { shaders: browserWorkloadShaders, cpu: browserCpuTierEnv() };
      },
    },
    { ...common, ...(gpuSteps ? { steps: gpuSteps } : {}) },
  );
  opts.onProgress?.({ fraction: 1, step: 'Done' });
  return run;
}
