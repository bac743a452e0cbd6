/**
 * `npx tsx scripts/verify-gpu-kernels.ts [--json] [--large]`
 *
 * Runs the GPU workload kernels (src/bench/workloads/gpu, issue 13) under Node with Dawn
 * at odd sizes — 1×1, sizes that are not tile multiples, tall-skinny, 256³ — and checks
 * that each validates against its CPU reference; prints times and achieved rates. With
 * --large also matmul 512³ and 1024³ (for the achieved-GFLOPS table in BENCHMARKS.md).
 * Exits 1 if any kernel fails. Without a Vulkan GPU run it with SwiftShader:
 * LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 */
import { errorMessage } from '../src/bench/gpu/errors.ts';
import {
  runElementwiseGpu,
  runMatmulGpu,
  runReductionGpu,
  runSoftmaxGpu,
  type GpuWorkloadResult,
} from '../src/bench/workloads/gpu/index.ts';
import { loadWorkloadShadersFromDisk } from '../src/bench/workloads/gpu/shaders-node.ts';

const json = process.argv.includes('--json');
const large = process.argv.includes('--large');

const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create(['disable-dawn-features=timestamp_quantization']);
const adapter = await gpu.requestAdapter();
if (!adapter) {
  process.stderr.write('no GPU adapter (see the usage note at the top of this script)\n');
  process.exit(1);
}
const wanted = ['timestamp-query', 'subgroups'].filter((f) => adapter.features.has(f)) as GPUFeatureName[];
const device = await adapter.requestDevice({
  requiredFeatures: wanted,
  requiredLimits: {
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  },
});
const shaders = loadWorkloadShadersFromDisk();
const opts = { shaders, runs: 3 };
process.stderr.write(
  `${adapter.info.vendor} / ${adapter.info.architecture} / ${adapter.info.description}; features: ${wanted.join(', ') || 'none'}\n`,
);

type Case = [string, () => Promise<GpuWorkloadResult>];
const cases: Case[] = large
  ? [['matmul 256³', () => runMatmulGpu(device, { m: 256, n: 256, k: 256 }, opts)]]
  : [
      ['matmul 1×1×1', () => runMatmulGpu(device, { m: 1, n: 1, k: 1 }, opts)],
      ['matmul 17×33×9', () => runMatmulGpu(device, { m: 17, n: 33, k: 9 }, opts)],
      ['matmul 65×3×130', () => runMatmulGpu(device, { m: 65, n: 3, k: 130 }, opts)],
      ['matmul tall-skinny 4099×5×64', () => runMatmulGpu(device, { m: 4099, n: 5, k: 64 }, opts)],
      ['matmul 1×1000×300 (row vector)', () => runMatmulGpu(device, { m: 1, n: 1000, k: 300 }, opts)],
      ['matmul 256³', () => runMatmulGpu(device, { m: 256, n: 256, k: 256 }, opts)],
      ['elementwise 1', () => runElementwiseGpu(device, { elements: 1 }, opts)],
      ['elementwise 1 000 003', () => runElementwiseGpu(device, { elements: 1_000_003 }, opts)],
      ['reduction 1', () => runReductionGpu(device, { elements: 1 }, opts)],
      ['reduction 1 000 003', () => runReductionGpu(device, { elements: 1_000_003 }, opts)],
      ['reduction 2^24 + 5', () => runReductionGpu(device, { elements: 2 ** 24 + 5 }, opts)],
      ['softmax 1×1', () => runSoftmaxGpu(device, { rows: 1, cols: 1 }, opts)],
      ['softmax 37×1000', () => runSoftmaxGpu(device, { rows: 37, cols: 1000 }, opts)],
      ['softmax 4096×3', () => runSoftmaxGpu(device, { rows: 4096, cols: 3 }, opts)],
    ];
if (large) {
  // One timed run each (after the untimed one): 1024³ takes tens of seconds on SwiftShader.
  cases.push(['matmul 512³', () => runMatmulGpu(device, { m: 512, n: 512, k: 512 }, { shaders, runs: 1 })]);
  cases.push(['matmul 1024³', () => runMatmulGpu(device, { m: 1024, n: 1024, k: 1024 }, { shaders, runs: 1 })]);
}

let failed = 0;
const results: Record<string, unknown>[] = [];
for (const [name, run] of cases) {
  try {
    const r = await run();
    results.push({ name, ...r });
    if (!json) {
      process.stdout.write(
        `ok    ${name.padEnd(32)} compute ${(r.computeSeconds * 1e3).toFixed(3)} ms (${r.launches} launch${r.launches > 1 ? 'es' : ''}), ` +
          `${r.achievedGflops.toFixed(2)} GFLOPS, ${r.achievedGbps.toFixed(2)} GB/s; upload ${(r.uploadSeconds * 1e3).toFixed(2)} ms, ` +
          `readback ${(r.readbackSeconds * 1e3).toFixed(2)} ms; ${r.samples} outputs checked${r.variant ? `; ${r.variant}` : ''}\n`,
      );
    }
  } catch (e) {
    failed++;
    results.push({ name, error: errorMessage(e) });
    process.stdout.write(`FAIL  ${name}: ${errorMessage(e)}\n`);
  }
}
if (json) process.stdout.write(`${JSON.stringify({ adapter: adapter.info, results }, null, 2)}\n`);
device.destroy();
process.exit(failed > 0 ? 1 : 0);
