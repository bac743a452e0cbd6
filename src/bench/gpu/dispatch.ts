/**
 * Overhead steps: what a dispatch costs on the GPU and to encode on the CPU, and what a
 * submit-and-wait round trip costs. These bound how small a piece of work can be before
 * moving it to the GPU cannot pay off.
 */
import type { Metric } from '../../model/bench/metrics.ts';
import { yieldToEventLoop } from './errors.ts';
import { SUBMISSION_MAX_MS, createBuffer, createPipeline, readBack } from './gpu-helpers.ts';
import { failedMetric, ok, type StepContext } from './step-context.ts';

/**
 * The counting kernel (shaders/dispatch.wgsl, dispatch_count) with its counter: binding 0 is
 * one u32 that every dispatch adds 1 to, so reading it back proves how many ran. `label`
 * names the pipeline, the buffer and the bind group ('bench.dispatch', 'bench.roundtrip').
 */
async function countingKernel(
  ctx: StepContext,
  label: string,
): Promise<{ pipeline: GPUComputePipeline; counter: GPUBuffer; bind: GPUBindGroup }> {
  const pipeline = await createPipeline(ctx, ctx.opts.shaders.dispatch, 'dispatch_count', label);
  const counter = await createBuffer(ctx, {
    label: `${label}.counter`,
    size: 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const bind = ctx.device.createBindGroup({
    label: `${label}.counter`,
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: counter } }],
  });
  return { pipeline, counter, bind };
}

/**
 * Per-dispatch GPU cost (slope between two dispatch counts in one pass) and per-dispatch
 * CPU encode cost (slope of recording time); a counting kernel proves every dispatch ran.
 */
export async function stepDispatch(ctx: StepContext): Promise<Metric[]> {
  const { device, guard, now } = ctx;
  const empty = await createPipeline(ctx, ctx.opts.shaders.dispatch, 'dispatch_empty', 'bench.dispatch');
  const { pipeline: counting, counter, bind: countBind } = await countingKernel(ctx, 'bench.dispatch');
  const gpuAt = (n: number) =>
    ctx.timer.time((encoder, timestampWrites) => {
      const pass = encoder.beginComputePass({
        label: 'bench.dispatch',
        ...(timestampWrites ? { timestampWrites } : {}),
      });
      pass.setPipeline(empty);
      for (let i = 0; i < n; i++) pass.dispatchWorkgroups(1);
      pass.end();
    }, 'bench.dispatch');
  // Estimate the per-dispatch cost from 100 dispatches, then size N so one pass stays ≤ 50 ms:
  // METHODS' 1 000 vs 4 000 on fast GPUs, fewer on a software adapter (~25 µs each).
  const probe = await gpuAt(100);
  const perDispatchMs = Math.max(probe.ms / 100, 1e-4);
  const nHi = Math.max(200, Math.min(4000, Math.floor(SUBMISSION_MAX_MS / 1.25 / perDispatchMs / 4) * 4));
  const nLo = nHi / 4;
  await gpuAt(nLo);
  ctx.progress(0.1);
  const pairs = ctx.cfg.samples;
  const gpuUs: number[] = [];
  for (let i = 0; i < pairs; i++) {
    guard.checkAbort();
    // Min of two per count, interleaved: on a shared machine one pass can be preempted,
    // and a single inflated low-N pass would make the slope meaningless or negative.
    const lo1 = await gpuAt(nLo);
    const hi1 = await gpuAt(nHi);
    const lo2 = await gpuAt(nLo);
    const hi2 = await gpuAt(nHi);
    const lo = Math.min(lo1.ms, lo2.ms);
    const hi = Math.min(hi1.ms, hi2.ms);
    gpuUs.push(((hi - lo) / (nHi - nLo)) * 1000);
    ctx.progress(0.1 + (0.5 * (i + 1)) / pairs);
  }
  // CPU side: wall time to record N dispatches and finish the command buffer. The command
  // buffer is not submitted: the per-submission cost is the same for any N and cancels in
  // the slope (the round-trip metric covers it), and not submitting lets N be large enough
  // (1 000 vs 20 000: Chrome records a dispatch in ≈ 30 ns, so the difference is ≈ 0.6 ms,
  // 100× the 5 µs page clock) without giving the GPU long work. Chrome's
  // wire client serialises each call as it is made, so its cost is inside the timing.
  const encLo = 1000;
  const encHi = 20_000;
  const encodeAt = async (n: number): Promise<number> => {
    const t0 = now();
    const encoder = device.createCommandEncoder({ label: 'bench.encode' });
    const pass = encoder.beginComputePass({ label: 'bench.encode' });
    pass.setPipeline(empty);
    for (let i = 0; i < n; i++) pass.dispatchWorkgroups(1);
    pass.end();
    encoder.finish();
    const ms = now() - t0;
    await yieldToEventLoop();
    return ms;
  };
  await encodeAt(encLo);
  const encodeUs: number[] = [];
  for (let i = 0; i < pairs; i++) {
    guard.checkAbort();
    // Min of three per count: encode time is CPU time, and the minimum drops GC and
    // scheduler hiccups that would otherwise make the difference noisy or negative.
    const lo = Math.min(await encodeAt(encLo), await encodeAt(encLo), await encodeAt(encLo));
    const hi = Math.min(await encodeAt(encHi), await encodeAt(encHi), await encodeAt(encHi));
    encodeUs.push(((hi - lo) / (encHi - encLo)) * 1000);
    ctx.progress(0.6 + (0.3 * (i + 1)) / pairs);
  }
  // Check: nLo counting dispatches in one pass must leave the counter at nLo.
  const encoder = device.createCommandEncoder({ label: 'bench.dispatch.check' });
  encoder.clearBuffer(counter);
  const pass = encoder.beginComputePass({ label: 'bench.dispatch.check' });
  pass.setPipeline(counting);
  pass.setBindGroup(0, countBind);
  for (let i = 0; i < nLo; i++) pass.dispatchWorkgroups(1);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const count = new Uint32Array(await readBack(ctx, counter, 0, 4, 'dispatch count'))[0];
  if (count !== nLo) {
    const why = `${nLo} dispatches in one pass ran ${count ?? 0} times`;
    return [failedMetric('gpu.dispatch.us', 'failed', why), failedMetric('gpu.encode.us', 'failed', why)];
  }
  const details = {
    dispatchesLow: nLo,
    dispatchesHigh: nHi,
    timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
  };
  return [
    ok('gpu.dispatch.us', gpuUs, details),
    ok('gpu.encode.us', encodeUs, {
      dispatchesLow: encLo,
      dispatchesHigh: encHi,
      submitted: false,
      timer: 'wall-clock',
    }),
  ];
}

/** Wall time from submit to onSubmittedWorkDone for one tiny dispatch, many times. */
export async function stepRoundtrip(ctx: StepContext): Promise<Metric[]> {
  const { device, guard, now } = ctx;
  // The counting kernel: one dispatch per round trip, and the counter proves each ran.
  const { pipeline: counting, counter, bind } = await countingKernel(ctx, 'bench.roundtrip');
  const warm = 5; // untimed: first submissions pay for lazy initialisation
  const total = warm + ctx.cfg.roundtrips;
  const samples: number[] = [];
  for (let i = 0; i < total; i++) {
    guard.checkAbort();
    const encoder = device.createCommandEncoder({ label: 'bench.roundtrip' });
    const pass = encoder.beginComputePass({ label: 'bench.roundtrip' });
    pass.setPipeline(counting);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(1);
    pass.end();
    const commands = encoder.finish();
    const t0 = now();
    device.queue.submit([commands]);
    await guard.wait(device.queue.onSubmittedWorkDone(), 'round trip');
    if (i >= warm) samples.push(now() - t0);
    if (i % 10 === 0) ctx.progress(i / total);
  }
  const count = new Uint32Array(await readBack(ctx, counter, 0, 4, 'round trip count'))[0];
  if (count !== total) {
    return [failedMetric('gpu.roundtrip.ms', 'failed', `${total} submitted dispatches ran ${count ?? 0} times`)];
  }
  return [ok('gpu.roundtrip.ms', samples, { timer: 'wall-clock' })];
}
