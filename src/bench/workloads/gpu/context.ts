/**
 * The GPU side's plumbing for one run of a workload kernel: its objects and clock (freed
 * together), the input, output and uniform buffers, timing launches (timestamp queries
 * when the device has them, else wall clock: the suite's GpuTimer) and reading results
 * back. Arrays the adapter cannot bind are refused with the sizes in the message.
 */
import { GpuBenchError, GpuGuard } from '../../gpu/errors.ts';
import { createBuffer, type GpuObjectsContext } from '../../gpu/gpu-helpers.ts';
import { GpuTimer } from '../../gpu/timer.ts';
import { f16Bits, fromF16Bits } from '../inputs.ts';
import { median } from '../../../model/shared/stats.ts';
import { wantsAnotherSample } from '../samples.ts';
import type { GpuDtype, UniformLayout, UniformType } from './shader.ts';

/** A run's GPU objects and clock; destroy() frees them all. */
export interface WorkloadContext extends GpuObjectsContext {
  timer: GpuTimer;
  now: () => number;
  /** The label every GPU object of this run starts with ('workload.matmul.64x64x64'). */
  label: string;
  destroy(): void;
}

export function workloadContext(
  device: GPUDevice,
  label: string,
  opts: { timeoutMs?: number | undefined; signal?: AbortSignal | undefined; now?: (() => number) | undefined },
): WorkloadContext {
  const guard = new GpuGuard(device, opts.timeoutMs ?? 30_000, opts.signal);
  const now = opts.now ?? (() => performance.now());
  const timer = new GpuTimer(device, guard, now);
  const owned: { destroy(): void }[] = [];
  return {
    device,
    guard,
    timer,
    now,
    label,
    owned,
    destroy: () => {
      for (const o of owned) {
        try {
          o.destroy();
        } catch {
          // A lost device may throw on destroy; nothing left to free.
        }
      }
      try {
        timer.destroy();
      } catch {
        // as above
      }
    },
  };
}

/** Refuse arrays the adapter cannot bind, with the sizes in the message. */
export function checkBindable(device: GPUDevice, what: string, bytes: number): void {
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (bytes > limit) {
    throw new GpuBenchError(
      `${what} needs ${bytes} bytes in one buffer; this adapter binds at most ${limit}: run a smaller size`,
      'out-of-memory',
      false,
    );
  }
}

/** An array as stored on the GPU: f32 as is, f16 as its bit patterns. */
export type StoredArray = Float32Array<ArrayBuffer> | Uint16Array<ArrayBuffer>;

/** `values` (already rounded to `dtype`) in `dtype`'s storage, padded with zeros to `length` elements. */
export function storeAs(dtype: GpuDtype, values: ArrayLike<number>, length = values.length): StoredArray {
  if (dtype === 'f32') {
    // Already what the GPU stores: no second copy of a large array.
    if (values instanceof Float32Array && values.length === length && values.buffer instanceof ArrayBuffer) {
      return values as Float32Array<ArrayBuffer>;
    }
    const out = new Float32Array(length);
    out.set(values);
    return out;
  }
  const out = new Uint16Array(length);
  // Values handed in are float16 values already: their bit patterns are exact.
  for (let i = 0; i < values.length; i++) out[i] = f16Bits(values[i] as number);
  return out;
}

/**
 * Copies are timed by wall clock, and a single one can land on a scheduler tick (4 ms here,
 * against 0.05 ms for a 4 KB upload): a copy is timed up to three times, each into fresh
 * buffers as the first, and the median kept; the repeats stop once they took 60 ms together
 * (a 36 MB upload took 23 ms the first time in a page, 13 ms after).
 */
const COPY_REPEATS = 3;
const COPY_CHEAP_MS = 60;
/**
 * A fresh device's first copy pays set-up once (staging memory, the GPU process waking):
 * 20 ms for a 400 KB upload in a page just opened, against 0.4 ms after; 34 ms for 36 MB
 * against 13 ms. Copies up to this size are made once untimed first, as a benchmark warms
 * up; larger ones take long enough that the set-up is in the noise.
 */
const COPY_WARM_BYTES = 64 * 2 ** 20;

/** Input buffers for `arrays` (sizes rounded up to 16 bytes), not yet written. */
export async function inputBuffers(
  ctx: WorkloadContext,
  arrays: readonly StoredArray[],
  name = 'in',
): Promise<GPUBuffer[]> {
  const buffers: GPUBuffer[] = [];
  for (const [i, a] of arrays.entries()) {
    checkBindable(ctx.device, `${ctx.label} ${name} ${i}`, a.byteLength);
    buffers.push(
      await createBuffer(ctx, {
        label: `${ctx.label}.${name}${i}`,
        size: Math.max(16, Math.ceil(a.byteLength / 16) * 16),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      }),
    );
  }
  return buffers;
}

/** Time writing `arrays` into `buffers` until the queue is done (wall clock): one upload. */
export async function writeInputs(
  ctx: WorkloadContext,
  buffers: readonly GPUBuffer[],
  arrays: readonly StoredArray[],
): Promise<{ seconds: number; bytes: number }> {
  const t0 = ctx.now();
  for (const [i, a] of arrays.entries()) ctx.device.queue.writeBuffer(buffers[i] as GPUBuffer, 0, a);
  await ctx.guard.wait(ctx.device.queue.onSubmittedWorkDone(), `${ctx.label}: upload`);
  const seconds = (ctx.now() - t0) / 1000;
  return { seconds, bytes: arrays.reduce((s, a) => s + a.byteLength, 0) };
}

/**
 * Create the input buffers (sizes rounded up to 16 bytes), then time writing them all: the
 * median of up to COPY_REPEATS uploads while cheap, each into fresh buffers, after one
 * untimed upload when small (COPY_WARM_BYTES).
 */
export async function uploadInputs(
  ctx: WorkloadContext,
  arrays: readonly StoredArray[],
  name = 'in',
): Promise<{ buffers: GPUBuffer[]; seconds: number; bytes: number }> {
  const times: number[] = [];
  let buffers: GPUBuffer[] = [];
  let bytes = 0;
  let spentMs = 0;
  if (arrays.reduce((sum, a) => sum + a.byteLength, 0) <= COPY_WARM_BYTES) {
    buffers = await inputBuffers(ctx, arrays, name);
    await writeInputs(ctx, buffers, arrays);
  }
  for (let rep = 0; rep < COPY_REPEATS && (rep === 0 || spentMs < COPY_CHEAP_MS); rep++) {
    for (const b of buffers) b.destroy();
    buffers = await inputBuffers(ctx, arrays, name);
    const written = await writeInputs(ctx, buffers, arrays);
    bytes = written.bytes;
    times.push(written.seconds);
    spentMs += written.seconds * 1000;
  }
  return { buffers, seconds: median(times), bytes };
}

/** A storage buffer of `bytes` (rounded up to 16) for results. */
export function outputBuffer(ctx: WorkloadContext, name: string, bytes: number): Promise<GPUBuffer> {
  checkBindable(ctx.device, `${ctx.label} ${name}`, bytes);
  return createBuffer(ctx, {
    label: `${ctx.label}.${name}`,
    size: Math.max(16, Math.ceil(bytes / 16) * 16),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
}

/** A uniform buffer holding `values` packed by their declared layout. */
export async function uniformBuffer<F extends Record<string, UniformType>>(
  ctx: WorkloadContext,
  name: string,
  layout: UniformLayout<F>,
  values: { readonly [K in keyof F]: number },
): Promise<GPUBuffer> {
  const buffer = await createBuffer(ctx, {
    label: `${ctx.label}.${name}`,
    size: layout.byteSize,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  ctx.device.queue.writeBuffer(buffer, 0, layout.pack(values));
  return buffer;
}

/** A bind group of `buffers` at bindings 0, 1, 2, … of the pipeline's group 0. */
export function bindBuffers(ctx: WorkloadContext, pipeline: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup {
  return ctx.device.createBindGroup({
    label: ctx.label,
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

/** One dispatch: pipeline, bind group, workgroups (x, y) or a 1-D count spread over 2-D. */
export interface Launch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: number | [number, number];
}

/** Any workgroup count as a 2-D grid within the 65 535 per-dimension limit (kernels skip the excess). */
export function dispatch2dAny(pass: GPUComputePassEncoder, workgroups: number): void {
  if (workgroups <= 65_535) pass.dispatchWorkgroups(Math.max(1, workgroups));
  else {
    const y = Math.ceil(workgroups / 65_535);
    pass.dispatchWorkgroups(Math.ceil(workgroups / y), y);
  }
}

/** Threads in the grid dispatch2dAny builds for `workgroups` of `size` (the kernels' grid stride). */
export function gridThreads(workgroups: number, size: number): number {
  const y = workgroups <= 65_535 ? 1 : Math.ceil(workgroups / 65_535);
  return Math.ceil(workgroups / y) * y * size;
}

/** Encode `launches` in order in one compute pass (the timer's timestamps bracket the pass). */
export function encodeLaunches(
  ctx: WorkloadContext,
  launches: readonly Launch[],
): (encoder: GPUCommandEncoder, timestampWrites: GPUComputePassTimestampWrites | undefined) => void {
  return (encoder, timestampWrites) => {
    const pass = encoder.beginComputePass({ label: ctx.label, ...(timestampWrites ? { timestampWrites } : {}) });
    for (const l of launches) {
      pass.setPipeline(l.pipeline);
      pass.setBindGroup(0, l.bindGroup);
      if (typeof l.workgroups === 'number') dispatch2dAny(pass, l.workgroups);
      else pass.dispatchWorkgroups(l.workgroups[0], l.workgroups[1]);
    }
    pass.end();
  };
}

/**
 * Untimed warm-up: one run, and more while they stay cheap. A new pipeline's first
 * dispatches can be far slower than the rest (SwiftShader: 1.8–3.7 ms, then 0.06 ms for a
 * 16-element kernel), which a median of three would keep; a kernel of 2 ms or more is warm
 * after one run, so large sizes pay nothing extra.
 */
const WARMUP_MAX_RUNS = 5;
const WARMUP_CHEAP_MS = 10;

/**
 * Untimed warm-up runs (see above), then `runs` timed ones, more while they total under
 * 10 ms (samples.ts), all launches of a run in one compute pass, so the timestamps bracket
 * exactly the kernels; GPU seconds per run.
 */
export async function timeRuns(ctx: WorkloadContext, launches: readonly Launch[], runs: number): Promise<number[]> {
  const encode = encodeLaunches(ctx, launches);
  let warmMs = 0;
  for (let w = 0; w < WARMUP_MAX_RUNS && (w === 0 || warmMs < WARMUP_CHEAP_MS); w++) {
    ctx.guard.checkAbort();
    warmMs += (await ctx.timer.time(encode, ctx.label)).ms;
  }
  const out: number[] = [];
  while (wantsAnotherSample(out, runs)) {
    ctx.guard.checkAbort();
    out.push((await ctx.timer.time(encode, ctx.label)).ms / 1000);
  }
  return out;
}

/**
 * Time copying the first `elements` values of `source` back to the CPU (copy, mapAsync,
 * copy out; median of up to three while cheap, see COPY_REPEATS); the values as numbers
 * whatever `dtype` stored them.
 */
export async function readOutput(
  ctx: WorkloadContext,
  source: GPUBuffer,
  elements: number,
  dtype: GpuDtype,
): Promise<{ data: Float32Array; seconds: number; bytes: number }> {
  const times: number[] = [];
  let spentMs = 0;
  let out: { data: Float32Array; seconds: number; bytes: number } | undefined;
  if (elements * (dtype === 'f16' ? 2 : 4) <= COPY_WARM_BYTES) {
    const staging = await readbackBuffer(ctx, elements, dtype);
    await readOutputVia(ctx, source, staging, elements, dtype);
    staging.destroy();
  }
  for (let rep = 0; rep < COPY_REPEATS && (rep === 0 || spentMs < COPY_CHEAP_MS); rep++) {
    // A new MAP_READ buffer each time, as a run that reads its result once has.
    const staging = await readbackBuffer(ctx, elements, dtype);
    out = await readOutputVia(ctx, source, staging, elements, dtype);
    staging.destroy();
    times.push(out.seconds);
    spentMs += out.seconds * 1000;
  }
  return { ...(out as { data: Float32Array; seconds: number; bytes: number }), seconds: median(times) };
}

/** A mappable buffer for reading back `elements` values of `dtype`, for {@link readOutputVia} (reused by repeated readbacks). */
export function readbackBuffer(ctx: WorkloadContext, elements: number, dtype: GpuDtype): Promise<GPUBuffer> {
  const bytes = elements * (dtype === 'f16' ? 2 : 4);
  return createBuffer(ctx, {
    label: `${ctx.label}.readback`,
    size: Math.max(16, Math.ceil(bytes / 16) * 16),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
}

/** {@link readOutput} through a staging buffer from {@link readbackBuffer}. */
export async function readOutputVia(
  ctx: WorkloadContext,
  source: GPUBuffer,
  staging: GPUBuffer,
  elements: number,
  dtype: GpuDtype,
): Promise<{ data: Float32Array; seconds: number; bytes: number }> {
  const bytes = elements * (dtype === 'f16' ? 2 : 4);
  const size = Math.max(16, Math.ceil(bytes / 16) * 16);
  const t0 = ctx.now();
  const encoder = ctx.device.createCommandEncoder({ label: `${ctx.label}.readback` });
  encoder.copyBufferToBuffer(source, 0, staging, 0, size);
  ctx.device.queue.submit([encoder.finish()]);
  await ctx.guard.wait(staging.mapAsync(GPUMapMode.READ), `${ctx.label}: mapAsync for the readback`);
  const raw = staging.getMappedRange().slice(0, bytes);
  staging.unmap();
  const seconds = (ctx.now() - t0) / 1000;
  if (dtype === 'f32') return { data: new Float32Array(raw), seconds, bytes };
  const bits = new Uint16Array(raw);
  const data = new Float32Array(elements);
  for (let i = 0; i < elements; i++) data[i] = fromF16Bits(bits[i] as number);
  return { data, seconds, bytes };
}
