/**
 * The on-device memory bandwidth step (gpu.device.gbps): how fast kernels can stream
 * through GPU memory, independent of any host transfer.
 */
import type { Metric } from '../../model/metrics.ts';
import {
  SUBMISSION_MAX_MS,
  WORKGROUP_SIZE,
  calibrate,
  checkBufferPattern,
  createBuffer,
  createPipeline,
  dispatch2d,
  warmUp,
  writePattern,
} from './gpu-helpers.ts';
import { measureCopyBufferToBufferReference } from './references.ts';
import { mib, ok, type StepContext } from './step-context.ts';

/**
 * On-device memory bandwidth: a copy kernel reading and writing a buffer far larger than
 * any cache, counted as read + write bytes; copyBufferToBuffer is timed beside it as a
 * reference (references.ts).
 */
export async function stepDevice(ctx: StepContext): Promise<Metric[]> {
  const limit = Math.min(
    ctx.device.limits.maxStorageBufferBindingSize,
    ctx.device.limits.maxBufferSize,
    ctx.fallback ? ctx.cfg.deviceBytesFallback : ctx.cfg.deviceBytes,
  );
  // Power of two so the 2-D grid is exact; at least 1 MiB.
  const bufferBytes = 2 ** Math.floor(Math.log2(Math.max(limit, 2 ** 20)));
  // Bytes copied per dispatch; halved below if one dispatch would overrun a submission.
  let bytes = bufferBytes;
  const seed = 0x5eed_c0de;

  // 4 loads in flight per thread suit GPUs. SwiftShader pays ~25 µs per workgroup, so a
  // software adapter gets 64 per thread (16× fewer workgroups) to measure memory, not scheduling.
  const loadsPerThread = ctx.fallback ? 64 : 4;
  let count = bytes / 16; // vec4<u32> elements
  let threads = Math.max(WORKGROUP_SIZE, count / loadsPerThread);
  const pipeline = await createPipeline(ctx, ctx.opts.shaders.copy, 'copy_vec4', 'bench.copy', {
    LOADS_PER_THREAD: loadsPerThread,
  });
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const src = await createBuffer(ctx, { label: 'bench.copy.src', size: bufferBytes, usage });
  const dst = await createBuffer(ctx, { label: 'bench.copy.dst', size: bufferBytes, usage });
  const params = await createBuffer(ctx, {
    label: 'bench.copy.params',
    size: 16,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  // Params: u32 count (vec4 elements), u32 stride (threads), 2 × pad.
  ctx.device.queue.writeBuffer(params, 0, new Uint32Array([count, threads, 0, 0]));
  writePattern(ctx, src, bufferBytes, seed);
  await ctx.guard.wait(ctx.device.queue.onSubmittedWorkDone(), 'fill copy source');
  ctx.progress(0.1);
  const bindGroup = ctx.device.createBindGroup({
    label: 'bench.copy.bind',
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: { buffer: src } },
      { binding: 2, resource: { buffer: dst } },
    ],
  });
  const kernelAt = (reps: number) =>
    ctx.timer.time((encoder, timestampWrites) => {
      const pass = encoder.beginComputePass({ label: 'bench.copy', ...(timestampWrites ? { timestampWrites } : {}) });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      for (let r = 0; r < reps; r++) dispatch2d(pass, threads / WORKGROUP_SIZE);
      pass.end();
    }, 'bench.copy');
  // One dispatch must stay under ~100 ms (watchdog, stutter): a slow adapter copies less,
  // down to 16 MiB (still 4× a large CPU L2 slice; on a real GPU the full buffer fits easily).
  for (let attempt = 0; attempt < 8; attempt++) {
    const single = await kernelAt(1);
    if (single.ms <= SUBMISSION_MAX_MS * 2 || bytes <= 16 * 2 ** 20) break;
    bytes /= 2;
    count = bytes / 16;
    threads = Math.max(WORKGROUP_SIZE, count / loadsPerThread);
    ctx.device.queue.writeBuffer(params, 0, new Uint32Array([count, threads, 0, 0]));
  }
  const { reps } = await calibrate(ctx, kernelAt, 1, 256);
  await warmUp(ctx, () => kernelAt(reps));
  const kernelGBps: number[] = [];
  for (let s = 0; s < ctx.cfg.samples; s++) {
    ctx.guard.checkAbort();
    const t = await kernelAt(reps);
    kernelGBps.push((2 * bytes * reps) / (t.ms * 1e6)); // read + write bytes
    ctx.progress(0.1 + (0.5 * (s + 1)) / ctx.cfg.samples);
  }
  await checkBufferPattern(ctx, dst, bytes, seed, 'copy kernel');

  const details: Record<string, string | number | boolean> = {
    bytes,
    bufferBytes,
    dispatchesPerSample: reps,
    loadsPerThread,
  };
  if (bytes < bufferBytes)
    ctx.warnings.push(
      `memory bandwidth: copied ${mib(bytes)} per dispatch (not ${mib(bufferBytes)}) to keep each submission under 100 ms`,
    );
  const copyGBps = await measureCopyBufferToBufferReference(ctx, src, dst, bytes, seed);
  if (copyGBps !== undefined) details['copyBufferToBufferGBps'] = Number(copyGBps.toFixed(3));
  return [ok('gpu.device.gbps', kernelGBps, details)];
}
