/**
 * The GPU measurement suite. DOM-free: it takes a GPUDevice (from a page or from Dawn
 * under Node), shader sources and options, and returns a GpuSuiteResult. Methodology in
 * /work/shared/METHODS.md; every kernel's output is checked against a CPU reference
 * (src/model/gpu-reference.ts) before its number is reported.
 */
import type {
  GpuAdapterFacts,
  GpuSuiteResult,
  ReferenceMeasurement,
  TransferCurve,
} from '../../model/bench-run.ts';
import {
  FMA_ADD,
  FMA_ADD_F16,
  FMA_GUARD,
  FMA_MUL,
  checkPattern,
  closeTo,
  fillPattern,
  fmaScalarReference,
  fmaVec4F16Reference,
  fmaVec4Reference,
} from '../../model/gpu-reference.ts';
import { okMetric, type Metric, type MetricFailed, type MetricId } from '../../model/metrics.ts';
import type { Better } from '../../model/stats.ts';
import { isQuantized } from '../../model/timer-quantization.ts';
import { fitTransferForBandwidth as fitTransfer, geometricSizes, type TransferPoint } from '../../model/transfer-fit.ts';
import type { BenchProfile, BenchRunOptions } from '../types.ts';
import { GpuBenchError, GpuGuard, errorMessage, yieldToEventLoop } from './errors.ts';
import { GpuTimer, type SubmissionTime } from './timer.ts';

/** WGSL sources, one kernel family per file in shaders/. */
export interface ShaderSources {
  /** shaders/fma.wgsl: fma_vec4, fma_scalar */
  fma: string;
  /** shaders/fma-f16.wgsl: fma_vec4_f16 */
  fmaF16: string;
  /** shaders/copy.wgsl: copy_vec4 */
  copy: string;
  /** shaders/dispatch.wgsl: dispatch_empty, dispatch_count */
  dispatch: string;
}

/** The suite's steps, in run order. */
export type GpuStepId = 'f32' | 'f16' | 'device' | 'upload' | 'readback' | 'dispatch' | 'roundtrip';

/** Every step, in the order the suite runs them (cheap and most important first). */
export const GPU_STEPS: readonly GpuStepId[] = ['f32', 'f16', 'device', 'upload', 'readback', 'dispatch', 'roundtrip'];

/** Options for runGpuSuite: the shared run options plus what the suite needs to know. */
export interface GpuSuiteOptions extends BenchRunOptions {
  shaders: ShaderSources;
  /** Adapter identity (from acquireGpu). */
  adapter: GpuAdapterFacts;
  /** Limits the device was created with (recorded in the result). */
  limits?: Record<string, number>;
  /** Longest wait for any single GPU call, ms (default 20 s). */
  timeoutMs?: number;
  /** Run only these steps (tests, partial runs); metrics of the others are omitted. */
  steps?: readonly GpuStepId[];
  /** Also time the slow reference kernels for BENCHMARKS.md (always on in `full`). */
  reference?: boolean;
  /** Defaults: navigator.userAgent / 'node …'. */
  userAgent?: string;
  crossOriginIsolated?: boolean;
  /** Clock, ms (default performance.now). */
  now?: () => number;
}

/** Per-profile effort. Comments say why each number. */
interface ProfileConfig {
  /** Timed samples per kernel metric (METHODS: 10–30; quick takes fewer). */
  samples: number;
  /** Warm-up per kernel; METHODS asks ≥ 500 ms for clocks to ramp, quick shortens it. */
  warmupMs: number;
  /** Largest transfer in the sweep (METHODS: ≥ 64 MB). */
  transferMaxBytes: number;
  /** Step between sweep sizes. */
  transferFactor: number;
  /** Sweeps per transfer path; each sweep gives one fitted (latency, bandwidth) sample. */
  transferRounds: number;
  /** Round trips timed (METHODS: median of ≥ 50). */
  roundtrips: number;
  /** Device-bandwidth buffer on a real GPU (≥ 4× any last-level cache: H100 L2 is 50 MB). */
  deviceBytes: number;
  /** Device-bandwidth buffer on a software adapter (a CPU copy; bigger only takes longer). */
  deviceBytesFallback: number;
}

const PROFILES: Record<BenchProfile, ProfileConfig> = {
  quick: {
    samples: 8,
    warmupMs: 100,
    transferMaxBytes: 64 * 2 ** 20,
    transferFactor: 4,
    transferRounds: 3,
    roundtrips: 50,
    deviceBytes: 256 * 2 ** 20,
    deviceBytesFallback: 64 * 2 ** 20,
  },
  full: {
    samples: 20,
    warmupMs: 500,
    transferMaxBytes: 256 * 2 ** 20,
    transferFactor: 2,
    transferRounds: 7,
    roundtrips: 200,
    deviceBytes: 1024 * 2 ** 20,
    deviceBytesFallback: 128 * 2 ** 20,
  },
};

/** A timed sample aims for 20 ms: inside METHODS' 10–50 ms window, so 65.5 µs quantization stays < 0.4 %. */
const SAMPLE_TARGET_MS = 20;
/** Calibration accepts a sample from 10 ms. */
const SAMPLE_MIN_MS = 10;
/** No single submission should exceed ~100 ms (OS watchdog, stutter); we keep under half. */
const SUBMISSION_MAX_MS = 50;
/** Threads per workgroup in every kernel (see shaders). */
const WORKGROUP_SIZE = 256;
/** Workgroups per dispatch dimension; 2^15 keeps power-of-two grids exact and < 65 535. */
const MAX_WORKGROUPS_X = 2 ** 15;
/** Words compared per window when checking copies and transfers. */
const CHECK_WINDOW_WORDS = 1024;

const METRIC_META: Record<MetricId, { unit: string; better: Better }> = {
  'gpu.f32.gflops': { unit: 'GFLOPS', better: 'higher' },
  'gpu.f16.gflops': { unit: 'GFLOPS', better: 'higher' },
  'gpu.upload.gbps': { unit: 'GB/s', better: 'higher' },
  'gpu.upload.latency.ms': { unit: 'ms', better: 'lower' },
  'gpu.readback.gbps': { unit: 'GB/s', better: 'higher' },
  'gpu.readback.latency.ms': { unit: 'ms', better: 'lower' },
  'gpu.device.gbps': { unit: 'GB/s', better: 'higher' },
  'gpu.dispatch.us': { unit: 'µs', better: 'lower' },
  'gpu.encode.us': { unit: 'µs', better: 'lower' },
  'gpu.roundtrip.ms': { unit: 'ms', better: 'lower' },
  'cpu.js.gflops': { unit: 'GFLOPS', better: 'higher' },
  'cpu.simd1.gflops': { unit: 'GFLOPS', better: 'higher' },
  'cpu.simdAll.gflops': { unit: 'GFLOPS', better: 'higher' },
};

const STEP_METRICS: Record<GpuStepId, MetricId[]> = {
  f32: ['gpu.f32.gflops'],
  f16: ['gpu.f16.gflops'],
  device: ['gpu.device.gbps'],
  upload: ['gpu.upload.gbps', 'gpu.upload.latency.ms'],
  readback: ['gpu.readback.gbps', 'gpu.readback.latency.ms'],
  dispatch: ['gpu.dispatch.us', 'gpu.encode.us'],
  roundtrip: ['gpu.roundtrip.ms'],
};

/** Relative weights of the steps in the progress bar (≈ their share of run time). */
const STEP_WEIGHT: Record<GpuStepId, number> = {
  f32: 2,
  f16: 1,
  device: 2,
  upload: 3.5,
  readback: 1.5,
  dispatch: 1.5,
  roundtrip: 0.5,
};

const STEP_LABEL: Record<GpuStepId, string> = {
  f32: 'GPU f32 throughput',
  f16: 'GPU f16 throughput',
  device: 'GPU memory bandwidth',
  upload: 'Upload CPU → GPU',
  readback: 'Readback GPU → CPU',
  dispatch: 'Dispatch overhead',
  roundtrip: 'Submit round trip',
};

/** A failed/skipped/cancelled metric with its reason. */
export function failedMetric(id: MetricId, status: MetricFailed['status'], error: string): MetricFailed {
  return { id, status, unit: METRIC_META[id].unit, better: METRIC_META[id].better, error };
}

function ok(id: MetricId, samples: number[], details?: Record<string, string | number | boolean>) {
  return okMetric(id, METRIC_META[id].unit, METRIC_META[id].better, samples, details);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Everything a step needs. */
interface Ctx {
  device: GPUDevice;
  guard: GpuGuard;
  timer: GpuTimer;
  cfg: ProfileConfig;
  opts: GpuSuiteOptions;
  fallback: boolean;
  now: () => number;
  warnings: string[];
  transfers: TransferCurve[];
  references: ReferenceMeasurement[];
  /** Report progress within the current step, 0..1. */
  progress: (fraction: number, detail?: string) => void;
  /** GPU objects to destroy when the step ends. */
  owned: { destroy(): void }[];
}

// ---------------------------------------------------------------- GPU helpers

/** Create a buffer inside out-of-memory and validation error scopes. */
async function createBuffer(ctx: Ctx, desc: GPUBufferDescriptor): Promise<GPUBuffer> {
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
    throw new GpuBenchError(`could not allocate ${desc.label ?? 'buffer'} (${mib(desc.size)}): ${errorMessage(e)}`, 'out-of-memory', false);
  }
  ctx.owned.push(buffer);
  const validation = await guard.wait(device.popErrorScope(), 'popErrorScope(validation)');
  const oom = await guard.wait(device.popErrorScope(), 'popErrorScope(out-of-memory)');
  if (oom) {
    throw new GpuBenchError(`out of GPU memory creating ${desc.label ?? 'buffer'} (${mib(desc.size)}): ${oom.message}`, 'out-of-memory', false);
  }
  if (validation) {
    throw new GpuBenchError(`invalid buffer ${desc.label ?? ''} (${mib(desc.size)}): ${validation.message}`, 'validation', false);
  }
  return buffer;
}

function mib(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

/** Compile a module and build a compute pipeline; compile errors fail the step clearly. */
async function createPipeline(
  ctx: Ctx,
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
      device.createComputePipelineAsync({ label: `${label}.${entryPoint}`, layout: 'auto', compute: { module, entryPoint, ...(constants ? { constants } : {}) } }),
      `createComputePipelineAsync ${label}.${entryPoint}`,
    );
  } catch (e) {
    if (e instanceof GpuBenchError) throw e;
    throw new GpuBenchError(`pipeline ${label}.${entryPoint} failed: ${errorMessage(e)}`, 'compile', false);
  }
}

/** Copy `size` bytes at `offset` of `source` (needs COPY_SRC) back to the CPU. */
async function readBack(ctx: Ctx, source: GPUBuffer, offset: number, size: number, what: string): Promise<ArrayBuffer> {
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
function dispatch2d(pass: GPUComputePassEncoder, workgroups: number): void {
  const x = Math.min(workgroups, MAX_WORKGROUPS_X);
  pass.dispatchWorkgroups(x, Math.max(1, Math.ceil(workgroups / x)));
}

/** Fill a GPU buffer with the seekable random pattern, in 4 MiB pieces to bound JS memory. */
function writePattern(ctx: Ctx, buffer: GPUBuffer, bytes: number, seed: number): void {
  const chunkBytes = Math.min(bytes, 4 * 2 ** 20);
  const words = new Uint32Array(chunkBytes / 4);
  for (let offset = 0; offset < bytes; offset += chunkBytes) {
    fillPattern(words, seed, offset / 4);
    ctx.device.queue.writeBuffer(buffer, offset, words);
  }
}

/** Check windows at the start, middle and end of a GPU buffer against the pattern. */
async function checkBufferPattern(ctx: Ctx, buffer: GPUBuffer, bytes: number, seed: number, what: string): Promise<void> {
  const windowBytes = Math.min(bytes, CHECK_WINDOW_WORDS * 4);
  const offsets = [...new Set([0, Math.floor(bytes / 2 / 256) * 256, bytes - windowBytes])];
  for (const offset of offsets) {
    const words = new Uint32Array(await readBack(ctx, buffer, offset, windowBytes, what));
    const bad = checkPattern(words, seed, offset / 4);
    if (bad) throw new GpuBenchError(`${what} produced wrong data (${bad})`, 'mismatch', false);
  }
}

/**
 * Find a repetition count whose sample takes ≥ 10 ms (aiming at 20 ms), growing from
 * `start` by the measured shortfall, never past `max`.
 */
async function calibrate(
  ctx: Ctx,
  runAt: (reps: number) => Promise<SubmissionTime>,
  start: number,
  max: number,
): Promise<{ reps: number; ms: number }> {
  let reps = start;
  for (let attempt = 0; attempt < 24; attempt++) {
    ctx.guard.checkAbort();
    const { ms } = await runAt(reps);
    if (reps >= max) return { reps, ms };
    if (ms >= SAMPLE_MIN_MS) {
      // Close enough: nudge towards the 20 ms target without re-measuring (linear in reps).
      const scaled = Math.min(max, Math.floor((reps * SAMPLE_TARGET_MS) / ms));
      return scaled > reps ? { reps: scaled, ms: (ms * scaled) / reps } : { reps, ms };
    }
    const grow = ms > 0 ? Math.min(16, Math.max(1.5, SAMPLE_TARGET_MS / ms)) : 16;
    reps = Math.min(max, Math.ceil(reps * grow));
  }
  const { ms } = await runAt(reps);
  return { reps, ms };
}

/** Run `runAt(reps)` until `ms` of warm-up has passed (at least once). */
async function warmUp(ctx: Ctx, runAt: () => Promise<unknown>): Promise<void> {
  const end = ctx.now() + ctx.cfg.warmupMs;
  do {
    ctx.guard.checkAbort();
    await runAt();
  } while (ctx.now() < end);
}

// ---------------------------------------------------------------- steps

interface FmaVariant {
  label: string;
  code: string;
  entry: string;
  /** FLOPs per loop iteration per thread. */
  flopsPerIteration: number;
  add: number;
  /** Returns a mismatch description for thread idx, or undefined. */
  check: (idx: number, iterations: number, got: Float32Array) => string | undefined;
}

function vecCheck(ref: (idx: number, it: number) => number[], relTol: number) {
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
async function measureFma(ctx: Ctx, variant: FmaVariant, progressFrom: number, progressTo: number) {
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
    if (bad) throw new GpuBenchError(`${variant.label}: output differs from the CPU reference (${bad})`, 'mismatch', false);
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

async function stepF32(ctx: Ctx): Promise<Metric[]> {
  const vec: FmaVariant = {
    label: 'bench.fma.vec4',
    code: ctx.opts.shaders.fma,
    entry: 'fma_vec4',
    flopsPerIteration: 16 * 4 * 2, // 16 vec4 fma × 4 lanes × 2 FLOPs
    add: FMA_ADD,
    check: vecCheck(fmaVec4Reference, 1e-6),
  };
  const withReference = ctx.opts.reference === true || ctx.opts.profile === 'full';
  const main = await measureFma(ctx, vec, 0, withReference ? 0.7 : 1);
  if (withReference) {
    const scalar: FmaVariant = {
      label: 'bench.fma.scalar',
      code: ctx.opts.shaders.fma,
      entry: 'fma_scalar',
      flopsPerIteration: 2,
      add: FMA_ADD,
      check: (idx, iterations, got) => {
        const want = fmaScalarReference(idx, iterations);
        const g = got[idx * 4] ?? NaN;
        return closeTo(g, want, 1e-6) ? undefined : `thread ${idx}: got ${g}, expected ${want}`;
      },
    };
    try {
      const ref = await measureFma(ctx, scalar, 0.7, 1);
      ctx.references.push({
        id: 'ref.f32.scalar',
        label: 'single-chain scalar fma loop',
        unit: 'GFLOPS',
        value: Math.max(...ref.gflops),
        comparedTo: 'gpu.f32.gflops',
      });
    } catch (e) {
      if (e instanceof GpuBenchError && e.fatal) throw e;
      ctx.warnings.push(`reference scalar kernel: ${errorMessage(e)}`);
    }
  }
  return [ok('gpu.f32.gflops', main.gflops, main.details)];
}

async function stepF16(ctx: Ctx): Promise<Metric[]> {
  if (!ctx.device.features.has('shader-f16')) {
    return [failedMetric('gpu.f16.gflops', 'skipped', "this adapter has no 'shader-f16' feature")];
  }
  const r = await measureFma(
    ctx,
    {
      label: 'bench.fma.f16',
      code: ctx.opts.shaders.fmaF16,
      entry: 'fma_vec4_f16',
      flopsPerIteration: 16 * 4 * 2,
      add: FMA_ADD_F16,
      // f16 arithmetic may be computed at higher precision on some GPUs; 1 % is still far
      // closer than any wrong trip count would land.
      check: vecCheck((i, it) => fmaVec4F16Reference(i, it), 1e-2),
    },
    0,
    1,
  );
  return [ok('gpu.f16.gflops', r.gflops, r.details)];
}

async function stepDevice(ctx: Ctx): Promise<Metric[]> {
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

  // copyBufferToBuffer, bracketed by two empty timed passes.
  const clear = ctx.device.createCommandEncoder({ label: 'bench.copy.clear' });
  clear.clearBuffer(dst);
  ctx.device.queue.submit([clear.finish()]);
  const copyAt = (n: number) =>
    ctx.timer.time((encoder, w) => {
      if (w) encoder.beginComputePass({ label: 'bench.c2b.begin', timestampWrites: { querySet: w.querySet, beginningOfPassWriteIndex: 0 } }).end();
      for (let r = 0; r < n; r++) encoder.copyBufferToBuffer(src, 0, dst, 0, bytes);
      if (w) encoder.beginComputePass({ label: 'bench.c2b.end', timestampWrites: { querySet: w.querySet, endOfPassWriteIndex: 1 } }).end();
    }, 'bench.copyBufferToBuffer');
  const details: Record<string, string | number | boolean> = { bytes, bufferBytes, dispatchesPerSample: reps, loadsPerThread };
  if (bytes < bufferBytes) ctx.warnings.push(`memory bandwidth: copied ${mib(bytes)} per dispatch (not ${mib(bufferBytes)}) to keep each submission under 100 ms`);
  try {
    const c = await calibrate(ctx, copyAt, 1, 256);
    const c2b: number[] = [];
    for (let s = 0; s < Math.max(3, Math.floor(ctx.cfg.samples / 2)); s++) {
      ctx.guard.checkAbort();
      const t = await copyAt(c.reps);
      c2b.push((2 * bytes * c.reps) / (t.ms * 1e6));
    }
    await checkBufferPattern(ctx, dst, bytes, seed, 'copyBufferToBuffer');
    details['copyBufferToBufferGBps'] = Number(Math.max(...c2b).toFixed(3));
    ctx.references.push({
      id: 'ref.device.copyBufferToBuffer',
      label: 'copyBufferToBuffer (no kernel)',
      unit: 'GB/s',
      value: Math.max(...c2b),
      comparedTo: 'gpu.device.gbps',
    });
  } catch (e) {
    if (e instanceof GpuBenchError && e.fatal) throw e;
    ctx.warnings.push(`copyBufferToBuffer: ${errorMessage(e)}`);
  }
  return [ok('gpu.device.gbps', kernelGBps, details)];
}

/** Sweep sizes for one path; returns the curve and per-round fits. */
async function sweep(
  ctx: Ctx,
  sizes: number[],
  measure: (bytes: number) => Promise<number>,
  progressFrom: number,
  progressTo: number,
): Promise<{ points: TransferPoint[]; roundFits: { latencyMs: number; gbps: number }[] }> {
  const points: TransferPoint[] = [];
  const roundFits: { latencyMs: number; gbps: number }[] = [];
  const total = ctx.cfg.transferRounds * sizes.length;
  let done = 0;
  // One untimed pass over every size first: allocations, page faults and first-use costs.
  for (const bytes of sizes) await measure(bytes);
  for (let round = 0; round < ctx.cfg.transferRounds; round++) {
    const roundPoints: TransferPoint[] = [];
    for (const bytes of sizes) {
      ctx.guard.checkAbort();
      const ms = await measure(bytes);
      roundPoints.push({ bytes, ms });
      done++;
      ctx.progress(progressFrom + ((progressTo - progressFrom) * done) / total);
    }
    points.push(...roundPoints);
    const fit = fitTransfer(roundPoints);
    if (fit) roundFits.push({ latencyMs: fit.latencyMs, gbps: fit.gbps });
    await yieldToEventLoop();
  }
  return { points, roundFits };
}

function transferSizes(ctx: Ctx): number[] {
  // 4 KiB: below it, every transfer costs the same fixed latency.
  const max = Math.min(ctx.cfg.transferMaxBytes, ctx.device.limits.maxBufferSize);
  return geometricSizes(4096, max, ctx.cfg.transferFactor);
}

function curveMetrics(
  ctx: Ctx,
  gbpsId: MetricId,
  latencyId: MetricId,
  curves: { curve: TransferCurve; roundFits: { latencyMs: number; gbps: number }[] }[],
): Metric[] {
  const usable = curves.filter((c) => c.curve.fit && c.roundFits.length > 0);
  if (usable.length === 0) {
    const why = 'the transfer times did not fit latency + bytes / bandwidth (bigger transfers were not slower)';
    return [failedMetric(gbpsId, 'failed', why), failedMetric(latencyId, 'failed', why)];
  }
  // Headline path: the one with the higher fitted bandwidth (what a careful port would use).
  const best = usable.reduce((a, b) => ((b.curve.fit?.gbps ?? 0) > (a.curve.fit?.gbps ?? 0) ? b : a));
  const details: Record<string, string | number | boolean> = {
    path: best.curve.path,
    timer: 'wall-clock',
    sizes: `${mib(best.curve.points[0]?.bytes ?? 0)} … ${mib(Math.max(...best.curve.points.map((p) => p.bytes)))}`,
  };
  for (const c of curves) {
    if (c.curve.fit) {
      details[`${c.curve.path}.fitGBps`] = Number(c.curve.fit.gbps.toFixed(3));
      details[`${c.curve.path}.fitLatencyMs`] = Number(c.curve.fit.latencyMs.toFixed(4));
      details[`${c.curve.path}.r2`] = Number(c.curve.fit.r2.toFixed(4));
    }
  }
  void ctx;
  return [
    ok(gbpsId, best.roundFits.map((f) => f.gbps), details),
    ok(latencyId, best.roundFits.map((f) => f.latencyMs), details),
  ];
}

/** Largest-size raw bandwidth of a curve: the "one big transfer" reference. */
function largestTransferGBps(points: readonly TransferPoint[]): number {
  const maxBytes = Math.max(...points.map((p) => p.bytes));
  return Math.max(...points.filter((p) => p.bytes === maxBytes).map((p) => p.bytes / (p.ms * 1e6)));
}

async function stepUpload(ctx: Ctx): Promise<Metric[]> {
  const sizes = transferSizes(ctx);
  const maxBytes = sizes[sizes.length - 1] as number;
  const dst = await createBuffer(ctx, {
    label: 'bench.upload.dst',
    size: maxBytes,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
  // A staging buffer kept and refilled through mapAsync(WRITE): the ring-buffer pattern.
  const ring = await createBuffer(ctx, {
    label: 'bench.upload.ring',
    size: maxBytes,
    usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC,
  });
  const data = new Uint32Array(maxBytes / 4);
  const { device, guard, now } = ctx;

  const paths: { path: string; label: string; seed: number; measure: (bytes: number) => Promise<number> }[] = [
    {
      path: 'upload.writeBuffer',
      label: 'queue.writeBuffer',
      seed: 0x0bad_f00d,
      measure: async (bytes) => {
        const t0 = now();
        device.queue.writeBuffer(dst, 0, data, 0, bytes / 4);
        await guard.wait(device.queue.onSubmittedWorkDone(), 'upload.writeBuffer');
        return now() - t0;
      },
    },
    {
      path: 'upload.staging',
      label: 'mapped staging + copy',
      seed: 0x5ca1_ab1e,
      measure: async (bytes) => {
        const t0 = now();
        const staging = device.createBuffer({
          label: 'bench.upload.staging',
          size: bytes,
          usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC,
          mappedAtCreation: true,
        });
        new Uint32Array(staging.getMappedRange()).set(data.subarray(0, bytes / 4));
        staging.unmap();
        const encoder = device.createCommandEncoder({ label: 'bench.upload.staging' });
        encoder.copyBufferToBuffer(staging, 0, dst, 0, bytes);
        device.queue.submit([encoder.finish()]);
        await guard.wait(device.queue.onSubmittedWorkDone(), 'upload.staging');
        const ms = now() - t0;
        staging.destroy();
        return ms;
      },
    },
    {
      path: 'upload.mappedRing',
      label: 'reused staging (mapAsync WRITE) + copy',
      seed: 0x0f1e_2d3c,
      measure: async (bytes) => {
        const t0 = now();
        await guard.wait(ring.mapAsync(GPUMapMode.WRITE, 0, bytes), 'upload.mappedRing mapAsync');
        new Uint32Array(ring.getMappedRange(0, bytes)).set(data.subarray(0, bytes / 4));
        ring.unmap();
        const encoder = device.createCommandEncoder({ label: 'bench.upload.ring' });
        encoder.copyBufferToBuffer(ring, 0, dst, 0, bytes);
        device.queue.submit([encoder.finish()]);
        await guard.wait(device.queue.onSubmittedWorkDone(), 'upload.mappedRing');
        return now() - t0;
      },
    },
  ];
  const curves: { curve: TransferCurve; roundFits: { latencyMs: number; gbps: number }[] }[] = [];
  for (const [i, p] of paths.entries()) {
    ctx.progress(i / paths.length, p.label);
    fillPattern(data, p.seed);
    try {
      const { points, roundFits } = await sweep(ctx, sizes, p.measure, i / paths.length, (i + 1) / paths.length);
      // The largest size was written last and covers the whole buffer.
      await checkBufferPattern(ctx, dst, maxBytes, p.seed, p.label);
      const fit = fitTransfer(points);
      const curve: TransferCurve = { path: p.path, label: p.label, points, ...(fit ? { fit } : {}) };
      ctx.transfers.push(curve);
      curves.push({ curve, roundFits });
      if (p.path === 'upload.writeBuffer') {
        const smallest = points.filter((q) => q.bytes === sizes[0]).map((q) => q.ms);
        ctx.references.push({
          id: 'ref.upload.smallest',
          label: `time of one ${mib(sizes[0] as number)} writeBuffer (naive latency)`,
          unit: 'ms',
          value: median(smallest),
          comparedTo: 'gpu.upload.latency.ms',
        });
        ctx.references.push({
          id: 'ref.upload.single',
          label: `one writeBuffer of ${mib(maxBytes)}`,
          unit: 'GB/s',
          value: largestTransferGBps(points),
          comparedTo: 'gpu.upload.gbps',
        });
      }
    } catch (e) {
      if (e instanceof GpuBenchError && e.fatal) throw e;
      ctx.warnings.push(`${p.label}: ${errorMessage(e)}`);
      if (e instanceof GpuBenchError && e.kind === 'mismatch') {
        const why = `${p.label}: ${errorMessage(e)}`;
        return [failedMetric('gpu.upload.gbps', 'failed', why), failedMetric('gpu.upload.latency.ms', 'failed', why)];
      }
    }
  }
  return curveMetrics(ctx, 'gpu.upload.gbps', 'gpu.upload.latency.ms', curves);
}

async function stepReadback(ctx: Ctx): Promise<Metric[]> {
  const sizes = transferSizes(ctx);
  const maxBytes = sizes[sizes.length - 1] as number;
  const seed = 0x00c0_ffee;
  const src = await createBuffer(ctx, {
    label: 'bench.readback.src',
    size: maxBytes,
    usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  // A reused MAP_READ staging buffer, as an application would keep one.
  const staging = await createBuffer(ctx, {
    label: 'bench.readback.staging',
    size: maxBytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  writePattern(ctx, src, maxBytes, seed);
  await ctx.guard.wait(ctx.device.queue.onSubmittedWorkDone(), 'fill readback source');
  const out = new Uint32Array(maxBytes / 4);
  const { device, guard, now } = ctx;
  let mismatch: string | undefined;
  const measure = async (bytes: number): Promise<number> => {
    const t0 = now();
    const encoder = device.createCommandEncoder({ label: 'bench.readback' });
    encoder.copyBufferToBuffer(src, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await guard.wait(staging.mapAsync(GPUMapMode.READ, 0, bytes), 'readback mapAsync');
    // The copy out of the mapped range is part of the cost: the range detaches on unmap.
    out.set(new Uint32Array(staging.getMappedRange(0, bytes)));
    staging.unmap();
    const ms = now() - t0;
    const words = bytes / 4;
    const n = Math.min(words, 64);
    mismatch ??= checkPattern(out.subarray(0, n), seed, 0) ?? checkPattern(out.subarray(words - n, words), seed, words - n);
    return ms;
  };
  const { points, roundFits } = await sweep(ctx, sizes, measure, 0, 1);
  if (mismatch) {
    const why = `readback returned wrong data (${mismatch})`;
    return [failedMetric('gpu.readback.gbps', 'failed', why), failedMetric('gpu.readback.latency.ms', 'failed', why)];
  }
  const fit = fitTransfer(points);
  const curve: TransferCurve = { path: 'readback.mapAsync', label: 'copy + mapAsync + copy out', points, ...(fit ? { fit } : {}) };
  ctx.transfers.push(curve);
  ctx.references.push({
    id: 'ref.readback.single',
    label: `one mapAsync readback of ${mib(maxBytes)}`,
    unit: 'GB/s',
    value: largestTransferGBps(points),
    comparedTo: 'gpu.readback.gbps',
  });
  return curveMetrics(ctx, 'gpu.readback.gbps', 'gpu.readback.latency.ms', [{ curve, roundFits }]);
}

async function stepDispatch(ctx: Ctx): Promise<Metric[]> {
  const { device, guard, now } = ctx;
  const empty = await createPipeline(ctx, ctx.opts.shaders.dispatch, 'dispatch_empty', 'bench.dispatch');
  const counting = await createPipeline(ctx, ctx.opts.shaders.dispatch, 'dispatch_count', 'bench.dispatch');
  const counter = await createBuffer(ctx, {
    label: 'bench.dispatch.counter',
    size: 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const countBind = device.createBindGroup({
    label: 'bench.dispatch.counter',
    layout: counting.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: counter } }],
  });
  const gpuAt = (n: number) =>
    ctx.timer.time((encoder, timestampWrites) => {
      const pass = encoder.beginComputePass({ label: 'bench.dispatch', ...(timestampWrites ? { timestampWrites } : {}) });
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
  const details = { dispatchesLow: nLo, dispatchesHigh: nHi, timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock' };
  return [
    ok('gpu.dispatch.us', gpuUs, details),
    ok('gpu.encode.us', encodeUs, { dispatchesLow: encLo, dispatchesHigh: encHi, submitted: false, timer: 'wall-clock' }),
  ];
}

async function stepRoundtrip(ctx: Ctx): Promise<Metric[]> {
  const { device, guard, now } = ctx;
  // The counting kernel: one dispatch per round trip, and the counter proves each ran.
  const counting = await createPipeline(ctx, ctx.opts.shaders.dispatch, 'dispatch_count', 'bench.roundtrip');
  const counter = await createBuffer(ctx, {
    label: 'bench.roundtrip.counter',
    size: 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const bind = device.createBindGroup({
    label: 'bench.roundtrip.counter',
    layout: counting.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: counter } }],
  });
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

const STEP_FN: Record<GpuStepId, (ctx: Ctx) => Promise<Metric[]>> = {
  f32: stepF32,
  f16: stepF16,
  device: stepDevice,
  upload: stepUpload,
  readback: stepReadback,
  dispatch: stepDispatch,
  roundtrip: stepRoundtrip,
};

// ---------------------------------------------------------------- the suite

function defaultUserAgent(): string {
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  if (nav?.userAgent && !nav.userAgent.startsWith('Node.js')) return nav.userAgent;
  const proc = (globalThis as { process?: { version?: string } }).process;
  return `node ${proc?.version ?? ''} (Dawn)`.trim();
}

/**
 * Run the GPU suite on `device`. Never throws for GPU trouble: failures become failed
 * metrics, a fatal error (device lost, a call that never returned) ends the run with
 * `error` set and the remaining metrics 'skipped'; cancellation keeps finished metrics
 * and marks the rest 'cancelled'.
 */
export async function runGpuSuite(device: GPUDevice, opts: GpuSuiteOptions): Promise<GpuSuiteResult> {
  const now = opts.now ?? (() => performance.now());
  const startedAt = new Date().toISOString();
  const t0 = now();
  const cfg = PROFILES[opts.profile];
  const guard = new GpuGuard(device, opts.timeoutMs ?? 20_000, opts.signal);
  const warnings: string[] = [];
  const onUncaptured = (ev: Event) => {
    const err = (ev as GPUUncapturedErrorEvent).error;
    if (warnings.length < 20) warnings.push(`uncaptured GPU error: ${err?.message ?? 'unknown'}`);
  };
  device.addEventListener?.('uncapturederror', onUncaptured);
  let timer: GpuTimer | undefined;
  const steps = GPU_STEPS.filter((s) => !opts.steps || opts.steps.includes(s));
  const totalWeight = steps.reduce((a, s) => a + STEP_WEIGHT[s], 0);
  let doneWeight = 0;
  const metrics: Metric[] = [];
  const transfers: TransferCurve[] = [];
  const references: ReferenceMeasurement[] = [];
  let fatal: string | undefined;
  let cancelled = false;

  for (const step of steps) {
    const ids = STEP_METRICS[step];
    if (fatal) {
      metrics.push(...ids.map((id) => failedMetric(id, 'skipped', `not run: the run ended early (${fatal})`)));
      continue;
    }
    if (cancelled || opts.signal?.aborted) {
      cancelled = true;
      metrics.push(...ids.map((id) => failedMetric(id, 'cancelled', 'cancelled before this step ran')));
      continue;
    }
    const stepStart = doneWeight;
    const report = (fraction: number, detail?: string) =>
      opts.onProgress?.({
        fraction: (stepStart + STEP_WEIGHT[step] * Math.min(1, Math.max(0, fraction))) / totalWeight,
        step: detail ? `${STEP_LABEL[step]}: ${detail}` : STEP_LABEL[step],
      });
    report(0);
    const ctx: Ctx = {
      device,
      guard,
      timer: undefined as unknown as GpuTimer,
      cfg,
      opts,
      fallback: opts.adapter.isFallbackAdapter,
      now,
      warnings,
      transfers,
      references,
      progress: report,
      owned: [],
    };
    try {
      timer ??= new GpuTimer(device, guard, now);
      ctx.timer = timer;
      const produced = await STEP_FN[step](ctx);
      metrics.push(...produced);
    } catch (e) {
      const err = e instanceof GpuBenchError ? e : new GpuBenchError(errorMessage(e), 'internal', false);
      if (err.kind === 'cancelled') {
        cancelled = true;
        metrics.push(...ids.map((id) => failedMetric(id, 'cancelled', 'cancelled while measuring')));
      } else {
        metrics.push(...ids.map((id) => failedMetric(id, 'failed', err.message)));
        if (err.fatal || guard.lostMessage) fatal = guard.lostMessage ?? err.message;
      }
    } finally {
      for (const o of ctx.owned) {
        try {
          o.destroy();
        } catch {
          // Destroying on a lost device may throw; nothing left to free.
        }
      }
    }
    doneWeight += STEP_WEIGHT[step];
    opts.onProgress?.({ fraction: doneWeight / totalWeight, step: STEP_LABEL[step] });
    await yieldToEventLoop();
  }
  device.removeEventListener?.('uncapturederror', onUncaptured);
  // Derived naive counterparts of the overhead metrics (no extra GPU work):
  // one dispatch per submission, waited for, versus many dispatches in one pass.
  const roundtrip = metrics.find((m) => m.id === 'gpu.roundtrip.ms');
  if (roundtrip?.status === 'ok' && metrics.some((m) => m.id === 'gpu.dispatch.us' && m.status === 'ok')) {
    references.push({
      id: 'ref.dispatch.perSubmit',
      label: 'one dispatch per submit, waited for',
      unit: 'µs',
      value: roundtrip.median * 1000,
      comparedTo: 'gpu.dispatch.us',
    });
  }
  const rawDeltas = timer?.rawDeltasNs ?? [];
  if (!fatal) timer?.destroy();
  const result: GpuSuiteResult = {
    metrics,
    adapter: opts.adapter,
    limits: opts.limits ?? {
      maxBufferSize: device.limits.maxBufferSize,
      maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
    },
    timer: timer?.useTimestamps ? 'timestamp-query' : 'wall-clock',
    crossOriginIsolated: opts.crossOriginIsolated ?? (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false,
    userAgent: opts.userAgent ?? defaultUserAgent(),
    profile: opts.profile,
    warmupMs: cfg.warmupMs,
    transfers,
    references,
    startedAt,
    durationMs: now() - t0,
    warnings,
    cancelled,
  };
  if (timer?.useTimestamps && rawDeltas.length > 0) result.timestampsQuantized = isQuantized(rawDeltas);
  if (fatal) result.error = fatal;
  return result;
}
