/**
 * Timing FMA kernels. measureFma times one kernel: calibrate the trip count to a ~20 ms
 * sample, warm up, take the profile's samples as GFLOPS, then check the stored results
 * against the CPU reference before any number is returned. measureFmaBest does what clpeak
 * and vkpeak do: a short validated trial of each candidate kernel shape, then the full
 * timing for the winner only, with every candidate's trial figure in the details. Shared
 * by the f32/f16 throughput steps (throughput.ts) and the scalar reference (references.ts).
 */
import { FMA_GUARD, FMA_MUL, closeTo } from '../../model/bench/gpu-reference.ts';
import { GpuBenchError, errorMessage } from './errors.ts';
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
import type { SubmissionTime } from './timer.ts';

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
  /** Threads per dispatch (power of two); default 64 Ki on a software adapter, 4 Mi otherwise. */
  threads?: number;
  /** Threads per workgroup (override WORKGROUP_SIZE; power of two); default 256. */
  workgroupSize?: number;
  /**
   * Trip count as a pipeline constant (override TRIP) instead of the uniform: the sample
   * size is then the number of dispatches in the pass. Undefined = uniform trip count.
   */
  tripConstant?: number;
  /** Largest trip count whose result the check can still verify. */
  maxIterations?: number;
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

/** A compiled FMA kernel ready to time. */
interface PreparedFma {
  variant: FmaVariant;
  threads: number;
  /** Time a sample of size n: trip count n (uniform), or n dispatches (constant trip). */
  runAt: (n: number) => Promise<SubmissionTime>;
  /** FLOPs of a sample of size n. */
  flopsAt: (n: number) => number;
  /** Trip count each thread ran in a sample of size n. */
  iterationsAt: (n: number) => number;
  /** Largest sample size. */
  max: number;
  /** Read back and check the stored results of the last sample (size n). */
  validate: (n: number) => Promise<void>;
}

/** Default threads: 64 Ki saturate a 2-core software adapter; 4 Mi are 124 workgroups per SM of a 132-SM H100. */
export function defaultFmaThreads(fallback: boolean): number {
  return fallback ? 2 ** 16 : 2 ** 22;
}

async function prepareFma(ctx: StepContext, variant: FmaVariant): Promise<PreparedFma> {
  const threads = variant.threads ?? defaultFmaThreads(ctx.fallback);
  const wg = variant.workgroupSize ?? WORKGROUP_SIZE;
  // Only the first 4096 threads store (64 KiB of results) — enough for the check.
  const storeCount = Math.min(threads, 4096);
  const constants: Record<string, number> = {};
  if (variant.workgroupSize !== undefined) constants['WORKGROUP_SIZE'] = wg;
  if (variant.tripConstant !== undefined) constants['TRIP'] = variant.tripConstant;
  const pipeline = await createPipeline(
    ctx,
    variant.code,
    variant.entry,
    variant.label,
    Object.keys(constants).length > 0 ? constants : undefined,
  );
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
  const trip = variant.tripConstant;
  let written = -1;
  const runAt = (n: number) => {
    const iterations = trip ?? n;
    if (iterations !== written) {
      u32[0] = iterations;
      ctx.device.queue.writeBuffer(params, 0, paramData);
      written = iterations;
    }
    const dispatches = trip === undefined ? 1 : n;
    return ctx.timer.time((encoder, timestampWrites) => {
      const pass = encoder.beginComputePass({ label: variant.label, ...(timestampWrites ? { timestampWrites } : {}) });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      for (let d = 0; d < dispatches; d++) dispatch2d(pass, threads / wg);
      pass.end();
    }, variant.label);
  };
  const iterationsAt = (n: number) => trip ?? n;
  return {
    variant,
    threads,
    runAt,
    iterationsAt,
    flopsAt: (n) => threads * variant.flopsPerIteration * (trip === undefined ? n : trip * n),
    // Trip-count cap keeps f32 chains exact (every partial sum representable); 256 dispatches per pass at most.
    max: trip === undefined ? (variant.maxIterations ?? 1_000_000) : 256,
    validate: async (n) => {
      const got = new Float32Array(await readBack(ctx, results, 0, storeCount * 16, variant.label));
      for (const idx of [0, 1, 7, 255, 256, 1000, storeCount - 1]) {
        if (idx >= storeCount) continue;
        const bad = variant.check(idx, iterationsAt(n), got);
        if (bad)
          throw new GpuBenchError(
            `${variant.label}: output differs from the CPU reference (${bad})`,
            'mismatch',
            false,
          );
      }
    },
  };
}

/** Warm up, take the profile's samples at size n, validate; GFLOPS samples and facts. */
async function timeSamples(
  ctx: StepContext,
  k: PreparedFma,
  n: number,
  progressFrom: number,
  progressTo: number,
  warmupMs?: number,
) {
  await warmUp(ctx, () => k.runAt(n), warmupMs);
  const gflops: number[] = [];
  const walls: number[] = [];
  const gpus: number[] = [];
  const flops = k.flopsAt(n);
  for (let s = 0; s < ctx.cfg.samples; s++) {
    ctx.guard.checkAbort();
    const t = await k.runAt(n);
    gflops.push(flops / (t.ms * 1e6));
    walls.push(t.wallMs);
    if (t.gpuMs !== undefined) gpus.push(t.gpuMs);
    ctx.progress(progressFrom + ((progressTo - progressFrom) * (s + 1)) / ctx.cfg.samples);
  }
  await k.validate(n);
  const details: Record<string, string | number | boolean> = {
    threads: k.threads,
    workgroupSize: k.variant.workgroupSize ?? WORKGROUP_SIZE,
    iterations: k.iterationsAt(n),
    flopsPerSample: flops,
    timer: ctx.timer.useTimestamps ? 'timestamp-query' : 'wall-clock',
    validatedThreads: 7,
  };
  if (k.variant.tripConstant !== undefined) {
    details['tripCount'] = 'pipeline constant';
    details['dispatchesPerSample'] = n;
  } else details['tripCount'] = 'uniform';
  if (gpus.length > 0) details['wallOverGpu'] = Number((median(walls) / median(gpus)).toFixed(3));
  return { gflops, details };
}

/** Time one FMA variant; returns GFLOPS samples and facts. */
export async function measureFma(ctx: StepContext, variant: FmaVariant, progressFrom: number, progressTo: number) {
  const k = await prepareFma(ctx, variant);
  const { reps: n, ms: firstMs } = await calibrate(ctx, k.runAt, 4, k.max);
  if (firstMs > SUBMISSION_MAX_MS * 2) {
    ctx.warnings.push(`${variant.label}: even the smallest batch took ${firstMs.toFixed(0)} ms`);
  }
  return timeSamples(ctx, k, n, progressFrom, progressTo);
}

/** Trial samples aim at 5 ms: long enough to rank kernels (±2 %), short enough to try several. */
const TRIAL_TARGET_MS = 5;
/** Timed trial samples per candidate (best kept). */
const TRIAL_SAMPLES = 2;

/** One candidate's trial result. */
export interface FmaTrial {
  label: string;
  /** Best trial GFLOPS; undefined when the candidate failed (then `error`). */
  gflops?: number;
  error?: string;
}

/**
 * Try every candidate briefly (compile, calibrate to ~5 ms, two samples, check the output
 * against the CPU reference), then time the fastest valid one fully. A candidate that
 * fails to compile or to validate is recorded and skipped; if all fail, the first
 * failure is thrown. `build(best)` may add candidates that depend on the trials (e.g. a
 * constant-trip kernel sized from the measured rate); they are tried the same way.
 */
export async function measureFmaBest(
  ctx: StepContext,
  candidates: FmaVariant[],
  progressFrom: number,
  progressTo: number,
  more?: (best: { variant: FmaVariant; gflops: number }) => FmaVariant[],
) {
  const trials: FmaTrial[] = [];
  let best: { k: PreparedFma; n: number; gflops: number; msPerUnit: number } | undefined;
  let firstError: unknown;
  const trialSpan = (progressTo - progressFrom) * 0.5;
  let done = 0;
  let trialGpuMs = 0;
  const tryOne = async (variant: FmaVariant, total: number) => {
    ctx.guard.checkAbort();
    try {
      const k = await prepareFma(ctx, variant);
      // Start from the best candidate's rate when there is one: one submission, not a ramp.
      const start = best ? Math.max(1, Math.floor((best.gflops * 1e6 * TRIAL_TARGET_MS) / k.flopsAt(1))) : 4;
      const c = await calibrate(ctx, k.runAt, Math.min(start, k.max), k.max, TRIAL_TARGET_MS);
      let top = 0;
      trialGpuMs += c.ms;
      for (let s = 0; s < TRIAL_SAMPLES; s++) {
        const t = await k.runAt(c.reps);
        top = Math.max(top, k.flopsAt(c.reps) / (t.ms * 1e6));
        trialGpuMs += t.ms;
      }
      await k.validate(c.reps);
      trials.push({ label: variant.label, gflops: top });
      if (!best || top > best.gflops) best = { k, n: c.reps, gflops: top, msPerUnit: k.flopsAt(1) / (top * 1e6) };
    } catch (e) {
      if (e instanceof GpuBenchError && e.fatal) throw e;
      firstError ??= e;
      trials.push({ label: variant.label, error: errorMessage(e) });
    }
    done++;
    ctx.progress(progressFrom + (trialSpan * done) / total, `trying ${variant.label}`);
  };
  for (const v of candidates) await tryOne(v, candidates.length);
  const extra = best && more ? more({ variant: best.k.variant, gflops: best.gflops }) : [];
  for (const v of extra) await tryOne(v, candidates.length + extra.length);
  if (!best) throw firstError instanceof Error ? firstError : new GpuBenchError(String(firstError), 'internal', false);
  // Full timing of the winner at ~20 ms per sample, sized from its trial rate (no new ramp).
  const winner = best;
  const n = Math.min(winner.k.max, Math.max(1, Math.round(20 / winner.msPerUnit)));
  // The trials kept the GPU busy: they count towards the warm-up (clocks ramp with any load).
  const warmupMs = Math.max(0, ctx.cfg.warmupMs - trialGpuMs);
  const r = await timeSamples(ctx, winner.k, n, progressFrom + trialSpan, progressTo, warmupMs);
  r.details['warmupMs'] = Math.round(warmupMs);
  r.details['trialGpuMs'] = Math.round(trialGpuMs);
  r.details['variant'] = winner.k.variant.label;
  r.details['variantsTried'] = trials.length;
  for (const t of trials)
    r.details[`trial.${t.label}`] = t.gflops !== undefined ? Number(t.gflops.toFixed(3)) : `failed: ${t.error ?? ''}`;
  return { ...r, trials, winner: winner.k.variant };
}
