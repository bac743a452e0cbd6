/**
 * Arithmetic throughput steps: GFLOPS of a vec4 FMA kernel in f32 and f16. The kernel
 * timing and CPU check are in fma.ts; the slow scalar kernel that BENCHMARKS.md compares
 * against is in references.ts.
 */
import { FMA_ADD, FMA_ADD_F16, fmaVec4F16Reference, fmaVec4Reference } from '../../model/gpu-reference.ts';
import type { Metric } from '../../model/metrics.ts';
import { measureFma, vecCheck, type FmaVariant } from './fma.ts';
import { measureScalarFmaReference } from './references.ts';
import { failedMetric, ok, type StepContext } from './step-context.ts';

/** f32 throughput: the vec4 FMA kernel, plus the scalar reference kernel when asked for. */
export async function stepF32(ctx: StepContext): Promise<Metric[]> {
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
  if (withReference) await measureScalarFmaReference(ctx, 0.7, 1);
  return [ok('gpu.f32.gflops', main.gflops, main.details)];
}

/** f16 throughput; skipped (not failed) on adapters without 'shader-f16'. */
export async function stepF16(ctx: StepContext): Promise<Metric[]> {
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
