/**
 * GPU elementwise workload: out = a·b + c over `elements` f32 values (shaders/elementwise.wgsl).
 * Memory-bound: 16 bytes moved per 2 FLOPs. Sampled outputs are checked against the
 * fused and the unfused f32 result (either rounding is a correct fma).
 */
import { createPipeline } from '../../../gpu/gpu-helpers.ts';
import {
  expectClose,
  outputBuffer,
  randomArray,
  readOutput,
  result,
  sampleIndices,
  timeRuns,
  uniformBuffer,
  uploadInputs,
  workloadContext,
  type GpuWorkloadOptions,
  type GpuWorkloadResult,
} from '../../gpu/common.ts';

/** vec4 per thread: few workgroups for software adapters, a handful of loads in flight on GPUs. */
const PER_THREAD = 4;
const SAMPLES = 256;

export async function runElementwiseGpu(
  device: GPUDevice,
  size: { elements: number },
  opts: GpuWorkloadOptions,
): Promise<GpuWorkloadResult> {
  const { elements } = size;
  if (!Number.isInteger(elements) || elements < 1) throw new RangeError(`elementwise: bad size ${elements}`);
  const label = `workload.elementwise.${elements}`;
  const ctx = workloadContext(device, opts);
  try {
    const seed = opts.seed ?? 1;
    const count4 = Math.ceil(elements / 4);
    const padded = (x: Float32Array<ArrayBuffer>) => {
      if (x.length === count4 * 4) return x;
      const p = new Float32Array(count4 * 4);
      p.set(x);
      return p;
    };
    const a = randomArray(elements, seed);
    const b = randomArray(elements, seed + 1);
    const c = randomArray(elements, seed + 2);
    const pipeline = await createPipeline(ctx, opts.shaders.elementwise, 'axpb', label, { PER_THREAD });
    const up = await uploadInputs(ctx, label, [padded(a), padded(b), padded(c)]);
    const outBytes = count4 * 16;
    const out = await outputBuffer(ctx, label, outBytes);
    const workgroups = Math.ceil(count4 / PER_THREAD / 256);
    // Threads in the 2-D grid dispatch2dAny builds (the kernel's grid stride).
    const y = workgroups <= 65_535 ? 1 : Math.ceil(workgroups / 65_535);
    const threads = Math.ceil(workgroups / y) * y * 256;
    const params = await uniformBuffer(ctx, label, [count4, threads, 0, 0]);
    const bindGroup = device.createBindGroup({
      label,
      layout: pipeline.getBindGroupLayout(0),
      entries: [params, ...up.buffers, out].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const computeSamples = await timeRuns(ctx, label, [{ pipeline, bindGroup, workgroups }], opts.runs ?? 5);
    const back = await readOutput(ctx, label, out, elements * 4);
    const picks = sampleIndices(elements, SAMPLES);
    const f = Math.fround;
    for (const i of picks) {
      const [x, w, z] = [a[i] as number, b[i] as number, c[i] as number];
      const got = back.data[i] as number;
      const fused = f(x * w + z);
      const unfused = f(f(x * w) + z);
      const want = Math.abs(got - fused) <= Math.abs(got - unfused) ? fused : unfused;
      // One f32 ulp: the JS fused value may round twice (f64, then f32).
      expectClose(label, `out[${i}]`, got, want, Math.abs(want) * 2 ** -23);
    }
    return result({
      computeSamples,
      uploadSeconds: up.seconds,
      readbackSeconds: back.seconds,
      launches: 1,
      samples: picks.length,
      timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
      flops: 2 * elements,
      bytes: 16 * elements,
      uploadBytes: up.bytes,
      readbackBytes: elements * 4,
    });
  } finally {
    ctx.destroy();
  }
}
