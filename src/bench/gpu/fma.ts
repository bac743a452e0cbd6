/**
 * Timing one FMA kernel: calibrate the trip count to a ~20 ms sample, warm up, take the
 * profile's samples as GFLOPS, then check the stored results against the CPU reference
 * (src/model/gpu-reference.ts) before any number is returned. Shared by the f32/f16
 * throughput steps (throughput.ts) and the scalar reference kernel (references.ts).
 */
import { FMA_GUARD, FMA_MUL, closeTo } from '../../model/gpu-reference.ts';
import { GpuBenchError } from './errors.ts';
import {
  SUBMISSION_MAX_MS,
  WORKGROUP_SIZE,
  calibrate,
  createBuffer,
  createPipeline,
  dispatch2d,
  readBack,
  warmUp,
} from './gpu-helpers.ts';
import { median, type StepContext } from './step-context.ts';

/** One FMA kernel entry point and how to check its output. */
export interface FmaVariant {
  label: string;
  code: string;
  entry: string;
  /** FLOPs per loop iteration per thread. */
  flopsPerIteration: number;
  add: number;
  /** Returns a mismatch description for thread idx, or undefined. */
  check: (idx: number, iterations: number, got: Float32Array) => string | undefined;
}

/** Check all four lanes of a vec4 result against `ref` within `relTol`. */
export function vecCheck(ref: (idx: number, it: number) => number[], relTol: number) {
  return (idx: number, iterations: number, got: Float32Array): string | undefined => {
    const want = ref(idx, iterations);
    for (let lane = 0; lane < 4; lane++) {
      const g = got[idx * 4 + lane] ?? NaN;
      const w = want[lane] ?? NaN;
      if (!closeTo(g, w, relTol)) return `thread ${idx} lane ${lane}: got ${g}, expected ${w}`;
    }
    return undefined;
  };
}

/** Time one FMA variant; returns GFLOPS samples and facts. */
export async function measureFma(ctx: StepContext, variant: FmaVariant, progressFrom: number, progressTo: number) {
  // Threads: 64 Ki saturate a 2-core software adapter without making one iteration
  // longer than a sample; 4 Mi (16 Ki per SM on a 132-SM H100, 8× its resident capacity)
  // saturate any real GPU, since each thread then runs hundreds of 128-FLOP iterations.
  const threads = ctx.fallback ? 2 ** 16 : 2 ** 22;
  // Only the first 4096 threads store (64 KiB of results) — enough for the check.
  const storeCount = Math.min(threads, 4096);
  const pipeline = await createPipeline(ctx, variant.code, variant.entry, variant.label);
  const params = await createBuffer(ctx, {
    label: `${variant.label}.params`,
    size: 32,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const results = await createBuffer(ctx, {
    label: `${variant.label}.results`,
    size: storeCount * 16,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const bindGroup = ctx.device.createBindGroup({
    label: `${variant.label}.bind`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: { buffer: results } },
    ],
  });
  // Params layout (see shaders/fma.wgsl): u32 iterations, u32 store_count, f32 mul, f32 add, f32 guard, 3 × pad.
  const paramData = new ArrayBuffer(32);
  const u32 = new Uint32Array(paramData);
  const f32 = new Float32Array(paramData);
  u32[1] = storeCount;
  f32[2] = FMA_MUL;
  f32[3] = variant.add;
  f32[4] = FMA_GUARD;
  const runAt = (iterations: number) => {
    u32[0] = iterations;
    ctx.device.queue.writeBuffer(params, 0, paramData);
    return ctx.timer.time((encoder, timestampWrites) => {
      const pass = encoder.beginComputePass({ label: variant.label, ...(timestampWrites ? { timestampWrites } : {}) });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      dispatch2d(pass, threads / WORKGROUP_SIZE);
      pass.end();
    }, variant.label);
  };
  // Trip-count cap keeps f32 chains below 2^13, where every partial sum stays exact.
  const { reps: iterations, ms: firstMs } = await calibrate(ctx, runAt, 4, 1_000_000);
  if (firstMs > SUBMISSION_MAX_MS * 2) {
    ctx.warnings.push(`${variant.label}: even the smallest batch took ${firstMs.toFixed(0)} ms`);
  }
  await warmUp(ctx, () => runAt(iterations));
  const gflops: number[] = [];
  const walls: number[] = [];
  const gpus: number[] = [];
  const flops = threads * iterations * variant.flopsPerIteration;
  for (let s = 0; s < ctx.cfg.samples; s++) {
    ctx.guard.checkAbort();
    const t = await runAt(iterations);
    gflops.push(flops / (t.ms * 1e6));
    walls.push(t.wallMs);
    if (t.gpuMs !== undefined) gpus.push(t.gpuMs);
    ctx.progress(progressFrom + ((progressTo - progressFrom) * (s + 1)) / ctx.cfg.samples);
  }
  const got = new Float32Array(await readBack(ctx, results, 0, storeCount * 16, variant.label));
  for (const idx of [0, 1, 7, 255, 256, 1000, storeCount - 1]) {
    const bad = variant.check(idx, iterations, got);
    if (bad)
      throw new GpuBenchError(`${variant.label}: output differs from the CPU reference (${bad})`, 'mismatch', false);
  }
  const details: Record<string, string | number | boolean> = {
    threads,
    iterations,
    flopsPerSample: flops,
    timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
    validatedThreads: 7,
  };
  if (gpus.length > 0) details['wallOverGpu'] = Number((median(walls) / median(gpus)).toFixed(3));
  return { gflops, details };
}
