/**
 * The benchmark under Node: Dawn for Node (the `webgpu` package) runs the same GPU suite
 * as the page, then the CPU tiers on worker threads.
 */
import { existsSync } from 'node:fs';
import type { BenchRun } from '../../model/bench/bench-run.ts';
import { acquireGpu } from '../gpu/device.ts';
import type { GpuStepId } from '../gpu/step-context.ts';
import { runCpuTiersNode } from '../cpu/node.ts';
import { runBenchmarkWith } from '../run-common.ts';
import type { BenchRunOptions } from '../types.ts';
import { loadShadersFromDisk } from './shaders.ts';

/** Debian's chromium ships SwiftShader's Vulkan ICD and a Vulkan loader here. */
export const CHROMIUM_SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
export const CHROMIUM_LIB_DIR = '/usr/lib/chromium';

/** How to get a Vulkan driver, in plain words (printed when Dawn finds no adapter). */
export const NO_VULKAN_HELP = [
  'Dawn found no GPU adapter: it needs a Vulkan driver (and the Vulkan loader, libvulkan.so.1).',
  'With a real GPU: install its Vulkan driver (NVIDIA driver / mesa-vulkan-drivers) and libvulkan1.',
  "Without one, use SwiftShader (a CPU emulation, numbers are not a real GPU's), e.g. from Debian's chromium package:",
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
export function runBenchmarkNode(opts: NodeBenchOptions): Promise<BenchRun> {
  const userAgent = `node ${process.version} (Dawn, ${process.platform}-${process.arch})`;
  return runBenchmarkWith(
    {
      environment: { host: 'node', userAgent, crossOriginIsolated: false },
      // dawn.node runs only while its GPU object is referenced (webgpu README, "Lifetime"):
      // hold it in module scope for the whole GPU part, and drop it after so Node can exit.
      acquireGpu: async () => {
        liveGpu = await createNodeGpu();
        return acquireGpu({
          gpu: liveGpu,
          secureContext: true,
          ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        });
      },
      releaseGpu: () => {
        liveGpu = undefined;
      },
      describeUnavailable: (failure) => (failure.reason === 'no-adapter' ? NO_VULKAN_HELP : failure.message),
      shaders: () => loadShadersFromDisk(),
      runCpuTiers: runCpuTiersNode,
      achievable: async () => {
        const [{ loadWorkloadShadersFromDisk }, { nodeCpuTierEnv }] = await Promise.all([
          import('../workloads/gpu/shaders-node.ts'),
          import('../cpu/node.ts'),
        ]);
        return { shaders: loadWorkloadShadersFromDisk(), cpu: nodeCpuTierEnv() };
      },
    },
    opts,
  );
}
