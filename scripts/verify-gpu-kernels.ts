/**
 * `npx tsx scripts/verify-gpu-kernels.ts [--json] [--large] [--largest] [--only <kind>]`
 *
 * Runs the GPU workload kernels (src/bench/workloads/kinds/<kind>/gpu.ts, issue 13) under
 * Node with Dawn at odd sizes — 1×1, sizes that are not tile multiples, tall-skinny, 256³ —
 * and checks that each validates against its CPU reference; prints times and achieved
 * rates. Every runnable kind of the registry is covered (a kind without cases here fails
 * the run). With --large also matmul 512³ and 1024³ (for the achieved-GFLOPS table in
 * BENCHMARKS.md). With --largest every runnable kind at its largest accepted shape, through
 * the page's whole path (probe, scale-down, both devices, every output checked).
 * Exits 1 if any kernel fails. Without a Vulkan GPU run it with SwiftShader:
 * LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 */
import { nodeCpuTierEnv } from '../src/bench/cpu/node.ts';
import { errorMessage } from '../src/bench/gpu/errors.ts';
import type { GpuWorkloadResult } from '../src/bench/workloads/gpu/run.ts';
import { loadWorkloadShadersFromDisk } from '../src/bench/workloads/gpu/shaders-node.ts';
import { runGpuKernels, verifyWorkload } from '../src/bench/workloads/verify.ts';
import { DEFAULT_INPUTS } from '../src/model/estimator/fields.ts';
import { largestWorkload } from '../src/model/workloads/run-fit.ts';
import { loadWorkloadKinds } from '../src/model/workloads/kinds/index.ts';
import { machineRatesFromFields } from '../src/model/workloads/precision.ts';
import { RUNNABLE_WORKLOAD_IDS } from '../src/model/workloads/runnable.ts';
import { parseVerifySpec } from '../src/model/workloads/verify.ts';

const json = process.argv.includes('--json');
const large = process.argv.includes('--large');
const largest = process.argv.includes('--largest');
/** `--only matvec`: the cases of one kind. */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

await loadWorkloadKinds();
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create(['disable-dawn-features=timestamp_quantization']);
const adapter = await gpu.requestAdapter();
if (!adapter) {
  process.stderr.write('no GPU adapter (see the usage note at the top of this script)\n');
  process.exit(1);
}
const wanted = ['timestamp-query', 'subgroups', 'shader-f16'].filter((f) =>
  adapter.features.has(f),
) as GPUFeatureName[];
const device = await adapter.requestDevice({
  requiredFeatures: wanted,
  requiredLimits: {
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  },
});
const shaders = loadWorkloadShadersFromDisk();
process.stderr.write(
  `${adapter.info.vendor} / ${adapter.info.architecture} / ${adapter.info.description}; features: ${wanted.join(', ') || 'none'}\n`,
);

/** Cases in the CLI's --verify form, read through the page's validation. */
const SMALL = [
  'matmul:m=1,n=1,k=1',
  'matmul:m=17,n=33,k=9',
  'matmul:m=65,n=3,k=130',
  'matmul:m=4099,n=5,k=64',
  'matmul:m=1,n=1000,k=300',
  'matmul:m=256,n=256,k=256',
  'matvec:m=1,n=1',
  'matvec:m=1000,n=257',
  'matvec:m=300,n=513,batch=3',
  'elementwise:elements=1',
  'elementwise:elements=1000003',
  'reduction:elements=1',
  'reduction:elements=1000003',
  'reduction:elements=16777221',
  'softmax:rows=1,cols=1',
  'softmax:rows=37,cols=1000',
  'softmax:rows=4096,cols=3',
  'softmax:rows=1,cols=65536',
  'layernorm:rows=1,cols=1',
  'layernorm:rows=37,cols=1000',
  'layernorm:rows=1,cols=65536',
  'conv2d:batch=1,cin=1,cout=1,h=1,w=1,kh=1,kw=1,stride=1,pad=0',
  'conv2d:batch=2,cin=3,cout=5,h=17,w=13,kh=3,kw=5,stride=2,pad=1',
  'conv2d:batch=1,cin=8,cout=20,h=32,w=32,kh=3,kw=3,stride=1,pad=1',
  'attention:batch=1,heads=2,sq=5,sk=7,d=3,causal=0,fused=0',
  'attention:batch=2,heads=3,sq=64,sk=64,d=64,causal=1,fused=0',
  'attention:batch=1,heads=1,sq=300,sk=257,d=17,causal=0,fused=0',
  'fft:length=1,batch=1',
  'fft:length=8,batch=3',
  'fft:length=1024,batch=5',
  'fft:length=4096,batch=2',
  'fft:length=65536,batch=1',
  // Step lists are separated by spaces here: commas separate the fields.
  'pipeline:steps=matmul elementwise softmax,repeat=3,stay=1,1.m=64,1.n=64,1.k=64,2.elements=4096,3.rows=64,3.cols=64',
  'pipeline:steps=matmul elementwise softmax,repeat=3,stay=0,1.m=64,1.n=64,1.k=64,2.elements=4096,3.rows=64,3.cols=64',
  'pipeline:steps=reduction fft conv2d attention,repeat=2,stay=1,1.elements=100003,2.length=2048,2.batch=2,3.batch=1,3.cin=2,3.cout=3,3.h=9,3.w=9,3.kh=3,3.kw=3,3.stride=1,3.pad=1,4.batch=1,4.heads=1,4.sq=16,4.sk=16,4.d=8,4.fused=0',
  'expression:expr=a*b + c,arrays=a:1000003,b:1000003,c:1000003,mode=eager',
  'expression:expr=a*b + c,arrays=a:1,b:1,c:1,mode=fused',
  'expression:expr=np.exp(x - x.max(axis=1, keepdims=True)).sum(axis=1),arrays=x:37x1001,mode=fused',
  'expression:expr=np.tanh(x @ w + b).mean(),arrays=x:65x129,w:129x33,b:33,mode=eager',
  'expression:expr=np.where(x.T > 0, x.T, 0) * 2,arrays=x:257x31,mode=fused',
];
const LARGE = ['matmul:m=512,n=512,k=512', 'matmul:m=1024,n=1024,k=1024'];

let failed = 0;
const results: Record<string, unknown>[] = [];
const report = (name: string, line: string) => {
  if (!json) process.stdout.write(`ok    ${name.padEnd(34)} ${line}\n`);
};
const fail = (name: string, e: unknown) => {
  failed++;
  results.push({ name, error: errorMessage(e) });
  process.stdout.write(`FAIL  ${name}: ${errorMessage(e)}\n`);
};

if (largest) {
  // The page's path at each kind's largest accepted shape: every number at its maximum (largestWorkload).
  const machine = machineRatesFromFields(DEFAULT_INPUTS, { cpuMemGBps: 20, gpuMemGBps: 360 });
  const env = { device, shaders, cpu: nodeCpuTierEnv() };
  for (const id of RUNNABLE_WORKLOAD_IDS.filter((k) => only === undefined || k === only)) {
    const w = largestWorkload(id);
    try {
      const r = await verifyWorkload(env, w, { machine, budgetSeconds: 2, runs: 1 });
      results.push({ name: id, ran: r.ran.shape, notes: r.notes });
      report(
        id,
        `ran ${JSON.stringify(r.ran.shape)}: ${r.gpu.samples} GPU and ${r.cpu.checked} CPU outputs checked; ${r.notes.join(' ')}`,
      );
    } catch (e) {
      fail(id, e);
    }
  }
} else {
  const specs = (large ? LARGE : SMALL).filter((s) => only === undefined || s.startsWith(`${only}:`));
  const missing = RUNNABLE_WORKLOAD_IDS.filter(
    (id) => !large && (only === undefined || id === only) && !specs.some((s) => s.startsWith(`${id}:`)),
  );
  for (const id of missing) fail(id, new Error('no test case for this runnable kind in scripts/verify-gpu-kernels.ts'));
  for (const spec of specs) {
    const parsed = parseVerifySpec(spec);
    if (!parsed.ok) {
      fail(spec, new Error(parsed.message));
      continue;
    }
    for (const dtype of wanted.includes('shader-f16') ? (['f32', 'f16'] as const) : (['f32'] as const)) {
      const name = `${spec} ${dtype}`;
      try {
        const r: GpuWorkloadResult = await runGpuKernels(device, { ...parsed.workload, dtype }, dtype, {
          shaders,
          runs: large ? 1 : 3,
        });
        results.push({ name, ...r });
        report(
          name,
          `compute ${(r.computeSeconds * 1e3).toFixed(3)} ms (${r.launches} launch${r.launches > 1 ? 'es' : ''}), ` +
            `${r.achievedGflops.toFixed(2)} GFLOPS, ${r.achievedGbps.toFixed(2)} GB/s; upload ${(r.uploadSeconds * 1e3).toFixed(2)} ms, ` +
            `readback ${(r.readbackSeconds * 1e3).toFixed(2)} ms; ${r.samples} outputs checked${r.variant ? `; ${r.variant}` : ''}`,
        );
      } catch (e) {
        fail(name, e);
      }
    }
  }
}
if (json) process.stdout.write(`${JSON.stringify({ adapter: adapter.info, results }, null, 2)}\n`);
device.destroy();
process.exit(failed > 0 ? 1 : 0);
