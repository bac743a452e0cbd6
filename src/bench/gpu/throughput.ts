/**
 * Arithmetic throughput steps: GFLOPS of FMA chains in f32 and f16. Like clpeak and
 * vkpeak, each step tries a few kernel shapes (fma-kernels.ts) on this machine, validates
 * each, and times the fastest fully (fma.ts, measureFmaBest); the metric's details name
 * the winner and keep every candidate's trial figure. The slow scalar kernel that
 * BENCHMARKS.md compares against is in references.ts.
 *
 * Why these candidates (BENCHMARKS.md has the measurements):
 * - 64 vec4 fma (256 scalar fma, 512 FLOPs) per loop trip in every shape: a software
 *   adapter (SwiftShader) pays a fixed cost per trip (loop-carried values go through
 *   memory with lane masks) worth dozens of fma; on GPUs it is 2–3 instructions, so the
 *   long body costs them nothing (256 instructions fit any instruction cache).
 * - Chains: 2 × vec4 keeps SwiftShader's 8 xmm accumulators in registers (x86 has 16);
 *   GPUs scalarise vec4, so 2 × vec4 is already 8 independent fma per thread, plenty to
 *   hide a 4-cycle fma latency with ≥ 8 warps per scheduler. 4 and 8 chains (16/32
 *   independent fma) are there for GPUs that want more ILP (RDNA dual issue, low occupancy).
 * - Grid: software adapters run each workgroup as a coroutine (~25 µs each) over 16
 *   batches, so 16–64 workgroups are best there; GPUs need many workgroups per SM/CU:
 *   4 Mi threads = 16 Ki workgroups of 256, 124 per SM on a 132-SM H100, ~8 waves of
 *   resident threads, so the tail is small. 256 threads per workgroup is a multiple of every
 *   warp/wave size (32/64); 64 and 128 are tried in the full profile.
 */
import { FMA_ADD, FMA_ADD_F16 } from '../../model/bench/gpu-reference.ts';
import type { Metric } from '../../model/bench/metrics.ts';
import { measureFmaBest, type FmaVariant } from './fma.ts';
import {
  flopsPerIteration,
  fmaKernelSource,
  maxExactIterations,
  shapeCheck,
  shapeName,
  type FmaPrecision,
  type FmaShape,
} from './fma-kernels.ts';
import { measureScalarFmaReference } from './references.ts';
import { failedMetric, ok, type StepContext } from './step-context.ts';

/** A candidate before its source is generated. */
export interface FmaCandidateSpec {
  shape: FmaShape;
  threads: number;
  workgroupSize: number;
}

const V4C2: FmaShape = { width: 4, chains: 2, unroll: 32 };
const V4C4: FmaShape = { width: 4, chains: 4, unroll: 16 };
const V4C8: FmaShape = { width: 4, chains: 8, unroll: 8 };
const S8: FmaShape = { width: 1, chains: 8, unroll: 32 };
/** The suite's kernel before variant selection (shaders/fma.wgsl fma_vec4): kept as a candidate in the full profile. */
const V4C4U4: FmaShape = { width: 4, chains: 4, unroll: 4 };

/**
 * Candidates per machine kind and profile. The quick profile tries two (software
 * adapter) or three (GPU) shapes, the likely winner first so later trials start
 * calibrated; full adds grid, workgroup and chain variations and the previous kernel.
 */
export function fmaCandidates(fallback: boolean, profile: 'quick' | 'full'): FmaCandidateSpec[] {
  const c = (shape: FmaShape, threads: number, workgroupSize = 256): FmaCandidateSpec => ({
    shape,
    threads,
    workgroupSize,
  });
  if (fallback) {
    // Quick: the two shapes that won on SwiftShader (each compile costs ~100 ms there).
    const quick = [c(V4C2, 2 ** 12), c(S8, 2 ** 12)];
    if (profile === 'quick') return quick;
    return [...quick, c(V4C4, 2 ** 14), c(V4C2, 2 ** 14), c(V4C2, 2 ** 12, 64), c(V4C8, 2 ** 12), c(V4C4U4, 2 ** 16)];
  }
  const quick = [c(V4C2, 2 ** 22), c(V4C4, 2 ** 22), c(S8, 2 ** 22)];
  if (profile === 'quick') return quick;
  return [
    ...quick,
    c(V4C8, 2 ** 22),
    c(V4C2, 2 ** 24),
    c(V4C2, 2 ** 22, 128),
    c(V4C2, 2 ** 22, 64),
    c(V4C4U4, 2 ** 22),
  ];
}

function variantOf(spec: FmaCandidateSpec, precision: FmaPrecision, tripConstant?: number): FmaVariant {
  const add = precision === 'f16' ? FMA_ADD_F16 : FMA_ADD;
  const grid = spec.threads >= 2 ** 20 ? `${spec.threads / 2 ** 20}Mi` : `${spec.threads / 1024}Ki`;
  const v: FmaVariant = {
    label: `${shapeName(spec.shape)}.t${grid}.wg${spec.workgroupSize}${tripConstant ? '.const' : ''}`,
    code: fmaKernelSource(spec.shape, precision),
    entry: 'fma_peak',
    flopsPerIteration: flopsPerIteration(spec.shape),
    add,
    // f16 arithmetic may be computed at higher precision on some GPUs; 1 % is still far
    // closer than any wrong trip count would land.
    check: shapeCheck(spec.shape, precision, add, precision === 'f16' ? 1e-2 : 1e-6),
    threads: spec.threads,
    workgroupSize: spec.workgroupSize,
    maxIterations: maxExactIterations(spec.shape),
  };
  if (tripConstant !== undefined) v.tripConstant = tripConstant;
  return v;
}

/** Shape and grid of a variant built by variantOf, recovered for the constant-trip follow-up. */
function specOf(v: FmaVariant, specs: FmaCandidateSpec[], precision: FmaPrecision): FmaCandidateSpec | undefined {
  return specs.find((s) => variantOf(s, precision).label === v.label);
}

async function measurePeak(ctx: StepContext, precision: FmaPrecision, progressFrom: number, progressTo: number) {
  const specs = fmaCandidates(ctx.fallback, ctx.opts.profile);
  // Full profile: the winner again with its trip count as a pipeline constant, sized so one
  // dispatch takes ~4 ms at the trial rate (the sample is then a number of dispatches).
  const more =
    ctx.opts.profile === 'full'
      ? ({ variant, gflops }: { variant: FmaVariant; gflops: number }) => {
          const spec = specOf(variant, specs, precision);
          if (!spec) return [];
          const perTrip = spec.threads * flopsPerIteration(spec.shape);
          const trip = Math.max(1, Math.min(maxExactIterations(spec.shape), Math.round((gflops * 1e6 * 4) / perTrip)));
          return [variantOf(spec, precision, trip)];
        }
      : undefined;
  return measureFmaBest(
    ctx,
    specs.map((s) => variantOf(s, precision)),
    progressFrom,
    progressTo,
    more,
  );
}

/** f32 throughput: the best of the candidate kernels, plus the scalar reference kernel when asked for. */
export async function stepF32(ctx: StepContext): Promise<Metric[]> {
  const withReference = ctx.opts.reference === true || ctx.opts.profile === 'full';
  const main = await measurePeak(ctx, 'f32', 0, withReference ? 0.8 : 1);
  if (withReference) await measureScalarFmaReference(ctx, 0.8, 1);
  return [ok('gpu.f32.gflops', main.gflops, main.details)];
}

/** f16 throughput; skipped (not failed) on adapters without 'shader-f16'. */
export async function stepF16(ctx: StepContext): Promise<Metric[]> {
  if (!ctx.device.features.has('shader-f16')) {
    return [failedMetric('gpu.f16.gflops', 'skipped', "this adapter has no 'shader-f16' feature")];
  }
  const r = await measurePeak(ctx, 'f16', 0, 1);
  return [ok('gpu.f16.gflops', r.gflops, r.details)];
}
