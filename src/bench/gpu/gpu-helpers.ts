/**
 * GPU plumbing shared by the suite's steps: buffers and pipelines created inside error
 * scopes (so a failure names the object instead of surfacing later as an uncaptured
 * error), every wait bounded by the step's GpuGuard timeout, read-backs that check data
 * against the CPU pattern, and the calibrate / warm-up loop that sizes timed samples.
 */
import { checkPattern, fillPattern } from '../../model/bench/gpu-reference.ts';
import { GpuBenchError, errorMessage } from './errors.ts';
import { mib, type StepContext } from './step-context.ts';
import type { SubmissionTime } from './timer.ts';

/** A timed sample aims for 20 ms: inside METHODS' 10–50 ms window, so 65.5 µs quantization stays < 0.4 %. */
const SAMPLE_TARGET_MS = 20;
/** Calibration accepts a sample from 10 ms. */
const SAMPLE_MIN_MS = 10;
/** No single submission should exceed ~100 ms (OS watchdog, stutter); we keep under half. */
export const SUBMISSION_MAX_MS = 50;
/** Threads per workgroup in every kernel (see shaders). */
export const WORKGROUP_SIZE = 256;
/** Workgroups per dispatch dimension; 2^15 keeps power-of-two grids exact and < 65 535. */
const MAX_WORKGROUPS_X = 2 ** 15;
/** Words compared per window when checking copies and transfers. */
const CHECK_WINDOW_WORDS = 1024;

/** What the buffer and pipeline helpers need: a step's context, or a workload's (src/bench/workloads/gpu). */
export type GpuObjectsContext = Pick<StepContext, 'device' | 'guard' | 'owned'>;

/** Create a buffer inside out-of-memory and validation error scopes. */
export async function createBuffer(ctx: GpuObjectsContext, desc: GPUBufferDescriptor): Promise<GPUBuffer> {
  const { device, guard } = ctx;
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let buffer: GPUBuffer;
  try {
    buffer = device.createBuffer(desc);
  } catch (e) {
    // mappedAtCreation throws a RangeError when the CPU-side mapping cannot be allocated.
    await device.popErrorScope();
    await device.popErrorScope();
    throw new GpuBenchError(
      `could not allocate ${desc.label ?? 'buffer'} (${mib(desc.size)}): ${errorMessage(e)}`,
      'out-of-memory',
      false,
    );
  }
  ctx.owned.push(buffer);
  const validation = await guard.wait(device.popErrorScope(), 'popErrorScope(validation)');
  const oom = await guard.wait(device.popErrorScope(), 'popErrorScope(out-of-memory)');
  if (oom) {
    throw new GpuBenchError(
      `out of GPU memory creating ${desc.label ?? 'buffer'} (${mib(desc.size)}): ${oom.message}`,
      'out-of-memory',
      false,
    );
  }
  if (validation) {
    throw new GpuBenchError(
      `invalid buffer ${desc.label ?? ''} (${mib(desc.size)}): ${validation.message}`,
      'validation',
      false,
    );
  }
  return buffer;
}

/** Compile a module and build a compute pipeline; compile errors fail the step clearly. */
export async function createPipeline(
  ctx: Pick<StepContext, 'device' | 'guard'>,
  code: string,
  entryPoint: string,
  label: string,
  constants?: Record<string, number>,
): Promise<GPUComputePipeline> {
  const { device, guard } = ctx;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const info = await guard.wait(module.getCompilationInfo(), `compile ${label}`);
  const moduleError = await guard.wait(device.popErrorScope(), 'popErrorScope(shader)');
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0 || moduleError) {
    const text = errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ') || moduleError?.message;
    throw new GpuBenchError(`shader ${label} failed to compile: ${text}`, 'compile', false);
  }
  try {
    return await guard.wait(
      device.createComputePipelineAsync({
        label: `${label}.${entryPoint}`,
        layout: 'auto',
        compute: { module, entryPoint, ...(constants ? { constants } : {}) },
      }),
      `createComputePipelineAsync ${label}.${entryPoint}`,
    );
  } catch (e) {
    if (e instanceof GpuBenchError) throw e;
    throw new GpuBenchError(`pipeline ${label}.${entryPoint} failed: ${errorMessage(e)}`, 'compile', false);
  }
}

/** Copy `size` bytes at `offset` of `source` (needs COPY_SRC) back to the CPU. */
export async function readBack(
  ctx: GpuObjectsContext,
  source: GPUBuffer,
  offset: number,
  size: number,
  what: string,
): Promise<ArrayBuffer> {
  const staging = await createBuffer(ctx, {
    label: `bench.${what}.check`,
    size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = ctx.device.createCommandEncoder({ label: `bench.${what}.check` });
  encoder.copyBufferToBuffer(source, offset, staging, 0, size);
  ctx.device.queue.submit([encoder.finish()]);
  await ctx.guard.wait(staging.mapAsync(GPUMapMode.READ), `${what}: mapAsync for the check`);
  const copy = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return copy;
}

/** Dispatch `workgroups` (a power of two) as a 2-D grid within the per-dimension limit. */
export function dispatch2d(pass: GPUComputePassEncoder, workgroups: number): void {
  const x = Math.min(workgroups, MAX_WORKGROUPS_X);
  pass.dispatchWorkgroups(x, Math.max(1, Math.ceil(workgroups / x)));
}

/** Fill a GPU buffer with the seekable random pattern, in 4 MiB pieces to bound JS memory. */
export function writePattern(ctx: StepContext, buffer: GPUBuffer, bytes: number, seed: number): void {
  const chunkBytes = Math.min(bytes, 4 * 2 ** 20);
  const words = new Uint32Array(chunkBytes / 4);
  for (let offset = 0; offset < bytes; offset += chunkBytes) {
    fillPattern(words, seed, offset / 4);
    ctx.device.queue.writeBuffer(buffer, offset, words);
  }
}

/** Check windows at the start, middle and end of a GPU buffer against the pattern. */
export async function checkBufferPattern(
  ctx: StepContext,
  buffer: GPUBuffer,
  bytes: number,
  seed: number,
  what: string,
): Promise<void> {
  const windowBytes = Math.min(bytes, CHECK_WINDOW_WORDS * 4);
  const offsets = [...new Set([0, Math.floor(bytes / 2 / 256) * 256, bytes - windowBytes])];
  for (const offset of offsets) {
    const words = new Uint32Array(await readBack(ctx, buffer, offset, windowBytes, what));
    const bad = checkPattern(words, seed, offset / 4);
    if (bad) throw new GpuBenchError(`${what} produced wrong data (${bad})`, 'mismatch', false);
  }
}

/**
 * Find a repetition count whose sample takes ≥ half of `targetMs` (default 20 ms, so
 * ≥ 10 ms), growing from `start` by the measured shortfall, never past `max`.
 */
export async function calibrate(
  ctx: StepContext,
  runAt: (reps: number) => Promise<SubmissionTime>,
  start: number,
  max: number,
  targetMs: number = SAMPLE_TARGET_MS,
): Promise<{ reps: number; ms: number }> {
  const minMs = (targetMs * SAMPLE_MIN_MS) / SAMPLE_TARGET_MS;
  let reps = start;
  for (let attempt = 0; attempt < 24; attempt++) {
    ctx.guard.checkAbort();
    const { ms } = await runAt(reps);
    if (reps >= max) return { reps, ms };
    if (ms >= minMs) {
      // Close enough: nudge towards the target without re-measuring (linear in reps).
      const scaled = Math.min(max, Math.floor((reps * targetMs) / ms));
      return scaled > reps ? { reps: scaled, ms: (ms * scaled) / reps } : { reps, ms };
    }
    const grow = ms > 0 ? Math.min(16, Math.max(1.5, targetMs / ms)) : 16;
    reps = Math.min(max, Math.ceil(reps * grow));
  }
  const { ms } = await runAt(reps);
  return { reps, ms };
}

/** Run `runAt(reps)` until `ms` (default: the profile's warm-up) has passed (at least once). */
export async function warmUp(ctx: StepContext, runAt: () => Promise<unknown>, ms?: number): Promise<void> {
  const end = ctx.now() + (ms ?? ctx.cfg.warmupMs);
  do {
    ctx.guard.checkAbort();
    await runAt();
  } while (ctx.now() < end);
}
