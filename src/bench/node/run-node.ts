/**
 * The benchmark under Node: Dawn for Node (the `webgpu` package) runs the same GPU suite
 * as the page, then the CPU tiers on worker threads.
 */
import { existsSync } from 'node:fs';
import type { BenchRun, GpuSuiteResult } from '../../model/bench-run.ts';
import { acquireGpu } from '../gpu/device.ts';
import { errorMessage } from '../gpu/errors.ts';
import { runGpuSuite, type GpuStepId } from '../gpu/suite.ts';
import { runCpuTiersNode } from '../cpu/node.ts';
import { assembleBenchRun } from '../run-common.ts';
import type { BenchRunOptions, CpuTiersResult } from '../types.ts';
import { loadShadersFromDisk } from './shaders.ts';

/** Debian's chromium ships SwiftShader's Vulkan ICD and a Vulkan loader here. */
export const CHROMIUM_SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
export const CHROMIUM_LIB_DIR = '/usr/lib/chromium';

/** How to get a Vulkan driver, in plain words (printed when Dawn finds no adapter). */
export const NO_VULKAN_HELP = [
  'Dawn found no GPU adapter: it needs a Vulkan driver (and the Vulkan loader, libvulkan.so.1).',
  'With a real GPU: install its Vulkan driver (NVIDIA driver / mesa-vulkan-drivers) and libvulkan1.',
  'Without one, use SwiftShader (a CPU emulation, numbers are not a real GPU\'s), e.g. from Debian\'s chromium package:',
  `  LD_LIBRARY_PATH=${CHROMIUM_LIB_DIR} VK_ICD_FILENAMES=${CHROMIUM_SWIFTSHADER_ICD} npm run bench`,
].join('\n');

/** True when the Chromium SwiftShader fallback exists on this machine. */
export function swiftShaderFallbackAvailable(): boolean {
  return existsSync(CHROMIUM_SWIFTSHADER_ICD) && existsSync(`${CHROMIUM_LIB_DIR}/libvulkan.so.1`);
}

/** Dawn's GPU entry point, with its globals (GPUBufferUsage, …) installed on globalThis. */
export async function createNodeGpu(): Promise<GPU> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  // Dawn quantizes timestamps by default (METHODS.md); full resolution for benchmarking.
  return create(['disable-dawn-features=timestamp_quantization']);
}

let liveGpu: GPU | undefined;

export interface NodeBenchOptions extends BenchRunOptions {
  /** Time the slow reference kernels too (for BENCHMARKS.md). */
  reference?: boolean;
  /** Skip the CPU tiers. */
  noCpu?: boolean;
  steps?: readonly GpuStepId[];
  timeoutMs?: number;
}

/** Run GPU suite + CPU tiers under Node and return one BenchRun. Never rejects for GPU trouble. */
export async function runBenchmarkNode(opts: NodeBenchOptions): Promise<BenchRun> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const userAgent = `node ${process.version} (Dawn, ${process.platform}-${process.arch})`;
  const gpuShare = opts.noCpu ? 1 : 0.75; // progress bar: GPU ≈ 3/4 of the run time
  let gpu: GpuSuiteResult | undefined;
  let gpuUnavailable: string | undefined;
  let gpuUnavailableReason: BenchRun['gpuUnavailableReason'];
  // dawn.node runs only while its GPU object is referenced (webgpu README, "Lifetime"):
  // hold it in module scope for the whole run, and drop it after so Node can exit.
  liveGpu = await createNodeGpu();
  const got = await acquireGpu({ gpu: liveGpu, secureContext: true, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  if (!got.ok) {
    gpuUnavailable = got.reason === 'no-adapter' ? NO_VULKAN_HELP : got.message;
    gpuUnavailableReason = got.reason;
  } else {
    try {
      gpu = await runGpuSuite(got.device, {
        profile: opts.profile,
        shaders: loadShadersFromDisk(),
        adapter: got.info,
        limits: got.limits,
        userAgent,
        crossOriginIsolated: false,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.reference !== undefined ? { reference: opts.reference } : {}),
        ...(opts.steps ? { steps: opts.steps } : {}),
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        onProgress: (p) => opts.onProgress?.({ fraction: p.fraction * gpuShare, step: p.step }),
      });
    } finally {
      got.device.destroy();
    }
  }
  liveGpu = undefined;
  let cpu: CpuTiersResult | undefined;
  let cpuError: string | undefined;
  if (!opts.noCpu && !opts.signal?.aborted) {
    try {
      cpu = await runCpuTiersNode({
        profile: opts.profile,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (p) => opts.onProgress?.({ fraction: gpuShare + p.fraction * (1 - gpuShare), step: p.step }),
      });
    } catch (e) {
      cpuError = errorMessage(e);
    }
  }
  return assembleBenchRun({
    profile: opts.profile,
    startedAt,
    durationMs: performance.now() - t0,
    environment: { host: 'node', userAgent, crossOriginIsolated: false },
    gpu,
    gpuUnavailable,
    gpuUnavailableReason,
    cpu,
    cpuError,
    cancelled: Boolean(opts.signal?.aborted) || Boolean(gpu?.cancelled),
  });
}
