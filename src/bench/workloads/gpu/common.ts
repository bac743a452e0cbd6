/**
 * What the GPU workload kernels share (issue 13, "verify the estimate"): each runner
 * takes a GPUDevice, uploads the workload's arrays, runs the kernel with timing
 * (timestamp queries when the device has them, else wall clock: the suite's GpuTimer),
 * reads the output back, checks sampled outputs against a CPU reference, and returns the
 * times. A mismatch throws a GpuBenchError('mismatch') with the first bad output named:
 * never a number for a wrong result.
 */
import { GpuBenchError, GpuGuard } from '../../gpu/errors.ts';
import { createBuffer, dispatch2d, type GpuObjectsContext } from '../../gpu/gpu-helpers.ts';
import { median } from '../../gpu/step-context.ts';
import { GpuTimer } from '../../gpu/timer.ts';

/** WGSL sources of the workload kernels (shaders/*.wgsl). */
export interface WorkloadShaders {
  /** shaders/matmul.wgsl: matmul */
  matmul: string;
  /** shaders/elementwise.wgsl: axpb */
  elementwise: string;
  /** shaders/reduce.wgsl: reduce_sum (workgroup tree) */
  reduce: string;
  /** shaders/reduce-subgroups.wgsl: reduce_sum with subgroupAdd (needs 'subgroups') */
  reduceSubgroups: string;
  /** shaders/softmax.wgsl: softmax_rows */
  softmax: string;
}

export interface GpuWorkloadOptions {
  shaders: WorkloadShaders;
  /** Timed runs after one untimed warm-up run (default 5); computeSeconds is their median. */
  runs?: number;
  /** Longest wait for any GPU call, ms (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Seed of the random inputs (default 1). */
  seed?: number;
  /** Clock, ms (default performance.now). */
  now?: () => number;
}

export interface GpuWorkloadResult {
  /** Median GPU time of one run of the kernel(s), s. */
  computeSeconds: number;
  /** Host → GPU: writeBuffer of every input array until the queue is done, s (wall clock). */
  uploadSeconds: number;
  /** GPU → host: copy to a mappable buffer, mapAsync and copy out of the output, s (wall clock). */
  readbackSeconds: number;
  /** Kernel launches (dispatches) per run. */
  launches: number;
  /** True: sampled outputs matched the CPU reference (false never returns: it throws). */
  validated: true;
  /** Outputs compared with the CPU reference. */
  samples: number;
  /** Every timed run, s. */
  computeSamples: number[];
  timer: 'timestamp-query' | 'wall-clock';
  /** FLOPs and bytes (read + written by the kernel) of one run, as the workload model counts them. */
  flops: number;
  bytes: number;
  /** flops / computeSeconds / 1e9 and bytes / computeSeconds / 1e9. */
  achievedGflops: number;
  achievedGbps: number;
  /** Bytes uploaded and read back (padding to whole vec4 included). */
  uploadBytes: number;
  readbackBytes: number;
  /** Kernel variant, e.g. 'tree' or 'subgroups' for the reduction. */
  variant?: string;
}

/** A run's GPU objects and clock; destroy() frees them all. */
export interface WorkloadContext extends GpuObjectsContext {
  timer: GpuTimer;
  now: () => number;
  destroy(): void;
}

export function workloadContext(device: GPUDevice, opts: GpuWorkloadOptions): WorkloadContext {
  const guard = new GpuGuard(device, opts.timeoutMs ?? 30_000, opts.signal);
  const now = opts.now ?? (() => performance.now());
  const timer = new GpuTimer(device, guard, now);
  const owned: { destroy(): void }[] = [];
  return {
    device,
    guard,
    timer,
    now,
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

/** Deterministic inputs in [lo, hi): a 32-bit xorshift stream, so tests and reruns see the same data. */
export function randomArray(length: number, seed: number, lo = -1, hi = 1): Float32Array<ArrayBuffer> {
  const out = new Float32Array(length);
  let x = (seed * 0x9e3779b9) >>> 0 || 0x1234567;
  const scale = (hi - lo) / 2 ** 32;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = lo + x * scale;
  }
  return out;
}

/** Create the input buffers (sizes rounded up to 16 bytes), then time writing them all. */
export async function uploadInputs(
  ctx: WorkloadContext,
  label: string,
  arrays: Float32Array<ArrayBuffer>[],
): Promise<{ buffers: GPUBuffer[]; seconds: number; bytes: number }> {
  const buffers: GPUBuffer[] = [];
  for (const [i, a] of arrays.entries()) {
    checkBindable(ctx.device, `${label} input ${i}`, a.byteLength);
    buffers.push(
      await createBuffer(ctx, {
        label: `${label}.in${i}`,
        size: Math.max(16, Math.ceil(a.byteLength / 16) * 16),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      }),
    );
  }
  const t0 = ctx.now();
  for (const [i, a] of arrays.entries()) ctx.device.queue.writeBuffer(buffers[i] as GPUBuffer, 0, a);
  await ctx.guard.wait(ctx.device.queue.onSubmittedWorkDone(), `${label}: upload`);
  const seconds = (ctx.now() - t0) / 1000;
  return { buffers, seconds, bytes: arrays.reduce((s, a) => s + a.byteLength, 0) };
}

/** A storage output buffer of `bytes` (rounded up to 16). */
export function outputBuffer(ctx: WorkloadContext, label: string, bytes: number): Promise<GPUBuffer> {
  checkBindable(ctx.device, `${label} output`, bytes);
  return createBuffer(ctx, {
    label: `${label}.out`,
    size: Math.max(16, Math.ceil(bytes / 16) * 16),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
}

/** A uniform buffer holding `words` u32. */
export async function uniformBuffer(ctx: WorkloadContext, label: string, words: number[]): Promise<GPUBuffer> {
  const data = new Uint32Array(Math.max(4, Math.ceil(words.length / 4) * 4));
  data.set(words);
  const buffer = await createBuffer(ctx, {
    label: `${label}.params`,
    size: data.byteLength,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  ctx.device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

/** One dispatch: pipeline, bind group, workgroups (x, y) or a 1-D count spread over 2-D. */
export interface Launch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: number | [number, number];
}

/**
 * One untimed run, then `runs` timed ones (all launches of a run in one compute pass, so
 * the timestamps bracket exactly the kernels); GPU seconds per run.
 */
export async function timeRuns(
  ctx: WorkloadContext,
  label: string,
  launches: Launch[],
  runs: number,
): Promise<number[]> {
  const encode = (encoder: GPUCommandEncoder, timestampWrites: GPUComputePassTimestampWrites | undefined) => {
    const pass = encoder.beginComputePass({ label, ...(timestampWrites ? { timestampWrites } : {}) });
    for (const l of launches) {
      pass.setPipeline(l.pipeline);
      pass.setBindGroup(0, l.bindGroup);
      if (typeof l.workgroups === 'number') dispatch2dAny(pass, l.workgroups);
      else pass.dispatchWorkgroups(l.workgroups[0], l.workgroups[1]);
    }
    pass.end();
  };
  await ctx.timer.time(encode, label);
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    ctx.guard.checkAbort();
    out.push((await ctx.timer.time(encode, label)).ms / 1000);
  }
  return out;
}

/** Any workgroup count as a 2-D grid within the 65 535 per-dimension limit (kernels skip the excess). */
export function dispatch2dAny(pass: GPUComputePassEncoder, workgroups: number): void {
  if (workgroups <= 65_535) pass.dispatchWorkgroups(Math.max(1, workgroups));
  else {
    const y = Math.ceil(workgroups / 65_535);
    pass.dispatchWorkgroups(Math.ceil(workgroups / y), y);
  }
}

/** 2-D grid for power-of-two counts, as the suite does (re-exported for the kernels). */
export { dispatch2d };

/** Time copying `bytes` of `source` back to the CPU (copy, mapAsync, copy out). */
export async function readOutput(
  ctx: WorkloadContext,
  label: string,
  source: GPUBuffer,
  bytes: number,
): Promise<{ data: Float32Array; seconds: number }> {
  const size = Math.max(16, Math.ceil(bytes / 16) * 16);
  const staging = await createBuffer(ctx, {
    label: `${label}.readback`,
    size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const t0 = ctx.now();
  const encoder = ctx.device.createCommandEncoder({ label: `${label}.readback` });
  encoder.copyBufferToBuffer(source, 0, staging, 0, size);
  ctx.device.queue.submit([encoder.finish()]);
  await ctx.guard.wait(staging.mapAsync(GPUMapMode.READ), `${label}: mapAsync for the readback`);
  const data = new Float32Array(staging.getMappedRange().slice(0, bytes));
  staging.unmap();
  return { data, seconds: (ctx.now() - t0) / 1000 };
}

/** |got − want| within `absTol`, or NaN/∞ anywhere: throws a mismatch naming the output. */
export function expectClose(label: string, where: string, got: number, want: number, absTol: number): void {
  if (!Number.isFinite(got) || !(Math.abs(got - want) <= absTol)) {
    throw new GpuBenchError(
      `${label}: output differs from the CPU reference at ${where} (got ${got}, expected ${want} ± ${absTol.toPrecision(3)})`,
      'mismatch',
      false,
    );
  }
}

/** Sample indices in [0, count): the first, the last, and evenly spread ones between, at most `max`. */
export function sampleIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const out = new Set<number>([0, count - 1]);
  // A fixed odd stride visits scattered positions (not only row starts).
  const step = count / (max - 2);
  for (let i = 1; out.size < max && i < max * 2; i++)
    out.add(Math.min(count - 1, Math.floor(i * step + ((i * 7919) % Math.max(1, Math.floor(step))))));
  return [...out].sort((a, b) => a - b);
}

/** Assemble the result from its parts. */
export function result(
  parts: Omit<GpuWorkloadResult, 'computeSeconds' | 'achievedGflops' | 'achievedGbps' | 'validated'>,
): GpuWorkloadResult {
  const computeSeconds = median(parts.computeSamples);
  return {
    ...parts,
    computeSeconds,
    validated: true,
    achievedGflops: parts.flops / computeSeconds / 1e9,
    achievedGbps: parts.bytes / computeSeconds / 1e9,
  };
}
