/**
 * The on-device memory bandwidth step (gpu.device.gbps): how fast kernels can stream
 * through GPU memory, independent of any host transfer. Like the f32 peak, it tries a few
 * copy kernels (vector width, loads per thread, loads issued together) briefly, validates
 * each, and times the fastest fully; copyBufferToBuffer is timed beside it (references.ts).
 */
import type { Metric } from '../../model/bench/metrics.ts';
import { GpuBenchError, errorMessage } from './errors.ts';
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

/** One copy kernel: element type, entry point and elements per thread. */
export interface CopyCandidate {
  elem: 'vec4<u32>' | 'vec2<u32>' | 'u32';
  entry: 'copy_vec4' | 'copy_vec4_x4';
  loadsPerThread: number;
}

const ELEM_BYTES: Record<CopyCandidate['elem'], number> = { 'vec4<u32>': 16, 'vec2<u32>': 8, u32: 4 };

export function copyLabel(c: CopyCandidate): string {
  const w = { 'vec4<u32>': 'v4', 'vec2<u32>': 'v2', u32: 's' }[c.elem];
  return `${w}.L${c.loadsPerThread}${c.entry === 'copy_vec4_x4' ? '.x4' : ''}`;
}

/**
 * Candidates per machine kind and profile. Software adapters pay ~25 µs per workgroup
 * (each one is a coroutine), so they copy hundreds of elements per thread; GPUs want many threads
 * with a few 16-byte loads each in flight (4 hides DRAM latency at full occupancy) or one
 * element per thread; 4- and 8-byte elements are tried in the full profile.
 */
export function copyCandidates(fallback: boolean, profile: 'quick' | 'full'): CopyCandidate[] {
  const c = (elem: CopyCandidate['elem'], entry: CopyCandidate['entry'], loadsPerThread: number): CopyCandidate => ({
    elem,
    entry,
    loadsPerThread,
  });
  if (fallback) {
    // 256 and 1024 elements per thread: 64 / 16 workgroups for 64 MiB, so the per-workgroup
    // cost vanishes; 64 is the previous kernel.
    const quick = [
      c('vec4<u32>', 'copy_vec4', 256),
      c('vec4<u32>', 'copy_vec4', 1024),
      c('vec4<u32>', 'copy_vec4', 64),
    ];
    return profile === 'quick'
      ? quick
      : [
          ...quick,
          c('vec4<u32>', 'copy_vec4_x4', 256),
          c('u32', 'copy_vec4', 1024),
          c('vec2<u32>', 'copy_vec4', 512),
          c('vec4<u32>', 'copy_vec4', 16),
        ];
  }
  const quick = [c('vec4<u32>', 'copy_vec4', 4), c('vec4<u32>', 'copy_vec4_x4', 4), c('vec4<u32>', 'copy_vec4', 1)];
  return profile === 'quick'
    ? quick
    : [
        ...quick,
        c('vec4<u32>', 'copy_vec4', 8),
        c('vec4<u32>', 'copy_vec4_x4', 16),
        c('vec2<u32>', 'copy_vec4', 4),
        c('u32', 'copy_vec4', 4),
      ];
}

/** shaders/copy.wgsl with its `Elem` alias set to `elem`. */
export function copySource(code: string, elem: CopyCandidate['elem']): string {
  const line = 'alias Elem = vec4<u32>;';
  if (!code.includes(line)) throw new GpuBenchError(`copy shader lacks "${line}"`, 'compile', false);
  return code.replace(line, `alias Elem = ${elem};`);
}

/** Trial samples aim at 5 ms (ranking only); the winner's samples at the usual 20 ms. */
const TRIAL_TARGET_MS = 5;

/**
 * On-device memory bandwidth: copy kernels reading and writing a buffer far larger than
 * any cache, counted as read + write bytes.
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
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const src = await createBuffer(ctx, { label: 'bench.copy.src', size: bufferBytes, usage });
  const dst = await createBuffer(ctx, { label: 'bench.copy.dst', size: bufferBytes, usage });
  writePattern(ctx, src, bufferBytes, seed);
  await ctx.guard.wait(ctx.device.queue.onSubmittedWorkDone(), 'fill copy source');
  ctx.progress(0.05);

  const kernels = await Promise.all(
    copyCandidates(ctx.fallback, ctx.opts.profile).map(async (cand) => {
      const label = `bench.copy.${copyLabel(cand)}`;
      const pipeline = await createPipeline(ctx, copySource(ctx.opts.shaders.copy, cand.elem), cand.entry, label, {
        LOADS_PER_THREAD: cand.loadsPerThread,
      });
      const params = await createBuffer(ctx, {
        label: `${label}.params`,
        size: 16,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      const bindGroup = ctx.device.createBindGroup({
        label: `${label}.bind`,
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: params } },
          { binding: 1, resource: { buffer: src } },
          { binding: 2, resource: { buffer: dst } },
        ],
      });
      let threads = 0;
      /** Params: u32 count (elements), u32 stride (threads), 2 × pad. */
      const size = (b: number) => {
        const count = b / ELEM_BYTES[cand.elem];
        threads = Math.max(WORKGROUP_SIZE, count / cand.loadsPerThread);
        ctx.device.queue.writeBuffer(params, 0, new Uint32Array([count, threads, 0, 0]));
      };
      size(bytes);
      const runAt = (reps: number) =>
        ctx.timer.time((encoder, timestampWrites) => {
          const pass = encoder.beginComputePass({ label, ...(timestampWrites ? { timestampWrites } : {}) });
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, bindGroup);
          for (let r = 0; r < reps; r++) dispatch2d(pass, threads / WORKGROUP_SIZE);
          pass.end();
        }, label);
      return { cand, label, size, runAt };
    }),
  );
  const first = kernels[0];
  if (!first) throw new GpuBenchError('no copy kernel to run', 'internal', false);
  // One dispatch must stay under ~100 ms (watchdog, stutter): a slow adapter copies less,
  // down to 16 MiB (still 4× a large CPU L2 slice; on a real GPU the full buffer fits easily).
  for (let attempt = 0; attempt < 8; attempt++) {
    const single = await first.runAt(1);
    if (single.ms <= SUBMISSION_MAX_MS * 2 || bytes <= 16 * 2 ** 20) break;
    bytes /= 2;
    for (const k of kernels) k.size(bytes);
  }
  const clearDst = () => {
    const enc = ctx.device.createCommandEncoder({ label: 'bench.copy.clear' });
    enc.clearBuffer(dst);
    ctx.device.queue.submit([enc.finish()]);
  };
  // Trials: each kernel briefly, on a cleared destination, then checked.
  const trials: { label: string; gbps?: number; error?: string }[] = [];
  let best: { k: (typeof kernels)[number]; gbps: number; msPerRep: number } | undefined;
  let firstError: unknown;
  for (const [i, k] of kernels.entries()) {
    ctx.guard.checkAbort();
    try {
      clearDst();
      const c = await calibrate(ctx, k.runAt, 1, 256, TRIAL_TARGET_MS);
      let top = 0;
      for (let s = 0; s < 2; s++) {
        const t = await k.runAt(c.reps);
        top = Math.max(top, (2 * bytes * c.reps) / (t.ms * 1e6));
      }
      await checkBufferPattern(ctx, dst, bytes, seed, `copy kernel ${k.label}`);
      trials.push({ label: copyLabel(k.cand), gbps: top });
      if (!best || top > best.gbps) best = { k, gbps: top, msPerRep: (2 * bytes) / (top * 1e6) };
    } catch (e) {
      if (e instanceof GpuBenchError && e.fatal) throw e;
      firstError ??= e;
      trials.push({ label: copyLabel(k.cand), error: errorMessage(e) });
    }
    ctx.progress(0.05 + (0.3 * (i + 1)) / kernels.length, `trying ${copyLabel(k.cand)}`);
  }
  if (!best) throw firstError instanceof Error ? firstError : new GpuBenchError(String(firstError), 'internal', false);
  const winner = best;
  const reps = Math.min(256, Math.max(1, Math.round(20 / winner.msPerRep)));
  clearDst();
  await warmUp(ctx, () => winner.k.runAt(reps));
  const kernelGBps: number[] = [];
  for (let s = 0; s < ctx.cfg.samples; s++) {
    ctx.guard.checkAbort();
    const t = await winner.k.runAt(reps);
    kernelGBps.push((2 * bytes * reps) / (t.ms * 1e6)); // read + write bytes
    ctx.progress(0.35 + (0.4 * (s + 1)) / ctx.cfg.samples);
  }
  await checkBufferPattern(ctx, dst, bytes, seed, 'copy kernel');

  const details: Record<string, string | number | boolean> = {
    bytes,
    bufferBytes,
    dispatchesPerSample: reps,
    variant: copyLabel(winner.k.cand),
    loadsPerThread: winner.k.cand.loadsPerThread,
    elementBytes: ELEM_BYTES[winner.k.cand.elem],
    variantsTried: trials.length,
  };
  for (const t of trials)
    details[`trial.${t.label}`] = t.gbps !== undefined ? Number(t.gbps.toFixed(3)) : `failed: ${t.error ?? ''}`;
  if (bytes < bufferBytes)
    ctx.warnings.push(
      `memory bandwidth: copied ${mib(bytes)} per dispatch (not ${mib(bufferBytes)}) to keep each submission under 100 ms`,
    );
  const copyGBps = await measureCopyBufferToBufferReference(ctx, src, dst, bytes, seed);
  if (copyGBps !== undefined) details['copyBufferToBufferGBps'] = Number(copyGBps.toFixed(3));
  return [ok('gpu.device.gbps', kernelGBps, details)];
}
